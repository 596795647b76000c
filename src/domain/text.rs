//! The two kinds of text a client sends, and their rules (the OpenAPI document states the same
//! rules as `maxLength` and `pattern`):
//!
//! - a **line** (recipe name, username, token name, ingredient line): at most `max` characters
//!   as sent, no control characters, at least one character that is not whitespace; stored
//!   without its surrounding whitespace;
//! - **free text** (description, directions): at most `max` characters, anything but NUL (which
//!   no database stores faithfully); line breaks and tabs are fine.
//!
//! Lengths count Unicode scalar values, as JSON Schema's `maxLength` does.

/// Validates a one-line value and trims it.
pub fn parse_line(raw: &str, max: usize) -> Result<String, String> {
    if raw.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if raw.chars().any(char::is_control) {
        return Err("must not contain control characters".into());
    }
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(trimmed.to_owned())
}

/// Validates free text.
pub fn parse_free_text(raw: String, max: usize) -> Result<String, String> {
    if raw.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if raw.contains('\0') {
        return Err("must not contain NUL characters".into());
    }
    Ok(raw)
}

/// `text` escaped for an HTML attribute value or element text.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_line_is_trimmed_after_its_length_is_counted() {
        assert_eq!(parse_line("  김치찌개 ", 10).unwrap(), "김치찌개");
        assert!(parse_line(&"가".repeat(10), 10).is_ok());
        assert!(parse_line(&format!("{} ", "가".repeat(10)), 10).is_err());
    }

    #[test]
    fn a_line_refuses_blanks_and_control_characters_anywhere() {
        for bad in ["", "   ", "\u{3000}", "a\u{0}b", "a\nb", "tab\t", "\u{85}x"] {
            assert!(parse_line(bad, 50).is_err(), "{bad:?}");
        }
        // A format character is not whitespace: it counts as content.
        assert!(parse_line("\u{feff}", 50).is_ok());
    }

    #[test]
    fn free_text_keeps_line_breaks_but_not_nul() {
        assert_eq!(parse_free_text("a\n\tb".into(), 10).unwrap(), "a\n\tb");
        assert!(parse_free_text("a\0".into(), 10).is_err());
        assert!(parse_free_text("x".repeat(11), 10).is_err());
    }

    proptest! {
        #[test]
        fn accepted_lines_are_trimmed_bounded_and_printable(raw in "\\PC{0,60}") {
            if let Ok(line) = parse_line(&raw, 40) {
                prop_assert_eq!(line.as_str(), line.trim());
                prop_assert!(!line.is_empty() && line.chars().count() <= 40);
                prop_assert!(!line.chars().any(char::is_control));
            }
        }
    }
}
