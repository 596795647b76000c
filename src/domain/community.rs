//! What users say about recipes: a rating (1 to 5 stars), a comment (plain text), and the
//! rules they follow.
//!
//! **The `rating` sort** orders recipes by a Bayesian average: the stars of a recipe's ratings
//! plus `PRIOR_VOTES` imaginary votes of `PRIOR_STARS`,
//!
//! ```text
//! score = (PRIOR_VOTES × PRIOR_STARS + sum of stars) / (PRIOR_VOTES + number of ratings)
//! ```
//!
//! so a recipe's score starts at 3 and moves toward its real average as ratings come in: one
//! 5-star vote scores 3.33, a hundred votes averaging 4.8 score 4.71, and a recipe nobody rated
//! sits at 3.0 (above recipes rated mostly 1 or 2 stars). The store keeps it in millionths of a
//! star ([`rating_score`]), written with the counts in the transaction that changes them.
//!
//! Comments are plain text of 1 to [`COMMENT_MAX_CHARS`] characters (line breaks allowed, no
//! other control characters, not only whitespace); clients show them as text, never as HTML.
//! Their author may change them for [`COMMENT_EDIT_WINDOW`] after posting.

use serde::Deserialize;

use super::{FieldErrors, json_int, required};

/// Most characters of a comment.
pub const COMMENT_MAX_CHARS: usize = 2_000;
/// How long after posting a comment its author may change it.
pub const COMMENT_EDIT_WINDOW: chrono::TimeDelta = chrono::TimeDelta::minutes(15);
/// The fewest and most stars of a rating.
pub const STARS: (i64, i64) = (1, 5);
/// Imaginary votes every recipe starts with in the `rating` sort.
pub const PRIOR_VOTES: i64 = 5;
/// The stars of those votes.
pub const PRIOR_STARS: i64 = 3;
/// Millionths of a star: the unit of a stored score.
pub const SCORE_SCALE: i64 = 1_000_000;
/// The score of a recipe nobody rated (the column's default).
pub const UNRATED_SCORE: i64 = PRIOR_STARS * SCORE_SCALE;

/// The `rating` sort's score of a recipe with `count` ratings totalling `sum` stars, in
/// millionths of a star (rounded down).
pub fn rating_score(sum: i64, count: i64) -> i64 {
    (PRIOR_VOTES * PRIOR_STARS + sum) * SCORE_SCALE / (PRIOR_VOTES + count)
}

/// The body of `PUT /recipes/{id}/rating`.
#[derive(Debug, Default, Deserialize)]
pub struct RatingInput {
    /// 1 to 5.
    #[serde(default, deserialize_with = "json_int::optional")]
    pub stars: Option<i64>,
}

impl RatingInput {
    /// The stars, checked.
    pub fn parse(self) -> Result<i32, FieldErrors> {
        let (min, max) = STARS;
        required(self.stars)
            .and_then(|stars| {
                i32::try_from(stars)
                    .ok()
                    .filter(|stars| (min..=max).contains(&i64::from(*stars)))
                    .ok_or_else(|| format!("must be an integer from {min} to {max}"))
            })
            .map_err(|message| FieldErrors::single("stars", message))
    }
}

/// The body of `POST /recipes/{id}/comments` and `PATCH /comments/{id}`.
#[derive(Debug, Default, Deserialize)]
pub struct CommentInput {
    /// Plain text.
    pub body: Option<String>,
}

impl CommentInput {
    /// The body, checked (kept as written: surrounding whitespace is the author's).
    pub fn parse(self) -> Result<String, FieldErrors> {
        required(self.body)
            .and_then(|body| parse_comment(&body).map(|()| body))
            .map_err(|message| FieldErrors::single("body", message))
    }
}

fn parse_comment(body: &str) -> Result<(), String> {
    if body.chars().count() > COMMENT_MAX_CHARS {
        return Err(format!("must be at most {COMMENT_MAX_CHARS} characters"));
    }
    if body
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("must not contain control characters other than line breaks".into());
    }
    if body.trim().is_empty() {
        return Err("must not be empty".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_five_star_vote_does_not_beat_a_hundred_at_four_point_eight() {
        let single = rating_score(5, 1);
        let hundred = rating_score(480, 100);
        assert_eq!(single, 3_333_333);
        assert_eq!(hundred, 4_714_285);
        assert!(hundred > single);
        assert_eq!(rating_score(0, 0), UNRATED_SCORE);
        assert!(rating_score(2, 2) < UNRATED_SCORE);
    }

    #[test]
    fn stars_are_whole_numbers_from_one_to_five() {
        let stars = |json: &str| serde_json::from_str::<RatingInput>(json).unwrap().parse();
        assert_eq!(stars(r#"{"stars":4}"#).unwrap(), 4);
        assert_eq!(stars(r#"{"stars":5.0}"#).unwrap(), 5);
        for bad in [
            r#"{"stars":0}"#,
            r#"{"stars":6}"#,
            r#"{"stars":-1}"#,
            r#"{"stars":null}"#,
            r#"{}"#,
            r#"{"stars":1e30}"#,
        ] {
            assert!(stars(bad).unwrap_err().get("stars").is_some(), "{bad}");
        }
        assert!(serde_json::from_str::<RatingInput>(r#"{"stars":4.5}"#).is_err());
    }

    #[test]
    fn a_comment_is_plain_text_of_one_to_two_thousand_characters() {
        let body = |text: &str| {
            CommentInput {
                body: Some(text.to_owned()),
            }
            .parse()
        };
        assert_eq!(
            body("맛있어요!\n또 만들게요").unwrap(),
            "맛있어요!\n또 만들게요"
        );
        assert!(body(&"가".repeat(COMMENT_MAX_CHARS)).is_ok());
        for bad in ["", " \n\t ", "a\u{0}b", "bell\u{7}"] {
            assert!(body(bad).is_err(), "{bad:?}");
        }
        assert!(body(&"가".repeat(COMMENT_MAX_CHARS + 1)).is_err());
        assert!(CommentInput { body: None }.parse().is_err());
    }

    proptest! {
        #[test]
        fn a_score_lies_between_the_prior_and_the_average(count in 1i64..100_000, seed in 0u64..) {
            // Any sum a real set of ratings can have.
            let sum = count + i64::try_from(seed % u64::try_from(4 * count + 1).unwrap()).unwrap();
            let score = rating_score(sum, count);
            let average = sum * SCORE_SCALE / count;
            prop_assert!(score >= UNRATED_SCORE.min(average) - 1);
            prop_assert!(score <= UNRATED_SCORE.max(average) + 1);
            prop_assert_eq!(rating_score(sum + 1, count) >= score, true);
        }
    }
}
