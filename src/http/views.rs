//! Response bodies shared by several routes, in the original app's shapes and key order. Each
//! derives its OpenAPI schema, so the document describes exactly what is serialized.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    domain::{Language, Photo, RecipeId, Role, UserId, split_lines},
    error::ApiError,
    ingredients::{Adjusted, IngredientItem, MeasureSystem, UnitsChoice, adjust},
    store::{Listed, Recipe, TagCount, User, ViewerMarks},
};

/// The `result` key of every success envelope: always `"success"`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The request succeeded.
    Success,
}

/// The value of every success envelope's `result` key.
pub const SUCCESS: Outcome = Outcome::Success;

/// A recipe as clients see it: the original's keys, in the original's order, then
/// `ingredients` and `tags`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Recipe)]
pub struct RecipeView {
    /// The recipe's id.
    #[schema(minimum = 1, example = 1)]
    pub id: i64,
    /// The owner (null only for ownerless recipes adopted from the original database).
    #[schema(minimum = 1, example = 1)]
    pub user_id: Option<i64>,
    /// Trimmed name.
    #[schema(example = "김치찌개")]
    pub name: String,
    /// Free text.
    #[schema(example = "Spicy kimchi stew")]
    pub description: Option<String>,
    /// People served.
    #[schema(minimum = 1, maximum = 1000, example = 2)]
    pub num_of_servings: Option<i32>,
    /// Minutes.
    #[schema(minimum = 0, maximum = 10080, example = 30)]
    pub cook_time: Option<i32>,
    /// Free text.
    #[schema(example = "1. Fry the kimchi. 2. Add water and tofu. 3. Simmer.")]
    pub directions: Option<String>,
    /// 1 when published, 0 for a draft (the original's integer flag).
    #[schema(minimum = 0, maximum = 1, example = 0)]
    pub is_publish: u8,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-11-26T12:00:00Z")]
    pub created_at: String,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-11-26T12:00:00Z")]
    pub updated_at: String,
    /// Ingredient lines, in order.
    #[schema(example = json!(["kimchi 200g", "pork belly 150g", "tofu 1/2 block"]))]
    pub ingredients: Vec<String>,
    /// Tags (normalised: lower case, single spaces), sorted.
    #[schema(example = json!(["korean", "stew"]))]
    pub tags: Vec<String>,
    /// The cover's largest JPEG (the key of the course app's later chapters), or null.
    #[schema(example = "/media/3f785a3c0d2e6b1f4a9c8d7e6f5a4b3c2d1e0f9a.jpg")]
    pub cover_url: Option<String>,
    /// The cover photo, or null.
    pub cover: Option<PhotoView>,
    /// The gallery, in its order (at most 20).
    pub images: Vec<PhotoView>,
    /// The page the recipe was imported from (`POST /recipes/import`), or null.
    #[schema(example = "https://recipes.example/kimchi-stew")]
    pub source_url: Option<String>,
    /// The ingredient lines as understood, in order (see `POST /ingredients/parse`); with
    /// `?servings=` or `?units=`, scaled and converted, and `display` rewritten to match.
    pub ingredient_items: Vec<IngredientItemView>,
    /// Whose spoons and cups the lines mean: `metric` (cup 250 ml, tablespoon 15 ml), `us`
    /// (cup 240 ml, tablespoon 14.8 ml) or `korean` (컵 200 ml, 큰술 15 ml); the author's
    /// choice, or assumed from the lines.
    pub measure_system: MeasureSystemView,
    /// True when the author did not choose `measure_system` and it was assumed from the lines
    /// (mostly Hangul: `korean`; English cups, ounces or pounds: `us`; else `metric`).
    pub measure_system_assumed: bool,
    /// With `?servings=`, the servings the recipe is written for (`num_of_servings` is then
    /// the servings asked for); null otherwise.
    #[schema(minimum = 1, maximum = 1000, example = json!(null))]
    pub scaled_from: Option<i32>,
    /// How many users hold it among their favourites.
    #[schema(minimum = 0, example = 12)]
    pub favorite_count: i64,
    /// Its ratings.
    pub rating: RatingView,
    /// How many comments it has.
    #[schema(minimum = 0, example = 3)]
    pub comment_count: i64,
    /// Only for a signed-in caller: whether it is among your favourites.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = false)]
    pub is_favorite: Option<bool>,
    /// Only for a signed-in caller: your stars (1–5), or null when you have not rated it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 5, example = json!(null))]
    pub my_rating: Option<Option<i32>>,
    /// Only while an administrator has hidden it (then only its owner sees it): why. It cannot
    /// be published until unhidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(null))]
    pub hidden_reason: Option<String>,
}

