//! What recipe-api writes to people, in English and Korean: each letter's subject, plain-text
//! body and HTML body. Values from users (a username) are escaped in the HTML; links are ours.

use serde::{Deserialize, Serialize};

use crate::domain::{Language, escape_html as escape};

/// A message to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Letter {
    /// A link that sets a new password (valid for `minutes`).
    PasswordReset {
        username: String,
        link: String,
        minutes: u64,
    },
    /// The password was changed through a reset link.
    PasswordChanged { username: String },
    /// A link that proves the address the letter is sent to (valid for `hours`).
    VerifyEmail {
        username: String,
        link: String,
        hours: u64,
    },
    /// To the current address: a change to `new_email` was asked for.
    EmailChangeRequested { username: String, new_email: String },
    /// `recipe-api admin send-test-email`.
    Test,
}

impl Letter {
    /// What the outbox records it as.
    pub fn kind(&self) -> &'static str {
        match self {
            Letter::PasswordReset { .. } => "password_reset",
            Letter::PasswordChanged { .. } => "password_changed",
            Letter::VerifyEmail { .. } => "verify_email",
            Letter::EmailChangeRequested { .. } => "email_change_requested",
            Letter::Test => "test",
        }
    }
}

/// A written message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Writes `letter` in `language`, signed by the site at `site` (its address).
pub fn compose(letter: &Letter, language: Language, site: &str) -> Composed {
    let (subject, paragraphs, link): (String, Vec<String>, Option<&str>) = match (letter, language)
    {
        (
            Letter::PasswordReset {
                username,
                link,
                minutes,
            },
            Language::English,
        ) => (
            "Reset your recipe-api password".to_owned(),
            vec![
                format!("Hello {username},"),
                "Someone (we hope you) asked to reset the password of your account. Open this \
                 link to choose a new one:"
                    .to_owned(),
                format!(
                    "The link works once, for {minutes} minutes. If you did not ask for it, \
                     ignore this message: your password stays as it is."
                ),
            ],
            Some(link),
        ),
        (
            Letter::PasswordReset {
                username,
                link,
                minutes,
            },
            Language::Korean,
        ) => (
            "recipe-api 비밀번호 재설정".to_owned(),
            vec![
                format!("{username}님, 안녕하세요."),
                "계정의 비밀번호 재설정이 요청되었습니다. 아래 링크에서 새 비밀번호를 \
                 정하세요:"
                    .to_owned(),
                format!(
                    "링크는 {minutes}분 동안 한 번만 쓸 수 있습니다. 요청하지 않으셨다면 이 \
                     메일을 무시하세요. 비밀번호는 바뀌지 않습니다."
                ),
            ],
            Some(link),
        ),
        (Letter::PasswordChanged { username }, Language::English) => (
            "Your recipe-api password was changed".to_owned(),
            vec![
                format!("Hello {username},"),
                "The password of your account was just changed with a reset link, and every \
                 session was signed out."
                    .to_owned(),
                "If this was not you, reset your password again at once and check your \
                 account."
                    .to_owned(),
            ],
            None,
        ),
        (Letter::PasswordChanged { username }, Language::Korean) => (
            "recipe-api 비밀번호가 변경되었습니다".to_owned(),
            vec![
                format!("{username}님, 안녕하세요."),
                "재설정 링크로 계정의 비밀번호가 방금 변경되었고, 모든 세션에서 \
                 로그아웃되었습니다."
                    .to_owned(),
                "본인이 아니라면 즉시 비밀번호를 다시 재설정하고 계정을 확인하세요.".to_owned(),
            ],
            None,
        ),
        (
            Letter::VerifyEmail {
                username,
                link,
                hours,
            },
            Language::English,
        ) => (
            "Confirm your email address for recipe-api".to_owned(),
            vec![
                format!("Hello {username},"),
                "Please confirm that this address belongs to your recipe-api account by opening \
                 this link:"
                    .to_owned(),
                format!(
                    "The link works once, for {hours} hours. If you did not register or change \
                     your address, ignore this message: nothing changes."
                ),
            ],
            Some(link),
        ),
        (
            Letter::VerifyEmail {
                username,
                link,
                hours,
            },
            Language::Korean,
        ) => (
            "recipe-api 이메일 주소 확인".to_owned(),
            vec![
                format!("{username}님, 안녕하세요."),
                "이 주소가 recipe-api 계정의 주소임을 확인하려면 아래 링크를 여세요:".to_owned(),
                format!(
                    "링크는 {hours}시간 동안 한 번만 쓸 수 있습니다. 가입하거나 주소를 바꾸지 \
                     않으셨다면 이 메일을 무시하세요. 아무것도 바뀌지 않습니다."
                ),
            ],
            Some(link),
        ),
        (
            Letter::EmailChangeRequested {
                username,
                new_email,
            },
            Language::English,
        ) => (
            "A new email address was requested for your recipe-api account".to_owned(),
            vec![
                format!("Hello {username},"),
                format!(
                    "Someone signed in to your account asked to change its email address to \
                     {new_email}. The change applies once that address is confirmed; until then \
                     this address stays the account's."
                ),
                "If this was not you, change your password at once.".to_owned(),
            ],
            None,
        ),
        (
            Letter::EmailChangeRequested {
                username,
                new_email,
            },
            Language::Korean,
        ) => (
            "recipe-api 계정의 이메일 주소 변경이 요청되었습니다".to_owned(),
            vec![
                format!("{username}님, 안녕하세요."),
                format!(
                    "계정의 이메일 주소를 {new_email}(으)로 바꾸는 요청이 있었습니다. 새 주소가 \
                     확인되면 바뀌며, 그때까지는 이 주소가 계정의 주소입니다."
                ),
                "본인이 아니라면 즉시 비밀번호를 바꾸세요.".to_owned(),
            ],
            None,
        ),
        (Letter::Test, Language::English) => (
            "recipe-api test message".to_owned(),
            vec!["This message shows that recipe-api can send mail.".to_owned()],
            None,
        ),
        (Letter::Test, Language::Korean) => (
            "recipe-api 테스트 메일".to_owned(),
            vec!["recipe-api가 메일을 보낼 수 있음을 확인하는 메일입니다.".to_owned()],
            None,
        ),
    };
    let mut text = String::new();
    let mut html = String::from("<!doctype html><html><body style=\"font-family:sans-serif\">");
    for (index, paragraph) in paragraphs.iter().enumerate() {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str("<p>");
        html.push_str(&escape(paragraph));
        html.push_str("</p>");
        if let (1, Some(link)) = (index, link) {
            text.push_str(link);
            text.push_str("\n\n");
            let link = escape(link);
            html.push_str(&format!("<p><a href=\"{link}\">{link}</a></p>"));
        }
    }
    text.push_str(&format!("-- \nrecipe-api, {site}\n"));
    html.push_str(&format!(
        "<p style=\"color:#666\">recipe-api, {}</p></body></html>",
        escape(site)
    ));
    Composed {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reset_letter_holds_its_link_in_both_bodies_and_escapes_the_username() {
        let letter = Letter::PasswordReset {
            username: "<b>kim</b>".to_owned(),
            link: "http://127.0.0.1:5000/reset-password#token=prt_abc".to_owned(),
            minutes: 60,
        };
        for language in [Language::English, Language::Korean] {
            let mail = compose(&letter, language, "http://127.0.0.1:5000");
            assert!(mail.text.contains("#token=prt_abc"), "{}", mail.text);
            assert!(
                mail.html
                    .contains("href=\"http://127.0.0.1:5000/reset-password#token=prt_abc\"")
            );
            assert!(
                mail.html.contains("&lt;b&gt;kim&lt;/b&gt;"),
                "{}",
                mail.html
            );
            assert!(!mail.html.contains("<b>kim"));
            assert!(mail.text.contains("60"));
        }
        let korean = compose(&letter, Language::Korean, "site");
        assert!(korean.subject.contains("비밀번호"));
    }

    #[test]
    fn a_verification_letter_holds_its_link_and_lifetime_in_both_languages() {
        let letter = Letter::VerifyEmail {
            username: "<i>lee</i>".to_owned(),
            link: "http://127.0.0.1:5000/verify-email#token=evt_abc".to_owned(),
            hours: 24,
        };
        for language in [Language::English, Language::Korean] {
            let mail = compose(&letter, language, "http://127.0.0.1:5000");
            assert!(
                mail.text.contains("/verify-email#token=evt_abc"),
                "{}",
                mail.text
            );
            assert!(
                mail.html
                    .contains("href=\"http://127.0.0.1:5000/verify-email#token=evt_abc\"")
            );
            assert!(
                mail.html.contains("&lt;i&gt;lee&lt;/i&gt;"),
                "{}",
                mail.html
            );
            assert!(!mail.html.contains("<i>lee"));
            assert!(mail.text.contains("24"));
        }
        assert!(
            compose(&letter, Language::English, "site")
                .subject
                .contains("Confirm")
        );
        assert!(
            compose(&letter, Language::Korean, "site")
                .subject
                .contains("이메일")
        );
    }

    #[test]
    fn a_change_notice_names_the_new_address_and_holds_no_link() {
        let letter = Letter::EmailChangeRequested {
            username: "kim".to_owned(),
            new_email: "new@example.com".to_owned(),
        };
        for language in [Language::English, Language::Korean] {
            let mail = compose(&letter, language, "http://127.0.0.1:5000");
            assert!(mail.text.contains("new@example.com"), "{}", mail.text);
            assert!(!mail.html.contains("<a "), "{}", mail.html);
        }
    }
}
