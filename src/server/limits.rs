//! The body limit as a client meets it: a body over the limit is refused with 413 before any
//! handler runs, and what arrives of it is read and dropped first, within bounds, so the client
//! can read the answer.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

use super::error::ApiError;

/// The most of a refused body read and dropped before the 413 goes out, and for how long.
const DRAIN_BYTES: u64 = 64 * 1024 * 1024;
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(2);

/// Refuses a body whose declared `Content-Length` is over the limit with 413 before any handler
/// runs or a slot is taken, reading what arrives of it only to drop it (see [`drain`]).
pub async fn refuse_declared_length(
    axum::extract::State(limit): axum::extract::State<usize>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let limit = limit_for(&req, limit);
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => {
            // A client that asked to be told first ("Expect: 100-continue", as curl does for
            // large uploads) sends nothing unless the body is read: it gets the 413 at once. A
            // body declared larger than the drain bound is not waited for.
            if !waits_to_continue(&req) && n <= DRAIN_BYTES {
                drain(req.into_body(), n).await;
            }
            refused()
        }
        _ => next.run(req).await,
    }
}

/// Refuses a body sent in chunks, which declares no length, once it passes the limit, reading
/// the rest only to drop it. It runs inside the request's slot and timeout, like the handler
/// that would have read the body.
pub async fn refuse_long_chunked_body(
    axum::extract::State(limit): axum::extract::State<usize>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    // Reading the body here is what the handler would do anyway, so a client waiting for
    // "100 Continue" is told to send, as it would be there.
    let chunked = req
        .headers()
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("chunked"));
    if !chunked {
        return next.run(req).await;
    }
    let limit = limit_for(&req, limit);
    let (parts, body) = req.into_parts();
    match read_within(body, limit).await {
        Read::Within(body) => next.run(Request::from_parts(parts, body)).await,
        Read::Over(rest) => {
            drain(rest, DRAIN_BYTES).await;
            refused()
        }
    }
}

/// A recording uploaded for practice may be larger than a JSON body.
fn limit_for(req: &Request, limit: usize) -> usize {
    let recording = req.uri().path() == "/v1/attempts"
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("multipart/form-data"));
    if recording {
        limit.max(super::practice::UPLOAD_LIMIT)
    } else {
        limit
    }
}

fn waits_to_continue(req: &Request) -> bool {
    req.headers()
        .get(header::EXPECT)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"100-continue"))
}

fn refused() -> Response {
    let mut refused = ApiError::too_large().into_response();
    refused
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    refused
}

/// A chunked body read up to the limit.
enum Read {
    /// All of it, or what arrived before it failed, followed by its error, for the handler.
    Within(Body),
    /// It passed the limit: the rest of it, unread.
    Over(Body),
}

/// Reads a body while it stays within `limit` bytes, keeping its chunks as they came (no copy:
/// a recording may be tens of MiB).
async fn read_within(body: Body, limit: usize) -> Read {
    let mut chunks = body.into_data_stream();
    let mut read: Vec<Result<Bytes, axum::Error>> = Vec::new();
    let mut size = 0;
    while let Some(chunk) = chunks.next().await {
        match chunk {
            Ok(chunk) => {
                size += chunk.len();
                if size > limit {
                    return Read::Over(Body::from_stream(chunks));
                }
                read.push(Ok(chunk));
            }
            Err(e) => {
                read.push(Err(e));
                break;
            }
        }
    }
    Read::Within(Body::from_stream(futures::stream::iter(read)))
}

/// Reads and drops up to `bytes` of a refused body, for at most `DRAIN_TIME`. A server that
/// closes the connection with an upload still unread makes the client's write fail ("broken
/// pipe") before it reads the 413, so a client sending a 6 MB draft would see a reset instead
/// of the error (nginx's lingering close answers the same problem).
async fn drain(body: Body, bytes: u64) {
    let mut chunks = body.into_data_stream();
    let mut left = bytes;
    let _ = tokio::time::timeout(DRAIN_TIME, async {
        while let Some(Ok(chunk)) = chunks.next().await {
            left = left.saturating_sub(chunk.len() as u64);
            if left == 0 {
                break;
            }
        }
    })
    .await;
}
