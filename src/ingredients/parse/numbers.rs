//! Quantities as written: integers ("2"), decimals ("1.5", "1,5", ".5"), thousands ("1,000"),
//! fractions ("1/2", "½"), mixed numbers ("1 1/2", "1½", "1 ½", "1-1/2", "1 and 1/2",
//! "1과 1/2"), English number words ("one".."twelve", "half", "half a", "a dozen",
//! "two and a half"), Korean number words (하나/둘/셋/넷/다섯, 반; 한/두/세/네 and the ranges
//! 한두/두세/서너/네다섯, which need a unit after them), and ranges of two of these ("2-3",
//! "2–3", "2~3", "2 to 3", "2 or 3", "1/2-1").

use super::tokens::{Kind, Token, glued};

/// Quantities above this are taken to be something else than an amount.
pub(super) const MAX_QUANTITY: f64 = 1e6;

/// A quantity: a value or a range, and the tokens it was written with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Quantity {
    pub min: f64,
    pub max: Option<f64>,
    /// Index of the token after the quantity.
    pub next: usize,
    /// The quantity is a determiner ("a", "한") that counts only before a unit.
    pub needs_unit: bool,
}

/// How a number was written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Whole,
    Fraction,
    Other,
}

/// One value and the index of the token after it.
#[derive(Debug, Clone, Copy)]
struct Value {
    v: f64,
    max: Option<f64>,
    next: usize,
    needs_unit: bool,
}

fn digits(text: &str) -> f64 {
    text.parse().unwrap_or(f64::INFINITY)
}

fn decimal(whole: &str, fraction: &str) -> f64 {
    format!("{whole}.{fraction}")
        .parse()
        .unwrap_or(f64::INFINITY)
}

/// One number written with digits or a vulgar fraction, starting at token `i`.
fn numeral(toks: &[Token], i: usize) -> Option<(f64, usize, Shape)> {
    let t = toks.get(i)?;
    match t.kind {
        Kind::Frac(v) => Some((v, i + 1, Shape::Fraction)),
        Kind::Num => {
            let whole = digits(&t.text);
            if let (Some(p), Some(d)) = (toks.get(i + 1), toks.get(i + 2))
                && glued(t, p)
                && glued(p, d)
                && d.kind == Kind::Num
            {
                match p.kind {
                    Kind::Punct('.') => {
                        return Some((decimal(&t.text, &d.text), i + 3, Shape::Other));
                    }
                    Kind::Punct('/') => {
                        return Some((whole / digits(&d.text), i + 3, Shape::Fraction));
                    }
                    Kind::Punct(',') if d.text.len() <= 2 => {
                        return Some((decimal(&t.text, &d.text), i + 3, Shape::Other));
                    }
                    Kind::Punct(',') if d.text.len() == 3 && t.text.len() <= 3 => {
                        return Some(thousands(toks, i));
                    }
                    _ => {}
                }
            }
            if let Some(n) = toks.get(i + 1)
                && glued(t, n)
                && let Kind::Frac(v) = n.kind
            {
                return Some((whole + v, i + 2, Shape::Other));
            }
            Some((whole, i + 1, Shape::Whole))
        }
        Kind::Punct('.') => {
            let d = toks.get(i + 1)?;
            let after_digit = i > 0 && toks[i - 1].kind == Kind::Num && glued(&toks[i - 1], t);
            (d.kind == Kind::Num && glued(t, d) && !after_digit)
                .then(|| (decimal("0", &d.text), i + 2, Shape::Other))
        }
        _ => None,
    }
}

/// "1,000" or "1,000,000": groups of three digits after commas.
fn thousands(toks: &[Token], i: usize) -> (f64, usize, Shape) {
    let mut text = toks[i].text.clone();
    let mut next = i + 1;
    while let (Some(p), Some(d)) = (toks.get(next), toks.get(next + 1))
        && p.is_punct(',')
        && glued(&toks[next - 1], p)
        && glued(p, d)
        && d.kind == Kind::Num
        && d.text.len() == 3
    {
        text.push_str(&d.text);
        next += 2;
    }
    (digits(&text), next, Shape::Whole)
}

/// A proper fraction at `i` that completes a whole number into a mixed number.
fn proper_fraction(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let (v, next, shape) = numeral(toks, i)?;
    (shape == Shape::Fraction && v < 1.0).then_some((v, next))
}

/// What may follow a whole number to make it a mixed number: " 1/2", " ½", "-1/2", " and 1/2",
/// "과 1/2", " and a half".
fn mixed_tail(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let t = toks.get(i)?;
    let prev = &toks[i - 1];
    if matches!(t.kind, Kind::Num | Kind::Frac(_)) && !glued(prev, t) {
        return proper_fraction(toks, i);
    }
    if t.is_punct('-') && glued(prev, t) {
        let n = toks.get(i + 1)?;
        return if glued(t, n) && n.kind == Kind::Num {
            proper_fraction(toks, i + 1)
        } else {
            None
        };
    }
    if t.is_word("and") || t.text == "과" || t.text == "와" {
        if toks.get(i + 1).is_some_and(|a| a.is_word("a"))
            && toks.get(i + 2).is_some_and(|h| h.is_word("half"))
        {
            return Some((0.5, i + 3));
        }
        return proper_fraction(toks, i + 1);
    }
    None
}

