//! How cooks write amounts: the steps an amount is rounded to for display, by unit, and how the
//! rounded amount is written.
//!
//! | units | steps | smallest written |
//! |---|---|---|
//! | tsp, tbsp, cup, fl oz | whole + ⅛ ¼ ⅓ ½ ⅔ ¾ | ⅛ |
//! | g, ml | whole amounts from 10 as they are; else < 1: one significant digit, < 10: 0.5, < 30: 1, < 100: 5, < 1000: 10, from 1000: 50 | 0.01 |
//! | kg, L | 0.01 (at most 2 decimals) | 0.01 |
//! | oz, lb | ¼ | ⅛ |
//! | block, stalk, head, can, bunch, pack, sheet, slice, bowl, handful, pinch, dash, sprig | ½, ¼ below 1 | ¼ |
//! | piece, clove, no unit | whole; rounded up when the original amount was whole, else as the row above | ¼ |
//!
//! Fractions are written with glyphs (`1½`, `⅔`) unless the line wrote its quantity with an
//! ASCII slash (`1/2대`), in which case they are written that way (`1/2`, `1 1/2`).

use super::Unit;

/// How fractions are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// Unicode fraction glyphs: `1½`, `⅔`.
    Glyphs,
    /// ASCII slash fractions: `1 1/2`, `2/3`.
    Ascii,
}

impl Style {
    /// The style of a quantity written as `written`: ASCII when it has a slash.
    pub(super) fn of(written: &str) -> Self {
        if written.contains('/') {
            Style::Ascii
        } else {
            Style::Glyphs
        }
    }
}

/// The steps an amount in some unit is rounded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Steps {
    /// Spoons and cups: whole + ⅛ ¼ ⅓ ½ ⅔ ¾, at least ⅛.
    Spoons,
    /// Grams and millilitres: coarser steps for larger amounts.
    Metric,
    /// Kilograms and litres: at most 2 decimals.
    Decimal,
    /// Ounces and pounds: quarters, at least ⅛.
    Quarters,
    /// Counted units that can be halved (a block of tofu, a stalk): halves, quarters below 1.
    Halves,
    /// Things counted whole (pieces, cloves, eggs): whole, else as [`Steps::Halves`].
    Counted,
}

impl Steps {
    /// The steps for amounts in `unit` (`None`: a count without a unit).
    pub(super) fn of(unit: Option<Unit>) -> Self {
        match unit {
            Some(Unit::Tsp | Unit::Tbsp | Unit::Cup | Unit::FlOz) => Steps::Spoons,
            Some(Unit::Ml | Unit::G) => Steps::Metric,
            Some(Unit::L | Unit::Kg) => Steps::Decimal,
            Some(Unit::Oz | Unit::Lb) => Steps::Quarters,
            Some(Unit::Piece | Unit::Clove) | None => Steps::Counted,
            Some(_) => Steps::Halves,
        }
    }
}

/// Fractions in 24ths: ⅛ ¼ ⅓ ½ ⅔ ¾, with 0 and 1 as the neighbouring wholes.
const SPOON_FRACTIONS: &[u32] = &[0, 3, 6, 8, 12, 16, 18, 24];
/// Quarters in 24ths.
const QUARTERS: &[u32] = &[0, 6, 12, 18, 24];
/// Halves in 24ths.
const HALVES: &[u32] = &[0, 12, 24];

/// `amount` (≥ 0) rounded to `steps` (for [`Steps::Counted`], to whole when it is whole within
/// float noise, else as [`Steps::Halves`]; rounding up is [`round_up`]). Positive amounts never
/// round to 0.
pub(super) fn cook(amount: f64, steps: Steps) -> f64 {
    if amount <= 0.0 || !amount.is_finite() {
        return amount.max(0.0);
    }
    match steps {
        Steps::Spoons => nearest_fraction(amount, SPOON_FRACTIONS).max(1.0 / 8.0),
        Steps::Quarters => nearest_fraction(amount, QUARTERS).max(1.0 / 8.0),
        Steps::Counted if amount >= 0.5 && is_whole(amount) => amount.round(),
        Steps::Halves | Steps::Counted if amount < 1.0 => {
            nearest_fraction(amount, QUARTERS).max(0.25)
        }
        Steps::Halves | Steps::Counted => nearest_fraction(amount, HALVES),
        Steps::Decimal => round_to(amount, 0.01).max(0.01),
        Steps::Metric => metric(amount),
    }
}

