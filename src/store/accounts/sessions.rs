//! Sessions and their refresh tokens.
//!
//! A session is one login. Each refresh exchanges the presented refresh token for a new one in
//! the same session; the old one is marked used. Presenting a used token again means it was
//! copied: the whole session is revoked (reuse detection, OAuth 2.0 Security BCP §4.14) —
//! except within a short grace window after it was spent, while its successor is still unused:
//! that is a client retrying a refresh whose answer it lost (or two browser tabs refreshing at
//! once), and it is told the same successor again. Only SHA-256 hashes of refresh tokens are
//! stored. Marking a token used is a conditional UPDATE, so of two concurrent refreshes with the
//! same token exactly one rotates it; the other waits for it and then finds it spent.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};

use crate::domain::{SessionId, UserId};
use crate::store::{
    Store, StoreError,
    entities::{refresh_token, session},
};

/// A login session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub user_id: UserId,
    /// The `User-Agent` of the login, shortened.
    pub user_agent: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The last refresh (or the login).
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl From<session::Model> for Session {
    fn from(row: session::Model) -> Self {
        Session {
            id: SessionId::stored(row.id),
            user_id: UserId::stored(row.user_id),
            user_agent: row.user_agent,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
        }
    }
}

/// What a refresh attempt found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refresh {
    /// The token was current (it is now used and `new_hash` is the session's current token), or
    /// it was spent at `rotated_at`, within the grace window, and `new_hash` is still unused.
    Rotated {
        user_id: UserId,
        session_id: SessionId,
        rotated_at: DateTime<Utc>,
    },
    /// The token had been used before: its session is now revoked.
    Reused,
    /// Unknown, expired, or from a revoked or expired session.
    Invalid,
}

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

