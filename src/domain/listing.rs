//! The query parameters of recipe lists (`GET /recipes`, `/recipes/me`, `/users/{id}/recipes`):
//! search, filters, sort and pagination, validated into a [`ListRequest`].
//!
//! | parameter | meaning |
//! |---|---|
//! | `q` | full-text search (see `domain::search`) |
//! | `tag` | repeatable; every tag must be on the recipe |
//! | `ingredient` | repeatable (at most 10); every one must be a food of the recipe's ingredient lines (see `ingredients::normalize_food_query`: "Eggs" finds "2 large eggs", "마늘" finds "다진 마늘 1작은술") |
//! | `user_id` | only this author's recipes |
//! | `max_cook_time` | minutes, 0–10 080; recipes without a cook time are left out |
//! | `min_servings`, `max_servings` | 1–1000 |
//! | `sort` | `newest` (default), `oldest`, `cook_time`, `name`, `relevance` (default with `q`; without a search it is `newest`), `popular` (most favourites), `rating` (Bayesian average of the stars, see `domain::community`) |
//! | `limit`, `offset` | as in `domain::page` |
//! | `cursor` | continue after the page that returned it (`offset` is then ignored) |
//!
//! Unknown parameters are ignored; a known one given twice (except `tag` and `ingredient`) is
//! refused.

use sha2::{Digest, Sha256};

use super::{
    CursorKey, FieldErrors, ListScope, Page, PageParams, Position, ScoreMark, SearchQuery, SortKey,
    tags::{TAGS_PER_RECIPE, normalize_tag_filter},
};
use crate::ingredients::{TERM_MAX_CHARS, normalize_food_query};

/// How long a cursor of a `popular` or `rating` list stays valid: the score changes that keep
/// its pages continuous are kept a little longer (see `store::community::scores`).
pub const SCORE_CURSOR_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::hours(6);

/// Most `ingredient` parameters in one list request.
pub const INGREDIENT_FILTERS_MAX: usize = 10;

/// The order of a list. Every order ends with the id, so it is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Most recently created first.
    Newest,
    /// Oldest first.
    Oldest,
    /// Quickest first; recipes without a cook time last.
    CookTime,
    /// By name (in the database's collation).
    Name,
    /// Best match of the search first (among its most recent matches, see
    /// `SEARCH_RANK_WINDOW`; older matches follow, newest first).
    Relevance,
    /// Most favourites first; newest first among equals.
    Popular,
    /// Highest Bayesian average of the stars first (see `domain::community`); newest first
    /// among equals.
    Rating,
}

impl Sort {
    fn parse(raw: Option<&str>, searching: bool) -> Result<Self, String> {
        match raw {
            None | Some("relevance") if searching => Ok(Self::Relevance),
            // Without a search every recipe is equally relevant: newest first breaks the tie.
            None | Some("newest" | "relevance") => Ok(Self::Newest),
            Some("oldest") => Ok(Self::Oldest),
            Some("cook_time") => Ok(Self::CookTime),
            Some("name") => Ok(Self::Name),
            Some("popular") => Ok(Self::Popular),
            Some("rating") => Ok(Self::Rating),
            Some(_) => Err(
                "must be one of: newest, oldest, cook_time, name, relevance, popular, rating"
                    .into(),
            ),
        }
    }

    /// The parameter's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::CookTime => "cook_time",
            Self::Name => "name",
            Self::Relevance => "relevance",
            Self::Popular => "popular",
            Self::Rating => "rating",
        }
    }

    /// Whether the order is by a community score (favourites or rating), which votes change
    /// between pages.
    pub fn by_score(self) -> bool {
        matches!(self, Self::Popular | Self::Rating)
    }
}

/// What a list keeps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecipeFilter {
    /// Full-text search.
    pub search: Option<SearchQuery>,
    /// Normalised tags, sorted, each required.
    pub tags: Vec<String>,
    /// Normalised food terms, sorted, each required.
    pub ingredients: Vec<String>,
    /// Only this author.
    pub user_id: Option<i64>,
    /// At most this many minutes.
    pub max_cook_time: Option<i32>,
    /// At least this many servings.
    pub min_servings: Option<i32>,
    /// At most this many servings.
    pub max_servings: Option<i32>,
}

