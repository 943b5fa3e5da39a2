//! A scriptable OpenAI-compatible chat-completions server on loopback, for tests.
//!
//! [`MockOpenAi::start`] binds `127.0.0.1:0` and serves `POST /v1/chat/completions`
//! and `GET /v1/models` from a background tokio task until the value is dropped.
//! Replies come from a FIFO script ([`MockOpenAi::push`]) and, once it is empty,
//! from a default responder ([`MockOpenAi::set_default`], initially `Reply::Json("{}")`).
//! Requests with `"stream": true` get real SSE (`text/event-stream`).
//! How a reply is written on the wire (whole, as SSE chunks, as an error) is in `openai/wire.rs`.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

// A path that resolves the same when `benches/llm.rs` includes this file by `#[path]`.
#[path = "openai/wire.rs"]
mod wire;

use wire::{Completion, cut_in_half, error_response, json_response, sse_response};

/// Model name used in replies when the request names none.
pub const DEFAULT_MODEL: &str = "mock-model";

/// One scripted answer to a chat-completions request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// 200 with this assistant message content; streamed as ~3 content deltas,
    /// a `finish_reason: "stop"` chunk, an optional usage chunk, then `[DONE]`.
    Json(String),
    /// An OpenAI error body with this status, plus `Retry-After: <secs>` if given.
    /// Sent as plain JSON even for stream requests (as OpenAI does).
    Status {
        status: u16,
        message: String,
        retry_after: Option<u64>,
    },
    /// Stream: the role chunk and the first half of the content, then the
    /// connection is dropped (no finish_reason, no `[DONE]`).
    /// Non-stream: 200 `application/json` whose body is the completion cut in half.
    Truncated(String),
    /// Never answers (until the mock is dropped); for client timeouts.
    Hang,
    /// Like `Json`, but every object (completion or chunk) lacks the `object` field.
    NoObjectField(String),
}

impl Reply {
    /// `Reply::Json` from anything string-like.
    pub fn json(content: impl Into<String>) -> Reply {
        Reply::Json(content.into())
    }

