//! Running a public site: roles, email verification, languages, hidden recipes, invites,
//! reports and the audit log.
//!
//! - `user` gains `role` (`user`/`admin`), `email_verified`, `pending_email` (an address
//!   waiting for its verification) and `language` (the account's chosen language); a disabled
//!   account is the original's `is_active = 0`.
//! - `recipe` gains `hidden_at`, `hidden_reason` and `hidden_published` (whether it was
//!   published when an administrator hid it, so unhiding restores that).
//! - `email_verification`: single-use verification tokens, by their SHA-256, each for one
//!   address.
//! - `invite`: signup invitation codes, by their SHA-256, with their use counts.
//! - `report`: what users reported (a recipe, a user or a comment) and how it was resolved.
//! - `audit_event`: administrators' actions and security events. Append-only: a trigger refuses
//!   every `UPDATE` and `DELETE` on every back-end; rows keep ids of accounts that may be gone.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum User {
    Table,
    Id,
    Role,
    EmailVerified,
    PendingEmail,
    Language,
}

#[derive(DeriveIden)]
enum Recipe {
    Table,
    HiddenAt,
    HiddenReason,
    HiddenPublished,
}

#[derive(DeriveIden)]
enum EmailVerification {
    Table,
    Id,
    UserId,
    TokenHash,
    Email,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Invite {
    Table,
    Id,
    CodeHash,
    CodeHint,
    Note,
    MaxUses,
    Uses,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Id,
    ReporterId,
    TargetKind,
    TargetId,
    Reason,
    Details,
    Status,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
    Resolution,
}

#[derive(DeriveIden)]
enum AuditEvent {
    Table,
    Id,
    CreatedAt,
    ActorId,
    Actor,
    Action,
    SubjectUserId,
    TargetKind,
    TargetId,
    Details,
}

/// The statements that make `audit_event` append-only, per back-end.
fn append_only(backend: DbBackend) -> Vec<&'static str> {
    match backend {
        DbBackend::Postgres => vec![
            "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger \
             LANGUAGE plpgsql AS $$ BEGIN \
             RAISE EXCEPTION 'audit_event is append-only'; END $$",
            "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event \
             FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
        ],
        DbBackend::MySql => vec![
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW \
             SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_event is append-only'",
            "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event FOR EACH ROW \
             SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_event is append-only'",
        ],
        _ => vec![
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event \
             BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
            "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event \
             BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
        ],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        for column in [
            string_len(User::Role, 16).default("user").take(),
            boolean(User::EmailVerified).default(false).take(),
            string_len_null(User::PendingEmail, 320),
            string_len_null(User::Language, 8),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(User::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            super::instant(manager, Recipe::HiddenAt).null().take(),
            string_len_null(Recipe::HiddenReason, 500),
            boolean(Recipe::HiddenPublished).default(false).take(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Recipe::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(EmailVerification::Table)
                    .if_not_exists()
                    .col(big_pk_auto(EmailVerification::Id))
                    .col(big_integer(EmailVerification::UserId))
                    .col(string_len_uniq(EmailVerification::TokenHash, 64))
                    .col(string_len(EmailVerification::Email, 320))
                    .col(super::instant(manager, EmailVerification::CreatedAt))
                    .col(super::instant(manager, EmailVerification::ExpiresAt))
                    .col(
                        super::instant(manager, EmailVerification::UsedAt)
                            .null()
                            .take(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_verification_user")
                            .from(EmailVerification::Table, EmailVerification::UserId)
                            .to(User::Table, User::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_verification_user")
                    .table(EmailVerification::Table)
                    .col(EmailVerification::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invite::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Invite::Id))
                    .col(string_len_uniq(Invite::CodeHash, 64))
                    .col(string_len(Invite::CodeHint, 16))
                    .col(string_len_null(Invite::Note, 200))
                    .col(integer(Invite::MaxUses))
                    .col(integer(Invite::Uses).default(0))
                    .col(big_integer_null(Invite::CreatedBy))
                    .col(super::instant(manager, Invite::CreatedAt))
                    .col(super::instant(manager, Invite::ExpiresAt).null().take())
                    .col(super::instant(manager, Invite::RevokedAt).null().take())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Report::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Report::Id))
                    .col(big_integer_null(Report::ReporterId))
                    .col(string_len(Report::TargetKind, 16))
                    .col(big_integer(Report::TargetId))
                    .col(string_len(Report::Reason, 32))
                    .col(string_len_null(Report::Details, 1000))
                    .col(string_len(Report::Status, 16))
                    .col(super::instant(manager, Report::CreatedAt))
                    .col(super::instant(manager, Report::ResolvedAt).null().take())
                    .col(big_integer_null(Report::ResolvedBy))
                    .col(string_len_null(Report::Resolution, 500))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_status")
                    .table(Report::Table)
                    .col(Report::Status)
                    .col(Report::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_report_target")
                    .table(Report::Table)
                    .col(Report::TargetKind)
                    .col(Report::TargetId)
                    .col(Report::ReporterId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEvent::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AuditEvent::Id))
                    .col(super::instant(manager, AuditEvent::CreatedAt))
                    .col(big_integer_null(AuditEvent::ActorId))
                    .col(string_len(AuditEvent::Actor, 100))
                    .col(string_len(AuditEvent::Action, 40))
                    .col(big_integer_null(AuditEvent::SubjectUserId))
                    .col(string_len_null(AuditEvent::TargetKind, 16))
                    .col(big_integer_null(AuditEvent::TargetId))
                    .col(super::long_text(manager, AuditEvent::Details))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for statement in append_only(manager.get_database_backend()) {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvent::Table.into_iden(),
            Report::Table.into_iden(),
            Invite::Table.into_iden(),
            EmailVerification::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_event_append_only()")
                .await?;
        }
        for column in [
            Recipe::HiddenAt.into_iden(),
            Recipe::HiddenReason.into_iden(),
            Recipe::HiddenPublished.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Recipe::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            User::Role.into_iden(),
            User::EmailVerified.into_iden(),
            User::PendingEmail.into_iden(),
            User::Language.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(User::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
