//! How the mock in `util/openai.rs` writes its replies: whole completions, SSE chunks (whole
//! or truncated), and OpenAI-style error bodies.

use std::io;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use futures::stream::{self, StreamExt};
use serde_json::{Value, json};

use super::DEFAULT_MODEL;

/// How long a truncated stream waits (so earlier frames are flushed) before it
/// drops the connection.
const TRUNCATE_PAUSE: Duration = Duration::from_millis(20);

/// Everything needed to render one completion, whole or as chunks.
pub(super) struct Completion {
    id: String,
    created: u64,
    model: String,
    content: String,
    prompt_tokens: u64,
    with_object: bool,
}

impl Completion {
    pub(super) fn new(
        request: &Value,
        index: usize,
        content: String,
        with_object: bool,
    ) -> Completion {
        let model = request.get("model").and_then(Value::as_str);
        Completion {
            id: format!("chatcmpl-mock-{index}"),
            created: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            model: model.unwrap_or(DEFAULT_MODEL).to_owned(),
            prompt_tokens: estimate_tokens(&prompt_text(request)),
            content,
            with_object,
        }
    }

    fn usage(&self) -> Value {
        let completion_tokens = estimate_tokens(&self.content);
        json!({
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": self.prompt_tokens + completion_tokens,
        })
    }

    /// The envelope shared by whole completions and chunks.
    fn envelope(&self, object: &str, choices: Value) -> Value {
        let mut v = json!({
            "id": self.id,
            "created": self.created,
            "model": self.model,
            "choices": choices,
        });
        if self.with_object {
            v["object"] = json!(object);
        }
        v
    }

    /// The non-streaming `chat.completion` body.
    pub(super) fn body(&self) -> Value {
        let message = json!({"role": "assistant", "content": self.content});
        let choice =
            json!({"index": 0, "message": message, "logprobs": null, "finish_reason": "stop"});
        let mut v = self.envelope("chat.completion", json!([choice]));
        v["usage"] = self.usage();
        v
    }

    fn chunk(&self, delta: Value, finish_reason: Option<&str>) -> Value {
        let choice =
            json!({"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish_reason});
        self.envelope("chat.completion.chunk", json!([choice]))
    }

    /// The role chunk followed by one chunk per content piece.
    fn content_chunks(&self, text: &str, pieces: usize) -> Vec<String> {
        let role = self.chunk(json!({"role": "assistant", "content": ""}), None);
        let deltas = split_pieces(text, pieces)
            .into_iter()
            .map(|piece| self.chunk(json!({"content": piece}), None));
        std::iter::once(role)
            .chain(deltas)
            .map(|c| c.to_string())
            .collect()
    }

    /// A complete stream's `data:` payloads, `[DONE]` included.
    pub(super) fn events(&self, include_usage: bool) -> Vec<String> {
        let mut events = self.content_chunks(&self.content, 3);
        events.push(self.chunk(json!({}), Some("stop")).to_string());
        if include_usage {
            let mut usage = self.envelope("chat.completion.chunk", json!([]));
            usage["usage"] = self.usage();
            events.push(usage.to_string());
        }
        events.push("[DONE]".to_owned());
        events
    }

    /// The payloads sent before a truncated stream drops its connection.
    pub(super) fn truncated_events(&self) -> Vec<String> {
        self.content_chunks(cut_in_half(&self.content), 1)
    }
}

/// The concatenated text of the request's messages (string or text-part content).
fn prompt_text(request: &Value) -> String {
    let messages = request.get("messages").and_then(Value::as_array);
    let mut text = String::new();
    for message in messages.into_iter().flatten() {
        match message.get("content") {
            Some(Value::String(s)) => text.push_str(s),
            Some(Value::Array(parts)) => parts
                .iter()
                .filter_map(|p| p.get("text").and_then(Value::as_str))
                .for_each(|s| text.push_str(s)),
            _ => {}
        }
    }
    text
}

/// A deterministic rough token count: one token per four characters, at least one.
fn estimate_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4).max(1)
}

/// The first half of `s`, cut on a character boundary.
pub(super) fn cut_in_half(s: &str) -> &str {
    let mut end = s.len() / 2;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Splits `s` into at most `n` non-empty pieces of roughly equal character counts.
fn split_pieces(s: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Vec::new();
    }
    let size = chars.len().div_ceil(n.max(1));
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

pub(super) fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// An OpenAI-style error body with the given status and optional `Retry-After`.
pub(super) fn error_response(status: u16, message: &str, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let kind = match status.as_u16() {
        401 | 403 => "authentication_error",
        429 => "rate_limit_error",
        400..=499 => "invalid_request_error",
        _ => "server_error",
    };
    let body = json!({"error": {"message": message, "type": kind, "param": null, "code": null}});
    let mut response = json_response(status, body.to_string());
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// An SSE response with one `data:` event per payload; with `abort`, the body
/// then fails so the connection is dropped mid-stream.
pub(super) fn sse_response(events: Vec<String>, abort: bool) -> Response {
    let frames = stream::iter(
        events
            .into_iter()
            .map(|e| Ok::<_, io::Error>(Bytes::from(format!("data: {e}\n\n")))),
    );
    let body = if abort {
        let cut = stream::once(async {
            tokio::time::sleep(TRUNCATE_PAUSE).await;
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "mock: stream truncated",
            ))
        });
        Body::from_stream(frames.chain(cut))
    } else {
        Body::from_stream(frames)
    };
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
