//! The unit words the parser knows, and the canonical [`Unit`] each stands for.
//!
//! English words match ignoring case, except the one-letter spoon abbreviations: "T", "Tb",
//! "Ts", "TS" are tablespoons while "t" and "ts" are teaspoons. Korean words match exactly, and
//! also glued to a following 씩/정도/가량/쯤/내외 ("1큰술씩"). Multi-word units ("fl oz",
//! "fluid ounces", "큰 술") are recognised in [`super::amount`].

use crate::ingredients::units::Unit;

/// Case-sensitive abbreviations.
const EXACT: [(&str, Unit); 6] = [
    ("T", Unit::Tbsp),
    ("Tb", Unit::Tbsp),
    ("Ts", Unit::Tbsp),
    ("TS", Unit::Tbsp),
    ("t", Unit::Tsp),
    ("ts", Unit::Tsp),
];

/// English unit words, lower case.
fn english(word: &str) -> Option<Unit> {
    Some(match word {
        "teaspoon" | "teaspoons" | "tsp" | "tsps" | "tspn" => Unit::Tsp,
        "tablespoon" | "tablespoons" | "tbsp" | "tbsps" | "tbs" | "tbl" | "tbls" | "tblsp"
        | "tbspn" => Unit::Tbsp,
        "cup" | "cups" | "c" => Unit::Cup,
        "ml" | "mls" | "milliliter" | "milliliters" | "millilitre" | "millilitres" | "cc" => {
            Unit::Ml
        }
        "l" | "liter" | "liters" | "litre" | "litres" | "ltr" | "ltrs" => Unit::L,
        "floz" => Unit::FlOz,
        "g" | "gram" | "grams" | "gr" | "gm" | "gms" | "gramme" | "grammes" => Unit::G,
        "kg" | "kgs" | "kilogram" | "kilograms" | "kilo" | "kilos" | "kilogramme"
        | "kilogrammes" => Unit::Kg,
        "oz" | "ozs" | "ounce" | "ounces" => Unit::Oz,
        "lb" | "lbs" | "pound" | "pounds" => Unit::Lb,
        "piece" | "pieces" | "pc" | "pcs" => Unit::Piece,
        "clove" | "cloves" => Unit::Clove,
        "stalk" | "stalks" => Unit::Stalk,
        "handful" | "handfuls" => Unit::Handful,
        "pinch" | "pinches" => Unit::Pinch,
        "dash" | "dashes" => Unit::Dash,
        "can" | "cans" | "tin" | "tins" => Unit::Can,
        "slice" | "slices" => Unit::Slice,
        "sheet" | "sheets" => Unit::Sheet,
        "bunch" | "bunches" => Unit::Bunch,
        "package" | "packages" | "packet" | "packets" | "pack" | "packs" | "pkg" | "pkgs" => {
            Unit::Pack
        }
        "head" | "heads" => Unit::Head,
        "sprig" | "sprigs" => Unit::Sprig,
        "block" | "blocks" => Unit::Block,
        _ => return None,
    })
}

/// Korean unit words.
fn korean(word: &str) -> Option<Unit> {
    Some(match word {
        "큰술" | "큰스푼" | "스푼" | "숟가락" | "밥숟가락" | "숟갈" | "밥숟갈" | "큰숟가락"
        | "테이블스푼" => Unit::Tbsp,
        "작은술" | "작은스푼" | "티스푼" | "찻숟가락" | "찻숟갈" | "작은숟가락" => {
            Unit::Tsp
        }
        "컵" => Unit::Cup,
        "그램" | "그람" => Unit::G,
        "킬로그램" | "킬로" | "키로" => Unit::Kg,
        "밀리리터" | "미리리터" => Unit::Ml,
        "리터" => Unit::L,
        "온스" => Unit::Oz,
        "파운드" => Unit::Lb,
        "개" | "알" | "마리" | "송이" => Unit::Piece,
        "쪽" | "톨" => Unit::Clove,
        "모" => Unit::Block,
        "대" | "줄기" => Unit::Stalk,
        "줌" | "움큼" => Unit::Handful,
        "꼬집" => Unit::Pinch,
        "공기" => Unit::Bowl,
        "캔" => Unit::Can,
        "장" => Unit::Sheet,
        "조각" => Unit::Slice,
        "단" | "묶음" => Unit::Bunch,
        "봉지" | "팩" | "봉" => Unit::Pack,
        "포기" | "통" => Unit::Head,
        _ => return None,
    })
}

/// Words that may be glued after a Korean unit; they go to the note.
pub(super) const KOREAN_SUFFIXES: [&str; 7] = ["씩", "정도", "가량", "쯤", "내외", "이상", "이하"];

/// The unit a whole non-Hangul word stands for.
pub(super) fn latin_unit(word: &str) -> Option<Unit> {
    if let Some((_, unit)) = EXACT.iter().find(|(w, _)| *w == word) {
        return Some(*unit);
    }
    if word.is_ascii() {
        english(&word.to_ascii_lowercase())
    } else {
        english(&word.to_lowercase())
    }
}

/// The unit a Hangul word starts with, when the rest of the word is empty or one of
/// [`KOREAN_SUFFIXES`]: the unit and the length in chars of the unit word.
pub(super) fn hangul_unit(word: &str) -> Option<(Unit, usize)> {
    let mut best = None;
    let splits = word.char_indices().skip(1).take(6);
    for (split, _) in splits.chain(std::iter::once((word.len(), ' '))) {
        let (head, rest) = word.split_at(split);
        if let Some(unit) = korean(head)
            && (rest.is_empty() || KOREAN_SUFFIXES.contains(&rest))
        {
            best = Some((unit, head.chars().count()));
        }
    }
    best
}
