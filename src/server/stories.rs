//! The story routes: list, show, write (PUT) and delete entries of the bank. Ids are checked
//! before any file is touched; every write reloads the bank before it answers.

use std::path::PathBuf;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::error::{ApiJson, no_query};
use super::{ApiError, AppState};
use crate::story::StoryList;
use crate::story::{
    Entry, entry_path, is_one_line, parse_entry, render_entry, valid_id, write_entry_over,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/stories", no_query(get(list)))
        .route(
            "/v1/stories/{id}",
            no_query(get(show).put(put).delete(delete)),
        )
}

/// The id from the path, checked before anything else happens.
fn checked_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(id) = id?;
    if valid_id(&id) {
        Ok(id)
    } else {
        Err(ApiError::invalid_id(&id))
    }
}

fn unknown(id: &str) -> ApiError {
    ApiError::not_found(
        "unknown_story",
        format!("no story with id {id:?} in the bank"),
    )
}

#[utoipa::path(get, path = "/v1/stories", tag = "stories",
    responses((status = 200, description = "Every entry, as `stories list --json` prints it", body = crate::story::StoryList)))]
pub async fn list(State(state): State<AppState>) -> Json<StoryList> {
    Json(StoryList::of(state.coach().bank()))
}

#[utoipa::path(get, path = "/v1/stories/{id}", tag = "stories",
    params(("id" = String, Path, description = "1-64 letters, digits, `-` or `_`")),
    responses((status = 200, description = "The entry with its sections, as `stories show --json` prints it", body = crate::story::Entry),
        (status = 400, description = "Invalid id", body = super::schema::ErrorBody),
        (status = 404, description = "No such entry", body = super::schema::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Entry>, ApiError> {
    let id = checked_id(id)?;
    let coach = state.coach();
    let entry = coach.bank().get(&id).ok_or_else(|| unknown(&id))?;
    Ok(Json(entry.clone()))
}

/// Checks an entry survives the native format unchanged in structure: a title, and sections
/// that neither merge nor split (a `## ` line inside a section's text would split it).
fn storable(entry: &Entry) -> Result<(), ApiError> {
    if entry.title.trim().is_empty() {
        return Err(ApiError::bad_request(
            "invalid_request",
            "title is empty: give the entry a title",
        )
        .at_field("title"));
    }
    // One line each, as `stories list` prints them.
    let one_line = |s: &String| is_one_line(s);
    for (field, fine) in [
        ("title", one_line(&entry.title)),
        ("company", entry.company.iter().all(one_line)),
        ("categories", entry.categories.iter().all(one_line)),
        ("tags", entry.tags.iter().all(one_line)),
    ] {
        if !fine {
            return Err(ApiError::bad_request(
                "invalid_entry",
                format!("`{field}` must be one line: remove the line break"),
            )
            .at_field(field));
        }
    }
    let stored = parse_entry(&render_entry(entry)).map_err(|e| {
        ApiError::bad_request("invalid_entry", format!("the entry cannot be stored: {e}"))
            .at_field("sections")
    })?;
    let names = |e: &Entry| {
        e.sections
            .iter()
            .map(|s| s.name.trim().to_string())
            .collect::<Vec<_>>()
    };
    if names(&stored) != names(entry) || entry.sections.iter().any(|s| s.name.trim().is_empty()) {
        return Err(ApiError::bad_request(
            "invalid_entry",
            "section names must be non-empty single lines, and section text must not contain `## ` heading lines",
        )
        .at_field("sections"));
    }
    Ok(())
}

#[utoipa::path(put, path = "/v1/stories/{id}", tag = "stories",
    params(("id" = String, Path, description = "Must equal the body's `id`")),
    request_body = crate::story::Entry,
    responses((status = 201, description = "Created; the entry as stored", body = crate::story::Entry),
        (status = 200, description = "Replaced; the entry as stored", body = crate::story::Entry),
        (status = 400, description = "Invalid id, path and body ids differ, malformed JSON or an unstorable entry", body = super::schema::ErrorBody),
        (status = 500, description = "Written, but the bank did not reload (another file is broken)", body = super::schema::ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ApiJson(entry): ApiJson<Entry>,
) -> Result<Response, ApiError> {
    let id = checked_id(id)?;
    if entry.id != id {
        return Err(ApiError::bad_request(
            "id_mismatch",
            format!("the path id {id:?} differs from the body id {:?}", entry.id),
        ));
    }
    storable(&entry)?;
    let _writing = state.shared.writes.lock().await;
    refuse_when_degraded(&state)?;
    // The id in any case ("lf1" for "LF1") is the same entry: it is replaced, not doubled.
    let old = state.coach().bank().path_of(&id).map(PathBuf::from);
    let created = old.is_none();
    let dir = state.dir().to_path_buf();
    tokio::task::spawn_blocking(move || write_entry_over(&dir, &entry, old.as_deref()))
        .await
        .map_err(|e| {
            ApiError::internal("internal", "the server failed on this request")
                .with_detail(e.to_string())
        })?
        .map_err(|e| {
            tracing::error!("PUT {id}: {e}");
            ApiError::internal(
                "write_failed",
                "the entry could not be written; the server log has the cause",
            )
        })?;
    reload_after_write(&state, &id).await?;
    let stored = state
        .coach()
        .bank()
        .get(&id)
        .cloned()
        .ok_or_else(|| unknown(&id))?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(stored)).into_response())
}

#[utoipa::path(delete, path = "/v1/stories/{id}", tag = "stories",
    params(("id" = String, Path, description = "1-64 letters, digits, `-` or `_`")),
    responses((status = 204, description = "Deleted"),
        (status = 400, description = "Invalid id", body = super::schema::ErrorBody),
        (status = 404, description = "No such entry", body = super::schema::ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = checked_id(id)?;
    let _writing = state.shared.writes.lock().await;
    refuse_when_degraded(&state)?;
    let path = state
        .coach()
        .bank()
        .path_of(&id)
        .map_or_else(|| entry_path(state.dir(), &id), PathBuf::from);
    match tokio::fs::remove_file(&path).await {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(unknown(&id)),
        Err(e) => {
            tracing::error!("DELETE {id}: cannot delete {}: {e}", path.display());
            return Err(ApiError::internal(
                "write_failed",
                "the entry could not be deleted; the server log has the cause",
            ));
        }
    }
    reload_after_write(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A bank whose files do not load is not written to: the write would be served by no one, and
/// the broken file must be fixed first.
fn refuse_when_degraded(state: &AppState) -> Result<(), ApiError> {
    match state.last_failure() {
        Some(failure) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "bank_degraded",
            format!(
                "the bank on disk does not load ({}): fix that file first; nothing was written",
                failure.describe()
            ),
        )),
        None => Ok(()),
    }
}

async fn reload_after_write(state: &AppState, id: &str) -> Result<(), ApiError> {
    state.reload().await.map(|_| ()).map_err(|failure| {
        tracing::error!("after writing {id}: the bank did not reload: {}", failure.describe());
        ApiError::internal(
            "reload_failed",
            format!(
                "the change to {id:?} was written, but the bank did not reload (GET /readyz says why); the last good bank keeps serving"
            ),
        )
    })
}
