//! Tags: creating them on first use, linking them to recipes, keeping each tag's count of
//! published recipes, and listing them.
//!
//! `tag.recipe_count` is adjusted by ±1 per recipe inside the same transaction as the change that
//! causes it (publish, unpublish, new tag list, delete). Every such change first writes the
//! recipe's row, which locks it, so two changes to one recipe cannot interleave and the count
//! cannot drift; increments are relative (`recipe_count + 1`), so changes to different recipes
//! carrying the same tag do not overwrite each other.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult};

use crate::store::{Store, StoreError, sql::Sql};

/// A tag and the number of published recipes carrying it.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct TagCount {
    /// The normalised tag.
    pub name: String,
    /// Published recipes carrying it.
    pub recipe_count: i64,
}

/// Creates those of the tags `names` that do not exist yet, outside any transaction of the
/// caller (on the pool, in autocommit), before the caller's write transaction begins.
///
/// Creating tags inside the write transaction made concurrent writers carrying the same new tag
/// deadlock on MySQL/MariaDB (gap and insert-intention locks on the unique name index, and shared
/// locks upgraded to exclusive ones). A tag created here and then not used is harmless: tags are
/// never deleted, and one with no published recipe is listed nowhere. A name that a concurrent
/// writer inserts meanwhile is skipped (`ON CONFLICT DO NOTHING`; on MySQL
/// `ON DUPLICATE KEY UPDATE` — never `INSERT IGNORE`, which would also turn a value that does not
/// fit into a truncated one).
pub(in crate::store) async fn create_tags(
    db: &impl ConnectionTrait,
    names: &[String],
) -> Result<(), StoreError> {
    if names.is_empty() {
        return Ok(());
    }
    let existing = find_tags(db, names, false).await?;
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| !existing.contains_key(*name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut insert = Sql::new(db.get_database_backend());
    insert.push("INSERT INTO tag (name, recipe_count) VALUES ");
    for (index, name) in missing.iter().enumerate() {
        if index > 0 {
            insert.push(", ");
        }
        insert.push("(").bind(name.as_str()).push(", 0)");
    }
    match insert.backend() {
        DbBackend::MySql => insert.push(" ON DUPLICATE KEY UPDATE id = id"),
        _ => insert.push(" ON CONFLICT (name) DO NOTHING"),
    };
    db.execute_raw(insert.build()).await?;
    Ok(())
}

/// The ids of the tags `names` (normalised, sorted, distinct), which [`create_tags`] created
/// before the caller's transaction began; in the order of `names`.
///
/// With `for_update`, the tag rows are locked for writing on MySQL/MariaDB, where the caller is
/// about to change their counts: linking a recipe takes a shared lock on each tag (the foreign
/// key check), and two writers upgrading shared locks on one tag to exclusive ones deadlock.
/// A name that cannot be found fails the attempt as a lost race (it is retried, creating the
/// tag again) — never is a link silently dropped.
pub(in crate::store) async fn tag_ids(
    db: &impl ConnectionTrait,
    names: &[String],
    for_update: bool,
) -> Result<Vec<i64>, StoreError> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let ids = find_tags(db, names, for_update).await?;
    names
        .iter()
        .map(|name| {
            ids.get(name).copied().ok_or_else(|| {
                StoreError::Contention(DbErr::Custom(format!(
                    "tag {name:?} was not found after it was created"
                )))
            })
        })
        .collect()
}

/// The ids of those of `names` that exist, by name; with `for_update`, a locking read on
/// MySQL/MariaDB (see [`tag_ids`]).
async fn find_tags(
    db: &impl ConnectionTrait,
    names: &[String],
    for_update: bool,
) -> Result<HashMap<String, i64>, StoreError> {
    let mut select = Sql::new(db.get_database_backend());
    select
        .push("SELECT id, name FROM tag WHERE name IN ")
        .bind_list(names.iter().map(String::as_str));
    if for_update && select.backend() == DbBackend::MySql {
        select.push(" FOR UPDATE");
    }
    let mut ids = HashMap::with_capacity(names.len());
    for row in db.query_all_raw(select.build()).await? {
        ids.insert(
            row.try_get::<String>("", "name")?,
            row.try_get::<i64>("", "id")?,
        );
    }
    Ok(ids)
}