/// "dozen" after a value multiplies it by twelve.
fn dozen(toks: &[Token], value: Value) -> Value {
    if toks.get(value.next).is_some_and(|t| t.is_word("dozen")) {
        Value {
            v: value.v * 12.0,
            next: value.next + 1,
            needs_unit: false,
            ..value
        }
    } else {
        value
    }
}

fn english_number(word: &str) -> Option<f64> {
    let n = match word {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return None,
    };
    Some(f64::from(n))
}

/// Korean number words: (low, high, needs a unit after it).
fn korean_number(word: &str) -> Option<(f64, Option<f64>, bool)> {
    Some(match word {
        "하나" => (1.0, None, false),
        "둘" => (2.0, None, false),
        "셋" => (3.0, None, false),
        "넷" => (4.0, None, false),
        "다섯" => (5.0, None, false),
        "반" => (0.5, None, false),
        "한" => (1.0, None, true),
        "두" => (2.0, None, true),
        "세" | "석" => (3.0, None, true),
        "네" | "넉" => (4.0, None, true),
        "한두" => (1.0, Some(2.0), true),
        "두세" => (2.0, Some(3.0), true),
        "서너" => (3.0, Some(4.0), true),
        "네다섯" | "너덧" => (4.0, Some(5.0), true),
        _ => return None,
    })
}

/// The Korean number words that can be glued to a unit ("반개", "한줌"), longest first.
pub(super) const KOREAN_PREFIXES: [&str; 10] = [
    "네다섯",
    "한두",
    "두세",
    "서너",
    "다섯",
    "한",
    "두",
    "세",
    "네",
    "반",
];

/// The value of a Korean number word, when `word` is one.
pub(super) fn korean_value(word: &str) -> Option<(f64, Option<f64>)> {
    korean_number(word).map(|(v, max, _)| (v, max))
}

/// A number word at `i` (it must stand alone, not glued to what follows).
fn word_value(toks: &[Token], i: usize) -> Option<Value> {
    let t = toks.get(i)?;
    if t.kind != Kind::Word || toks.get(i + 1).is_some_and(|n| glued(t, n)) {
        return None;
    }
    if t.hangul {
        let (v, max, needs_unit) = korean_number(&t.text)?;
        return Some(Value {
            v,
            max,
            next: i + 1,
            needs_unit,
        });
    }
    let word = t.lower();
    let one = |v: f64, next: usize, needs_unit: bool| Value {
        v,
        max: None,
        next,
        needs_unit,
    };
    match word.as_str() {
        "a" | "an" => Some(dozen(toks, one(1.0, i + 1, true))),
        "half" => {
            let next = if toks
                .get(i + 1)
                .is_some_and(|a| a.is_word("a") || a.is_word("an"))
            {
                i + 2
            } else {
                i + 1
            };
            Some(one(0.5, next, false))
        }
        "dozen" => Some(one(12.0, i + 1, false)),
        _ => {
            let v = english_number(&word)?;
            let mut value = one(v, i + 1, false);
            if let Some((half, next)) = mixed_tail(toks, i + 1)
                && half == 0.5
                && toks[i + 1].is_word("and")
            {
                value = one(v + half, next, false);
            }
            Some(dozen(toks, value))
        }
    }
}

/// A single value (not a range) at `i`.
fn value(toks: &[Token], i: usize) -> Option<Value> {
    if let Some((v, next, shape)) = numeral(toks, i) {
        let mut value = Value {
            v,
            max: None,
            next,
            needs_unit: false,
        };
        if shape == Shape::Whole
            && let Some((fraction, next)) = mixed_tail(toks, next)
        {
            value.v += fraction;
            value.next = next;
        }
        return Some(dozen(toks, value));
    }
    word_value(toks, i)
}

/// Whether `t` separates the ends of a range.
pub(super) fn is_range_separator(t: &Token) -> bool {
    matches!(
        t.kind,
        Kind::Punct('-' | '–' | '—' | '~' | '∼' | '〜' | '‐' | '‑')
    ) || t.is_word("to")
        || t.is_word("or")
}

fn sensible(v: f64) -> bool {
    v.is_finite() && (0.0..=MAX_QUANTITY).contains(&v)
}

/// The quantity written at token `i`, if any: a value or a range. `None` also when a value is
/// absurd (not finite, or above [`MAX_QUANTITY`]) and for a range whose upper end is not above
/// its lower end ("2 or 1", "3 - 1/2").
pub(super) fn quantity(toks: &[Token], i: usize) -> Option<Quantity> {
    let low = value(toks, i)?;
    let mut q = Quantity {
        min: low.v,
        max: low.max,
        next: low.next,
        needs_unit: low.needs_unit,
    };
    if low.max.is_none()
        && !low.needs_unit
        && let Some(sep) = toks.get(low.next)
        && is_range_separator(sep)
        && let Some(high) = value(toks, low.next + 1)
        && high.max.is_none()
        && !toks[low.next + 1].is_word("a")
        && !toks[low.next + 1].is_word("an")
    {
        if !sensible(high.v) || high.v <= low.v {
            return None;
        }
        q.max = Some(high.v);
        q.next = high.next;
        q.needs_unit = high.needs_unit;
    }
    (sensible(q.min) && q.max.is_none_or(|max| sensible(max) && max > q.min)).then_some(q)
}
