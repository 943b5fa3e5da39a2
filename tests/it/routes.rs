//! The daemon's engine routes in process (match, questions, tailor, critique, followups):
//! statuses and error codes as docs/http.md gives them. The router is driven as
//! `util::routes` describes.

use axum::http::StatusCode;
use serde_json::json;

use crate::util::finding_codes;
use crate::util::routes::{FAILED, WHY_US, app, call, code, message};
use crate::util::server::{DRAFT, JOB};

const MOTIVATION: &str = "I have used your routing API at two jobs, and the way your team \
    published the postmortem of the March outage is why I applied. I run the booking service \
    at Kestrel Travel today, about 40,000 requests a minute, and your posting asks for exactly \
    that: someone to own reliability and its SLOs. I want to work where reliability is treated \
    as part of the product, and your error-budget policy says you mean it.";

/// A draft with fillers, which the critique points at one by one.
const FILLERS: &str = "So, um, at Fenwick I was, like, running the billing job, and it, uh, \
    kept failing, you know, every night. I basically rewrote the retry logic and, um, the \
    failures stopped, and the job has run cleanly for 90 days.";

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

/// A transcript's measured time stands in for the word count; a time no answer takes is refused.
#[tokio::test]
async fn critique_takes_the_spoken_time_of_a_transcript() {
    let (app, _bank) = app().await;
    let req = json!({"draft": DRAFT, "question": FAILED, "spoken_seconds": 400});
    let (status, body) = call(&app, "POST", "/v1/critique", Some(req)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["speaking_seconds"], 400, "{body}");
    let codes = finding_codes(&body);
    assert!(codes.contains(&"too-long"), "{codes:?}");
    for seconds in [0, 3601] {
        let req = json!({"draft": DRAFT, "spoken_seconds": seconds});
        let (status, body) = call(&app, "POST", "/v1/critique", Some(req)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(message(&body).contains("spoken_seconds"), "{body}");
    }
}

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

/// A posting or a draft of emoji and symbols has nothing to read: refused, not answered with
/// a plan made of the generic questions.
#[tokio::test]
async fn text_with_no_words_is_refused() {
    let (app, _bank) = app().await;
    let nothing = "🚀🚀 ✨ — !!";
    for (path, field) in [("/v1/tailor", "job"), ("/v1/critique", "draft")] {
        let (status, body) = call(&app, "POST", path, Some(json!({ field: nothing }))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            message(&body),
            format!("{field} has no words in it, only symbols or emoji: give the text to work on"),
            "{body}"
        );
    }
    // A question of emoji alone, to a draft or to a story.
    for (path, asked) in [
        (
            "/v1/critique",
            json!({"draft": "I led the migration.", "question": nothing}),
        ),
        (
            "/v1/followups",
            json!({"draft": "I led the migration.", "question": nothing}),
        ),
        (
            "/v1/followups",
            json!({"story": "KT1", "question": nothing}),
        ),
    ] {
        let (status, body) = call(&app, "POST", path, Some(asked)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {body}");
        assert_eq!(
            message(&body),
            "question has no words in it, only symbols or emoji: give the text to work on",
            "{path}: {body}"
        );
    }
    // One word in any script is text.
    let (status, body) = call(
        &app,
        "POST",
        "/v1/critique",
        Some(json!({"draft": "🚀 完了"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
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
