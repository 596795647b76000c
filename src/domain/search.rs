//! Full-text search input: the `q` parameter, and the extra index text that makes Korean,
//! Chinese and Japanese findable.
//!
//! A query is split into terms at every character that is not a letter or a digit, and
//! lower-cased. Each term must be found in the recipe (all terms match). A search box sends
//! every keystroke, so the query is read as typed so far:
//!
//! - the last word, while it is being typed (nothing follows it), matches as a word prefix
//!   (`chicken tik` finds "chicken tikka"); every earlier word is complete and matches whole
//!   words only (`tom soup` does not find "tomato soup"). A space after the last word completes
//!   it too. A single CJK character, mostly part of a longer word or carrying a particle, is
//!   always looked for at the start of words. Finding only whole words for all but one term is also what keeps a search cheap:
//!   an engine looks up one word instead of merging the entries of every word it begins;
//! - a term of two or more CJK characters matches through its character bigrams, so `찌개` finds
//!   "김치찌개" even though Korean writes compounds and particles without spaces — being typed
//!   or not, since every prefix of such a word is found by its bigrams. For that, each recipe
//!   carries [`search_text`]: the bigrams of every CJK run in its text, indexed beside it. A
//!   Hangul consonant or vowel left alone at the end of the last word (`김치ㅉ`, a syllable
//!   being composed) is not searched yet.
//!
//! Limits: `q` at most 200 characters (longer is refused); only its first 10 distinct terms are
//! used. A `q` without any letter or digit means "no search", like an empty one.

/// Longest accepted `q`, in characters.
pub const QUERY_MAX_CHARS: usize = 200;
/// Most terms in one query.
pub const QUERY_MAX_TERMS: usize = 10;

/// One search term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The lower-cased word as typed.
    pub text: String,
    /// For a CJK word of two or more characters: its bigrams, all of which must match.
    pub grams: Option<Vec<String>>,
    /// It matches words that begin with it, not only itself: the word being typed, or a
    /// single CJK character.
    pub prefix: bool,
}

/// A parsed, non-empty search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    terms: Vec<Term>,
    /// Which term is the word being typed.
    typed: Option<usize>,
}

impl SearchQuery {
    /// Parses `q`: `Ok(None)` when it holds no term.
    pub fn parse(raw: &str) -> Result<Option<Self>, String> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        if raw.chars().count() > QUERY_MAX_CHARS {
            return Err(format!("must be at most {QUERY_MAX_CHARS} characters"));
        }
        let lowered = raw.to_lowercase();
        let mut words: Vec<&str> = lowered
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect();
        // The last word is still being typed unless something follows it.
        let typing = lowered
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if typing && let Some(last) = words.pop() {
            let composed = last.trim_end_matches(is_hangul_jamo);
            if !composed.is_empty() {
                words.push(composed);
            }
        }
        let last = words.len().saturating_sub(1);
        let mut terms: Vec<Term> = Vec::new();
        let mut typed = None;
        for (at, word) in words.into_iter().enumerate() {
            let being_typed = typing && at == last;
            let index = match terms.iter().position(|term| term.text == word) {
                Some(index) => index,
                None => {
                    let chars: Vec<char> = word.chars().collect();
                    let cjk = chars.iter().all(|c| is_cjk(*c));
                    terms.push(Term {
                        text: word.to_owned(),
                        grams: (cjk && chars.len() >= 2).then(|| bigrams(&chars)),
                        // A single CJK character is mostly part of a longer word, or has a
                        // particle written onto it: it is looked for at the start of words.
                        prefix: cjk && chars.len() == 1,
                    });
                    terms.len() - 1
                }
            };
            if being_typed && index < QUERY_MAX_TERMS {
                terms[index].prefix = true;
                typed = Some(index);
            }
        }
        terms.truncate(QUERY_MAX_TERMS);
        Ok((!terms.is_empty()).then_some(Self { terms, typed }))
    }

    /// The word being typed, when the query ends in one.
    pub fn typed(&self) -> Option<&Term> {
        self.typed.map(|index| &self.terms[index])
    }

    /// Where the word being typed is among [`SearchQuery::terms`].
    pub fn typed_index(&self) -> Option<usize> {
        self.typed
    }

    /// The terms, in the order typed.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The query as one canonical string (terms joined by spaces, a prefix marked `*`), for
    /// cursor fingerprints.
    pub fn canonical(&self) -> String {
        self.terms
            .iter()
            .map(|term| {
                if term.prefix {
                    format!("{}*", term.text)
                } else {
                    term.text.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The extra index text of a recipe (its `search_text` column): the bigrams of every run of two
/// or more CJK characters in its name, description, ingredients and directions, separated by
/// spaces ("" when there is none).
pub fn search_text(
    name: &str,
    description: Option<&str>,
    ingredients: Option<&str>,
    directions: Option<&str>,
) -> String {
    cjk_bigrams(
        [Some(name), description, ingredients, directions]
            .into_iter()
            .flatten(),
    )
}

/// The bigrams of every run of two or more CJK characters in `texts`, separated by spaces.
fn cjk_bigrams<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for text in texts {
        let mut run: Vec<char> = Vec::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if is_cjk(c) {
                run.extend(c.to_lowercase());
                continue;
            }
            for gram in bigrams(&run) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&gram);
            }
            run.clear();
        }
    }
    out
}

/// Consecutive character pairs of `chars` (none for fewer than two characters).
fn bigrams(chars: &[char]) -> Vec<String> {
    chars.windows(2).map(|pair| pair.iter().collect()).collect()
}