/// A recipe's ratings: their average and how many there are.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = RatingSummary)]
pub struct RatingView {
    /// The average of the stars, to two decimals; null when nobody rated it.
    #[schema(minimum = 1, maximum = 5, example = 4.5)]
    pub average: Option<f64>,
    /// How many ratings.
    #[schema(minimum = 0, example = 2)]
    pub count: i64,
}

impl RatingView {
    /// The summary of `count` ratings totalling `sum` stars.
    pub fn of(count: i64, sum: i64) -> Self {
        let average = (count > 0).then(|| {
            // Two decimals, from integers: exact for every count.
            let hundredths = (sum * 100 * 2 + count) / (count * 2);
            hundredths as f64 / 100.0
        });
        Self { average, count }
    }
}

/// Whose spoons and cups a recipe's lines mean.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = MeasureSystem)]
pub enum MeasureSystemView {
    /// Cup 250 ml, tablespoon 15 ml, teaspoon 5 ml.
    Metric,
    /// Cup 240 ml, tablespoon 14.79 ml, teaspoon 4.93 ml.
    Us,
    /// 컵 200 ml, 큰술 15 ml, 작은술 5 ml.
    Korean,
}

impl From<MeasureSystem> for MeasureSystemView {
    fn from(system: MeasureSystem) -> Self {
        match system {
            MeasureSystem::Metric => Self::Metric,
            MeasureSystem::Us => Self::Us,
            MeasureSystem::Korean => Self::Korean,
        }
    }
}

/// One ingredient line as understood. `text` is the line exactly as written; the other fields
/// are what the parser read in it (a line it cannot read has only `food`, the whole line).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IngredientItem)]
pub struct IngredientItemView {
    /// The line as written (never rewritten).
    #[schema(example = "간장 2큰술")]
    pub text: String,
    /// The amount (the lower end of a range), or null for lines without one ("소금 약간",
    /// "salt to taste").
    #[schema(minimum = 0, example = 2)]
    pub quantity: Option<f64>,
    /// The upper end of a range ("2~3", "2-3", "2 to 3"), or null.
    #[schema(minimum = 0, example = json!(null))]
    pub quantity_max: Option<f64>,
    /// The unit's id, or null: `tsp`, `tbsp`, `cup`, `ml`, `l`, `fl_oz`, `g`, `kg`, `oz`, `lb`,
    /// `piece`, `clove`, `block`, `stalk`, `handful`, `pinch`, `dash`, `bowl`, `can`, `slice`,
    /// `sheet`, `bunch`, `pack`, `head`, `sprig`.
    #[schema(example = "tbsp")]
    pub unit: Option<&'static str>,
    /// The ingredient's name.
    #[schema(example = "간장")]
    pub food: String,
    /// The rest of the line: preparation, "(optional)", "to taste", "약간"…
    #[schema(example = json!(null))]
    pub note: Option<String>,
    /// The line for display: `text`, or, when the answer is scaled or converted, `text` with
    /// its amount rewritten the way cooks write it ("1½ cups", "½모", "3 eggs (rounded up from
    /// 2.5)").
    #[schema(example = "간장 2큰술")]
    pub display: String,
}

impl From<Adjusted> for IngredientItemView {
    fn from(adjusted: Adjusted) -> Self {
        let Adjusted { item, display } = adjusted;
        Self {
            display,
            ..Self::from(item)
        }
    }
}

impl From<IngredientItem> for IngredientItemView {
    fn from(item: IngredientItem) -> Self {
        Self {
            display: item.text.clone(),
            text: item.text,
            quantity: item.quantity,
            quantity_max: item.quantity_max,
            unit: item.unit.map(|unit| unit.id()),
            food: item.food,
            note: item.note,
        }
    }
}

/// How a recipe is shown: for how many servings (`?servings=`), in which units (`?units=`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cooking {
    /// The servings asked for, if any.
    pub servings: Option<i32>,
    /// The units asked for.
    pub units: UnitsChoice,
}

