//! Full-text search in each engine's own dialect: SQLite FTS5 `MATCH`, PostgreSQL
//! `tsvector @@ tsquery` and `ts_rank` on the narrow table `recipe_search` (`s`; see
//! `m20261204_000021_search_table`), MySQL/MariaDB InnoDB `MATCH … AGAINST` in boolean mode.
//! Every term must match; only the word being typed matches as a prefix; CJK words are
//! matched by their character bigrams (see `domain::search`).
//!
//! On SQLite the rank is not FTS5's `bm25`: for a common word `bm25` cost ten times the rest of
//! ranking a window of matches (it decodes every match's positions in five columns and walks
//! the word's whole index once per query to weigh it by rarity; docs/BENCHMARKS.md). The rank
//! there is which fields hold each word — the name most, then description and ingredients, the
//! directions least — read from the row the page reads anyway; ties go to the newest.
//!
//! On MySQL/MariaDB, InnoDB indexes neither words shorter than `innodb_ft_min_token_size` (3)
//! nor its stop-words, and has no bigram index for CJK, so those terms are matched as
//! substrings (`LIKE`) of the recipe's text instead.

use sea_orm::DbBackend;

use super::typed_words::TypedWords;
use crate::{
    domain::{SearchQuery, Term, is_cjk},
    store::sql::Sql,
};

/// The columns MySQL's full-text index covers (a `MATCH` must name them all).
const MYSQL_TEXT: &str = "r.name, r.description, r.ingredients, r.directions";

/// InnoDB's default full-text stop-words: never indexed, so searched as substrings.
const INNODB_STOPWORDS: &[&str] = &[
    "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from", "how",
    "i", "in", "is", "it", "la", "of", "on", "or", "that", "the", "this", "to", "was", "what",
    "when", "where", "who", "will", "with", "und", "www",
];

