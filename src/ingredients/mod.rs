//! Ingredient lines understood: each line parsed into a quantity, a unit, a food and a note
//! (English and Korean, deterministic, never failing), scaled to other servings and converted
//! between measure systems, and the food terms the `ingredient` filter matches.
//!
//! No network, no database: `store` keeps what [`parse_line`] finds (with [`PARSER_VERSION`]),
//! `http` shows it.

mod amounts;
mod item;
mod parse;
mod terms;
mod units;

pub use amounts::{Adjusted, adjust};
pub use item::{IngredientItem, PARSER_VERSION};
pub use parse::parse_line;
pub use terms::{TERM_MAX_CHARS, food_terms, normalize_food_query};
pub use units::{Dimension, MeasureSystem, Unit, UnitsChoice};
