//! Recipe import: a web page (HTML) or a schema.org JSON-LD value → a recipe that passed the
//! same validation as a client's, its image URLs, and notes on what could not be taken as it
//! was. Pure: no network, no database; the HTTP route, the fetcher and the photo download are
//! built around it.
//!
//! Where the recipe comes from, first match wins:
//! 1. JSON-LD — each `<script type="application/ld+json">` in order (`jsonld`);
//! 2. microdata — an element with `itemscope` and `itemtype` …`schema.org/Recipe`
//!    (`microdata`), read into the same JSON-LD shape.
//!
//! Its properties are then read field by field (`fields`, `ingredients`, `instructions`,
//! `tags`, `images`), markup in any text stripped and entities decoded (`text`), every value
//! brought within the domain's limits with a warning saying what changed, and the whole
//! validated by `RecipeFields::parse` (`normalize`). A recipe without a name takes the page's
//! `og:title`, else its `<title>`; with none of those, there is no recipe.
//!
//! Bounds, so that a hostile page costs no more than a large one: the page is read by
//! html5ever's tokenizer (`document`) into a tree built here (`tree_builder`; html5ever's own
//! tree builder is quadratic on deep nesting), tags carry at most 256 attributes
//! (`attribute_cap`), elements nest at most 256 deep, JSON values are searched at most
//! [`MAX_NESTING`] levels down, and each text, list and warning list is read only as far as its
//! limit needs. A 5 MiB page, ordinary or hostile, reads in well under a second.

mod attribute_cap;
mod document;
pub mod duration;
mod fields;
mod images;
mod ingredients;
mod instructions;
mod jsonld;
mod microdata;
mod normalize;
mod tags;
mod text;
mod tree_builder;
mod values;
mod warnings;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use serde_json::Value;
use url::Url;

use crate::domain::RecipeFields;

use document::Document;

/// How deep JSON-LD (and microdata items) are searched and read.
const MAX_NESTING: usize = 32;

/// A recipe read from a page or a JSON-LD document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Validated through `crate::domain::RecipeFields::parse`. `ingredients` and `tags` are
    /// `Some(list)` (possibly empty).
    pub fields: RecipeFields,
    /// Absolute http(s) image URLs, resolved against the page URL, in document order,
    /// de-duplicated, at most 10.
    pub image_urls: Vec<String>,
    /// Human-readable notes: fields that could not be read, values clamped/truncated/dropped.
    /// Each names the field, e.g. `cookTime: "about an hour" is not an ISO 8601 duration; left
    /// empty`.
    pub warnings: Vec<String>,
}

/// No schema.org Recipe in the input (→ the route answers 422 no_recipe_found).
#[derive(Debug, thiserror::Error)]
#[error("no schema.org Recipe with a name was found (neither in JSON-LD nor in microdata)")]
pub struct NoRecipeFound;

/// Reads the recipe on a web page: JSON-LD first, else microdata. `page_url` resolves relative
/// image URLs (without it only absolute ones are kept).
pub fn from_html(html: &str, page_url: Option<&Url>) -> Result<Imported, NoRecipeFound> {
    let doc = Document::page(html);
    let titles: Vec<&str> = [doc.og_title.as_deref(), doc.title.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    for script in &doc.json_ld {
        for value in jsonld::parse_script(script) {
            if let Some(recipe) = jsonld::find_recipe(&value) {
                return normalize::import(recipe, page_url, &titles);
            }
        }
    }
    let recipe = microdata::find_recipe(&doc).ok_or(NoRecipeFound)?;
    normalize::import(&recipe, page_url, &titles)
}

/// Reads the recipe in a JSON-LD document (an object, a list, a `@graph`, …).
pub fn from_jsonld(value: &Value, page_url: Option<&Url>) -> Result<Imported, NoRecipeFound> {
    let recipe = jsonld::find_recipe(value).ok_or(NoRecipeFound)?;
    normalize::import(recipe, page_url, &[])
}
