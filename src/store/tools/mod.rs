//! Whole-database tools: copying every table to another database (`copy`), loading generated
//! data in bulk (`bulk`, `bulk_community`), and listing the tables (`schema`).

mod bulk;
mod bulk_community;
mod copy;
mod schema;

pub use bulk::{BulkRecipe, BulkUser};
pub use bulk_community::{BulkFollow, BulkVote, FollowCounters, RecipeCounters};
pub use copy::{COPIED_TABLES, CopyOptions, TableCopy};
