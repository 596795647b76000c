//! Collections: a user's named, ordered sets of recipes, and who may read them.
//!
//! A collection is `public` (listed on its owner's profile, readable by anyone), `unlisted`
//! (readable by whoever has its share key: `?key=`) or `private` (its owner's alone). The share
//! key is 256 random bits in base64url; the owner sees it and replaces it to revoke every link
//! given out. Limits: a name is a line of 1–[`NAME_MAX`] characters, a description free text of
//! at most [`DESCRIPTION_MAX`]; an account holds at most [`COLLECTIONS_PER_ACCOUNT`]
//! collections, a collection at most [`RECIPES_PER_COLLECTION`] recipes. Whatever a collection
//! holds, a reader other than the owner sees only published recipes.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::{
    FieldErrors,
    recipe::present,
    required,
    text::{parse_free_text, parse_line},
};

pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 2_000;
/// Most collections of one account.
pub const COLLECTIONS_PER_ACCOUNT: u64 = 500;
/// Most recipes in one collection.
pub const RECIPES_PER_COLLECTION: u64 = 1_000;

/// Who may read a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    /// Everyone; listed on the owner's profile.
    Public,
    /// Whoever has its share key.
    Unlisted,
    /// Its owner.
    #[default]
    Private,
}

impl Visibility {
    /// The stored and sent spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Unlisted => "unlisted",
            Self::Private => "private",
        }
    }

    /// Parses the spelling.
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw {
            "public" => Ok(Self::Public),
            "unlisted" => Ok(Self::Unlisted),
            "private" => Ok(Self::Private),
            _ => Err("must be one of: public, unlisted, private".into()),
        }
    }
}

/// Whether a reader may see a collection of `visibility`: its owner always; anyone a public
/// one; an unlisted one whoever gives its share key (`key_given`: it matched).
pub fn may_read(visibility: Visibility, is_owner: bool, key_given: bool) -> bool {
    is_owner
        || match visibility {
            Visibility::Public => true,
            Visibility::Unlisted => key_given,
            Visibility::Private => false,
        }
}

/// A new share key: 256 random bits, base64url (43 characters).
pub fn new_share_key() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the system's random number generator works");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `given` is the collection's `key`, compared in constant time.
pub fn share_key_matches(key: &str, given: Option<&str>) -> bool {
    given.is_some_and(|given| key.as_bytes().ct_eq(given.as_bytes()).into())
}

/// The body of `POST /collections`.
#[derive(Debug, Default, Deserialize)]
pub struct CollectionInput {
    pub name: Option<String>,
    pub description: Option<String>,
    pub visibility: Option<String>,
}

/// The body of `PATCH /collections/{id}`: `None` = absent, `Some(None)` = `null`.
#[derive(Debug, Default, Deserialize)]
pub struct CollectionPatchInput {
    #[serde(default, deserialize_with = "present")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    pub visibility: Option<Option<String>>,
    /// `true` replaces the share key (every link given out stops working).
    #[serde(default)]
    pub new_share_key: Option<bool>,
}

/// A new collection, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionFields {
    pub name: String,
    pub description: Option<String>,
    pub visibility: Visibility,
}

/// A change of a collection, validated: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectionChanges {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub visibility: Option<Visibility>,
    pub new_share_key: bool,
}

fn parse_description(raw: String) -> Result<Option<String>, String> {
    let text = parse_free_text(raw, DESCRIPTION_MAX)?;
    Ok((!text.trim().is_empty()).then_some(text))
}

impl CollectionFields {
    pub fn parse(input: CollectionInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.take(
            "name",
            required(input.name).and_then(|name| parse_line(&name, NAME_MAX)),
        );
        let description = input
            .description
            .and_then(|raw| errors.take("description", parse_description(raw)))
            .flatten();
        let visibility = match input.visibility {
            None => Some(Visibility::default()),
            Some(raw) => errors.take("visibility", Visibility::parse(&raw)),
        };
        errors.into_result(|| Self {
            name: name.unwrap_or_default(),
            description,
            visibility: visibility.unwrap_or_default(),
        })
    }
}

impl CollectionChanges {
    pub fn parse(input: CollectionPatchInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = match input.name {
            None => None,
            Some(None) => {
                errors.add("name", "must not be null");
                None
            }
            Some(Some(name)) => errors.take("name", parse_line(&name, NAME_MAX)),
        };
        let description = match input.description {
            None => None,
            Some(None) => Some(None),
            Some(Some(raw)) => errors.take("description", parse_description(raw)),
        };
        let visibility = match input.visibility {
            None => None,
            Some(None) => {
                errors.add("visibility", "must not be null");
                None
            }
            Some(Some(raw)) => errors.take("visibility", Visibility::parse(&raw)),
        };
        errors.into_result(|| Self {
            name,
            description,
            visibility,
            new_share_key: input.new_share_key.unwrap_or(false),
        })
    }

    /// Whether the change changes nothing.
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.description.is_none()
            && self.visibility.is_none()
            && !self.new_share_key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_collection_needs_a_name_and_is_private_by_default() {
        let fields = CollectionFields::parse(CollectionInput {
            name: Some("  Weeknight dinners ".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(fields.name, "Weeknight dinners");
        assert_eq!(fields.visibility, Visibility::Private);
        let errors = CollectionFields::parse(CollectionInput {
            name: Some("a\nb".into()),
            description: Some("x".repeat(DESCRIPTION_MAX + 1)),
            visibility: Some("secret".into()),
        })
        .unwrap_err();
        for field in ["name", "description", "visibility"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(CollectionFields::parse(CollectionInput::default()).is_err());
    }

    #[test]
    fn a_change_may_clear_the_description_but_not_the_name() {
        let clear: CollectionPatchInput =
            serde_json::from_str(r#"{"description": null, "new_share_key": true}"#).unwrap();
        let changes = CollectionChanges::parse(clear).unwrap();
        assert_eq!(changes.description, Some(None));
        assert!(changes.new_share_key);
        let bad: CollectionPatchInput =
            serde_json::from_str(r#"{"name": null, "visibility": null}"#).unwrap();
        let errors = CollectionChanges::parse(bad).unwrap_err();
        assert!(errors.get("name").is_some() && errors.get("visibility").is_some());
        assert!(
            CollectionChanges::parse(CollectionPatchInput::default())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn who_reads_what() {
        use Visibility::*;
        for visibility in [Public, Unlisted, Private] {
            assert!(
                may_read(visibility, true, false),
                "the owner reads {visibility:?}"
            );
        }
        assert!(may_read(Public, false, false));
        assert!(may_read(Unlisted, false, true));
        assert!(!may_read(Unlisted, false, false));
        assert!(
            !may_read(Private, false, true),
            "a key opens no private collection"
        );
    }

    #[test]
    fn share_keys_are_long_random_and_compared_whole() {
        let key = new_share_key();
        assert_eq!(key.len(), 43);
        assert_ne!(key, new_share_key());
        assert!(share_key_matches(&key, Some(&key)));
        assert!(!share_key_matches(&key, Some(&key[..42])));
        assert!(!share_key_matches(&key, None));
        assert!(!share_key_matches(&key, Some("")));
    }
}
