//! The read cache: answers to anonymous reads of published data — a recipe by id, the pages
//! of `GET /recipes` reached without a cursor — kept in process memory (`moka`, bounded by the
//! bytes of the answers it holds), so the most frequent reads cost no database work.
//!
//! Who may be answered from it is the HTTP layer's rule for read replicas (`PublicReader`):
//! requests without a credential and without the write marker. A writer's own reads therefore
//! never come from it, on any instance.
//!
//! How long an answer may stay: every entry lives at most `READ_CACHE_TTL_MS` (750 ms by default)
//! counted from the moment its database read *began*, whatever else happens — so an answer is
//! never served later than that lifetime after a change committed anywhere, however long the
//! read took: the bound on how stale an anonymous reader can be on any instance.
//! Sooner: a successful change through this instance empties it at once, and announces the
//! change to the other instances (`CACHE_BUS=redis://…`: Redis pub/sub, see `bus`; else on
//! PostgreSQL by `NOTIFY`, see `Store::announce_change`), which empty theirs when the notice
//! arrives. An answer read from the database while a change
//! emptied the cache is not kept (each entry records the cache's generation when its read began).

mod bus;

pub use bus::CacheBus;

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

use axum::{
    body::{Body, Bytes},
    http::{HeaderValue, StatusCode, header},
    response::Response,
};

/// Settings of the read cache.
#[derive(Debug, Clone)]
pub struct ReadCacheSettings {
    /// Largest total size of the answers kept, in bytes; 0 turns the cache off.
    pub max_bytes: u64,
    /// Longest an answer is kept.
    pub ttl: Duration,
    /// `CACHE_BUS`: a Redis for the change notices between instances.
    pub bus: Option<secrecy::SecretString>,
}

impl Default for ReadCacheSettings {
    fn default() -> Self {
        ReadCacheSettings {
            max_bytes: 16 * 1024 * 1024,
            ttl: Duration::from_millis(750),
            bus: None,
        }
    }
}

/// What is cached.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// `GET /recipes/{id}` as JSON, unscaled.
    Recipe(i64),
    /// A `GET /recipes` page without a cursor: the query string as sent.
    List(Box<str>),
}

/// One kept answer: a 200 with its body and the headers that go with it.
#[derive(Debug)]
pub struct Entry {
    body: Bytes,
    headers: Vec<(header::HeaderName, HeaderValue)>,
    /// When it must be gone: its read's start plus the cache's lifetime.
    deadline: Instant,
}

/// Taken before an answer is read from the database, handed to [`ReadCache::keep`] with it.
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    generation: u64,
    started: Instant,
}

/// Each entry expires at its own deadline, however late it was inserted.
struct UntilDeadline;

impl moka::Expiry<Key, std::sync::Arc<Entry>> for UntilDeadline {
    fn expire_after_create(
        &self,
        _key: &Key,
        entry: &std::sync::Arc<Entry>,
        created_at: Instant,
    ) -> Option<Duration> {
        Some(entry.deadline.saturating_duration_since(created_at))
    }

    fn expire_after_update(
        &self,
        _key: &Key,
        entry: &std::sync::Arc<Entry>,
        updated_at: Instant,
        _until_expiry: Option<Duration>,
    ) -> Option<Duration> {
        Some(entry.deadline.saturating_duration_since(updated_at))
    }
}

impl Entry {
    /// Its `ETag`, if it has one.
    pub fn etag(&self) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|(name, _)| name == header::ETAG)
            .map(|(_, value)| value)
    }

    /// The answer again: 200, the kept headers and body.
    pub fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        for (name, value) in &self.headers {
            response.headers_mut().append(name.clone(), value.clone());
        }
        response
    }
}

/// The cache of one server instance.
#[derive(Debug)]
pub struct ReadCache {
    entries: Option<moka::sync::Cache<Key, std::sync::Arc<Entry>>>,
    ttl: Duration,
    /// Bumped by every invalidation; an answer read across one is not kept.
    generation: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
    invalidations: AtomicU64,
}

