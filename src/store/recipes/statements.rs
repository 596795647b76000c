//! The statements of one recipe list: `SELECT <columns> FROM recipe r [JOIN the full-text
//! index] WHERE <scope and filters> <after the cursor> ORDER BY <sort> LIMIT …`, for plain
//! orders, and for the ranked part, its floor (alone or with the first page) and the unranked
//! tail of a relevance search.
//!
//! The scope (published or not) and the `LIMIT` are written into the statement, never bound:
//! whether a partial index on published recipes applies, and the planned row count, must be
//! known when SQLite prepares it (with bound values it prepared the statement again on every
//! execution). Everything else is bound.

use sea_orm::{DbBackend, Statement};

use super::{
    row::COLUMNS,
    search::{push_match, push_rank},
    typed_words::TypedWords,
};
use crate::{
    domain::{ListRequest, ListScope, OwnRecipes, Position, Ranking, Sort, SortKey},
    store::sql::Sql,
};

/// What a list statement selects.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Columns {
    Recipe,
    RecipeAndRank,
    /// The recipe and its score as of a mark (`score_at_mark`), for [`List::changed_since`].
    RecipeAndScoreAtMark,
    Id,
    /// The id and the search rank, for [`List::first_ranked`].
    IdAndRank,
}

/// The score column of a `popular` or `rating` list, on `recipe` and on `recipe_score_change`.
pub(super) fn score_column(sort: Sort) -> &'static str {
    match sort {
        Sort::Rating => "rating_score",
        _ => "favorite_count",
    }
}

/// One list request, ready to be turned into statements.
pub(super) struct List<'a> {
    pub(super) backend: DbBackend,
    pub(super) scope: ListScope,
    pub(super) request: &'a ListRequest,
    pub(super) tag_ids: &'a [i64],
    /// The `ingredient` filter's terms, the one to read the list from first (the rarest).
    pub(super) terms: &'a [String],
    /// On SQLite, the words the word being typed begins (see `typed_words`).
    pub(super) typed: Option<&'a TypedWords>,
}

