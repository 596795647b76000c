//! The community part of generated data: each new user follows authors, favourites recipes and
//! rates others' recipes, skewed the way a real site's are (a few authors and recipes get most
//! of it), and the counters those rows imply are written afterwards — equal to a recount, as the
//! server keeps them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rand::{Rng, rngs::SmallRng};

use crate::{
    config::GenerateArgs,
    domain::rating_score,
    store::{BulkFollow, BulkVote, FollowCounters, RecipeCounters, Store, StoreError},
};

/// A published recipe the new users may favourite or rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Published {
    pub id: i64,
    pub owner: i64,
}

/// Users handled per batch of inserts.
const USERS_PER_BATCH: usize = 1_000;
/// A large prime: spreads the popular ranks over the recipes, so the most favourited recipes
/// are not simply the oldest.
const SPREAD: u64 = 1_000_000_007;

/// What the community generator wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CommunityMade {
    pub follows: u64,
    pub favorites: u64,
    pub ratings: u64,
}

/// Writes follows, favourites and ratings of the users `users` (ids), then their counters.
pub async fn generate(
    store: &Store,
    args: &GenerateArgs,
    rng: &mut SmallRng,
    users: &[i64],
    published: &[Published],
    now: DateTime<Utc>,
) -> Result<CommunityMade, StoreError> {
    let mut made = CommunityMade::default();
    let mut recipes: HashMap<i64, RecipeCounters> = HashMap::new();
    let mut accounts: HashMap<i64, FollowCounters> = HashMap::new();
    let year_secs: i64 = 365 * 24 * 3600;
    for batch in users.chunks(USERS_PER_BATCH) {
        let (mut follows, mut favorites, mut ratings) = (Vec::new(), Vec::new(), Vec::new());
        for &user in batch {
            let wanted = usize::try_from(args.follows_per_user).unwrap_or(0);
            for followee in pick(rng, wanted, users.len(), |i| users[i], |id| id != user) {
                follows.push(BulkFollow {
                    follower_id: user,
                    followee_id: followee,
                    created_at: now - chrono::Duration::seconds(rng.random_range(0..year_secs)),
                });
                count(&mut accounts, user).following_count += 1;
                count(&mut accounts, followee).follower_count += 1;
            }
            let wanted = usize::try_from(args.favorites_per_user).unwrap_or(0);
            for recipe in pick(
                rng,
                wanted,
                published.len(),
                |i| spread(published, i),
                |_| true,
            ) {
                favorites.push(BulkVote {
                    user_id: user,
                    recipe_id: recipe.id,
                    stars: 0,
                    created_at: now - chrono::Duration::seconds(rng.random_range(0..year_secs)),
                });
                tally(&mut recipes, recipe.id).favorite_count += 1;
            }
            let wanted = usize::try_from(args.ratings_per_user).unwrap_or(0);
            let others = |r: Published| r.owner != user;
            for recipe in pick(
                rng,
                wanted,
                published.len(),
                |i| spread(published, i),
                others,
            ) {
                let stars = stars_for(rng, recipe.id);
                ratings.push(BulkVote {
                    user_id: user,
                    recipe_id: recipe.id,
                    stars,
                    created_at: now - chrono::Duration::seconds(rng.random_range(0..year_secs)),
                });
                let counters = tally(&mut recipes, recipe.id);
                counters.rating_count += 1;
                counters.rating_sum += i64::from(stars);
            }
        }
        store
            .insert_community_bulk(&follows, &favorites, &ratings)
            .await?;
        made.follows += follows.len() as u64;
        made.favorites += favorites.len() as u64;
        made.ratings += ratings.len() as u64;
    }
    let mut recipes: Vec<RecipeCounters> = recipes
        .into_values()
        .map(|r| RecipeCounters {
            rating_score: rating_score(r.rating_sum, r.rating_count),
            ..r
        })
        .collect();
    recipes.sort_by_key(|r| r.id);
    store.set_recipe_counters_bulk(&recipes).await?;
    let mut accounts: Vec<FollowCounters> = accounts.into_values().collect();
    accounts.sort_by_key(|a| a.id);
    store.set_follow_counters_bulk(&accounts).await?;
    Ok(made)
}

/// Up to `wanted` distinct items among `len`, chosen with a heavy skew toward the first
/// indexes (the cube of a uniform draw: a fifth of the picks land in the first 1 %), kept if
/// `keep` accepts them. Gives up after a few misses, so a small population cannot loop.
fn pick<T: Copy + Eq + std::hash::Hash>(
    rng: &mut SmallRng,
    wanted: usize,
    len: usize,
    item: impl Fn(usize) -> T,
    keep: impl Fn(T) -> bool,
) -> Vec<T> {
    let mut chosen = Vec::with_capacity(wanted);
    let mut seen = HashSet::with_capacity(wanted);
    if len == 0 {
        return chosen;
    }
    let mut attempts = wanted * 4 + 8;
    while chosen.len() < wanted && attempts > 0 {
        attempts -= 1;
        let u: f64 = rng.random();
        // Truncation is the point: a position in 0..len.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let index = ((u * u * u * len as f64) as usize).min(len - 1);
        let candidate = item(index);
        if keep(candidate) && seen.insert(candidate) {
            chosen.push(candidate);
        }
    }
    chosen
}

/// The recipe at popularity rank `rank`.
fn spread(published: &[Published], rank: usize) -> Published {
    let len = published.len() as u64;
    let index = (rank as u64).wrapping_mul(SPREAD) % len;
    published[usize::try_from(index).unwrap_or(0)]
}

/// Stars near the recipe's own quality (2 to 5, fixed by its id), give or take one.
fn stars_for(rng: &mut SmallRng, recipe: i64) -> i32 {
    let quality = 2 + i32::try_from(recipe.rem_euclid(4)).unwrap_or(0);
    (quality + rng.random_range(-1..=1)).clamp(1, 5)
}

fn tally(recipes: &mut HashMap<i64, RecipeCounters>, id: i64) -> &mut RecipeCounters {
    recipes.entry(id).or_insert(RecipeCounters {
        id,
        favorite_count: 0,
        rating_count: 0,
        rating_sum: 0,
        rating_score: 0,
    })
}

fn count(accounts: &mut HashMap<i64, FollowCounters>, id: i64) -> &mut FollowCounters {
    accounts.entry(id).or_insert(FollowCounters {
        id,
        follower_count: 0,
        following_count: 0,
    })
}
