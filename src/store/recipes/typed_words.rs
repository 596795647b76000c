//! The words the word being typed stands for, on SQLite: FTS5 answers a prefix of one to
//! three characters from its prefix indexes, but a longer one only after building the doclist
//! of every word it begins in full (33 ms for `"chic"*` at 1 000 000 recipes). Written as those
//! words, `("chicken" OR "chickpea")`, the match is merged lazily in rowid order and a page
//! stops early (0.9 ms). The words come from `recipe_fts_words`, which triggers keep equal to
//! the index's vocabulary (see the migration `m20261204_000020_search_words`).
//!
//! Only a typed word of ASCII letters and digits is looked up: the index folds case and
//! diacritics its own way, and those words are folded alike by both. Any other, or one that
//! begins more than [`MOST_WORDS`] words, stays a prefix, which finds the same recipes.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::{
    domain::SearchQuery,
    store::{Store, StoreError},
};

/// The longest prefix the full-text table has an index of (`prefix='1 2 3'`).
const PREFIX_INDEXED_CHARS: usize = 3;

/// Most words a typed word is written as; beyond, its prefix is cheaper than the alternatives.
const MOST_WORDS: usize = 64;

/// The word being typed, written as the indexed words it begins (in byte order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TypedWords(Vec<String>);

impl TypedWords {
    #[cfg(test)]
    pub(super) fn of(words: Vec<String>) -> Self {
        Self(words)
    }

    /// As an FTS5 expression: `("word" OR "word" …)`. Indexed words hold only letters and
    /// digits, so they need no escaping inside the quotes.
    pub(super) fn fts5(&self) -> String {
        let words: Vec<String> = self.0.iter().map(|word| format!("\"{word}\"")).collect();
        format!("({})", words.join(" OR "))
    }
}

/// The prefix to look up, when `search` ends in a word the word table answers.
fn looked_up(search: &SearchQuery) -> Option<&str> {
    let typed = search.typed()?;
    let text = typed.text.as_str();
    let simple = typed.grams.is_none()
        && text.len() > PREFIX_INDEXED_CHARS
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    simple.then_some(text)
}

impl Store {
    /// On SQLite, the indexed words the word being typed begins, when the search ends in one
    /// longer than the prefix indexes and it begins between one and [`MOST_WORDS`] of them;
    /// `None` otherwise (the word is then matched as a prefix).
    pub(super) async fn typed_words(
        &self,
        search: Option<&SearchQuery>,
    ) -> Result<Option<TypedWords>, StoreError> {
        let backend = self.db.get_database_backend();
        let Some(prefix) = search
            .and_then(looked_up)
            .filter(|_| backend == DbBackend::Sqlite)
        else {
            return Ok(None);
        };
        // Every word beginning with `prefix` sorts at or after it and before it followed by
        // the last code point.
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT word FROM recipe_fts_words WHERE word >= ? AND word < ? \
                     ORDER BY word LIMIT {}",
                    MOST_WORDS + 1
                ),
                [prefix.into(), format!("{prefix}{}", char::MAX).into()],
            ))
            .await?;
        if rows.is_empty() || rows.len() > MOST_WORDS {
            return Ok(None);
        }
        let words = rows
            .iter()
            .map(|row| row.try_get::<String>("", "word"))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(TypedWords(words)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn looked_up_in(raw: &str) -> Option<String> {
        looked_up(&SearchQuery::parse(raw).unwrap().unwrap()).map(str::to_owned)
    }

    #[test]
    fn only_a_typed_ascii_word_longer_than_the_prefix_indexes_is_looked_up() {
        assert_eq!(looked_up_in("Chic").as_deref(), Some("chic"));
        assert_eq!(looked_up_in("lamb tagi").as_deref(), Some("tagi"));
        assert_eq!(looked_up_in("chi"), None, "the prefix index answers it");
        assert_eq!(looked_up_in("chicken "), None, "a whole word");
        assert_eq!(
            looked_up_in("crème"),
            None,
            "folded by the index its own way"
        );
        assert_eq!(looked_up_in("김치찌개"), None, "matched by its bigrams");
        assert_eq!(looked_up_in("tikka 1234").as_deref(), Some("1234"));
    }
}