/// A positive count rounded up to whole, when it is not whole within float noise (or is
/// nearly 0); `None` when it is whole.
pub(super) fn round_up(amount: f64) -> Option<f64> {
    (amount.is_finite() && amount > 0.0 && (amount < 0.5 || !is_whole(amount)))
        .then(|| amount.ceil())
}

/// True when `amount` is a whole number within float noise.
pub(super) fn is_whole(amount: f64) -> bool {
    (amount - amount.round()).abs() <= 1e-9 * amount.abs().max(1.0)
}

/// Grams or millilitres rounded to a step that grows with the amount.
fn metric(amount: f64) -> f64 {
    if amount >= 10.0 && is_whole(amount) {
        return amount.round();
    }
    let step = match amount {
        a if a < 1.0 => 10f64.powf(a.log10().floor()).max(0.01),
        a if a < 10.0 => 0.5,
        a if a < 30.0 => 1.0,
        a if a < 100.0 => 5.0,
        a if a < 1000.0 => 10.0,
        _ => 50.0,
    };
    round_to(amount, step).max(0.01)
}

/// `amount` rounded to a multiple of `step` (as is when that overflows).
fn round_to(amount: f64, step: f64) -> f64 {
    let rounded = (amount / step).round() * step;
    if rounded.is_finite() { rounded } else { amount }
}

/// `amount` rounded to whole + the nearest of `fractions` (in 24ths; ties go up).
fn nearest_fraction(amount: f64, fractions: &[u32]) -> f64 {
    let whole = amount.floor();
    let part = (amount - whole) * 24.0;
    let mut best = 0;
    let mut best_distance = f64::INFINITY;
    for &fraction in fractions {
        let distance = (f64::from(fraction) - part).abs();
        if distance <= best_distance {
            best = fraction;
            best_distance = distance;
        }
    }
    whole + f64::from(best) / 24.0
}

/// `amount` as rounded by [`cook`] with `steps`, written in `style`.
pub(super) fn write(amount: f64, steps: Steps, style: Style) -> String {
    match steps {
        Steps::Metric | Steps::Decimal => decimal(amount),
        Steps::Spoons | Steps::Quarters | Steps::Halves | Steps::Counted => fraction(amount, style),
    }
}

/// `amount` with at most 2 decimals, without trailing zeros: `2.5`, `450`, `1.25`.
pub(super) fn decimal(amount: f64) -> String {
    let written = format!("{amount:.2}");
    let written = written.trim_end_matches('0').trim_end_matches('.');
    if written.is_empty() || written == "-" {
        "0".to_owned()
    } else {
        written.to_owned()
    }
}

/// `amount` as a whole number and a fraction of 24ths from the glyph set (`1½`, `1 1/2`);
/// amounts between those fractions are written as decimals.
fn fraction(amount: f64, style: Style) -> String {
    if !amount.is_finite() || amount <= 0.0 {
        return decimal(amount.max(0.0));
    }
    let mut whole = amount.floor();
    // In 0..=24: the part below 1, in 24ths.
    let mut part = ((amount - whole) * 24.0).round().clamp(0.0, 24.0) as u32;
    if part == 24 {
        whole += 1.0;
        part = 0;
    }
    let (glyph, ascii) = match part {
        0 => return format!("{whole:.0}"),
        3 => ("⅛", "1/8"),
        6 => ("¼", "1/4"),
        8 => ("⅓", "1/3"),
        12 => ("½", "1/2"),
        16 => ("⅔", "2/3"),
        18 => ("¾", "3/4"),
        _ => return decimal(amount),
    };
    match (style, whole == 0.0) {
        (Style::Glyphs, true) => glyph.to_owned(),
        (Style::Glyphs, false) => format!("{whole:.0}{glyph}"),
        (Style::Ascii, true) => ascii.to_owned(),
        (Style::Ascii, false) => format!("{whole:.0} {ascii}"),
    }
}
