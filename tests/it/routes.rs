//! The daemon's routes in process, as axum's `examples/testing` does it: `server::router(state)`
//! driven with `tower::ServiceExt::oneshot`, no sockets, over a fresh copy of
//! `tests/fixtures/server-bank` per test. Statuses and error codes are those of docs/http.md.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode, header};
use serde_json::{Value, json};
use starcoach::coach::EngineChoice;
use starcoach::config::Config;
use starcoach::server::{AppState, ServerOptions, router};
use tempfile::TempDir;
use tower::ServiceExt;

use crate::util::server::{DRAFT, IDS, JOB, bank_copy};

const FAILED: &str = "Tell me about a time you failed.";
const WHY_US: &str = "Why do you want to work here?";

const MOTIVATION: &str = "I have used your routing API at two jobs, and the way your team \
    published the postmortem of the March outage is why I applied. I run the booking service \
    at Kestrel Travel today, about 40,000 requests a minute, and your posting asks for exactly \
    that: someone to own reliability and its SLOs. I want to work where reliability is treated \
    as part of the product, and your error-budget policy says you mean it.";

/// A draft with fillers, which the critique points at one by one.
const FILLERS: &str = "So, um, at Fenwick I was, like, running the billing job, and it, uh, \
    kept failing, you know, every night. I basically rewrote the retry logic and, um, the \
    failures stopped, and the job has run cleanly for 90 days.";

/// The app over a fresh bank copy, offline engine, default config; keep the `TempDir` alive.
async fn app() -> (Router, TempDir) {
    app_with(ServerOptions::default()).await
}

async fn app_with(options: ServerOptions) -> (Router, TempDir) {
    let bank = bank_copy();
    let state = AppState::load(
        bank.path(),
        &Config::default(),
        EngineChoice::Offline,
        options,
    )
    .unwrap();
    (router(state), bank)
}

