//! What an account may do: an ordinary user, or an administrator of the site.

use std::fmt;

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    User,
    Admin,
}

impl Role {
    /// As stored and shown: `user` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Admin => "admin",
        }
    }

    /// The role stored as `text`; anything unknown is an ordinary user (never more rights).
    pub fn stored(text: &str) -> Self {
        if text == "admin" {
            Role::Admin
        } else {
            Role::User
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn roles_read_back_and_unknown_text_grants_nothing() {
        for role in [Role::User, Role::Admin] {
            assert_eq!(Role::stored(role.as_str()), role);
        }
        assert_eq!(Role::stored("ADMIN"), Role::User);
        assert_eq!(Role::stored(""), Role::User);
    }
}
