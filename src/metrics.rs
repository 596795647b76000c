//! Prometheus metrics for `GET /metrics`: requests by route, method and status, their latency
//! as a histogram, the database pool, the password-hashing queue, and the process's memory.
//!
//! Each server instance owns its recorder (no global registry), so servers sharing a process
//! (the tests) do not mix their numbers.
//!
//! Every label value comes from a closed set, whatever clients send: the method is one of the
//! standard ones or `OTHER`, the route is a route template of the router or `<unmatched>`, and
//! the status is one the server answered. So the number of series — and the memory and the
//! size of `/metrics` — stays bounded however many distinct methods or paths clients invent. Request metrics are recorded as requests finish; the
//! gauges are read when `/metrics` is rendered. A background task drains the histograms'
//! samples every few seconds, so memory stays flat when nobody scrapes.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock, Weak},
    time::{Duration, Instant},
};

use axum::http::Method;
use metrics::{Counter, Histogram, Key, Label, Level, Metadata, Recorder};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

/// Latency buckets, seconds: 0.5 ms to 10 s.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
const METADATA: Metadata<'static> =
    Metadata::new(module_path!(), Level::INFO, Some(module_path!()));

/// One server's metrics. Cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    started: Instant,
    /// The request series' handles by route (a closed set, see the module's header).
    series: RwLock<HashMap<String, RouteSeries>>,
}

/// One route's request counters (by method and status) and latency histograms (by method).
#[derive(Default)]
struct RouteSeries {
    counters: Vec<(&'static str, u16, Counter)>,
    histograms: Vec<(&'static str, Histogram)>,
}

impl RouteSeries {
    fn counter(&self, method: &str, status: u16) -> Option<&Counter> {
        self.counters
            .iter()
            .find(|(m, s, _)| *m == method && *s == status)
            .map(|(_, _, counter)| counter)
    }

    fn histogram(&self, method: &str) -> Option<&Histogram> {
        self.histograms
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, histogram)| histogram)
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

/// Values read when `/metrics` is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    /// Connections open in the database pool, idle ones, and its maximum.
    pub pool_open: u32,
    pub pool_idle: u32,
    pub pool_max: u32,
    /// Password hashes running and waiting for a slot.
    pub hashes_running: usize,
    pub hashes_waiting: usize,
    /// Photo uploads being processed and waiting for a slot.
    pub images_running: usize,
    pub images_waiting: usize,
    /// Recipes whose ingredient lines the background parse has yet to rewrite.
    pub ingredient_parse_pending: u64,
    /// Transactions run again after losing to a concurrent one, since start.
    pub transaction_retries: u64,
    /// With `RATE_LIMIT_STORE`: whether its last check reached Redis, and how many checks fell
    /// back to the in-memory limits since start.
    pub rate_limit_store: Option<(bool, u64)>,
    /// With the read cache on: its hits, misses, invalidations and size.
    pub read_cache: Option<crate::read_cache::ReadCacheStats>,
    /// With `DATABASE_READ_URL`: the read replicas' state.
    pub read_replicas: Option<crate::store::ReplicaStats>,
}

impl Metrics {
    /// A fresh recorder, with a task that drains histogram samples while the metrics live.
    pub fn new() -> Metrics {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &LATENCY_BUCKETS,
            )
            .expect("non-empty buckets")
            .build_recorder();
        let handle = recorder.handle();
        let metrics = Metrics {
            inner: Arc::new(Inner {
                recorder,
                handle,
                started: Instant::now(),
                series: RwLock::default(),
            }),
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            upkeep(Arc::downgrade(&metrics.inner));
        }
        metrics
    }

    /// Records a finished request. `route` is the matched route template (`None`: no route
    /// matched). Once its series exist, this allocates nothing: their handles are kept by
    /// route, method and status.
    pub fn request(&self, method: &Method, route: Option<&str>, status: u16, latency: Duration) {
        let method = method_label(method);
        let route = route.unwrap_or(UNMATCHED);
        let (counter, histogram) = self.series(route, method, status);
        counter.increment(1);
        histogram.record(latency.as_secs_f64());
    }

