//! schema.org: a recipe as a schema.org `Recipe` in JSON-LD — what `GET /recipes/{id}` answers
//! to `Accept: application/ld+json`, what the shareable page `/r/{id}` embeds, and the heart of
//! each recipe in an account archive.
//!
//! Addresses in JSON-LD are absolute, made from the server's public origin (`PUBLIC_URL`, else
//! the request's `Host`; see `public_origin`). Directions become one `HowToStep` per line (a
//! leading "1." or "2)" is dropped: the step's position says it); the cook time is both
//! `cookTime` and `totalTime`, as ISO 8601 durations; tags are the `keywords`.

mod negotiate;
mod public_origin;

pub use negotiate::wants_json_ld;
pub use public_origin::PublicOrigin;

use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    domain::split_lines,
    error::ApiError,
    http::views::{Cooking, Scaling, timestamp},
    recipe_import::duration::format_minutes,
    state::AppState,
    store::Recipe,
};

/// The media type of JSON-LD.
pub const JSON_LD: &str = "application/ld+json";

/// A schema.org `Recipe` in JSON-LD.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SchemaOrgRecipe)]
#[serde(rename_all = "camelCase")]
pub struct JsonLdRecipe {
    /// Always `https://schema.org`.
    #[serde(rename = "@context")]
    #[schema(example = "https://schema.org")]
    pub context: &'static str,
    /// Always `Recipe`.
    #[serde(rename = "@type")]
    #[schema(example = "Recipe")]
    pub kind: &'static str,
    /// The recipe's page (`/r/{id}`), as its identity.
    #[serde(rename = "@id")]
    #[schema(example = "https://recipes.example/r/1")]
    pub id: String,
    /// The recipe's page.
    #[schema(example = "https://recipes.example/r/1")]
    pub url: String,
    #[schema(example = "김치찌개")]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The cover's and the gallery's largest JPEGs, cover first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image: Vec<String>,
    /// Who wrote it (absent only for ownerless recipes adopted from the original database).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<JsonLdPerson>,
    /// When it was first written (RFC 3339).
    #[schema(example = "2026-11-26T12:00:00Z")]
    pub date_published: String,
    /// When it last changed (RFC 3339).
    #[schema(example = "2026-11-27T08:30:00Z")]
    pub date_modified: String,
    /// Ingredient lines, in order.
    pub recipe_ingredient: Vec<String>,
    /// One step per line of the directions.
    pub recipe_instructions: Vec<JsonLdStep>,
    /// People served, e.g. `4 servings`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "2 servings")]
    pub recipe_yield: Option<String>,
    /// The cook time, ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "PT30M")]
    pub cook_time: Option<String>,
    /// The same as `cookTime` (the recipe has one time).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "PT30M")]
    pub total_time: Option<String>,
    /// The tags, comma-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "korean, stew")]
    pub keywords: Option<String>,
    /// Where the recipe was imported from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_based_on: Option<String>,
}

/// A schema.org `Person`: a recipe's author.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SchemaOrgPerson)]
pub struct JsonLdPerson {
    /// Always `Person`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[schema(example = "cook")]
    pub name: String,
    /// Their profile page (`/u/{id}`).
    #[schema(example = "https://recipes.example/u/1")]
    pub url: String,
}

/// A schema.org `HowToStep`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SchemaOrgStep)]
pub struct JsonLdStep {
    /// Always `HowToStep`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// 1 for the first step.
    #[schema(minimum = 1)]
    pub position: usize,
    pub text: String,
}

/// The author of a recipe, for [`recipe`].
#[derive(Debug, Clone)]
pub struct Author {
    pub id: i64,
    pub name: String,
}

