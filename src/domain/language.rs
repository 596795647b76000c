//! The languages recipe-api speaks to people — English and Korean — and how a request's
//! `Accept-Language` picks one.

/// A language of mail (and, later, of pages and messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Korean,
}

impl Language {
    /// Its BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Korean => "ko",
        }
    }

    /// The language of a code (`en`, `ko`, `ko-KR`, …), if it is one of ours.
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.split(['-', '_']).next().unwrap_or_default().trim();
        if primary.eq_ignore_ascii_case("ko") {
            Some(Language::Korean)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Language::English)
        } else {
            None
        }
    }

    /// The preferred of our languages in an `Accept-Language` header (RFC 9110 §12.5.4: the
    /// highest `q`, the earliest on a tie; `q=0` means "not this one"); English when the header
    /// is missing or names neither.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let mut best: Option<(u16, Language)> = None;
        for item in header.unwrap_or_default().split(',').take(32) {
            let mut parts = item.split(';');
            let Some(language) = parts.next().and_then(Language::from_code) else {
                continue;
            };
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1000, parse_quality);
            if quality > 0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, language));
            }
        }
        best.map(|(_, language)| language).unwrap_or_default()
    }
}

/// A `q` value in thousandths (malformed: 0, so the item is ignored).
fn parse_quality(text: &str) -> u16 {
    text.trim()
        .parse::<f32>()
        .ok()
        .filter(|q| (0.0..=1.0).contains(q))
        // In 0..=1000 after the check above.
        .map_or(0, |q| (q * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::Language::{self, English, Korean};

    #[test]
    fn accept_language_picks_the_preferred_of_ours() {
        let pick = |h: &str| Language::from_accept_language(Some(h));
        assert_eq!(pick("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"), Korean);
        assert_eq!(pick("en-US,en;q=0.9,ko;q=0.8"), English);
        assert_eq!(pick("fr-FR, ko;q=0.5"), Korean);
        assert_eq!(pick("ko;q=0.2, en;q=0.9"), English);
        assert_eq!(pick("ko;q=0, en;q=0.1"), English);
        assert_eq!(pick("ko;q=0"), English);
        assert_eq!(pick("ko;q=banana, en"), English);
        assert_eq!(pick("*"), English);
        assert_eq!(pick(""), English);
        assert_eq!(Language::from_accept_language(None), English);
        assert_eq!(pick("KO"), Korean);
    }

    #[test]
    fn codes_read_back() {
        for language in [English, Korean] {
            assert_eq!(Language::from_code(language.code()), Some(language));
        }
        assert_eq!(Language::from_code("ja"), None);
    }
}
