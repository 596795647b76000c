//! One Recipe object → [`Imported`]: each field read and brought within the domain's limits
//! by its module (warning about what was changed), then validated by `RecipeFields::parse`,
//! the same gate a client's recipe passes. Should the gate still refuse a field, that field is
//! dropped with a warning rather than the import failing; only a recipe without a usable name
//! (its own or the page's title) is [`NoRecipeFound`].

use serde_json::{Map, Value};
use url::Url;

use crate::domain::{RecipeFields, RecipeInput};

use super::warnings::{Warnings, quoted};
use super::{Imported, NoRecipeFound, fields, images, ingredients, instructions, tags};

/// Reads `recipe`; `page_titles` (the page's `og:title`, then `<title>`) stand in for a
/// missing name.
pub(super) fn import(
    recipe: &Map<String, Value>,
    page_url: Option<&Url>,
    page_titles: &[&str],
) -> Result<Imported, NoRecipeFound> {
    let mut warnings = Warnings::default();
    let name = match fields::name(recipe) {
        Some(name) => name,
        None => {
            let title = fields::page_title(page_titles.iter().copied()).ok_or(NoRecipeFound)?;
            warnings.add(
                "name",
                format!(
                    "the recipe has none; used the page title {}",
                    quoted(&title)
                ),
            );
            title
        }
    };
    let draft = Draft {
        name: fields::clamp_name(name, &mut warnings),
        description: fields::description(recipe, &mut warnings),
        num_of_servings: fields::servings(recipe, &mut warnings),
        cook_time: fields::cook_time(recipe, &mut warnings),
        directions: instructions::directions(recipe, &mut warnings),
        ingredients: ingredients::ingredients(recipe, &mut warnings),
        tags: tags::tags(recipe, &mut warnings),
    };
    let image_urls = images::image_urls(recipe, page_url, &mut warnings);
    let fields = validate(draft, &mut warnings)?;
    Ok(Imported {
        fields,
        image_urls,
        warnings: warnings.into_vec(),
    })
}

/// The fields as read, before the domain's gate.
#[derive(Clone)]
struct Draft {
    name: String,
    description: Option<String>,
    num_of_servings: Option<i64>,
    cook_time: Option<i64>,
    directions: Option<String>,
    ingredients: Vec<String>,
    tags: Vec<String>,
}

/// The fields the gate may refuse and the import can do without, in the gate's names.
const DROPPABLE: [&str; 6] = [
    "description",
    "num_of_servings",
    "cook_time",
    "directions",
    "ingredients",
    "tags",
];

impl Draft {
    fn to_input(&self) -> RecipeInput {
        RecipeInput {
            name: Some(self.name.clone()),
            description: self.description.clone(),
            num_of_servings: self.num_of_servings,
            cook_time: self.cook_time,
            directions: self.directions.clone(),
            ingredients: Some(Some(self.ingredients.clone())),
            tags: Some(Some(self.tags.clone())),
            measure_system: None,
        }
    }

    fn drop_field(&mut self, field: &str) {
        match field {
            "description" => self.description = None,
            "num_of_servings" => self.num_of_servings = None,
            "cook_time" => self.cook_time = None,
            "directions" => self.directions = None,
            "ingredients" => self.ingredients.clear(),
            "tags" => self.tags.clear(),
            _ => {}
        }
    }
}

/// `RecipeFields::parse`, dropping each field it refuses (with a warning) until it accepts.
fn validate(mut draft: Draft, warnings: &mut Warnings) -> Result<RecipeFields, NoRecipeFound> {
    // Each round drops at least one field, so this ends.
    loop {
        let errors = match RecipeFields::parse(draft.to_input()) {
            Ok(fields) => return Ok(fields),
            Err(errors) => errors,
        };
        let refused: Vec<&str> = DROPPABLE
            .into_iter()
            .filter(|field| errors.get(field).is_some())
            .collect();
        if refused.is_empty() {
            // Only the name can be left, and without one there is no recipe to import.
            return Err(NoRecipeFound);
        }
        for field in refused {
            let problem = errors.get(field).unwrap_or_default();
            warnings.add(field, format!("refused ({problem}); dropped"));
            draft.drop_field(field);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            name: "Stew".into(),
            description: Some("fine".into()),
            num_of_servings: Some(2),
            cook_time: Some(30),
            directions: Some("Simmer.".into()),
            ingredients: vec!["water".into()],
            tags: vec!["soup".into()],
        }
    }

    #[test]
    fn a_refused_field_is_dropped_with_a_warning() {
        let mut warnings = Warnings::default();
        let refused = Draft {
            num_of_servings: Some(0),
            ingredients: vec![" ".into()],
            ..draft()
        };
        let fields = validate(refused, &mut warnings).unwrap();
        assert_eq!(fields.num_of_servings, None);
        assert_eq!(fields.ingredients, Some(vec![]));
        assert_eq!(fields.cook_time, Some(30));
        assert_eq!(fields.tags, Some(vec!["soup".into()]));
        assert_eq!(
            warnings.into_vec(),
            [
                "num_of_servings: refused (must be between 1 and 1000); dropped",
                "ingredients: refused (item 0 must not be empty); dropped",
            ]
        );
    }

    #[test]
    fn a_refused_name_means_no_recipe() {
        let mut warnings = Warnings::default();
        let nameless = Draft {
            name: " ".into(),
            ..draft()
        };
        assert!(validate(nameless, &mut warnings).is_err());
    }
}
