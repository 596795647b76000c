//! The connection loop: accepts TCP connections and serves HTTP/1.1 and HTTP/2 on them with
//! the router, so that slow or idle clients cannot take the server's capacity.
//!
//! - At most `max_connections` connections are served at once. At the cap the server stops
//!   accepting; new clients wait in the kernel's listen queue until a connection closes.
//! - A client must send a request's headers within `header_read_timeout` — on a new connection
//!   (its first bytes too, before hyper knows whether it speaks HTTP/1 or HTTP/2) and between
//!   requests on a kept-alive one — or its connection is closed. A body that
//!   stalls is cut off by the request timeout (see `http::middleware`).
//! - On shutdown the listener closes at once, in-flight requests finish, idle connections close.
//!
//! Each request carries the peer's address (`ConnectInfo`) for the rate limiter.

use std::{future::Future, pin::pin, sync::Arc, time::Duration};

use axum::{Router, extract::ConnectInfo, http::Request};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::Semaphore,
};
use tower::ServiceExt;

/// Limits on connections.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Time a client has to send a request's headers.
    pub header_read_timeout: Duration,
}

/// Serves `router` on `listener` until `shutdown` completes, then lets in-flight requests
/// finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.header_read_timeout)
        .keep_alive_timeout(limits.header_read_timeout);
    let mut shutdown = pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors or a connection reset before it was accepted:
                    // not the server's end. Pause briefly instead of spinning.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = router
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let builder = builder.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            // hyper's own header timeout starts once it knows the protocol, which takes the
            // client's first bytes: a client that sends none must not hold a slot forever.
            if !speaks_in_time(&stream, limits.header_read_timeout).await {
                drop(permit);
                return;
            }
            let connection =
                builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            if let Err(error) = watcher.watch(connection).await {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// The first bytes of an HTTP/2 connection (prior knowledge).
const HTTP2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Whether the client sends enough to tell its protocol within `limit`: any bytes that are not
/// the start of the HTTP/2 preface, the whole preface, or a close.
async fn speaks_in_time(stream: &TcpStream, limit: Duration) -> bool {
    let mut first = [0u8; HTTP2_PREFACE.len()];
    let told = async {
        loop {
            let n = stream.peek(&mut first).await?;
            if n == 0 || n == first.len() || first[..n] != HTTP2_PREFACE[..n] {
                return Ok::<_, std::io::Error>(());
            }
            // Part of the preface so far: the rest is on its way (peek would not wait).
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    matches!(tokio::time::timeout(limit, told).await, Ok(Ok(())))
}
