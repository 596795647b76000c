//! The community routes: what users do with each other's recipes.
//!
//! - `favorites`: `PUT` / `DELETE /recipes/{id}/favorite`, `GET /users/me/favorites`;
//! - `ratings`: `PUT` / `DELETE /recipes/{id}/rating`;
//! - `comments`: `GET` / `POST /recipes/{id}/comments`, `PATCH` / `DELETE /comments/{id}`;
//! - `collections`: `/collections*`, `GET /users/{id}/collections`, `/users/me/collections`;
//! - `follows`: `PUT` / `DELETE /users/{id}/follow`, `GET /users/{id}/followers|following`,
//!   `GET /users/me/feed`;
//! - `views`: their answers.
//!
//! Nothing of a draft is reachable by anyone but its owner: every route answers 404 for
//! another user's draft, as the recipe routes do.

mod collections;
mod comments;
mod favorites;
mod follows;
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
        .merge(collections::router())
        .merge(follows::router())
}
