//! Server-sent events for `?stream=true`: `event: delta` frames of model text while the engine
//! works (the LLM engine streams them; the offline engine has none), then one `event: report`
//! with the same JSON as the plain response, or one `event: error`.

use std::convert::Infallible;
use std::future::Future;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, mpsc};

use super::{ApiError, AppState};
use crate::engine::EngineError;

/// One frame of a stream.
enum Frame {
    Delta(String),
    Report(String),
    Error(serde_json::Value),
}

impl Frame {
    fn event(self) -> Event {
        match self {
            Frame::Delta(text) => Event::default()
                .event("delta")
                .data(json!({ "text": text }).to_string()),
            Frame::Report(report) => Event::default().event("report").data(report),
            Frame::Error(body) => Event::default().event("error").data(body.to_string()),
        }
    }
}

/// Where an engine sends streamed text; hand `|text| deltas.send(text)` to it as its sink.
#[derive(Clone)]
pub struct Deltas(mpsc::UnboundedSender<Frame>);

impl Deltas {
    /// Queues a text chunk; a client that went away is not an error.
    pub fn send(&self, text: &str) {
        if !text.is_empty() {
            let _ = self.0.send(Frame::Delta(text.to_string()));
        }
    }
}

/// What a stream counts against: a place among the requests in flight, held until the work
/// ends, and the request deadline, which the work must meet like any other request.
pub struct Limits {
    permit: OwnedSemaphorePermit,
    deadline: Duration,
}

impl Limits {
    /// A place for one more stream, or 503 when the server is full.
    pub fn of(state: &AppState) -> Result<Limits, ApiError> {
        Ok(Limits {
            permit: state.stream_permit()?,
            deadline: state.options().timeout,
        })
    }
}

/// Runs `work` in its own task and streams what it produces: its deltas as they come, then
/// its report (or error). `work` gets the [`Deltas`] to feed.
pub fn report_stream<T, Fut>(limits: Limits, work: impl FnOnce(Deltas) -> Fut) -> Response
where
    T: Serialize + Send + 'static,
    Fut: Future<Output = Result<T, EngineError>> + Send + 'static,
{
    let (tx, rx) = mpsc::unbounded_channel();
    let job = work(Deltas(tx.clone()));
    let task = tokio::spawn(async move {
        let _place = limits.permit;
        let frame = match tokio::time::timeout(limits.deadline, job).await {
            Ok(Ok(report)) => match serde_json::to_string(&report) {
                Ok(json) => Frame::Report(json),
                Err(e) => {
                    tracing::warn!("cannot serialize a report: {e}");
                    Frame::Error(
                        ApiError::internal("internal", "the report could not be written").body(),
                    )
                }
            },
            Ok(Err(e)) => Frame::Error(ApiError::from(e).body()),
            Err(_) => Frame::Error(
                ApiError::unavailable("timeout", "the request took too long and was stopped")
                    .body(),
            ),
        };
        let _ = tx.send(frame);
    });
    // The stream owns the task: a client that goes away stops the work (and its LLM calls).
    let state = (rx, AbortOnDrop(task));
    let events = futures::stream::unfold(state, |(mut rx, task)| async move {
        let frame = rx.recv().await?;
        Some((Ok::<Event, Infallible>(frame.event()), (rx, task)))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
