//! Recipe lists: visibility, filters, full-text search on each back-end's own engine, sorting,
//! and offset or keyset ("after this position") pagination.
//!
//! Every list is one statement. Keyset pages compare against the last row's sort key and id, so
//! page 50 000 costs what page 1 costs when an index serves the order (`idx_recipe_publish_*`,
//! `idx_recipe_user_id`, `idx_recipe_tag_tag`). Relevance is computed per query by the engine
//! (SQLite `bm25`, PostgreSQL `ts_rank`, MySQL `MATCH … AGAINST`), so a relevance-sorted list
//! ranks every match. To bound that cost, only the most recent `SEARCH_RANK_WINDOW` matches are
//! ranked; older matches follow, newest first. A relevance cursor keeps the bounds of the ranked
//! set and how many of it were returned: scores are not stable enough to page by (SQLite's and
//! InnoDB's change with every insert, as they weigh words by rarity), but the ranked set is.
//!
//! Search on MySQL/MariaDB: InnoDB indexes neither words shorter than
//! `innodb_ft_min_token_size` (3) nor its stop-words, and has no bigram index for CJK, so those
//! terms are matched as substrings (`LIKE`) of the recipe's text instead.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use super::row::{COLUMNS, Recipe, decode};
use crate::domain::{
    ListRequest, ListScope, OwnRecipes, Position, Ranking, SearchQuery, Sort, SortKey, Term, is_cjk,
};
use crate::store::{Store, StoreError, sql::Sql};

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
    /// For a relevance search: its ranked part, and how much of it the pages so far returned.
    pub ranking: Option<Ranking>,
}

/// The columns MySQL's full-text index covers (a `MATCH` must name them all).
const MYSQL_TEXT: &str = "r.name, r.description, r.ingredients, r.directions";

/// InnoDB's default full-text stop-words: never indexed, so searched as substrings.
const INNODB_STOPWORDS: &[&str] = &[
    "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from", "how",
    "i", "in", "is", "it", "la", "of", "on", "or", "that", "the", "this", "to", "was", "what",
    "when", "where", "who", "will", "with", "und", "www",
];

impl Store {
    /// One page of the recipes of `scope` matching `request`. A relevance-sorted search ranks
    /// only its `rank_window` most recent matches (all when 0 or when there are no more); the
    /// older matches follow, newest first.
    pub async fn list_recipes(
        &self,
        scope: ListScope,
        request: &ListRequest,
        rank_window: u64,
    ) -> Result<ListPage, StoreError> {
        let Some(tag_ids) = self.existing_tag_ids(&request.filter.tags).await? else {
            return Ok(ListPage::default());
        };
        let list = List {
            backend: self.db.get_database_backend(),
            scope,
            request,
            tag_ids: &tag_ids,
        };
        let limit = usize::try_from(request.page.limit()).unwrap_or(usize::MAX);
        let fetch = request.page.limit().saturating_add(1);
        if request.sort != Sort::Relevance || request.filter.search.is_none() {
            let statement = list.plain(fetch);
            let hot = self
                .hot
                .as_ref()
                .filter(|_| request.filter.search.is_none());
            let items = match hot.and_then(|hot| hot.recipes(&statement)) {
                Some(recipes) => recipes?
                    .into_iter()
                    .map(|recipe| Listed { recipe, rank: None })
                    .collect(),
                None => self.fetch(statement, false).await?,
            };
            return Ok(ListPage::of(items, limit, None));
        }
        let (ranking, tail_after) = match &request.after {
            Some(Position {
                id,
                key:
                    SortKey::Rank {
                        ranking,
                        past_ranked,
                    },
            }) => (*ranking, past_ranked.then_some(*id)),
            _ => {
                let ranking = Ranking {
                    ceiling: self.largest_recipe_id().await?,
                    floor: self.rank_floor(&list, rank_window).await?,
                    ranked: request.page.offset(),
                };
                (ranking, None)
            }
        };
        let mut items = Vec::new();
        let mut ranking = ranking;
        if tail_after.is_none() {
            items = self.fetch(list.ranked(&ranking, fetch), true).await?;
            let in_page = items.len().min(limit);
            ranking.ranked += u64::try_from(in_page).unwrap_or(u64::MAX);
            if items.len() > limit || ranking.floor.is_none() {
                return Ok(ListPage::of(items, limit, Some(ranking)));
            }
        }
        let Some(floor) = ranking.floor else {
            return Ok(ListPage::of(items, limit, Some(ranking)));
        };
        // The ranked part held `rank_window` matches: an offset past them continues here.
        let tail_offset = if request.after.is_none() {
            request.page.offset().saturating_sub(rank_window)
        } else {
            0
        };
        let remaining = u64::try_from(limit - items.len()).unwrap_or(u64::MAX);
        let tail = self
            .fetch(
                list.tail(floor, tail_after, tail_offset, remaining.saturating_add(1)),
                false,
            )
            .await?;
        items.extend(tail);
        Ok(ListPage::of(items, limit, Some(ranking)))
    }

