//! The mail outbox: a message is queued in the transaction of the change that causes it
//! ([`queue_mail`]), so it exists exactly when the change does, and a worker claims due
//! messages, sends them and records the outcome.
//!
//! **Sent once with several instances.** Claiming is one transaction that picks due rows and
//! moves their `next_attempt_at` past a lease: on PostgreSQL and MySQL/MariaDB the pick is a
//! locking read that skips rows another instance is claiming (`FOR UPDATE SKIP LOCKED`); on
//! SQLite the claim holds the database's write lock. A claimed message is due again only when
//! its lease runs out — when the instance that claimed it stopped before recording the outcome;
//! then, and only then, can a message that did reach the SMTP server be sent a second time.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};

use crate::store::{Store, StoreError, entities::outbox_message, sql::Sql};

/// `status` of a message waiting to be sent.
const QUEUED: &str = "queued";

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// What it is about (`password_reset`, `password_changed`, …), for logs and metrics.
    pub kind: &'static str,
    pub recipient: String,
    /// `en` or `ko`.
    pub language: &'static str,
    /// Subject and bodies, sealed (see `crate::mail::MailKey`).
    pub sealed: String,
}

/// A claimed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedMail {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub sealed: String,
    /// Attempts before this one.
    pub attempts: i32,
}

/// What became of a claimed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    Sent,
    /// Try again at `retry_at`.
    Retry {
        retry_at: DateTime<Utc>,
        error: String,
    },
    /// Given up: `failed` (the SMTP server refused it for good, or too many attempts) or
    /// `unsent` (no SMTP server is configured).
    GivenUp {
        status: &'static str,
        error: String,
    },
}

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Queues `mail` in the transaction `txn` (due at once).
pub(crate) async fn queue_mail(
    txn: &impl ConnectionTrait,
    mail: &OutgoingMail,
) -> Result<(), StoreError> {
    let at = now();
    outbox_message::Entity::insert(outbox_message::ActiveModel {
        kind: Set(mail.kind.to_owned()),
        recipient: Set(mail.recipient.clone()),
        language: Set(mail.language.to_owned()),
        sealed: Set(mail.sealed.clone()),
        status: Set(QUEUED.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(at),
        last_error: Set(None),
        created_at: Set(at),
        sent_at: Set(None),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

impl Store {
    /// Claims up to `limit` due messages, oldest first, for `lease`: no other claim returns
    /// them before it runs out.
    pub async fn claim_mail(
        &self,
        limit: u64,
        lease: std::time::Duration,
    ) -> Result<Vec<ClaimedMail>, StoreError> {
        let at = now();
        let txn = self.begin_write().await?;
        let backend = txn.get_database_backend();
        let mut pick = Sql::new(backend);
        pick.push("SELECT id FROM outbox_message WHERE status = ")
            .bind(QUEUED)
            .push(" AND next_attempt_at <= ")
            .bind(at)
            .push(" ORDER BY next_attempt_at, id LIMIT ")
            .push(&Ord::min(limit, 1_000).to_string());
        if backend != DbBackend::Sqlite {
            pick.push(" FOR UPDATE SKIP LOCKED");
        }
        let ids: Vec<i64> = txn
            .query_all_raw(pick.build())
            .await?
            .iter()
            .map(|row| row.try_get::<i64>("", "id"))
            .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            txn.commit().await?;
            return Ok(Vec::new());
        }
        let until = at + Duration::from_std(lease).unwrap_or(Duration::minutes(5));
        outbox_message::Entity::update_many()
            .set(outbox_message::ActiveModel {
                next_attempt_at: Set(until),
                ..Default::default()
            })
            .filter(outbox_message::Column::Id.is_in(ids.iter().copied()))
            .exec(&txn)
            .await?;
        let rows = outbox_message::Entity::find()
            .filter(outbox_message::Column::Id.is_in(ids))
            .order_by_asc(outbox_message::Column::Id)
            .all(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows
            .into_iter()
            .map(|row| ClaimedMail {
                id: row.id,
                kind: row.kind,
                recipient: row.recipient,
                sealed: row.sealed,
                attempts: row.attempts,
            })
            .collect())
    }

    /// Records what became of claimed message `id`. A sent or abandoned message's sealed
    /// content is emptied: nothing it held (a reset link) stays in the database.
    pub async fn record_mail_outcome(
        &self,
        id: i64,
        outcome: &MailOutcome,
    ) -> Result<(), StoreError> {
        let mut change = outbox_message::ActiveModel::default();
        match outcome {
            MailOutcome::Sent => {
                change.status = Set("sent".to_owned());
                change.sent_at = Set(Some(now()));
                change.sealed = Set(String::new());
                change.last_error = Set(None);
            }
            MailOutcome::Retry { retry_at, error } => {
                change.next_attempt_at = Set(*retry_at);
                change.last_error = Set(Some(shorten(error)));
            }
            MailOutcome::GivenUp { status, error } => {
                change.status = Set((*status).to_owned());
                change.sealed = Set(String::new());
                change.last_error = Set(Some(shorten(error)));
            }
        }
        outbox_message::Entity::update_many()
            .set(change)
            .col_expr(
                outbox_message::Column::Attempts,
                Expr::col(outbox_message::Column::Attempts).add(1),
            )
            .filter(outbox_message::Column::Id.eq(id))
            .filter(outbox_message::Column::Status.eq(QUEUED))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Deletes messages that left the queue more than `age` ago; how many.
    pub async fn prune_mail(&self, age: std::time::Duration) -> Result<u64, StoreError> {
        let before = now() - Duration::from_std(age).unwrap_or(Duration::days(30));
        let result = outbox_message::Entity::delete_many()
            .filter(outbox_message::Column::Status.ne(QUEUED))
            .filter(outbox_message::Column::CreatedAt.lt(before))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected)
    }
}

/// An error message cut to the column's 500 characters.
fn shorten(error: &str) -> String {
    error.chars().take(500).collect()
}
