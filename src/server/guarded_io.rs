//! `GuardedStream`: a client connection's socket as the HTTP server sees it, with two guards.
//!
//! - **Stalled writes.** A write (or flush) that makes no progress for the stall limit fails the
//!   connection: a client that stops reading its answers cannot hold a connection slot for ever
//!   (the header-read and request timeouts only cover what the client sends).
//! - **JSON for hyper's own answers.** When a request cannot be parsed as HTTP at all, hyper
//!   answers by itself, before any of our code runs, with an empty body: `400 Bad Request`,
//!   `414 URI Too Long` or `431 Request Header Fields Too Large`, `content-length: 0` and
//!   `connection: close`. Those exact heads are recognised as they are written and replaced with
//!   the same status carrying the JSON error envelope. The application never writes such a head
//!   (its error answers always carry a JSON body), so nothing else is touched.

use std::{
    future::Future,
    io,
    pin::Pin,
    task::{Context, Poll, ready},
    time::Duration,
};

use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    time::Sleep,
};

use crate::error::{ErrorBody, ErrorCode};

/// The parse-error answers hyper writes itself: status line, our code and message.
const CANNED: [(&[u8], ErrorCode, &str); 3] = [
    (
        b"HTTP/1.1 400 Bad Request\r\n",
        ErrorCode::BadRequest,
        "the request is not valid HTTP",
    ),
    (
        b"HTTP/1.1 414 URI Too Long\r\n",
        ErrorCode::UriTooLong,
        "the request's URI is too long",
    ),
    (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
        ErrorCode::HeadersTooLarge,
        "the request's headers are too large or too many",
    ),
];

/// A connection's stream with the guards described in the module documentation.
pub struct GuardedStream<S> {
    inner: S,
    stall_limit: Duration,
    /// Running while the socket refuses to take more bytes.
    stall: Option<Pin<Box<Sleep>>>,
    /// A rewritten answer and how much of it is written.
    replacement: Vec<u8>,
    written: usize,
}

impl<S> GuardedStream<S> {
    /// Wraps `inner`; a write that makes no progress for `stall_limit` fails.
    pub fn new(inner: S, stall_limit: Duration) -> Self {
        Self {
            inner,
            stall_limit,
            stall: None,
            replacement: Vec::new(),
            written: 0,
        }
    }
}

impl<S: AsyncWrite + Unpin> GuardedStream<S> {
    /// `result` of a write-side call, with the stall timer started, kept or cleared.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match result {
            Poll::Ready(result) => {
                self.stall = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let limit = self.stall_limit;
                let stall = self
                    .stall
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                if stall.as_mut().poll(cx).is_ready() {
                    Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client read nothing for too long",
                    )))
                } else {
                    Poll::Pending
                }
            }
        }
    }

    /// Writes what is left of a rewritten answer.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.replacement.len() {
            let result =
                Pin::new(&mut self.inner).poll_write(cx, &self.replacement[self.written..]);
            match ready!(self.watch(cx, result)) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => self.written += n,
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
        self.replacement.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }

    /// Takes over `buf` if it is one of hyper's canned answers: queues its replacement and
    /// reports `buf` written.
    fn rewrite(&mut self, cx: &mut Context<'_>, buf: &[u8]) -> Option<Poll<io::Result<usize>>> {
        let replacement = json_answer(buf)?;
        self.replacement = replacement;
        self.written = 0;
        // Whatever does not fit now is written by the next write, flush or shutdown.
        if let Poll::Ready(Err(error)) = self.drain(cx) {
            return Some(Poll::Ready(Err(error)));
        }
        Some(Poll::Ready(Ok(buf.len())))
    }
}

/// The JSON answer replacing `head` if it is one of hyper's canned answers.
fn json_answer(head: &[u8]) -> Option<Vec<u8>> {
    if !head.starts_with(b"HTTP/1.1 4") || !head.ends_with(b"\r\n\r\n") {
        return None;
    }
    let (status_line, code, message) = CANNED
        .iter()
        .find(|(status_line, _, _)| head.starts_with(status_line))?;
    let headers = std::str::from_utf8(&head[status_line.len()..head.len() - 2]).ok()?;
    let lines: Vec<&str> = headers.split_terminator("\r\n").collect();
    if !lines.contains(&"content-length: 0") || !lines.contains(&"connection: close") {
        return None;
    }
    let body = serde_json::to_vec(&ErrorBody {
        error: message,
        code: *code,
        fields: None,
    })
    .ok()?;
    let mut answer = status_line.to_vec();
    for line in lines {
        if line != "content-length: 0" {
            answer.extend_from_slice(line.as_bytes());
            answer.extend_from_slice(b"\r\n");
        }
    }
    answer.extend_from_slice(b"content-type: application/json\r\n");
    answer.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    answer.extend_from_slice(&body);
    Some(answer)
}

impl<S: AsyncRead + Unpin> AsyncRead for GuardedStream<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for GuardedStream<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        if let Some(answer) = this.rewrite(cx, buf) {
            return answer;
        }
        let result = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.watch(cx, result)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        if let Some(first) = bufs.iter().find(|buf| !buf.is_empty())
            && let Some(answer) = this.rewrite(cx, first)
        {
            return answer;
        }
        let result = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.watch(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        let result = Pin::new(&mut this.inner).poll_flush(cx);
        this.watch(cx, result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        ready!(this.drain(cx))?;
        let result = Pin::new(&mut this.inner).poll_shutdown(cx);
        this.watch(cx, result)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    #[test]
    fn hyper_s_empty_parse_error_answers_get_the_json_envelope() {
        let head = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\n\
                     content-length: 0\r\ndate: Wed, 02 Dec 2026 13:18:41 GMT\r\n\r\n";
        let answer = String::from_utf8(json_answer(head).unwrap()).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"));
        assert!(head.contains("\r\nconnection: close"));
        assert!(head.contains("\r\ndate: Wed, 02 Dec 2026 13:18:41 GMT"));
        assert!(head.contains("\r\ncontent-type: application/json"));
        assert!(head.contains(&format!("\r\ncontent-length: {}", body.len())));
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["code"], "headers_too_large");
    }

    #[test]
    fn other_answers_are_left_alone() {
        for head in [
            &b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
        ] {
            assert!(json_answer(head).is_none(), "{}", String::from_utf8_lossy(head));
        }
    }

    #[tokio::test]
    async fn a_rewritten_answer_larger_than_the_socket_takes_at_once_is_written_whole() {
        let (client, server) = tokio::io::duplex(16);
        let mut guarded = GuardedStream::new(server, Duration::from_secs(5));
        let reader = tokio::spawn(async move {
            let mut client = client;
            let mut all = Vec::new();
            client.read_to_end(&mut all).await.unwrap();
            all
        });
        let head = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        guarded.write_all(head).await.unwrap();
        guarded.shutdown().await.unwrap();
        drop(guarded);
        let all = String::from_utf8(reader.await.unwrap()).unwrap();
        assert!(all.ends_with(r#""code":"bad_request"}"#), "{all}");
    }

    #[tokio::test]
    async fn a_write_the_peer_never_reads_fails_after_the_stall_limit() {
        let (_client, server) = tokio::io::duplex(64);
        let mut guarded = GuardedStream::new(server, Duration::from_millis(200));
        let started = std::time::Instant::now();
        let error = guarded.write_all(&[b'x'; 1024]).await.unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        let took = started.elapsed();
        assert!(
            took >= Duration::from_millis(190) && took < Duration::from_secs(3),
            "{took:?}"
        );
    }
}
