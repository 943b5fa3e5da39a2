//! OpenAPI schemas of the daemon's own bodies (errors, readiness). The wire types of the
//! coach derive `ToSchema` where they are defined.
#![allow(dead_code)]

use utoipa::ToSchema;

/// Every error response.
#[derive(ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
pub struct ErrorDetail {
    /// Stable: `malformed_json`, `unknown_field`, `invalid_request`, `invalid_id`, `unauthorized`,
    /// `not_found`, `unknown_story`, `payload_too_large`, `overloaded`, `timeout`, `llm_failed`...
    code: String,
    message: String,
}

/// `/readyz`: `ready`, or `degraded` when the last reload failed (the last good bank serves).
#[derive(ToSchema)]
pub struct Readiness {
    status: String,
    /// Entries in the bank being served.
    entries: usize,
    error: Option<ReloadError>,
}

#[derive(ToSchema)]
pub struct ReloadError {
    code: String,
    message: String,
    /// The file that broke the reload, when one did.
    file: Option<String>,
    reason: String,
}