/// A validated list request.
#[derive(Debug, Clone)]
pub struct ListRequest {
    /// Filters.
    pub filter: RecipeFilter,
    /// Order.
    pub sort: Sort,
    /// `limit`, and `offset` when paging by offset.
    pub page: Page,
    /// Continue after this position (from `cursor`).
    pub after: Option<Position>,
    fingerprint: String,
}

impl ListRequest {
    /// Validates the query pairs of the list route of `scope` (its name is part of the cursor
    /// fingerprint, so a cursor from one list is refused by another).
    pub fn parse(
        pairs: &[(String, String)],
        scope: &ListScope,
        key: &CursorKey,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let single = |errors: &mut FieldErrors, name: &str| -> Option<String> {
            let mut values = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
            let first = values.next().cloned();
            if values.next().is_some() {
                errors.add(name, "must be given at most once");
            }
            first
        };
        let q = single(&mut errors, "q");
        let search = q
            .and_then(|raw| errors.take("q", SearchQuery::parse(&raw)))
            .flatten();
        let tags = errors
            .take("tag", parse_tag_filter(pairs))
            .unwrap_or_default();
        let ingredients = errors
            .take("ingredient", parse_ingredient_filter(pairs))
            .unwrap_or_default();
        let user_id = single(&mut errors, "user_id")
            .and_then(|raw| errors.take("user_id", parse_int(&raw, 1, i64::MAX)));
        let bounded = |errors: &mut FieldErrors, name: &str, min: i64, max: i64| {
            single(errors, name)
                .and_then(|raw| errors.take(name, parse_int(&raw, min, max)))
                .map(|value| i32::try_from(value).expect("bounds fit in i32"))
        };
        let max_cook_time = bounded(&mut errors, "max_cook_time", 0, 10_080);
        let min_servings = bounded(&mut errors, "min_servings", 1, 1_000);
        let max_servings = bounded(&mut errors, "max_servings", 1, 1_000);
        let sort_raw = single(&mut errors, "sort");
        let sort = errors.take("sort", Sort::parse(sort_raw.as_deref(), search.is_some()));
        let offset = single(&mut errors, "offset");
        let page_params = PageParams {
            offset: offset.clone(),
            limit: single(&mut errors, "limit"),
        };
        let page = match Page::parse(&page_params) {
            Ok(page) => Some(page),
            Err(page_errors) => {
                errors.extend(page_errors);
                None
            }
        };
        let cursor = single(&mut errors, "cursor").filter(|raw| !raw.is_empty());
        let filter = RecipeFilter {
            search,
            tags,
            ingredients,
            user_id,
            max_cook_time,
            min_servings,
            max_servings,
        };
        let sort = sort.unwrap_or(Sort::Newest);
        let fingerprint = fingerprint(&scope.name(), &filter, sort);
        let after =
            cursor.and_then(|raw| errors.take("cursor", decode(key, &fingerprint, &raw, sort)));
        // A cursor says where the page starts, so `offset` has nothing left to say.
        let page = page.map(|page| match after {
            Some(_) => page.without_offset(),
            None => page,
        });
        errors.into_result(|| Self {
            filter,
            sort,
            page: page.unwrap_or_default(),
            after,
            fingerprint,
        })
    }

    /// The mark of a `popular` or `rating` page after the first (see `ScoreMark`).
    pub fn score_mark(&self) -> Option<ScoreMark> {
        match &self.after {
            Some(Position {
                key: SortKey::Score { mark, .. },
                ..
            }) => Some(*mark),
            _ => None,
        }
    }

    /// The cursor of the page that follows `last`.
    pub fn next_cursor(&self, key: &CursorKey, last: &Position) -> String {
        key.encode(&self.fingerprint, last)
    }
}

