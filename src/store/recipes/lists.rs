//! Recipe lists: visibility, filters, full-text search on each back-end's own engine, sorting,
//! and offset or keyset ("after this position") pagination.
//!
//! Every list is one statement. Keyset pages compare against the last row's sort key and id, so
//! page 50 000 costs what page 1 costs when an index serves the order (`idx_recipe_publish_*`,
//! `idx_recipe_user_id`, `idx_recipe_tag_tag`). Relevance is computed per query (PostgreSQL
//! `ts_rank`, MySQL `MATCH … AGAINST`, on SQLite the fields holding each word, see `search`), so
//! a relevance-sorted list ranks every match. To bound that cost, only the most recent `SEARCH_RANK_WINDOW` matches are
//! ranked; older matches follow, newest first. The first page reads those matches once, for
//! the window's floor and its best rows together. A relevance cursor keeps the bounds of the ranked
//! set and how many of it were returned: scores are not stable enough to page by (InnoDB's change
//! with every insert, as it weighs words by rarity), but the ranked set is.
//!
//! The statements are built in `statements`, their full-text part in each engine's own dialect
//! in `search` (on SQLite with the words the word being typed begins, from `typed_words`).

use sea_orm::{ConnectionTrait, QueryResult, Statement};

use super::{
    row::{Recipe, decode},
    statements::List,
};
use crate::domain::{ListRequest, ListScope, Position, Ranking, ScoreMark, Sort, SortKey};
use crate::store::community::last_score_change;
use crate::store::{Store, StoreError};

/// One recipe of a list, with its search rank when the list is sorted by relevance.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The recipe.
    pub recipe: Recipe,
    /// The engine's relevance score (higher is better).
    pub rank: Option<f64>,
    /// In a `popular` or `rating` list: its score as the list's mark saw it.
    pub score: Option<i64>,
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
    /// For a `popular` or `rating` list: the first page's mark, which later pages keep.
    pub mark: Option<ScoreMark>,
}

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
        let terms = self.terms_rarest_first(&request.filter.ingredients).await?;
        let typed = self.typed_words(request.filter.search.as_ref()).await?;
        let list = List {
            backend: self.db.get_database_backend(),
            scope,
            request,
            tag_ids: &tag_ids,
            terms: &terms,
            typed: typed.as_ref(),
        };
        let limit = usize::try_from(request.page.limit()).unwrap_or(usize::MAX);
        let fetch = request.page.limit().saturating_add(1);
        if request.sort.by_score() {
            return self.list_by_score(&list, limit, fetch).await;
        }
        if request.sort != Sort::Relevance || request.filter.search.is_none() {
            let statement = list.plain(fetch);
            let hot = match self.hot.as_ref() {
                Some(hot) if request.filter.search.is_none() => hot.recipes(&statement).await,
                _ => None,
            };
            let items = match hot {
                Some(recipes) => recipes?
                    .into_iter()
                    .map(|recipe| Listed {
                        recipe,
                        rank: None,
                        score: None,
                    })
                    .collect(),
                None => self.fetch(statement, false).await?,
            };
            return Ok(ListPage::of(items, limit, None));
        }
        // The first page's ranked items, when read with the floor.
        let mut first_page = None;
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
                let ceiling = self.largest_recipe_id().await?;
                let offset = request.page.offset();
                let (floor, items) = self
                    .first_ranked(&list, ceiling, rank_window, fetch, offset)
                    .await?;
                first_page = items;
                let ranking = Ranking {
                    ceiling,
                    floor,
                    ranked: offset,
                };
                (ranking, None)
            }
        };
        let mut items = Vec::new();
        let mut ranking = ranking;
        if tail_after.is_none() {
            items = match first_page {
                Some(items) => items,
                None => self.fetch(list.ranked(&ranking, fetch), true).await?,
            };
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

    /// A page of a `popular` or `rating` list. The first page is read with the last score
    /// change in one snapshot, and that change is the mark its cursor keeps; a later page
    /// orders every recipe by its score as of the mark: the recipes unchanged since, by their
    /// score (`plain`), and those changed since, by their score before the first change
    /// (`changed_since`), merged. So votes between pages move nothing across a page boundary.
    async fn list_by_score(
        &self,
        list: &List<'_>,
        limit: usize,
        fetch: u64,
    ) -> Result<ListPage, StoreError> {
        let score_of = |recipe: &Recipe| match list.request.sort {
            Sort::Rating => recipe.community.rating_score,
            _ => recipe.community.favorite_count,
        };
        let Some(mark) = list.request.score_mark() else {
            let txn = self.begin_snapshot().await?;
            let mark = ScoreMark {
                change: last_score_change(&txn).await?,
                at: chrono::Utc::now().timestamp(),
            };
            let rows = txn.query_all_raw(list.plain(fetch)).await?;
            txn.commit().await?;
            let items = rows
                .iter()
                .map(|row| {
                    let recipe = decode(row)?;
                    Ok(Listed {
                        score: Some(score_of(&recipe)),
                        recipe,
                        rank: None,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            let mut page = ListPage::of(items, limit, None);
            page.mark = Some(mark);
            return Ok(page);
        };
        let unchanged = self.db.query_all_raw(list.plain(fetch)).await?;
        let changed = self.db.query_all_raw(list.changed_since(fetch)).await?;
        let mut items = Vec::with_capacity(unchanged.len() + changed.len());
        for row in &unchanged {
            let recipe = decode(row)?;
            items.push(Listed {
                score: Some(score_of(&recipe)),
                recipe,
                rank: None,
            });
        }
        for row in &changed {
            items.push(Listed {
                recipe: decode(row)?,
                rank: None,
                score: Some(row.try_get::<i64>("", "score_at_mark")?),
            });
        }
        items.sort_by_key(|item| std::cmp::Reverse((item.score, item.recipe.id)));
        let mut page = ListPage::of(items, limit, None);
        page.mark = Some(mark);
        Ok(page)
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

    /// The floor of a relevance search's ranked part (see [`Store::rank_floor`]) and the first
    /// page's ranked items, read together ([`List::first_ranked`]); the items are `None` when
    /// every match is ranked (`window` 0), which [`List::ranked`] then reads.
    async fn first_ranked(
        &self,
        list: &List<'_>,
        ceiling: i64,
        window: u64,
        fetch: u64,
        offset: u64,
    ) -> Result<(Option<i64>, Option<Vec<Listed>>), StoreError> {
        if window == 0 {
            return Ok((None, None));
        }
        let rows = self
            .db
            .query_all_raw(list.first_ranked(ceiling, window, fetch, offset))
            .await?;
        let floor = match rows.first() {
            Some(row) => row.try_get::<Option<i64>>("", "rank_floor")?,
            // An offset past the ranked part: its floor alone.
            None if offset > 0 => self.rank_floor(list, window).await?,
            // No match at all.
            None => None,
        };
        let items = rows
            .iter()
            .map(|row| Listed::read(row, true))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((floor, Some(items)))
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
        rows.iter().map(|row| Listed::read(row, ranked)).collect()
    }
}

impl Listed {
    /// A list row: the recipe, and its `relevance` when `ranked`.
    fn read(row: &QueryResult, ranked: bool) -> Result<Self, StoreError> {
        Ok(Self {
            recipe: decode(row)?,
            rank: if ranked {
                Some(row.try_get::<f64>("", "relevance")?)
            } else {
                None
            },
            score: None,
        })
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
            mark: None,
        }
    }
}
