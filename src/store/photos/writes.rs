//! Changing photos: a recipe's cover and gallery (owner only, under the recipe's row lock, with
//! its `version` raised) and a user's avatar.
//!
//! Every change returns the names of the files used by the photos it removed: the caller hands
//! them to the media collector, which removes those no other photo uses. A new photo's files
//! were claimed before they were written (see `files`); the transaction that saves the photo
//! releases those claims.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};

use super::{files::release_claims, to_json};
use crate::domain::{GALLERY_MAX, ImageId, Photo, PhotoVariant, Photos, RecipeId, UserId};
use crate::store::{
    Recipe, Store, StoreError, User,
    entities::{image, image_file, recipe, user},
    recipes::writes::{find_owned, lock_owned, now},
};

/// What a photo is to its recipe or user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoRole {
    Cover,
    Gallery,
    Avatar,
}

impl PhotoRole {
    fn as_str(self) -> &'static str {
        match self {
            PhotoRole::Cover => "cover",
            PhotoRole::Gallery => "gallery",
            PhotoRole::Avatar => "avatar",
        }
    }
}

/// A processed photo whose files are stored (and claimed), to be saved.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub alt: Option<String>,
    pub width: u32,
    pub height: u32,
    pub blurhash: String,
    /// The served variants, smallest first, the JPEG last.
    pub variants: Vec<PhotoVariant>,
    /// Every stored file the photo uses (its variants, and its original when kept).
    pub files: Vec<String>,
}

/// The outcome of a change of a recipe's gallery.
#[derive(Debug)]
pub enum GalleryChange<T> {
    /// Done.
    Done(T),
    /// No such recipe of this owner.
    NoRecipe,
    /// No such photo in the recipe's gallery.
    NoPhoto,
    /// The gallery already holds [`GALLERY_MAX`] photos.
    Full,
    /// A new order that does not list exactly the gallery's photos.
    WrongOrder,
}

