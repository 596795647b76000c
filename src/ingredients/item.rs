//! One ingredient line as understood: the line verbatim, its quantity (or range), unit, food and
//! note, and where in the line the quantity and the unit were written (for rewriting it scaled).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::units::Unit;

/// The version of the parser. Raised whenever the parser reads some line differently, so that
/// recipes parsed by an older one are parsed again.
pub const PARSER_VERSION: i32 = 1;

/// One ingredient line, parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngredientItem {
    /// The line exactly as written.
    pub text: String,
    /// The amount (the lower end of a range); `None` for lines without one ("약간", "to taste").
    pub quantity: Option<f64>,
    /// The upper end of a range ("2-3", "2~3", "2 to 3").
    pub quantity_max: Option<f64>,
    /// The unit, when one was recognised.
    pub unit: Option<Unit>,
    /// The ingredient's name; the whole line when the line's shape is not recognised.
    pub food: String,
    /// The rest: preparation, "(optional)", "to taste", "약간"…
    pub note: Option<String>,
    /// Byte range in `text` of the quantity as written ("1 1/2", "2~3", "½", "two").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_at: Option<Range<usize>>,
    /// Byte range in `text` of the unit as written ("cups", "큰술", "T").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_at: Option<Range<usize>>,
}
