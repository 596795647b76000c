//! What the audit log records: who did what ([`Actor`], [`AuditAction`]) to what
//! ([`AuditTarget`]). Its details never hold a token or a password.

/// Who did it: an account (as it was named then), or the command line of the server's host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<super::UserId>,
    pub name: String,
}

impl Actor {
    /// An account, by its id and username.
    pub fn account(id: super::UserId, name: &str) -> Self {
        Actor {
            id: Some(id),
            name: name.to_owned(),
        }
    }

    /// `recipe-api admin …` on the server's host.
    pub fn command_line() -> Self {
        Actor {
            id: None,
            name: "command line".to_owned(),
        }
    }
}

/// Defines [`AuditAction`] with its stored names.
macro_rules! audit_actions {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// Something the audit log records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum AuditAction {
            $($(#[$doc])* $variant,)*
        }

        impl AuditAction {
            /// Every action.
            pub const ALL: &'static [AuditAction] = &[$(AuditAction::$variant,)*];

            /// As stored and shown.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(AuditAction::$variant => $text,)*
                }
            }
        }
    };
}

audit_actions! {
    /// An administrator created an account.
    AccountCreated = "account_created",
    /// An account was disabled: it cannot sign in and its credentials stop working.
    AccountDisabled = "account_disabled",
    /// A disabled account was enabled again.
    AccountEnabled = "account_enabled",
    /// An account became an administrator, or stopped being one.
    RoleChanged = "role_changed",
    /// A password was set with a reset link from a mail.
    PasswordReset = "password_reset",
    /// An administrator set a new password for an account.
    PasswordSetByAdmin = "password_set_by_admin",
    /// The account's owner changed its password.
    PasswordChanged = "password_changed",
    /// A new email address was asked for (it applies once verified).
    EmailChangeRequested = "email_change_requested",
    /// A new email address was verified and now applies.
    EmailChanged = "email_changed",
    /// An administrator hid a recipe.
    RecipeHidden = "recipe_hidden",
    /// An administrator made a hidden recipe visible again.
    RecipeUnhidden = "recipe_unhidden",
    /// An invitation code was created.
    InviteCreated = "invite_created",
    /// An invitation code was revoked.
    InviteRevoked = "invite_revoked",
    /// A report was resolved.
    ReportResolved = "report_resolved",
}

/// What an action was done to, besides the account it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditTarget {
    Recipe(i64),
    Invite(i64),
    Report(i64),
}

impl AuditTarget {
    /// The kind, as stored, and the id.
    pub fn parts(self) -> (&'static str, i64) {
        match self {
            AuditTarget::Recipe(id) => ("recipe", id),
            AuditTarget::Invite(id) => ("invite", id),
            AuditTarget::Report(id) => ("report", id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn action_names_are_distinct_snake_case() {
        let mut names: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        assert!(
            names
                .iter()
                .all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        );
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}
