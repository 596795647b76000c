//! `/recipes*` and `/tags`: recipes and what is found through them.
//!
//! - `crud`: list, create, read, replace, patch, delete, and "my recipes";
//! - `publish`: `PUT` / `DELETE /recipes/{id}/publish`;
//! - `cover`, `gallery`: a recipe's photos (`/recipes/{id}/cover`, `/recipes/{id}/images*`);
//! - `import`: `POST /recipes/import`, a recipe from a web page or a JSON-LD document;
//! - `tags`: `GET /tags`; `suggest`: `GET /recipes/suggest`, for a search box;
//! - `lists`: answering a page of a recipe list (cursor, `Link`), shared by every list route;
//! - `conditional`: entity tags — `ETag`, `If-Match`, `If-None-Match` — of recipe answers;
//! - `ownership`: loading a recipe for a change by its owner.

mod conditional;
mod cover;
mod crud;
mod gallery;
mod import;
mod lists;
mod ownership;
mod publish;
mod suggest;
mod tags;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub(super) use lists::{answer as answer_list, answer_signed_in};

/// Every route under `/recipes`, and `/tags`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(crud::router())
        .merge(publish::router())
        .merge(cover::router())
        .merge(gallery::router())
        .merge(import::router())
        .merge(suggest::router())
        .merge(tags::router())
}
