//! The daemon's router driven in process, as axum's `examples/testing` does it:
//! `server::router(state)` with `tower::ServiceExt::oneshot`, no sockets, over a fresh copy of
//! `tests/fixtures/server-bank` per test; shared by the `routes*` test files, which check the
//! statuses and error codes docs/http.md gives.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use serde_json::Value;
use starcoach::coach::EngineChoice;
use starcoach::config::Config;
use starcoach::server::{AppState, ServerOptions, router};
use tempfile::TempDir;
use tower::ServiceExt;

use super::server::bank_copy;

pub const FAILED: &str = "Tell me about a time you failed.";
pub const WHY_US: &str = "Why do you want to work here?";

/// The app over a fresh bank copy, offline engine, default config; keep the `TempDir` alive.
pub async fn app() -> (Router, TempDir) {
    app_with(ServerOptions::default()).await
}

/// The app over a fresh bank copy with these server options (a token, limits).
pub async fn app_with(options: ServerOptions) -> (Router, TempDir) {
    let bank = bank_copy();
    let state = AppState::load(
        bank.path(),
        &Config::default(),
        EngineChoice::Offline,
        options,
    )
    .unwrap();
    (router(state), bank)
}

/// A request with an optional JSON body.
pub fn request(method: &str, uri: &str, body: Option<Value>) -> Request<Body> {
    let builder = Request::builder().method(method).uri(uri);
    match body {
        Some(value) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(value.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// A request whose body is sent as is (malformed JSON and the like).
pub fn raw_request(method: &str, uri: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The same request with `Authorization: <value>`.
pub fn authorized(mut req: Request<Body>, value: &str) -> Request<Body> {
    req.headers_mut()
        .insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
    req
}

/// Sends one request through the router; the body is parsed as JSON, a text body comes back
/// as a JSON string and an empty body as `Null`.
pub async fn send(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, Value) {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice::<Value>(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, headers, body)
}

/// Sends a request with an optional JSON body; the status and the parsed body.
pub async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let (status, _, body) = send(app, request(method, uri, body)).await;
    (status, body)
}

/// Sends a body as is (malformed JSON and the like); the status and the parsed body.
pub async fn call_raw(app: &Router, method: &str, uri: &str, body: &str) -> (StatusCode, Value) {
    let (status, _, body) = send(app, raw_request(method, uri, body)).await;
    (status, body)
}

/// The `error.code` of an error body ("" when there is none).
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

/// The `error.message` of an error body ("" when there is none).
pub fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or("")
}

/// The entry ids of a story list body, in order; panics when it has no `entries` array.
pub fn ids(list: &Value) -> Vec<String> {
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

/// The file names in the bank directory, sorted.
pub fn files(bank: &TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(bank.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
