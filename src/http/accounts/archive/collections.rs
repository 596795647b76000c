//! The account's collections in its archive: what an export writes of them
//! (`community/collections.json`, never a share key) and how an import restores them, after the
//! recipes, favourites and ratings.
//!
//! Each collection of the archive is matched by name with one of the account's: the archive's
//! n-th collection of a name with the account's n-th oldest collection of that name (names need
//! not be unique), so restoring twice meets the same collections. One without a match is created
//! as `POST /collections` creates one (a new share key; at most 500 per account). Then each of
//! its recipes, found by uid as a favourite is (`super::target`), is added at the end through
//! `Store::add_to_collection` (at most 1000 per collection) unless the collection holds it
//! already. A matched collection is otherwise left as it is: its name, description, visibility
//! and order stay.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::Serialize;
use utoipa::ToSchema;

use super::{Restore, Target, described, mention, target};
use crate::{
    archive::{ArchivedCollection, ArchivedMention},
    domain::{
        COLLECTIONS_PER_ACCOUNT, CollectionFields, CollectionId, CollectionInput,
        RECIPES_PER_COLLECTION, RecipeId, Visibility,
    },
    error::ApiError,
    http::views::timestamp,
    store::{CollectionAdd, CollectionContents, CollectionRecord},
};

/// What a restore did with the collections of an archive.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct CollectionsRestored {
    /// Collections created (none of yours had the name).
    #[schema(minimum = 0)]
    pub created: usize,
    /// Collections that matched one of yours by name; its recipes were added to yours.
    #[schema(minimum = 0)]
    pub existing: usize,
    /// Collections not restored, each with a warning: a name or description that is not valid,
    /// or you have the most collections allowed (500).
    #[schema(minimum = 0)]
    pub not_restored: usize,
    /// Recipes added at the end of their collection.
    #[schema(minimum = 0)]
    pub recipes_added: usize,
    /// Recipes their collection here already held, left where they are.
    #[schema(minimum = 0)]
    pub recipes_skipped: usize,
    /// Recipes not added, each with a warning (or their collection's): no recipe here with its
    /// `uid` that you can see, or the collection holds the most recipes allowed (1000).
    #[schema(minimum = 0)]
    pub recipes_not_added: usize,
}

/// The archive's `collections` of `records`, oldest first (as the store reads them).
pub(super) fn archived(records: Vec<CollectionRecord>) -> Vec<ArchivedCollection> {
    records
        .into_iter()
        .map(|record| ArchivedCollection {
            name: record.name,
            description: record.description,
            visibility: Some(record.visibility.as_str().to_owned()),
            created_at: Some(timestamp(record.created_at)),
            updated_at: Some(timestamp(record.updated_at)),
            recipes: record.recipes.into_iter().map(mention).collect(),
        })
        .collect()
}

/// The fields of a new collection from `archived`, validated as a client's would be. A
/// visibility this version does not know (or none) is private, the most private.
fn fields_of(archived: &ArchivedCollection) -> Result<CollectionFields, String> {
    let visibility = archived
        .visibility
        .as_deref()
        .and_then(|raw| Visibility::parse(raw).ok())
        .unwrap_or(Visibility::Private);
    CollectionFields::parse(CollectionInput {
        name: Some(archived.name.clone()),
        description: archived.description.clone(),
        visibility: Some(visibility.as_str().to_owned()),
    })
    .map_err(|errors| serde_json::to_string(&errors).unwrap_or_else(|_| "invalid fields".into()))
}

/// The collection an archived one's recipes go into.
struct Destination {
    id: CollectionId,
    /// The recipes it holds.
    held: HashSet<RecipeId>,
    /// Found full: nothing more is tried.
    full: bool,
}