/// What `/metrics` shows of the cache.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadCacheStats {
    pub hits: u64,
    pub misses: u64,
    pub invalidations: u64,
    /// Bytes of the answers kept now.
    pub bytes: u64,
}

/// The headers a kept answer carries.
const KEPT_HEADERS: [header::HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::ETAG,
    header::VARY,
    header::LINK,
];

impl ReadCache {
    /// A cache under `settings` (holding nothing when `max_bytes` is 0).
    pub fn new(settings: &ReadCacheSettings) -> Self {
        let entries = (settings.max_bytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(settings.max_bytes)
                .weigher(|key: &Key, entry: &std::sync::Arc<Entry>| {
                    let key_bytes = match key {
                        Key::Recipe(_) => 8,
                        Key::List(query) => query.len(),
                    };
                    let header_bytes: usize = entry.headers.iter().map(|(_, v)| v.len() + 16).sum();
                    u32::try_from(entry.body.len() + key_bytes + header_bytes + 64)
                        .unwrap_or(u32::MAX)
                })
                .expire_after(UntilDeadline)
                .build()
        });
        ReadCache {
            entries,
            ttl: settings.ttl,
            generation: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            invalidations: AtomicU64::new(0),
        }
    }

    /// Whether the cache keeps anything.
    pub fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    /// How long an answer is kept at most (`None` when the cache is off).
    pub fn lifetime(&self) -> Option<Duration> {
        self.is_on().then_some(self.ttl)
    }

    /// The kept answer to `key`; `None` (a miss, counted) when nothing is kept.
    pub fn get(&self, key: &Key) -> Option<std::sync::Arc<Entry>> {
        let entries = self.entries.as_ref()?;
        let entry = entries.get(key);
        let counter = if entry.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        entry
    }

    /// The ticket to pass to [`ReadCache::keep`] for an answer about to be read.
    pub fn ticket(&self) -> Ticket {
        Ticket {
            generation: self.generation.load(Ordering::Acquire),
            started: Instant::now(),
        }
    }

    /// Keeps `response` (a 200 read since `ticket` was taken) under `key` until the ticket's
    /// time plus the cache's lifetime, and returns it. Answers of another status, read across an
    /// invalidation, or whose lifetime is already over, are returned without being kept.
    pub async fn keep(&self, key: Key, ticket: Ticket, response: Response) -> Response {
        let Some(entries) = &self.entries else {
            return response;
        };
        if response.status() != StatusCode::OK {
            return response;
        }
        let (parts, body) = response.into_parts();
        let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
            return Response::from_parts(parts, Body::empty());
        };
        let headers = KEPT_HEADERS
            .iter()
            .flat_map(|name| {
                parts
                    .headers
                    .get_all(name)
                    .iter()
                    .map(|value| (name.clone(), value.clone()))
            })
            .collect();
        let Ticket {
            generation,
            started,
        } = ticket;
        let deadline = started + self.ttl;
        if self.generation.load(Ordering::Acquire) == generation && Instant::now() < deadline {
            let entry = Entry {
                body: body.clone(),
                headers,
                deadline,
            };
            entries.insert(key.clone(), std::sync::Arc::new(entry));
            // An invalidation between the check and the insert has bumped the generation
            // already (its `invalidate_all` may have run before the insert): take it out.
            if self.generation.load(Ordering::Acquire) != generation {
                entries.invalidate(&key);
            }
        }
        Response::from_parts(parts, Body::from(body))
    }

    /// Forgets every kept answer (something they may hold changed).
    pub fn invalidate(&self) {
        let Some(entries) = &self.entries else {
            return;
        };
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.invalidations.fetch_add(1, Ordering::Relaxed);
        entries.invalidate_all();
    }

    /// What `/metrics` shows (`None` when the cache is off).
    pub fn stats(&self) -> Option<ReadCacheStats> {
        let entries = self.entries.as_ref()?;
        entries.run_pending_tasks();
        Some(ReadCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            invalidations: self.invalidations.load(Ordering::Relaxed),
            bytes: entries.weighted_size(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &'static str, etag: &'static str) -> Response {
        let mut response = Response::new(Body::from(body));
        response
            .headers_mut()
            .insert(header::ETAG, HeaderValue::from_static(etag));
        response
    }

    async fn body_of(response: Response) -> Bytes {
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_kept_answer_is_served_until_invalidated() {
        let cache = ReadCache::new(&ReadCacheSettings::default());
        let key = Key::Recipe(7);
        assert!(cache.get(&key).is_none());
        let ticket = cache.ticket();
        let kept = cache.keep(key.clone(), ticket, ok("{}", "\"v1\"")).await;
        assert_eq!(body_of(kept).await, "{}");
        let entry = cache.get(&key).unwrap();
        assert_eq!(entry.etag().unwrap(), "\"v1\"");
        let hit = entry.response();
        assert_eq!(hit.headers()[header::ETAG], "\"v1\"");
        assert_eq!(body_of(hit).await, "{}");
        assert!(cache.get(&key).is_some());
        cache.invalidate();
        assert!(cache.get(&key).is_none());
        let stats = cache.stats().unwrap();
        assert_eq!((stats.hits, stats.misses, stats.invalidations), (2, 2, 1));
    }

    #[tokio::test]
    async fn an_answer_read_across_an_invalidation_is_not_kept() {
        let cache = ReadCache::new(&ReadCacheSettings::default());
        let ticket = cache.ticket();
        cache.invalidate();
        cache
            .keep(Key::Recipe(1), ticket, ok("old", "\"v0\""))
            .await;
        assert!(cache.get(&Key::Recipe(1)).is_none());
        let mut missing = Response::new(Body::empty());
        *missing.status_mut() = StatusCode::NOT_FOUND;
        let ticket = cache.ticket();
        cache.keep(Key::Recipe(2), ticket, missing).await;
        assert!(cache.get(&Key::Recipe(2)).is_none());
    }

    #[tokio::test]
    async fn answers_expire_and_an_empty_budget_keeps_nothing() {
        let settings = ReadCacheSettings {
            max_bytes: 1 << 20,
            ttl: Duration::from_millis(50),
            bus: None,
        };
        let cache = ReadCache::new(&settings);
        cache
            .keep(Key::Recipe(1), cache.ticket(), ok("x", "\"a\""))
            .await;
        assert!(cache.get(&Key::Recipe(1)).is_some());
        tokio::time::sleep(Duration::from_millis(80)).await;
        assert!(cache.get(&Key::Recipe(1)).is_none());
        let off = ReadCache::new(&ReadCacheSettings {
            max_bytes: 0,
            ..settings.clone()
        });
        assert!(!off.is_on());
        off.keep(Key::Recipe(1), off.ticket(), ok("x", "\"a\""))
            .await;
        assert!(off.get(&Key::Recipe(1)).is_none());
        assert!(off.stats().is_none());
    }

    #[tokio::test]
    async fn an_answer_lives_from_when_its_read_began() {
        let settings = ReadCacheSettings {
            max_bytes: 1 << 20,
            ttl: Duration::from_millis(200),
            bus: None,
        };
        let cache = ReadCache::new(&settings);
        // A read that took 150 ms of a 200 ms lifetime is kept for the 50 ms left.
        let slow = cache.ticket();
        tokio::time::sleep(Duration::from_millis(150)).await;
        cache.keep(Key::Recipe(1), slow, ok("x", "\"a\"")).await;
        assert!(cache.get(&Key::Recipe(1)).is_some());
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            cache.get(&Key::Recipe(1)).is_none(),
            "kept past its read's start + lifetime"
        );
        // A read that took longer than the lifetime is not kept at all.
        let slower = cache.ticket();
        tokio::time::sleep(Duration::from_millis(220)).await;
        cache.keep(Key::Recipe(2), slower, ok("y", "\"b\"")).await;
        assert!(cache.get(&Key::Recipe(2)).is_none());
    }
}
