//! An SMTP server for the tests: it speaks enough real SMTP over TCP (RFC 5321: greeting,
//! EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) to receive what
//! recipe-api sends, keeps every message, and can be stopped and started again on the same
//! port to play an SMTP outage. Every registration mails a verification link: a sink from
//! [`SmtpSink::start`] leaves those out (the tests of other mail count theirs), one from
//! [`SmtpSink::start_keeping_all`] keeps them too.

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
    task::JoinHandle,
};

/// A message as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    /// The message (headers and body), CRLF line ends, dot-unstuffed.
    pub data: String,
}

impl Received {
    /// The subject, decoded.
    pub fn subject(&self) -> String {
        let parsed = mailparse::parse_mail(self.data.as_bytes()).expect("a message parses");
        parsed
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case("subject"))
            .map(|h| h.get_value())
            .unwrap_or_default()
    }

    /// The decoded bodies of the text/plain and text/html parts.
    pub fn bodies(&self) -> (String, String) {
        let parsed = mailparse::parse_mail(self.data.as_bytes()).expect("a message parses");
        let (mut text, mut html) = (String::new(), String::new());
        let mut parts = vec![&parsed];
        while let Some(part) = parts.pop() {
            match part.ctype.mimetype.as_str() {
                "text/plain" => text = part.get_body().expect("a text body"),
                "text/html" => html = part.get_body().expect("an HTML body"),
                _ => parts.extend(part.subparts.iter()),
            }
        }
        (text, html)
    }

    /// Whether it is an email verification (its link goes to `/verify-email`).
    pub fn is_verification(&self) -> bool {
        self.bodies().0.contains("/verify-email#token=")
    }

    /// The token of the link (reset or verification) in the text body.
    pub fn reset_token(&self) -> String {
        let (text, _) = self.bodies();
        let start = text.find("#token=").expect("a reset link") + "#token=".len();
        text[start..]
            .split_whitespace()
            .next()
            .expect("a token")
            .to_owned()
    }
}

/// The running (or stopped) server.
pub struct SmtpSink {
    address: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: Option<JoinHandle<()>>,
    /// Whether verification messages are kept.
    keep_verifications: bool,
}

impl SmtpSink {
    /// A server on a free loopback port that keeps every message but email verifications.
    pub async fn start() -> SmtpSink {
        Self::bind(false).await
    }

    /// A server on a free loopback port that keeps every message.
    pub async fn start_keeping_all() -> SmtpSink {
        Self::bind(true).await
    }

    async fn bind(keep_verifications: bool) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let mut sink = SmtpSink {
            address: listener.local_addr().unwrap(),
            received: Arc::default(),
            task: None,
            keep_verifications,
        };
        sink.serve(listener);
        sink
    }

    /// `smtp://127.0.0.1:<port>` (plain SMTP, no TLS: loopback only).
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// Stops accepting connections (and drops the open ones): an SMTP outage.
    pub fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Starts again on the same port.
    pub async fn restart(&mut self) {
        self.stop();
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.address).await {
                Ok(listener) => break listener,
                Err(err) if tries < 50 => {
                    tries += 1;
                    let _ = err;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(err) => panic!("cannot listen on {} again: {err}", self.address),
            }
        };
        self.serve(listener);
    }

    fn serve(&mut self, listener: TcpListener) {
        let received = self.received.clone();
        let keep_verifications = self.keep_verifications;
        self.task = Some(tokio::spawn(async move {
            let mut sessions = tokio::task::JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let received = received.clone();
                sessions.spawn(async move {
                    let _ = session(stream, received, keep_verifications).await;
                });
            }
        }));
    }

    /// Every message received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until at least `count` messages arrived (fails after `within`); returns them all.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{} of {count} messages arrived within {within:?}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The messages to `address`.
    pub fn to(&self, address: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|m| m.to.iter().any(|to| to == address))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One SMTP conversation.
async fn session(
    stream: TcpStream,
    received: Arc<Mutex<Vec<Received>>>,
    keep_verifications: bool,
) -> std::io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut lines = BufReader::new(reader);
    writer.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if command.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if command.starts_with("MAIL FROM:") {
            to.clear();
            b"250 OK\r\n"
        } else if command.starts_with("RCPT TO:") {
            let address = line.trim_end()["RCPT TO:".len()..]
                .trim()
                .trim_start_matches('<')
                .split('>')
                .next()
                .unwrap_or_default()
                .to_owned();
            to.push(address);
            b"250 OK\r\n"
        } else if command == "DATA" {
            writer
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let message = Received {
                to: std::mem::take(&mut to),
                data,
            };
            if keep_verifications || !message.is_verification() {
                received.lock().unwrap().push(message);
            }
            b"250 OK: queued\r\n"
        } else if command == "RSET" || command == "NOOP" {
            b"250 OK\r\n"
        } else if command == "QUIT" {
            writer.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        writer.write_all(reply).await?;
    }
}
