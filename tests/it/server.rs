//! The daemon over HTTP: every route, CLI/daemon equality, metrics and the OpenAPI document,
//! against `serve()` running in-process on an ephemeral port over a temporary copy of
//! `tests/fixtures/server-bank`. Its JSON errors are in `server_errors`; auth, limits, hot
//! reload, shutdown and the binary's start-up rules are in `server_ops` and `server_limits`.

use reqwest::StatusCode;
use serde_json::{Value, json};
use starcoach::server::ServerOptions;

use crate::util::server::{DRAFT, IDS, JOB, cli, conforms, start};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_request_ids() {
    let server = start(ServerOptions::default()).await;
    let resp = server
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers().contains_key("x-request-id"));
    assert_eq!(resp.text().await.unwrap(), "ok");
    let (status, body) = server.get("/readyz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"status": "ready", "entries": 5}));
    let resp = server
        .http
        .get(server.url("/healthz"))
        .header("x-request-id", "abc-123");
    let resp = resp.send().await.unwrap();
    assert_eq!(resp.headers()["x-request-id"], "abc-123");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coaching_routes_answer_with_reports() {
    let server = start(ServerOptions::default()).await;
    let (status, body) = server
        .post(
            "/v1/match",
            &json!({"question": "Tell me about a time you improved reliability", "top": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["matches"].as_array().unwrap().len(), 1);
    assert_eq!(body["matches"][0]["id"], "PB1");
    let (status, body) = server
        .post("/v1/questions", &json!({"job": JOB, "count": 4}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["questions"].as_array().unwrap().len(), 4);
    let (status, body) = server
        .post("/v1/tailor", &json!({"job": JOB, "count": 3}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["questions"][0]["talk_track"].is_array());
    let (status, body) = server
        .post(
            "/v1/critique",
            &json!({"draft": DRAFT, "question": "Tell me about a failure"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["overall"].as_u64().unwrap() > 0);
    for req in [
        json!({"story": "KT2"}),
        json!({"draft": DRAFT, "question": "Tell me about a failure"}),
    ] {
        let (status, body) = server.post("/v1/followups", &req).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(!body["followups"].as_array().unwrap().is_empty());
    }
    let (status, body) = server
        .post("/v1/followups", &json!({"story": "NOPE"}))
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::NOT_FOUND, &json!("unknown_story"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_end_with_the_same_report() {
    let server = start(ServerOptions::default()).await;
    let cases = [
        (
            "/v1/critique",
            json!({"draft": DRAFT, "question": "Tell me about a failure"}),
        ),
        ("/v1/followups", json!({"story": "KT1"})),
    ];
    for (path, req) in cases {
        let (_, plain) = server.post(path, &req).await;
        let resp = server
            .http
            .post(server.url(&format!("{path}?stream=true")))
            .json(&req)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/event-stream")
        );
        let text = resp.text().await.unwrap();
        let (event, data) = text.trim().split_once('\n').expect("one event");
        assert_eq!(event, "event: report", "{text}");
        let report: Value = serde_json::from_str(data.strip_prefix("data: ").unwrap()).unwrap();
        assert_eq!(report, plain);
    }
    let resp = server
        .http
        .post(server.url("/v1/critique?stream=true"))
        .json(&json!({"draft": " "}))
        .send()
        .await
        .unwrap();
    let text = resp.text().await.unwrap();
    assert!(
        text.starts_with("event: error\ndata: {\"error\":{\"code\":\"invalid_request\""),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_answers_equal_the_cli_json() {
    let server = start(ServerOptions::default()).await;
    let bank = server.bank.path();
    let files = tempfile::tempdir().unwrap();
    let (draft, job) = (files.path().join("draft.txt"), files.path().join("job.md"));
    std::fs::write(&draft, DRAFT).unwrap();
    std::fs::write(&job, JOB).unwrap();
    let (draft, job) = (draft.to_str().unwrap(), job.to_str().unwrap());
    let q = "Tell me about a disagreement with your manager";
    let cases = [
        (
            "/v1/match",
            json!({"question": q, "top": 3}),
            vec!["match", q, "--top", "3"],
        ),
        (
            "/v1/critique",
            json!({"draft": DRAFT, "question": q}),
            vec!["critique", "--draft", draft, "--question", q],
        ),
        (
            "/v1/tailor",
            json!({"job": JOB}),
            vec!["tailor", "--job", job],
        ),
        (
            "/v1/questions",
            json!({"job": JOB}),
            vec!["questions", "--job", job],
        ),
        (
            "/v1/followups",
            json!({"story": "KT2", "question": q}),
            vec!["followups", "--story", "KT2", "--question", q],
        ),
    ];
    for (path, req, args) in cases {
        let (status, http) = server.post(path, &req).await;
        assert_eq!(status, StatusCode::OK, "{path}: {http}");
        assert_eq!(
            http,
            cli(bank, &args),
            "{path} differs from `starcoach {}`",
            args[0]
        );
    }
    assert_eq!(
        server.get("/v1/stories").await.1,
        cli(bank, &["stories", "list"])
    );
    assert_eq!(
        server.get("/v1/stories/KT1").await.1,
        cli(bank, &["stories", "show", "KT1"])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stories_are_listed_written_and_deleted() {
    let server = start(ServerOptions::default()).await;
    let (status, list) = server.get("/v1/stories").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, IDS);
    let (_, mut entry) = server.get("/v1/stories/KT2").await;
    entry["id"] = json!("KT3");
    entry["title"] = json!("A copy, under a new id");
    let (status, stored) = server
        .send(server.http.put(server.url("/v1/stories/KT3")).json(&entry))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored, entry);
    assert!(server.bank.path().join("KT3.md").is_file());
    assert_eq!(server.get("/v1/stories/KT3").await.1, entry);
    entry["tags"] = json!(["edited"]);
    let (status, stored) = server
        .send(server.http.put(server.url("/v1/stories/KT3")).json(&entry))
        .await;
    assert_eq!((status, stored), (StatusCode::OK, entry));
    let resp = server
        .http
        .delete(server.url("/v1/stories/KT3"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    assert!(!server.bank.path().join("KT3.md").exists());
    assert_eq!(server.get("/v1/stories/KT3").await.0, StatusCode::NOT_FOUND);
    let (status, body) = server
        .send(server.http.delete(server.url("/v1/stories/KT3")))
        .await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::NOT_FOUND, &json!("unknown_story"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route_and_status() {
    let server = start(ServerOptions::default()).await;
    server
        .post("/v1/match", &json!({"question": "Why us?"}))
        .await;
    server.post("/v1/match", &json!({"question": ""})).await;
    let resp = server
        .http
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = resp.text().await.unwrap();
    for needle in [
        "starcoach_http_requests_total{route=\"/v1/match\",status=\"200\"}",
        "starcoach_http_requests_total{route=\"/v1/match\",status=\"400\"}",
        "starcoach_http_request_duration_seconds_bucket{route=\"/v1/match\",le=\"0.005\"}",
        "starcoach_bank_reloads_total{result=\"ok\"}",
        "starcoach_bank_reloads_total{result=\"error\"}",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

const ROUTES: [(&str, &str); 13] = [
    ("post", "/v1/match"),
    ("post", "/v1/questions"),
    ("post", "/v1/tailor"),
    ("post", "/v1/critique"),
    ("post", "/v1/followups"),
    ("get", "/v1/stories"),
    ("get", "/v1/stories/{id}"),
    ("put", "/v1/stories/{id}"),
    ("delete", "/v1/stories/{id}"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_documents_every_route_and_the_real_shapes() {
    let server = start(ServerOptions::default()).await;
    let (status, doc) = server.get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for (method, path) in ROUTES {
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is not documented");
        let needs_token = path != "/healthz";
        assert_eq!(
            op["responses"]["401"].is_object(),
            needs_token,
            "{method} {path}"
        );
    }
    let schemas = &doc["components"]["schemas"];
    for request in [
        "MatchRequest",
        "QuestionsRequest",
        "TailorRequest",
        "CritiqueRequest",
        "FollowupsRequest",
        "Entry",
    ] {
        assert_eq!(schemas[request]["additionalProperties"], false, "{request}");
    }
    let schema = |path: &str, method: &str, status: &str| {
        doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
            .clone()
    };
    let cases = [
        ("/v1/match", json!({"question": "Tell me about a failure"})),
        ("/v1/questions", json!({"job": JOB})),
        ("/v1/tailor", json!({"job": JOB})),
        ("/v1/critique", json!({"draft": DRAFT, "question": "Why?"})),
        ("/v1/followups", json!({"story": "PB1"})),
    ];
    for (path, req) in cases {
        let (_, body) = server.post(path, &req).await;
        conforms(&doc, &schema(path, "post", "200"), &body)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let (_, body) = server.post("/v1/critique", &json!({"draft": ""})).await;
    conforms(&doc, &schema("/v1/critique", "post", "400"), &body).unwrap();
    for (path, route) in [
        ("/v1/stories", "/v1/stories"),
        ("/v1/stories/KT1", "/v1/stories/{id}"),
        ("/readyz", "/readyz"),
    ] {
        let body = server.get(path).await.1;
        conforms(&doc, &schema(route, "get", "200"), &body)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}
