//! Recipe lists: visibility, filters, full-text search on each back-end's own engine, sorting,
//! and offset or keyset ("after this position") pagination.
//!
//! Every list is one statement. Keyset pages compare against the last row's sort key and id, so
//! page 50 000 costs what page 1 costs when an index serves the order (`idx_recipe_publish_*`,
//! `idx_recipe_user_id`, `idx_recipe_tag_tag`). Relevance is computed per query by the engine
//! (SQLite `bm25`, PostgreSQL `ts_rank`, MySQL `MATCH … AGAINST`), so a relevance-sorted list
//! ranks every match; its keyset compares the rank in an outer query.
//!
//! Search on MySQL/MariaDB: InnoDB indexes neither words shorter than
//! `innodb_ft_min_token_size` (3) nor its stop-words, and has no bigram index for CJK, so those
//! terms are matched as substrings (`LIKE`) of the recipe's text instead.

use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult, Statement};

use super::{Recipe, Store, StoreError, Visibility, sql::Sql};
use crate::domain::{ListRequest, OwnRecipes, Position, SearchQuery, Sort, SortKey, Term, is_cjk};

/// One recipe of a list, with its search rank when the list is sorted by relevance.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The recipe.
    pub recipe: Recipe,
    /// The engine's relevance score (higher is better).
    pub rank: Option<f64>,
}

/// One page of a list.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    /// The page's recipes, in order.
    pub items: Vec<Listed>,
    /// True when more recipes follow the page.
    pub more: bool,
}

/// Selected columns: the entity's, except `search_text`, which only the index needs.
const COLUMNS: &str = "r.id, r.user_id, r.name, r.description, r.num_of_servings, r.cook_time, \
     r.directions, r.is_publish, r.created_at, r.updated_at, r.ingredients, r.tags, \
     NULL AS search_text";

/// The columns MySQL's full-text index covers (a `MATCH` must name them all).
const MYSQL_TEXT: &str = "r.name, r.description, r.ingredients, r.directions";

/// InnoDB's default full-text stop-words: never indexed, so searched as substrings.
const INNODB_STOPWORDS: &[&str] = &[
    "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from", "how",
    "i", "in", "is", "it", "la", "of", "on", "or", "that", "the", "this", "to", "was", "what",
    "when", "where", "who", "will", "with", "und", "www",
];

impl Store {
    /// One page of `visibility`'s recipes matching `request`.
    pub async fn list_recipes(
        &self,
        visibility: Visibility,
        request: &ListRequest,
    ) -> Result<ListPage, StoreError> {
        let Some(tag_ids) = self.existing_tag_ids(&request.filter.tags).await? else {
            return Ok(ListPage::default());
        };
        let statement = list_statement(
            self.db.get_database_backend(),
            visibility,
            request,
            &tag_ids,
        );
        let rows = self.db.query_all_raw(statement).await?;
        let ranked = request.sort == Sort::Relevance;
        let mut items = rows
            .iter()
            .map(|row| {
                Ok(Listed {
                    recipe: Recipe::from_query_result(row, "")?,
                    rank: if ranked {
                        Some(row.try_get::<f64>("", "relevance")?)
                    } else {
                        None
                    },
                })
            })
            .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
        let limit = usize::try_from(request.page.limit()).unwrap_or(usize::MAX);
        let more = items.len() > limit;
        items.truncate(limit);
        Ok(ListPage { items, more })
    }
}

