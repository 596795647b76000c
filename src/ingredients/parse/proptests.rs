//! Property tests: the parser never panics, keeps the line verbatim, points only at char
//! boundaries inside it, gives sane quantities, and reads generated well-formed lines back.

use proptest::prelude::*;

use super::parse_line;
use crate::ingredients::IngredientItem;
use crate::ingredients::units::Unit;

/// Checks what must hold for every line.
fn check_invariants(line: &str, item: &IngredientItem) -> Result<(), TestCaseError> {
    prop_assert_eq!(&item.text, line);
    for range in [&item.quantity_at, &item.unit_at].into_iter().flatten() {
        prop_assert!(
            range.start <= range.end && range.end <= line.len(),
            "{range:?}"
        );
        prop_assert!(line.is_char_boundary(range.start) && line.is_char_boundary(range.end));
    }
    prop_assert_eq!(item.quantity.is_some(), item.quantity_at.is_some());
    prop_assert_eq!(item.unit.is_some(), item.unit_at.is_some());
    if let Some(q) = item.quantity {
        prop_assert!(q.is_finite() && q >= 0.0, "quantity {q}");
    }
    if let Some(max) = item.quantity_max {
        let q = item.quantity;
        prop_assert!(
            q.is_some_and(|q| max.is_finite() && max > q),
            "{q:?}..{max}"
        );
    }
    prop_assert_eq!(item.food.trim(), item.food.as_str());
    prop_assert!(line.contains(item.food.as_str()));
    Ok(())
}

/// Pieces ingredient lines are made of, to build lines near the parser's edge cases.
const PIECES: [&str; 40] = [
    "1",
    "2",
    "10",
    "0",
    "999999999",
    " ",
    "  ",
    "/",
    ".",
    ",",
    "-",
    "–",
    "~",
    "～",
    "½",
    "¼",
    "(",
    ")",
    "[",
    "큰술",
    "컵",
    "개",
    "반",
    "한",
    "두",
    "약간",
    "cup",
    "cups",
    "T",
    "t",
    "a",
    "of",
    "to",
    "or",
    "fl",
    "oz",
    "salt",
    "간장",
    "１",
    "\u{0301}",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..40).prop_map(|p| p.concat())
}

/// A number as written, and its value.
fn number() -> impl Strategy<Value = (String, f64)> {
    let fractions = prop::sample::select(vec![
        ("1/2", 0.5),
        ("1/4", 0.25),
        ("3/4", 0.75),
        ("1/3", 1.0 / 3.0),
        ("2/3", 2.0 / 3.0),
        ("1/8", 0.125),
        ("½", 0.5),
        ("¼", 0.25),
        ("¾", 0.75),
    ]);
    prop_oneof![
        (1u32..1000).prop_map(|n| (n.to_string(), f64::from(n))),
        (1u32..100, 1u32..100)
            .prop_map(|(a, b)| (format!("{a}.{b:02}"), f64::from(a) + f64::from(b) / 100.0)),
        fractions.clone().prop_map(|(f, v)| (f.to_string(), v)),
        (1u32..20, fractions).prop_map(|(w, (f, v))| (format!("{w} {f}"), f64::from(w) + v)),
    ]
}

const ENGLISH_UNITS: [(&str, Unit); 22] = [
    ("cup", Unit::Cup),
    ("cups", Unit::Cup),
    ("tsp", Unit::Tsp),
    ("teaspoons", Unit::Tsp),
    ("t", Unit::Tsp),
    ("tbsp", Unit::Tbsp),
    ("Tbsp.", Unit::Tbsp),
    ("tablespoons", Unit::Tbsp),
    ("T", Unit::Tbsp),
    ("g", Unit::G),
    ("grams", Unit::G),
    ("kg", Unit::Kg),
    ("ml", Unit::Ml),
    ("liters", Unit::L),
    ("oz", Unit::Oz),
    ("lbs", Unit::Lb),
    ("cloves", Unit::Clove),
    ("pinch", Unit::Pinch),
    ("cans", Unit::Can),
    ("slices", Unit::Slice),
    ("sprigs", Unit::Sprig),
    ("fl oz", Unit::FlOz),
];