/// Adds `delta` to the published count of every tag recipe `recipe_id` carries.
pub(in crate::store) async fn adjust_counts(
    db: &impl ConnectionTrait,
    recipe_id: i64,
    delta: i64,
) -> Result<(), StoreError> {
    let mut update = Sql::new(db.get_database_backend());
    update
        .push("UPDATE tag SET recipe_count = recipe_count + ")
        .bind(delta)
        .push(" WHERE id IN (SELECT tag_id FROM recipe_tag WHERE recipe_id = ")
        .bind(recipe_id)
        .push(")");
    db.execute_raw(update.build()).await?;
    Ok(())
}

/// Links the new recipe `recipe_id` (inserted by the caller's transaction) to the tags `names`,
/// which [`create_tags`] created, counting it in them when it is `published`. Nothing is deleted
/// first: a statement that deletes nothing still takes gap locks on MySQL/MariaDB, which made
/// concurrent creations deadlock.
pub(in crate::store) async fn link_new_recipe(
    db: &impl ConnectionTrait,
    recipe_id: i64,
    names: &[String],
    published: bool,
) -> Result<(), StoreError> {
    let ids = tag_ids(db, names, published).await?;
    insert_links(db, recipe_id, &ids).await?;
    if published {
        adjust_counts(db, recipe_id, 1).await?;
    }
    Ok(())
}

/// Replaces the tags of recipe `recipe_id` (whose row the caller has locked) with `names`
/// (which [`create_tags`] created), moving the published counts when the recipe is published.
pub(in crate::store) async fn replace_tags(
    db: &impl ConnectionTrait,
    recipe_id: i64,
    names: &[String],
    published: bool,
) -> Result<(), StoreError> {
    if published {
        adjust_counts(db, recipe_id, -1).await?;
    }
    let mut delete = Sql::new(db.get_database_backend());
    delete
        .push("DELETE FROM recipe_tag WHERE recipe_id = ")
        .bind(recipe_id);
    db.execute_raw(delete.build()).await?;
    let ids = tag_ids(db, names, published).await?;
    insert_links(db, recipe_id, &ids).await?;
    if published {
        adjust_counts(db, recipe_id, 1).await?;
    }
    Ok(())
}

async fn insert_links(
    db: &impl ConnectionTrait,
    recipe_id: i64,
    tag_ids: &[i64],
) -> Result<(), StoreError> {
    if tag_ids.is_empty() {
        return Ok(());
    }
    let mut insert = Sql::new(db.get_database_backend());
    insert.push("INSERT INTO recipe_tag (recipe_id, tag_id) VALUES ");
    for (index, id) in tag_ids.iter().enumerate() {
        if index > 0 {
            insert.push(", ");
        }
        insert
            .push("(")
            .bind(recipe_id)
            .push(", ")
            .bind(*id)
            .push(")");
    }
    db.execute_raw(insert.build()).await?;
    Ok(())
}

impl Store {
    /// The ids of the tags `names`, in the same order; `None` when one of them does not exist
    /// (so nothing can carry them all).
    pub(in crate::store) async fn existing_tag_ids(
        &self,
        names: &[String],
    ) -> Result<Option<Vec<i64>>, StoreError> {
        if names.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let ids = find_tags(&self.db, names, false).await?;
        Ok(names.iter().map(|name| ids.get(name).copied()).collect())
    }

    /// Tags carried by at least one published recipe, most used first, optionally only those
    /// starting with `prefix`, `offset` skipped and at most `limit`.
    pub async fn list_tags(
        &self,
        prefix: Option<&str>,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<TagCount>, StoreError> {
        let mut select = Sql::new(self.db.get_database_backend());
        select.push("SELECT name, recipe_count FROM tag WHERE recipe_count > 0");
        if let Some(prefix) = prefix {
            // Tags hold no LIKE wildcards (`domain::tags` allows letters, digits, space, '-').
            select.push(" AND name LIKE ").bind(format!("{prefix}%"));
        }
        select
            .push(" ORDER BY recipe_count DESC, name ASC LIMIT ")
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .push(" OFFSET ")
            .bind(i64::try_from(offset).unwrap_or(i64::MAX));
        let rows = self.db.query_all_raw(select.build()).await?;
        rows.iter()
            .map(|row| TagCount::from_query_result(row, "").map_err(StoreError::from))
            .collect()
    }
}
