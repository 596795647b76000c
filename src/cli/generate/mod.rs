//! `recipe-api dev generate`: fills any back-end with realistic users and recipes — English and
//! Korean names, ingredients, numbered directions and skewed tags — quickly enough for a million
//! recipes (many rows per statement, ids chosen up front, tag counts added once at the end).
//!
//! New users follow one another, favourite and rate the new published recipes
//! ([`community`]), with the counters that implies.
//!
//! Rows already in the database are kept; new ids start after the largest. Every generated user
//! has the password `generated-password`. Creation times spread over the three years before the
//! run, increasing with the id, as they would in a real deployment.

mod community;
mod recipes;
mod vocabulary;

use std::{collections::HashMap, time::Duration};

use anyhow::Context;
use chrono::Utc;
use rand::{Rng, SeedableRng, rngs::SmallRng};
use secrecy::SecretString;

use crate::{
    auth::PasswordHasher,
    config::GenerateArgs,
    store::{BulkRecipe, BulkUser, DatabaseSettings, Store},
};

/// The password of every generated user.
pub const GENERATED_PASSWORD: &str = "generated-password";

/// What a run created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    pub users: u64,
    pub recipes: u64,
    pub published: u64,
    pub follows: u64,
    pub favorites: u64,
    pub ratings: u64,
}

/// Runs the generator, calling `progress(recipes written, recipes to write)` after each batch.
pub async fn run(
    args: &GenerateArgs,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> anyhow::Result<Generated> {
    let store = Store::connect(&DatabaseSettings {
        url: args.database_url.clone(),
        max_connections: 2,
        connect_timeout: Duration::from_secs(30),
        replicas: crate::store::ReplicaSettings::default(),
    })
    .await
    .context("opening the database")?;
    let hasher = PasswordHasher::new(1, "").await?;
    let password_hash = hasher.hash(&SecretString::from(GENERATED_PASSWORD)).await?;
    let mut rng = SmallRng::seed_from_u64(args.seed);
    let (first_user, first_recipe) = store.next_ids().await?;
    let now = Utc::now();
    let span_secs: i64 = 3 * 365 * 24 * 3600;
    let start = now - chrono::Duration::seconds(span_secs);
    let batch = usize::try_from(args.batch_size).unwrap_or(500);

    let user_count = i64::try_from(args.users)?;
    let mut users = Vec::with_capacity(batch);
    for offset in 0..user_count {
        let id = first_user + offset;
        users.push(BulkUser {
            id,
            username: format!("cook{id}"),
            email: format!("cook{id}@generated.example"),
            password_hash: password_hash.clone(),
            created_at: start + chrono::Duration::seconds(span_secs / 2 * offset / user_count),
        });
        if users.len() == batch || offset + 1 == user_count {
            store.insert_users_bulk(&users).await?;
            users.clear();
        }
    }

    let names: Vec<String> = vocabulary::TAGS.iter().map(|t| (*t).to_owned()).collect();
    let tag_ids = store.tag_ids_creating(&names).await?;
    let recipe_count = i64::try_from(args.recipes)?;
    let mut counts: HashMap<i64, i64> = HashMap::new();
    let mut published_total = 0;
    let mut rows = Vec::with_capacity(batch);
    let mut published_recipes = Vec::new();
    for offset in 0..recipe_count {
        let made = recipes::generate(&mut rng);
        let published = rng.random_range(0..100) < args.published_percent;
        let tags: Vec<(i64, String)> = made
            .tags
            .iter()
            .map(|index| {
                let name = vocabulary::TAGS[*index];
                (tag_ids[name], name.to_owned())
            })
            .collect();
        if published {
            published_total += 1;
            for (tag_id, _) in &tags {
                *counts.entry(*tag_id).or_default() += 1;
            }
        }
        let jitter = rng.random_range(0..600);
        let (id, owner) = (
            first_recipe + offset,
            first_user + rng.random_range(0..user_count),
        );
        if published {
            published_recipes.push(community::Published { id, owner });
        }
        rows.push(BulkRecipe {
            id,
            user_id: owner,
            name: made.name,
            description: Some(made.description),
            ingredients: made.ingredients,
            directions: Some(made.directions),
            cook_time: made.cook_time,
            num_of_servings: made.num_of_servings,
            published,
            created_at: start
                + chrono::Duration::seconds(
                    span_secs / 2 + span_secs / 2 * offset / recipe_count.max(1) + jitter,
                ),
            tags,
        });
        if rows.len() == batch || offset + 1 == recipe_count {
            store.insert_recipes_bulk(&rows).await?;
            rows.clear();
            progress(u64::try_from(offset + 1)?, args.recipes);
        }
    }
    store.add_to_tag_counts(&counts).await?;
    let new_users: Vec<i64> = (first_user..first_user + user_count).collect();
    let community =
        community::generate(&store, args, &mut rng, &new_users, &published_recipes, now).await?;
    store.finish_bulk_load().await?;
    store.close().await?;
    Ok(Generated {
        users: args.users,
        recipes: args.recipes,
        published: published_total,
        follows: community.follows,
        favorites: community.favorites,
        ratings: community.ratings,
    })
}
