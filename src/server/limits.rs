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
    let chunked = req
        .headers()
        .get(header::TRANSFER_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if !chunked || waits_to_continue(&req) {
        return next.run(req).await;
    }
    let limit = limit_for(&req, limit);
    let (parts, body) = req.into_parts();
    match read_within(body, limit).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(rest) => {
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

/// The body whole when it is at most `limit` bytes; otherwise the body, with what was read of
/// it already gone, to be drained. A body that fails to arrive is handed on as read so far, and
/// the extractor reports it.
async fn read_within(body: Body, limit: usize) -> Result<Bytes, Body> {
    let mut chunks = body.into_data_stream();
    let mut read: Vec<u8> = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let Ok(chunk) = chunk else { break };
        if read.len() + chunk.len() > limit {
            return Err(Body::from_stream(chunks));
        }
        read.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(read))
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
