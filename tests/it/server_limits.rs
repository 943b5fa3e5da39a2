//! The daemon's limits as a raw client meets them: a body declared too large, an upload the
//! server refuses while it is being sent, a client that waits for `100 Continue`, and one that
//! never finishes its headers. Raw TCP, because an HTTP client library hides what is on the wire.

use std::time::Duration;

use starcoach::server::ServerOptions;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::util::server::{Server, start};

/// A raw connection to `server` that has sent the head of a `POST /v1/critique` declaring
/// `length` bytes, with `extra` header lines and the first bytes of the body.
async fn critique_head(server: &Server, length: usize, extra: &str, body: &str) -> TcpStream {
    let addr = server.base.trim_start_matches("http://");
    let mut socket = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /v1/critique HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n{extra}\r\n{body}"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket
}

/// The first bytes the server answers on `socket`, waiting at most 5 s.
async fn first_answer(socket: &mut TcpStream, why: &str) -> String {
    let mut reply = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut reply))
        .await
        .expect(why)
        .unwrap();
    String::from_utf8_lossy(&reply[..n]).into_owned()
}

/// A raw connection to `server` that has sent the head of a chunked `POST` to `path`, with
/// `extra` header lines.
async fn chunked_head(server: &Server, path: &str, extra: &str) -> TcpStream {
    let addr = server.base.trim_start_matches("http://");
    let mut socket = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\n{extra}\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket
}

/// Sends `body` in chunks of 64 KiB and the last chunk; every write must be taken.
async fn send_chunked(socket: &mut TcpStream, body: &[u8]) {
    for part in body.chunks(0x10000) {
        let framed = [format!("{:x}\r\n", part.len()).as_bytes(), part, b"\r\n"].concat();
        socket
            .write_all(&framed)
            .await
            .expect("the whole body is taken");
    }
    socket.write_all(b"0\r\n\r\n").await.unwrap();
}

/// Everything the server answers until it closes the connection.
async fn whole_answer(socket: &mut TcpStream) -> String {
    let mut reply = Vec::new();
    socket.read_to_end(&mut reply).await.unwrap();
    String::from_utf8_lossy(&reply).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_declared_length_is_refused_at_once() {
    let server = start(ServerOptions::default()).await;
    let mut socket = critique_head(&server, 999_999_999, "", "{\"draft\"").await;
    let started = std::time::Instant::now();
    let text = first_answer(&mut socket, "an answer without waiting for the body").await;
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("payload_too_large"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A server that answers 413 and closes with the upload unread makes the client's write fail
/// ("broken pipe") before it can read the answer; the refused body is read and dropped first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_upload_can_be_sent_whole_and_its_413_read() {
    let server = start(ServerOptions::default()).await;
    let size = 8 * 1024 * 1024;
    let mut socket = critique_head(&server, size, "", "").await;
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..size / chunk.len() {
        socket
            .write_all(&chunk)
            .await
            .expect("the whole body is taken");
    }
    let text = whole_answer(&mut socket).await.to_lowercase();
    assert!(text.starts_with("http/1.1 413"), "{text}");
    assert!(text.contains("connection: close"), "{text}");
    assert!(text.contains("payload_too_large"), "{text}");
}

/// A body sent in chunks declares no length, so it is refused only once the limit is passed
/// while reading; the rest is read and dropped too before the 413 goes out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_chunked_upload_can_be_sent_whole_and_its_413_read() {
    let server = start(ServerOptions::default()).await;
    let mut socket = chunked_head(&server, "/v1/critique", "").await;
    send_chunked(&mut socket, &vec![b'x'; 8 * 1024 * 1024]).await;
    let text = whole_answer(&mut socket).await.to_lowercase();
    assert!(text.starts_with("http/1.1 413"), "{text}");
    assert!(text.contains("connection: close"), "{text}");
    assert!(text.contains("payload_too_large"), "{text}");
}

/// A chunked body's size is unknown until it is read, so a client waiting for `100 Continue`
/// is told to send, and a body past the limit then gets the 413.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_upload_that_waits_to_continue_is_read_and_refused() {
    let server = start(ServerOptions::default()).await;
    let mut socket = chunked_head(&server, "/v1/critique", "Expect: 100-continue\r\n").await;
    let go = first_answer(&mut socket, "told to continue").await;
    assert!(go.starts_with("HTTP/1.1 100"), "{go}");
    send_chunked(&mut socket, &vec![b'x'; 2 * 1024 * 1024]).await;
    let text = whole_answer(&mut socket).await;
    assert!(text.contains("HTTP/1.1 413"), "{text}");
}

/// A recording for practice may be larger than a JSON body, sent in chunks as well.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chunked_recording_over_the_json_limit_is_not_refused_for_its_size() {
    let server = start(ServerOptions::default()).await;
    let form = "Content-Type: multipart/form-data; boundary=X\r\nConnection: close\r\n";
    let mut socket = chunked_head(&server, "/v1/attempts", form).await;
    let mut body = b"--X\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.webm\"\r\nContent-Type: audio/webm\r\n\r\n".to_vec();
    body.extend(vec![0u8; 2 * 1024 * 1024]);
    body.extend_from_slice(b"\r\n--X--\r\n");
    send_chunked(&mut socket, &body).await;
    let text = first_answer(&mut socket, "an answer to the recording").await;
    assert!(text.starts_with("HTTP/1.1 "), "{text}");
    assert!(!text.starts_with("HTTP/1.1 413"), "{text}");
}

/// A small chunked body is read whole and answered as any other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_chunked_body_is_answered() {
    let server = start(ServerOptions::default()).await;
    let mut socket = chunked_head(&server, "/v1/critique", "Connection: close\r\n").await;
    let body = r#"{"draft": "At Acme I rewrote the importer and cut load time by 40%."}"#;
    send_chunked(&mut socket, body.as_bytes()).await;
    let text = whole_answer(&mut socket).await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("\"findings\""), "{text}");
}

/// A client that sent `Expect: 100-continue` waits to be told to send its body; reading the body
/// to drop it would tell it to ("100 Continue"), so it gets the 413 instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_upload_that_waits_to_continue_gets_the_413_first() {
    let server = start(ServerOptions::default()).await;
    let expect = "Expect: 100-continue\r\n";
    let mut socket = critique_head(&server, 8 * 1024 * 1024, expect, "").await;
    let text = first_answer(&mut socket, "an answer without sending the body").await;
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_headers_is_let_go() {
    let server = start(ServerOptions {
        header_timeout: Duration::from_millis(300),
        ..Default::default()
    })
    .await;
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut socket = TcpStream::connect(&addr).await.unwrap();
    socket
        .write_all(b"POST /v1/critique HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buf))
        .await
        .expect("the server closes the connection");
    let n = closed.unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
}
