//! The line grammar: which parts of a line are the amount, the food and the note.
//!
//! 1. Parenthesised groups ("(optional)", "(about 200 g)", "(선택)") are set aside as note parts.
//! 2. The first comma or semicolon (not one between digits) ends the food; the rest of the line
//!    is a note part. In a Hangul line the comma that counts is the first one after an amount
//!    ("소금, 후추 약간씩" keeps "소금, 후추" as the food).
//! 3. Leading bullets are skipped; trailing phrases ("to taste", "for garnish", "optional",
//!    "약간", "적당량", "기호에 따라"…) become note parts.
//! 4. An amount at the start (after "about"/"약") is read English-style: the food follows
//!    ("2 cups rice", "2큰술 간장"). Otherwise an amount is looked for after the food,
//!    Korean-style ("간장 2큰술"): it must end the line (but for 정도/가량/쯤/씩…), or, in a
//!    Hangul line, have a unit, in which case what follows it is a note part.
//! 5. What is left is the food, cut at the first parenthesised group inside it (what follows
//!    the group is a note part).

use std::ops::Range;

use crate::ingredients::item::IngredientItem;

use super::amount::{Amount, Place, amount};
use super::numbers::is_range_separator;
use super::tokens::{Kind, Token, glued, scan};
use super::unit_words::KOREAN_SUFFIXES;

/// Phrases that end a line and belong in the note, as lower-case words.
const TAIL_PHRASES: [&[&str]; 30] = [
    &["or", "to", "taste"],
    &["to", "taste"],
    &["for", "garnish"],
    &["for", "garnishing"],
    &["to", "garnish"],
    &["for", "serving"],
    &["to", "serve"],
    &["for", "frying"],
    &["for", "greasing"],
    &["for", "dusting"],
    &["for", "drizzling"],
    &["as", "needed"],
    &["if", "needed"],
    &["as", "required"],
    &["optional"],
    &["divided"],
    &["약간"],
    &["약간씩"],
    &["적당량"],
    &["적당량씩"],
    &["적당히"],
    &["조금"],
    &["조금씩"],
    &["소량"],
    &["취향껏"],
    &["넉넉히"],
    &["기호껏"],
    &["기호에", "따라"],
    &["기호에", "맞게"],
    &["선택"],
];

/// Words for "about" before an amount; they go to the note.
const APPROX_WORDS: [&str; 8] = [
    "about",
    "approx",
    "approximately",
    "around",
    "roughly",
    "ca",
    "약",
    "대략",
];

/// Characters that open a list item.
const BULLETS: &str = "-*•·+▪▫▶►▷○●◦■□◆◇★☆✓✔‣※>–—";

/// A parenthesised group: its whole extent and its inside.
struct Paren {
    whole: Range<usize>,
    inside: Range<usize>,
}

/// The tokens outside parentheses, and the parenthesised groups.
fn split_parens(tokens: Vec<Token>, line_len: usize) -> (Vec<Token>, Vec<Paren>) {
    let mut main = Vec::with_capacity(tokens.len());
    let mut parens = Vec::new();
    let mut depth = 0usize;
    let mut open = 0..0;
    for t in tokens {
        match t.kind {
            Kind::Punct('(' | '[' | '{') => {
                if depth == 0 {
                    open = t.at.clone();
                }
                depth += 1;
            }
            Kind::Punct(')' | ']' | '}') => {
                if depth == 1 {
                    parens.push(Paren {
                        whole: open.start..t.at.end,
                        // A cluster such as "㈀" normalises to both parentheses at once.
                        inside: open.end..t.at.start.max(open.end),
                    });
                }
                depth = depth.saturating_sub(1);
            }
            _ if depth == 0 => main.push(t),
            _ => {}
        }
    }
    if depth > 0 {
        parens.push(Paren {
            whole: open.start..line_len,
            inside: open.end..line_len,
        });
    }
    (main, parens)
}

/// Whether `main[k]` is a comma or semicolon that separates (not "1,5" or "1,000").
fn is_separator(main: &[Token], k: usize) -> bool {
    let t = &main[k];
    if !matches!(t.kind, Kind::Punct(',' | ';' | '、')) {
        return false;
    }
    let digit_before = k > 0 && main[k - 1].kind == Kind::Num && glued(&main[k - 1], t);
    let digit_after = main
        .get(k + 1)
        .is_some_and(|n| n.kind == Kind::Num && glued(t, n));
    !(digit_before && digit_after)
}

