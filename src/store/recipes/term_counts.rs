//! How many recipes hold a food term, for choosing which term of a multi-ingredient list to
//! read the list from (the rarest: its index rows bound the walk).
//!
//! Counts are kept per process for a few minutes, and stop at [`COUNT_CAP`]: a count only
//! guides the choice (every term is still checked per recipe, so a stale count can make a
//! list slower, never wrong), and a term with more recipes than the cap is common whatever its
//! exact number. Counting costs at most `COUNT_CAP` index entries, once per term and period.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use sea_orm::ConnectionTrait;

use crate::store::{Store, StoreError, sql::Sql};

/// Counts stop here: past it a term is common, and which common term drives matters little.
const COUNT_CAP: u64 = 250_000;
/// How long a count is trusted.
const TTL: Duration = Duration::from_secs(300);
/// Most terms remembered; when full, the oldest counts go first.
const MAX_TERMS: usize = 4096;

/// Recent counts of recipes per food term.
#[derive(Debug, Default)]
pub(in crate::store) struct TermCounts(Mutex<HashMap<String, (u64, Instant)>>);

impl TermCounts {
    fn get(&self, term: &str) -> Option<u64> {
        let counts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        counts
            .get(term)
            .filter(|(_, at)| at.elapsed() < TTL)
            .map(|(count, _)| *count)
    }

    fn put(&self, term: &str, count: u64) {
        let mut counts = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if counts.len() >= MAX_TERMS && !counts.contains_key(term) {
            counts.retain(|_, (_, at)| at.elapsed() < TTL / 2);
            if counts.len() >= MAX_TERMS {
                counts.clear();
            }
        }
        counts.insert(term.to_owned(), (count, Instant::now()));
    }
}

impl Store {
    /// `terms` with the one held by the fewest recipes first (ties keep their order). A
    /// single term is answered as it is, without counting: reading its own rows is the plan
    /// anyway.
    pub(in crate::store) async fn terms_rarest_first(
        &self,
        terms: &[String],
    ) -> Result<Vec<String>, StoreError> {
        if terms.len() < 2 {
            return Ok(terms.to_vec());
        }
        let mut counted = Vec::with_capacity(terms.len());
        for term in terms {
            let count = match self.term_counts.get(term) {
                Some(count) => count,
                None => {
                    let count = self.count_term(term).await?;
                    self.term_counts.put(term, count);
                    count
                }
            };
            counted.push((count, term.clone()));
        }
        counted.sort_by_key(|(count, _)| *count);
        Ok(counted.into_iter().map(|(_, term)| term).collect())
    }

    /// The number of recipes holding `term`, up to [`COUNT_CAP`].
    async fn count_term(&self, term: &str) -> Result<u64, StoreError> {
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push("SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM recipe_ingredient WHERE term = ")
            .bind(term)
            .push(" LIMIT ")
            .push(&COUNT_CAP.to_string())
            .push(") t");
        let n: i64 = match self.db.query_one_raw(sql.build()).await? {
            Some(row) => row.try_get_by_index(0)?,
            None => 0,
        };
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_remembered_and_the_memory_stays_bounded() {
        let counts = TermCounts::default();
        assert_eq!(counts.get("onion"), None);
        counts.put("onion", 7);
        assert_eq!(counts.get("onion"), Some(7));
        for n in 0..MAX_TERMS * 2 {
            counts.put(&format!("food {n}"), 1);
        }
        assert!(counts.0.lock().unwrap().len() <= MAX_TERMS);
    }
}