    /// The request counter and latency histogram of `route`, `method` and `status`, registered
    /// on first use.
    fn series(&self, route: &str, method: &'static str, status: u16) -> (Counter, Histogram) {
        let kept = self.inner.series.read().ok().and_then(|series| {
            let of_route = series.get(route)?;
            Some((
                of_route.counter(method, status)?.clone(),
                of_route.histogram(method)?.clone(),
            ))
        });
        if let Some(handles) = kept {
            return handles;
        }
        let mut series = self
            .inner
            .series
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let of_route = series.entry(route.to_owned()).or_default();
        let counter = match of_route.counter(method, status) {
            Some(counter) => counter.clone(),
            None => {
                let labels = vec![
                    Label::new("method", method),
                    Label::new("route", route.to_owned()),
                    Label::new("status", status.to_string()),
                ];
                let key = Key::from_parts("http_requests_total", labels);
                let counter = self.inner.recorder.register_counter(&key, &METADATA);
                of_route.counters.push((method, status, counter.clone()));
                counter
            }
        };
        let histogram = match of_route.histogram(method) {
            Some(histogram) => histogram.clone(),
            None => {
                let labels = vec![
                    Label::new("method", method),
                    Label::new("route", route.to_owned()),
                ];
                let key = Key::from_parts("http_request_duration_seconds", labels);
                let histogram = self.inner.recorder.register_histogram(&key, &METADATA);
                of_route.histograms.push((method, histogram.clone()));
                histogram
            }
        };
        (counter, histogram)
    }

    /// The Prometheus text exposition, with `gauges` as they are now.
    pub fn render(&self, gauges: Gauges) -> String {
        let values = [
            (
                "db_pool_connections",
                Some(("state", "open")),
                f64::from(gauges.pool_open),
            ),
            (
                "db_pool_connections",
                Some(("state", "idle")),
                f64::from(gauges.pool_idle),
            ),
            ("db_pool_max_connections", None, f64::from(gauges.pool_max)),
            ("password_hash_running", None, gauges.hashes_running as f64),
            ("password_hash_waiting", None, gauges.hashes_waiting as f64),
            (
                "image_processing_running",
                None,
                gauges.images_running as f64,
            ),
            (
                "image_processing_waiting",
                None,
                gauges.images_waiting as f64,
            ),
            (
                "ingredient_parse_pending",
                None,
                gauges.ingredient_parse_pending as f64,
            ),
            (
                "process_resident_memory_bytes",
                None,
                resident_bytes().unwrap_or(0) as f64,
            ),
            (
                "process_uptime_seconds",
                None,
                self.inner.started.elapsed().as_secs_f64(),
            ),
        ];
        self.inner
            .recorder
            .register_counter(&Key::from_name("db_transaction_retries_total"), &METADATA)
            .absolute(gauges.transaction_retries);
        if let Some((up, errors)) = gauges.rate_limit_store {
            self.inner
                .recorder
                .register_gauge(&Key::from_name("rate_limit_store_up"), &METADATA)
                .set(if up { 1.0 } else { 0.0 });
            self.inner
                .recorder
                .register_counter(&Key::from_name("rate_limit_store_errors_total"), &METADATA)
                .absolute(errors);
        }
        if let Some(cache) = gauges.read_cache {
            let recorder = &self.inner.recorder;
            for (name, value) in [
                ("read_cache_hits_total", cache.hits),
                ("read_cache_misses_total", cache.misses),
                ("read_cache_invalidations_total", cache.invalidations),
            ] {
                recorder
                    .register_counter(&Key::from_name(name), &METADATA)
                    .absolute(value);
            }
            recorder
                .register_gauge(&Key::from_name("read_cache_bytes"), &METADATA)
                .set(cache.bytes as f64);
        }
        if let Some(replicas) = gauges.read_replicas {
            let recorder = &self.inner.recorder;
            for (state, count) in [("configured", replicas.configured), ("fit", replicas.fit)] {
                let labels = vec![Label::new("state", state)];
                recorder
                    .register_gauge(&Key::from_parts("db_read_replicas", labels), &METADATA)
                    .set(count as f64);
            }
            recorder
                .register_gauge(&Key::from_name("db_read_replica_lag_seconds"), &METADATA)
                .set(replicas.largest_lag);
            recorder
                .register_counter(&Key::from_name("db_read_replica_reads_total"), &METADATA)
                .absolute(replicas.reads);
            recorder
                .register_counter(
                    &Key::from_name("db_read_replica_fallbacks_total"),
                    &METADATA,
                )
                .absolute(replicas.fallbacks);
        }
        for (name, label, value) in values {
            let labels: Vec<Label> = label.map(|(k, v)| Label::new(k, v)).into_iter().collect();
            self.inner
                .recorder
                .register_gauge(&Key::from_parts(name, labels), &METADATA)
                .set(value);
        }
        self.inner.handle.render()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// The `route` label of requests that matched no route.
pub const UNMATCHED: &str = "<unmatched>";

/// The `method` label of `method`: a standard method's name, else `OTHER` (clients may send any
/// token as a method).
pub fn method_label(method: &Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "OTHER",
    }
}

fn upkeep(inner: Weak<Inner>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            let Some(inner) = inner.upgrade() else {
                break;
            };
            inner.handle.run_upkeep();
        }
    });
}

