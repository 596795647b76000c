//! Ingredient lines for other servings and other units: [`adjust`] scales a parsed line by a
//! factor, converts its unit when the reader asks for metric or US units, and rewrites the line
//! for display with the amount written the way cooks write it.
//!
//! The item keeps exact numbers (scaled and converted, with only float noise removed); the cook
//! rounding (`1½ cups`, `450 g`, whole eggs) exists only in the display string.

mod convert;
mod display;
mod rounding;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use super::item::IngredientItem;
use super::units::{MeasureSystem, Unit, UnitsChoice, is_hangul};

/// One ingredient line for other servings and/or other units.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjusted {
    /// The item with quantity, quantity_max and unit changed (text, food, note unchanged;
    /// quantity_at/unit_at as in the input).
    pub item: IngredientItem,
    /// The line rewritten for display: the written quantity (and, when converted, the unit)
    /// replaced, the rest of the line verbatim.
    pub display: String,
}

/// `item` for `factor` times the servings, in the units `units` asks for; `system` is the
/// measure system of the recipe's spoons and cups.
///
/// Lines without a quantity, a factor that is not finite and positive, and quantities that are
/// not finite and non-negative leave the item as is (display = the line). A factor of 1 with
/// [`UnitsChoice::Original`] does too.
pub fn adjust(
    item: &IngredientItem,
    factor: f64,
    units: UnitsChoice,
    system: MeasureSystem,
) -> Adjusted {
    let unchanged = || Adjusted {
        item: item.clone(),
        display: item.text.clone(),
    };
    let Some(quantity) = item.quantity else {
        return unchanged();
    };
    let usable = |amount: f64| amount.is_finite() && amount >= 0.0;
    if !usable(factor)
        || factor == 0.0
        || !usable(quantity)
        || item.quantity_max.is_some_and(|max| !usable(max))
    {
        return unchanged();
    }
    if factor == 1.0 && units == UnitsChoice::Original {
        return unchanged();
    }

    let scaled = convert::Amount {
        low: quantity * factor,
        high: item.quantity_max.map(|max| max * factor),
        unit: item.unit,
    };
    let amount = convert::convert(scaled, units, system).unwrap_or(scaled);
    let low = exact(amount.low);
    let high = amount.high.map(exact);
    if !low.is_finite() || high.is_some_and(|high| !high.is_finite()) {
        return unchanged();
    }
    if low == quantity && high == item.quantity_max && amount.unit == item.unit {
        return unchanged();
    }

    let adjusted = IngredientItem {
        quantity: Some(low),
        quantity_max: high,
        unit: amount.unit,
        ..item.clone()
    };
    let display = display::display(item, &adjusted);
    Adjusted {
        item: adjusted,
        display,
    }
}

/// `amount` with float noise removed: snapped to the nearest number with at most 4 decimals
/// when it lies within a relative 10⁻¹² of it (`0.30000000000000004` → `0.3`), else as is, so
/// that scaling by N and then by 1/N gives back the original amount.
fn exact(amount: f64) -> f64 {
    let snapped = (amount * 10_000.0).round() / 10_000.0;
    if snapped.is_finite() && (snapped - amount).abs() <= amount.abs() * 1e-12 {
        snapped
    } else {
        amount
    }
}
