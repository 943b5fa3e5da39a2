//! One error type for every route, rendered as `{"error": {"code": "...", "message": "..."}}`,
//! and the JSON extractor that turns unreadable bodies into those errors.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use serde::de::DeserializeOwned;
use serde_json::json;
use tower::BoxError;

use crate::engine::EngineError;
use crate::plain::types_in_words;

/// An HTTP error: the status, a stable machine code, a message for people.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    retry_after: Option<u32>,
    /// What went wrong inside, for the log only (never in the response).
    detail: Option<String>,
    /// The request field the error is about, so a form can show it there.
    field: Option<&'static str>,
}

/// What a response's error was, handed to the logging layer in the response's extensions.
#[derive(Debug, Clone)]
pub struct Logged {
    pub code: &'static str,
    pub message: String,
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            detail: None,
            field: None,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized() -> ApiError {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token: send `Authorization: Bearer <token>`",
        )
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn internal(code: &'static str, message: impl Into<String>) -> ApiError {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, code, message)
    }

    pub fn invalid_id(id: &str) -> ApiError {
        Self::bad_request(
            "invalid_id",
            format!("invalid id {id:?}: use 1-64 letters, digits, `-` or `_`"),
        )
    }

    pub(super) fn too_large() -> ApiError {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the request body is larger than the limit (1 MiB by default)",
        )
    }

    pub fn unavailable(code: &'static str, message: &str) -> ApiError {
        ApiError {
            retry_after: Some(1),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
        }
    }

    /// Keeps the cause for the log; the client never sees it.
    pub fn with_detail(mut self, detail: impl Into<String>) -> ApiError {
        self.detail = Some(detail.into());
        self
    }

    /// Names the request field the error is about (`title`, `sections`...).
    pub fn at_field(mut self, field: &'static str) -> ApiError {
        self.field = Some(field);
        self
    }

    /// The JSON body, also used for `event: error` in a stream.
    pub fn body(&self) -> serde_json::Value {
        match self.field {
            Some(field) => {
                json!({"error": {"code": self.code, "message": self.message, "field": field}})
            }
            None => json!({"error": {"code": self.code, "message": self.message}}),
        }
    }
}

/// Only builds the response; [`log_errors`] logs it, with the request's id.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        response.extensions_mut().insert(Logged {
            code: self.code,
            message: self.message.clone(),
            detail: self.detail.clone(),
        });
        let headers = response.headers_mut();
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<EngineError> for ApiError {
    fn from(err: EngineError) -> ApiError {
        match err {
            EngineError::BadRequest(message) => Self::bad_request("invalid_request", message),
            EngineError::UnknownStory(_) => Self::not_found("unknown_story", err.to_string()),
            EngineError::TooLarge { .. } => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", err.to_string())
            }
            EngineError::Item(e) => Self::new(StatusCode::BAD_GATEWAY, "llm_failed", e.to_string()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(err: PathRejection) -> ApiError {
        Self::bad_request("invalid_path", types_in_words(&err.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(err: QueryRejection) -> ApiError {
        Self::bad_request("invalid_query", types_in_words(&err.body_text()))
    }
}

/// Logs every error response once, in the request's span (so with its id): server errors as
/// warnings with their cause, client errors at debug. A 500 body gets the request id, so a
/// user can quote it, and nothing internal.
pub async fn log_errors(req: Request, next: axum::middleware::Next) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string();
    let mut response = next.run(req).await;
    let Some(logged) = response.extensions_mut().remove::<Logged>() else {
        return response;
    };
    let status = response.status();
    let detail = logged.detail.as_deref().unwrap_or("");
    if status.is_server_error() {
        tracing::warn!(
            status = status.as_u16(),
            code = logged.code,
            detail,
            "{}",
            logged.message
        );
    } else {
        tracing::debug!(
            status = status.as_u16(),
            code = logged.code,
            "{}",
            logged.message
        );
    }
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        let body = json!({"error": {"code": logged.code,
            "message": format!("{} (request id {id})", logged.message)}});
        let headers = response.headers().clone();
        let mut rebuilt = (status, Json(body)).into_response();
        for (name, value) in &headers {
            if name != header::CONTENT_LENGTH {
                rebuilt.headers_mut().insert(name, value.clone());
            }
        }
        return rebuilt;
    }
    response
}

/// Maps what the tower layers fail with (shed load, timeout) to an [`ApiError`].
pub async fn from_layer(err: BoxError) -> ApiError {
    if err.is::<tower::load_shed::error::Overloaded>() {
        ApiError::unavailable(
            "overloaded",
            "the server is at its limit of requests in flight; retry shortly",
        )
    } else if err.is::<tower::timeout::error::Elapsed>() {
        ApiError::unavailable("timeout", "the request took too long and was stopped")
    } else {
        ApiError::internal("internal", "the server failed on this request")
            .with_detail(format!("unhandled error: {err}"))
    }
}

/// The answer to a handler that panicked: a JSON 500 that tells nothing internal; the panic is
/// logged with the request's span (and so its id).
pub fn from_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    tracing::error!("handler panicked: {what}");
    ApiError::internal(
        "internal",
        "the server failed on this request; the x-request-id header names it in the server log",
    )
    .into_response()
}

/// A JSON body: malformed JSON, unknown fields and oversized bodies become [`ApiError`]s.
/// The content type is not checked, so `curl -d` works as is.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        serde_json::from_slice(&bytes).map(ApiJson).map_err(|e| {
            // Valid JSON of the wrong shape ("[1,2]", "\"text\"") is asked to be an object.
            let object = bytes.trim_ascii_start().starts_with(b"{");
            if !object && serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok() {
                ApiError::bad_request(
                    "invalid_request",
                    "expected a JSON object with the request's fields, e.g. {\"question\": \"...\"}",
                )
            } else {
                json_error(&e)
            }
        })
    }
}

