//! Recipe input: what a client may set on a recipe, and its limits.
//!
//! `POST` and `PUT` send a whole recipe ([`RecipeInput`] → [`RecipeFields`]); `PATCH` sends only
//! the fields to change ([`RecipePatchInput`] → [`RecipeChanges`]), where an explicit `null`
//! clears an optional field and an absent key leaves it alone. Unknown keys are ignored.
//!
//! Limits (see `domain::text`): `name` a line of at most 200 characters (required, never null); `description` at most 5 000 and `directions` at most 20 000 characters, no NUL;
//! `num_of_servings` 1–1000; `cook_time` 0–10 080 minutes (one week). Optional fields may be
//! `null`. `ingredients` (see `domain::ingredients`) and `tags` (see `domain::tags`) are lists;
//! `null` or `[]` empties them, and leaving them out keeps them as they are (so `PUT` from a
//! client that predates them does not wipe them); a new recipe starts with none.
//! `measure_system` (`"metric"`, `"us"` or `"korean"`: whose spoons and cups the lines mean) is
//! kept the same way when left out; `null` returns it to the one assumed from the lines.

use serde::{Deserialize, Deserializer};

use crate::ingredients::MeasureSystem;

use super::{
    FieldErrors,
    ingredients::parse_ingredients,
    json_int, required,
    tags::parse_tags,
    text::{parse_free_text, parse_line},
};

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5_000;
pub const DIRECTIONS_MAX: usize = 20_000;
pub const SERVINGS: (i64, i64) = (1, 1_000);
pub const COOK_TIME: (i64, i64) = (0, 10_080);

/// A whole recipe as sent by `POST /recipes` and `PUT /recipes/{id}`.
#[derive(Debug, Default, Deserialize)]
pub struct RecipeInput {
    /// Required.
    pub name: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// People served.
    #[serde(default, deserialize_with = "json_int::optional")]
    pub num_of_servings: Option<i64>,
    /// Minutes.
    #[serde(default, deserialize_with = "json_int::optional")]
    pub cook_time: Option<i64>,
    /// Free text.
    pub directions: Option<String>,
    /// Ingredient lines, in order (absent: unchanged; `null`: none).
    #[serde(default, deserialize_with = "present")]
    pub ingredients: Option<Option<Vec<String>>>,
    /// Tags (absent: unchanged; `null`: none).
    #[serde(default, deserialize_with = "present")]
    pub tags: Option<Option<Vec<String>>>,
    /// Whose spoons and cups (absent: unchanged; `null`: assumed from the lines).
    #[serde(default, deserialize_with = "present")]
    pub measure_system: Option<Option<String>>,
}

/// A partial recipe as sent by `PATCH /recipes/{id}`: `None` = absent, `Some(None)` = `null`.
#[derive(Debug, Default, Deserialize)]
pub struct RecipePatchInput {
    /// New name (cannot be null).
    #[serde(default, deserialize_with = "present")]
    pub name: Option<Option<String>>,
    /// New description, or null.
    #[serde(default, deserialize_with = "present")]
    pub description: Option<Option<String>>,
    /// New servings, or null.
    #[serde(default, deserialize_with = "json_int::present")]
    pub num_of_servings: Option<Option<i64>>,
    /// New cook time, or null.
    #[serde(default, deserialize_with = "json_int::present")]
    pub cook_time: Option<Option<i64>>,
    /// New directions, or null.
    #[serde(default, deserialize_with = "present")]
    pub directions: Option<Option<String>>,
    /// New ingredient lines (`null` or `[]` removes them all).
    #[serde(default, deserialize_with = "present")]
    pub ingredients: Option<Option<Vec<String>>>,
    /// New tags (`null` or `[]` removes them all).
    #[serde(default, deserialize_with = "present")]
    pub tags: Option<Option<Vec<String>>>,
    /// New measure system, or null (assumed from the lines).
    #[serde(default, deserialize_with = "present")]
    pub measure_system: Option<Option<String>>,
}