/// One photo: its largest JPEG (`url`, for clients that take one address), the size it is shown
/// at, and every variant to choose from (`srcset`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Photo)]
pub struct PhotoView {
    /// The photo's id (for the gallery's routes).
    #[schema(minimum = 1, example = 7)]
    pub id: i64,
    /// The largest variant as JPEG.
    #[schema(example = "/media/3f785a3c0d2e6b1f4a9c8d7e6f5a4b3c2d1e0f9a.jpg")]
    pub url: String,
    /// Width of the largest variant, in pixels (after the photo's EXIF orientation).
    #[schema(minimum = 1, example = 1600)]
    pub width: u32,
    /// Height of the largest variant, in pixels.
    #[schema(minimum = 1, example = 1200)]
    pub height: u32,
    /// Text describing the photo, for those who cannot see it.
    #[schema(max_length = 500, example = "A bowl of kimchi stew")]
    pub alt: Option<String>,
    /// A BlurHash of the photo, to paint a placeholder while it loads.
    #[schema(example = "LKO2?U%2Tw=w]~RBVZRi};RPxuwH")]
    pub blurhash: String,
    /// Every variant, smallest first: WebP at several widths (never wider than the upload),
    /// then a JPEG of the largest.
    pub variants: Vec<PhotoVariantView>,
}

/// One encoded size of a photo.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PhotoVariant)]
pub struct PhotoVariantView {
    /// Its address: content-addressed, cached for a year.
    #[schema(example = "/media/0b5e5a3c0d2e6b1f4a9c8d7e6f5a4b3c2d1e0f9a.webp")]
    pub url: String,
    #[schema(minimum = 1, example = 800)]
    pub width: u32,
    #[schema(minimum = 1, example = 600)]
    pub height: u32,
    /// `image/webp` or `image/jpeg`.
    #[serde(rename = "type")]
    #[schema(example = "image/webp")]
    pub media_type: String,
}

impl From<Photo> for PhotoView {
    fn from(photo: Photo) -> Self {
        Self {
            id: photo.id,
            url: photo.url,
            width: photo.width,
            height: photo.height,
            alt: photo.alt,
            blurhash: photo.blurhash,
            variants: photo
                .variants
                .into_iter()
                .map(|variant| PhotoVariantView {
                    url: variant.url,
                    width: variant.width,
                    height: variant.height,
                    media_type: variant.media_type,
                })
                .collect(),
        }
    }
}

/// `2022-06-20T17:25:29Z`.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<Recipe> for RecipeView {
    fn from(recipe: Recipe) -> Self {
        Self::cooked(recipe, Cooking::default()).expect("a recipe as written needs no servings")
    }
}

/// What `cooking` asks of one recipe: the servings to show, the factor to scale its lines by,
/// the units to show them in and whose cups and spoons they mean.
pub struct Scaling {
    /// The servings shown: those asked for, else the recipe's own.
    pub servings: Option<i32>,
    /// The recipe's own servings, when scaled to others.
    pub scaled_from: Option<i32>,
    factor: f64,
    units: UnitsChoice,
    /// Whose cups and spoons the lines mean.
    pub system: MeasureSystem,
    /// True when `system` was assumed from the lines rather than chosen by the author.
    pub assumed: bool,
}

impl Scaling {
    /// `cooking` for `recipe`, whose ingredient lines are `lines`;
    /// [`ApiError::ServingsUnknown`] when servings are asked of a recipe that does not say how
    /// many it makes.
    pub fn of(recipe: &Recipe, lines: &[String], cooking: Cooking) -> Result<Self, ApiError> {
        let (system, assumed) = match recipe.measure_system {
            Some(system) => (system, false),
            None => (MeasureSystem::assumed_for(lines), true),
        };
        let (servings, factor, scaled_from) = match (cooking.servings, recipe.num_of_servings) {
            (None, servings) => (servings, 1.0, None),
            (Some(_), None) => return Err(ApiError::ServingsUnknown),
            (Some(wanted), Some(stored)) => (
                Some(wanted),
                f64::from(wanted) / f64::from(stored),
                Some(stored),
            ),
        };
        Ok(Self {
            servings,
            scaled_from,
            factor,
            units: cooking.units,
            system,
            assumed,
        })
    }

    /// One parsed line, scaled and converted (as parsed when nothing is asked).
    pub fn item(&self, item: IngredientItem) -> IngredientItemView {
        if self.scaled_from.is_none() && self.units == UnitsChoice::Original {
            IngredientItemView::from(item)
        } else {
            adjust(&item, self.factor, self.units, self.system).into()
        }
    }
}