/// A route that takes no parameters wrapped so it refuses a query string, as the routes that
/// take some refuse an unknown one: a misspelt `?strem=true` should not pass unnoticed.
pub fn no_query<S: Clone + Send + Sync + 'static>(route: MethodRouter<S>) -> MethodRouter<S> {
    route.route_layer(axum::middleware::from_fn(refuse_query))
}

async fn refuse_query(req: Request, next: Next) -> Response {
    match req.uri().query().filter(|q| !q.is_empty()) {
        Some(query) => {
            let first = query.split('&').next().unwrap_or_default();
            let name: String = first
                .split('=')
                .next()
                .unwrap_or_default()
                .chars()
                .take(40)
                .collect();
            ApiError::bad_request(
                "invalid_query",
                format!(
                    "unknown query parameter `{name}`: this route takes none; remove the query"
                ),
            )
            .into_response()
        }
        None => next.run(req).await,
    }
}

fn body_error(err: BytesRejection) -> ApiError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large()
    } else {
        ApiError::bad_request("unreadable_body", err.body_text())
    }
}

fn json_error(err: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match err.classify() {
        Category::Data if err.to_string().starts_with("unknown field") => {
            ApiError::bad_request("unknown_field", err.to_string())
        }
        Category::Data => {
            ApiError::bad_request("invalid_request", types_in_words(&err.to_string()))
        }
        Category::Eof if err.line() == 1 && err.column() == 0 => ApiError::bad_request(
            "malformed_json",
            "the request body is empty: send a JSON object",
        ),
        Category::Syntax | Category::Eof | Category::Io => ApiError::bad_request(
            "malformed_json",
            format!("the body is not valid JSON: {err}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        draft: String,
    }

    fn code(text: &str) -> &'static str {
        json_error(&serde_json::from_str::<Body>(text).unwrap_err()).code
    }

    #[test]
    fn json_problems_get_distinct_codes() {
        assert_eq!(code("{\"draft\": "), "malformed_json");
        assert_eq!(code("not json"), "malformed_json");
        assert_eq!(code(""), "malformed_json");
        assert_eq!(code("{\"draft\": \"x\", \"drfat\": 1}"), "unknown_field");
        assert_eq!(code("{\"draft\": 3}"), "invalid_request");
        assert_eq!(code("{}"), "invalid_request");
    }

    #[tokio::test]
    async fn a_500_names_the_request_id_and_keeps_the_cause_for_the_log() {
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route(
                "/boom",
                axum::routing::get(|| async {
                    Err::<(), ApiError>(
                        ApiError::internal("write_failed", "the entry could not be written")
                            .with_detail("cannot write /srv/bank/KT1.md: disk full"),
                    )
                }),
            )
            .layer(axum::middleware::from_fn(log_errors));
        let req = axum::http::Request::get("/boom")
            .header("x-request-id", "req-42")
            .body(axum::body::Body::empty())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = String::from_utf8(bytes.to_vec()).unwrap();
        assert!(body.contains("(request id req-42)"), "{body}");
        assert!(
            !body.contains("/srv") && !body.contains("disk full"),
            "{body}"
        );
    }
}
