//! Which recipes a list shows, and to whom: [`ListScope`] (one per list route), and
//! [`OwnRecipes`], the `visibility` filter of `GET /recipes/me` — `all` (default), `published`
//! or `draft`.

use super::UserId;

/// The recipes a list route shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListScope {
    /// `GET /recipes`: everyone's published recipes.
    Published,
    /// `GET /recipes/me`: the viewer's own recipes, drafts included or not.
    Own(UserId, OwnRecipes),
    /// `GET /users/{id}/recipes`: one author's published recipes.
    Author(UserId),
    /// `GET /users/me/favorites`: the recipes the viewer holds among their favourites that
    /// they can see (published ones, and their own drafts).
    Favorites(UserId),
    /// `GET /users/me/feed`: the published recipes of the authors the viewer follows.
    Feed(UserId),
}

impl ListScope {
    /// Names the list and its viewer in a cursor's fingerprint, so that a cursor of one list
    /// is refused by another (or by another viewer's).
    pub fn name(&self) -> String {
        match self {
            ListScope::Published => "public".to_owned(),
            ListScope::Own(viewer, filter) => format!("me:{}:{filter:?}", viewer.get()),
            ListScope::Author(author) => format!("user:{}", author.get()),
            ListScope::Favorites(viewer) => format!("favorites:{}", viewer.get()),
            ListScope::Feed(viewer) => format!("feed:{}", viewer.get()),
        }
    }
}

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

    #[test]
    fn every_scope_has_its_own_name() {
        let (me, other) = (UserId::parse("7").unwrap(), UserId::parse("8").unwrap());
        let names = [
            ListScope::Published,
            ListScope::Own(me, OwnRecipes::All),
            ListScope::Own(me, OwnRecipes::Published),
            ListScope::Own(other, OwnRecipes::All),
            ListScope::Author(me),
            ListScope::Favorites(me),
            ListScope::Favorites(other),
            ListScope::Feed(me),
        ]
        .map(|scope| scope.name());
        let mut unique = names.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }
}
