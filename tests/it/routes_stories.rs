//! The daemon's story routes in process: list, show, create or replace, delete, and ids
//! checked before any file is touched.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::util::routes::{app, call, code, files, ids};
use crate::util::server::IDS;

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

/// A title, category or tag is one line (`stories list` prints it on one), so a line break in
/// one is refused, naming the field, and nothing is written.
#[tokio::test]
async fn put_with_a_line_break_in_a_title_or_tag_is_rejected() {
    let (app, bank) = app().await;
    let before = files(&bank);
    let (_, entry) = call(&app, "GET", "/v1/stories/KT1", None).await;
    for (field, value) in [
        ("title", json!("two\nlines")),
        ("company", json!("Acme\u{2028}Ltd")),
        ("tags", json!(["a\nb"])),
    ] {
        let mut bad = entry.clone();
        bad[field] = value;
        let (status, body) = call(&app, "PUT", "/v1/stories/KT1", Some(bad)).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, "invalid_entry"),
            "{body}"
        );
        assert_eq!(body["error"]["field"], field, "{body}");
    }
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