/// A request with an optional JSON body.
fn request(method: &str, uri: &str, body: Option<Value>) -> Request<Body> {
    let builder = Request::builder().method(method).uri(uri);
    match body {
        Some(value) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(value.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// A request whose body is sent as is (malformed JSON and the like).
fn raw_request(method: &str, uri: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The same request with `Authorization: <value>`.
fn authorized(mut req: Request<Body>, value: &str) -> Request<Body> {
    req.headers_mut()
        .insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
    req
}

/// Sends one request through the router; the body is parsed as JSON, a text body comes back
/// as a JSON string and an empty body as `Null`.
async fn send(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, Value) {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice::<Value>(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, headers, body)
}

async fn call(app: &Router, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let (status, _, body) = send(app, request(method, uri, body)).await;
    (status, body)
}

async fn call_raw(app: &Router, method: &str, uri: &str, body: &str) -> (StatusCode, Value) {
    let (status, _, body) = send(app, raw_request(method, uri, body)).await;
    (status, body)
}

/// The `error.code` of an error body ("" when there is none).
fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap_or("")
}

fn ids(list: &Value) -> Vec<String> {
    list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

fn files(bank: &TempDir) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(bank.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---- /v1/match ----

#[tokio::test]
async fn match_ranks_stories_for_a_failure_question() {
    let (app, _bank) = app().await;
    let (status, body) = call(&app, "POST", "/v1/match", Some(json!({"question": FAILED}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["engine"], "offline");
    assert_eq!(body["question"], FAILED);
    let matches = body["matches"].as_array().unwrap();
    assert!(!matches.is_empty(), "{body}");
    assert!(matches.len() <= 5, "top defaults to 5: {body}");
    assert!(matches.iter().any(|m| m["id"] == "KT1"), "{body}");
    for m in matches {
        let score = m["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{m}");
        assert!(m["title"].is_string() && m["why"].is_array(), "{m}");
    }
}

#[tokio::test]
async fn match_top_limits_the_matches() {
    let (app, _bank) = app().await;
    let req = json!({"question": "Tell me about a time you improved reliability", "top": 1});
    let (status, body) = call(&app, "POST", "/v1/match", Some(req)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["matches"].as_array().unwrap().len(), 1, "{body}");
}

#[tokio::test]
async fn match_rejects_an_empty_question() {
    let (app, _bank) = app().await;
    for question in ["", "   \n"] {
        let (status, body) = call(
            &app,
            "POST",
            "/v1/match",
            Some(json!({"question": question})),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{question:?}: {body}");
        assert_eq!(code(&body), "invalid_request", "{body}");
        assert!(message(&body).contains("question"), "{body}");
    }
}

#[tokio::test]
async fn match_rejects_top_out_of_range() {
    let (app, _bank) = app().await;
    for top in [0, 1000] {
        let req = json!({"question": FAILED, "top": top});
        let (status, body) = call(&app, "POST", "/v1/match", Some(req)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "top {top}: {body}");
        assert_eq!(code(&body), "invalid_request", "{body}");
        assert!(message(&body).contains("top"), "{body}");
        assert!(message(&body).contains(&top.to_string()), "{body}");
    }
}

#[tokio::test]
async fn behavioral_questions_never_get_prepared_answers() {
    let (app, _bank) = app().await;
    let (_, list) = call(&app, "GET", "/v1/stories", None).await;
    let answers: Vec<&str> = list["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "answer")
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(
        answers.contains(&"why-us") && answers.contains(&"vision"),
        "{list}"
    );
    for question in [
        FAILED,
        "Tell me about a time you improved reliability.",
        "Tell me about a time you disagreed with your manager.",
        "Tell me about a time you led an incident response.",
        "Describe a situation where you had to convince a product manager.",
    ] {
        let req = json!({"question": question, "top": 100});
        let (status, body) = call(&app, "POST", "/v1/match", Some(req)).await;
        assert_eq!(status, StatusCode::OK, "{question}: {body}");
        for m in body["matches"].as_array().unwrap() {
            let id = m["id"].as_str().unwrap();
            assert!(
                !answers.contains(&id),
                "{question} was answered by {id}: {body}"
            );
        }
    }
}

// ---- /v1/questions ----

#[tokio::test]
async fn questions_lists_likely_questions() {
    let (app, _bank) = app().await;
    let req = json!({"job": JOB, "count": 4});
    let (status, body) = call(&app, "POST", "/v1/questions", Some(req)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let questions = body["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 4, "{body}");
    for q in questions {
        assert!(!q["question"].as_str().unwrap().is_empty(), "{q}");
        assert!(q["competency"].is_string(), "{q}");
        assert!(q["evidence"].is_array(), "{q}");
        let likelihood = q["likelihood"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&likelihood), "{q}");
    }
}

#[tokio::test]
async fn questions_count_out_of_range_is_rejected() {
    let (app, _bank) = app().await;
    for count in [41, 0] {
        let req = json!({"job": JOB, "count": count});
        let (status, body) = call(&app, "POST", "/v1/questions", Some(req)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "count {count}: {body}");
        assert_eq!(code(&body), "invalid_request", "{body}");
        assert!(message(&body).contains("count"), "{body}");
    }
    let (status, body) = call(&app, "POST", "/v1/questions", Some(json!({"job": " "}))).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_request")
    );
}

// ---- /v1/tailor ----

#[tokio::test]
async fn tailor_plans_questions_and_lists_what_is_uncovered() {
    let (app, _bank) = app().await;
    let req = json!({"job": JOB, "count": 3});
    let (status, body) = call(&app, "POST", "/v1/tailor", Some(req)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["engine"], "offline");
    let questions = body["questions"].as_array().unwrap();
    assert!((1..=3).contains(&questions.len()), "{body}");
    for q in questions {
        assert!(q["question"].is_string(), "{q}");
        assert!(q["story"].is_object() || q["story"].is_null(), "{q}");
        assert!(q["talk_track"].is_array() && q["gaps"].is_array(), "{q}");
        assert!(q["speaking_seconds"].is_u64(), "{q}");
    }
    let uncovered = body["uncovered"].as_array().expect("uncovered is an array");
    // Kubernetes and Terraform are in the posting and nowhere in the bank.
    assert!(!uncovered.is_empty(), "{body}");
    for u in uncovered {
        let evidence = u["evidence"].as_str().unwrap();
        assert!(JOB.contains(evidence), "{u}");
        assert!(!u["requirement"].as_str().unwrap().is_empty(), "{u}");
    }
}

#[tokio::test]
async fn tailor_reads_a_posting_with_typographic_text() {
    let (app, _bank) = app().await;
    let job = "# SRE at “Gullwing” — Platform\n\n\
        • Be on call for the services you’ve built\n\
        • Lead “blameless” postmortems — always\n\
        • Define SLOs and error budgets with product managers\n";
    let (status, body) = call(&app, "POST", "/v1/tailor", Some(json!({"job": job}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["questions"].is_array(), "{body}");
    assert!(body["uncovered"].is_array(), "{body}");
}

#[tokio::test]
async fn tailor_rejects_settings_out_of_range() {
    let (app, _bank) = app().await;
    for (field, value) in [("max_reuse", 0), ("target_seconds", 5), ("count", 41)] {
        let mut req = json!({"job": JOB});
        req[field] = json!(value);
        let (status, body) = call(&app, "POST", "/v1/tailor", Some(req)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {body}");
        assert_eq!(code(&body), "invalid_request", "{body}");
        assert!(message(&body).contains(field), "{body}");
    }
}

// ---- /v1/critique ----

#[tokio::test]
async fn critique_reports_kind_rubric_and_findings() {
    let (app, _bank) = app().await;
    let req = json!({"draft": DRAFT, "question": FAILED});
    let (status, body) = call(&app, "POST", "/v1/critique", Some(req)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["engine"], "offline");
    assert_eq!(body["question"], FAILED);
    assert_eq!(body["answer_kind"], "story", "{body}");
    assert!(body["rubric"].is_object(), "{body}");
    for dimension in [
        "structure",
        "ownership",
        "impact",
        "specificity",
        "relevance",
        "vision",
        "delivery",
    ] {
        let score = body["rubric"][dimension]
            .as_u64()
            .unwrap_or_else(|| panic!("{dimension}: {body}"));
        assert!(score <= 4, "{dimension}: {body}");
    }
    for part in ["situation", "task", "action", "result", "learned"] {
        assert!(
            body["scores"][part].as_u64().unwrap() <= 100,
            "{part}: {body}"
        );
    }
    assert!(body["overall"].as_u64().unwrap() <= 100, "{body}");
    assert!(body["words"].as_u64().unwrap() > 0, "{body}");
    let chars = DRAFT.chars().count();
    for f in body["findings"].as_array().expect("findings is an array") {
        assert!(f["code"].is_string() && f["message"].is_string(), "{f}");
        let severity = f["severity"].as_str().unwrap();
        assert!(["error", "warning", "info"].contains(&severity), "{f}");
        for span in f["spans"].as_array().unwrap() {
            let (start, end) = (
                span["start"].as_u64().unwrap(),
                span["end"].as_u64().unwrap(),
            );
            assert!(start <= end && end as usize <= chars, "{f}");
        }
    }
}

#[tokio::test]
async fn critique_spans_point_into_the_draft() {
    let (app, _bank) = app().await;
    let (status, body) = call(
        &app,
        "POST",
        "/v1/critique",
        Some(json!({"draft": FILLERS})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let chars: Vec<char> = FILLERS.chars().collect();
    let findings = body["findings"].as_array().unwrap();
    for f in findings {
        for span in f["spans"].as_array().unwrap() {
            let start = span["start"].as_u64().unwrap() as usize;
            let end = span["end"].as_u64().unwrap() as usize;
            assert!(start <= end && end <= chars.len(), "{f}");
        }
    }
    let filler = findings
        .iter()
        .find(|f| f["code"] == "filler")
        .unwrap_or_else(|| panic!("no filler finding: {body}"));
    let words: Vec<String> = filler["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (start, end) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
            chars[start as usize..end as usize].iter().collect()
        })
        .collect();
    assert!(words.iter().any(|w| w == "um"), "{words:?}");
    assert!(words.iter().any(|w| w == "basically"), "{words:?}");
}

#[tokio::test]
async fn critique_of_a_why_question_is_a_motivation_answer() {
    let (app, _bank) = app().await;
    let req = json!({"draft": MOTIVATION, "question": WHY_US});
    let (status, body) = call(&app, "POST", "/v1/critique", Some(req)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["answer_kind"], "motivation", "{body}");
    // Ownership and impact do not apply to a motivation answer (docs/json.md).
    assert!(body["rubric"].get("ownership").is_none(), "{body}");
    assert!(body["rubric"].get("impact").is_none(), "{body}");
}

#[tokio::test]
async fn critique_refuses_a_draft_over_64_kib() {
    let (app, _bank) = app().await;
    // About 100 KiB: under the 1 MiB body limit, over the draft limit.
    let draft = "word ".repeat(100 * 1024 / 5);
    let (status, body) = call(&app, "POST", "/v1/critique", Some(json!({"draft": draft}))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(code(&body), "too_large", "{body}");
    assert!(message(&body).contains("draft"), "{body}");
}

#[tokio::test]
async fn critique_rejects_a_blank_draft() {
    let (app, _bank) = app().await;
    let (status, body) = call(&app, "POST", "/v1/critique", Some(json!({"draft": "  "}))).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_request"),
        "{body}"
    );
}

// ---- /v1/followups ----

#[tokio::test]
async fn followups_for_a_story() {
    let (app, _bank) = app().await;
    let (status, body) = call(&app, "POST", "/v1/followups", Some(json!({"story": "KT1"}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let followups = body["followups"].as_array().unwrap();
    assert!(!followups.is_empty(), "{body}");
    for f in followups {
        assert!(f["question"].is_string() && f["why"].is_string(), "{f}");
        assert!(f["targets"].is_string(), "{f}");
    }
}

#[tokio::test]
async fn followups_need_exactly_one_of_story_and_draft() {
    let (app, _bank) = app().await;
    for req in [
        json!({"story": "KT1", "draft": DRAFT}),
        json!({"question": FAILED}),
    ] {
        let (status, body) = call(&app, "POST", "/v1/followups", Some(req.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{req}: {body}");
        assert_eq!(code(&body), "invalid_request", "{body}");
    }
}

#[tokio::test]
async fn followups_for_an_unknown_story_is_404() {
    let (app, _bank) = app().await;
    let (status, body) = call(
        &app,
        "POST",
        "/v1/followups",
        Some(json!({"story": "NOPE"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(code(&body), "unknown_story", "{body}");
}

// ---- /v1/stories ----

#[tokio::test]
async fn stories_are_listed() {
    let (app, _bank) = app().await;
    let (status, body) = call(&app, "GET", "/v1/stories", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ids(&body), IDS);
    for e in body["entries"].as_array().unwrap() {
        assert!(e["kind"] == "story" || e["kind"] == "answer", "{e}");
        assert!(e["title"].is_string() && e["categories"].is_array() && e["tags"].is_array());
    }
}

#[tokio::test]
async fn a_story_is_shown_with_its_sections() {
    let (app, _bank) = app().await;
    let (status, body) = call(&app, "GET", "/v1/stories/KT1", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], "KT1");
    assert_eq!(body["kind"], "story");
    assert_eq!(body["company"], "Kestrel Travel");
    let names: Vec<&str> = body["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Situation") && names.contains(&"Result"),
        "{body}"
    );
}

#[tokio::test]
async fn an_unknown_story_is_404() {
    let (app, _bank) = app().await;
    let (status, body) = call(&app, "GET", "/v1/stories/NOPE", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(code(&body), "unknown_story", "{body}");
}

#[tokio::test]
async fn invalid_ids_are_400_before_any_file_is_touched() {
    let (app, bank) = app().await;
    let before = files(&bank);
    let (_, entry) = call(&app, "GET", "/v1/stories/KT1", None).await;
    let long = "x".repeat(65);
    for (path_id, body_id) in [
        ("..%2Fetc", "../etc"),
        ("..%2F..%2Fescaped", "../../escaped"),
        ("a%20b", "a b"),
        (long.as_str(), long.as_str()),
    ] {
        let uri = format!("/v1/stories/{path_id}");
        let (status, body) = call(&app, "GET", &uri, None).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_id"),
            "GET {uri}"
        );
        let mut entry = entry.clone();
        entry["id"] = json!(body_id);
        let (status, body) = call(&app, "PUT", &uri, Some(entry)).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_id"),
            "PUT {uri}"
        );
        let (status, body) = call(&app, "DELETE", &uri, None).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_id"),
            "DELETE {uri}"
        );
    }
    assert_eq!(files(&bank), before);
    let parent = bank.path().parent().unwrap();
    assert!(!parent.join("etc.md").exists() && !parent.join("escaped.md").exists());
}

#[tokio::test]
async fn put_creates_then_replaces_an_entry() {
    let (app, bank) = app().await;
    let (_, mut entry) = call(&app, "GET", "/v1/stories/KT2", None).await;
    entry["id"] = json!("KT3");
    entry["title"] = json!("A copy, under a new id");
    let (status, stored) = call(&app, "PUT", "/v1/stories/KT3", Some(entry.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{stored}");
    assert_eq!(stored, entry);
    assert!(bank.path().join("KT3.md").is_file());
    assert_eq!(
        call(&app, "GET", "/v1/stories/KT3", None).await,
        (StatusCode::OK, entry.clone())
    );
    let (_, list) = call(&app, "GET", "/v1/stories", None).await;
    assert!(ids(&list).contains(&"KT3".to_string()), "{list}");

    entry["tags"] = json!(["edited"]);
    let (status, stored) = call(&app, "PUT", "/v1/stories/KT3", Some(entry.clone())).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(stored, entry);
    let (status, shown) = call(&app, "GET", "/v1/stories/KT3", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown, entry);
    assert_eq!(shown["tags"], json!(["edited"]));
    let (_, ready) = call(&app, "GET", "/readyz", None).await;
    assert_eq!(ready["entries"], 6, "{ready}");
}

#[tokio::test]
async fn put_with_a_different_body_id_is_rejected() {
    let (app, bank) = app().await;
    let before = files(&bank);
    let (_, entry) = call(&app, "GET", "/v1/stories/KT1", None).await;
    let (status, body) = call(&app, "PUT", "/v1/stories/other", Some(entry)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(code(&body), "id_mismatch", "{body}");
    assert_eq!(files(&bank), before);
}

#[tokio::test]
async fn put_with_a_blank_title_is_rejected() {
    let (app, bank) = app().await;
    let before = files(&bank);
    let (_, mut entry) = call(&app, "GET", "/v1/stories/KT1", None).await;
    entry["title"] = json!("   ");
    let (status, body) = call(&app, "PUT", "/v1/stories/KT1", Some(entry)).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, "invalid_request"),
        "{body}"
    );
    assert_eq!(files(&bank), before);
}

#[tokio::test]
async fn delete_removes_an_entry_then_is_404() {
    let (app, bank) = app().await;
    let (status, body) = call(&app, "DELETE", "/v1/stories/PB1", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(body, Value::Null);
    assert!(!bank.path().join("PB1.md").exists());
    let (status, body) = call(&app, "GET", "/v1/stories/PB1", None).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, "unknown_story")
    );
    let (_, list) = call(&app, "GET", "/v1/stories", None).await;
    assert_eq!(ids(&list), ["KT1", "KT2", "vision", "why-us"]);
    let (status, body) = call(&app, "DELETE", "/v1/stories/PB1", None).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, "unknown_story"),
        "{body}"
    );
}

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