impl RecipeView {
    /// `recipe` for `cooking`'s servings and units (see [`Scaling::of`]).
    pub fn cooked(recipe: Recipe, cooking: Cooking) -> Result<Self, ApiError> {
        let lines = split_lines(recipe.ingredients.as_deref());
        let scaling = Scaling::of(&recipe, &lines, cooking)?;
        Ok(Self::scaled(recipe, lines, &scaling))
    }

    /// `recipe`, whose ingredient lines are `lines`, as `scaling` shows it.
    pub fn scaled(recipe: Recipe, lines: Vec<String>, scaling: &Scaling) -> Self {
        let ingredient_items = recipe
            .ingredient_items
            .into_iter()
            .map(|item| scaling.item(item))
            .collect();
        Self {
            id: recipe.id.get(),
            user_id: recipe.user_id.map(UserId::get),
            name: recipe.name,
            description: recipe.description,
            num_of_servings: scaling.servings,
            cook_time: recipe.cook_time,
            directions: recipe.directions,
            is_publish: u8::from(recipe.is_publish),
            created_at: timestamp(recipe.created_at),
            updated_at: timestamp(recipe.updated_at),
            ingredients: lines,
            tags: split_lines(recipe.tags.as_deref()),
            cover_url: recipe.photos.cover.as_ref().map(|cover| cover.url.clone()),
            cover: recipe.photos.cover.map(PhotoView::from),
            images: recipe
                .photos
                .images
                .into_iter()
                .map(PhotoView::from)
                .collect(),
            source_url: recipe.source_url,
            ingredient_items,
            measure_system: scaling.system.into(),
            measure_system_assumed: scaling.assumed,
            scaled_from: scaling.scaled_from,
            favorite_count: recipe.community.favorite_count,
            rating: RatingView::of(recipe.community.rating_count, recipe.community.rating_sum),
            comment_count: recipe.community.comment_count,
            is_favorite: None,
            my_rating: None,
            hidden_reason: recipe.hidden_reason,
        }
    }

    /// With what a signed-in caller did to it (`None`: an anonymous caller).
    pub fn marked(mut self, viewer: Option<ViewerMarks>) -> Self {
        if let Some(marks) = viewer {
            self.is_favorite = Some(marks.is_favorite);
            self.my_rating = Some(marks.my_rating);
        }
        self
    }
}

/// `{"result": "success", "info": recipe}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecipeEnvelope {
    pub result: Outcome,
    /// The recipe.
    pub info: RecipeView,
}

impl From<Recipe> for RecipeEnvelope {
    fn from(recipe: Recipe) -> Self {
        Self {
            result: SUCCESS,
            info: recipe.into(),
        }
    }
}

/// `{"result": "success", "count": N, "result_list": [recipe…], "next_cursor": …}`; `count` is
/// this page's size, `next_cursor` null on the last page.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecipeList {
    pub result: Outcome,
    /// Recipes on this page.
    #[schema(minimum = 0, maximum = 100)]
    pub count: usize,
    /// The page.
    pub result_list: Vec<RecipeView>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl RecipeList {
    /// A page of `items`, followed by `next_cursor` when more follows; `marks` holds a
    /// signed-in caller's favourites and ratings among them.
    pub fn new(
        items: Vec<Listed>,
        next_cursor: Option<String>,
        marks: Option<&HashMap<RecipeId, ViewerMarks>>,
    ) -> Self {
        Self {
            result: SUCCESS,
            count: items.len(),
            result_list: items
                .into_iter()
                .map(|item| {
                    let mark =
                        marks.map(|marks| marks.get(&item.recipe.id).copied().unwrap_or_default());
                    RecipeView::from(item.recipe).marked(mark)
                })
                .collect(),
            next_cursor,
        }
    }
}

/// `{"result": "success", "count": N, "tags": [{"name": …, "recipe_count": …}…]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagList {
    pub result: Outcome,
    /// Tags on this page.
    #[schema(minimum = 0, maximum = 100)]
    pub count: usize,
    /// Most used first.
    pub tags: Vec<TagView>,
}

/// A tag and how many published recipes carry it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Tag)]
pub struct TagView {
    /// The normalised tag.
    #[schema(example = "korean")]
    pub name: String,
    /// Published recipes carrying it.
    #[schema(minimum = 0, example = 12)]
    pub recipe_count: i64,
}

impl From<Vec<TagCount>> for TagList {
    fn from(tags: Vec<TagCount>) -> Self {
        Self {
            result: SUCCESS,
            count: tags.len(),
            tags: tags
                .into_iter()
                .map(|tag| TagView {
                    name: tag.name,
                    recipe_count: tag.recipe_count,
                })
                .collect(),
        }
    }
}