/// A Hangul consonant or vowel on its own (compatibility Jamo): what an input method shows
/// while a syllable is being composed.
fn is_hangul_jamo(c: char) -> bool {
    matches!(c, '\u{3131}'..='\u{318E}')
}

/// Hangul, CJK ideographs, Hiragana and Katakana: scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}' // Hangul compatibility Jamo
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7A3}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(query: &SearchQuery) -> Vec<&str> {
        query.terms().iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn splits_lower_cases_and_deduplicates_terms() {
        let query = SearchQuery::parse("Kimchi-STEW, kimchi & rice!")
            .unwrap()
            .unwrap();
        assert_eq!(texts(&query), ["kimchi", "stew", "rice"]);
        assert!(query.terms().iter().all(|t| t.grams.is_none()));
        assert_eq!(
            query.canonical(),
            "kimchi stew rice",
            "nothing is being typed"
        );
        assert_eq!(query.typed(), None);
    }

    #[test]
    fn only_the_word_being_typed_is_a_prefix() {
        let query = SearchQuery::parse("chicken tik").unwrap().unwrap();
        assert_eq!(query.canonical(), "chicken tik*");
        assert_eq!(query.typed().map(|t| t.text.as_str()), Some("tik"));
        let done = SearchQuery::parse("chicken tikka ").unwrap().unwrap();
        assert_eq!(
            done.canonical(),
            "chicken tikka",
            "a space completes the word"
        );
        assert_eq!(done.typed(), None);
        let again = SearchQuery::parse("salt pepper salt").unwrap().unwrap();
        assert_eq!(
            again.canonical(),
            "salt* pepper",
            "a repeated word is typed once"
        );
        assert_eq!(again.typed().map(|t| t.text.as_str()), Some("salt"));
        let many: String = (0..11).map(|i| format!("w{i} ")).collect::<String>() + "x";
        let query = SearchQuery::parse(&many).unwrap().unwrap();
        assert_eq!(query.typed(), None, "the word typed is past the tenth");
    }

    #[test]
    fn a_syllable_being_composed_is_not_searched_yet() {
        let query = SearchQuery::parse("김치ㅉ").unwrap().unwrap();
        assert_eq!(query.canonical(), "김치*");
        assert_eq!(
            query.terms()[0].grams.as_deref(),
            Some(&["김치".to_owned()][..])
        );
        assert_eq!(SearchQuery::parse("ㄱ"), Ok(None));
        let earlier = SearchQuery::parse("ㄱ 국").unwrap().unwrap();
        assert_eq!(
            earlier.canonical(),
            "ㄱ* 국*",
            "only the word being typed is trimmed"
        );
        let single = SearchQuery::parse("국 김치 ").unwrap().unwrap();
        assert_eq!(
            single.canonical(),
            "국* 김치",
            "one CJK character is always a prefix"
        );
    }

    #[test]
    fn korean_words_match_by_bigrams() {
        let query = SearchQuery::parse("김치찌개 국").unwrap().unwrap();
        assert_eq!(
            query.terms()[0].grams.as_deref(),
            Some(&["김치".to_owned(), "치찌".into(), "찌개".into()][..])
        );
        assert_eq!(
            query.terms()[1].grams,
            None,
            "one character matches as a prefix"
        );
    }

    #[test]
    fn blank_or_punctuation_is_no_search_and_only_ten_terms_count() {
        assert_eq!(SearchQuery::parse("   "), Ok(None));
        assert_eq!(SearchQuery::parse("!!! ---"), Ok(None));
        let repeated = SearchQuery::parse(&"a ".repeat(11)).unwrap().unwrap();
        assert_eq!(repeated.terms().len(), 1, "duplicates count once");
        let many: String = (0..12).map(|i| format!("w{i} ")).collect();
        let query = SearchQuery::parse(&many).unwrap().unwrap();
        assert_eq!(query.canonical(), "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9");
        let typed = SearchQuery::parse("a ".repeat(11).trim_end())
            .unwrap()
            .unwrap();
        assert_eq!(typed.canonical(), "a*");
        assert!(SearchQuery::parse(&"x".repeat(QUERY_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn search_text_holds_the_bigrams_of_cjk_runs_only() {
        assert_eq!(
            search_text(
                "돼지고기 김치찌개를 끓인다",
                Some("2 cups rice"),
                None,
                Some("国")
            ),
            "돼지 지고 고기 김치 치찌 찌개 개를 끓인 인다"
        );
        assert_eq!(search_text("plain english", None, None, None), "");
    }

    proptest! {
        #[test]
        fn every_term_is_alphanumeric_and_bounded(raw in "\\PC{0,200}") {
            if let Ok(Some(query)) = SearchQuery::parse(&raw) {
                prop_assert!(!query.terms().is_empty() && query.terms().len() <= QUERY_MAX_TERMS);
                for term in query.terms() {
                    prop_assert!(term.text.chars().all(char::is_alphanumeric));
                }
            }
        }

        #[test]
        fn a_cjk_term_s_grams_are_in_the_search_text_of_that_term(word in "[가-힣]{2,8}") {
            let query = SearchQuery::parse(&word).unwrap().unwrap();
            let indexed = cjk_bigrams([word.as_str()]);
            for gram in query.terms()[0].grams.clone().unwrap() {
                prop_assert!(indexed.split(' ').any(|g| g == gram));
            }
        }
    }
}
