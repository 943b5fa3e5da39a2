//! The practice routes: critique an answer and store it (`POST /v1/attempts`), the stored
//! attempts, progress, and the question that comes next.

use axum::extract::{FromRequest, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use serde::Deserialize;

use super::error::{ApiJson, no_query};
use super::{ApiError, AppState};
use crate::history::HistoryError;
use crate::practice::{self, AttemptRequest, PracticeError, Source};
use crate::report::{Attempt, AttemptList, PracticePick, PracticeReport, ProgressReport};

/// The most a recording upload may hold: the transcription limit and room for the fields.
pub const UPLOAD_LIMIT: usize = crate::engine::speech::MAX_AUDIO_BYTES + 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/attempts",
            get(list)
                .merge(no_query(post(attempt)))
                .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/v1/progress", no_query(get(progress)))
        .route("/v1/practice/next", get(next))
}

/// An answer to critique and store: the body `practice --json` would build.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttemptBody {
    pub question: String,
    /// The story the answer tells (its id), if any.
    #[serde(default)]
    pub story: Option<String>,
    pub answer: String,
    /// The posting the answer is for (its text).
    #[serde(default)]
    pub job: Option<String>,
    /// How long the answer took, measured by the page's clock.
    #[serde(default)]
    pub timed_seconds: Option<u32>,
}

impl From<PracticeError> for ApiError {
    fn from(err: PracticeError) -> ApiError {
        match err {
            PracticeError::Engine(e) => e.into(),
            PracticeError::UnknownStory(_) => ApiError::not_found("unknown_story", err.to_string()),
            PracticeError::Empty => ApiError::not_found("nothing_to_practise", err.to_string()),
            PracticeError::History(e) => history_failed(e),
            PracticeError::Speech(e) => ApiError::new(
                axum::http::StatusCode::BAD_GATEWAY,
                "speech_failed",
                e.to_string(),
            ),
        }
    }
}

/// A recorded answer (the page's Record): the form's `question`, `story`, `job` and
/// `timed_seconds` fields and an `audio` file, transcribed by the `[speech]` endpoint.
async fn spoken(
    state: &AppState,
    mut form: axum::extract::Multipart,
) -> Result<AttemptRequest, ApiError> {
    let bad = |m: String| ApiError::bad_request("invalid_request", m);
    let (mut fields, mut audio) = (std::collections::HashMap::new(), None);
    while let Some(field) = form.next_field().await.map_err(|e| bad(e.body_text()))? {
        let name = field.name().unwrap_or("").to_string();
        if name == "audio" {
            let file = field.file_name().unwrap_or("answer.webm").to_string();
            let bytes = field.bytes().await.map_err(|e| bad(e.body_text()))?;
            audio = Some((file, bytes.to_vec()));
        } else {
            let text = field.text().await.map_err(|e| bad(e.body_text()))?;
            fields.insert(name, text);
        }
    }
    let (file, bytes) =
        audio.ok_or_else(|| bad("the form has no `audio` file".into()).at_field("audio"))?;
    // A question that would be refused is refused before the recording leaves for the
    // transcription endpoint.
    crate::engine::require_text(
        "question",
        fields.get("question").map_or("", String::as_str),
    )?;
    let transcriber =
        crate::engine::speech::Transcriber::new(&state.config().speech).map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "speech_unavailable",
                e.to_string(),
            )
        })?;
    let (answer, delivery) = practice::hear(&transcriber, &file, bytes).await?;
    let take = |k: &str| fields.get(k).filter(|v| !v.trim().is_empty()).cloned();
    Ok(AttemptRequest {
        question: take("question").unwrap_or_default(),
        story: take("story"),
        answer,
        job: take("job"),
        timed_seconds: take("timed_seconds").and_then(|t| t.parse().ok()),
        delivery: Some(delivery),
        audio: None,
    })
}

fn history_failed(e: HistoryError) -> ApiError {
    match e {
        HistoryError::NoSuchAttempt(_) => ApiError::not_found("unknown_attempt", e.to_string()),
        other => ApiError::internal("history_failed", "the practice history failed")
            .with_detail(other.to_string()),
    }
}

/// Runs blocking history work (SQLite may wait on another writer) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        ApiError::internal("internal", "the server failed on this request")
            .with_detail(e.to_string())
    })?
}

