//! Examples of adjusted lines: a table of English and Korean lines scaled and converted, and the
//! numbers kept in the item.

use super::super::units::{MeasureSystem, Unit, UnitsChoice};
use super::{IngredientItem, adjust};

use MeasureSystem::{Korean, Metric as MetricSystem, Us as UsSystem};
use UnitsChoice::{Metric, Original, Us};

/// One number as written: `2`, `1.5`, `1/2`, `1 1/2`, `½`, `1½`.
fn number(written: &str) -> f64 {
    let written = written.trim();
    let glyph = |c: char| match c {
        '⅛' => Some(0.125),
        '¼' => Some(0.25),
        '⅓' => Some(1.0 / 3.0),
        '½' => Some(0.5),
        '⅔' => Some(2.0 / 3.0),
        '¾' => Some(0.75),
        _ => None,
    };
    if let Some(last) = written.chars().last()
        && let Some(part) = glyph(last)
    {
        let whole = &written[..written.len() - last.len_utf8()];
        return if whole.is_empty() {
            part
        } else {
            number(whole) + part
        };
    }
    if let Some((whole, fraction)) = written.split_once(' ') {
        return number(whole) + number(fraction);
    }
    if let Some((numerator, denominator)) = written.split_once('/') {
        return number(numerator) / number(denominator);
    }
    written
        .parse()
        .unwrap_or_else(|_| panic!("a number: {written:?}"))
}

/// An item for `text` whose quantity is written as `quantity` (a number or a range joined by
/// `~`, `-` or ` to `) and whose unit, if any, is written as the given word after it.
pub(super) fn line(text: &str, quantity: &str, unit: Option<(Unit, &str)>) -> IngredientItem {
    let start = text.find(quantity).expect("the quantity is in the line");
    let quantity_at = start..start + quantity.len();
    let unit_at = unit.map(|(_, written)| {
        let start = quantity_at.end
            + text[quantity_at.end..]
                .find(written)
                .expect("the unit is in the line after the quantity");
        start..start + written.len()
    });
    let (low, high) = ["~", " to ", "-"]
        .iter()
        .find_map(|separator| quantity.split_once(separator))
        .map_or_else(
            || (number(quantity), None),
            |(low, high)| (number(low), Some(number(high))),
        );
    IngredientItem {
        text: text.to_owned(),
        quantity: Some(low),
        quantity_max: high,
        unit: unit.map(|(unit, _)| unit),
        food: String::new(),
        note: None,
        quantity_at: Some(quantity_at),
        unit_at,
    }
}

/// An item without a quantity.
fn plain(text: &str) -> IngredientItem {
    IngredientItem {
        text: text.to_owned(),
        quantity: None,
        quantity_max: None,
        unit: None,
        food: text.to_owned(),
        note: None,
        quantity_at: None,
        unit_at: None,
    }
}

