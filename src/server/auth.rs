//! Bearer-token authentication, compared in constant time, and the rule for which listen
//! addresses need a token at all.

use std::net::SocketAddr;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::{ApiError, AppState};

/// Routes anyone may call, token or not: liveness probes, and the page with its assets (it
/// holds no data; the page asks for the token and sends it with every API call).
const OPEN: &[&str] = &["/healthz", "/"];
const OPEN_PREFIX: &str = "/assets/";

/// A non-loopback address exposes the API to the network: it needs a token.
pub fn needs_token(addr: &SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

/// Middleware: when the server has a token, every route but `/healthz` and the page requires
/// `Authorization: Bearer <token>`; anything else gets 401.
pub async fn require_token(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(expected) = state.shared.token_hash else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    if OPEN.contains(&path) || path.starts_with(OPEN_PREFIX) {
        return next.run(req).await;
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer);
    match given {
        Some(token) if matches(token, &expected) => next.run(req).await,
        _ => ApiError::unauthorized().into_response(),
    }
}

/// The token of an `Authorization: Bearer <token>` value (the scheme is case-insensitive).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Compares hashes so neither the content nor the length of the token leaks through timing.
fn matches(given: &str, expected: &[u8; 32]) -> bool {
    let given = blake3::hash(given.as_bytes());
    given.as_bytes().ct_eq(expected).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_values_are_parsed_strictly() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("abc"), None);
    }

    #[test]
    fn tokens_match_only_exactly() {
        let expected = *blake3::hash(b"s3cret").as_bytes();
        assert!(matches("s3cret", &expected));
        assert!(!matches("s3cre", &expected));
        assert!(!matches("s3cret ", &expected));
    }

    #[test]
    fn only_loopback_is_safe_without_a_token() {
        assert!(!needs_token(&"127.0.0.1:7878".parse().unwrap()));
        assert!(!needs_token(&"[::1]:7878".parse().unwrap()));
        assert!(needs_token(&"0.0.0.0:7878".parse().unwrap()));
        assert!(needs_token(&"192.168.1.4:80".parse().unwrap()));
    }
}