/// `{"result": "success", "suggestions": [...]}`: what `GET /recipes/suggest` offers.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionList {
    pub result: Outcome,
    /// Tags first, most used first; then recipes, newest first; at most 10 in all.
    #[schema(max_items = 10)]
    pub suggestions: Vec<Suggestion>,
}

/// One suggestion: a tag starting with the word being typed, or a published recipe whose name
/// holds every word typed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Suggestion {
    /// A tag: search by it with `GET /recipes?tag=`.
    Tag {
        /// The tag.
        #[schema(example = "tikka")]
        text: String,
        /// Published recipes carrying it.
        #[schema(minimum = 1)]
        recipe_count: i64,
    },
    /// A recipe, by its name (the newest published one of that name).
    Recipe {
        /// Its name.
        #[schema(example = "Chicken tikka masala")]
        text: String,
        /// Its id.
        #[schema(minimum = 1)]
        id: i64,
    },
}

/// `{"result": "success"}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Done {
    pub result: Outcome,
}

impl Done {
    /// The bare success envelope.
    pub fn new() -> Self {
        Self { result: SUCCESS }
    }
}

impl Default for Done {
    fn default() -> Self {
        Self::new()
    }
}

/// The caller's own account (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Account)]
pub struct AccountView {
    /// The user's id.
    #[schema(minimum = 1, example = 1)]
    pub id: i64,
    /// Display name.
    #[schema(example = "홍길동")]
    pub username: String,
    /// Lower-cased email address.
    #[schema(example = "hong@example.com")]
    pub email: String,
    /// RFC 3339, UTC, whole seconds.
    #[schema(format = DateTime, example = "2026-11-26T12:00:00Z")]
    pub created_at: String,
    /// The avatar's largest JPEG (a square), or null.
    #[schema(example = "/media/5a1e0b3c0d2e6b1f4a9c8d7e6f5a4b3c2d1e0f9a.jpg")]
    pub avatar_url: Option<String>,
    /// `user`, or `admin` for the site's administrators.
    #[schema(example = "user")]
    pub role: AccountRole,
    /// Whether `email` was proved to belong to you (by the link of a verification mail).
    pub email_verified: bool,
    /// A new address waiting for its verification (`PATCH /users/me {"email"}`); `email`
    /// stays until it is verified.
    #[schema(example = json!(null))]
    pub pending_email: Option<String>,
    /// Your chosen language for mail, pages and messages (`en`, `ko`), or null to follow the
    /// browser's `Accept-Language`.
    #[schema(example = "ko")]
    pub language: Option<LanguageCode>,
}

/// An account's role.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AccountRole {
    User,
    Admin,
}

impl From<Role> for AccountRole {
    fn from(role: Role) -> Self {
        match role {
            Role::User => AccountRole::User,
            Role::Admin => AccountRole::Admin,
        }
    }
}

/// A language recipe-api speaks.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub enum LanguageCode {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "ko")]
    Ko,
}

impl From<Language> for LanguageCode {
    fn from(language: Language) -> Self {
        match language {
            Language::English => LanguageCode::En,
            Language::Korean => LanguageCode::Ko,
        }
    }
}

impl From<LanguageCode> for Language {
    fn from(code: LanguageCode) -> Self {
        match code {
            LanguageCode::En => Language::English,
            LanguageCode::Ko => Language::Korean,
        }
    }
}

impl From<User> for AccountView {
    fn from(user: User) -> Self {
        Self {
            id: user.id.get(),
            username: user.username,
            email: user.email,
            created_at: timestamp(user.created_at),
            avatar_url: user.avatar.map(|avatar| avatar.url),
            role: user.role.into(),
            email_verified: user.email_verified,
            pending_email: user.pending_email,
            language: user.language.map(LanguageCode::from),
        }
    }
}

/// `{"result": "success", "user": account}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountEnvelope {
    pub result: Outcome,
    /// Your account.
    pub user: AccountView,
}

impl From<User> for AccountEnvelope {
    fn from(user: User) -> Self {
        Self {
            result: SUCCESS,
            user: user.into(),
        }
    }
}

/// `{"result": "success", "info": photo}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoEnvelope {
    pub result: Outcome,
    /// The photo.
    pub info: PhotoView,
}

impl From<Photo> for PhotoEnvelope {
    fn from(photo: Photo) -> Self {
        Self {
            result: SUCCESS,
            info: photo.into(),
        }
    }
}
