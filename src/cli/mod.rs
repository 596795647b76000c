//! The commands besides serving: `recipe-api copy` (`copy`: a deployment from one database to
//! another), `recipe-api admin …` (`admin`: checking the mail setup) and `recipe-api dev
//! generate` (`generate`: realistic data in bulk).

pub mod admin;
pub mod copy;
pub mod generate;