/// Marks a key that is present in the JSON (even as `null`) as `Some`.
pub(super) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Every editable field of a recipe, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipeFields {
    /// Trimmed, 1–200 characters.
    pub name: String,
    /// Optional free text.
    pub description: Option<String>,
    /// 1–1000 when set.
    pub num_of_servings: Option<i32>,
    /// 0–10080 minutes when set.
    pub cook_time: Option<i32>,
    /// Optional free text.
    pub directions: Option<String>,
    /// Ingredient lines; `None` when the client did not send the key.
    pub ingredients: Option<Vec<String>>,
    /// Normalised tags; `None` when the client did not send the key.
    pub tags: Option<Vec<String>>,
    /// Whose spoons and cups; `None` when the client did not send the key, `Some(None)` for
    /// "assume from the lines".
    pub measure_system: Option<Option<MeasureSystem>>,
}

/// The fields a `PATCH` changes, validated; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecipeChanges {
    /// New name.
    pub name: Option<String>,
    /// New description (inner `None` clears it).
    pub description: Option<Option<String>>,
    /// New servings (inner `None` clears it).
    pub num_of_servings: Option<Option<i32>>,
    /// New cook time (inner `None` clears it).
    pub cook_time: Option<Option<i32>>,
    /// New directions (inner `None` clears it).
    pub directions: Option<Option<String>>,
    /// New ingredient lines.
    pub ingredients: Option<Vec<String>>,
    /// New normalised tags.
    pub tags: Option<Vec<String>>,
    /// New measure system (inner `None`: assumed from the lines).
    pub measure_system: Option<Option<MeasureSystem>>,
}

impl From<RecipeFields> for RecipeChanges {
    /// A replacement as a change of every editable field (ingredients and tags only when sent).
    fn from(fields: RecipeFields) -> Self {
        RecipeChanges {
            name: Some(fields.name),
            description: Some(fields.description),
            num_of_servings: Some(fields.num_of_servings),
            cook_time: Some(fields.cook_time),
            directions: Some(fields.directions),
            ingredients: fields.ingredients,
            tags: fields.tags,
            measure_system: fields.measure_system,
        }
    }
}

impl RecipeChanges {
    /// True when the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl RecipeFields {
    /// Validates a whole recipe, reporting every bad field at once.
    pub fn parse(input: RecipeInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take(
            "name",
            required(input.name).and_then(|name| parse_name(&name)),
        );
        let description = errors.take(
            "description",
            optional(input.description, parse_description),
        );
        let servings = errors.take(
            "num_of_servings",
            optional(input.num_of_servings, parse_servings),
        );
        let cook_time = errors.take("cook_time", optional(input.cook_time, parse_cook_time));
        let directions = errors.take("directions", optional(input.directions, parse_directions));
        let ingredients = errors.take("ingredients", list(input.ingredients, parse_ingredients));
        let tags = errors.take("tags", list(input.tags, parse_tags));
        let measure_system = input
            .measure_system
            .map(|value| errors.take("measure_system", optional(value, parse_measure_system)));
        errors.into_result(|| Self {
            name: name.unwrap_or_default(),
            description: description.flatten(),
            num_of_servings: servings.flatten(),
            cook_time: cook_time.flatten(),
            directions: directions.flatten(),
            ingredients: ingredients.flatten(),
            tags: tags.flatten(),
            measure_system: measure_system.map(Option::flatten),
        })
    }
}

