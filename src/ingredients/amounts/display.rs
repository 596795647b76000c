//! Rewriting an ingredient line for display: the written quantity is replaced by the adjusted
//! amount (cook-rounded, see [`rounding`](super::rounding)), the rest of the line is kept
//! verbatim.
//!
//! - Ranges keep the separator written between their ends (`2~3`, `2-3`, `2 to 3`); a range
//!   whose ends are written alike is written once.
//! - A converted unit replaces the written unit; a quantity and unit written next to each
//!   other (`2큰술`, `2 cups`) are replaced together, keeping the space (or none) between them.
//!   Labels are Korean or short in lines with Hangul (`작은술 큰술 컵 ml L g kg 온스 파운드`),
//!   English otherwise (`tsp tbsp cup(s) ml L g kg oz lb`).
//! - An unconverted English unit word with a singular and a plural (`cup`/`cups`,
//!   `clove`/`cloves`, `teaspoon`/`teaspoons`, …) follows the new amount: plural above 1.
//! - Counts rounded up to whole get a note at the end of the line: `(rounded up from 1.5)`, or
//!   in lines with Hangul `(1.5개에서 올림)` with the unit as written.
//! - Without a usable quantity span the line is kept and the amount appended: `line (3 cups)`.

use std::ops::Range;

use super::rounding::{self, Steps, Style};
use super::{IngredientItem, Unit, is_hangul};

/// `item`'s line rewritten with the amount and unit of `adjusted`.
pub(super) fn display(item: &IngredientItem, adjusted: &IngredientItem) -> String {
    let text = item.text.as_str();
    let korean = text.chars().any(is_hangul);
    let quantity_at = item
        .quantity_at
        .clone()
        .filter(|at| text.get(at.clone()).is_some());
    let unit_at = item.unit_at.clone().filter(|at| {
        text.get(at.clone()).is_some()
            && quantity_at
                .as_ref()
                .is_none_or(|quantity| at.end <= quantity.start || quantity.end <= at.start)
    });
    let written = quantity_at
        .clone()
        .and_then(|at| text.get(at))
        .unwrap_or("");
    let unit_word = unit_at.clone().and_then(|at| text.get(at)).unwrap_or("");

    let steps = Steps::of(adjusted.unit);
    let shown = Shown::of(item, adjusted, steps);
    let separator = separator(written, korean);
    let amount = shown.write(steps, Style::of(written), &separator);
    let plural = shown.high.unwrap_or(shown.low) > 1.0;
    let space = if korean { "" } else { " " };

    let Some(quantity_at) = quantity_at else {
        let label = adjusted
            .unit
            .map(|unit| format!("{space}{}", label(unit, korean, plural)))
            .unwrap_or_default();
        return format!("{text} ({amount}{label})");
    };
    let mut edits = Vec::new();
    match (adjusted.unit, unit_at) {
        (Some(unit), unit_at) if adjusted.unit != item.unit => {
            let label = label(unit, korean, plural);
            let between = unit_at
                .as_ref()
                .and_then(|at| text.get(quantity_at.end..at.start))
                .filter(|between| between.chars().all(char::is_whitespace));
            match (unit_at, between) {
                (Some(unit_at), Some(between)) => edits.push((
                    quantity_at.start..unit_at.end,
                    format!("{amount}{between}{label}"),
                )),
                (Some(unit_at), None) => {
                    edits.push((quantity_at, amount));
                    edits.push((unit_at, label));
                }
                (None, _) => edits.push((quantity_at, format!("{amount}{space}{label}"))),
            }
        }
        (_, unit_at) => {
            edits.push((quantity_at, amount));
            if let Some(unit_at) = unit_at
                && let Some(word) = numbered(unit_word, plural)
            {
                edits.push((unit_at, word));
            }
        }
    }
    let mut line = splice(text, edits);
    if shown.rounded_up {
        let from = match adjusted.quantity_max {
            Some(high) => format!(
                "{}{separator}{}",
                rounding::decimal(adjusted.quantity.unwrap_or(0.0)),
                rounding::decimal(high)
            ),
            None => rounding::decimal(adjusted.quantity.unwrap_or(0.0)),
        };
        if korean {
            let unit = if unit_word.chars().any(is_hangul) {
                unit_word
            } else {
                ""
            };
            line.push_str(&format!(" ({from}{unit}에서 올림)"));
        } else {
            line.push_str(&format!(" (rounded up from {from})"));
        }
    }
    line
}

/// The amount as shown: both ends cook-rounded.
struct Shown {
    /// The amount, or the lower end of a range.
    low: f64,
    /// The upper end of a range.
    high: Option<f64>,
    /// True when a count was rounded up to whole.
    rounded_up: bool,
}

impl Shown {
    /// The amount of `adjusted` rounded to `steps`; counts whose original amount (in `item`)
    /// was whole are rounded up to whole.
    fn of(item: &IngredientItem, adjusted: &IngredientItem, steps: Steps) -> Self {
        let end = |exact: f64, original: Option<f64>| {
            let up = if steps == Steps::Counted && original.is_some_and(rounding::is_whole) {
                rounding::round_up(exact)
            } else {
                None
            };
            match up {
                Some(up) => (up, true),
                None => (rounding::cook(exact, steps), false),
            }
        };
        let (low, low_up) = end(adjusted.quantity.unwrap_or(0.0), item.quantity);
        let (high, high_up) = match adjusted.quantity_max {
            Some(high) => {
                let (high, up) = end(high, item.quantity_max);
                (Some(high), up)
            }
            None => (None, false),
        };
        Shown {
            low,
            high,
            rounded_up: low_up || high_up,
        }
    }

