//! Accounts: creating them, finding them by email, and checking that a session's user exists.
//! An account is handed out as a [`User`], which has no password hash: only [`Credentials`]
//! (for checking a password) carry it.

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, Query},
};

use super::email_verifications::{NewVerification, issue};
use crate::domain::{Email, Language, Photo, Role, SessionId, UserId, Username};
use crate::store::{
    Store, StoreError,
    admin::use_invite,
    community::forget_account,
    entities::{revoked_token, session, user},
    photos::decode_json,
    sql::Sql,
};

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    /// In its canonical form (see `domain::Email`).
    pub email: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Its avatar, if it has one.
    pub avatar: Option<Photo>,
    /// How many users follow it, and how many it follows.
    pub follower_count: i64,
    pub following_count: i64,
    /// False once disabled by an administrator.
    pub is_active: bool,
    pub role: Role,
    /// Whether `email` was proved to belong to the account.
    pub email_verified: bool,
    /// A new address waiting for its verification.
    pub pending_email: Option<String>,
    /// The account's chosen language (`None`: the browser's).
    pub language: Option<Language>,
}

/// An account with what proves a login: its password hash (a PHC string).
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

impl From<user::Model> for Credentials {
    fn from(row: user::Model) -> Self {
        Credentials {
            user: User {
                id: UserId::stored(row.id),
                username: row.username,
                email: row.email,
                created_at: row.created_at,
                updated_at: row.updated_at,
                avatar: decode_json(row.avatar.as_deref()),
                follower_count: row.follower_count,
                following_count: row.following_count,
                is_active: row.is_active,
                role: Role::stored(&row.role),
                email_verified: row.email_verified,
                pending_email: row.pending_email,
                language: row.language.as_deref().and_then(Language::from_code),
            },
            password_hash: row.password,
        }
    }
}

impl From<user::Model> for User {
    fn from(row: user::Model) -> Self {
        Credentials::from(row).user
    }
}

impl Store {
    /// Creates an account, using the invitation code hashed `invite` when given, and starts the
    /// verification of its address (`verification`, whose mail goes to `email`) — all in one
    /// transaction: a refused registration uses nothing and mails nothing. A taken email (the
    /// unique index decides, even under concurrent registrations) is [`StoreError::Conflict`];
    /// `None` when the invitation is unknown, revoked, expired or used up.
    pub async fn insert_user(
        &self,
        username: &Username,
        email: &Email,
        password_hash: &str,
        invite: Option<&str>,
        verification: &NewVerification,
    ) -> Result<Option<User>, StoreError> {
        self.retrying(|| {
            self.insert_user_once(username, email, password_hash, invite, verification)
        })
        .await
    }