const KOREAN_UNITS: [(&str, Unit); 20] = [
    ("큰술", Unit::Tbsp),
    ("작은술", Unit::Tsp),
    ("컵", Unit::Cup),
    ("개", Unit::Piece),
    ("쪽", Unit::Clove),
    ("모", Unit::Block),
    ("대", Unit::Stalk),
    ("줌", Unit::Handful),
    ("꼬집", Unit::Pinch),
    ("공기", Unit::Bowl),
    ("캔", Unit::Can),
    ("장", Unit::Sheet),
    ("조각", Unit::Slice),
    ("단", Unit::Bunch),
    ("봉지", Unit::Pack),
    ("포기", Unit::Head),
    ("g", Unit::G),
    ("ml", Unit::Ml),
    ("T", Unit::Tbsp),
    ("스푼", Unit::Tbsp),
];

const ENGLISH_FOODS: [&str; 8] = [
    "rice",
    "flour",
    "sugar",
    "whole milk",
    "butter",
    "olive oil",
    "brown sugar",
    "Garlic",
];

const KOREAN_FOODS: [&str; 8] = [
    "간장",
    "설탕",
    "다진 마늘",
    "돼지고기 목살",
    "물",
    "양파",
    "고춧가루",
    "두부",
];

proptest! {
    #[test]
    fn printable_strings_do_not_break_the_parser(line in "\\PC*") {
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
    }

    #[test]
    fn any_string_does_not_break_the_parser(line in any::<String>()) {
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
    }

    #[test]
    fn byte_junk_does_not_break_the_parser(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let line = String::from_utf8_lossy(&bytes).into_owned();
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
    }

    #[test]
    fn lines_near_the_edge_cases_do_not_break_the_parser(line in pieces()) {
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
    }

    #[test]
    fn long_digit_runs_and_many_fractions_do_not_break_the_parser(
        line in "[0-9]{1,400}([ ./,~-]{0,2}[0-9]{0,60}){0,6} ?(cups|큰술|g)? ?[a-z가-힣 ]{0,10}",
        fractions in "( ?[0-9]{1,3}/[0-9]{1,3}){0,200}",
    ) {
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
        let item = parse_line(&fractions);
        check_invariants(&fractions, &item)?;
    }

    #[test]
    fn english_lines_read_back(
        (written, value) in number(),
        (alias, unit) in prop::sample::select(ENGLISH_UNITS.to_vec()),
        food in prop::sample::select(ENGLISH_FOODS.to_vec()),
        glued in any::<bool>(),
    ) {
        let space = if glued && !alias.contains(' ') { "" } else { " " };
        let line = format!("{written}{space}{alias} {food}");
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
        prop_assert!((item.quantity.unwrap() - value).abs() < 1e-9, "{item:?}");
        prop_assert_eq!(item.quantity_max, None);
        prop_assert_eq!(item.unit, Some(unit));
        prop_assert_eq!(item.food.as_str(), food);
        prop_assert_eq!(&line[item.quantity_at.clone().unwrap()], written.as_str());
        prop_assert_eq!(&line[item.unit_at.clone().unwrap()], alias);
    }

    #[test]
    fn korean_lines_read_back(
        (written, value) in number(),
        (alias, unit) in prop::sample::select(KOREAN_UNITS.to_vec()),
        food in prop::sample::select(KOREAN_FOODS.to_vec()),
        glued in any::<bool>(),
        amount_first in any::<bool>(),
    ) {
        let space = if glued { "" } else { " " };
        let line = if amount_first {
            format!("{written}{space}{alias} {food}")
        } else {
            format!("{food} {written}{space}{alias}")
        };
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
        prop_assert!((item.quantity.unwrap() - value).abs() < 1e-9, "{item:?}");
        prop_assert_eq!(item.unit, Some(unit));
        prop_assert_eq!(item.food.as_str(), food);
        prop_assert_eq!(&line[item.quantity_at.clone().unwrap()], written.as_str());
        prop_assert_eq!(&line[item.unit_at.clone().unwrap()], alias);
    }

    #[test]
    fn ranges_read_back(
        low in 1u32..50,
        step in 1u32..10,
        separator in prop::sample::select(vec!["-", "–", "~", " to ", " or ", "～"]),
        (alias, unit) in prop::sample::select(KOREAN_UNITS.to_vec()),
    ) {
        let high = low + step;
        let written = format!("{low}{separator}{high}");
        let line = format!("양파 {written}{alias}");
        let item = parse_line(&line);
        check_invariants(&line, &item)?;
        prop_assert_eq!(item.quantity, Some(f64::from(low)));
        prop_assert_eq!(item.quantity_max, Some(f64::from(high)));
        prop_assert_eq!(item.unit, Some(unit));
        prop_assert_eq!(&line[item.quantity_at.clone().unwrap()], written.as_str());
    }
}