    /// The amount written in `style`, a range with `separator` between its ends.
    fn write(&self, steps: Steps, style: Style, separator: &str) -> String {
        let low = rounding::write(self.low, steps, style);
        match self.high.map(|high| rounding::write(high, steps, style)) {
            Some(high) if high != low => format!("{low}{separator}{high}"),
            _ => low,
        }
    }
}

/// The separator between the ends of a range as written in `written` (`~`, `-`, ` to `, with
/// the spaces around it); `~` in Korean lines and `-` in others when none is found.
fn separator(written: &str, korean: bool) -> String {
    let dash = written
        .char_indices()
        .skip(1)
        .find(|&(_, c)| matches!(c, '~' | '～' | '〜' | '-' | '–' | '—'))
        .map(|(at, c)| (at, at + c.len_utf8()));
    let lower = written.to_ascii_lowercase();
    let word = || {
        [" to ", " or "]
            .iter()
            .find_map(|word| lower.find(word).map(|at| (at + 1, at + word.len() - 1)))
    };
    let Some((start, end)) = dash.or_else(word) else {
        return if korean { "~" } else { "-" }.to_owned();
    };
    let (Some(before), Some(after)) = (written.get(..start), written.get(end..)) else {
        return if korean { "~" } else { "-" }.to_owned();
    };
    let start = before.trim_end().len();
    let end = written.len() - after.trim_start().len();
    written.get(start..end).unwrap_or("-").to_owned()
}

/// English unit words with a singular and a plural.
const NUMBERED: &[(&str, &str)] = &[
    ("cup", "cups"),
    ("teaspoon", "teaspoons"),
    ("tablespoon", "tablespoons"),
    ("clove", "cloves"),
    ("piece", "pieces"),
    ("stalk", "stalks"),
    ("handful", "handfuls"),
    ("pinch", "pinches"),
    ("dash", "dashes"),
    ("can", "cans"),
    ("tin", "tins"),
    ("slice", "slices"),
    ("sheet", "sheets"),
    ("bunch", "bunches"),
    ("pack", "packs"),
    ("package", "packages"),
    ("packet", "packets"),
    ("head", "heads"),
    ("sprig", "sprigs"),
    ("bowl", "bowls"),
    ("block", "blocks"),
    ("ounce", "ounces"),
    ("pound", "pounds"),
    ("lb", "lbs"),
    ("gram", "grams"),
    ("kilogram", "kilograms"),
    ("litre", "litres"),
    ("liter", "liters"),
    ("millilitre", "millilitres"),
    ("milliliter", "milliliters"),
];

/// `word` in the singular or plural (`plural`) when it is an English unit word with both forms
/// and is not already in that form, with its capitals kept (`Cups` → `Cup`); `lb` stays `lb`.
fn numbered(word: &str, plural: bool) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower == "lb" {
        return None;
    }
    let &(singular, plurals) = NUMBERED
        .iter()
        .find(|&&(singular, plurals)| lower == singular || lower == plurals)?;
    let wanted = if plural { plurals } else { singular };
    if lower == wanted {
        return None;
    }
    let mut chars = word.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let all_upper = first_upper && word.chars().count() > 1 && chars.all(char::is_uppercase);
    Some(if all_upper {
        wanted.to_ascii_uppercase()
    } else if first_upper {
        let mut capital = wanted.to_owned();
        capital[..1].make_ascii_uppercase();
        capital
    } else {
        wanted.to_owned()
    })
}

/// The label written for `unit`: Korean or short in Korean lines, English otherwise (plural
/// when `plural` and the word has one).
fn label(unit: Unit, korean: bool, plural: bool) -> String {
    let (english, plural_english, hangul) = match unit {
        Unit::Tsp => ("tsp", "tsp", "작은술"),
        Unit::Tbsp => ("tbsp", "tbsp", "큰술"),
        Unit::Cup => ("cup", "cups", "컵"),
        Unit::Ml => ("ml", "ml", "ml"),
        Unit::L => ("L", "L", "L"),
        Unit::FlOz => ("fl oz", "fl oz", "fl oz"),
        Unit::G => ("g", "g", "g"),
        Unit::Kg => ("kg", "kg", "kg"),
        Unit::Oz => ("oz", "oz", "온스"),
        Unit::Lb => ("lb", "lb", "파운드"),
        Unit::Piece => ("piece", "pieces", "개"),
        Unit::Clove => ("clove", "cloves", "쪽"),
        Unit::Block => ("block", "blocks", "모"),
        Unit::Stalk => ("stalk", "stalks", "대"),
        Unit::Handful => ("handful", "handfuls", "줌"),
        Unit::Pinch => ("pinch", "pinches", "꼬집"),
        Unit::Dash => ("dash", "dashes", "대시"),
        Unit::Bowl => ("bowl", "bowls", "공기"),
        Unit::Can => ("can", "cans", "캔"),
        Unit::Slice => ("slice", "slices", "조각"),
        Unit::Sheet => ("sheet", "sheets", "장"),
        Unit::Bunch => ("bunch", "bunches", "단"),
        Unit::Pack => ("pack", "packs", "봉지"),
        Unit::Head => ("head", "heads", "포기"),
        Unit::Sprig => ("sprig", "sprigs", "줄기"),
    };
    match (korean, plural) {
        (true, _) => hangul,
        (false, true) => plural_english,
        (false, false) => english,
    }
    .to_owned()
}

/// `text` with each range of `edits` (not overlapping, on character boundaries) replaced.
fn splice(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(at, _)| at.start);
    let mut line = String::with_capacity(text.len() + 16);
    let mut done = 0;
    for (at, replacement) in edits {
        let Some(before) = text.get(done..at.start) else {
            continue;
        };
        line.push_str(before);
        line.push_str(&replacement);
        done = at.end;
    }
    line.push_str(text.get(done..).unwrap_or(""));
    line
}
