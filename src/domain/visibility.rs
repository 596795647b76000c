//! `OwnRecipes`: the `visibility` filter of `GET /recipes/me` — `all` (default), `published`
//! or `draft`.

/// Which of their own recipes a user lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OwnRecipes {
    /// Drafts and published recipes.
    #[default]
    All,
    /// Published recipes only.
    Published,
    /// Drafts only.
    Drafts,
}

impl OwnRecipes {
    /// Parses the query value; absent means `all`.
    pub fn parse(raw: Option<&str>) -> Result<Self, String> {
        match raw {
            None | Some("all") => Ok(Self::All),
            Some("published") => Ok(Self::Published),
            Some("draft") => Ok(Self::Drafts),
            Some(_) => Err("must be one of: all, published, draft".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_values_and_defaults_to_all() {
        assert_eq!(OwnRecipes::parse(None), Ok(OwnRecipes::All));
        assert_eq!(OwnRecipes::parse(Some("all")), Ok(OwnRecipes::All));
        assert_eq!(
            OwnRecipes::parse(Some("published")),
            Ok(OwnRecipes::Published)
        );
        assert_eq!(OwnRecipes::parse(Some("draft")), Ok(OwnRecipes::Drafts));
        assert!(OwnRecipes::parse(Some("Draft")).is_err());
        assert!(OwnRecipes::parse(Some("")).is_err());
    }
}