impl RecipeChanges {
    /// Validates a partial recipe, reporting every bad field at once.
    pub fn parse(input: RecipePatchInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = match input.name {
            None => None,
            Some(None) => {
                errors.add("name", "must not be null");
                None
            }
            Some(Some(name)) => errors.take("name", parse_name(&name)),
        };
        let mut changes = Self {
            name,
            description: None,
            num_of_servings: None,
            cook_time: None,
            directions: None,
            ingredients: errors
                .take("ingredients", list(input.ingredients, parse_ingredients))
                .flatten(),
            tags: errors.take("tags", list(input.tags, parse_tags)).flatten(),
            measure_system: None,
        };
        if let Some(value) = input.measure_system {
            changes.measure_system =
                errors.take("measure_system", optional(value, parse_measure_system));
        }
        if let Some(value) = input.description {
            changes.description = errors.take("description", optional(value, parse_description));
        }
        if let Some(value) = input.num_of_servings {
            changes.num_of_servings =
                errors.take("num_of_servings", optional(value, parse_servings));
        }
        if let Some(value) = input.cook_time {
            changes.cook_time = errors.take("cook_time", optional(value, parse_cook_time));
        }
        if let Some(value) = input.directions {
            changes.directions = errors.take("directions", optional(value, parse_directions));
        }
        errors.into_result(|| changes)
    }
}

/// Applies `parse` to a list that may be absent (`None`) or `null` (an empty list).
fn list(
    value: Option<Option<Vec<String>>>,
    parse: fn(Vec<String>) -> Result<Vec<String>, String>,
) -> Result<Option<Vec<String>>, String> {
    value
        .map(|list| parse(list.unwrap_or_default()))
        .transpose()
}

/// Applies `parse` to a nullable value, keeping `null` as `None`.
fn optional<T, U>(
    value: Option<T>,
    parse: fn(T) -> Result<U, String>,
) -> Result<Option<U>, String> {
    value.map(parse).transpose()
}

fn parse_name(raw: &str) -> Result<String, String> {
    parse_line(raw, NAME_MAX)
}

fn parse_description(raw: String) -> Result<String, String> {
    parse_free_text(raw, DESCRIPTION_MAX)
}

fn parse_directions(raw: String) -> Result<String, String> {
    parse_free_text(raw, DIRECTIONS_MAX)
}

fn parse_in_range(value: i64, (min, max): (i64, i64)) -> Result<i32, String> {
    i32::try_from(value)
        .ok()
        .filter(|v| (min..=max).contains(&i64::from(*v)))
        .ok_or_else(|| format!("must be between {min} and {max}"))
}

fn parse_measure_system(raw: String) -> Result<MeasureSystem, String> {
    MeasureSystem::from_id(&raw)
        .ok_or_else(|| "must be \"metric\", \"us\" or \"korean\"".to_owned())
}

fn parse_servings(value: i64) -> Result<i32, String> {
    parse_in_range(value, SERVINGS)
}