impl List<'_> {
    /// The id column to order and page by: on a SQLite search, the full-text index's rowid, so
    /// that the index is read in id order and stops after one page instead of sorting every
    /// match.
    ///
    /// With an `ingredient` filter, the list is read from the rarest term's rows of
    /// `recipe_ingredient` (the index `(term, recipe_id)`, in id order), so a rare food costs
    /// what a common one does: its id column is the one to order by (and every bound on it is
    /// written on `r.id` too, see [`List::push_id_bound`]).
    ///
    /// A PostgreSQL search of the published recipes is read from `recipe_search` (`s`), the
    /// narrow table of the search vectors with each recipe's owner and published flag: its id
    /// column (see [`List::narrow_search`]).
    fn id(&self) -> &'static str {
        if self.sqlite_search() {
            "recipe_fts.rowid"
        } else if self.favorites().is_some() {
            "f.recipe_id"
        } else if self.driving_term().is_some() {
            "ri.recipe_id"
        } else if self.narrow_search() {
            "s.id"
        } else {
            "r.id"
        }
    }

    fn sqlite_search(&self) -> bool {
        self.backend == DbBackend::Sqlite && self.request.filter.search.is_some()
    }

    fn postgres_search(&self) -> bool {
        self.backend == DbBackend::Postgres && self.request.filter.search.is_some()
    }

    /// Whether a PostgreSQL search walks `recipe_search` alone, reading `recipe` only for
    /// the rows it keeps: a search of all published recipes, unless a favourites list or an
    /// ingredient drives. A search within one author's recipes (their page, one's own, the
    /// feed, a `user_id` filter) reads them from `recipe` by its owner index and joins each
    /// one's vector instead.
    fn narrow_search(&self) -> bool {
        self.postgres_search()
            && matches!(self.scope, ListScope::Published)
            && self.request.filter.user_id.is_none()
            && self.driving_term().is_none()
    }

    /// The table alias whose `id`, `user_id` and `is_publish` decide the scope and the
    /// filters: `s` on a narrow search, else `r`.
    fn scope_table(&self) -> &'static str {
        if self.narrow_search() { "s" } else { "r" }
    }

    /// Whether a narrow search must read `recipe` itself for `columns`: for its columns, or a
    /// filter on them.
    fn reads_recipe(&self, columns: Columns) -> bool {
        let filter = &self.request.filter;
        matches!(
            columns,
            Columns::Recipe | Columns::RecipeAndRank | Columns::RecipeAndScoreAtMark
        ) || filter.max_cook_time.is_some()
            || filter.min_servings.is_some()
            || filter.max_servings.is_some()
    }

    /// The food term whose index rows the list is read from (the first of `terms`, the
    /// rarest; the others are checked per recipe).
    fn driving_term(&self) -> Option<&str> {
        if self.sqlite_search() || self.favorites().is_some() {
            return None;
        }
        self.terms.first().map(String::as_str)
    }

    /// The viewer of a favourites list: the list is read from their `favorite` rows (the key
    /// `(user_id, recipe_id)`, in id order), as an ingredient list is from its term's.
    fn favorites(&self) -> Option<i64> {
        match self.scope {
            ListScope::Favorites(viewer) => Some(viewer.get()),
            _ => None,
        }
    }

    /// ` AND <id> <op> ?`, and when the id column is the driving term's ` AND r.id <op> ?` as
    /// well: PostgreSQL does not carry a range across `r.id = ri.recipe_id`, and without its
    /// own bound walked every recipe above a cursor (84× slower at 1M recipes than at 10k).
    fn push_id_bound(&self, sql: &mut Sql, op: &str, value: i64) {
        let id = self.id();
        sql.push(" AND ").push(id).push(op).bind(value);
        if id == "ri.recipe_id" || id == "f.recipe_id" {
            sql.push(" AND r.id").push(op).bind(value);
        }
    }

    /// Every order but relevance: `SELECT … WHERE … <after the cursor> ORDER BY … LIMIT`.
    ///
    /// On MySQL/MariaDB a page after the first of a list read from `recipe` itself picks its
    /// ids first and reads those rows after (`SELECT <columns> FROM recipe r JOIN (SELECT r.id
    /// … LIMIT) k …`). Selecting the wide rows directly, MariaDB walked the publish index from
    /// the newest recipe to the cursor, reading every row on the way (a cursor page 5 000
    /// recipes deep read 5 040 rows instead of 20), and an `OFFSET` read every skipped row
    /// whole; the ids alone are read from the index, range and all. The first page reads its
    /// rows directly, which is cheaper there.
    pub(super) fn plain(&self, fetch: u64) -> Statement {
        let later_page = self.request.after.is_some() || self.request.page.offset() > 0;
        let ids_first = self.backend == DbBackend::MySql && self.id() == "r.id" && later_page;
        let mut sql = if ids_first {
            let mut sql = Sql::new(self.backend);
            sql.push("SELECT ")
                .push(COLUMNS)
                .push(" FROM recipe r JOIN (");
            self.push_select(&mut sql, Columns::Id);
            sql
        } else {
            self.select(Columns::Recipe)
        };
        self.push_keyset_and_order(&mut sql);
        push_limit(
            &mut sql,
            fetch,
            self.request
                .after
                .is_none()
                .then(|| self.request.page.offset()),
        );
        if ids_first {
            sql.push(") k ON k.id = r.id");
            self.push_order(&mut sql);
        }
        sql.build()
    }

    /// For a `popular` or `rating` page after the first: the recipes whose score changed
    /// after the cursor's mark, with their scores as of the mark, that come after the cursor in
    /// the order of those scores (the recipes that did not change are read by [`List::plain`]).
    pub(super) fn changed_since(&self, fetch: u64) -> Statement {
        let mut sql = self.select(Columns::RecipeAndScoreAtMark);
        if let Some(Position {
            id,
            key: SortKey::Score { value, .. },
        }) = &self.request.after
        {
            sql.push(" AND (k.score < ")
                .bind(*value)
                .push(" OR (k.score = ")
                .bind(*value)
                .push(" AND r.id < ")
                .bind(*id)
                .push("))");
        }
        sql.push(" ORDER BY k.score DESC, r.id DESC");
        push_limit(&mut sql, fetch, None);
        sql.build()
    }

    /// The `window + 1`-th most recent match, if there is one.
    pub(super) fn floor(&self, window: u64) -> Statement {
        let mut sql = self.select(Columns::Id);
        sql.push(" ORDER BY ")
            .push(self.id())
            .push(" DESC LIMIT 1 OFFSET ");
        sql.bind(i64::try_from(window).unwrap_or(i64::MAX));
        sql.build()
    }

    /// The first page of a relevance search, with its ranked part's floor, in one statement
    /// that reads the matches once (the floor, then the ranked window, each read them): the
    /// `window + 1` most recent matches up to `ceiling` with their rank (`w`), the floor — the
    /// oldest of them when there are that many (`rank_floor`, else NULL) — and, of the others,
    /// `fetch` best first after the first `offset` (`p`), whole. The same rows, in the same
    /// order, as [`List::floor`] and then [`List::ranked`]. `window` is at least 1.
    pub(super) fn first_ranked(
        &self,
        ceiling: i64,
        window: u64,
        fetch: u64,
        offset: u64,
    ) -> Statement {
        let mut sql = Sql::new(self.backend);
        sql.push(if self.backend == DbBackend::MySql {
            "WITH w AS ("
        } else {
            "WITH w AS MATERIALIZED ("
        });
        self.push_select(&mut sql, Columns::IdAndRank);
        self.push_id_bound(&mut sql, " <= ", ceiling);
        sql.push(" ORDER BY ").push(self.id()).push(" DESC");
        push_limit(&mut sql, window.saturating_add(1), None);
        let window = i64::try_from(window).unwrap_or(i64::MAX).to_string();
        // The page is picked from `w` before its rows are read whole: joined first, PostgreSQL
        // read all the window's rows to keep the best few.
        sql.push("), f AS (SELECT CASE WHEN COUNT(*) > ")
            .push(&window)
            .push(
                " THEN MIN(w.id) END AS rank_floor FROM w), \
                 p AS (SELECT w.id, w.relevance, f.rank_floor FROM w CROSS JOIN f \
                 WHERE f.rank_floor IS NULL OR w.id > f.rank_floor \
                 ORDER BY w.relevance DESC, w.id DESC",
            );
        push_limit(&mut sql, fetch, Some(offset));
        sql.push(") SELECT ").push(COLUMNS).push(
            ", p.relevance AS relevance, p.rank_floor AS rank_floor FROM p \
                 JOIN recipe r ON r.id = p.id ORDER BY p.relevance DESC, p.id DESC",
        );
        sql.build()
    }

    /// The ranked matches (`floor < id <= ceiling`), best first, after the first `ranked`.
    /// Recipes added since the search started are left out, so the ranked set stays the same
    /// from page to page; its order is the engine's, recomputed on each page.
    pub(super) fn ranked(&self, ranking: &Ranking, fetch: u64) -> Statement {
        let mut sql = Sql::new(self.backend);
        // The rank is computed once, inside, and sorted outside.
        let sqlite = self.backend == DbBackend::Sqlite;
        sql.push(if sqlite {
            "WITH x AS MATERIALIZED ("
        } else {
            "SELECT * FROM ("
        });
        self.push_select(&mut sql, Columns::RecipeAndRank);
        self.push_id_bound(&mut sql, " <= ", ranking.ceiling);
        if let Some(floor) = ranking.floor {
            self.push_id_bound(&mut sql, " > ", floor);
        }
        sql.push(if sqlite { ") SELECT * FROM x" } else { ") x" });
        sql.push(" ORDER BY x.relevance DESC, x.id DESC");
        push_limit(&mut sql, fetch, Some(ranking.ranked));
        sql.build()
    }

    /// The unranked matches (`floor` and older), newest first, after `after`.
    pub(super) fn tail(
        &self,
        floor: i64,
        after: Option<i64>,
        offset: u64,
        fetch: u64,
    ) -> Statement {
        let mut sql = self.select(Columns::Recipe);
        self.push_id_bound(&mut sql, " <= ", floor);
        if let Some(after) = after {
            self.push_id_bound(&mut sql, " < ", after);
        }
        sql.push(" ORDER BY ").push(self.id()).push(" DESC");
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
            Columns::Id | Columns::IdAndRank => {
                sql.push(self.id()).push(" AS id");
            }
            Columns::Recipe | Columns::RecipeAndRank => {
                sql.push(COLUMNS);
            }
            Columns::RecipeAndScoreAtMark => {
                sql.push(COLUMNS).push(", k.score AS score_at_mark");
            }
        }
        if let (Columns::RecipeAndRank | Columns::IdAndRank, Some(search)) = (columns, search) {
            sql.push(", ");
            push_rank(sql, search);
            sql.push(" AS relevance");
        }
        let driving = self.driving_term();
        if self.favorites().is_some() {
            sql.push(" FROM favorite f JOIN recipe r ON r.id = f.recipe_id");
        } else if driving.is_some() {
            sql.push(" FROM recipe_ingredient ri JOIN recipe r ON r.id = ri.recipe_id");
        } else if self.narrow_search() {
            sql.push(" FROM recipe_search s");
            if self.reads_recipe(columns) {
                sql.push(" JOIN recipe r ON r.id = s.id");
            }
        } else {
            sql.push(" FROM recipe r");
        }
        if self.postgres_search() && !self.narrow_search() {
            sql.push(" JOIN recipe_search s ON s.id = r.id");
        }
        if let (Columns::RecipeAndScoreAtMark, Some(mark)) = (columns, self.request.score_mark()) {
            // Each recipe whose score changed after the mark, with its score before the first
            // such change: its score as of the mark.
            let column = score_column(self.request.sort);
            sql.push(" JOIN (SELECT c.recipe_id, c.")
                .push(column)
                .push(" AS score FROM recipe_score_change c WHERE c.id > ")
                .bind(mark.change)
                .push(
                    " AND NOT EXISTS (SELECT 1 FROM recipe_score_change c2 \
                     WHERE c2.recipe_id = c.recipe_id AND c2.id > ",
                )
                .bind(mark.change)
                .push(" AND c2.id < c.id)) k ON k.recipe_id = r.id");
        }
        if search.is_some() && self.backend == DbBackend::Sqlite {
            sql.push(" JOIN recipe_fts ON recipe_fts.rowid = r.id");
        }
        // Visibility is a literal, not a bound value: whether a partial index on published
        // recipes applies must be known when the statement is prepared (SQLite would otherwise
        // prepare the statement again each time the value is bound).
        sql.push(" WHERE ");
        if let Some(term) = driving {
            sql.push("ri.term = ").bind(term).push(" AND ");
        }
        let t = self.scope_table();
        match self.scope {
            ListScope::Published => {
                sql.push(t).push(".is_publish = TRUE");
            }
            ListScope::Author(author) => {
                sql.push(t)
                    .push(".user_id = ")
                    .bind(author.get())
                    .push(" AND ")
                    .push(t)
                    .push(".is_publish = TRUE");
            }
            ListScope::Feed(viewer) => {
                sql.push(t)
                    .push(".is_publish = TRUE AND ")
                    .push(t)
                    .push(
                        ".user_id IN \
                         (SELECT fw.followee_id FROM follow fw WHERE fw.follower_id = ",
                    )
                    .bind(viewer.get())
                    .push(")");
            }
            ListScope::Favorites(viewer) => {
                sql.push("f.user_id = ")
                    .bind(viewer.get())
                    .push(" AND (")
                    .push(t)
                    .push(".is_publish = TRUE OR ")
                    .push(t)
                    .push(".user_id = ")
                    .bind(viewer.get())
                    .push(")");
            }
            ListScope::Own(owner, own) => {
                sql.push(t).push(".user_id = ").bind(owner.get());
                match own {
                    OwnRecipes::All => {}
                    OwnRecipes::Published => {
                        sql.push(" AND ").push(t).push(".is_publish = TRUE");
                    }
                    OwnRecipes::Drafts => {
                        sql.push(" AND ").push(t).push(".is_publish = FALSE");
                    }
                }
            }
        }
        if let Some(search) = search {
            push_match(sql, search, self.typed);
        }
        if let Some(user_id) = filter.user_id {
            sql.push(" AND ").push(t).push(".user_id = ").bind(user_id);
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
            sql.push(" AND EXISTS (SELECT 1 FROM recipe_tag rt WHERE rt.recipe_id = ")
                .push(t)
                .push(".id AND rt.tag_id = ")
                .bind(*tag_id)
                .push(")");
        }
        let checked = if driving.is_some() { 1 } else { 0 };
        for term in &self.terms[checked..] {
            sql.push(" AND EXISTS (SELECT 1 FROM recipe_ingredient rx WHERE rx.term = ")
                .bind(term.as_str())
                .push(" AND rx.recipe_id = ")
                .push(t)
                .push(".id)");
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

impl List<'_> {
    /// `AND <after the cursor> ORDER BY <sort>` for every order but relevance.
    fn push_keyset_and_order(&self, sql: &mut Sql) {
        self.push_keyset(sql);
        self.push_order(sql);
    }

    /// `AND <after the cursor>`, if there is a cursor.
    fn push_keyset(&self, sql: &mut Sql) {
        let Some(after) = &self.request.after else {
            return;
        };
        match (&self.request.sort, after) {
            (Sort::Newest | Sort::Relevance, position) => {
                self.push_id_bound(sql, " < ", position.id);
            }
            (Sort::Oldest, position) => {
                self.push_id_bound(sql, " > ", position.id);
            }
            (
                Sort::CookTime,
                Position {
                    id,
                    key: SortKey::CookTime(Some(minutes)),
                },
            ) => {
                sql.push(" AND (r.cook_time > ")
                    .bind(*minutes)
                    .push(" OR (r.cook_time = ")
                    .bind(*minutes)
                    .push(" AND r.id > ")
                    .bind(*id)
                    .push(") OR r.cook_time IS NULL)");
            }
            (Sort::CookTime, Position { id, .. }) => {
                sql.push(" AND r.cook_time IS NULL AND r.id > ").bind(*id);
            }
            (
                Sort::Popular | Sort::Rating,
                Position {
                    id,
                    key: SortKey::Score { value, mark },
                },
            ) => {
                // Recipes whose score changed since the mark are read by `changed_since`.
                let column = score_column(self.request.sort);
                sql.push(" AND r.score_change <= ")
                    .bind(mark.change)
                    .push(" AND (r.")
                    .push(column)
                    .push(" < ")
                    .bind(*value)
                    .push(" OR (r.")
                    .push(column)
                    .push(" = ")
                    .bind(*value)
                    .push(" AND r.id < ")
                    .bind(*id)
                    .push("))");
            }
            (
                Sort::Name,
                Position {
                    id,
                    key: SortKey::Name(name),
                },
            ) => {
                sql.push(" AND (r.name > ")
                    .bind(name.as_str())
                    .push(" OR (r.name = ")
                    .bind(name.as_str())
                    .push(" AND r.id > ")
                    .bind(*id)
                    .push("))");
            }
            (Sort::Popular | Sort::Rating | Sort::Name, _) => {}
        }
    }

    /// ` ORDER BY <sort>` for every order but relevance.
    fn push_order(&self, sql: &mut Sql) {
        let id = self.id();
        match self.request.sort {
            Sort::Newest | Sort::Relevance => {
                sql.push(" ORDER BY ").push(id).push(" DESC");
            }
            Sort::Oldest => {
                sql.push(" ORDER BY ").push(id).push(" ASC");
            }
            Sort::CookTime if sql.backend() == DbBackend::MySql => {
                sql.push(" ORDER BY r.cook_time IS NULL, r.cook_time ASC, r.id ASC");
            }
            Sort::CookTime => {
                sql.push(" ORDER BY r.cook_time ASC NULLS LAST, r.id ASC");
            }
            Sort::Popular | Sort::Rating => {
                sql.push(" ORDER BY r.")
                    .push(score_column(self.request.sort))
                    .push(" DESC, r.id DESC");
            }
            Sort::Name => {
                sql.push(" ORDER BY r.name ASC, r.id ASC");
            }
        }
    }
}
