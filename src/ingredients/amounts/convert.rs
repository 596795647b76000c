//! Unit conversion between measure systems: volumes only to volumes and weights only to
//! weights (there is no density), counts never.
//!
//! - Metric: volumes to ml (L from 1000 ml), weights to g (kg from 1000 g). Lines already in
//!   ml, L, g or kg are left alone.
//! - US: volumes to US cups from ¼ cup (4 US tbsp), else US tbsp from 1 tbsp, else US tsp;
//!   weights to oz (lb from 16 oz). Lines in fl oz, oz or lb, and spoons and cups of a US
//!   recipe, are left alone.
//!
//! Spoons and cups in the source are read with the recipe's measure system (a Korean 컵 is
//! 200 ml); the unit is chosen from the lower end of a range so that both ends share it.

use super::super::units::Dimension;
use super::{MeasureSystem, Unit, UnitsChoice};

/// An amount: a quantity (or range) in a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Amount {
    /// The amount, or the lower end of a range.
    pub(super) low: f64,
    /// The upper end of a range.
    pub(super) high: Option<f64>,
    /// The unit, if any.
    pub(super) unit: Option<Unit>,
}

/// Relative slack when comparing an amount with a threshold, so that 3 US tsp count as 1 tbsp.
const SLACK: f64 = 1e-9;

/// `amount` in the units `choice` asks for; `None` when it stays in its unit.
pub(super) fn convert(
    amount: Amount,
    choice: UnitsChoice,
    system: MeasureSystem,
) -> Option<Amount> {
    let unit = amount.unit?;
    let (from, to, size) = match (choice, unit.dimension()) {
        (UnitsChoice::Original, _) | (_, Dimension::Count) => return None,
        (UnitsChoice::Metric, Dimension::Volume) => {
            if matches!(unit, Unit::Ml | Unit::L) {
                return None;
            }
            let ml = unit.millilitres(system)?;
            let to = if amount.low * ml >= 1000.0 * (1.0 - SLACK) {
                Unit::L
            } else {
                Unit::Ml
            };
            (ml, to, to.millilitres(system)?)
        }
        (UnitsChoice::Metric, Dimension::Weight) => {
            if matches!(unit, Unit::G | Unit::Kg) {
                return None;
            }
            let g = unit.grams()?;
            let to = if amount.low * g >= 1000.0 * (1.0 - SLACK) {
                Unit::Kg
            } else {
                Unit::G
            };
            (g, to, to.grams()?)
        }
        (UnitsChoice::Us, Dimension::Volume) => {
            let us_spoon = matches!(unit, Unit::Tsp | Unit::Tbsp | Unit::Cup);
            if unit == Unit::FlOz || (us_spoon && system == MeasureSystem::Us) {
                return None;
            }
            let ml = unit.millilitres(system)?;
            let us = |unit: Unit| unit.millilitres(MeasureSystem::Us);
            let total = amount.low * ml * (1.0 + SLACK);
            let to = if total >= (4.0 * us(Unit::Tbsp)?).min(us(Unit::Cup)? / 4.0) {
                Unit::Cup
            } else if total >= us(Unit::Tbsp)? {
                Unit::Tbsp
            } else {
                Unit::Tsp
            };
            (ml, to, us(to)?)
        }
        (UnitsChoice::Us, Dimension::Weight) => {
            if matches!(unit, Unit::Oz | Unit::Lb) {
                return None;
            }
            let g = unit.grams()?;
            let oz = Unit::Oz.grams()?;
            let to = if amount.low * g >= 16.0 * oz * (1.0 - SLACK) {
                Unit::Lb
            } else {
                Unit::Oz
            };
            (g, to, to.grams()?)
        }
    };
    let ratio = from / size;
    Some(Amount {
        low: amount.low * ratio,
        high: amount.high.map(|high| high * ratio),
        unit: Some(to),
    })
}
