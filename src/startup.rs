//! `Application`: builds a server instance from [`Settings`] — connects and migrates the
//! database, loads the signing key, binds the listener — and runs it until a shutdown signal,
//! letting in-flight requests finish.
//!
//! Binding happens in `build`, so tests can ask for port 0 and read the chosen port.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use secrecy::ExposeSecret;
use tokio::net::TcpListener;

use crate::{
    auth::{PasswordHasher, TokenKeys, signing_key},
    config::{RateLimitSettings, Settings},
    domain::CursorKey,
    http::{self, RequestLimits},
    mail::{self, Postbox},
    media::Media,
    metrics::Metrics,
    outbound::Fetcher,
    rate_limits::{Limit, Limiter, RateLimits, SharedStore},
    read_cache::{CacheBus, ReadCache},
    server::{self, ConnectionLimits},
    state::{AppState, Shared},
    store::Store,
};

/// A built, bound, not yet running server.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    connections: ConnectionLimits,
    store: Store,
}

impl Application {
    /// Connects to the database, applies migrations and binds `settings.listen`.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let configured_key = signing_key::configured(settings.jwt_secret_key.as_ref())?;
        let store = Store::connect(&settings.database).await?;
        let key = match configured_key {
            Some(key) => key,
            None => signing_key::generated(&store, &settings.data_dir).await?,
        };
        let tokens = TokenKeys::new(
            key.expose_secret(),
            settings.access_token_ttl,
            settings.refresh_token_ttl,
        )
        .with_reuse_grace(settings.refresh_reuse_grace);
        let hasher = PasswordHasher::new(
            settings.password_hash_concurrency,
            settings.legacy_password_suffix.expose_secret(),
        )
        .await?;
        let media = Media::start(settings.media.clone(), &settings.data_dir).await?;
        media.sweep_in_background(store.clone());
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("could not listen on {}", settings.listen))?;
        let site = settings.public_url.clone().unwrap_or_else(|| {
            let address = listener
                .local_addr()
                .map_or_else(|_| settings.listen.to_string(), |a| a.to_string());
            format!("http://{address}")
        });
        if settings.mail.smtp_url.is_some() && settings.public_url.is_none() {
            tracing::warn!(%site, "PUBLIC_URL is not set: links in mail use the listen address");
        }
        let postbox = Postbox::new(key.expose_secret(), settings.mail.clone(), site)?;
        let cache_bus = match &settings.read_cache.bus {
            Some(url) if settings.read_cache.max_bytes > 0 => Some(Arc::new(CacheBus::new(
                url.expose_secret(),
                &settings.rate_limits.prefix,
            )?)),
            _ => None,
        };
        let state = AppState::new(Shared {
            store: store.clone(),
            tokens: Arc::new(tokens),
            cursors: CursorKey::derive(key.expose_secret()),
            hasher,
            password_policy: settings.password_policy,
            search_rank_window: settings.search_rank_window,
            read_cache: Arc::new(ReadCache::new(&settings.read_cache)),
            cache_bus: cache_bus.clone(),
            limits: Arc::new(rate_limits(&settings.rate_limits)?),
            metrics: Metrics::new(),
            media,
            public_url: settings.public_url.clone(),
            fetcher: Fetcher::new(settings.fetch.clone())
                .map_err(|err| anyhow::anyhow!("the import fetcher cannot start: {err}"))?,
            archive_max_bytes: settings.archive_max_bytes,
            ingredient_parse: store.parse_ingredients_in_background(),
            postbox,
            password_reset_ttl: settings.password_reset_ttl,
            email_verification_ttl: settings.email_verification_ttl,
            signup: settings.signup,
            require_verified_email_to_publish: settings.require_verified_email_to_publish,
        });
        if let Some(bus) = cache_bus {
            bus.listen(Arc::downgrade(&state.read_cache));
        } else if state.read_cache.is_on() {
            let cache = Arc::downgrade(&state.read_cache);
            store.watch_changes(move || {
                let Some(cache) = cache.upgrade() else {
                    return false;
                };
                cache.invalidate();
                true
            });
        }
        mail::spawn_worker(&state);
        forget_idle_keys(state.limits.clone());
        prune_score_changes(&state);
        let limits = RequestLimits {
            body_limit: settings.body_limit,
            request_timeout: settings.request_timeout,
        };
        let router = http::router(state, limits);
        let connections = ConnectionLimits {
            max_connections: settings.max_connections,
            idle_timeout: settings.header_read_timeout,
            drain_timeout: settings.request_timeout,
        };
        Ok(Self {
            listener,
            router,
            connections,
            store,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` completes, then waits for in-flight requests and closes the pool.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(address = %self.local_addr(), "recipe-api listening");
        server::serve(self.listener, self.router, self.connections, shutdown).await;
        self.store.close().await?;
        tracing::info!("recipe-api stopped");
        Ok(())
    }
}

/// The limits described by `settings`, kept in Redis when `RATE_LIMIT_STORE` names one.
fn rate_limits(settings: &RateLimitSettings) -> anyhow::Result<RateLimits> {
    const MINUTE: Duration = Duration::from_secs(60);
    let store = match &settings.store {
        Some(url) => Some(Arc::new(SharedStore::new(
            url.expose_secret(),
            &settings.prefix,
        )?)),
        None => None,
    };
    let limit = |name, limit, window| {
        Limit::new(
            name,
            Limiter::with_max_keys(limit, window, settings.max_keys),
            store.clone(),
        )
    };
    Ok(RateLimits {
        general: limit("general", settings.per_minute, MINUTE),
        auth: limit("auth", settings.auth_per_minute, MINUTE),
        login_per_account: limit("login", settings.login_attempts_per_account, 15 * MINUTE),
        resets_per_address: limit("resets", settings.resets_per_address, 60 * MINUTE),
        imports_per_account: limit("imports", settings.imports_per_hour, 60 * MINUTE),
        comments_per_account: limit("comments", settings.comments_per_hour, 60 * MINUTE),
        trusted_proxies: settings.trusted_proxies.clone(),
        store,
    })
}

/// Drops idle limiter keys every minute, so memory stays bounded by recent clients. Stops when
/// the server (the last holder of `limits`) is gone.
fn forget_idle_keys(limits: Arc<RateLimits>) {
    let limits = Arc::downgrade(&limits);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let Some(limits) = limits.upgrade() else {
                break;
            };
            limits.forget_idle();
        }
    });
}

/// Removes score changes no cursor needs any more every ten minutes (see
/// `Store::prune_score_changes`). Stops when the server is gone.
fn prune_score_changes(state: &AppState) {
    let state = state.downgrade();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let Some(state) = state.upgrade() else {
                break;
            };
            match state.store.prune_score_changes().await {
                Ok(0) => {}
                Ok(removed) => tracing::debug!(removed, "removed old score changes"),
                Err(err) => tracing::warn!(error = %err, "could not remove old score changes"),
            }
        }
    });
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received, finishing in-flight requests");
}