    /// The largest recipe id (0 when there is none).
    async fn largest_recipe_id(&self) -> Result<i64, StoreError> {
        let statement = Statement::from_string(
            self.db.get_database_backend(),
            "SELECT MAX(id) AS id FROM recipe",
        );
        let row = self.db.query_one_raw(statement).await?;
        Ok(match row {
            Some(row) => row.try_get::<Option<i64>>("", "id")?.unwrap_or(0),
            None => 0,
        })
    }

    /// The id below which a relevance search stops ranking: that of the match just older than
    /// the `window` most recent ones; `None` when every match is ranked.
    async fn rank_floor(&self, list: &List<'_>, window: u64) -> Result<Option<i64>, StoreError> {
        if window == 0 {
            return Ok(None);
        }
        let row = self.db.query_one_raw(list.floor(window)).await?;
        Ok(match row {
            Some(row) => Some(row.try_get::<i64>("", "id")?),
            None => None,
        })
    }

    async fn fetch(&self, statement: Statement, ranked: bool) -> Result<Vec<Listed>, StoreError> {
        let rows = self.db.query_all_raw(statement).await?;
        rows.iter()
            .map(|row| {
                Ok(Listed {
                    recipe: decode(row)?,
                    rank: if ranked {
                        Some(row.try_get::<f64>("", "relevance")?)
                    } else {
                        None
                    },
                })
            })
            .collect()
    }
}

impl ListPage {
    fn of(mut items: Vec<Listed>, limit: usize, ranking: Option<Ranking>) -> Self {
        let more = items.len() > limit;
        items.truncate(limit);
        Self {
            items,
            more,
            ranking,
        }
    }
}

/// What a list statement selects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Columns {
    Recipe,
    RecipeAndRank,
    Id,
}

/// One list request, ready to be turned into statements.
struct List<'a> {
    backend: DbBackend,
    scope: ListScope,
    request: &'a ListRequest,
    tag_ids: &'a [i64],
}

impl List<'_> {
    /// The id column to order and page by: on a SQLite search, the full-text index's rowid, so
    /// that the index is read in id order and stops after one page instead of sorting every
    /// match.
    fn id(&self) -> &'static str {
        if self.backend == DbBackend::Sqlite && self.request.filter.search.is_some() {
            "recipe_fts.rowid"
        } else {
            "r.id"
        }
    }

    /// Every order but relevance: `SELECT … WHERE … <after the cursor> ORDER BY … LIMIT`.
    fn plain(&self, fetch: u64) -> Statement {
        let mut sql = self.select(Columns::Recipe);
        push_keyset_and_order(&mut sql, self.request, self.id());
        push_limit(
            &mut sql,
            fetch,
            self.request
                .after
                .is_none()
                .then(|| self.request.page.offset()),
        );
        sql.build()
    }

    /// The `window + 1`-th most recent match, if there is one.
    fn floor(&self, window: u64) -> Statement {
        let mut sql = self.select(Columns::Id);
        sql.push(" ORDER BY ")
            .push(self.id())
            .push(" DESC LIMIT 1 OFFSET ");
        sql.bind(i64::try_from(window).unwrap_or(i64::MAX));
        sql.build()
    }

    /// The ranked matches (`floor < id <= ceiling`), best first, after the first `ranked`.
    /// Recipes added since the search started are left out, so the ranked set stays the same
    /// from page to page; its order is the engine's, recomputed on each page.
    fn ranked(&self, ranking: &Ranking, fetch: u64) -> Statement {
        let mut sql = Sql::new(self.backend);
        // The rank is computed once, inside, and sorted outside.
        let sqlite = self.backend == DbBackend::Sqlite;
        sql.push(if sqlite {
            "WITH x AS MATERIALIZED ("
        } else {
            "SELECT * FROM ("
        });
        self.push_select(&mut sql, Columns::RecipeAndRank);
        sql.push(" AND ")
            .push(self.id())
            .push(" <= ")
            .bind(ranking.ceiling);
        if let Some(floor) = ranking.floor {
            sql.push(" AND ").push(self.id()).push(" > ").bind(floor);
        }
        sql.push(if sqlite { ") SELECT * FROM x" } else { ") x" });
        sql.push(" ORDER BY x.relevance DESC, x.id DESC");
        push_limit(&mut sql, fetch, Some(ranking.ranked));
        sql.build()
    }

    /// The unranked matches (`floor` and older), newest first, after `after`.
    fn tail(&self, floor: i64, after: Option<i64>, offset: u64, fetch: u64) -> Statement {
        let mut sql = self.select(Columns::Recipe);
        let id = self.id();
        sql.push(" AND ").push(id).push(" <= ").bind(floor);
        if let Some(after) = after {
            sql.push(" AND ").push(id).push(" < ").bind(after);
        }
        sql.push(" ORDER BY ").push(id).push(" DESC");
        push_limit(&mut sql, fetch, Some(offset));
        sql.build()
    }

    fn select(&self, columns: Columns) -> Sql {
        let mut sql = Sql::new(self.backend);
        self.push_select(&mut sql, columns);
        sql
    }

    /// `SELECT <columns> FROM recipe r [JOIN the full-text index] WHERE <visibility and filters>`.
    fn push_select(&self, sql: &mut Sql, columns: Columns) {
        let filter = &self.request.filter;
        let search = filter.search.as_ref();
        sql.push("SELECT ");
        match columns {
            Columns::Id => {
                sql.push(self.id()).push(" AS id");
            }
            Columns::Recipe | Columns::RecipeAndRank => {
                sql.push(COLUMNS);
            }
        }
        if let (Columns::RecipeAndRank, Some(search)) = (columns, search) {
            sql.push(", ");
            push_rank(sql, search);
            sql.push(" AS relevance");
        }
        sql.push(" FROM recipe r");
        if search.is_some() && self.backend == DbBackend::Sqlite {
            sql.push(" JOIN recipe_fts ON recipe_fts.rowid = r.id");
        }
        // Visibility is a literal, not a bound value: whether a partial index on published
        // recipes applies must be known when the statement is prepared (SQLite would otherwise
        // prepare the statement again each time the value is bound).
        sql.push(" WHERE ");
        match self.scope {
            ListScope::Published => {
                sql.push("r.is_publish = TRUE");
            }
            ListScope::Author(author) => {
                sql.push("r.user_id = ")
                    .bind(author.get())
                    .push(" AND r.is_publish = TRUE");
            }
            ListScope::Own(owner, own) => {
                sql.push("r.user_id = ").bind(owner.get());
                match own {
                    OwnRecipes::All => {}
                    OwnRecipes::Published => {
                        sql.push(" AND r.is_publish = TRUE");
                    }
                    OwnRecipes::Drafts => {
                        sql.push(" AND r.is_publish = FALSE");
                    }
                }
            }
        }
        if let Some(search) = search {
            push_match(sql, search);
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
        for tag_id in self.tag_ids {
            sql.push(" AND EXISTS (SELECT 1 FROM recipe_tag rt WHERE rt.recipe_id = r.id AND rt.tag_id = ")
                .bind(*tag_id)
                .push(")");
        }
    }
}

