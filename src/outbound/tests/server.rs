//! A tiny hand-written HTTP/1.1 responder on a loopback port, so tests control every byte
//! (lying Content-Lengths, endless chunked bodies, stalls) and can count connections: a
//! refusal must happen before any connection.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
pub enum Reply {
    /// Writes these bytes and closes.
    Send(Vec<u8>),
    /// Writes these bytes, then holds the connection open without a word.
    SendThenStall(Vec<u8>),
    /// Waits, then writes these bytes and closes.
    After(Duration, Vec<u8>),
}

type Route = dyn Fn(&str) -> Reply + Send + Sync;

pub struct TestServer {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Seen>>,
}

#[derive(Default)]
struct Seen {
    connections: usize,
    requests: Vec<String>,
}

impl TestServer {
    /// A server on 127.0.0.1; `route` maps a request path to its reply.
    pub async fn start(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_on("127.0.0.1:0", route)
            .await
            .expect("bind 127.0.0.1")
    }

    /// A server on another loopback address ("[::1]:0", "127.0.0.2:0"), where the sandbox
    /// offers it.
    pub async fn start_on(
        bind: &str,
        route: impl Fn(&str) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(bind).await?;
        let addr = listener.local_addr()?;
        assert!(addr.ip().is_loopback(), "test servers stay on loopback");
        let seen = Arc::new(Mutex::new(Seen::default()));
        let route: Arc<Route> = Arc::new(route);
        let counted = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                counted.lock().unwrap().connections += 1;
                tokio::spawn(answer(stream, Arc::clone(&route), Arc::clone(&counted)));
            }
        });
        Ok(Self { addr, seen })
    }

    /// `http://` + this server's address + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.seen.lock().unwrap().connections
    }

    /// The heads (request line and headers) of the requests received, in order.
    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().requests.clone()
    }
}

async fn answer(mut stream: TcpStream, route: Arc<Route>, seen: Arc<Mutex<Seen>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 16 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
    seen.lock().unwrap().requests.push(head);
    let (delay, bytes, stall) = match route(&path) {
        Reply::Send(bytes) => (Duration::ZERO, bytes, false),
        Reply::SendThenStall(bytes) => (Duration::ZERO, bytes, true),
        Reply::After(delay, bytes) => (delay, bytes, false),
    };
    tokio::time::sleep(delay).await;
    if stream.write_all(&bytes).await.is_err() {
        return;
    }
    if stall {
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
    let _ = stream.shutdown().await;
}

/// A complete answer with a body.
pub fn ok(content_type: &str, body: &[u8]) -> Reply {
    Reply::Send(response("200 OK", &[("Content-Type", content_type)], body))
}

/// A redirect with this status ("302 Found") to `location`.
pub fn redirect(status: &str, location: &str) -> Reply {
    Reply::Send(response(status, &[("Location", location)], b""))
}

/// An answer with a status line ("404 Not Found") and a short text body.
pub fn status(status: &str) -> Reply {
    Reply::Send(response(
        status,
        &[("Content-Type", "text/plain")],
        status.as_bytes(),
    ))
}

/// The bytes of an HTTP/1.1 answer with a Content-Length; the connection closes after it.
pub fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// A chunked answer of `chunks` chunks of `size` bytes each, without an end.
pub fn chunked(content_type: &str, chunks: usize, size: usize) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..chunks {
        out.extend_from_slice(format!("{size:x}\r\n").as_bytes());
        out.extend(std::iter::repeat_n(b'x', size));
        out.extend_from_slice(b"\r\n");
    }
    out
}
