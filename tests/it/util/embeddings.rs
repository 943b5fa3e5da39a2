//! A scriptable OpenAI-compatible `/v1/embeddings` server on loopback, for the semantic signal's
//! tests: vectors come from a function of the text, and a queued status fails the next request.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

type Embed = Arc<dyn Fn(&str) -> Vec<f32> + Send + Sync>;

#[derive(Default)]
struct Log {
    requests: Vec<Value>,
    authorization: Vec<Option<String>>,
    failures: VecDeque<u16>,
}

struct Shared {
    embed: Embed,
    log: Mutex<Log>,
}

impl Shared {
    fn log(&self) -> MutexGuard<'_, Log> {
        self.log.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server; it stops when dropped.
pub struct MockEmbeddings {
    base_url: String,
    shared: Arc<Shared>,
    _stop: watch::Sender<bool>,
}

impl MockEmbeddings {
    /// Serves `POST /v1/embeddings` with `embed(text)` as each input's vector.
    pub async fn start(embed: impl Fn(&str) -> Vec<f32> + Send + Sync + 'static) -> MockEmbeddings {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let base_url = format!("http://{}/v1", listener.local_addr().expect("address"));
        let shared = Arc::new(Shared {
            embed: Arc::new(embed),
            log: Mutex::new(Log::default()),
        });
        let app = Router::new()
            .route("/v1/embeddings", post(embeddings))
            .with_state(Arc::clone(&shared));
        MockEmbeddings {
            base_url,
            shared,
            _stop: super::serve_until_dropped(listener, app),
        }
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The request bodies received, in order.
    pub fn requests(&self) -> Vec<Value> {
        self.shared.log().requests.clone()
    }

    /// The `Authorization` header of each request.
    pub fn authorization(&self) -> Vec<Option<String>> {
        self.shared.log().authorization.clone()
    }

    /// The next request gets an OpenAI-style error with this status.
    pub fn fail_next(&self, status: u16) {
        self.shared.log().failures.push_back(status);
    }
}

async fn embeddings(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "mock: body is not JSON").into_response();
    };
    let failure = {
        let mut log = shared.log();
        log.requests.push(request.clone());
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
        log.authorization.push(auth.map(str::to_string));
        log.failures.pop_front()
    };
    if let Some(status) = failure {
        let error =
            json!({"error": {"message": "mock: embeddings unavailable", "type": "server_error"}});
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return (status, axum::Json(error)).into_response();
    }
    let inputs: Vec<String> = match &request["input"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => return (StatusCode::BAD_REQUEST, "mock: no input").into_response(),
    };
    let data: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"object": "embedding", "index": i, "embedding": (shared.embed)(text)}))
        .collect();
    let reply = json!({
        "object": "list",
        "data": data,
        "model": request["model"],
        "usage": {"prompt_tokens": 1, "total_tokens": 1}
    });
    axum::Json(reply).into_response()
}
