//! Hiding recipes: a hidden recipe is taken out of everything others see (it is unpublished,
//! so lists, search, tag counts, feeds, profiles and shared pages lose it) and its owner sees
//! it with the reason; it cannot be published again until unhidden, which restores the
//! publication it had.

use chrono::{SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde_json::json;

use super::audit::{AuditEntry, record};
use crate::{
    domain::{Actor, AuditAction, AuditTarget, RecipeId, UserId},
    store::{Recipe, Store, StoreError, entities::recipe, recipes::adjust_tag_counts},
};

/// What hiding or unhiding found.
#[derive(Debug, Clone, PartialEq)]
pub enum HideOutcome {
    /// Done; the recipe as it is now.
    Changed(Recipe),
    /// It already was so.
    Unchanged(Recipe),
    /// No such recipe.
    Missing,
}

impl Store {
    /// Hides recipe `id` for `reason`.
    pub async fn hide_recipe(
        &self,
        id: RecipeId,
        reason: &str,
        actor: &Actor,
    ) -> Result<HideOutcome, StoreError> {
        self.retrying(|| self.set_hidden_once(id, Some(reason), actor))
            .await
    }

    /// Makes hidden recipe `id` visible again, published if it was when hidden.
    pub async fn unhide_recipe(
        &self,
        id: RecipeId,
        actor: &Actor,
    ) -> Result<HideOutcome, StoreError> {
        self.retrying(|| self.set_hidden_once(id, None, actor))
            .await
    }

    async fn set_hidden_once(
        &self,
        id: RecipeId,
        hide: Option<&str>,
        actor: &Actor,
    ) -> Result<HideOutcome, StoreError> {
        let now = Utc::now().trunc_subsecs(6);
        let txn = self.begin_write().await?;
        let mut update = recipe::Entity::update_many()
            .col_expr(
                recipe::Column::Version,
                Expr::col(recipe::Column::Version).add(1),
            )
            .filter(recipe::Column::Id.eq(id.get()));
        update = match hide {
            // `hidden_published` is assigned first, from the publication before this change.
            Some(reason) => update
                .col_expr(
                    recipe::Column::HiddenPublished,
                    Expr::col(recipe::Column::IsPublish),
                )
                .set(recipe::ActiveModel {
                    is_publish: Set(false),
                    hidden_at: Set(Some(now)),
                    hidden_reason: Set(Some(reason.to_owned())),
                    ..Default::default()
                })
                .filter(recipe::Column::HiddenAt.is_null()),
            None => update
                .col_expr(
                    recipe::Column::IsPublish,
                    Expr::col(recipe::Column::HiddenPublished),
                )
                .set(recipe::ActiveModel {
                    hidden_at: Set(None),
                    hidden_reason: Set(None),
                    hidden_published: Set(false),
                    ..Default::default()
                })
                .filter(recipe::Column::HiddenAt.is_not_null()),
        };
        let changed = update.exec(&txn).await?.rows_affected;
        let Some(row) = recipe::Entity::find_by_id(id.get()).one(&txn).await? else {
            return Ok(HideOutcome::Missing);
        };
        if changed == 0 {
            return Ok(HideOutcome::Unchanged(row.into()));
        }
        let (action, was_published) = match hide {
            Some(_) => (AuditAction::RecipeHidden, row.hidden_published),
            None => (AuditAction::RecipeUnhidden, row.is_publish),
        };
        if was_published {
            let delta = if hide.is_some() { -1 } else { 1 };
            adjust_tag_counts(&txn, id.get(), delta).await?;
        }
        let details = match hide {
            Some(reason) => json!({ "reason": reason, "name": row.name }),
            None => json!({ "name": row.name }),
        };
        record(
            &txn,
            AuditEntry {
                actor,
                action,
                subject: row.user_id.map(UserId::stored),
                target: Some(AuditTarget::Recipe(id.get())),
                details,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(HideOutcome::Changed(row.into()))
    }
}
