//! A recipe's parsed ingredient lines in the database: `recipe.ingredient_items` (JSON) with the
//! version of the parser that wrote them, and one `recipe_ingredient` row per food term, which
//! `GET /recipes?ingredient=` reads through its `(term, recipe_id)` key. Every write of the lines
//! rewrites both in its transaction; rows written before this parser (or by an older one) are
//! parsed again in the background, a batch at a time, with the number left as a gauge.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use sea_orm::ConnectionTrait;

use crate::{
    domain::split_lines,
    ingredients::{IngredientItem, PARSER_VERSION, food_terms, parse_line},
    store::{Store, StoreError, sql::Sql},
};

/// Recipes parsed per background transaction.
const BATCH: u64 = 500;

/// A recipe's lines as stored: the items as JSON (`None` for no lines) and the food terms.
pub(in crate::store) struct ParsedLines {
    pub items: Option<String>,
    pub terms: Vec<String>,
}

/// Parses stored ingredient lines (joined by `\n`).
pub(in crate::store) fn parse_lines(lines: Option<&str>) -> ParsedLines {
    let items: Vec<IngredientItem> = split_lines(lines)
        .iter()
        .map(|line| parse_line(line))
        .collect();
    ParsedLines {
        terms: food_terms(&items),
        items: (!items.is_empty())
            .then(|| serde_json::to_string(&items).expect("ingredient items serialise")),
    }
}

/// Replaces the food terms of recipe `recipe_id` (`fresh`: it has none yet).
pub(in crate::store) async fn replace_terms(
    db: &impl ConnectionTrait,
    recipe_id: i64,
    terms: &[String],
    fresh: bool,
) -> Result<(), StoreError> {
    let backend = db.get_database_backend();
    if !fresh {
        let mut delete = Sql::new(backend);
        delete
            .push("DELETE FROM recipe_ingredient WHERE recipe_id = ")
            .bind(recipe_id);
        db.execute_raw(delete.build()).await?;
    }
    let rows: Vec<(&str, i64)> = terms
        .iter()
        .map(|term| (term.as_str(), recipe_id))
        .collect();
    insert_terms(db, &rows).await
}

/// Inserts `(term, recipe id)` rows of `recipe_ingredient`, at most 5 000 per statement (two
/// values each: well below every back-end's parameter limit).
pub(in crate::store) async fn insert_terms(
    db: &impl ConnectionTrait,
    rows: &[(&str, i64)],
) -> Result<(), StoreError> {
    for chunk in rows.chunks(5_000) {
        let mut insert = Sql::new(db.get_database_backend());
        insert.push("INSERT INTO recipe_ingredient (term, recipe_id) VALUES ");
        for (index, (term, recipe_id)) in chunk.iter().enumerate() {
            if index > 0 {
                insert.push(", ");
            }
            insert
                .push("(")
                .bind(*term)
                .push(", ")
                .bind(*recipe_id)
                .push(")");
        }
        db.execute_raw(insert.build()).await?;
    }
    Ok(())
}

/// How many recipes the background parse has left; read by `/metrics`.
#[derive(Clone, Debug, Default)]
pub struct ParseProgress(Arc<AtomicU64>);

impl ParseProgress {
    /// Recipes whose lines this server's parser has not written yet (as last counted).
    pub fn pending(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Store {
    /// How many recipes were last parsed by an older parser (or none).
    pub async fn count_unparsed_recipes(&self) -> Result<u64, StoreError> {
        let mut count = Sql::new(self.db.get_database_backend());
        count
            .push("SELECT COUNT(*) AS n FROM recipe WHERE ingredient_parser < ")
            .bind(PARSER_VERSION);
        let row = self.db.query_one_raw(count.build()).await?;
        let n: i64 = match row {
            Some(row) => row.try_get_by_index(0)?,
            None => 0,
        };
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Parses the lines of up to `BATCH` recipes with ids above `after` that an older parser
    /// (or none) wrote, in one transaction. Answers the last id looked at (`None` when no such
    /// recipe is left) and how many were rewritten. A recipe changed meanwhile is left alone:
    /// its own write parsed it.
    pub async fn parse_unparsed_recipes(
        &self,
        after: i64,
    ) -> Result<(Option<i64>, u64), StoreError> {
        let backend = self.db.get_database_backend();
        let mut select = Sql::new(backend);
        select
            .push("SELECT id, ingredients, version FROM recipe WHERE id > ")
            .bind(after)
            .push(" AND ingredient_parser < ")
            .bind(PARSER_VERSION)
            .push(&format!(" ORDER BY id LIMIT {BATCH}"));
        let rows = self.db.query_all_raw(select.build()).await?;
        let Some(last) = rows.last() else {
            return Ok((None, 0));
        };
        let last: i64 = last.try_get_by_index(0)?;
        let txn = self.begin_write().await?;
        let mut parsed = 0;
        for row in rows {
            let id: i64 = row.try_get_by_index(0)?;
            let lines: Option<String> = row.try_get_by_index(1)?;
            let version: i64 = row.try_get_by_index(2)?;
            let lines = parse_lines(lines.as_deref());
            let mut update = Sql::new(backend);
            update
                .push("UPDATE recipe SET ingredient_items = ")
                .bind(lines.items)
                .push(", ingredient_parser = ")
                .bind(PARSER_VERSION)
                .push(" WHERE id = ")
                .bind(id)
                .push(" AND version = ")
                .bind(version)
                .push(" AND ingredient_parser < ")
                .bind(PARSER_VERSION);
            if txn.execute_raw(update.build()).await?.rows_affected() == 1 {
                replace_terms(&txn, id, &lines.terms, false).await?;
                parsed += 1;
            }
        }
        txn.commit().await?;
        Ok((Some(last), parsed))
    }

    /// Parses, in the background, every recipe an older parser (or none) wrote, logging its
    /// progress; a failed batch (the database away) is tried again a little later. Other
    /// instances sharing the database may do the same at once: each row is rewritten once.
    pub fn parse_ingredients_in_background(&self) -> ParseProgress {
        let progress = ParseProgress::default();
        let store = self.clone();
        let pending = progress.clone();
        tokio::spawn(async move {
            let mut after = 0;
            let mut done = 0u64;
            loop {
                // Counted at the start and after each pass over the table; batches count down.
                let left = match store.count_unparsed_recipes().await {
                    Ok(left) => left,
                    Err(err) => {
                        tracing::warn!(error = %err, "could not count recipes to parse");
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        continue;
                    }
                };
                pending.0.store(left, Ordering::Relaxed);
                if left == 0 {
                    if done > 0 {
                        tracing::info!(parsed = done, "ingredient lines of every recipe parsed");
                    }
                    break;
                }
                if after > 0 {
                    // A second pass: rows were added or changed behind the first one.
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    after = 0;
                }
                loop {
                    match store.parse_unparsed_recipes(after).await {
                        Ok((Some(last), parsed)) => {
                            after = last;
                            done += parsed;
                            let left = pending.0.load(Ordering::Relaxed).saturating_sub(parsed);
                            pending.0.store(left, Ordering::Relaxed);
                            tracing::info!(
                                parsed = done,
                                left,
                                "parsing the ingredient lines of older recipes"
                            );
                        }
                        Ok((None, _)) => break,
                        Err(err) => {
                            tracing::warn!(error = %err, "parsing ingredient lines failed; trying again");
                            tokio::time::sleep(Duration::from_secs(5)).await;
                        }
                    }
                }
            }
        });
        progress
    }
}
