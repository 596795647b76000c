//! Recipes in the database: writes (`writes`: create, change, publish, delete, each keeping
//! tag links and counts in step), lists (`lists`, their statements in `statements`, full-text
//! search in `search`), tags (`tags`), and the hot reads on paths of their own (`hot_reads`,
//! `sqlite_reads`, `server_reads`). Every read selects the same columns and decodes them with
//! the same decoder (`row`).

mod hot_reads;
mod lists;
mod row;
mod search;
mod server_reads;
mod sqlite_reads;
mod statements;
pub(in crate::store) mod tags;
mod writes;

pub(in crate::store) use hot_reads::HotReads;
pub use lists::{ListPage, Listed};
pub use row::Recipe;
pub use tags::TagCount;