/// Decodes a cursor and checks that its key fits the sort.
fn decode(key: &CursorKey, fingerprint: &str, raw: &str, sort: Sort) -> Result<Position, String> {
    let position = key.decode(fingerprint, raw)?;
    let fits = matches!(
        (sort, &position.key),
        (Sort::Newest | Sort::Oldest, SortKey::Id)
            | (Sort::CookTime, SortKey::CookTime(_))
            | (Sort::Name, SortKey::Name(_))
            | (Sort::Relevance, SortKey::Rank { .. })
            | (Sort::Popular | Sort::Rating, SortKey::Score { .. })
    );
    if !fits || position.id <= 0 {
        return Err("is not a valid cursor".into());
    }
    if let SortKey::Score { mark, .. } = &position.key {
        let age = chrono::Utc::now().timestamp().saturating_sub(mark.at);
        if mark.change < 0 || age > SCORE_CURSOR_LIFETIME.num_seconds() {
            return Err(format!(
                "has expired (a cursor of a popular or rating list lasts {} hours): \
                 start again from the first page",
                SCORE_CURSOR_LIFETIME.num_hours()
            ));
        }
    }
    Ok(position)
}

/// Every `tag` parameter, normalised, sorted and deduplicated.
fn parse_tag_filter(pairs: &[(String, String)]) -> Result<Vec<String>, String> {
    let raw: Vec<&String> = pairs
        .iter()
        .filter(|(k, _)| k == "tag")
        .map(|(_, v)| v)
        .collect();
    if raw.len() > TAGS_PER_RECIPE {
        return Err(format!("may be given at most {TAGS_PER_RECIPE} times"));
    }
    let mut tags = raw
        .into_iter()
        .map(|raw| normalize_tag_filter(raw))
        .collect::<Result<Vec<_>, _>>()?;
    tags.sort();
    tags.dedup();
    Ok(tags)
}

/// Every `ingredient` parameter, normalised, sorted and deduplicated.
fn parse_ingredient_filter(pairs: &[(String, String)]) -> Result<Vec<String>, String> {
    let raw: Vec<&String> = pairs
        .iter()
        .filter(|(k, _)| k == "ingredient")
        .map(|(_, v)| v)
        .collect();
    if raw.len() > INGREDIENT_FILTERS_MAX {
        return Err(format!(
            "may be given at most {INGREDIENT_FILTERS_MAX} times"
        ));
    }
    let mut terms = raw
        .into_iter()
        .map(|raw| {
            let trimmed = raw.trim();
            if trimmed.is_empty() || raw.chars().count() > TERM_MAX_CHARS {
                return Err(format!(
                    "must name a food of 1 to {TERM_MAX_CHARS} characters"
                ));
            }
            // A value with nothing left to match by (only punctuation) matches no food, and
            // neither does one with control characters (which no ingredient line holds, and
            // which PostgreSQL refuses in text): they become U+FFFD.
            let term = normalize_food_query(raw).unwrap_or_else(|| trimmed.to_lowercase());
            Ok(term
                .chars()
                .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
                .collect())
        })
        .collect::<Result<Vec<_>, _>>()?;
    terms.sort();
    terms.dedup();
    Ok(terms)
}

/// A query parameter's decimal integer within `min..=max` (digits only: no sign, no spaces).
pub fn parse_int(raw: &str, min: i64, max: i64) -> Result<i64, String> {
    let valid = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit());
    raw.parse::<i64>()
        .ok()
        .filter(|value| valid && (min..=max).contains(value))
        .ok_or_else(|| format!("must be an integer from {min} to {max}"))
}

