//! Scanning: the line as a list of tokens (runs of digits, vulgar fractions, words, single
//! punctuation marks), each remembering the byte range it was written at in the original line.
//!
//! Matching uses NFKC-normalised text (full-width "２" is a digit, "㎖" reads "ml", "～" reads
//! "~"); the original line is never changed. Normalisation is applied per cluster (a character
//! with the combining marks and Hangul jamo that follow it), so every normalised character maps
//! back to the original bytes of its cluster, always on char boundaries. Vulgar fractions
//! ("½") are kept as they are, since NFKC would turn "1½" into "11⁄2".

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use crate::ingredients::units::is_hangul;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// A run of ASCII digits (after normalisation).
    Num,
    /// A vulgar fraction character and its value.
    Frac(f64),
    /// A run of letters of one script kind (Hangul, or not Hangul).
    Word,
    /// Any other single character that is not whitespace.
    Punct(char),
}

/// One token.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub kind: Kind,
    /// The normalised text.
    pub text: String,
    /// Where the token was written in the original line.
    pub at: Range<usize>,
    /// Whether a word is written in Hangul.
    pub hangul: bool,
    /// For words: the original byte offset at which each normalised character starts, followed
    /// by the end of the token; for other tokens empty.
    pub bounds: Vec<usize>,
}

impl Token {
    /// The text in lower case.
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    /// Whether this is the word `word`, ignoring case.
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(word)
    }

    /// Whether this is the punctuation mark `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// Original bytes of the normalised characters `from..to` of a word.
    pub fn sub_at(&self, from: usize, to: usize) -> Option<Range<usize>> {
        let start = *self.bounds.get(from)?;
        let end = *self.bounds.get(to)?;
        (start < end).then_some(start..end)
    }
}

/// Whether `b` follows `a` with nothing in between.
pub(super) fn glued(a: &Token, b: &Token) -> bool {
    a.at.end == b.at.start
}

/// The value of a vulgar fraction character.
pub(super) fn vulgar(c: char) -> Option<f64> {
    Some(match c {
        '¼' => 0.25,
        '½' => 0.5,
        '¾' => 0.75,
        '⅐' => 1.0 / 7.0,
        '⅑' => 1.0 / 9.0,
        '⅒' => 0.1,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

/// One normalised character and the original bytes it comes from.
struct Ch {
    c: char,
    at: Range<usize>,
}

/// Whether `c` belongs to the cluster of the character before it.
fn continues_cluster(c: char) -> bool {
    !c.is_ascii() && (canonical_combining_class(c) != 0 || ('\u{1160}'..='\u{11FF}').contains(&c))
}

/// The line as normalised characters, each with its original byte range.
fn normalised_chars(line: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(line.len());
    let mut chars = line.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if vulgar(c).is_some() {
            out.push(Ch { c, at: start..end });
            continue;
        }
        while let Some(&(i, next)) = chars.peek() {
            if !continues_cluster(next) {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        let cluster = &line[start..end];
        if cluster.is_ascii() {
            out.extend(cluster.chars().map(|c| Ch { c, at: start..end }));
        } else {
            for n in cluster.nfkc() {
                let n = match n {
                    '\u{2044}' | '\u{2215}' => '/',
                    other => other,
                };
                out.push(Ch {
                    c: n,
                    at: start..end,
                });
            }
        }
    }
    out
}

/// Whether `c` continues a word started with a letter whose Hangul-ness is `hangul`.
fn continues_word(c: char, hangul: bool) -> bool {
    (c.is_alphabetic() && is_hangul(c) == hangul)
        || (!c.is_ascii() && canonical_combining_class(c) != 0)
}

/// Scans `line` into tokens.
pub(super) fn scan(line: &str) -> Vec<Token> {
    let chars = normalised_chars(line);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].c;
        let start = chars[i].at.start;
        if c.is_whitespace() || c.is_control() {
            i += 1;
            continue;
        }
        let (kind, j, hangul) = if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < chars.len() && chars[j].c.is_ascii_digit() {
                j += 1;
            }
            (Kind::Num, j, false)
        } else if let Some(value) = vulgar(c) {
            (Kind::Frac(value), i + 1, false)
        } else if c.is_alphabetic() {
            let hangul = is_hangul(c);
            let mut j = i + 1;
            while j < chars.len() && continues_word(chars[j].c, hangul) {
                j += 1;
            }
            (Kind::Word, j, hangul)
        } else {
            (Kind::Punct(c), i + 1, false)
        };
        let end = chars[j - 1].at.end;
        let bounds = if kind == Kind::Word {
            chars[i..j]
                .iter()
                .map(|ch| ch.at.start)
                .chain(std::iter::once(end))
                .collect()
        } else {
            Vec::new()
        };
        tokens.push(Token {
            kind,
            text: chars[i..j].iter().map(|ch| ch.c).collect(),
            at: start..end,
            hangul,
            bounds,
        });
        i = j;
    }
    tokens
}
