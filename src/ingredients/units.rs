//! Units: a canonical id for every unit the parser knows, what it measures, and the size of
//! spoons and cups in each measure system (a Korean 컵 is 200 ml, a US cup 240 ml, a metric cup
//! 250 ml).

use serde::{Deserialize, Serialize};

/// A recognised unit, serialised as its id (`"tbsp"`, `"clove"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Teaspoon (tsp, t, ts, 작은술, 티스푼).
    Tsp,
    /// Tablespoon (tbsp, T, Ts, 큰술, 숟가락, 스푼).
    Tbsp,
    /// Cup (cup, 컵).
    Cup,
    /// Millilitre.
    Ml,
    /// Litre.
    L,
    /// US fluid ounce.
    FlOz,
    /// Gram.
    G,
    /// Kilogram.
    Kg,
    /// Ounce (weight).
    Oz,
    /// Pound.
    Lb,
    /// A counted piece (개, 알, piece).
    Piece,
    /// Clove (쪽, clove).
    Clove,
    /// Block (모; tofu).
    Block,
    /// Stalk (대, 줄기, stalk).
    Stalk,
    /// Handful (줌, handful).
    Handful,
    /// Pinch (꼬집, pinch).
    Pinch,
    /// Dash.
    Dash,
    /// Bowl (공기; rice).
    Bowl,
    /// Can (캔, can, tin).
    Can,
    /// Slice (조각, slice).
    Slice,
    /// Sheet (장; laver, rice paper).
    Sheet,
    /// Bunch (단, 묶음, bunch).
    Bunch,
    /// Pack (봉지, 팩, pack, package, packet).
    Pack,
    /// Head (포기, 통, head).
    Head,
    /// Sprig (sprig).
    Sprig,
}

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dimension {
    /// A volume: millilitres per unit in the given system.
    Volume,
    /// A weight: grams per unit.
    Weight,
    /// A count of things; never converted.
    Count,
}

/// Whose spoons and cups a recipe uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureSystem {
    /// Metric: cup 250 ml, tablespoon 15 ml, teaspoon 5 ml.
    Metric,
    /// US customary: cup 240 ml, tablespoon 14.79 ml, teaspoon 4.93 ml.
    Us,
    /// Korean: 컵 200 ml, 큰술 15 ml, 작은술 5 ml.
    Korean,
}

/// The units a reader asks to see (`?units=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitsChoice {
    /// As written.
    #[default]
    Original,
    /// Millilitres and litres, grams and kilograms.
    Metric,
    /// US cups and spoons, ounces and pounds.
    Us,
}

impl Unit {
    /// The unit's id, as serialised.
    pub fn id(self) -> &'static str {
        match self {
            Unit::Tsp => "tsp",
            Unit::Tbsp => "tbsp",
            Unit::Cup => "cup",
            Unit::Ml => "ml",
            Unit::L => "l",
            Unit::FlOz => "fl_oz",
            Unit::G => "g",
            Unit::Kg => "kg",
            Unit::Oz => "oz",
            Unit::Lb => "lb",
            Unit::Piece => "piece",
            Unit::Clove => "clove",
            Unit::Block => "block",
            Unit::Stalk => "stalk",
            Unit::Handful => "handful",
            Unit::Pinch => "pinch",
            Unit::Dash => "dash",
            Unit::Bowl => "bowl",
            Unit::Can => "can",
            Unit::Slice => "slice",
            Unit::Sheet => "sheet",
            Unit::Bunch => "bunch",
            Unit::Pack => "pack",
            Unit::Head => "head",
            Unit::Sprig => "sprig",
        }
    }

    /// Every unit, for documentation and tests.
    pub const ALL: [Unit; 25] = [
        Unit::Tsp,
        Unit::Tbsp,
        Unit::Cup,
        Unit::Ml,
        Unit::L,
        Unit::FlOz,
        Unit::G,
        Unit::Kg,
        Unit::Oz,
        Unit::Lb,
        Unit::Piece,
        Unit::Clove,
        Unit::Block,
        Unit::Stalk,
        Unit::Handful,
        Unit::Pinch,
        Unit::Dash,
        Unit::Bowl,
        Unit::Can,
        Unit::Slice,
        Unit::Sheet,
        Unit::Bunch,
        Unit::Pack,
        Unit::Head,
        Unit::Sprig,
    ];

    /// What the unit measures.
    pub fn dimension(self) -> Dimension {
        match self {
            Unit::Tsp | Unit::Tbsp | Unit::Cup | Unit::Ml | Unit::L | Unit::FlOz => {
                Dimension::Volume
            }
            Unit::G | Unit::Kg | Unit::Oz | Unit::Lb => Dimension::Weight,
            _ => Dimension::Count,
        }
    }

    /// Millilitres in one of this unit in `system` (volumes only).
    pub fn millilitres(self, system: MeasureSystem) -> Option<f64> {
        let (tsp, tbsp, cup) = match system {
            MeasureSystem::Metric => (5.0, 15.0, 250.0),
            MeasureSystem::Us => (4.928_921_593_75, 14.786_764_781_25, 240.0),
            MeasureSystem::Korean => (5.0, 15.0, 200.0),
        };
        match self {
            Unit::Tsp => Some(tsp),
            Unit::Tbsp => Some(tbsp),
            Unit::Cup => Some(cup),
            Unit::Ml => Some(1.0),
            Unit::L => Some(1000.0),
            Unit::FlOz => Some(29.573_529_562_5),
            _ => None,
        }
    }

    /// Grams in one of this unit (weights only).
    pub fn grams(self) -> Option<f64> {
        match self {
            Unit::G => Some(1.0),
            Unit::Kg => Some(1000.0),
            Unit::Oz => Some(28.349_523_125),
            Unit::Lb => Some(453.592_37),
            _ => None,
        }
    }
}

