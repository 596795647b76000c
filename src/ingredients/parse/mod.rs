//! Ingredient-line parsing: one line of a recipe's ingredient list ("간장 2큰술", "1 1/2 cups
//! flour, sifted") read into an [`IngredientItem`]: quantity (or range), unit, food and note,
//! plus the byte ranges at which the quantity and the unit were written.
//!
//! The parser never fails: a line whose shape is not recognised keeps its whole trimmed text
//! as `food`. It is deterministic and uses no allocation-heavy machinery (no regexes).
//!
//! Stages:
//! - [`tokens`]: NFKC-normalised scanning into numbers, vulgar fractions, words and
//!   punctuation, each remembering where it was written in the original line;
//! - [`numbers`]: quantities (integers, decimals, fractions, mixed numbers, number words,
//!   ranges);
//! - [`unit_words`]: the table of unit words and their canonical [`Unit`](super::Unit);
//! - [`amount`]: a quantity followed by an optional unit ("2큰술", "1 (14 oz) can", "a pinch
//!   of");
//! - [`line`]: the line grammar: notes (parentheses, text after a comma, "to taste", "약간"),
//!   English order (amount first) and Korean order (food first, amount last).
//!
//! Rules chosen for ambiguous cases:
//! - Adjectives before the food stay in `food` ("2 large eggs" → food "large eggs"); only text
//!   after the first comma, in parentheses, or a trailing phrase ("to taste", "for garnish",
//!   "optional"…) becomes `note`. A size word between the quantity and a unit ("1 heaping
//!   tbsp", "1 large can") goes to `note`, because it qualifies the unit, not the food.
//! - A comma ends the food, and the rest of the line (from after the comma, parentheses
//!   included) is one note part. In a Hangul line whose text before a comma holds no amount
//!   ("소금, 후추 약간씩"), the comma is taken as a list separator inside the food; the first
//!   comma after an amount ends the food.
//! - A comma between digits is a decimal comma when one or two digits follow ("1,5"), a
//!   thousands separator when groups of three follow ("1,000"); otherwise it separates.
//! - "a"/"an" count as 1 only directly before a unit ("a pinch of salt") or "dozen"; "an egg"
//!   has no quantity. Korean determiners 한/두/세/네 likewise need a unit ("한 줌", "두 쪽");
//!   하나/둘/셋/넷/다섯 and 반 stand alone ("양파 반", "달걀 하나").
//! - "1-1/2" (integer, hyphen, proper fraction, no spaces) is the mixed number 1½; "1/2-1",
//!   "2-3", "2 to 3", "2 or 3", "2~3" are ranges. A range whose upper end is not above its
//!   lower end ("2 or 1", "3 - 1/2") is not an amount at all, so such a line has no quantity.
//! - Quantities above 1,000,000, or not finite (1/0), make the line have no quantity.
//! - `note` is made of trimmed substrings of the line in line order, joined with ", " when
//!   there are several ("1 (14 oz) can tomatoes, drained" → "14 oz, drained").
//! - An amount must open the line (after a bullet or "about"/"약") or, food first, close it
//!   (optionally followed by 정도/가량/쯤/씩…). In a Hangul line an amount with a unit may also
//!   sit after the food with more text after it, which becomes a note ("양파 1개 채 썬 것").
//! - A Hangul counter glued to a trailing number that is not a known unit ("맛술 1병") goes to
//!   `note`; the quantity stays.

mod amount;
mod line;
mod numbers;
mod tokens;
mod unit_words;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use super::item::IngredientItem;

/// Parses one ingredient line. Never fails: see the module documentation for the rules.
pub fn parse_line(line: &str) -> IngredientItem {
    line::parse(line)
}
