//! The notes an import hands back: one line per problem, naming the schema.org property it
//! concerns (`cookTime: "about an hour" is not an ISO 8601 duration; left empty`).
//!
//! At most [`MAX_WARNINGS`] are kept (a junk page could otherwise yield one per list item); a
//! last line says how many more there were. Values quoted in a note are shortened to
//! [`MAX_QUOTED_CHARS`] characters.

use std::fmt::Display;

use super::text::shorten;

/// Most notes kept.
pub(super) const MAX_WARNINGS: usize = 50;
/// Longest value quoted in a note.
pub(super) const MAX_QUOTED_CHARS: usize = 60;

/// Notes collected while reading one recipe.
#[derive(Debug, Default)]
pub(super) struct Warnings {
    notes: Vec<String>,
    left_out: usize,
}

impl Warnings {
    /// Records `note` about `field`.
    pub fn add(&mut self, field: &str, note: impl Display) {
        if self.notes.len() < MAX_WARNINGS {
            self.notes.push(format!("{field}: {note}"));
        } else {
            self.left_out += 1;
        }
    }

    /// The notes, in the order they were made.
    pub fn into_vec(mut self) -> Vec<String> {
        if self.left_out > 0 {
            self.notes
                .push(format!("warnings: {} more left out", self.left_out));
        }
        self.notes
    }
}

/// `text` quoted for a note, shortened and with control characters escaped.
pub(super) fn quoted(text: &str) -> String {
    match shorten(text, MAX_QUOTED_CHARS) {
        Some(short) => format!("{short:?}"),
        None => format!("{text:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_name_their_field_and_are_capped() {
        let mut warnings = Warnings::default();
        for i in 0..MAX_WARNINGS + 3 {
            warnings.add("recipeIngredient", format!("item {i} is empty; dropped"));
        }
        let notes = warnings.into_vec();
        assert_eq!(notes.len(), MAX_WARNINGS + 1);
        assert_eq!(notes[0], "recipeIngredient: item 0 is empty; dropped");
        assert_eq!(notes[MAX_WARNINGS], "warnings: 3 more left out");
    }

    #[test]
    fn quotes_are_short_and_escaped() {
        assert_eq!(quoted("about an hour"), "\"about an hour\"");
        assert_eq!(quoted("a\"b\nc"), "\"a\\\"b\\nc\"");
        assert!(quoted(&"x".repeat(1000)).chars().count() <= MAX_QUOTED_CHARS + 2);
        assert_eq!(quoted("김치"), "\"김치\"");
    }
}