/// Builds the list statement: `SELECT … FROM recipe r [search] WHERE … ORDER BY … LIMIT`, wrapped
/// in an outer query when sorting by relevance.
fn list_statement(
    backend: DbBackend,
    visibility: Visibility,
    request: &ListRequest,
    tag_ids: &[i64],
) -> Statement {
    let mut sql = Sql::new(backend);
    let filter = &request.filter;
    let search = filter.search.as_ref();
    let ranked = request.sort == Sort::Relevance && search.is_some();
    if ranked {
        sql.push("SELECT * FROM (");
    }
    sql.push("SELECT ").push(COLUMNS);
    if let (true, Some(search)) = (ranked, search) {
        sql.push(", ");
        push_rank(&mut sql, search);
        sql.push(" AS relevance");
    }
    sql.push(" FROM recipe r");
    if search.is_some() && backend == DbBackend::Sqlite {
        sql.push(" JOIN recipe_fts ON recipe_fts.rowid = r.id");
    }
    sql.push(" WHERE ");
    match visibility {
        Visibility::Published => {
            sql.push("r.is_publish = ").bind(true);
        }
        Visibility::OwnedBy(owner, own) => {
            sql.push("r.user_id = ").bind(owner);
            match own {
                OwnRecipes::All => {}
                OwnRecipes::Published => {
                    sql.push(" AND r.is_publish = ").bind(true);
                }
                OwnRecipes::Drafts => {
                    sql.push(" AND r.is_publish = ").bind(false);
                }
            }
        }
    }
    if let Some(search) = search {
        push_match(&mut sql, search);
    }
    if let Some(user_id) = filter.user_id {
        sql.push(" AND r.user_id = ").bind(user_id);
    }
    if let Some(minutes) = filter.max_cook_time {
        sql.push(" AND r.cook_time <= ").bind(minutes);
    }
    if let Some(servings) = filter.min_servings {
        sql.push(" AND r.num_of_servings >= ").bind(servings);
    }
    if let Some(servings) = filter.max_servings {
        sql.push(" AND r.num_of_servings <= ").bind(servings);
    }
    for tag_id in tag_ids {
        sql.push(
            " AND EXISTS (SELECT 1 FROM recipe_tag rt WHERE rt.recipe_id = r.id AND rt.tag_id = ",
        )
        .bind(*tag_id)
        .push(")");
    }
    if ranked {
        sql.push(") x");
        if let Some(Position {
            id,
            key: SortKey::Rank(rank),
        }) = &request.after
        {
            sql.push(" WHERE (x.relevance < ")
                .bind(*rank)
                .push(" OR (x.relevance = ")
                .bind(*rank)
                .push(" AND x.id < ")
                .bind(*id)
                .push("))");
        }
        sql.push(" ORDER BY x.relevance DESC, x.id DESC");
    } else {
        push_keyset_and_order(&mut sql, request);
    }
    let fetch = request.page.limit().saturating_add(1);
    sql.push(" LIMIT ")
        .bind(i64::try_from(fetch).unwrap_or(i64::MAX));
    if request.after.is_none() && request.page.offset() > 0 {
        sql.push(" OFFSET ")
            .bind(i64::try_from(request.page.offset()).unwrap_or(i64::MAX));
    }
    sql.build()
}

/// `AND <after the cursor> ORDER BY <sort>` for every order but relevance.
fn push_keyset_and_order(sql: &mut Sql, request: &ListRequest) {
    let mysql = sql.backend() == DbBackend::MySql;
    match (&request.sort, &request.after) {
        (Sort::Newest | Sort::Relevance, after) => {
            if let Some(position) = after {
                sql.push(" AND r.id < ").bind(position.id);
            }
            sql.push(" ORDER BY r.id DESC");
        }
        (Sort::Oldest, after) => {
            if let Some(position) = after {
                sql.push(" AND r.id > ").bind(position.id);
            }
            sql.push(" ORDER BY r.id ASC");
        }
        (Sort::CookTime, after) => {
            match after {
                Some(Position {
                    id,
                    key: SortKey::CookTime(Some(minutes)),
                }) => {
                    sql.push(" AND (r.cook_time > ")
                        .bind(*minutes)
                        .push(" OR (r.cook_time = ")
                        .bind(*minutes)
                        .push(" AND r.id > ")
                        .bind(*id)
                        .push(") OR r.cook_time IS NULL)");
                }
                Some(Position { id, .. }) => {
                    sql.push(" AND r.cook_time IS NULL AND r.id > ").bind(*id);
                }
                None => {}
            }
            if mysql {
                sql.push(" ORDER BY r.cook_time IS NULL, r.cook_time ASC, r.id ASC");
            } else {
                sql.push(" ORDER BY r.cook_time ASC NULLS LAST, r.id ASC");
            }
        }
        (Sort::Name, after) => {
            if let Some(Position {
                id,
                key: SortKey::Name(name),
            }) = after
            {
                sql.push(" AND (r.name > ")
                    .bind(name.as_str())
                    .push(" OR (r.name = ")
                    .bind(name.as_str())
                    .push(" AND r.id > ")
                    .bind(*id)
                    .push("))");
            }
            sql.push(" ORDER BY r.name ASC, r.id ASC");
        }
    }
}

