//! The daemon's routing, bodies and operations in process: JSON 404 and 405, malformed and
//! unknown fields, health, OpenAPI, metrics, the bearer token and request ids.

use axum::http::{HeaderValue, StatusCode, header};
use serde_json::json;
use starcoach::server::ServerOptions;

use crate::util::routes::{
    FAILED, WHY_US, app, app_with, authorized, call, call_raw, code, ids, message, raw_request,
    request, send,
};
use crate::util::server::IDS;

// ---- routing and bodies ----

#[tokio::test]
async fn an_unknown_route_is_a_json_404() {
    let (app, _bank) = app().await;
    for (method, uri) in [
        ("GET", "/v2/nothing"),
        ("POST", "/v1/nothing"),
        ("GET", "/assets/nothing.js"),
    ] {
        let (status, body) = call(&app, method, uri, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {uri}: {body}");
        assert_eq!(code(&body), "not_found", "{body}");
        assert!(!message(&body).is_empty(), "{body}");
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let (app, _bank) = app().await;
    for (method, uri) in [
        ("GET", "/v1/match"),
        ("DELETE", "/v1/stories"),
        ("POST", "/v1/stories/KT1"),
        ("POST", "/readyz"),
    ] {
        let (status, body) = call(&app, method, uri, None).await;
        assert_eq!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}: {body}"
        );
        assert_eq!(code(&body), "method_not_allowed", "{body}");
    }
}

#[tokio::test]
async fn malformed_json_is_400() {
    let (app, _bank) = app().await;
    for raw in ["{\"draft\": ", "not json", ""] {
        let (status, body) = call_raw(&app, "POST", "/v1/critique", raw).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{raw:?}: {body}");
        assert_eq!(code(&body), "malformed_json", "{raw:?}: {body}");
    }
}

#[tokio::test]
async fn json_that_is_not_an_object_is_asked_to_be_one() {
    let (app, _bank) = app().await;
    for raw in ["[1,2]", "\"text\"", "42"] {
        let (status, body) = call_raw(&app, "POST", "/v1/match", raw).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{raw}: {body}");
        assert_eq!(code(&body), "invalid_request", "{raw}: {body}");
        assert!(
            message(&body).contains("expected a JSON object"),
            "{raw}: {body}"
        );
    }
}

#[tokio::test]
async fn an_unknown_field_is_400() {
    let (app, _bank) = app().await;
    let cases = [
        ("/v1/critique", json!({"draft": "x", "drfat": 1})),
        ("/v1/match", json!({"question": FAILED, "topp": 3})),
    ];
    for (uri, req) in cases {
        let (status, body) = call(&app, "POST", uri, Some(req)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(code(&body), "unknown_field", "{uri}: {body}");
    }
    let (_, body) = call_raw(
        &app,
        "POST",
        "/v1/critique",
        "{\"draft\": \"x\", \"drfat\": 1}",
    )
    .await;
    assert!(message(&body).contains("drfat"), "{body}");
}

#[tokio::test]
async fn a_missing_or_mistyped_field_is_invalid_request() {
    let (app, _bank) = app().await;
    for req in [json!({}), json!({"draft": 3})] {
        let (status, body) = call(&app, "POST", "/v1/critique", Some(req.clone())).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_request"),
            "{req}"
        );
    }
}

// ---- operations ----

#[tokio::test]
async fn healthz_says_ok() {
    let (app, _bank) = app().await;
    let (status, headers, body) = send(&app, request("GET", "/healthz", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!("ok"));
    let content_type = headers[header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
}

#[tokio::test]
async fn readyz_is_ready_with_the_entry_count() {
    let (app, _bank) = app().await;
    let (status, body) = call(&app, "GET", "/readyz", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"status": "ready", "entries": 5}));
}

#[tokio::test]
async fn openapi_documents_the_match_route() {
    let (app, _bank) = app().await;
    let (status, doc) = call(&app, "GET", "/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths is an object");
    assert!(paths.contains_key("/v1/match"), "{:?}", paths.keys());
    assert!(doc["paths"]["/v1/match"]["post"].is_object());
}

#[tokio::test]
async fn metrics_are_prometheus_text() {
    let (app, _bank) = app().await;
    call(&app, "POST", "/v1/match", Some(json!({"question": WHY_US}))).await;
    let (status, headers, body) = send(&app, request("GET", "/metrics", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = body.as_str().expect("a text body");
    assert!(text.contains("starcoach_http_requests_total"), "{text}");
}

// ---- auth ----

fn with_token() -> ServerOptions {
    ServerOptions {
        token: Some("t0ken".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn without_the_token_requests_are_401() {
    let (app, _bank) = app_with(with_token()).await;
    let cases = [
        request("GET", "/v1/stories", None),
        request("GET", "/readyz", None),
        request("POST", "/v1/match", Some(json!({"question": FAILED}))),
        authorized(request("GET", "/v1/stories", None), "Bearer wrong"),
        authorized(request("GET", "/v1/stories", None), "Basic t0ken"),
        authorized(request("GET", "/v1/stories", None), "t0ken"),
    ];
    for req in cases {
        let auth = req.headers().get(header::AUTHORIZATION).cloned();
        let what = format!("{} {} {auth:?}", req.method(), req.uri());
        let (status, headers, body) = send(&app, req).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}: {body}");
        assert_eq!(code(&body), "unauthorized", "{what}: {body}");
        assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer", "{what}");
    }
}

#[tokio::test]
async fn with_the_bearer_token_requests_are_served() {
    let (app, _bank) = app_with(with_token()).await;
    let req = authorized(request("GET", "/v1/stories", None), "Bearer t0ken");
    let (status, _, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ids(&body), IDS);
    // The scheme is case-insensitive.
    let req = authorized(
        request("POST", "/v1/match", Some(json!({"question": FAILED}))),
        "bearer t0ken",
    );
    let (status, _, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["matches"].is_array(), "{body}");
}

#[tokio::test]
async fn healthz_needs_no_token() {
    let (app, _bank) = app_with(with_token()).await;
    let (status, body) = call(&app, "GET", "/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!("ok"));
}

// ---- request ids ----

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let (app, _bank) = app().await;
    let cases = [
        request("GET", "/healthz", None),
        request("GET", "/readyz", None),
        request("GET", "/openapi.json", None),
        request("POST", "/v1/match", Some(json!({"question": FAILED}))),
        request("POST", "/v1/match", Some(json!({"question": ""}))),
        raw_request("POST", "/v1/critique", "{\"draft\": "),
        request("GET", "/v1/stories/NOPE", None),
        request("GET", "/v1/stories/..%2Fetc", None),
        request("GET", "/v2/nothing", None),
        request("GET", "/v1/match", None),
        request("DELETE", "/v1/stories/PB1", None),
    ];
    for req in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let (status, headers, _) = send(&app, req).await;
        let id = headers
            .get("x-request-id")
            .unwrap_or_else(|| panic!("{what} ({status}) has no x-request-id"));
        assert!(!id.to_str().unwrap().is_empty(), "{what}");
    }
    let (app, _bank) = app_with(with_token()).await;
    let (status, headers, _) = send(&app, request("GET", "/v1/stories", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        headers.contains_key("x-request-id"),
        "a 401 carries one too"
    );
}

#[tokio::test]
async fn a_client_request_id_is_kept() {
    let (app, _bank) = app().await;
    let mut req = request("GET", "/readyz", None);
    req.headers_mut()
        .insert("x-request-id", HeaderValue::from_static("abc-123"));
    let (status, headers, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["x-request-id"], "abc-123");
}
