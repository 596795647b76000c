//! A recipe row packed by MySQL/MariaDB into one column: a JSON array of [`COLUMNS`], read
//! with the one recipe decoder like any other row.
//!
//! MySQL's protocol sends the definition of every column with every result set, and sqlx
//! decodes each definition anew for each query (names, a name map); for the 25 columns of a
//! recipe that was close to half of the point read's instructions (docs/BENCHMARKS.md). One
//! column is one definition. The database writes the array (`JSON_ARRAY` escapes every
//! string); integers stay exact (serde_json reads them as 64-bit integers), timestamps come as
//! `YYYY-MM-DD HH:MM:SS[.ffffff]` in the session's time zone, which sqlx sets to UTC.
//!
//! [`COLUMNS`]: super::row::COLUMNS

use chrono::{DateTime, Utc};
use sea_orm::DbErr;
use serde_json::Value;

use super::{row::ReadColumn, sqlite_reads::parse_timestamp};
use crate::store::StoreError;

/// The select list that packs [`COLUMNS`](super::row::COLUMNS) into one text column.
pub(in crate::store) fn packed(columns: &str) -> String {
    format!("CAST(JSON_ARRAY({columns}) AS CHAR)")
}

/// The columns of one packed row.
#[derive(Debug)]
pub(in crate::store) struct PackedRow(Vec<Value>);

impl PackedRow {
    /// The row the database packed into `text`.
    pub(in crate::store) fn parse(text: &str) -> Result<Self, StoreError> {
        serde_json::from_str(text)
            .map(PackedRow)
            .map_err(|err| mismatch(format!("a packed row is not a JSON array: {err}")))
    }

    fn column(&self, index: usize) -> Result<&Value, StoreError> {
        self.0
            .get(index)
            .ok_or_else(|| mismatch(format!("a packed row has no column {index}")))
    }

    fn optional<T>(
        &self,
        index: usize,
        read: impl FnOnce(&Value) -> Option<T>,
    ) -> Result<Option<T>, StoreError> {
        match self.column(index)? {
            Value::Null => Ok(None),
            value => read(value)
                .map(Some)
                .ok_or_else(|| mismatch(format!("column {index} of a packed row: {value}"))),
        }
    }

    fn required<T>(
        &self,
        index: usize,
        read: impl FnOnce(&Value) -> Option<T>,
    ) -> Result<T, StoreError> {
        self.optional(index, read)?
            .ok_or_else(|| mismatch(format!("column {index} of a packed row is null")))
    }
}

fn mismatch(message: String) -> StoreError {
    StoreError::Other(DbErr::Type(message))
}

impl ReadColumn for PackedRow {
    fn int(&self, index: usize) -> Result<i64, StoreError> {
        self.required(index, Value::as_i64)
    }

    fn optional_int(&self, index: usize) -> Result<Option<i64>, StoreError> {
        self.optional(index, Value::as_i64)
    }

    fn optional_int32(&self, index: usize) -> Result<Option<i32>, StoreError> {
        self.optional(index, |v| v.as_i64().and_then(|n| i32::try_from(n).ok()))
    }

    fn text(&self, index: usize) -> Result<String, StoreError> {
        self.required(index, |v| v.as_str().map(str::to_owned))
    }

    fn optional_text(&self, index: usize) -> Result<Option<String>, StoreError> {
        self.optional(index, |v| v.as_str().map(str::to_owned))
    }

    fn flag(&self, index: usize) -> Result<bool, StoreError> {
        self.required(index, |v| match v {
            Value::Bool(flag) => Some(*flag),
            value => value.as_i64().map(|n| n != 0),
        })
    }

    fn instant(&self, index: usize) -> Result<DateTime<Utc>, StoreError> {
        self.required(index, |v| v.as_str().and_then(parse_timestamp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_kind_of_column_and_refuses_what_does_not_fit() {
        let row = PackedRow::parse(
            r#"[9007199254740993, null, "김치 \"찌개\"\n", 1, 0, "2026-12-04 09:16:40",
                "2026-12-04 09:16:40.123456", 4294967296, true]"#,
        )
        .unwrap();
        assert_eq!(row.int(0).unwrap(), 9_007_199_254_740_993);
        assert_eq!(row.optional_int(1).unwrap(), None);
        assert_eq!(row.optional_text(1).unwrap(), None);
        assert_eq!(row.text(2).unwrap(), "김치 \"찌개\"\n");
        assert!(row.flag(3).unwrap());
        assert!(!row.flag(4).unwrap());
        assert!(row.flag(8).unwrap());
        assert_eq!(
            row.instant(5).unwrap().to_rfc3339(),
            "2026-12-04T09:16:40+00:00"
        );
        assert_eq!(row.instant(6).unwrap().timestamp_subsec_micros(), 123_456);
        // Wrong kinds, an int32 out of range, a null where a value must be, a missing column.
        assert!(row.int(2).is_err());
        assert!(row.text(0).is_err());
        assert!(row.optional_int32(7).is_err());
        assert!(row.int(1).is_err());
        assert!(row.int(9).is_err());
        assert!(PackedRow::parse("{}").is_err());
    }
}
