//! The daemon's JSON errors over HTTP: story ids refused before any file is touched, and bad
//! bodies, unknown routes, wrong methods and oversized payloads, each with its error code.

use reqwest::StatusCode;
use serde_json::json;
use starcoach::server::ServerOptions;

use crate::util::server::start;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_ids_are_rejected_before_any_file_is_touched() {
    let server = start(ServerOptions::default()).await;
    let before = server.files();
    let long = "x".repeat(65);
    for id in ["..%2Fx", "..%2F..%2Fescaped", long.as_str(), "a%20b"] {
        let mut entry = server.get("/v1/stories/KT1").await.1;
        entry["id"] = json!(id.replace("%2F", "/").replace("%20", " "));
        let (status, body) = server
            .send(
                server
                    .http
                    .put(server.url(&format!("/v1/stories/{id}")))
                    .json(&entry),
            )
            .await;
        assert_eq!(
            (status, &body["error"]["code"]),
            (StatusCode::BAD_REQUEST, &json!("invalid_id")),
            "{id}"
        );
        let (status, _) = server
            .send(server.http.delete(server.url(&format!("/v1/stories/{id}"))))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{id}");
    }
    let entry = server.get("/v1/stories/KT1").await.1;
    let (status, body) = server
        .send(
            server
                .http
                .put(server.url("/v1/stories/other"))
                .json(&entry),
        )
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::BAD_REQUEST, &json!("id_mismatch"))
    );
    assert_eq!(server.files(), before);
    let parent = server.bank.path().parent().unwrap();
    assert!(!parent.join("x.md").exists() && !parent.join("escaped.md").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_json_errors() {
    let server = start(ServerOptions::default()).await;
    let raw = |body: &'static str| server.http.post(server.url("/v1/critique")).body(body);
    let cases = [
        (
            raw("{\"draft\": "),
            StatusCode::BAD_REQUEST,
            "malformed_json",
        ),
        (raw(""), StatusCode::BAD_REQUEST, "malformed_json"),
        (
            raw("{\"draft\": \"x\", \"drfat\": 1}"),
            StatusCode::BAD_REQUEST,
            "unknown_field",
        ),
        (
            raw("{\"draft\": \"   \"}"),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (raw("[1, 2]"), StatusCode::BAD_REQUEST, "invalid_request"),
        (
            server.http.get(server.url("/v2/nothing")),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            server.http.get(server.url("/v1/match")),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
    ];
    for (req, want, code) in cases {
        let (status, body) = server.send(req).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (want, Some(code)),
            "{body}"
        );
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    }
    // A wrong type is said in words, not as the Rust type (`expected usize`).
    let (status, body) = server
        .post(
            "/v1/tailor",
            &json!({"job": "Build payment APIs.", "count": "3"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("string \"3\", expected a whole number"),
        "{message}"
    );
    let (status, body) = server
        .send(server.http.get(server.url("/v1/attempts?limit=-1")))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.ends_with("limit: not a whole number"), "{message}");
    // A query string is refused where the route takes none, and a misspelt parameter where
    // it takes some, so a typo does not pass unnoticed.
    for (req, said) in [
        (
            server.http.get(server.url("/v1/stories?kind=story")),
            "unknown query parameter `kind`: this route takes none",
        ),
        (
            server.http.get(server.url("/healthz?verbose")),
            "unknown query parameter `verbose`",
        ),
        (
            server
                .http
                .post(server.url("/v1/match"))
                .json(&json!({"question": "a conflict"}))
                .query(&[("limit", "3")]),
            "unknown query parameter `limit`",
        ),
        (
            server
                .http
                .post(server.url("/v1/critique?strem=true"))
                .json(&json!({"draft": "I led the migration."})),
            "unknown field `strem`",
        ),
    ] {
        let (status, body) = server.send(req).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"]["code"], "invalid_query", "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(said), "{message}");
    }
    let huge = json!({"draft": "word ".repeat(2 * 1024 * 1024 / 5 + 1)});
    let (status, body) = server.post("/v1/critique", &huge).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::PAYLOAD_TOO_LARGE, &json!("payload_too_large"))
    );
    let (_, body) = server.send(raw("[1, 2]")).await;
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expected a JSON object"),
        "{body}"
    );
    let (status, body) = server
        .post("/v1/match", &json!({"question": "Why us?", "top": 100000}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("top is 100000"),
        "{body}"
    );
    // A posting with typographic text answers like any other.
    let (status, body) = server
        .post(
            "/v1/tailor",
            &json!({"job": "# SRE\n• Be on call for the services you’ve built\n● Lead “blameless” postmortems — always\n"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Under the body limit but over the draft limit: refused by the engine, also a 413.
    let long = json!({"draft": "word ".repeat(100 * 1024 / 5)});
    let (status, body) = server.post("/v1/critique", &long).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::PAYLOAD_TOO_LARGE, &json!("too_large"))
    );
}