/// What was read from the main part of a line (before the comma that ends the food).
struct Reading {
    amount: Option<Amount>,
    food: Option<Range<usize>>,
    notes: Vec<Range<usize>>,
    /// An amount or a no-quantity word ("약간", "to taste") was found.
    counted: bool,
}

fn is_content(t: &Token) -> bool {
    matches!(t.kind, Kind::Num | Kind::Frac(_) | Kind::Word)
}

fn is_approx(t: &Token) -> bool {
    t.kind == Kind::Word && APPROX_WORDS.contains(&t.lower().as_str())
}

/// The length in tokens of a note phrase ending `toks`, if there is one.
fn tail_phrase(toks: &[Token]) -> Option<usize> {
    TAIL_PHRASES.iter().find_map(|phrase| {
        let n = phrase.len();
        let words = toks.get(toks.len().checked_sub(n)?..)?;
        words
            .iter()
            .zip(phrase.iter())
            .all(|(t, w)| t.kind == Kind::Word && t.text.to_lowercase() == *w)
            .then_some(n)
    })
}

/// Token index runs of `toks[from..to]` not interrupted by a parenthesised group.
fn runs(toks: &[Token], from: usize, to: usize, parens: &[Paren]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = from;
    for k in from + 1..to {
        let gap = toks[k - 1].at.end..toks[k].at.start;
        if parens
            .iter()
            .any(|p| p.whole.start >= gap.start && p.whole.end <= gap.end)
        {
            out.push(start..k);
            start = k;
        }
    }
    if start < to {
        out.push(start..to);
    }
    out
}

fn bytes(toks: &[Token], run: Range<usize>) -> Range<usize> {
    toks[run.start].at.start..toks[run.end - 1].at.end
}

/// The food in `toks[from..to]` (the first run with a word or number in it, from its first to
/// its last word or number) and the note parts after it.
fn food_and_rest(
    toks: &[Token],
    from: usize,
    to: usize,
    parens: &[Paren],
) -> (Option<Range<usize>>, Vec<Range<usize>>) {
    let mut food = None;
    let mut rest = Vec::new();
    for run in runs(toks, from, to, parens) {
        if food.is_some() {
            rest.push(bytes(toks, run));
            continue;
        }
        let first = (run.start..run.end).find(|&k| is_content(&toks[k]));
        let last = (run.start..run.end).rev().find(|&k| is_content(&toks[k]));
        if let (Some(first), Some(last)) = (first, last) {
            food = Some(bytes(toks, first..last + 1));
        }
    }
    (food, rest)
}

/// Whether token `i` would be the second half of something numeric that was refused as an
/// amount ("2 or 1 cups", "3 - 1/2 cups"): a trailing amount must not start there.
fn continues_number(toks: &[Token], i: usize) -> bool {
    let numeric = |t: &Token| matches!(t.kind, Kind::Num | Kind::Frac(_));
    let before = &toks[i - 1];
    numeric(before)
        || (i >= 2
            && numeric(&toks[i - 2])
            && (is_range_separator(before)
                || before.is_word("and")
                || before.text == "과"
                || before.text == "와"))
}