impl MeasureSystem {
    /// The system's id, as serialised.
    pub fn id(self) -> &'static str {
        match self {
            MeasureSystem::Metric => "metric",
            MeasureSystem::Us => "us",
            MeasureSystem::Korean => "korean",
        }
    }

    /// The system named `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        [
            MeasureSystem::Metric,
            MeasureSystem::Us,
            MeasureSystem::Korean,
        ]
        .into_iter()
        .find(|system| system.id() == id)
    }

    /// The system a recipe is assumed to use when its author did not say: Korean when most of
    /// its lines are written in Hangul, US when a line names ounces, pounds or cups in
    /// English, else metric.
    pub fn assumed_for(lines: &[String]) -> Self {
        let hangul = lines
            .iter()
            .filter(|line| line.chars().any(is_hangul))
            .count();
        if hangul * 2 > lines.len() {
            return MeasureSystem::Korean;
        }
        let us = lines.iter().any(|line| {
            let lower = line.to_lowercase();
            lower.split(|c: char| !c.is_alphanumeric()).any(|word| {
                matches!(
                    word,
                    "oz" | "ounce" | "ounces" | "lb" | "lbs" | "pound" | "pounds" | "cup" | "cups"
                )
            })
        });
        if us {
            MeasureSystem::Us
        } else {
            MeasureSystem::Metric
        }
    }
}

impl UnitsChoice {
    /// The choice named by `?units=`.
    pub fn from_id(id: &str) -> Option<Self> {
        match id {
            "original" => Some(UnitsChoice::Original),
            "metric" => Some(UnitsChoice::Metric),
            "us" => Some(UnitsChoice::Us),
            _ => None,
        }
    }
}

/// True for Hangul syllables and jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_serde() {
        for unit in Unit::ALL {
            let json = serde_json::to_string(&unit).unwrap();
            assert_eq!(json, format!("\"{}\"", unit.id()));
            assert_eq!(serde_json::from_str::<Unit>(&json).unwrap(), unit);
        }
    }

    #[test]
    fn cups_differ_by_system() {
        assert_eq!(Unit::Cup.millilitres(MeasureSystem::Korean), Some(200.0));
        assert_eq!(Unit::Cup.millilitres(MeasureSystem::Us), Some(240.0));
        assert_eq!(Unit::Cup.millilitres(MeasureSystem::Metric), Some(250.0));
        assert_eq!(Unit::Clove.millilitres(MeasureSystem::Metric), None);
        assert_eq!(Unit::Clove.dimension(), Dimension::Count);
    }

    #[test]
    fn the_assumed_system_follows_the_lines_language_and_units() {
        let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            MeasureSystem::assumed_for(&lines(&["두부 1모", "간장 2큰술", "1 cup water"])),
            MeasureSystem::Korean
        );
        assert_eq!(
            MeasureSystem::assumed_for(&lines(&["2 cups flour", "1 tsp salt"])),
            MeasureSystem::Us
        );
        assert_eq!(
            MeasureSystem::assumed_for(&lines(&["200 g flour", "1 tbsp oil"])),
            MeasureSystem::Metric
        );
    }
}
