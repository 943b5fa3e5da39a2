//! The coaching routes (`POST /v1/match` ...), each a thin call into the [`Coach`], and the
//! operational ones: health, readiness, metrics and the OpenAPI document.

use std::future::Future;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::error::{ApiJson, no_query};
use super::{ApiError, AppState, metrics, openapi, stream};
use crate::coach::Coach;
use crate::engine::{
    CritiqueRequest, Engine, EngineError, FollowupsRequest, MatchRequest, QuestionsRequest,
    TailorRequest,
};
use crate::report::{EngineKind, MatchReport, QuestionsReport, TailorReport};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/match", no_query(post(rank)))
        .route("/v1/questions", no_query(post(questions)))
        .route("/v1/tailor", no_query(post(tailor)))
        .route("/v1/critique", post(critique))
        .route("/v1/followups", post(followups))
        .route("/readyz", no_query(get(readyz)))
        .route("/metrics", no_query(get(metrics)))
        .route("/openapi.json", no_query(get(openapi_json)))
}

/// `?stream=true` asks for server-sent events instead of one JSON body.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    /// Answer with `text/event-stream`: `delta` events of model text, then one `report` event.
    #[serde(default)]
    stream: bool,
}

/// Passes on what the coach has to tell (an automatic fallback to offline) to the log.
fn log_notices(coach: &Coach) {
    for notice in coach.take_notices() {
        tracing::warn!("{notice}");
    }
}

/// How much offline work a request is: light work (a short draft, a small bank) takes less
/// than a millisecond and runs where it is; heavy work would hold an async worker too long.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Work {
    Light,
    Heavy,
}

/// A draft or a bank this size takes about a millisecond of offline work.
const HEAVY_TEXT_BYTES: usize = 2 * 1024;
const HEAVY_BANK_ENTRIES: usize = 300;

fn by_text(text: &str) -> Work {
    if text.len() > HEAVY_TEXT_BYTES {
        Work::Heavy
    } else {
        Work::Light
    }
}

fn by_bank(coach: &Coach) -> Work {
    if coach.bank().len() > HEAVY_BANK_ENTRIES {
        Work::Heavy
    } else {
        Work::Light
    }
}

/// Runs one coaching operation. Heavy offline work is CPU-bound: it goes to the blocking pool,
/// so it never stalls the workers that serve other connections (light work costs less than the
/// hand-off). The LLM's work is mostly waiting, so it stays on the async workers.
async fn on_engine<T, Fut>(
    coach: Arc<Coach>,
    work: Work,
    op: impl FnOnce(Arc<Coach>) -> Fut + Send + 'static,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    Fut: Future<Output = Result<T, EngineError>> + Send + 'static,
{
    let result = if work == Work::Heavy && coach.kind() == EngineKind::Offline {
        let blocking = Arc::clone(&coach);
        tokio::task::spawn_blocking(move || futures::executor::block_on(op(blocking)))
            .await
            .map_err(|e| {
                tracing::error!("engine task failed: {e}");
                ApiError::internal("internal", "the server failed on this request")
            })?
    } else {
        op(Arc::clone(&coach)).await
    };
    log_notices(&coach);
    Ok(result?)
}

#[utoipa::path(post, path = "/v1/match", tag = "coach",
    request_body = crate::engine::MatchRequest,
    responses((status = 200, description = "Entries ranked for the question, best first", body = crate::report::MatchReport),
        (status = 400, description = "Malformed JSON, an unknown field or an empty question", body = super::schema::ErrorBody)))]
pub async fn rank(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<MatchRequest>,
) -> Result<Json<MatchReport>, ApiError> {
    let coach = state.coach();
    let work = by_bank(&coach);
    let report = on_engine(coach, work, move |c| async move { c.rank(&req).await }).await?;
    Ok(Json(report))
}

#[utoipa::path(post, path = "/v1/questions", tag = "coach",
    request_body = crate::engine::QuestionsRequest,
    responses((status = 200, description = "Likely questions with their evidence", body = crate::report::QuestionsReport),
        (status = 400, description = "Malformed JSON, an unknown field or an empty job", body = super::schema::ErrorBody)))]
pub async fn questions(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<QuestionsRequest>,
) -> Result<Json<QuestionsReport>, ApiError> {
    let report = on_engine(state.coach(), Work::Heavy, move |c| async move {
        c.questions(&req).await
    })
    .await?;
    Ok(Json(report))
}

#[utoipa::path(post, path = "/v1/tailor", tag = "coach",
    request_body = crate::engine::TailorRequest,
    responses((status = 200, description = "Per likely question: story, alternates, talk track, gaps", body = crate::report::TailorReport),
        (status = 400, description = "Malformed JSON, an unknown field or an empty job", body = super::schema::ErrorBody)))]