#[utoipa::path(post, path = "/v1/attempts", tag = "practice",
    request_body = AttemptBody,
    responses((status = 200, description = "The answer critiqued and stored, with the last try and the next review", body = PracticeReport),
        (status = 400, description = "Malformed JSON, an unknown field or an empty question or answer", body = super::schema::ErrorBody),
        (status = 404, description = "No such story in the bank", body = super::schema::ErrorBody)))]
pub async fn attempt(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Json<PracticeReport>, ApiError> {
    let multipart = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    let req = if multipart {
        let form = axum::extract::Multipart::from_request(request, &state)
            .await
            .map_err(|e| ApiError::bad_request("invalid_request", e.body_text()))?;
        spoken(&state, form).await?
    } else {
        let ApiJson(body) = ApiJson::<AttemptBody>::from_request(request, &state).await?;
        AttemptRequest {
            question: body.question,
            story: body.story,
            answer: body.answer,
            job: body.job,
            timed_seconds: body.timed_seconds,
            delivery: None,
            audio: None,
        }
    };
    crate::engine::require_text("question", &req.question)?;
    let history = state.history()?;
    let coach = state.coach();
    let critique = practice::critique(&coach, &req).await?;
    let report = blocking(move || {
        Ok(practice::store(
            &coach,
            history.as_ref(),
            req,
            critique,
            Utc::now(),
        )?)
    })
    .await?;
    Ok(Json(report))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// At most this many attempts, newest first.
    limit: Option<usize>,
}

#[utoipa::path(get, path = "/v1/attempts", tag = "practice", params(ListQuery),
    responses((status = 200, description = "Stored attempts, newest first", body = AttemptList)))]
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AttemptList>, ApiError> {
    let Query(query) = query?;
    if query.limit == Some(0) {
        return Err(ApiError::bad_request(
            "invalid_query",
            "`limit` 0 lists nothing; give 1 or more, or leave it out for every attempt",
        ));
    }
    let history = state.history()?;
    let attempts = blocking(move || history.list(query.limit).map_err(history_failed)).await?;
    Ok(Json(AttemptList {
        attempts: attempts.iter().map(Attempt::summary).collect(),
    }))
}

#[utoipa::path(get, path = "/v1/progress", tag = "practice",
    responses((status = 200, description = "Per story and competency trends, recurring findings, what is due", body = ProgressReport)))]
pub async fn progress(State(state): State<AppState>) -> Result<Json<ProgressReport>, ApiError> {
    let history = state.history()?;
    let mut report = blocking(move || history.progress().map_err(history_failed)).await?;
    crate::practice::against_bank(&mut report, Some(state.coach().bank()));
    Ok(Json(report))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NextQuery {
    /// Practise this question (else what is due).
    question: Option<String>,
    /// With this story (its id).
    story: Option<String>,
    /// Target speaking time in seconds; the key points are cut to it.
    seconds: Option<u32>,
}

#[utoipa::path(get, path = "/v1/practice/next", tag = "practice", params(NextQuery),
    responses((status = 200, description = "The question to practise next, its story and key points", body = PracticePick),
        (status = 404, description = "Nothing to practise, or no such story", body = super::schema::ErrorBody)))]
pub async fn next(
    State(state): State<AppState>,
    query: Result<Query<NextQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PracticePick>, ApiError> {
    let Query(query) = query?;
    let history = state.history()?;
    let coach = state.coach();
    // As `practice --seconds`: a time given is refused outside the range, not quietly moved
    // into it; the configured default is held inside it.
    let seconds = match query.seconds {
        Some(s) if !(15..=600).contains(&s) => {
            return Err(ApiError::bad_request(
                "invalid_query",
                format!("`seconds` {s} is outside 15 to 600; give a speaking time in that range"),
            ));
        }
        Some(s) => s,
        None => state.config().tailor.target_seconds.clamp(15, 600),
    };
    let source = Source::Asked {
        question: query.question.filter(|q| !q.trim().is_empty()),
        story: query.story,
    };
    // Reading the schedule never waits on a writer (WAL); the key points may wait on the model.
    let pick = practice::next(&coach, history.as_ref(), source, Utc::now(), seconds).await?;
    Ok(Json(pick))
}
