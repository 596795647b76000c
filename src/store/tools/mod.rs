//! Whole-database tools: copying every table to another database (`copy`), loading generated
//! data in bulk (`bulk`), and listing the tables (`schema`).

mod bulk;
mod copy;
mod schema;

pub use bulk::{BulkRecipe, BulkUser};
pub use copy::{COPIED_TABLES, CopyOptions, TableCopy};
