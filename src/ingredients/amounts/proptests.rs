//! Properties of [`adjust`]: scaling round-trips exactly, a bigger factor never gives less,
//! conversion keeps the physical amount, and no input makes it panic.

use proptest::prelude::*;
use proptest::sample::select;

use super::super::units::{Dimension, MeasureSystem, Unit, UnitsChoice};
use super::tests::line;
use super::{IngredientItem, adjust};

/// Any unit, or none.
fn unit() -> impl Strategy<Value = Option<Unit>> {
    prop_oneof![Just(None), select(Unit::ALL.to_vec()).prop_map(Some)]
}

/// Any units choice.
fn choice() -> impl Strategy<Value = UnitsChoice> {
    select(vec![
        UnitsChoice::Original,
        UnitsChoice::Metric,
        UnitsChoice::Us,
    ])
}

/// Any measure system.
fn system() -> impl Strategy<Value = MeasureSystem> {
    select(vec![
        MeasureSystem::Metric,
        MeasureSystem::Us,
        MeasureSystem::Korean,
    ])
}

/// Amounts as recipes write them: eighths, thirds, and any positive amount.
fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..=80).prop_map(|n| f64::from(n) / 8.0),
        (1u32..=30).prop_map(|n| f64::from(n) / 3.0),
        0.001f64..5000.0,
    ]
}

/// Factors: whole numbers, simple fractions and anything in between.
fn factor() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..=12).prop_map(f64::from),
        (1u32..=12).prop_map(|n| 1.0 / f64::from(n)),
        (1u32..=12, 1u32..=12).prop_map(|(a, b)| f64::from(a) / f64::from(b)),
        0.01f64..100.0,
    ]
}

/// An English line for `quantity` (and `max`, a range's upper end) in `unit`.
fn item(quantity: f64, max: Option<f64>, unit: Option<Unit>) -> IngredientItem {
    let written = match max {
        Some(max) => format!("{quantity}-{max}"),
        None => quantity.to_string(),
    };
    let text = match unit {
        Some(unit) => format!("{written} {} stuff", unit.id()),
        None => format!("{written} stuff"),
    };
    let mut item = line(&text, &written, unit.map(|unit| (unit, unit.id())));
    item.quantity = Some(quantity);
    item.quantity_max = max;
    item
}

/// The amount in millilitres or grams (counts as they are), spoons and cups read in `system`.
fn physical(quantity: f64, unit: Option<Unit>, system: MeasureSystem) -> f64 {
    match unit {
        Some(unit) if unit.dimension() == Dimension::Volume => {
            quantity * unit.millilitres(system).unwrap()
        }
        Some(unit) if unit.dimension() == Dimension::Weight => quantity * unit.grams().unwrap(),
        _ => quantity,
    }
}

/// The system an adjusted item's spoons and cups are in: US ones after converting to US.
fn result_system(choice: UnitsChoice, system: MeasureSystem) -> MeasureSystem {
    if choice == UnitsChoice::Us {
        MeasureSystem::Us
    } else {
        system
    }
}

/// True when `a` and `b` differ by at most `relative` of the larger.
fn close(a: f64, b: f64, relative: f64) -> bool {
    (a - b).abs() <= relative * a.abs().max(b.abs())
}

