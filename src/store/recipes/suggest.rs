//! Suggestions for a search box, read on every keystroke: the published recipes whose *name*
//! holds every word typed so far (the word being typed as a prefix), newest first, one per
//! name. Only names are looked at, so a suggestion shows the words that made it.
//!
//! Each engine restricts its full-text index to the name: an FTS5 column filter on SQLite,
//! the name's weight class (`A`) in PostgreSQL's `tsvector`, the name's own full-text index on
//! MySQL/MariaDB, with the search's own boolean query (short words, stop-words and CJK as
//! substrings there, as in `search`; CJK thus never needs a prefix of its own there). CJK
//! words are matched as word prefixes: a name's Korean word carries its particles and
//! compounds, and the suggestion completes what was typed from its start.

use sea_orm::{ConnectionTrait, DbBackend};

use super::{
    search::{boolean_query, mysql_terms, write_typed},
    typed_words::TypedWords,
};
use crate::{
    domain::{SearchQuery, is_cjk},
    store::{Store, StoreError, sql::Sql},
};

/// A published recipe whose name completes the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRecipe {
    /// The newest published recipe of that name.
    pub id: i64,
    /// Its name, as written.
    pub name: String,
}

/// Rows read per suggestion asked: several recipes often share a name, and one of each is kept.
const ROWS_PER_SUGGESTION: usize = 4;

impl Store {
    /// Up to `limit` published recipes whose names complete `search`, newest first, one per
    /// name (compared without case).
    pub async fn suggest_recipes(
        &self,
        search: &SearchQuery,
        limit: usize,
    ) -> Result<Vec<NamedRecipe>, StoreError> {
        let backend = self.db.get_database_backend();
        let typed = self.typed_words(Some(search)).await?;
        let mut sql = Sql::new(backend);
        match backend {
            DbBackend::Sqlite => {
                sql.push(
                    "SELECT r.id, r.name FROM recipe_fts JOIN recipe r ON r.id = recipe_fts.rowid \
                     WHERE recipe_fts MATCH ",
                )
                .bind(fts5_name_query(search, typed.as_ref()))
                .push(" AND r.is_publish = TRUE ORDER BY recipe_fts.rowid DESC");
            }
            DbBackend::Postgres => {
                sql.push(
                    "SELECT r.id, r.name FROM recipe_search s JOIN recipe r ON r.id = s.id \
                     WHERE s.is_publish = TRUE AND s.search @@ to_tsquery('simple', ",
                )
                .bind(name_tsquery(search))
                .push(") ORDER BY s.id DESC");
            }
            _ => {
                sql.push("SELECT r.id, r.name FROM recipe r WHERE r.is_publish = TRUE");
                let (indexed, substrings) = mysql_terms(search);
                if !indexed.is_empty() {
                    sql.push(" AND MATCH(r.name) AGAINST (")
                        .bind(boolean_query(&indexed))
                        .push(" IN BOOLEAN MODE)");
                }
                for term in substrings {
                    sql.push(" AND r.name LIKE ")
                        .bind(format!("%{}%", term.text));
                }
                sql.push(" ORDER BY r.id DESC");
            }
        }
        // Written as a number: see `statements::push_limit`.
        let rows = limit.saturating_mul(ROWS_PER_SUGGESTION).clamp(1, 1000);
        sql.push(" LIMIT ").push(&rows.to_string());
        let mut found: Vec<NamedRecipe> = Vec::with_capacity(limit);
        for row in self.db.query_all_raw(sql.build()).await? {
            let name: String = row.try_get("", "name")?;
            if found.len() >= limit {
                break;
            }
            if found
                .iter()
                .any(|seen| seen.name.to_lowercase() == name.to_lowercase())
            {
                continue;
            }
            found.push(NamedRecipe {
                id: row.try_get("", "id")?,
                name,
            });
        }
        Ok(found)
    }
}

/// Each term written by `word(text, star)`, `star` being `"*"` for a term looked for as the
/// start of a name's word (the word being typed, and CJK) and `""` for a whole word.
fn words(search: &SearchQuery, word: impl Fn(&str, &str) -> String) -> Vec<String> {
    search
        .terms()
        .iter()
        .map(|term| {
            let prefix = term.prefix || term.text.chars().any(is_cjk);
            word(&term.text, if prefix { "*" } else { "" })
        })
        .collect()
}

/// FTS5: `name : ("word" AND "typ"*)`, the word being typed written as the words it begins
/// when `typed` holds them (`("typed" OR "typical")`).
fn fts5_name_query(search: &SearchQuery, typed: Option<&TypedWords>) -> String {
    let mut words = words(search, |text, star| format!("\"{text}\"{star}"));
    write_typed(&mut words, search, typed);
    format!("name : ({})", words.join(" AND "))
}

/// PostgreSQL: `'word':A & 'typ':*A` — lexemes of the name's weight class only.
fn name_tsquery(search: &SearchQuery) -> String {
    words(search, |text, star| format!("'{text}':{star}A")).join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> SearchQuery {
        SearchQuery::parse(raw).unwrap().unwrap()
    }

    #[test]
    fn names_are_matched_with_the_typed_word_and_cjk_as_prefixes() {
        let search = query("Chicken ti");
        assert_eq!(
            fts5_name_query(&search, None),
            r#"name : ("chicken" AND "ti"*)"#
        );
        let words = TypedWords::of(vec!["tikka".into(), "tikkas".into()]);
        assert_eq!(
            fts5_name_query(&query("chicken tikk"), Some(&words)),
            r#"name : ("chicken" AND ("tikka" OR "tikkas"))"#
        );
        assert_eq!(name_tsquery(&search), "'chicken':A & 'ti':*A");
        let korean = query("김치찌 ");
        assert_eq!(fts5_name_query(&korean, None), r#"name : ("김치찌"*)"#);
        assert_eq!(name_tsquery(&korean), "'김치찌':*A");
        let (indexed, _) = mysql_terms(&search);
        assert_eq!(boolean_query(&indexed), "+chicken");
    }
}
