//! Slow and abusive clients: idle connections, headers that never end, stalled bodies and a
//! full connection table do not stop the server from serving others.

use std::time::{Duration, Instant};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use axum::http::StatusCode;

use crate::backends::Backend;
use crate::helpers::{TestApp, test_app};

fn host(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_owned()
}

/// Waits until the server closes `stream` (EOF or reset) and returns how long that took; reads
/// (and ignores) anything it sends first.
async fn closed_after(stream: &mut TcpStream, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit, stream.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return started.elapsed(),
            Ok(Ok(_)) => continue,
            Err(_) => panic!("the connection is still open after {limit:?}"),
        }
    }
}

#[tokio::test]
async fn five_hundred_idle_connections_do_not_stop_normal_requests() {
    let app = test_app!(Backend::Sqlite);
    let mut idle = Vec::new();
    for n in 0..500 {
        let mut stream = TcpStream::connect(host(&app)).await.unwrap();
        if n % 2 == 0 {
            // Half of them start a request and never finish its headers.
            stream
                .write_all(b"GET /recipes HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .await
                .unwrap();
        }
        idle.push(stream);
    }
    let started = Instant::now();
    let requests = (0..50).map(|_| app.get("/recipes", None));
    for reply in futures_util::future::join_all(requests).await {
        reply.assert_success();
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "50 requests took {took:?}");
    drop(idle);
}

#[tokio::test]
async fn headers_that_never_end_and_idle_connections_are_cut_off() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.header_read_timeout = Duration::from_secs(1);
    });
    // A request whose headers stop halfway.
    let mut slow = TcpStream::connect(host(&app)).await.unwrap();
    slow.write_all(b"GET /livez HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let took = closed_after(&mut slow, Duration::from_secs(5)).await;
    assert!(
        took >= Duration::from_millis(900),
        "closed too early: {took:?}"
    );
    // A connection that never says anything.
    let mut silent = TcpStream::connect(host(&app)).await.unwrap();
    closed_after(&mut silent, Duration::from_secs(5)).await;
    // A kept-alive connection is served, then closed once idle for as long.
    let mut kept = TcpStream::connect(host(&app)).await.unwrap();
    kept.write_all(b"GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut head = [0u8; 12];
    kept.read_exact(&mut head).await.unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
    closed_after(&mut kept, Duration::from_secs(5)).await;
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_with_a_timeout() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.request_timeout = Duration::from_secs(1);
    });
    let mut stream = TcpStream::connect(host(&app)).await.unwrap();
    stream
        .write_all(
            b"POST /users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"email\":",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains(r#""code":"timeout""#), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn at_the_connection_cap_new_clients_wait_for_a_free_slot() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.max_connections = 10;
        s.header_read_timeout = Duration::from_secs(2);
    });
    let mut idle = Vec::new();
    for _ in 0..10 {
        idle.push(TcpStream::connect(host(&app)).await.unwrap());
    }
    // Let the server accept all ten before the next client comes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    app.get("/livez", None).await.assert_success_status();
    let waited = started.elapsed();
    // Served once the idle connections were cut off (header timeout), not before.
    assert!(
        waited >= Duration::from_millis(1_500),
        "served after {waited:?}: no cap?"
    );
    assert!(waited < Duration::from_secs(6), "served after {waited:?}");
    drop(idle);
}

/// An HTTP/2 connection (prior knowledge) that answers pings and settings but sends no
/// request; the task ends when the server closes it.
async fn idle_http2_connection(app: &TestApp) -> tokio::task::JoinHandle<()> {
    let stream = TcpStream::connect(host(app)).await.unwrap();
    let (client, connection) = h2::client::handshake(stream).await.unwrap();
    tokio::spawn(async move {
        let _client = client; // kept open, never used
        let _ = connection.await;
    })
}

#[tokio::test]
async fn idle_http2_connections_are_closed_and_free_their_slots() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.max_connections = 20;
        s.header_read_timeout = Duration::from_secs(1);
    });
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(idle_http2_connection(&app).await);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    tokio::time::timeout(Duration::from_secs(5), app.get("/livez", None))
        .await
        .expect("served once the idle HTTP/2 connections were closed")
        .assert_success_status();
    // Every idle connection was closed by the server.
    for connection in idle {
        tokio::time::timeout(Duration::from_secs(5), connection)
            .await
            .expect("the server closed the idle HTTP/2 connection")
            .unwrap();
    }
}

#[tokio::test]
async fn an_http2_connection_is_kept_while_it_has_requests_and_bounds_them() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.header_read_timeout = Duration::from_secs(1);
    });
    let stream = TcpStream::connect(host(&app)).await.unwrap();
    let (client, connection) = h2::client::handshake(stream).await.unwrap();
    let driver = tokio::spawn(connection);
    let mut client = client.ready().await.unwrap();
    // Requests every half second for three seconds: longer than the idle limit, never idle.
    for _ in 0..6 {
        let request = axum::http::Request::get(format!("{}/livez", app.address))
            .body(())
            .unwrap();
        let (answer, _) = client.send_request(request, true).unwrap();
        assert_eq!(answer.await.unwrap().status(), StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(500)).await;
        client = client.ready().await.expect("the connection is still open");
    }
    assert_eq!(
        client.current_max_send_streams(),
        recipe_api::server::HTTP2_MAX_STREAMS as usize
    );
    drop(client);
    let _ = driver.await;
}

#[tokio::test]
async fn a_client_that_stops_reading_its_answers_is_cut_off() {
    let app = test_app!(Backend::Sqlite, |s| {
        s.max_connections = 1;
        s.header_read_timeout = Duration::from_secs(1);
    });
    // A small receive buffer, many large answers asked for, none read.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut greedy = socket.connect(host(&app).parse().unwrap()).await.unwrap();
    let mut requests = Vec::new();
    for _ in 0..100 {
        requests.extend_from_slice(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    greedy.write_all(&requests).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The only slot is freed once the server gives up writing to it.
    tokio::time::timeout(Duration::from_secs(6), app.get("/livez", None))
        .await
        .expect("served once the server gave up on the client that does not read")
        .assert_success_status();
    drop(greedy);
}