    async fn insert_user_once(
        &self,
        username: &Username,
        email: &Email,
        password_hash: &str,
        invite: Option<&str>,
        verification: &NewVerification,
    ) -> Result<Option<User>, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let txn = self.begin_write().await?;
        if let Some(invite) = invite
            && !use_invite(&txn, invite).await?
        {
            return Ok(None);
        }
        let row = user::ActiveModel {
            username: Set(username.as_str().to_owned()),
            email: Set(email.as_str().to_owned()),
            password: Set(password_hash.to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        issue(&txn, UserId::stored(row.id), verification, now).await?;
        txn.commit().await?;
        Ok(Some(row.into()))
    }

    /// The account registered with `email`, if any, with its password hash.
    pub async fn find_credentials(&self, email: &Email) -> Result<Option<Credentials>, StoreError> {
        Ok(user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?
            .map(Credentials::from))
    }

    /// The password hash of account `user_id`, if it exists.
    pub async fn password_hash(&self, user_id: UserId) -> Result<Option<String>, StoreError> {
        Ok(user::Entity::find_by_id(user_id.get())
            .one(&self.db)
            .await?
            .map(|row| row.password))
    }

    /// Replaces the password hash of `user_id` (e.g. upgrading a legacy hash to argon2id).
    pub async fn update_password_hash(
        &self,
        user_id: UserId,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let row = user::ActiveModel {
            password: Set(password_hash.to_owned()),
            ..Default::default()
        };
        self.update_account(user_id, row).await
    }

    /// The account `user_id`, if it exists.
    pub async fn find_user(&self, user_id: UserId) -> Result<Option<User>, StoreError> {
        Ok(user::Entity::find_by_id(user_id.get())
            .one(&self.db)
            .await?
            .map(User::from))
    }

    /// Renames `user_id` and/or sets its language (`Some(None)`: follow the browser's); `None`
    /// if the account does not exist.
    pub async fn update_profile(
        &self,
        user_id: UserId,
        username: Option<&Username>,
        language: Option<Option<Language>>,
    ) -> Result<Option<User>, StoreError> {
        let mut row = user::ActiveModel {
            ..Default::default()
        };
        if let Some(username) = username {
            row.username = Set(username.as_str().to_owned());
        }
        if let Some(language) = language {
            row.language = Set(language.map(|l| l.code().to_owned()));
        }
        if username.is_some() || language.is_some() {
            self.update_account(user_id, row).await?;
        }
        self.find_user(user_id).await
    }

    /// Writes the set columns of `row` and a fresh `updated_at` to account `user_id`.
    async fn update_account(
        &self,
        user_id: UserId,
        mut row: user::ActiveModel,
    ) -> Result<(), StoreError> {
        row.updated_at = Set(Utc::now().trunc_subsecs(6));
        user::Entity::update_many()
            .set(row)
            .filter(user::Column::Id.eq(user_id.get()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Deletes `user_id` with everything it owns (recipes, sessions and personal tokens go by
    /// cascade); false if there was no such account.
    /// Their published recipes are first taken out of their tags' counts, with the recipes'
    /// rows locked so that a concurrent publish cannot slip in between.
    pub async fn delete_user(&self, user_id: UserId) -> Result<bool, StoreError> {
        self.retrying(|| self.delete_user_once(user_id)).await
    }

    /// One attempt of [`Store::delete_user`].
    async fn delete_user_once(&self, user_id: UserId) -> Result<bool, StoreError> {
        let txn = self.begin_write().await?;
        let backend = txn.get_database_backend();
        let mut lock = Sql::new(backend);
        lock.push("UPDATE recipe SET is_publish = is_publish WHERE user_id = ")
            .bind(user_id.get());
        txn.execute_raw(lock.build()).await?;
        let mut uncount = Sql::new(backend);
        uncount
            .push(
                "UPDATE tag SET recipe_count = recipe_count - (SELECT COUNT(*) FROM recipe_tag rt \
                   JOIN recipe r ON r.id = rt.recipe_id WHERE rt.tag_id = tag.id AND r.user_id = ",
            )
            .bind(user_id.get())
            .push(" AND r.is_publish = ")
            .bind(true)
            .push(
                ") WHERE id IN (SELECT rt.tag_id FROM recipe_tag rt JOIN recipe r \
                   ON r.id = rt.recipe_id WHERE r.user_id = ",
            )
            .bind(user_id.get())
            .push(" AND r.is_publish = ")
            .bind(true)
            .push(")");
        txn.execute_raw(uncount.build()).await?;
        forget_account(&txn, user_id).await?;
        let result = user::Entity::delete_by_id(user_id.get()).exec(&txn).await?;
        txn.commit().await?;
        Ok(result.rows_affected > 0)
    }

    /// The common case of checking an access token, in one query: true when account `user_id`
    /// exists and is not disabled, `jti` has not been revoked and — when given — session `session_id` of that user
    /// is active. When false, the separate checks tell which condition failed.
    pub async fn access_is_valid(
        &self,
        user_id: UserId,
        jti: &str,
        session_id: Option<SessionId>,
    ) -> Result<bool, StoreError> {
        let revoked = Query::select()
            .expr(Expr::val(1))
            .from(revoked_token::Entity)
            .and_where(revoked_token::Column::Jti.eq(jti))
            .take();
        let mut query = user::Entity::find_by_id(user_id.get())
            .filter(user::Column::IsActive.eq(true))
            .filter(Expr::exists(revoked).not());
        if let Some(session_id) = session_id {
            let active = Query::select()
                .expr(Expr::val(1))
                .from(session::Entity)
                .and_where(session::Column::Id.eq(session_id.get()))
                .and_where(session::Column::UserId.eq(user_id.get()))
                .and_where(session::Column::RevokedAt.is_null())
                .and_where(session::Column::ExpiresAt.gt(Utc::now()))
                .take();
            query = query.filter(Expr::exists(active));
        }
        Ok(query.count(&self.db).await? > 0)
    }

    /// True when the account `user_id` exists and was disabled.
    pub async fn user_is_disabled(&self, user_id: UserId) -> Result<bool, StoreError> {
        let count = user::Entity::find_by_id(user_id.get())
            .filter(user::Column::IsActive.eq(false))
            .count(&self.db)
            .await?;
        Ok(count > 0)
    }

    /// True when the account `user_id` still exists.
    pub async fn user_exists(&self, user_id: UserId) -> Result<bool, StoreError> {
        let count = user::Entity::find_by_id(user_id.get())
            .count(&self.db)
            .await?;
        Ok(count > 0)
    }
}