/// The process's resident set size, from `/proc/self/statm` (Linux; `None` elsewhere).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_and_gauges_are_rendered_per_instance() {
        let metrics = Metrics::new();
        let other = Metrics::new();
        let route = Some("/recipes/{id}");
        metrics.request(&Method::GET, route, 200, Duration::from_millis(3));
        metrics.request(&Method::GET, route, 200, Duration::from_millis(30));
        metrics.request(
            &Method::POST,
            Some("/users/login"),
            401,
            Duration::from_millis(80),
        );
        let text = metrics.render(Gauges {
            pool_open: 3,
            pool_idle: 2,
            pool_max: 10,
            hashes_running: 1,
            hashes_waiting: 4,
            images_running: 2,
            images_waiting: 7,
            ingredient_parse_pending: 3,
            transaction_retries: 6,
            rate_limit_store: Some((false, 5)),
            read_cache: Some(crate::read_cache::ReadCacheStats {
                hits: 9,
                misses: 1,
                invalidations: 2,
                bytes: 4_096,
            }),
            read_replicas: Some(crate::store::ReplicaStats {
                configured: 2,
                fit: 1,
                largest_lag: 0.25,
                reads: 40,
                fallbacks: 3,
            }),
        });
        assert!(text.contains("db_transaction_retries_total 6\n"), "{text}");
        assert!(
            text.contains("db_read_replicas{state=\"fit\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("db_read_replica_lag_seconds 0.25\n"),
            "{text}"
        );
        assert!(text.contains("db_read_replica_reads_total 40\n"), "{text}");
        assert!(
            text.contains("db_read_replica_fallbacks_total 3\n"),
            "{text}"
        );
        assert!(text.contains("rate_limit_store_up 0\n"), "{text}");
        assert!(text.contains("rate_limit_store_errors_total 5\n"), "{text}");
        assert!(
            text.contains(
                r#"http_requests_total{method="GET",route="/recipes/{id}",status="200"} 2"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"http_requests_total{method="POST",route="/users/login",status="401"} 1"#
            )
        );
        assert!(
            text.contains(r#"http_request_duration_seconds_bucket{method="GET",route="/recipes/{id}",le="0.005"} 1"#),
            "{text}"
        );
        assert!(text.contains(
            r#"http_request_duration_seconds_count{method="GET",route="/recipes/{id}"} 2"#
        ));
        assert!(text.contains(r#"db_pool_connections{state="idle"} 2"#));
        assert!(text.contains("password_hash_waiting 4"));
        assert!(text.contains("image_processing_running 2"));
        assert!(text.contains("image_processing_waiting 7"));
        assert!(text.contains("ingredient_parse_pending 3"));
        assert!(
            !other
                .render(Gauges::default())
                .contains("http_requests_total")
        );
    }

    #[tokio::test]
    async fn invented_methods_share_one_label() {
        let metrics = Metrics::new();
        for n in 0..1_000 {
            let method = Method::from_bytes(format!("M{n:07}XXXX").as_bytes()).unwrap();
            metrics.request(&method, None, 405, Duration::from_millis(1));
        }
        let text = metrics.render(Gauges::default());
        assert!(
            text.contains(
                r#"http_requests_total{method="OTHER",route="<unmatched>",status="405"} 1000"#
            ),
            "{text}"
        );
        assert!(!text.contains("XXXX"));
        assert!(text.len() < 10_000, "{} bytes", text.len());
        assert_eq!(method_label(&Method::PATCH), "PATCH");
    }
}