impl Store {
    /// Makes `photo` the cover of `owner`'s recipe `id` (with `None`: no cover), replacing any
    /// cover; `None` if there is no such recipe. Answers the recipe and the files of the
    /// replaced cover.
    pub async fn replace_cover(
        &self,
        id: RecipeId,
        owner: UserId,
        photo: Option<&NewPhoto>,
    ) -> Result<Option<(Recipe, Vec<String>)>, StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            if lock_owned(&txn, id, owner, None, None).await?.is_none() {
                return Ok(None);
            }
            let removed = delete_images(&txn, id, PhotoRole::Cover, None).await?;
            if let Some(photo) = photo {
                insert_image(&txn, owner, Some(id), PhotoRole::Cover, 0, photo).await?;
            }
            let recipe = finish_recipe_change(txn, id, owner).await?;
            Ok(Some((recipe, removed)))
        })
        .await
    }

    /// Adds `photo` at the end of the gallery of `owner`'s recipe `id`.
    pub async fn add_gallery_photo(
        &self,
        id: RecipeId,
        owner: UserId,
        photo: &NewPhoto,
    ) -> Result<GalleryChange<(Recipe, Photo)>, StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            if lock_owned(&txn, id, owner, None, None).await?.is_none() {
                return Ok(GalleryChange::NoRecipe);
            }
            let gallery = images_of(&txn, id, PhotoRole::Gallery).await?;
            if gallery.len() >= GALLERY_MAX {
                return Ok(GalleryChange::Full);
            }
            let position = gallery.last().map_or(0, |last| last.position + 1);
            let saved =
                insert_image(&txn, owner, Some(id), PhotoRole::Gallery, position, photo).await?;
            let recipe = finish_recipe_change(txn, id, owner).await?;
            Ok(GalleryChange::Done((recipe, photo_of(&saved))))
        })
        .await
    }

    /// Sets (or, with `None`, removes) the alt text of photo `image` of `owner`'s recipe `id`.
    pub async fn set_gallery_alt(
        &self,
        id: RecipeId,
        owner: UserId,
        image: ImageId,
        alt: Option<&str>,
    ) -> Result<GalleryChange<(Recipe, Photo)>, StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            if lock_owned(&txn, id, owner, None, None).await?.is_none() {
                return Ok(GalleryChange::NoRecipe);
            }
            let Some(found) = gallery_image(&txn, id, image).await? else {
                return Ok(GalleryChange::NoPhoto);
            };
            let mut row: image::ActiveModel = found.into();
            row.alt = Set(alt.map(str::to_owned));
            let saved = row.update(&txn).await?;
            let recipe = finish_recipe_change(txn, id, owner).await?;
            Ok(GalleryChange::Done((recipe, photo_of(&saved))))
        })
        .await
    }

    /// Deletes photo `image` from the gallery of `owner`'s recipe `id`; answers the recipe and
    /// the photo's files.
    pub async fn delete_gallery_photo(
        &self,
        id: RecipeId,
        owner: UserId,
        image: ImageId,
    ) -> Result<GalleryChange<(Recipe, Vec<String>)>, StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            if lock_owned(&txn, id, owner, None, None).await?.is_none() {
                return Ok(GalleryChange::NoRecipe);
            }
            if gallery_image(&txn, id, image).await?.is_none() {
                return Ok(GalleryChange::NoPhoto);
            }
            let removed = delete_images(&txn, id, PhotoRole::Gallery, Some(image)).await?;
            let recipe = finish_recipe_change(txn, id, owner).await?;
            Ok(GalleryChange::Done((recipe, removed)))
        })
        .await
    }

    /// Puts the gallery of `owner`'s recipe `id` in `order`, which must list each of its photos
    /// once.
    pub async fn reorder_gallery(
        &self,
        id: RecipeId,
        owner: UserId,
        order: &[ImageId],
    ) -> Result<GalleryChange<Recipe>, StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            if lock_owned(&txn, id, owner, None, None).await?.is_none() {
                return Ok(GalleryChange::NoRecipe);
            }
            let gallery = images_of(&txn, id, PhotoRole::Gallery).await?;
            let mut current: Vec<i64> = gallery.iter().map(|row| row.id).collect();
            let mut wanted: Vec<i64> = order.iter().map(|id| id.get()).collect();
            current.sort_unstable();
            wanted.sort_unstable();
            if current != wanted {
                return Ok(GalleryChange::WrongOrder);
            }
            for (position, image) in order.iter().enumerate() {
                image::Entity::update_many()
                    .col_expr(
                        image::Column::Position,
                        i32::try_from(position).unwrap_or(i32::MAX).into(),
                    )
                    .filter(image::Column::Id.eq(image.get()))
                    .exec(&txn)
                    .await?;
            }
            let recipe = finish_recipe_change(txn, id, owner).await?;
            Ok(GalleryChange::Done(recipe))
        })
        .await
    }

    /// Makes `photo` the avatar of `user_id`, replacing any; `None` if the account is gone.
    /// Answers the account and the files of the replaced avatar.
    pub async fn set_avatar(
        &self,
        user_id: UserId,
        photo: Option<&NewPhoto>,
    ) -> Result<Option<(User, Vec<String>)>, StoreError> {
        self.retrying(|| async {
            let txn = self.begin_write().await?;
            // Lock the account's row first: two avatar changes at once are serialised.
            let locked = user::Entity::update_many()
                .col_expr(user::Column::Avatar, Expr::col(user::Column::Avatar))
                .filter(user::Column::Id.eq(user_id.get()))
                .exec(&txn)
                .await?;
            if locked.rows_affected == 0 {
                return Ok(None);
            }
            let old: Vec<i64> = image::Entity::find()
                .select_only()
                .column(image::Column::Id)
                .filter(image::Column::OwnerId.eq(user_id.get()))
                .filter(image::Column::Role.eq(PhotoRole::Avatar.as_str()))
                .into_tuple()
                .all(&txn)
                .await?;
            let removed = delete_image_rows(&txn, &old).await?;
            let avatar = match photo {
                Some(photo) => {
                    let saved =
                        insert_image(&txn, user_id, None, PhotoRole::Avatar, 0, photo).await?;
                    Some(to_json(&photo_of(&saved))?)
                }
                None => None,
            };
            let row = user::ActiveModel {
                id: sea_orm::ActiveValue::Unchanged(user_id.get()),
                avatar: Set(avatar),
                updated_at: Set(now()),
                ..Default::default()
            };
            let saved = row.update(&txn).await?;
            txn.commit().await?;
            Ok(Some((User::from(saved), removed)))
        })
        .await
    }

    /// Every stored file used by the photos of recipe `id`.
    pub async fn recipe_photo_files(&self, id: RecipeId) -> Result<Vec<String>, StoreError> {
        let images: Vec<i64> = image::Entity::find()
            .select_only()
            .column(image::Column::Id)
            .filter(image::Column::RecipeId.eq(id.get()))
            .into_tuple()
            .all(&self.db)
            .await?;
        files_of(&self.db, &images).await
    }

    /// Every stored file used by photos `user_id` uploaded (their recipes' and their avatar).
    pub async fn user_photo_files(&self, user_id: UserId) -> Result<Vec<String>, StoreError> {
        let images: Vec<i64> = image::Entity::find()
            .select_only()
            .column(image::Column::Id)
            .filter(image::Column::OwnerId.eq(user_id.get()))
            .into_tuple()
            .all(&self.db)
            .await?;
        files_of(&self.db, &images).await
    }
}

/// The photos of `role` of recipe `id`, in order.
async fn images_of(
    txn: &DatabaseTransaction,
    id: RecipeId,
    role: PhotoRole,
) -> Result<Vec<image::Model>, StoreError> {
    Ok(image::Entity::find()
        .filter(image::Column::RecipeId.eq(id.get()))
        .filter(image::Column::Role.eq(role.as_str()))
        .order_by_asc(image::Column::Position)
        .order_by_asc(image::Column::Id)
        .all(txn)
        .await?)
}

