//! The community routes: what users do with each other's recipes.
//!
//! - `favorites`: `PUT` / `DELETE /recipes/{id}/favorite`, `GET /users/me/favorites`;
//! - `ratings`: `PUT` / `DELETE /recipes/{id}/rating`;
//! - `comments`: `GET` / `POST /recipes/{id}/comments`, `PATCH` / `DELETE /comments/{id}`;
//! - `views`: their answers.
//!
//! Nothing of a draft is reachable by anyone but its owner: every route answers 404 for
//! another user's draft, as the recipe routes do.

mod comments;
mod favorites;
mod ratings;
mod views;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// Every community route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(favorites::router())
        .merge(ratings::router())
        .merge(comments::router())
}