proptest! {
    #[test]
    fn scaling_by_n_and_back_gives_the_original(
        quantity in amount(),
        spread in prop::option::of(amount()),
        unit in unit(),
        system in system(),
        n in factor(),
    ) {
        let original = item(quantity, spread.map(|spread| quantity + spread), unit);
        let there = adjust(&original, n, UnitsChoice::Original, system);
        let back = adjust(&there.item, 1.0 / n, UnitsChoice::Original, system);
        prop_assert_eq!(back.item.unit, original.unit);
        let low = back.item.quantity.unwrap();
        prop_assert!(close(low, quantity, 1e-9), "{} → {}", quantity, low);
        match (back.item.quantity_max, original.quantity_max) {
            (Some(got), Some(want)) => prop_assert!(close(got, want, 1e-9), "{} → {}", want, got),
            (got, want) => prop_assert_eq!(got, want),
        }
    }

    #[test]
    fn a_bigger_factor_never_gives_less(
        quantity in amount(),
        unit in unit(),
        choice in choice(),
        system in system(),
        smaller in factor(),
        more in 0.0f64..10.0,
    ) {
        let original = item(quantity, None, unit);
        let bigger = smaller + more;
        let small = adjust(&original, smaller, choice, system).item;
        let big = adjust(&original, bigger, choice, system).item;
        let to = result_system(choice, system);
        let small = physical(small.quantity.unwrap(), small.unit, to);
        let big = physical(big.quantity.unwrap(), big.unit, to);
        if choice == UnitsChoice::Original {
            prop_assert!(small <= big, "×{} {} > ×{} {}", smaller, small, bigger, big);
        } else {
            prop_assert!(small <= big * (1.0 + 1e-9), "×{} {} > ×{} {}", smaller, small, bigger, big);
        }
    }

    #[test]
    fn conversion_keeps_the_physical_amount(
        quantity in amount(),
        spread in prop::option::of(amount()),
        unit in unit(),
        choice in choice(),
        system in system(),
        factor in factor(),
    ) {
        let original = item(quantity, spread.map(|spread| quantity + spread), unit);
        let adjusted = adjust(&original, factor, choice, system).item;
        let to = result_system(choice, system);
        let want = physical(quantity, unit, system) * factor;
        let got = physical(adjusted.quantity.unwrap(), adjusted.unit, to);
        prop_assert!(close(got, want, 1e-3), "{} {:?} → {} {:?}", want, unit, got, adjusted.unit);
        if let (Some(max), Some(got_max)) = (original.quantity_max, adjusted.quantity_max) {
            let want = physical(max, unit, system) * factor;
            prop_assert!(close(physical(got_max, adjusted.unit, to), want, 1e-3));
        }
        let dimension = |unit: Option<Unit>| unit.map(Unit::dimension);
        prop_assert_eq!(dimension(adjusted.unit), dimension(unit));
        if choice == UnitsChoice::Original || dimension(unit) == Some(Dimension::Count) {
            prop_assert_eq!(adjusted.unit, unit);
        }
    }

    #[test]
    fn the_line_around_the_quantity_is_kept(
        quantity in amount(),
        unit in unit(),
        choice in choice(),
        system in system(),
        factor in factor(),
        before in "[a-z가-힣 ]{0,8}",
    ) {
        let mut original = item(quantity, None, unit);
        original.text.insert_str(0, &before);
        let shift = |at: &mut Option<std::ops::Range<usize>>| {
            *at = at.clone().map(|at| at.start + before.len()..at.end + before.len());
        };
        shift(&mut original.quantity_at);
        shift(&mut original.unit_at);
        let adjusted = adjust(&original, factor, choice, system);
        prop_assert!(adjusted.display.starts_with(&before));
        prop_assert!(adjusted.display.contains(" stuff"));
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn no_input_panics(
        text in any::<String>(),
        quantity in prop::option::of(prop_oneof![any::<f64>(), amount()]),
        max in prop::option::of(prop_oneof![any::<f64>(), amount()]),
        unit in unit(),
        quantity_at in prop::option::of((0usize..40, 0usize..40)),
        unit_at in prop::option::of((0usize..40, 0usize..40)),
        factor in prop_oneof![any::<f64>(), factor()],
        choice in choice(),
        system in system(),
    ) {
        let original = IngredientItem {
            text,
            quantity,
            quantity_max: max,
            unit,
            food: String::new(),
            note: None,
            quantity_at: quantity_at.map(|(start, end)| start..end),
            unit_at: unit_at.map(|(start, end)| start..end),
        };
        let adjusted = adjust(&original, factor, choice, system);
        prop_assert_eq!(&adjusted.item.text, &original.text);
        prop_assert_eq!(&adjusted.item.quantity_at, &original.quantity_at);
        prop_assert_eq!(&adjusted.item.unit_at, &original.unit_at);
        let finite = |amount: Option<f64>| amount.is_none_or(f64::is_finite);
        if finite(original.quantity) && finite(original.quantity_max) {
            prop_assert!(finite(adjusted.item.quantity) && finite(adjusted.item.quantity_max));
        }
        if original.quantity.is_none() {
            prop_assert_eq!(adjusted.display, original.text);
        }
    }
}