/// Reads the main part of a line.
fn read(toks: &[Token], parens: &[Paren], hangul: bool) -> Reading {
    let mut s = 0;
    while s < toks.len() && matches!(toks[s].kind, Kind::Punct(c) if BULLETS.contains(c)) {
        s += 1;
    }
    let mut e = toks.len();
    let mut notes = Vec::new();
    let mut counted = false;
    loop {
        let mut end = e;
        while end > s && !is_content(&toks[end - 1]) {
            end -= 1;
        }
        match tail_phrase(&toks[s..end]) {
            Some(n) if n < end - s => {
                notes.push(bytes(toks, end - n..end));
                counted = true;
                e = end - n;
            }
            _ => break,
        }
    }
    let toks = &toks[..e];

    // English order: the amount first.
    let mut lead = s;
    let mut approx = None;
    if s + 1 < e && is_approx(&toks[s]) {
        approx = Some(toks[s].at.clone());
        lead = if toks[s + 1].is_punct('.') {
            s + 2
        } else {
            s + 1
        };
    }
    if let Some(found) = amount(toks, lead, Place::Leading) {
        notes.extend(approx);
        notes.extend(found.notes.iter().cloned());
        let (food, rest) = food_and_rest(toks, found.next, e, parens);
        notes.extend(rest);
        return Reading {
            amount: Some(found),
            food,
            notes,
            counted: true,
        };
    }

    // Korean order: the food, then the amount.
    for i in s + 1..e {
        let before = &toks[i - 1];
        // Only Hangul may be glued before a trailing amount ("대파1/2대"), not "B12" or "1/2/3".
        if glued(before, &toks[i]) && !before.hangul || continues_number(toks, i) {
            continue;
        }
        let Some(found) = amount(toks, i, Place::Trailing) else {
            continue;
        };
        let mut k = found.next;
        let mut tail = Vec::new();
        while k < e && KOREAN_SUFFIXES.contains(&toks[k].text.as_str()) {
            tail.push(toks[k].at.clone());
            k += 1;
        }
        if k < e && !(hangul && found.unit.is_some()) {
            continue;
        }
        let mut food_end = i;
        if i > s + 1 && is_approx(before) {
            notes.push(before.at.clone());
            food_end = i - 1;
        } else if i > s + 2 && before.is_punct('.') && is_approx(&toks[i - 2]) {
            notes.push(toks[i - 2].at.clone());
            food_end = i - 2;
        }
        notes.extend(found.notes.iter().cloned());
        notes.extend(tail);
        notes.extend(runs(toks, k, e, parens).into_iter().map(|r| bytes(toks, r)));
        let (food, rest) = food_and_rest(toks, s, food_end, parens);
        notes.extend(rest);
        return Reading {
            amount: Some(found),
            food,
            notes,
            counted: true,
        };
    }

    let (food, rest) = food_and_rest(toks, s, e, parens);
    notes.extend(rest);
    Reading {
        amount: None,
        food,
        notes,
        counted,
    }
}

/// Parses one line (see the module documentation).
pub(super) fn parse(line: &str) -> IngredientItem {
    let tokens = scan(line);
    let hangul = tokens.iter().any(|t| t.hangul);
    let (main, parens) = split_parens(tokens, line.len());
    let separators: Vec<usize> = (0..main.len())
        .filter(|&k| is_separator(&main, k))
        .take(8)
        .collect();
    let first_cut = separators.first().copied().unwrap_or(main.len());
    let (cut, reading) = if hangul {
        separators
            .iter()
            .map(|&k| (k, read(&main[..k], &parens, hangul)))
            .chain(std::iter::once_with(|| {
                (main.len(), read(&main, &parens, hangul))
            }))
            .find(|(_, reading)| reading.counted)
            .unwrap_or_else(|| (first_cut, read(&main[..first_cut], &parens, hangul)))
    } else {
        (first_cut, read(&main[..first_cut], &parens, hangul))
    };
    let cut_at = main.get(cut).map(|t| t.at.clone());

    let mut notes = reading.notes;
    let before_cut = |p: &&Paren| cut_at.as_ref().is_none_or(|c| p.whole.start < c.start);
    notes.extend(parens.iter().filter(before_cut).map(|p| p.inside.clone()));
    if let Some(c) = &cut_at {
        notes.push(c.end..line.len());
    }
    notes.sort_by_key(|r| (r.start, r.end));
    notes.dedup();
    let parts: Vec<&str> = notes
        .iter()
        .map(|r| line[r.clone()].trim())
        .filter(|part| !part.is_empty())
        .collect();
    let note = (!parts.is_empty()).then(|| parts.join(", "));

    let Some(found) = reading.amount else {
        return match reading.food {
            Some(food) => IngredientItem {
                text: line.to_string(),
                quantity: None,
                quantity_max: None,
                unit: None,
                food: line[food].trim().to_string(),
                note,
                quantity_at: None,
                unit_at: None,
            },
            None => unknown(line),
        };
    };
    IngredientItem {
        text: line.to_string(),
        quantity: Some(found.quantity),
        quantity_max: found.quantity_max,
        unit: found.unit.as_ref().map(|(unit, _)| *unit),
        food: reading
            .food
            .map(|food| line[food].trim().to_string())
            .unwrap_or_default(),
        note,
        quantity_at: Some(found.quantity_at),
        unit_at: found.unit.map(|(_, at)| at),
    }
}

/// A line whose shape is not recognised: all of it is the food.
fn unknown(line: &str) -> IngredientItem {
    IngredientItem {
        text: line.to_string(),
        quantity: None,
        quantity_max: None,
        unit: None,
        food: line.trim().to_string(),
        note: None,
        quantity_at: None,
        unit_at: None,
    }
}