pub async fn tailor(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TailorRequest>,
) -> Result<Json<TailorReport>, ApiError> {
    let report = on_engine(state.coach(), Work::Heavy, move |c| async move {
        c.tailor(&req).await
    })
    .await?;
    Ok(Json(report))
}

#[utoipa::path(post, path = "/v1/critique", tag = "coach", params(StreamQuery),
    request_body = crate::engine::CritiqueRequest,
    responses((status = 200, description = "Findings, part scores, overall score, speaking time; \
        with `?stream=true` a `text/event-stream` of `delta` events then one `report` event",
        content((crate::report::CritiqueReport = "application/json"), (String = "text/event-stream"))),
        (status = 400, description = "Malformed JSON, an unknown field or an empty draft", body = super::schema::ErrorBody)))]
pub async fn critique(
    State(state): State<AppState>,
    query: Result<Query<StreamQuery>, axum::extract::rejection::QueryRejection>,
    ApiJson(req): ApiJson<CritiqueRequest>,
) -> Result<Response, ApiError> {
    let coach = state.coach();
    if query?.stream {
        let limits = stream::Limits::of(&state)?;
        return Ok(stream::report_stream(limits, move |deltas| async move {
            let sink = move |text: &str| deltas.send(text);
            let report = coach.critique_streaming(&req, Some(&sink)).await;
            log_notices(&coach);
            report
        }));
    }
    let work = by_text(&req.draft);
    let report = on_engine(coach, work, move |c| async move { c.critique(&req).await }).await?;
    Ok(Json(report).into_response())
}

#[utoipa::path(post, path = "/v1/followups", tag = "coach", params(StreamQuery),
    request_body = crate::engine::FollowupsRequest,
    responses((status = 200, description = "Likely follow-up questions, each with why it would be asked; \
        with `?stream=true` a `text/event-stream` of `delta` events then one `report` event",
        content((crate::report::FollowupsReport = "application/json"), (String = "text/event-stream"))),
        (status = 400, description = "Malformed JSON, an unknown field, neither or both of story and draft", body = super::schema::ErrorBody),
        (status = 404, description = "No story with that id", body = super::schema::ErrorBody)))]
pub async fn followups(
    State(state): State<AppState>,
    query: Result<Query<StreamQuery>, axum::extract::rejection::QueryRejection>,
    ApiJson(req): ApiJson<FollowupsRequest>,
) -> Result<Response, ApiError> {
    let coach = state.coach();
    if query?.stream {
        let limits = stream::Limits::of(&state)?;
        return Ok(stream::report_stream(limits, move |deltas| async move {
            let sink = move |text: &str| deltas.send(text);
            let report = coach.followups_streaming(&req, Some(&sink)).await;
            log_notices(&coach);
            report
        }));
    }
    let work = req.draft.as_deref().map_or(Work::Light, by_text);
    let report = on_engine(coach, work, move |c| async move { c.followups(&req).await }).await?;
    Ok(Json(report).into_response())
}

#[utoipa::path(get, path = "/healthz", tag = "ops", security(()),
    responses((status = 200, description = "The process is up (never needs the token)", body = String, content_type = "text/plain")))]
pub async fn healthz() -> &'static str {
    "ok"
}

#[utoipa::path(get, path = "/readyz", tag = "ops",
    responses((status = 200, description = "A bank is loaded and matches the files", body = super::schema::Readiness),
        (status = 503, description = "The last reload failed: the file and the reason; the last good bank still serves", body = super::schema::Readiness)))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    let entries = state.coach().bank().len();
    match state.last_failure() {
        None => Json(json!({"status": "ready", "entries": entries})).into_response(),
        Some(failure) => {
            let body = json!({
                "status": "degraded",
                "entries": entries,
                "error": {
                    "code": "reload_failed",
                    "message": format!("the story bank did not reload: {}; the last good bank keeps serving", failure.describe()),
                    "file": failure.file.as_ref().map(|f| f.display().to_string()),
                    "reason": failure.reason,
                },
            });
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

#[utoipa::path(get, path = "/metrics", tag = "ops",
    responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
pub async fn metrics() -> Response {
    let content_type = [(
        header::CONTENT_TYPE,
        "text/plain; version=0.0.4; charset=utf-8",
    )];
    (content_type, metrics::render()).into_response()
}

#[utoipa::path(get, path = "/openapi.json", tag = "ops",
    responses((status = 200, description = "This document (OpenAPI 3.1)", body = Object)))]
pub async fn openapi_json() -> Response {
    Json(openapi::document()).into_response()
}

pub async fn not_found() -> ApiError {
    ApiError::not_found(
        "not_found",
        "no such route: see GET /openapi.json for the API",
    )
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take that method: see GET /openapi.json for the API",
    )
}
