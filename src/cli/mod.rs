//! The commands besides serving: `recipe-api copy` (`copy`: a deployment from one database to
//! another) and `recipe-api dev generate` (`generate`: realistic data in bulk).

pub mod copy;
pub mod generate;
