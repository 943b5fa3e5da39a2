//! A scriptable OpenAI-compatible `/v1/audio/transcriptions` server on loopback, for the
//! spoken-practice tests that need no real model: a transcript with chosen segments, an error
//! body (optionally echoing the `Authorization` header, as some servers do), or no answer.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// What every request gets.
#[derive(Debug, Clone)]
pub enum Heard {
    /// 200 with this verbose_json body.
    Transcript(Value),
    /// This status and body; `{auth}` in the body is replaced by the request's header.
    Status(u16, String),
    /// Never answers (until the server is dropped): for the client's timeout.
    Hang,
}

/// A running server; it stops when dropped.
pub struct MockSpeech {
    base_url: String,
    _stop: watch::Sender<bool>,
}

impl MockSpeech {
    pub async fn start(heard: Heard) -> MockSpeech {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let base_url = format!("http://{}/v1", listener.local_addr().expect("address"));
        let heard = Arc::new(Mutex::new(heard));
        let app = Router::new().route(
            "/v1/audio/transcriptions",
            post(move |headers: HeaderMap| answer(Arc::clone(&heard), headers)),
        );
        MockSpeech {
            base_url,
            _stop: super::serve_until_dropped(listener, app),
        }
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }
}

async fn answer(heard: Arc<Mutex<Heard>>, headers: HeaderMap) -> Response {
    let heard = heard.lock().unwrap_or_else(|e| e.into_inner()).clone();
    match heard {
        Heard::Transcript(body) => axum::Json(body).into_response(),
        Heard::Status(status, body) => {
            let auth = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = body.replace("{auth}", auth);
            (status, [("content-type", "application/json")], body).into_response()
        }
        Heard::Hang => {
            std::future::pending::<()>().await;
            unreachable!()
        }
    }
}
