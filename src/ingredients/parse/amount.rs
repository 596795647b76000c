//! An amount: a quantity, then optionally a unit, then optionally "of": "2큰술", "1 1/2 cups",
//! "a pinch of", "1 heaping tbsp", "fl. oz.", "큰 술", "반개" (number word glued to a unit).

use std::ops::Range;

use crate::ingredients::units::Unit;

use super::numbers::{KOREAN_PREFIXES, korean_value, quantity};
use super::tokens::{Kind, Token, glued};
use super::unit_words::{hangul_unit, latin_unit};

/// An amount found in a line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Amount {
    pub quantity: f64,
    pub quantity_max: Option<f64>,
    /// Original bytes of the quantity as written.
    pub quantity_at: Range<usize>,
    pub unit: Option<(Unit, Range<usize>)>,
    /// Parts of the amount that belong in the note ("heaping", "씩", an unknown counter).
    pub notes: Vec<Range<usize>>,
    /// Index of the token after the amount.
    pub next: usize,
}

/// Words that qualify a unit ("1 heaping tbsp", "1 large can"); they go to the note.
const UNIT_ADJECTIVES: [&str; 10] = [
    "heaping", "heaped", "level", "scant", "rounded", "generous", "good", "large", "small",
    "medium",
];

/// A unit at token `j`: the unit, its original bytes, notes, and the index after it.
struct UnitMatch {
    unit: Unit,
    at: Range<usize>,
    notes: Vec<Range<usize>>,
    next: usize,
}

/// The token after `k` when it is a "." glued to it (abbreviations: "tsp.", "oz.").
fn with_dot(toks: &[Token], k: usize) -> usize {
    match toks.get(k + 1) {
        Some(d) if d.is_punct('.') && glued(&toks[k], d) => k + 1,
        _ => k,
    }
}

fn unit_at(toks: &[Token], j: usize) -> Option<UnitMatch> {
    let t = toks.get(j)?;
    if t.kind != Kind::Word {
        return None;
    }
    if t.hangul {
        if (t.text == "큰" || t.text == "작은")
            && let Some(n) = toks.get(j + 1)
            && n.text == "술"
        {
            let unit = if t.text == "큰" {
                Unit::Tbsp
            } else {
                Unit::Tsp
            };
            return Some(UnitMatch {
                unit,
                at: t.at.start..n.at.end,
                notes: Vec::new(),
                next: j + 2,
            });
        }
        let (unit, chars) = hangul_unit(&t.text)?;
        let at = t.sub_at(0, chars)?;
        let notes = t.sub_at(chars, t.bounds.len() - 1).into_iter().collect();
        return Some(UnitMatch {
            unit,
            at,
            notes,
            next: j + 1,
        });
    }
    let lower = t.lower();
    if UNIT_ADJECTIVES.contains(&lower.as_str())
        && let Some(mut inner) = unit_at(toks, j + 1)
    {
        inner.notes.insert(0, t.at.clone());
        return Some(inner);
    }
    if lower == "fl" || lower == "fluid" {
        let k = if lower == "fl" { with_dot(toks, j) } else { j };
        if let Some(oz) = toks.get(k + 1)
            && matches!(oz.lower().as_str(), "oz" | "ounce" | "ounces")
        {
            let last = with_dot(toks, k + 1);
            return Some(UnitMatch {
                unit: Unit::FlOz,
                at: t.at.start..toks[last].at.end,
                notes: Vec::new(),
                next: last + 1,
            });
        }
    }
    let unit = latin_unit(&t.text)?;
    let last = with_dot(toks, j);
    Some(UnitMatch {
        unit,
        at: t.at.start..toks[last].at.end,
        notes: Vec::new(),
        next: last + 1,
    })
}

/// A Korean number word glued to a unit ("반개", "한줌", "두쪽씩").
fn glued_korean(toks: &[Token], i: usize) -> Option<Amount> {
    let t = toks.get(i)?;
    if t.kind != Kind::Word || !t.hangul {
        return None;
    }
    KOREAN_PREFIXES.iter().find_map(|prefix| {
        let rest = t.text.strip_prefix(prefix)?;
        let (min, max) = korean_value(prefix)?;
        let (unit, chars) = hangul_unit(rest)?;
        let n = prefix.chars().count();
        let quantity_at = t.sub_at(0, n)?;
        let unit_range = t.sub_at(n, n + chars)?;
        Some(Amount {
            quantity: min,
            quantity_max: max,
            quantity_at,
            unit: Some((unit, unit_range)),
            notes: t
                .sub_at(n + chars, t.bounds.len() - 1)
                .into_iter()
                .collect(),
            next: i + 1,
        })
    })
}

/// Where an amount is being looked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Place {
    /// At the start of the line ("2 cups rice", "2큰술 간장").
    Leading,
    /// After the food ("간장 2큰술", "맛술 1병").
    Trailing,
}

/// The amount written at token `i`, if any.
pub(super) fn amount(toks: &[Token], i: usize, place: Place) -> Option<Amount> {
    if let Some(found) = glued_korean(toks, i) {
        return Some(found);
    }
    let q = quantity(toks, i)?;
    let last = &toks[q.next - 1];
    let quantity_at = toks[i].at.start..last.at.end;
    let mut notes = Vec::new();
    let mut next = q.next;
    let mut unit = None;
    if let Some(found) = unit_at(toks, next) {
        unit = Some((found.unit, found.at));
        notes = found.notes;
        next = found.next;
    } else if let Some(after) = toks.get(next)
        && glued(last, after)
    {
        // Something glued to the number that is not a unit: "7up", "2%", "2-inch", "1병".
        match after.kind {
            Kind::Word if after.hangul && place == Place::Trailing && !q.needs_unit => {
                notes.push(after.at.clone());
                next += 1;
            }
            // "1,2345": a comma between digits that is neither decimal nor thousands.
            Kind::Punct(',')
                if toks
                    .get(next + 1)
                    .is_some_and(|d| d.kind == Kind::Num && glued(after, d)) =>
            {
                return None;
            }
            Kind::Punct(c) if !"%-‐‑./:#°+×*'&".contains(c) => {}
            _ => return None,
        }
    }
    if q.needs_unit && unit.is_none() {
        return None;
    }
    if unit.is_some() && toks.get(next).is_some_and(|t| t.is_word("of")) {
        next += 1;
    }
    Some(Amount {
        quantity: q.min,
        quantity_max: q.max,
        quantity_at,
        unit,
        notes,
        next,
    })
}
