//! Recipes in the database: writes (`writes`: create, change, publish, delete, each keeping
//! tag links and counts in step), lists (`lists`, their statements in `statements`, full-text
//! search in `search`, the word being typed looked up in `typed_words`), suggestions for a search box (`suggest`), tags (`tags`), parsed ingredient lines and their food terms (`ingredients`, with
//! `term_counts` to read a multi-ingredient list from its rarest term), where imported recipes came from (`origins`), and the hot reads on paths of their own (`hot_reads`,
//! `sqlite_reads`, `server_reads`, with MySQL's rows packed into one column by `packed_row`). Every read selects the same columns and decodes them with
//! the same decoder (`row`).

mod hot_reads;
pub(in crate::store) mod ingredients;
mod lists;
mod origins;
mod packed_row;
mod row;
mod search;
mod server_reads;
mod sqlite_reads;
mod statements;
mod suggest;
pub(in crate::store) mod tags;
pub(in crate::store) mod term_counts;
mod typed_words;
pub(in crate::store) mod writes;

pub(in crate::store) use hot_reads::HotReads;
pub use ingredients::ParseProgress;
pub use lists::{ListPage, Listed};
pub use origins::RecipeOrigin;
pub(in crate::store) use row::{COLUMNS, decode};
pub use row::{Community, Recipe};
pub use suggest::NamedRecipe;
pub use tags::TagCount;
pub(in crate::store) use tags::adjust_counts as adjust_tag_counts;
