//! Who may register (`SIGNUP`): anyone, holders of an invitation code, or nobody (accounts
//! are then made by `recipe-api admin create-user`).

/// The site's registration policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignupMode {
    /// Anyone may register (the original's behaviour).
    #[default]
    Open,
    /// Registering needs an invitation code (`invite_code`).
    Invite,
    /// Nobody may register.
    Closed,
}

impl SignupMode {
    /// The mode named `text` (`open`, `invite`, `closed`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "open" => Some(SignupMode::Open),
            "invite" => Some(SignupMode::Invite),
            "closed" => Some(SignupMode::Closed),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SignupMode;

    #[test]
    fn modes_by_name() {
        assert_eq!(SignupMode::parse("open"), Some(SignupMode::Open));
        assert_eq!(SignupMode::parse("invite"), Some(SignupMode::Invite));
        assert_eq!(SignupMode::parse("closed"), Some(SignupMode::Closed));
        assert_eq!(SignupMode::parse("Open"), None);
    }
}