fn parse_cook_time(value: i64) -> Result<i32, String> {
    parse_in_range(value, COOK_TIME)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(name: Option<&str>) -> RecipeInput {
        RecipeInput {
            name: name.map(Into::into),
            ..RecipeInput::default()
        }
    }

    #[test]
    fn a_name_alone_is_a_valid_recipe() {
        let fields = RecipeFields::parse(input(Some("  김치찌개 "))).unwrap();
        assert_eq!(fields.name, "김치찌개");
        assert_eq!(fields.cook_time, None);
    }

    #[test]
    fn reports_every_bad_field() {
        let errors = RecipeFields::parse(RecipeInput {
            name: None,
            description: Some("x".repeat(DESCRIPTION_MAX + 1)),
            num_of_servings: Some(0),
            cook_time: Some(-1),
            directions: Some("y".repeat(DIRECTIONS_MAX + 1)),
            ingredients: Some(Some(vec![" ".into()])),
            tags: Some(Some(vec!["no,commas".into()])),
            measure_system: Some(Some("imperial".into())),
        })
        .unwrap_err();
        for field in [
            "measure_system",
            "name",
            "description",
            "num_of_servings",
            "cook_time",
            "directions",
            "ingredients",
            "tags",
        ] {
            assert!(errors.get(field).is_some(), "{field} not reported");
        }
    }

    #[test]
    fn refuses_control_characters_in_names_and_nul_in_text() {
        assert!(RecipeFields::parse(input(Some("a\u{0}b"))).is_err());
        assert!(RecipeFields::parse(input(Some("a\nb"))).is_err());
        let text = RecipeInput {
            description: Some("line 1\n\tline 2".into()),
            ..input(Some("x"))
        };
        assert!(RecipeFields::parse(text).is_ok());
        let nul = RecipeInput {
            directions: Some("a\u{0}".into()),
            ..input(Some("x"))
        };
        assert!(
            RecipeFields::parse(nul)
                .unwrap_err()
                .get("directions")
                .is_some()
        );
    }

    #[test]
    fn patch_distinguishes_absent_from_null() {
        let patch: RecipePatchInput =
            serde_json::from_str(r#"{"cook_time": null, "description": "new"}"#).unwrap();
        let changes = RecipeChanges::parse(patch).unwrap();
        assert_eq!(changes.cook_time, Some(None));
        assert_eq!(changes.description, Some(Some("new".into())));
        assert_eq!(changes.num_of_servings, None);
        assert_eq!(changes.name, None);
    }

    #[test]
    fn the_measure_system_is_kept_when_absent_and_assumed_when_null() {
        let fields = RecipeFields::parse(input(Some("x"))).unwrap();
        assert_eq!(fields.measure_system, None);
        let patch: RecipePatchInput =
            serde_json::from_str(r#"{"measure_system": "korean"}"#).unwrap();
        assert_eq!(
            RecipeChanges::parse(patch).unwrap().measure_system,
            Some(Some(MeasureSystem::Korean))
        );
        let patch: RecipePatchInput = serde_json::from_str(r#"{"measure_system": null}"#).unwrap();
        assert_eq!(
            RecipeChanges::parse(patch).unwrap().measure_system,
            Some(None)
        );
        let patch: RecipePatchInput = serde_json::from_str(r#"{"measure_system": "US"}"#).unwrap();
        assert!(
            RecipeChanges::parse(patch)
                .unwrap_err()
                .get("measure_system")
                .is_some()
        );
    }

    #[test]
    fn lists_absent_keep_null_empties_and_values_are_normalised() {
        let fields = RecipeFields::parse(input(Some("x"))).unwrap();
        assert_eq!((fields.ingredients, fields.tags), (None, None));
        let patch: RecipePatchInput = serde_json::from_str(
            r#"{"ingredients": null, "tags": ["Korean", " SOUP ", "korean"]}"#,
        )
        .unwrap();
        let changes = RecipeChanges::parse(patch).unwrap();
        assert_eq!(changes.ingredients, Some(vec![]));
        assert_eq!(changes.tags, Some(vec!["korean".into(), "soup".into()]));
        assert!(!changes.is_empty());
    }

    #[test]
    fn patch_refuses_a_null_name_and_accepts_an_empty_patch() {
        let patch: RecipePatchInput = serde_json::from_str(r#"{"name": null}"#).unwrap();
        assert!(
            RecipeChanges::parse(patch)
                .unwrap_err()
                .get("name")
                .is_some()
        );
        let empty: RecipePatchInput = serde_json::from_str("{}").unwrap();
        assert!(RecipeChanges::parse(empty).unwrap().is_empty());
    }

    proptest! {
        #[test]
        fn cook_time_accepted_exactly_within_one_week(minutes in any::<i64>()) {
            let result = RecipeFields::parse(RecipeInput { cook_time: Some(minutes), ..input(Some("x")) });
            prop_assert_eq!(result.is_ok(), (0..=10_080).contains(&minutes));
        }

        #[test]
        fn servings_accepted_exactly_from_1_to_1000(servings in any::<i64>()) {
            let result = RecipeFields::parse(RecipeInput { num_of_servings: Some(servings), ..input(Some("x")) });
            prop_assert_eq!(result.is_ok(), (1..=1_000).contains(&servings));
        }

        #[test]
        fn accepted_names_are_trimmed_and_bounded(name in "\\PC{0,220}") {
            if let Ok(fields) = RecipeFields::parse(input(Some(&name))) {
                let len = fields.name.chars().count();
                prop_assert!((1..=NAME_MAX).contains(&len));
                prop_assert_eq!(fields.name.trim(), fields.name.as_str());
            }
        }
    }
}
