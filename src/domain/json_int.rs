//! Integers in JSON request bodies, as JSON Schema counts them: `30`, `30.0` and `3e1` are the
//! same integer (JSON has one number type; Python's and JavaScript's serializers write
//! integral floats either way). A number beyond the 64-bit range saturates, so it fails the
//! field's range check with the range in the message; a fractional number is not an integer.

use serde::{Deserialize, Deserializer, de};

/// Deserializes an optional integer field (absent or `null` → `None`).
pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<JsonInt>::deserialize(deserializer)?.map(|n| n.0))
}

/// Deserializes a PATCH integer field: absent → `None` (with `#[serde(default)]`), `null` →
/// `Some(None)`.
pub fn present<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<i64>>, D::Error> {
    Ok(Some(optional(deserializer)?))
}

/// Deserializes an optional list of integers (absent or `null` → `None`).
pub fn optional_list<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<i64>>, D::Error> {
    Ok(Option::<Vec<JsonInt>>::deserialize(deserializer)?
        .map(|list| list.into_iter().map(|n| n.0).collect()))
}

struct JsonInt(i64);

impl<'de> Deserialize<'de> for JsonInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntVisitor)
    }
}

struct IntVisitor;

impl de::Visitor<'_> for IntVisitor {
    type Value = JsonInt;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<JsonInt, E> {
        Ok(JsonInt(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<JsonInt, E> {
        Ok(JsonInt(i64::try_from(value).unwrap_or(i64::MAX)))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<JsonInt, E> {
        if value.is_finite() && value.fract() == 0.0 {
            // `as` saturates at the ends of the range.
            Ok(JsonInt(value as i64))
        } else {
            Err(E::invalid_type(de::Unexpected::Float(value), &self))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(default, deserialize_with = "optional")]
        n: Option<i64>,
    }

    fn n(json: &str) -> Result<Option<i64>, String> {
        serde_json::from_str::<Sample>(json)
            .map(|s| s.n)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn integral_numbers_in_any_notation_are_integers() {
        assert_eq!(n(r#"{"n": 30}"#), Ok(Some(30)));
        assert_eq!(n(r#"{"n": 30.0}"#), Ok(Some(30)));
        assert_eq!(n(r#"{"n": 3e1}"#), Ok(Some(30)));
        assert_eq!(n(r#"{"n": -0.0}"#), Ok(Some(0)));
        // Read exactly (serde_json's `float_roundtrip`): the fast reading was off by half a unit
        // here and called this integer a fraction.
        assert_eq!(
            n(r#"{"n": 3889101267399822.0}"#),
            Ok(Some(3_889_101_267_399_822))
        );
        assert_eq!(n(r#"{"n": null}"#), Ok(None));
        assert_eq!(n("{}"), Ok(None));
    }

    #[test]
    fn huge_numbers_saturate_and_fractions_are_refused() {
        assert_eq!(n(r#"{"n": 1e300}"#), Ok(Some(i64::MAX)));
        assert_eq!(n(r#"{"n": -1e300}"#), Ok(Some(i64::MIN)));
        assert_eq!(n(r#"{"n": 18446744073709551615}"#), Ok(Some(i64::MAX)));
        assert_eq!(n(r#"{"n": 100000000000000000000000}"#), Ok(Some(i64::MAX)));
        assert!(n(r#"{"n": 1.5}"#).unwrap_err().contains("an integer"));
        assert!(n(r#"{"n": "7"}"#).unwrap_err().contains("an integer"));
    }
}