/// ` AND <the recipe matches every term>`; on SQLite the word being typed is matched as
/// `typed` when the word table answered it.
pub(super) fn push_match(sql: &mut Sql, search: &SearchQuery, typed: Option<&TypedWords>) {
    match sql.backend() {
        DbBackend::Sqlite => {
            sql.push(" AND recipe_fts MATCH ")
                .bind(fts5_query(search, typed));
        }
        DbBackend::Postgres => {
            sql.push(" AND s.search @@ to_tsquery('simple', ")
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
pub(super) fn push_rank(sql: &mut Sql, search: &SearchQuery) {
    match sql.backend() {
        DbBackend::Sqlite => push_sqlite_rank(sql, search),
        DbBackend::Postgres => {
            sql.push("CAST(ts_rank(s.search, to_tsquery('simple', ")
                .bind(tsquery(search))
                .push(")) AS DOUBLE PRECISION)");
        }
        _ => {
            let (indexed, _) = mysql_terms(search);
            if indexed.is_empty() {
                sql.push("CAST(0 AS DOUBLE)");
            } else {
                // Every word found counts (the filter already requires them all): a name
                // holding some of the words ranks above one holding none.
                let query = boolean_terms(&indexed, "");
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

/// The fields a SQLite rank looks in, with their weights.
const SQLITE_RANKED_FIELDS: [(&str, &str); 4] = [
    ("r.name", "10.0"),
    ("r.description", "4.0"),
    ("r.ingredients", "4.0"),
    ("r.directions", "1.0"),
];

/// SQLite's rank: for each term, the weights of the fields whose text holds it (as typed,
/// letter case aside). Only the order of the matches depends on it, never which match.
fn push_sqlite_rank(sql: &mut Sql, search: &SearchQuery) {
    sql.push("(0.0");
    for term in search.terms() {
        for (field, weight) in SQLITE_RANKED_FIELDS {
            sql.push(" + ")
                .push(weight)
                .push(" * (coalesce(instr(lower(")
                .push(field)
                .push("), ")
                .bind(term.text.clone())
                .push("), 0) > 0)");
        }
    }
    sql.push(")");
}

/// FTS5 query: `"word"` per complete word, `"word"*` for a prefix, `"gram" AND "gram"` per CJK
/// word, and for the word being typed, when `typed` holds the words it begins, those words
/// ([`TypedWords::fts5`]); all must match. Terms hold only letters and digits, so they need no
/// escaping inside the quotes.
fn fts5_query(search: &SearchQuery, typed: Option<&TypedWords>) -> String {
    let mut parts: Vec<String> = search
        .terms()
        .iter()
        .map(|term| match &term.grams {
            Some(grams) => grams
                .iter()
                .map(|g| format!("\"{g}\""))
                .collect::<Vec<_>>()
                .join(" AND "),
            None if term.prefix => format!("\"{}\"*", term.text),
            None => format!("\"{}\"", term.text),
        })
        .collect();
    write_typed(&mut parts, search, typed);
    parts.join(" AND ")
}

/// Replaces the word being typed among `parts` (one per term of `search`) by the words it
/// begins, when `typed` holds them.
pub(super) fn write_typed(parts: &mut [String], search: &SearchQuery, typed: Option<&TypedWords>) {
    if let (Some(typed), Some(at)) = (typed, search.typed_index()) {
        parts[at] = typed.fts5();
    }
}

/// PostgreSQL `tsquery`: `'word'` per complete word, `'word':*` for a prefix, joined by `&`. A
/// CJK word becomes `('word':* | 'gram' & 'gram' …)`: the bigrams alone decide (a recipe with
/// the word has its bigrams too), but the planner multiplies the bigrams' frequencies as if
/// they were independent, underestimates the matches of a common word a hundredfold and scans
/// them all; the alternative keeps its estimate realistic.
fn tsquery(search: &SearchQuery) -> String {
    let parts: Vec<String> = search
        .terms()
        .iter()
        .map(|term| match &term.grams {
            Some(grams) => {
                let all = grams.iter().map(|g| format!("'{g}'")).collect::<Vec<_>>();
                format!("('{}':* | {})", term.text, all.join(" & "))
            }
            None if term.prefix => format!("'{}':*", term.text),
            None => format!("'{}'", term.text),
        })
        .collect();
    parts.join(" & ")
}

/// Splits terms into those InnoDB's index can find (three or more characters, not a stop-word,
/// no CJK) and those matched as substrings.
pub(super) fn mysql_terms(search: &SearchQuery) -> (Vec<&Term>, Vec<&Term>) {
    search.terms().iter().partition(|term| {
        term.text.chars().count() >= 3
            && !term.text.chars().any(is_cjk)
            && !INNODB_STOPWORDS.contains(&term.text.as_str())
    })
}

/// InnoDB boolean-mode query: `+word` per complete word, `+word*` for a prefix.
pub(super) fn boolean_query(terms: &[&Term]) -> String {
    boolean_terms(terms, "+")
}

/// The terms of a boolean-mode query, each after `operator` (`+`: required; none: each one
/// found adds to the relevance).
fn boolean_terms(terms: &[&Term], operator: &str) -> String {
    terms
        .iter()
        .map(|term| {
            let star = if term.prefix { "*" } else { "" };
            format!("{operator}{}{star}", term.text)
        })
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
        assert_eq!(
            fts5_query(&search, None),
            r#""kimchi" AND "김치" AND "치찌" AND "찌개""#
        );
        assert_eq!(
            tsquery(&search),
            "'kimchi' & ('김치찌개':* | '김치' & '치찌' & '찌개')"
        );
        let typing = query("chicken tik");
        assert_eq!(fts5_query(&typing, None), r#""chicken" AND "tik"*"#);
        assert_eq!(tsquery(&typing), "'chicken' & 'tik':*");
        assert_eq!(fts5_query(&query("국"), None), r#""국"*"#);
    }

    #[test]
    fn the_typed_word_is_written_as_the_words_it_begins() {
        let words = TypedWords::of(vec!["chicken".into(), "chickpea".into()]);
        assert_eq!(
            fts5_query(&query("spicy chick"), Some(&words)),
            r#""spicy" AND ("chicken" OR "chickpea")"#
        );
        assert_eq!(
            fts5_query(&query("chick spicy "), Some(&words)),
            r#""chick" AND "spicy""#,
            "no word is being typed"
        );
    }

    #[test]
    fn mysql_searches_short_words_stop_words_and_cjk_as_substrings() {
        let search = query("the egg tomato 김치");
        let (indexed, substrings) = mysql_terms(&search);
        let texts = |terms: &[&Term]| terms.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&indexed), ["egg", "tomato"]);
        assert_eq!(texts(&substrings), ["the", "김치"]);
        assert_eq!(
            boolean_query(&indexed),
            "+egg +tomato",
            "the last word is 김치"
        );
    }
}