/// ` AND <the recipe matches every term>`.
fn push_match(sql: &mut Sql, search: &SearchQuery) {
    match sql.backend() {
        DbBackend::Sqlite => {
            sql.push(" AND recipe_fts MATCH ").bind(fts5_query(search));
        }
        DbBackend::Postgres => {
            sql.push(" AND r.search @@ to_tsquery('simple', ")
                .bind(tsquery(search))
                .push(")");
        }
        _ => {
            let (indexed, substrings) = mysql_terms(search);
            if !indexed.is_empty() {
                sql.push(" AND MATCH(")
                    .push(MYSQL_TEXT)
                    .push(") AGAINST (")
                    .bind(boolean_query(&indexed))
                    .push(" IN BOOLEAN MODE)");
            }
            for term in substrings {
                sql.push(" AND CONCAT_WS(' ', ")
                    .push(MYSQL_TEXT)
                    .push(") LIKE ")
                    .bind(format!("%{}%", term.text));
            }
        }
    }
}

/// The relevance expression (higher is better).
fn push_rank(sql: &mut Sql, search: &SearchQuery) {
    match sql.backend() {
        // Column weights: name, description, ingredients, directions, CJK bigrams.
        DbBackend::Sqlite => {
            sql.push("-bm25(recipe_fts, 10.0, 4.0, 4.0, 1.0, 4.0)");
        }
        DbBackend::Postgres => {
            sql.push("CAST(ts_rank(r.search, to_tsquery('simple', ")
                .bind(tsquery(search))
                .push(")) AS DOUBLE PRECISION)");
        }
        _ => {
            let (indexed, _) = mysql_terms(search);
            if indexed.is_empty() {
                sql.push("CAST(0 AS DOUBLE)");
            } else {
                let query = boolean_query(&indexed);
                sql.push("CAST(4 * MATCH(r.name) AGAINST (")
                    .bind(query.clone())
                    .push(" IN BOOLEAN MODE) + MATCH(")
                    .push(MYSQL_TEXT)
                    .push(") AGAINST (")
                    .bind(query)
                    .push(" IN BOOLEAN MODE) AS DOUBLE)");
            }
        }
    }
}

/// FTS5 query: `"word"*` per word, `"gram" "gram"` per CJK word; all must match. Terms hold only
/// letters and digits, so they need no escaping inside the quotes.
fn fts5_query(search: &SearchQuery) -> String {
    let parts: Vec<String> = search
        .terms()
        .iter()
        .map(|term| match &term.grams {
            Some(grams) => grams
                .iter()
                .map(|g| format!("\"{g}\""))
                .collect::<Vec<_>>()
                .join(" "),
            None => format!("\"{}\"*", term.text),
        })
        .collect();
    parts.join(" ")
}

/// PostgreSQL `tsquery`: `'word':*` per word, `'gram' & 'gram'` per CJK word, joined by `&`.
fn tsquery(search: &SearchQuery) -> String {
    let parts: Vec<String> = search
        .terms()
        .iter()
        .map(|term| match &term.grams {
            Some(grams) => grams
                .iter()
                .map(|g| format!("'{g}'"))
                .collect::<Vec<_>>()
                .join(" & "),
            None => format!("'{}':*", term.text),
        })
        .collect();
    parts.join(" & ")
}

/// Splits terms into those InnoDB's index can find (three or more characters, not a stop-word,
/// no CJK) and those matched as substrings.
fn mysql_terms(search: &SearchQuery) -> (Vec<&Term>, Vec<&Term>) {
    search.terms().iter().partition(|term| {
        term.text.chars().count() >= 3
            && !term.text.chars().any(is_cjk)
            && !INNODB_STOPWORDS.contains(&term.text.as_str())
    })
}

/// InnoDB boolean-mode query: `+word*` per term.
fn boolean_query(terms: &[&Term]) -> String {
    terms
        .iter()
        .map(|term| format!("+{}*", term.text))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> SearchQuery {
        SearchQuery::parse(raw).unwrap().unwrap()
    }

    #[test]
    fn engine_queries_require_every_term() {
        let search = query("Kimchi 김치찌개");
        assert_eq!(fts5_query(&search), r#""kimchi"* "김치" "치찌" "찌개""#);
        assert_eq!(tsquery(&search), "'kimchi':* & '김치' & '치찌' & '찌개'");
    }

    #[test]
    fn mysql_searches_short_words_stop_words_and_cjk_as_substrings() {
        let search = query("the egg tomato 김치");
        let (indexed, substrings) = mysql_terms(&search);
        let texts = |terms: &[&Term]| terms.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&indexed), ["egg", "tomato"]);
        assert_eq!(texts(&substrings), ["the", "김치"]);
        assert_eq!(boolean_query(&indexed), "+egg* +tomato*");
    }
}