type Case = (
    &'static str,
    &'static str,
    Option<(Unit, &'static str)>,
    f64,
    UnitsChoice,
    MeasureSystem,
    &'static str,
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // Korean lines.
    ("간장 2큰술", "2", Some((Unit::Tbsp, "큰술")), 1.5, Original, Korean, "간장 3큰술"),
    ("두부 1모", "1", Some((Unit::Block, "모")), 0.5, Original, Korean, "두부 ½모"),
    ("대파 1/2대", "1/2", Some((Unit::Stalk, "대")), 3.0, Original, Korean, "대파 1 1/2대"),
    ("대파 1/2대", "1/2", Some((Unit::Stalk, "대")), 0.5, Original, Korean, "대파 1/4대"),
    ("물 2컵", "2", Some((Unit::Cup, "컵")), 1.0, Metric, Korean, "물 400ml"),
    ("물 2컵", "2", Some((Unit::Cup, "컵")), 3.0, Metric, Korean, "물 1.2L"),
    ("물 2 컵", "2", Some((Unit::Cup, "컵")), 1.5, Metric, Korean, "물 600 ml"),
    ("물 5컵", "5", Some((Unit::Cup, "컵")), 1.0, Metric, Korean, "물 1L"),
    ("양파 1개", "1", Some((Unit::Piece, "개")), 0.5, Original, Korean, "양파 1개 (0.5개에서 올림)"),
    ("마늘 3쪽", "3", Some((Unit::Clove, "쪽")), 0.5, Original, Korean, "마늘 2쪽 (1.5쪽에서 올림)"),
    ("달걀 2개", "2", Some((Unit::Piece, "개")), 1.5, Original, Korean, "달걀 3개"),
    ("달걀 2", "2", None, 0.75, Original, Korean, "달걀 2 (1.5에서 올림)"),
    ("설탕 1/2큰술", "1/2", Some((Unit::Tbsp, "큰술")), 3.0, Original, Korean, "설탕 1 1/2큰술"),
    ("고춧가루 1~2큰술", "1~2", Some((Unit::Tbsp, "큰술")), 2.0, Original, Korean, "고춧가루 2~4큰술"),
    ("고춧가루 1~2큰술", "1~2", Some((Unit::Tbsp, "큰술")), 0.5, Original, Korean, "고춧가루 ½~1큰술"),
    ("돼지고기 300g", "300", Some((Unit::G, "g")), 1.5, Original, Korean, "돼지고기 450g"),
    ("돼지고기 300g", "300", Some((Unit::G, "g")), 0.5, Metric, Korean, "돼지고기 150g"),
    ("떡 200~300g", "200~300", Some((Unit::G, "g")), 0.5, Original, Korean, "떡 100~150g"),
    ("참기름 1작은술", "1", Some((Unit::Tsp, "작은술")), 2.0, Us, Korean, "참기름 2작은술"),
    ("간장 3큰술", "3", Some((Unit::Tbsp, "큰술")), 2.0, Us, Korean, "간장 ⅓컵"),
    ("우유 1컵", "1", Some((Unit::Cup, "컵")), 1.0, Us, Korean, "우유 ¾컵"),
    ("소고기 600g", "600", Some((Unit::G, "g")), 1.0, Us, Korean, "소고기 1¼파운드"),
    ("소고기 600g", "600", Some((Unit::G, "g")), 0.25, Us, Korean, "소고기 5¼온스"),
    ("배추 1/4포기", "1/4", Some((Unit::Head, "포기")), 2.0, Original, Korean, "배추 1/2포기"),
    ("당근 1/3개", "1/3", Some((Unit::Piece, "개")), 3.0, Original, Korean, "당근 1개"),
    ("당근 1/3개", "1/3", Some((Unit::Piece, "개")), 2.0, Original, Korean, "당근 3/4개"),
    ("밥 1공기", "1", Some((Unit::Bowl, "공기")), 1.5, Original, Korean, "밥 1½공기"),
    ("김 2장", "2", Some((Unit::Sheet, "장")), 0.25, Original, Korean, "김 ½장"),
    ("소금 약간", "", None, 2.0, Metric, Korean, "소금 약간"),
    ("버섯 1팩", "1", Some((Unit::Pack, "팩")), 0.5, Original, Korean, "버섯 ½팩"),
    // English lines.
    ("2 large eggs", "2", None, 0.75, Original, UsSystem, "2 large eggs (rounded up from 1.5)"),
    ("2 large eggs", "2", None, 3.0, Original, UsSystem, "6 large eggs"),
    ("1 cup milk", "1", Some((Unit::Cup, "cup")), 1.0, Metric, Korean, "200 ml milk"),
    ("1 cup milk", "1", Some((Unit::Cup, "cup")), 2.0, Original, UsSystem, "2 cups milk"),
    ("1 cup milk", "1", Some((Unit::Cup, "cup")), 2.0, Us, Korean, "1⅔ cups milk"),
    ("2 cups flour", "2", Some((Unit::Cup, "cups")), 0.5, Original, UsSystem, "1 cup flour"),
    ("2 Cups flour", "2", Some((Unit::Cup, "Cups")), 0.5, Original, UsSystem, "1 Cup flour"),
    ("1 lb beef", "1", Some((Unit::Lb, "lb")), 1.0, Metric, UsSystem, "450 g beef"),
    ("3 cloves garlic", "3", Some((Unit::Clove, "cloves")), 0.5, Original, UsSystem, "2 cloves garlic (rounded up from 1.5)"),
    ("2 to 3 cloves garlic", "2 to 3", Some((Unit::Clove, "cloves")), 0.5, Original, UsSystem, "1 to 2 cloves garlic (rounded up from 1 to 1.5)"),
    ("1 1/2 cups sugar", "1 1/2", Some((Unit::Cup, "cups")), 2.0, Original, UsSystem, "3 cups sugar"),
    ("1½ cups sugar", "1½", Some((Unit::Cup, "cups")), 0.5, Original, UsSystem, "¾ cup sugar"),
    ("2-3 tbsp olive oil", "2-3", Some((Unit::Tbsp, "tbsp")), 2.0, Original, UsSystem, "4-6 tbsp olive oil"),
    ("1 teaspoon salt", "1", Some((Unit::Tsp, "teaspoon")), 3.0, Original, UsSystem, "3 teaspoons salt"),
    ("1 tsp salt", "1", Some((Unit::Tsp, "tsp")), 0.1, Original, UsSystem, "⅛ tsp salt"),
    ("8 oz cream cheese", "8", Some((Unit::Oz, "oz")), 3.0, Metric, UsSystem, "680 g cream cheese"),
    ("8 oz cream cheese", "8", Some((Unit::Oz, "oz")), 2.0, Original, UsSystem, "16 oz cream cheese"),
    ("250 ml stock", "250", Some((Unit::Ml, "ml")), 1.0, Us, MetricSystem, "1 cup stock"),
    ("500 g flour", "500", Some((Unit::G, "g")), 1.0, Us, MetricSystem, "1 lb flour"),
    ("100 g butter", "100", Some((Unit::G, "g")), 1.0, Us, MetricSystem, "3½ oz butter"),
    ("1 tbsp butter", "1", Some((Unit::Tbsp, "tbsp")), 0.5, Us, UsSystem, "½ tbsp butter"),
    ("1 tbsp soy sauce", "1", Some((Unit::Tbsp, "tbsp")), 1.0, Metric, MetricSystem, "15 ml soy sauce"),
    ("1 tbsp soy sauce", "1", Some((Unit::Tbsp, "tbsp")), 0.5, Metric, UsSystem, "7.5 ml soy sauce"),
    ("2 cups water", "2", Some((Unit::Cup, "cups")), 3.0, Metric, UsSystem, "1.44 L water"),
    ("4 cups chicken stock", "4", Some((Unit::Cup, "cups")), 1.0, Metric, UsSystem, "960 ml chicken stock"),
    ("2~3 cups water", "2~3", Some((Unit::Cup, "cups")), 1.0, Metric, UsSystem, "480~720 ml water"),
    ("1 can tomatoes", "1", Some((Unit::Can, "can")), 1.5, Original, UsSystem, "1½ cans tomatoes"),
    ("1 1/2 lbs potatoes", "1 1/2", Some((Unit::Lb, "lbs")), 0.5, Original, UsSystem, "3/4 lb potatoes"),
    ("1 pinch salt", "1", Some((Unit::Pinch, "pinch")), 0.5, Original, UsSystem, "½ pinch salt"),
    ("2 cups flour", "2", Some((Unit::Cup, "cups")), 1.0, Original, UsSystem, "2 cups flour"),
    ("salt to taste", "", None, 3.0, Us, UsSystem, "salt to taste"),
];

#[test]
fn lines_are_scaled_converted_and_rewritten() {
    let mut failures = Vec::new();
    for &(text, quantity, unit, factor, choice, system, want) in CASES {
        let item = if quantity.is_empty() {
            plain(text)
        } else {
            line(text, quantity, unit)
        };
        let got = adjust(&item, factor, choice, system).display;
        if got != want {
            failures.push(format!(
                "{text:?} ×{factor} {choice:?} ({system:?}): got {got:?}, want {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_korean_and_english_lines_and_every_choice() {
    let korean = CASES
        .iter()
        .filter(|case| case.0.chars().any(super::is_hangul))
        .count();
    assert!(CASES.len() >= 40 && korean >= 20);
    for choice in [Original, Metric, Us] {
        assert!(CASES.iter().any(|case| case.4 == choice));
    }
    for factor in [0.5, 2.0, 3.0, 1.5] {
        assert!(CASES.iter().any(|case| case.3 == factor));
    }
}

#[test]
fn the_item_keeps_exact_numbers() {
    let beef = adjust(
        &line("1 lb beef", "1", Some((Unit::Lb, "lb"))),
        1.0,
        Metric,
        UsSystem,
    );
    assert_eq!(beef.item.unit, Some(Unit::G));
    assert_eq!(beef.item.quantity, Some(453.592_37));
    assert_eq!(beef.item.quantity_at, Some(0..1));
    assert_eq!(beef.item.unit_at, Some(2..4));

    let eggs = adjust(&line("2 large eggs", "2", None), 0.75, Original, UsSystem);
    assert_eq!(eggs.item.quantity, Some(1.5));
    assert_eq!(eggs.item.unit, None);

    let water = adjust(
        &line("물 2~3컵", "2~3", Some((Unit::Cup, "컵"))),
        2.0,
        Metric,
        Korean,
    );
    assert_eq!(water.item.quantity, Some(800.0));
    assert_eq!(water.item.quantity_max, Some(1200.0));
    assert_eq!(water.item.unit, Some(Unit::Ml));
    assert_eq!(water.display, "물 800~1200ml");
    let water = adjust(
        &line("물 5~6컵", "5~6", Some((Unit::Cup, "컵"))),
        1.0,
        Metric,
        Korean,
    );
    assert_eq!(water.item.unit, Some(Unit::L));
    assert_eq!(water.display, "물 1~1.2L");

    let thirds = adjust(
        &line("1/3 cup oil", "1/3", Some((Unit::Cup, "cup"))),
        2.0,
        Original,
        UsSystem,
    );
    assert_eq!(thirds.item.quantity, Some(2.0 / 3.0));
    assert_eq!(thirds.display, "2/3 cup oil");
}

#[test]
fn text_food_and_note_are_kept() {
    let mut item = line("2 cups flour, sifted", "2", Some((Unit::Cup, "cups")));
    item.food = "flour".to_owned();
    item.note = Some("sifted".to_owned());
    let adjusted = adjust(&item, 2.0, Metric, UsSystem);
    assert_eq!(adjusted.item.text, item.text);
    assert_eq!(adjusted.item.food, "flour");
    assert_eq!(adjusted.item.note.as_deref(), Some("sifted"));
    assert_eq!(adjusted.item.unit, Some(Unit::Ml));
    assert_eq!(adjusted.display, "960 ml flour, sifted");
}

#[test]
fn factor_one_with_original_units_changes_nothing() {
    for &(text, quantity, unit, ..) in CASES {
        let item = if quantity.is_empty() {
            plain(text)
        } else {
            line(text, quantity, unit)
        };
        for system in [Korean, UsSystem, MetricSystem] {
            let adjusted = adjust(&item, 1.0, Original, system);
            assert_eq!(adjusted.item, item);
            assert_eq!(adjusted.display, text);
        }
    }
}

#[test]
fn bad_factors_leave_the_item_as_is() {
    let item = line("2 cups flour", "2", Some((Unit::Cup, "cups")));
    for factor in [0.0, -1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let adjusted = adjust(&item, factor, Metric, UsSystem);
        assert_eq!(adjusted.item, item);
        assert_eq!(adjusted.display, item.text);
    }
}

#[test]
fn without_a_quantity_span_the_amount_is_appended() {
    let mut item = line("2 cups flour", "2", Some((Unit::Cup, "cups")));
    item.quantity_at = None;
    assert_eq!(
        adjust(&item, 2.0, Original, UsSystem).display,
        "2 cups flour (4 cups)"
    );
    item.quantity_at = Some(40..50);
    assert_eq!(
        adjust(&item, 1.0, Metric, UsSystem).display,
        "2 cups flour (480 ml)"
    );
    let mut korean = line("물 2컵", "2", Some((Unit::Cup, "컵")));
    korean.quantity_at = Some(1..2);
    assert_eq!(
        adjust(&korean, 1.0, Metric, Korean).display,
        "물 2컵 (400ml)"
    );
}

#[test]
fn a_unit_written_apart_from_the_quantity_is_replaced_on_its_own() {
    let item = line("2 heaped cups flour", "2", Some((Unit::Cup, "cups")));
    assert_eq!(
        adjust(&item, 1.0, Metric, UsSystem).display,
        "480 heaped ml flour"
    );
}

#[test]
fn counts_and_metric_amounts_are_never_written_as_zero() {
    let item = line("1 egg", "1", None);
    assert_eq!(
        adjust(&item, 0.01, Original, UsSystem).display,
        "1 egg (rounded up from 0.01)"
    );
    let item = line("2 eggs", "2", None);
    assert!(
        adjust(&item, 1e-300, Original, UsSystem)
            .display
            .starts_with("1 eggs (rounded up from")
    );
    let item = line("1 g saffron", "1", Some((Unit::G, "g")));
    assert_eq!(
        adjust(&item, 0.001, Original, UsSystem).display,
        "0.01 g saffron"
    );
    let item = line("1 block tofu", "1", Some((Unit::Block, "block")));
    assert_eq!(
        adjust(&item, 0.01, Original, UsSystem).display,
        "¼ block tofu"
    );
}