impl Store {
    /// Starts a session for `user_id` whose first refresh token has hash `token_hash`.
    pub async fn create_session(
        &self,
        user_id: UserId,
        user_agent: Option<&str>,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Session, StoreError> {
        self.retrying(|| self.create_session_once(user_id, user_agent, token_hash, expires_at))
            .await
    }

    /// One attempt of [`Store::create_session`].
    async fn create_session_once(
        &self,
        user_id: UserId,
        user_agent: Option<&str>,
        token_hash: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Session, StoreError> {
        let now = now();
        let txn = self.begin_write().await?;
        let session = session::ActiveModel {
            user_id: Set(user_id.get()),
            user_agent: Set(user_agent.map(str::to_owned)),
            created_at: Set(now),
            last_used_at: Set(now),
            expires_at: Set(expires_at),
            revoked_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        refresh_token::ActiveModel {
            token_hash: Set(token_hash.to_owned()),
            session_id: Set(session.id),
            created_at: Set(now),
            expires_at: Set(expires_at),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(session.into())
    }

    /// Exchanges the refresh token hashed `old_hash` for `new_hash` (valid until `expires_at`);
    /// `new_hash` is the same for every exchange of one token. A token spent less than `grace`
    /// ago whose successor `new_hash` is unused answers that successor again.
    pub async fn refresh_session(
        &self,
        old_hash: &str,
        new_hash: &str,
        expires_at: DateTime<Utc>,
        grace: std::time::Duration,
    ) -> Result<Refresh, StoreError> {
        self.retrying(|| self.refresh_session_once(old_hash, new_hash, expires_at, grace))
            .await
    }

    /// One attempt of [`Store::refresh_session`].
    async fn refresh_session_once(
        &self,
        old_hash: &str,
        new_hash: &str,
        expires_at: DateTime<Utc>,
        grace: std::time::Duration,
    ) -> Result<Refresh, StoreError> {
        let now = now();
        let txn = self.begin_write().await?;
        // Write first, so SQLite takes its write lock (waiting for it) before reading.
        let claimed = refresh_token::Entity::update_many()
            .set(refresh_token::ActiveModel {
                used_at: Set(Some(now)),
                ..Default::default()
            })
            .filter(refresh_token::Column::TokenHash.eq(old_hash))
            .filter(refresh_token::Column::UsedAt.is_null())
            .filter(refresh_token::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?
            .rows_affected;
        let token = refresh_token::Entity::find_by_id(old_hash.to_owned())
            .one(&txn)
            .await?;
        let Some(token) = token else {
            return Ok(Refresh::Invalid);
        };
        let session = session::Entity::find_by_id(token.session_id)
            .one(&txn)
            .await?;
        let Some(session) = session.filter(|s| s.revoked_at.is_none() && s.expires_at > now) else {
            return Ok(Refresh::Invalid);
        };
        if claimed == 0 {
            let Some(used_at) = token.used_at else {
                return Ok(Refresh::Invalid); // expired
            };
            let grace = chrono::Duration::from_std(grace).unwrap_or(chrono::Duration::MAX);
            if now - used_at <= grace && successor_unused(&txn, new_hash, session.id).await? {
                return Ok(Refresh::Rotated {
                    user_id: UserId::stored(session.user_id),
                    session_id: SessionId::stored(session.id),
                    rotated_at: used_at,
                });
            }
            let reused = Condition::all().add(session::Column::Id.eq(session.id));
            revoke(&txn, reused, now).await?;
            txn.commit().await?;
            return Ok(Refresh::Reused);
        }
        refresh_token::ActiveModel {
            token_hash: Set(new_hash.to_owned()),
            session_id: Set(session.id),
            created_at: Set(now),
            expires_at: Set(expires_at.min(session.expires_at)),
            used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        session::Entity::update_many()
            .set(session::ActiveModel {
                last_used_at: Set(now),
                ..Default::default()
            })
            .filter(session::Column::Id.eq(session.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(Refresh::Rotated {
            user_id: UserId::stored(session.user_id),
            session_id: SessionId::stored(session.id),
            rotated_at: now,
        })
    }

    /// True when session `session_id` of `user_id` is neither revoked nor expired.
    pub async fn session_is_active(
        &self,
        session_id: SessionId,
        user_id: UserId,
    ) -> Result<bool, StoreError> {
        let count = session::Entity::find_by_id(session_id.get())
            .filter(session::Column::UserId.eq(user_id.get()))
            .filter(session::Column::RevokedAt.is_null())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .count(&self.db)
            .await?;
        Ok(count > 0)
    }

    /// Revokes session `session_id` of `user_id`; false if there is no such active session.
    pub async fn revoke_session(
        &self,
        session_id: SessionId,
        user_id: UserId,
    ) -> Result<bool, StoreError> {
        let active = Condition::all()
            .add(session::Column::Id.eq(session_id.get()))
            .add(session::Column::UserId.eq(user_id.get()));
        Ok(revoke(&self.db, active, now()).await? > 0)
    }

    /// Revokes the session that issued the refresh token hashed `token_hash` (used or not);
    /// false if there is no such token or its session had already ended.
    pub async fn revoke_session_of_refresh_token(
        &self,
        token_hash: &str,
    ) -> Result<bool, StoreError> {
        let token = refresh_token::Entity::find_by_id(token_hash.to_owned())
            .one(&self.db)
            .await?;
        let Some(token) = token else {
            return Ok(false);
        };
        let active = Condition::all().add(session::Column::Id.eq(token.session_id));
        Ok(revoke(&self.db, active, now()).await? > 0)
    }

    /// Revokes every active session of `user_id` except `keep`.
    pub async fn revoke_other_sessions(
        &self,
        user_id: UserId,
        keep: Option<SessionId>,
    ) -> Result<u64, StoreError> {
        let mut others = Condition::all().add(session::Column::UserId.eq(user_id.get()));
        if let Some(keep) = keep {
            others = others.add(session::Column::Id.ne(keep.get()));
        }
        revoke(&self.db, others, now()).await
    }

    /// The active sessions of `user_id`, most recently used first.
    pub async fn active_sessions(&self, user_id: UserId) -> Result<Vec<Session>, StoreError> {
        Ok(session::Entity::find()
            .filter(session::Column::UserId.eq(user_id.get()))
            .filter(session::Column::RevokedAt.is_null())
            .filter(session::Column::ExpiresAt.gt(Utc::now()))
            .order_by_desc(session::Column::LastUsedAt)
            .order_by_desc(session::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Session::from)
            .collect())
    }
}

/// Whether the refresh token hashed `hash`, of session `session_id`, exists and is unused.
async fn successor_unused(
    txn: &sea_orm::DatabaseTransaction,
    hash: &str,
    session_id: i64,
) -> Result<bool, StoreError> {
    let count = refresh_token::Entity::find_by_id(hash.to_owned())
        .filter(refresh_token::Column::SessionId.eq(session_id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .count(txn)
        .await?;
    Ok(count > 0)
}

/// Ends, at `at`, the sessions matching `which` that have not ended yet; how many.
pub(in crate::store) async fn revoke(
    db: &impl ConnectionTrait,
    which: Condition,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let result = session::Entity::update_many()
        .set(session::ActiveModel {
            revoked_at: Set(Some(at)),
            ..Default::default()
        })
        .filter(which.add(session::Column::RevokedAt.is_null()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