    /// An error reply without `Retry-After`.
    pub fn status(status: u16, message: impl Into<String>) -> Reply {
        Reply::Status {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// A 429 rate-limit error carrying `Retry-After: <secs>`.
    pub fn rate_limited(retry_after_secs: u64) -> Reply {
        Reply::Status {
            status: 429,
            message: "Rate limit reached; please try again later.".into(),
            retry_after: Some(retry_after_secs),
        }
    }
}

type Responder = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

/// Mutable, lock-protected part of the server state.
struct Script {
    queue: VecDeque<Reply>,
    default: Responder,
    latency: Duration,
    requests: Vec<Value>,
    headers: Vec<HeaderMap>,
}

/// State shared between the handle and the request handlers.
struct Shared {
    script: Mutex<Script>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    shutdown: watch::Receiver<bool>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Script> {
        // A panicking test thread must not poison the mock for everyone else.
        self.script.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Counts a request as in flight for as long as its handler future lives.
struct InFlight(Arc<Shared>);

impl InFlight {
    fn enter(shared: &Arc<Shared>) -> InFlight {
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(Arc::clone(shared))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running mock server; it stops accepting and closes idle connections when dropped.
pub struct MockOpenAi {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
}

impl MockOpenAi {
    /// Binds `127.0.0.1:0` and serves in a background task of the current runtime.
    pub async fn start() -> MockOpenAi {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the mock OpenAI server on loopback");
        let addr = listener.local_addr().expect("mock server address");
        let (shutdown, signal) = watch::channel(false);
        let shared = Arc::new(Shared {
            script: Mutex::new(Script {
                queue: VecDeque::new(),
                default: Arc::new(|_| Reply::Json("{}".into())),
                latency: Duration::ZERO,
                requests: Vec::new(),
                headers: Vec::new(),
            }),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            shutdown: signal.clone(),
        });
        let app = router(Arc::clone(&shared));
        tokio::spawn(async move {
            let mut signal = signal;
            let stop = async move {
                // Err means the handle was dropped: stop as well.
                let _ = signal.wait_for(|stop| *stop).await;
            };
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await;
        });
        MockOpenAi {
            addr,
            shared,
            shutdown,
        }
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/v1`, ready for an OpenAI client's base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Appends a reply to the FIFO script.
    pub fn push(&self, reply: Reply) {
        self.shared.lock().queue.push_back(reply);
    }

    /// Appends several replies to the FIFO script, in order.
    pub fn push_all(&self, replies: impl IntoIterator<Item = Reply>) {
        self.shared.lock().queue.extend(replies);
    }

    /// Sets the responder used when the script is empty; it sees the request body.
    pub fn set_default(&self, f: impl Fn(&Value) -> Reply + Send + Sync + 'static) {
        self.shared.lock().default = Arc::new(f);
    }

    /// Delay applied before every chat reply (requests are delayed concurrently).
    pub fn set_latency(&self, d: Duration) {
        self.shared.lock().latency = d;
    }

    /// Every chat request body received, in arrival order (a body that is not
    /// JSON is recorded as a JSON string of its text).
    pub fn requests(&self) -> Vec<Value> {
        self.shared.lock().requests.clone()
    }

    /// The most recent chat request body, if any.
    pub fn last_request(&self) -> Option<Value> {
        self.shared.lock().requests.last().cloned()
    }

    /// Number of chat-completions requests received.
    pub fn calls(&self) -> usize {
        self.shared.lock().requests.len()
    }

    /// Replies still waiting in the script.
    pub fn pending(&self) -> usize {
        self.shared.lock().queue.len()
    }

    /// The highest number of chat requests handled at the same time so far.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// The headers of every chat request, in arrival order.
    pub fn headers(&self) -> Vec<HeaderMap> {
        self.shared.lock().headers.clone()
    }
}

impl Drop for MockOpenAi {
    fn drop(&mut self) {
        self.shutdown.send_replace(true);
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/chat/completions", post(chat))
        .route("/v1/models", get(models))
        .fallback(|| async { error_response(404, "mock: unknown route", None) })
        .with_state(shared)
}

async fn models() -> Response {
    let model = |id: &str| json!({"id": id, "object": "model", "created": 0, "owned_by": "starcoach-tests"});
    let list = json!({"object": "list", "data": [model(DEFAULT_MODEL), model("gpt-4o-mini")]});
    json_response(StatusCode::OK, list.to_string())
}

async fn chat(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let _in_flight = InFlight::enter(&shared);
    let parsed: Result<Value, _> = serde_json::from_slice(&body);
    let recorded = match &parsed {
        Ok(v) => v.clone(),
        Err(_) => Value::String(String::from_utf8_lossy(&body).into_owned()),
    };
    let (index, latency, reply) = {
        let mut script = shared.lock();
        script.requests.push(recorded);
        script.headers.push(headers);
        let next = script.queue.pop_front();
        let default = Arc::clone(&script.default);
        (script.requests.len(), script.latency, next.ok_or(default))
    };
    let Ok(request) = parsed else {
        return error_response(400, "mock: request body is not valid JSON", None);
    };
    let reply = reply.unwrap_or_else(|default| default(&request));
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    respond(&shared, &request, index, reply).await
}

async fn respond(shared: &Shared, request: &Value, index: usize, reply: Reply) -> Response {
    let streaming = request.get("stream").and_then(Value::as_bool) == Some(true);
    let include_usage = request
        .pointer("/stream_options/include_usage")
        .and_then(Value::as_bool)
        == Some(true);
    let (content, object, complete) = match reply {
        Reply::Status {
            status,
            message,
            retry_after,
        } => return error_response(status, &message, retry_after),
        Reply::Hang => return hang(shared).await,
        Reply::Json(c) => (c, true, true),
        Reply::NoObjectField(c) => (c, false, true),
        Reply::Truncated(c) => (c, true, false),
    };
    let completion = Completion::new(request, index, content, object);
    match (streaming, complete) {
        (false, true) => json_response(StatusCode::OK, completion.body().to_string()),
        (false, false) => {
            let full = completion.body().to_string();
            json_response(StatusCode::OK, cut_in_half(&full).to_owned())
        }
        (true, true) => sse_response(completion.events(include_usage), false),
        (true, false) => sse_response(completion.truncated_events(), true),
    }
}

/// Waits until the mock shuts down, so a hung request never outlives its server.
async fn hang(shared: &Shared) -> Response {
    let mut signal = shared.shutdown.clone();
    let _ = signal.wait_for(|stop| *stop).await;
    error_response(503, "mock: server shutting down", None)
}
