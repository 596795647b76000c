//! `/admin/…`: the administrators' routes — accounts (`users`: list and search, disable and
//! enable), hidden recipes (`recipes`), invitation codes (`invites`), users' reports
//! (`reports`) and the audit log (`audit`); `views` holds their answers. Every route needs an
//! administrator's login session ([`crate::auth::AdminUser`]); every change is written to the
//! audit log in its own transaction.

mod audit;
mod invites;
mod recipes;
mod reports;
mod users;
mod views;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// Every administrators' route.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(users::router())
        .merge(recipes::router())
        .merge(invites::router())
        .merge(reports::router())
        .merge(audit::router())
}