/// Photo `image` of recipe `id`'s gallery.
async fn gallery_image(
    txn: &DatabaseTransaction,
    id: RecipeId,
    image: ImageId,
) -> Result<Option<image::Model>, StoreError> {
    Ok(image::Entity::find_by_id(image.get())
        .filter(image::Column::RecipeId.eq(id.get()))
        .filter(image::Column::Role.eq(PhotoRole::Gallery.as_str()))
        .one(txn)
        .await?)
}

/// Saves `photo` with its file rows and releases the claims on its files.
async fn insert_image(
    txn: &DatabaseTransaction,
    owner: UserId,
    recipe: Option<RecipeId>,
    role: PhotoRole,
    position: i32,
    photo: &NewPhoto,
) -> Result<image::Model, StoreError> {
    let variants = to_json(&photo.variants)?;
    let row = image::ActiveModel {
        owner_id: Set(owner.get()),
        recipe_id: Set(recipe.map(RecipeId::get)),
        role: Set(role.as_str().to_owned()),
        position: Set(position),
        alt: Set(photo.alt.clone()),
        width: Set(i32::try_from(photo.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(photo.height).unwrap_or(i32::MAX)),
        blurhash: Set(photo.blurhash.clone()),
        variants: Set(variants),
        created_at: Set(now()),
        ..Default::default()
    };
    let saved = row.insert(txn).await?;
    let mut names = photo.files.clone();
    names.sort_unstable();
    names.dedup();
    let files = names.iter().map(|name| image_file::ActiveModel {
        image_id: Set(saved.id),
        name: Set(name.clone()),
    });
    image_file::Entity::insert_many(files).exec(txn).await?;
    release_claims(txn, &names).await?;
    Ok(saved)
}

/// Deletes the photos of `role` of recipe `id` (only `only`, when given); answers their files.
async fn delete_images(
    txn: &DatabaseTransaction,
    id: RecipeId,
    role: PhotoRole,
    only: Option<ImageId>,
) -> Result<Vec<String>, StoreError> {
    let mut query = image::Entity::find()
        .select_only()
        .column(image::Column::Id)
        .filter(image::Column::RecipeId.eq(id.get()))
        .filter(image::Column::Role.eq(role.as_str()));
    if let Some(image) = only {
        query = query.filter(image::Column::Id.eq(image.get()));
    }
    let ids: Vec<i64> = query.into_tuple().all(txn).await?;
    delete_image_rows(txn, &ids).await
}

/// Deletes photos `ids` and their file rows; answers their files.
async fn delete_image_rows(
    txn: &DatabaseTransaction,
    ids: &[i64],
) -> Result<Vec<String>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let names = files_of(txn, ids).await?;
    image_file::Entity::delete_many()
        .filter(image_file::Column::ImageId.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    image::Entity::delete_many()
        .filter(image::Column::Id.is_in(ids.iter().copied()))
        .exec(txn)
        .await?;
    Ok(names)
}

/// The files used by photos `ids`, each once.
async fn files_of(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<String>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = image_file::Entity::find()
        .select_only()
        .column(image_file::Column::Name)
        .filter(image_file::Column::ImageId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    names.sort_unstable();
    names.dedup();
    Ok(names)
}

/// Rewrites `recipe.photos` of recipe `id` from its photo rows, commits, and answers the
/// recipe as it now is.
async fn finish_recipe_change(
    txn: DatabaseTransaction,
    id: RecipeId,
    owner: UserId,
) -> Result<Recipe, StoreError> {
    let cover = images_of(&txn, id, PhotoRole::Cover).await?;
    let gallery = images_of(&txn, id, PhotoRole::Gallery).await?;
    let photos = Photos {
        cover: cover.last().map(photo_of),
        images: gallery.iter().map(photo_of).collect(),
    };
    let json = if photos == Photos::default() {
        None
    } else {
        Some(to_json(&photos)?)
    };
    recipe::Entity::update_many()
        .col_expr(recipe::Column::Photos, json.into())
        .filter(recipe::Column::Id.eq(id.get()))
        .exec(&txn)
        .await?;
    let saved = find_owned(&txn, id, owner)
        .await?
        .ok_or_else(|| StoreError::Other(DbErr::Custom("a locked recipe disappeared".into())))?;
    txn.commit().await?;
    Ok(saved.into())
}

/// A photo row as clients see it: the address of its largest JPEG (the last variant).
fn photo_of(row: &image::Model) -> Photo {
    let variants: Vec<PhotoVariant> = super::decode_json(Some(&row.variants));
    Photo {
        id: row.id,
        url: variants
            .last()
            .map(|variant| variant.url.clone())
            .unwrap_or_default(),
        width: u32::try_from(row.width).unwrap_or(0),
        height: u32::try_from(row.height).unwrap_or(0),
        alt: row.alt.clone(),
        blurhash: row.blurhash.clone(),
        variants,
    }
}