/// A short digest of everything that decides a list's content and order.
fn fingerprint(scope: &str, filter: &RecipeFilter, sort: Sort) -> String {
    let mut canonical = format!(
        "{scope}\n{}\n{}\n{}\n{:?}\n{:?}\n{:?}\n{:?}",
        sort.as_str(),
        filter
            .search
            .as_ref()
            .map(SearchQuery::canonical)
            .unwrap_or_default(),
        filter.tags.join("\n\t"),
        filter.user_id,
        filter.max_cook_time,
        filter.min_servings,
        filter.max_servings,
    );
    // Only when given, so that the cursors of lists without it stay what they were.
    if !filter.ingredients.is_empty() {
        canonical.push_str("\n\u{1}");
        canonical.push_str(&filter.ingredients.join("\n\t"));
    }
    let digest = Sha256::digest(canonical.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CursorKey {
        CursorKey::derive(b"a-test-secret-a-test-secret-a-te")
    }

    fn parse(query: &[(&str, &str)]) -> Result<ListRequest, FieldErrors> {
        let pairs: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ListRequest::parse(&pairs, &ListScope::Published, &key())
    }

    #[test]
    fn defaults_to_newest_and_to_relevance_when_searching() {
        assert_eq!(parse(&[]).unwrap().sort, Sort::Newest);
        assert_eq!(parse(&[("q", "kimchi")]).unwrap().sort, Sort::Relevance);
        assert_eq!(parse(&[("q", "  ")]).unwrap().sort, Sort::Newest);
        assert_eq!(parse(&[("sort", "relevance")]).unwrap().sort, Sort::Newest);
        assert_eq!(
            parse(&[("q", "!?"), ("sort", "relevance")]).unwrap().sort,
            Sort::Newest
        );
        assert_eq!(
            parse(&[("q", "x"), ("sort", "name")]).unwrap().sort,
            Sort::Name
        );
    }

    #[test]
    fn names_each_bad_parameter() {
        let errors = parse(&[
            ("sort", "best"),
            ("max_cook_time", "-1"),
            ("min_servings", "0"),
            ("max_servings", "1001"),
            ("user_id", "abc"),
            ("tag", "a,b"),
            ("limit", "x"),
        ])
        .unwrap_err();
        for name in [
            "sort",
            "max_cook_time",
            "min_servings",
            "max_servings",
            "user_id",
            "tag",
            "limit",
        ] {
            assert!(errors.get(name).is_some(), "{name} not reported");
        }
    }

    #[test]
    fn tags_repeat_but_other_parameters_do_not() {
        let request = parse(&[("tag", "Soup"), ("tag", "korean"), ("tag", "soup")]).unwrap();
        assert_eq!(request.filter.tags, ["korean", "soup"]);
        assert!(
            parse(&[("sort", "name"), ("sort", "oldest")])
                .unwrap_err()
                .get("sort")
                .is_some()
        );
    }

    #[test]
    fn a_popular_or_rating_cursor_expires_after_its_lifetime() {
        let first = parse(&[("sort", "popular")]).unwrap();
        let cursor_at = |age: chrono::TimeDelta| {
            first.next_cursor(
                &key(),
                &Position {
                    id: 9,
                    key: SortKey::Score {
                        value: 3,
                        mark: ScoreMark {
                            change: 12,
                            at: (chrono::Utc::now() - age).timestamp(),
                        },
                    },
                },
            )
        };
        let fresh = cursor_at(chrono::TimeDelta::minutes(5));
        let next = parse(&[("sort", "popular"), ("cursor", &fresh)]).unwrap();
        assert_eq!(next.score_mark().map(|mark| mark.change), Some(12));
        let old = cursor_at(SCORE_CURSOR_LIFETIME + chrono::TimeDelta::minutes(1));
        let errors = parse(&[("sort", "popular"), ("cursor", &old)]).unwrap_err();
        assert!(
            errors.get("cursor").unwrap().contains("expired"),
            "{errors:?}"
        );
        // A popular cursor is not a rating cursor, nor a newest one.
        assert!(parse(&[("sort", "rating"), ("cursor", &fresh)]).is_err());
        assert!(parse(&[("cursor", &fresh)]).is_err());
    }

    #[test]
    fn a_cursor_continues_only_the_query_that_made_it() {
        let first = parse(&[("tag", "soup"), ("sort", "name")]).unwrap();
        let position = Position {
            id: 9,
            key: SortKey::Name("b".into()),
        };
        let cursor = first.next_cursor(&key(), &position);
        let next = parse(&[("tag", "SOUP"), ("sort", "name"), ("cursor", &cursor)]).unwrap();
        assert_eq!(next.after, Some(position));
        for other in [
            vec![("tag", "stew"), ("sort", "name")],
            vec![("tag", "soup"), ("sort", "oldest")],
            vec![("tag", "soup"), ("sort", "name"), ("max_cook_time", "5")],
        ] {
            let mut query = other.clone();
            query.push(("cursor", &cursor));
            assert!(
                parse(&query).unwrap_err().get("cursor").is_some(),
                "{other:?}"
            );
        }
        let with_offset = parse(&[
            ("tag", "soup"),
            ("sort", "name"),
            ("cursor", &cursor),
            ("offset", "7"),
        ])
        .unwrap();
        assert_eq!(with_offset.page.offset(), 0, "a cursor overrides offset");
        assert_eq!(parse(&[("offset", "7")]).unwrap().page.offset(), 7);
    }
}
