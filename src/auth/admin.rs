//! `AdminUser`: an administrator signed in with a login session, as an extractor. The role is
//! read from the database on every request, so a demotion applies at once on every instance.
//! Personal access tokens cannot act as an administrator (403 `session_required`); other
//! accounts get 403 `admin_required`.

use axum::{extract::FromRequestParts, http::request::Parts};

use super::{AuthUser, SessionUser};
use crate::{
    domain::{Actor, Role},
    error::ApiError,
    state::AppState,
    store::User,
};

/// An administrator's request.
#[derive(Debug, Clone)]
pub struct AdminUser {
    /// The credential it came with.
    pub auth: AuthUser,
    /// Their account.
    pub account: User,
}

impl AdminUser {
    /// Who acts, for the audit log.
    pub fn actor(&self) -> Actor {
        Actor::account(self.account.id, &self.account.username)
    }
}

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SessionUser(auth) =
            <SessionUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        let account = state
            .store
            .find_user(auth.user_id)
            .await?
            .ok_or(ApiError::AccountGone)?;
        if account.role != Role::Admin {
            return Err(ApiError::AdminRequired);
        }
        Ok(AdminUser { auth, account })
    }
}
