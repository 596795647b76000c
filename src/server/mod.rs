//! The connection loop: accepts TCP connections and serves HTTP/1.1 and HTTP/2 on them with
//! the router, so that slow, idle or hostile clients cannot take the server's capacity.
//!
//! - At most `max_connections` connections are served at once. At the cap the server stops
//!   accepting; new clients wait in the kernel's listen queue until a connection closes.
//! - A client must send a request's headers within `idle_timeout` — on a new connection (its
//!   first bytes too, before hyper knows whether it speaks HTTP/1 or HTTP/2) and between
//!   requests on a kept-alive one — or its connection is closed. A body that stalls is cut off
//!   by the request timeout (see `http::layers`).
//! - Any connection with no request in flight for `idle_timeout` is asked to close (HTTP/2:
//!   `GOAWAY`), however busy the client keeps it otherwise (HTTP/2 pings and settings are not
//!   requests); one asked to close — idle, or at shutdown — is dropped if it has not finished
//!   within `drain_timeout`.
//! - An HTTP/2 connection carries at most [`HTTP2_MAX_STREAMS`] requests at once, with bounded
//!   flow-control windows (the data a client may send ahead).
//! - A write the client does not read for `idle_timeout` fails the connection, and hyper's own
//!   answers to unparsable requests carry the JSON error envelope (see [`guarded_io`]).
//! - On shutdown the listener closes at once, in-flight requests finish, idle connections close.
//!
//! Each request carries the peer's address (`ConnectInfo`) for the rate limiter.

mod guarded_io;

use std::{future::Future, pin::pin, sync::Arc, time::Duration};

use axum::{Router, extract::ConnectInfo, http::Request};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::conn::auto,
    service::TowerToHyperService,
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::{Semaphore, watch},
};
use tower::ServiceExt;

use guarded_io::GuardedStream;

/// Requests one HTTP/2 connection may have in flight at once.
pub const HTTP2_MAX_STREAMS: u32 = 100;
/// Bytes an HTTP/2 client may send ahead on one request, and on one connection in all.
const HTTP2_STREAM_WINDOW: u32 = 256 * 1024;
const HTTP2_CONNECTION_WINDOW: u32 = 512 * 1024;

/// Limits on connections.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Time a client has to send a request's headers; also how long a connection may stay
    /// without a request in flight, and how long a write may wait for the client to read.
    pub idle_timeout: Duration,
    /// Time a connection asked to close has to finish its requests.
    pub drain_timeout: Duration,
}

/// Serves `router` on `listener` until `shutdown` completes, then lets in-flight requests
/// finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let max_connections = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let permits = Arc::new(Semaphore::new(max_connections));
    let (stopping, stop) = watch::channel(false);
    let builder = Arc::new(builder(limits));
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
        let router = router.clone();
        let builder = builder.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            serve_connection(stream, peer, router, &builder, limits, stop).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    // Every connection holds a permit until it is gone.
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let _ = permits.acquire_many(all).await;
}

/// The HTTP/1 and HTTP/2 settings of every connection.
fn builder(limits: ConnectionLimits) -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.idle_timeout)
        .keep_alive_timeout(limits.idle_timeout)
        .max_concurrent_streams(HTTP2_MAX_STREAMS)
        .initial_stream_window_size(HTTP2_STREAM_WINDOW)
        .initial_connection_window_size(HTTP2_CONNECTION_WINDOW);
    builder
}

/// Serves one connection until it ends, is idle for too long, or the server stops.
async fn serve_connection(
    stream: TcpStream,
    peer: std::net::SocketAddr,
    router: Router,
    builder: &auto::Builder<TokioExecutor>,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
) {
    // hyper's own header timeout starts once it knows the protocol, which takes the client's
    // first bytes: a client that sends none must not hold a slot forever.
    if !speaks_in_time(&stream, limits.idle_timeout).await {
        return;
    }
    let (in_flight, mut activity) = watch::channel(0usize);
    let in_flight = Arc::new(in_flight);
    let service = router
        .map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        })
        .map_future(move |answer| {
            let in_flight = in_flight.clone();
            in_flight.send_modify(|count| *count += 1);
            async move {
                let answer = answer.await;
                in_flight.send_modify(|count| *count -= 1);
                answer
            }
        });
    let io = TokioIo::new(GuardedStream::new(stream, limits.idle_timeout));
    let connection = builder.serve_connection(io, TowerToHyperService::new(service));
    let mut connection = pin!(connection);
    let closing = tokio::select! {
        ended = connection.as_mut() => {
            if let Err(error) = ended {
                tracing::debug!(%error, %peer, "connection ended with an error");
            }
            return;
        }
        () = idle_for(&mut activity, limits.idle_timeout) => "idle",
        _ = stop.wait_for(|stopping| *stopping) => "server stopping",
    };
    tracing::debug!(%peer, why = closing, "closing the connection");
    connection.as_mut().graceful_shutdown();
    match tokio::time::timeout(limits.drain_timeout, connection).await {
        Ok(Err(error)) => tracing::debug!(%error, %peer, "connection ended with an error"),
        Ok(Ok(())) => {}
        Err(_) => tracing::debug!(%peer, "connection dropped: it did not finish in time"),
    }
}

/// Completes once no request has been in flight (the count `activity` carries) for `limit`.
async fn idle_for(activity: &mut watch::Receiver<usize>, limit: Duration) {
    loop {
        if *activity.borrow_and_update() == 0 {
            if tokio::time::timeout(limit, activity.changed())
                .await
                .is_err()
            {
                return;
            }
        } else if activity.changed().await.is_err() {
            // The connection is gone; its own future ends the select.
            std::future::pending::<()>().await;
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_is_idle_only_without_a_request_in_flight_for_the_whole_limit() {
        let limit = Duration::from_millis(300);
        let (count, mut activity) = watch::channel(0usize);
        let started = std::time::Instant::now();
        let busy = tokio::spawn(async move {
            count.send_modify(|c| *c += 1);
            tokio::time::sleep(Duration::from_millis(500)).await;
            count.send_modify(|c| *c -= 1);
            tokio::time::sleep(Duration::from_secs(5)).await;
            drop(count);
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        idle_for(&mut activity, limit).await;
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(780), "idle after {took:?}");
        assert!(took < Duration::from_secs(3), "idle after {took:?}");
        busy.abort();
    }
}