/// ` LIMIT fetch [OFFSET offset]`.
fn push_limit(sql: &mut Sql, fetch: u64, offset: Option<u64>) {
    // The limit is written as a number, not bound: SQLite plans with a bound LIMIT's value and
    // so re-prepared the statement on every execution (a third of a list page's time). It is an
    // integer of ours (1 to 101), so the statement stays one of a few cached ones.
    sql.push(" LIMIT ")
        .push(&i64::try_from(fetch).unwrap_or(i64::MAX).to_string());
    if let Some(offset) = offset.filter(|offset| *offset > 0) {
        sql.push(" OFFSET ")
            .bind(i64::try_from(offset).unwrap_or(i64::MAX));
    }
}

/// `AND <after the cursor> ORDER BY <sort>` for every order but relevance.
fn push_keyset_and_order(sql: &mut Sql, request: &ListRequest, id: &str) {
    let mysql = sql.backend() == DbBackend::MySql;
    match (&request.sort, &request.after) {
        (Sort::Newest | Sort::Relevance, after) => {
            if let Some(position) = after {
                sql.push(" AND ").push(id).push(" < ").bind(position.id);
            }
            sql.push(" ORDER BY ").push(id).push(" DESC");
        }
        (Sort::Oldest, after) => {
            if let Some(position) = after {
                sql.push(" AND ").push(id).push(" > ").bind(position.id);
            }
            sql.push(" ORDER BY ").push(id).push(" ASC");
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

/// PostgreSQL `tsquery`: `'word':*` per word, joined by `&`. A CJK word becomes
/// `('word':* | 'gram' & 'gram' …)`: the bigrams alone decide (a recipe with the word has its
/// bigrams too), but the planner multiplies the bigrams' frequencies as if they were independent,
/// underestimates the matches of a common word a hundredfold and scans them all; the
/// alternative keeps its estimate realistic.
fn tsquery(search: &SearchQuery) -> String {
    let parts: Vec<String> = search
        .terms()
        .iter()
        .map(|term| match &term.grams {
            Some(grams) => {
                let all = grams.iter().map(|g| format!("'{g}'")).collect::<Vec<_>>();
                format!("('{}':* | {})", term.text, all.join(" & "))
            }
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
        assert_eq!(
            tsquery(&search),
            "'kimchi':* & ('김치찌개':* | '김치' & '치찌' & '찌개')"
        );
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