/// `recipe` as a schema.org `Recipe`, its addresses under `origin`.
pub fn recipe(recipe: &Recipe, author: Option<&Author>, origin: &PublicOrigin) -> JsonLdRecipe {
    let page = origin.absolute(&format!("/r/{}", recipe.id));
    let time = recipe
        .cook_time
        .and_then(|minutes| u32::try_from(minutes).ok())
        .map(format_minutes);
    let tags = split_lines(recipe.tags.as_deref());
    let image = recipe
        .photos
        .cover
        .iter()
        .chain(&recipe.photos.images)
        .map(|photo| origin.absolute(&photo.url))
        .collect();
    JsonLdRecipe {
        context: "https://schema.org",
        kind: "Recipe",
        id: page.clone(),
        url: page,
        name: recipe.name.clone(),
        description: recipe.description.clone(),
        image,
        author: author.map(|author| JsonLdPerson {
            kind: "Person",
            name: author.name.clone(),
            url: origin.absolute(&format!("/u/{}", author.id)),
        }),
        date_published: timestamp(recipe.created_at),
        date_modified: timestamp(recipe.updated_at),
        recipe_ingredient: split_lines(recipe.ingredients.as_deref()),
        recipe_instructions: steps(recipe.directions.as_deref()),
        recipe_yield: recipe.num_of_servings.map(servings),
        cook_time: time.clone(),
        total_time: time,
        keywords: (!tags.is_empty()).then(|| tags.join(", ")),
        is_based_on: recipe.source_url.clone(),
    }
}

/// `recipeYield`: "1 serving", "4 servings".
fn servings(n: i32) -> String {
    match n {
        1 => "1 serving".to_owned(),
        n => format!("{n} servings"),
    }
}

/// The directions as steps: one per non-empty line, without a leading step number.
fn steps(directions: Option<&str>) -> Vec<JsonLdStep> {
    directions
        .unwrap_or_default()
        .lines()
        .map(|line| strip_step_number(line.trim()))
        .filter(|line| !line.is_empty())
        .enumerate()
        .map(|(index, text)| JsonLdStep {
            kind: "HowToStep",
            position: index + 1,
            text: text.to_owned(),
        })
        .collect()
}

/// "1. Fry" → "Fry", "2) Add" → "Add"; anything else as it is.
fn strip_step_number(line: &str) -> &str {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return line;
    }
    match line[digits..].strip_prefix(['.', ')']) {
        Some(rest) if rest.starts_with(' ') => rest.trim_start(),
        _ => line,
    }
}

/// `recipe` in JSON-LD, with its author's name read from the store.
pub async fn of_recipe(
    state: &AppState,
    recipe: &Recipe,
    origin: &PublicOrigin,
    cooking: Cooking,
) -> Result<JsonLdRecipe, ApiError> {
    // Scaled and converted as the JSON answer is: the yield and the lines for display.
    let scaling = (cooking != Cooking::default())
        .then(|| Scaling::of(recipe, &split_lines(recipe.ingredients.as_deref()), cooking))
        .transpose()?;
    let author = match recipe.user_id {
        Some(owner) => state.store.find_user(owner).await?.map(|user| Author {
            id: user.id.get(),
            name: user.username,
        }),
        None => None,
    };
    let mut document = self::recipe(recipe, author.as_ref(), origin);
    if let Some(scaling) = scaling {
        document.recipe_yield = scaling.servings.map(servings);
        document.recipe_ingredient = recipe
            .ingredient_items
            .iter()
            .map(|item| scaling.item(item.clone()).display)
            .collect();
    }
    Ok(document)
}

/// `value` as JSON that is safe inside an HTML `<script>` element: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026` (still the same JSON), so no text of the recipe
/// can end the script or open a comment.
pub fn script_safe_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("JSON-LD serializes");
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            c => safe.push(c),
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_the_non_empty_lines_without_their_numbers() {
        let steps = steps(Some(
            "1. Fry the kimchi.\n\n2) Add water\n  Simmer  \n10.5 cups",
        ));
        let texts: Vec<_> = steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Fry the kimchi.", "Add water", "Simmer", "10.5 cups"]
        );
        assert_eq!(steps[2].position, 3);
        assert!(super::steps(None).is_empty());
    }

    #[test]
    fn script_safe_json_cannot_end_a_script() {
        let text = script_safe_json(&serde_json::json!({"name": "</script><!-- & \u{2028}"}));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><!-- & \u{2028}");
    }
}
