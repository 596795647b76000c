//! Running a public site: the audit log (`audit`), administering accounts (`accounts`),
//! hiding recipes (`recipes`), invitation codes (`invites`) and users' reports (`reports`).

mod accounts;
pub(crate) mod audit;
mod invites;
mod recipes;
mod reports;

pub use accounts::AccountChange;
pub use audit::{AuditEntry, AuditRecord};
pub(in crate::store) use invites::use_invite;
pub use invites::{Invite, InviteRevocation, NewInvite};
pub use recipes::HideOutcome;
pub use reports::{Filed, Report, ReportStatus, ReportTarget, Resolution};
