//! Administering accounts: finding and listing them, creating one, disabling and enabling,
//! changing roles and setting a password. Each change is written with its audit event in one
//! transaction; disabling an account and setting its password end its sessions in it too.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func},
};
use serde_json::json;

use super::audit::{AuditEntry, record};
use crate::{
    domain::{Actor, AuditAction, Email, Role, UserId, Username},
    store::{
        Store, StoreError, User,
        accounts::end_sessions,
        entities::{session, user},
    },
};

/// What a change of an account found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    /// Changed; the account as it is now.
    Changed(User),
    /// It already was so; nothing was written.
    Unchanged(User),
    /// No such account.
    Missing,
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    /// Up to `limit` accounts in id order after `after`, whose username or email contains
    /// `search` (case-insensitively) when given; and whether more follow.
    pub async fn list_users(
        &self,
        search: Option<&str>,
        after: Option<i64>,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<User>, bool), StoreError> {
        let mut query = user::Entity::find()
            .order_by_asc(user::Column::Id)
            .offset(offset)
            .limit(limit.saturating_add(1));
        if let Some(after) = after {
            query = query.filter(user::Column::Id.gt(after));
        }
        if let Some(search) = search {
            let pattern = format!("%{}%", like_literal(&search.to_lowercase()));
            let matches = |column: user::Column| {
                Expr::expr(Func::lower(Expr::col(column)))
                    .like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
            };
            query = query.filter(
                Condition::any()
                    .add(matches(user::Column::Username))
                    .add(matches(user::Column::Email)),
            );
        }
        let mut rows = query.all(&self.db).await?;
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok((rows.into_iter().map(User::from).collect(), more))
    }

    /// Creates an account with `role` and a verified address (an administrator vouches for
    /// it). A taken email is [`StoreError::Conflict`].
    pub async fn create_account(
        &self,
        username: &Username,
        email: &Email,
        password_hash: &str,
        role: Role,
        actor: &Actor,
    ) -> Result<User, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let txn = self.begin_write().await?;
        let row = user::ActiveModel {
            username: Set(username.as_str().to_owned()),
            email: Set(email.as_str().to_owned()),
            password: Set(password_hash.to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            role: Set(role.as_str().to_owned()),
            email_verified: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let created = User::from(row);
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::AccountCreated,
                subject: Some(created.id),
                target: None,
                details: json!({ "role": role.as_str() }),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(created)
    }

    /// Disables (`active = false`: its sessions end at once) or enables account `target`.
    pub async fn set_account_active(
        &self,
        target: UserId,
        active: bool,
        actor: &Actor,
        reason: Option<&str>,
    ) -> Result<AccountChange, StoreError> {
        self.retrying(|| self.set_account_active_once(target, active, actor, reason))
            .await
    }

    async fn set_account_active_once(
        &self,
        target: UserId,
        active: bool,
        actor: &Actor,
        reason: Option<&str>,
    ) -> Result<AccountChange, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let txn = self.begin_write().await?;
        let changed = user::Entity::update_many()
            .set(user::ActiveModel {
                is_active: Set(active),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(target.get()))
            .filter(user::Column::IsActive.eq(!active))
            .exec(&txn)
            .await?
            .rows_affected;
        let Some(row) = user::Entity::find_by_id(target.get()).one(&txn).await? else {
            return Ok(AccountChange::Missing);
        };
        if changed == 0 {
            return Ok(AccountChange::Unchanged(row.into()));
        }
        if !active {
            let all = Condition::all().add(session::Column::UserId.eq(target.get()));
            end_sessions(&txn, all, now).await?;
        }
        let action = if active {
            AuditAction::AccountEnabled
        } else {
            AuditAction::AccountDisabled
        };
        let details = match reason {
            Some(reason) => json!({ "reason": reason }),
            None => serde_json::Value::Null,
        };
        record(
            &txn,
            AuditEntry {
                actor,
                action,
                subject: Some(target),
                target: None,
                details,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(AccountChange::Changed(row.into()))
    }

    /// Gives account `target` the role `role`.
    pub async fn set_role(
        &self,
        target: UserId,
        role: Role,
        actor: &Actor,
    ) -> Result<AccountChange, StoreError> {
        self.retrying(|| self.set_role_once(target, role, actor))
            .await
    }

    async fn set_role_once(
        &self,
        target: UserId,
        role: Role,
        actor: &Actor,
    ) -> Result<AccountChange, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let txn = self.begin_write().await?;
        let changed = user::Entity::update_many()
            .set(user::ActiveModel {
                role: Set(role.as_str().to_owned()),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(target.get()))
            .filter(user::Column::Role.ne(role.as_str()))
            .exec(&txn)
            .await?
            .rows_affected;
        let Some(row) = user::Entity::find_by_id(target.get()).one(&txn).await? else {
            return Ok(AccountChange::Missing);
        };
        if changed == 0 {
            return Ok(AccountChange::Unchanged(row.into()));
        }
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::RoleChanged,
                subject: Some(target),
                target: None,
                details: json!({ "role": role.as_str() }),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(AccountChange::Changed(row.into()))
    }

    /// Sets the password hash of account `target` for an administrator, ending its sessions;
    /// false if there is no such account.
    pub async fn set_password_by_admin(
        &self,
        target: UserId,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<bool, StoreError> {
        self.retrying(|| self.set_password_by_admin_once(target, password_hash, actor))
            .await
    }

    async fn set_password_by_admin_once(
        &self,
        target: UserId,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<bool, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let txn = self.begin_write().await?;
        let changed = user::Entity::update_many()
            .set(user::ActiveModel {
                password: Set(password_hash.to_owned()),
                updated_at: Set(now),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(target.get()))
            .exec(&txn)
            .await?
            .rows_affected;
        if changed == 0 {
            return Ok(false);
        }
        let all = Condition::all().add(session::Column::UserId.eq(target.get()));
        end_sessions(&txn, all, now).await?;
        record(
            &txn,
            AuditEntry {
                actor,
                action: AuditAction::PasswordSetByAdmin,
                subject: Some(target),
                target: None,
                details: serde_json::Value::Null,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(true)
    }
}
