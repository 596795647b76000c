//! Accounts: creating them, finding them by email, and checking that a session's user exists.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, Query},
};

use super::{
    Store, StoreError, User,
    entities::{revoked_token, session, user},
    error::retry_on_contention,
    sql::Sql,
};
use crate::domain::{Email, Username};

impl Store {
    /// Creates an account. A taken email (the unique index decides, even under concurrent
    /// registrations) is [`StoreError::Conflict`].
    pub async fn insert_user(
        &self,
        username: &Username,
        email: &Email,
        password_hash: &str,
    ) -> Result<User, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let row = user::ActiveModel {
            username: Set(username.as_str().to_owned()),
            email: Set(email.as_str().to_owned()),
            password: Set(password_hash.to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        Ok(row.insert(&self.db).await?)
    }

    /// The account registered with `email`, if any.
    pub async fn find_user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        Ok(user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?)
    }

    /// Replaces the password hash of `user_id` (e.g. upgrading a legacy hash to argon2id).
    pub async fn update_password_hash(
        &self,
        user_id: i64,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let row = user::ActiveModel {
            password: Set(password_hash.to_owned()),
            ..Default::default()
        };
        self.update_account(user_id, row).await
    }

    /// The account `user_id`, if it exists.
    pub async fn find_user(&self, user_id: i64) -> Result<Option<User>, StoreError> {
        Ok(user::Entity::find_by_id(user_id).one(&self.db).await?)
    }

    /// Renames `user_id`; `None` if the account does not exist.
    pub async fn update_username(
        &self,
        user_id: i64,
        username: &Username,
    ) -> Result<Option<User>, StoreError> {
        let row = user::ActiveModel {
            username: Set(username.as_str().to_owned()),
            ..Default::default()
        };
        self.update_account(user_id, row).await?;
        self.find_user(user_id).await
    }

    /// Writes the set columns of `row` and a fresh `updated_at` to account `user_id`.
    async fn update_account(
        &self,
        user_id: i64,
        mut row: user::ActiveModel,
    ) -> Result<(), StoreError> {
        row.updated_at = Set(Utc::now().trunc_subsecs(6));
        user::Entity::update_many()
            .set(row)
            .filter(user::Column::Id.eq(user_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Deletes `user_id` with everything it owns (recipes, sessions and personal tokens go by
    /// cascade); false if there was no such account.
    /// Their published recipes are first taken out of their tags' counts, with the recipes'
    /// rows locked so that a concurrent publish cannot slip in between.
    pub async fn delete_user(&self, user_id: i64) -> Result<bool, StoreError> {
        retry_on_contention(|| self.delete_user_once(user_id)).await
    }

    /// One attempt of [`Store::delete_user`].
    async fn delete_user_once(&self, user_id: i64) -> Result<bool, StoreError> {
        let txn = self.begin_write().await?;
        let backend = txn.get_database_backend();
        let mut lock = Sql::new(backend);
        lock.push("UPDATE recipe SET is_publish = is_publish WHERE user_id = ")
            .bind(user_id);
        txn.execute_raw(lock.build()).await?;
        let mut uncount = Sql::new(backend);
        uncount
            .push(
                "UPDATE tag SET recipe_count = recipe_count - (SELECT COUNT(*) FROM recipe_tag rt \
                   JOIN recipe r ON r.id = rt.recipe_id WHERE rt.tag_id = tag.id AND r.user_id = ",
            )
            .bind(user_id)
            .push(" AND r.is_publish = ")
            .bind(true)
            .push(
                ") WHERE id IN (SELECT rt.tag_id FROM recipe_tag rt JOIN recipe r \
                   ON r.id = rt.recipe_id WHERE r.user_id = ",
            )
            .bind(user_id)
            .push(" AND r.is_publish = ")
            .bind(true)
            .push(")");
        txn.execute_raw(uncount.build()).await?;
        let result = user::Entity::delete_by_id(user_id).exec(&txn).await?;
        txn.commit().await?;
        Ok(result.rows_affected > 0)
    }

    /// The common case of checking an access token, in one query: true when account `user_id`
    /// exists, `jti` has not been revoked and — when given — session `session_id` of that user
    /// is active. When false, the separate checks tell which condition failed.
    pub async fn access_is_valid(
        &self,
        user_id: i64,
        jti: &str,
        session_id: Option<i64>,
    ) -> Result<bool, StoreError> {
        let revoked = Query::select()
            .expr(Expr::val(1))
            .from(revoked_token::Entity)
            .and_where(revoked_token::Column::Jti.eq(jti))
            .take();
        let mut query = user::Entity::find_by_id(user_id).filter(Expr::exists(revoked).not());
        if let Some(session_id) = session_id {
            let active = Query::select()
                .expr(Expr::val(1))
                .from(session::Entity)
                .and_where(session::Column::Id.eq(session_id))
                .and_where(session::Column::UserId.eq(user_id))
                .and_where(session::Column::RevokedAt.is_null())
                .and_where(session::Column::ExpiresAt.gt(Utc::now()))
                .take();
            query = query.filter(Expr::exists(active));
        }
        Ok(query.count(&self.db).await? > 0)
    }

    /// True when the account `user_id` still exists.
    pub async fn user_exists(&self, user_id: i64) -> Result<bool, StoreError> {
        let count = user::Entity::find_by_id(user_id).count(&self.db).await?;
        Ok(count > 0)
    }
}