impl Restore<'_> {
    /// Restores the archive's collections (with the path of their file), after its recipes,
    /// favourites and ratings: a recipe the archive restored lands in them as the account's.
    pub(super) async fn collections(
        &mut self,
        file: Option<&(String, Vec<ArchivedCollection>)>,
    ) -> Result<(), ApiError> {
        let Some((path, collections)) = file else {
            return Ok(());
        };
        if collections.is_empty() {
            return Ok(());
        }
        let uids: Vec<String> = collections
            .iter()
            .flat_map(|collection| collection.recipes.iter().map(|r| r.uid.clone()))
            .collect();
        let candidates = self.visible_by_uid(uids).await?;
        // The account's collections by name, oldest first: each is matched at most once.
        let mut mine: HashMap<String, VecDeque<CollectionContents>> = HashMap::new();
        for held in self.state.store.collection_contents(self.owner).await? {
            mine.entry(held.collection.name.clone())
                .or_default()
                .push_back(held);
        }
        for (index, archived) in collections.iter().enumerate() {
            let name: String = archived.name.chars().take(100).collect();
            let label = format!("{path}: collections[{index}] {name:?}");
            let Some(mut destination) = self.destination(&label, archived, &mut mine).await? else {
                self.summary.collections.not_restored += 1;
                self.summary.collections.recipes_not_added += archived.recipes.len();
                continue;
            };
            for recipe in &archived.recipes {
                let found = candidates.get(&recipe.uid).map_or(&[][..], Vec::as_slice);
                let ours = self.own_uids.contains(&recipe.uid);
                let Target::Recipe(id) = target(found, self.owner, recipe, ours, true) else {
                    self.not_added(&label, recipe, NOT_FOUND);
                    continue;
                };
                self.add(&label, &mut destination, recipe, id).await?;
            }
        }
        Ok(())
    }

    /// The collection of the account that `archived` (named `label` in warnings) restores
    /// into: the next of `mine` with its name, else a new one; `None` (with a warning) when it
    /// cannot be had.
    async fn destination(
        &mut self,
        label: &str,
        archived: &ArchivedCollection,
        mine: &mut HashMap<String, VecDeque<CollectionContents>>,
    ) -> Result<Option<Destination>, ApiError> {
        let fields = match fields_of(archived) {
            Ok(fields) => fields,
            Err(why) => {
                self.warnings.push(format!("{label}: not restored: {why}"));
                return Ok(None);
            }
        };
        if let Some(existing) = mine.get_mut(&fields.name).and_then(VecDeque::pop_front) {
            self.summary.collections.existing += 1;
            return Ok(Some(Destination {
                id: existing.collection.id,
                held: existing.recipes.into_iter().collect(),
                full: false,
            }));
        }
        match self
            .state
            .store
            .create_collection(self.owner, &fields)
            .await?
        {
            Some(created) => {
                self.summary.collections.created += 1;
                Ok(Some(Destination {
                    id: created.id,
                    held: HashSet::new(),
                    full: false,
                }))
            }
            None => {
                self.warnings.push(format!(
                    "{label}: not restored: you have the most collections allowed \
                     ({COLLECTIONS_PER_ACCOUNT})"
                ));
                Ok(None)
            }
        }
    }

    /// Adds recipe `id` (`recipe` of the archive) at the end of `destination`, unless it holds
    /// it already.
    async fn add(
        &mut self,
        label: &str,
        destination: &mut Destination,
        recipe: &ArchivedMention,
        id: RecipeId,
    ) -> Result<(), ApiError> {
        if destination.held.contains(&id) {
            self.summary.collections.recipes_skipped += 1;
            return Ok(());
        }
        if destination.full {
            self.not_added(label, recipe, &full());
            return Ok(());
        }
        let added = self
            .state
            .store
            .add_to_collection(destination.id, self.owner, id)
            .await?;
        match added {
            CollectionAdd::Done => {
                destination.held.insert(id);
                self.summary.collections.recipes_added += 1;
            }
            CollectionAdd::Full => {
                destination.full = true;
                self.not_added(label, recipe, &full());
            }
            // Unpublished or deleted meanwhile.
            CollectionAdd::NoRecipe => self.not_added(label, recipe, NOT_FOUND),
            CollectionAdd::NoCollection => {
                self.not_added(label, recipe, "the collection was deleted meanwhile")
            }
        }
        Ok(())
    }

    /// Counts and reports a recipe of the collection `label` that was not added.
    fn not_added(&mut self, label: &str, recipe: &ArchivedMention, reason: &str) {
        self.summary.collections.recipes_not_added += 1;
        self.warnings.push(format!(
            "{label}: {}: not added: {reason}",
            described(recipe)
        ));
    }
}

/// Why a recipe was not added: it is not here.
const NOT_FOUND: &str = "no recipe here with this uid that you can see";

/// Why a recipe was not added: the collection is full.
fn full() -> String {
    format!("the collection holds the most recipes allowed ({RECIPES_PER_COLLECTION})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(name: &str, visibility: Option<&str>) -> ArchivedCollection {
        ArchivedCollection {
            name: name.into(),
            description: Some("Quick ones".into()),
            visibility: visibility.map(str::to_owned),
            created_at: None,
            updated_at: None,
            recipes: Vec::new(),
        }
    }

    #[test]
    fn a_visibility_this_version_does_not_know_is_private() {
        let visibility = |raw| fields_of(&collection("Weeknight", raw)).unwrap().visibility;
        assert_eq!(visibility(Some("unlisted")), Visibility::Unlisted);
        assert_eq!(visibility(Some("public")), Visibility::Public);
        assert_eq!(visibility(Some("followers")), Visibility::Private);
        assert_eq!(visibility(None), Visibility::Private);
    }

    #[test]
    fn a_name_is_validated_like_a_clients() {
        assert_eq!(
            fields_of(&collection("  Soups ", None)).unwrap().name,
            "Soups"
        );
        let why = fields_of(&collection(" ", None)).unwrap_err();
        assert!(why.contains("name"), "{why}");
        let why = fields_of(&collection(&"x".repeat(101), None)).unwrap_err();
        assert!(why.contains("at most 100"), "{why}");
    }
}
