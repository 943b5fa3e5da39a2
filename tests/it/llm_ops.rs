//! The LLM engine through the library, one call at a time, against a real loopback
//! OpenAI-compatible server (`util/openai.rs`): the five operations and streaming. Errors and
//! retries, repair of invalid replies, and engine choice are in `llm_errors`.

use std::sync::Mutex;

use serde_json::json;
use starcoach::coach::EngineChoice;
use starcoach::engine::llm::{ItemError, LlmError, RunFlags};
use starcoach::engine::{Engine, FollowupsRequest, QuestionsRequest};
use starcoach::report::{AnswerKind, EngineKind, FindingCode};

use crate::util::llm::{
    BRIEF_LINE, FINDING, FOLLOWUP, Harness, JOB_LINE, MODEL_QUESTION, QUESTION, TRACK, answer,
    asks, assert_endpoint_usage, bank, candidate_ids, coach_for, config_text, critique_req,
    dead_url, job, match_req, operation, reply_for, tailor_req, unwrap_item, user_text,
};
use crate::util::openai::Reply;

/// A model that answers every call with these critique findings.
fn model_finds(findings: serde_json::Value) -> impl Fn(&serde_json::Value) -> Reply + Send + Sync {
    let body = json!({ "findings": findings }).to_string();
    move |_| Reply::Json(body.clone())
}

// ---------- the five operations, and the short forms of a story ----------

#[tokio::test]
async fn a_story_retold_short_keeps_only_lines_the_story_supports() {
    let h = Harness::start().await;
    let coach = h.llm();
    let entry = coach.bank().get("HL1").unwrap().clone();
    let lines = coach.key_points(&entry, 30).await;
    assert_eq!(
        lines,
        [BRIEF_LINE],
        "the line with a made-up sum and company is dropped"
    );
    let req = &h.mock.requests()[0];
    assert_eq!(operation(req), "brief");
    assert!(
        user_text(req).contains("about 30 seconds: at most 75 words"),
        "{}",
        user_text(req)
    );

    // A model that is down leaves the story's own lines.
    let down = coach_for(
        &config_text(&dead_url(), h.cache_dir(), &[]),
        EngineChoice::Auto,
        RunFlags::default(),
        bank(),
    );
    let offline = down.key_points(&entry, 30).await;
    assert_eq!(offline, down.offline().key_points(&entry, 30));
    assert!(!offline.is_empty());
}

#[tokio::test]
async fn match_follows_the_models_ranking_and_counts_the_endpoints_tokens() {
    let h = Harness::start().await;
    let report = h.llm().rank(&match_req()).await.expect("match");
    assert_eq!(report.engine, EngineKind::Llm);
    let req = &h.mock.requests()[0];
    assert_eq!(req["model"], "mock-model");
    assert_eq!(operation(req), "match");
    let offline_order = candidate_ids(user_text(req));
    let model_order: Vec<String> = offline_order.iter().rev().cloned().collect();
    let ids: Vec<String> = report.matches.iter().map(|m| m.id.clone()).collect();
    assert!(offline_order.len() >= 2, "{offline_order:?}");
    assert_eq!(ids, model_order[..ids.len()], "ids come from the model");
    assert!((report.matches[0].score - 0.9).abs() < 1e-9);
    assert_endpoint_usage(report.usage.as_ref(), &h.mock);
}

#[tokio::test]
async fn questions_come_from_the_model_with_only_verbatim_evidence() {
    let h = Harness::start().await;
    let req = QuestionsRequest {
        job: job(),
        count: Some(3),
    };
    let report = h.llm().questions(&req).await.expect("questions");
    assert_eq!(report.engine, EngineKind::Llm);
    assert_eq!(report.questions[0].question, MODEL_QUESTION);
    assert_eq!(
        report.questions[0].evidence,
        [JOB_LINE],
        "paraphrase dropped"
    );
    assert_endpoint_usage(report.usage.as_ref(), &h.mock);
}

#[tokio::test]
async fn tailor_picks_each_questions_story_from_the_models_ranking() {
    let h = Harness::start().await;
    let report = h.llm().tailor(&tailor_req(2)).await.expect("tailor");
    assert_eq!(report.engine, EngineKind::Llm);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.questions.len(), 2);
    let requests = h.mock.requests();
    let mut told = Vec::new();
    for q in &report.questions {
        let req = requests
            .iter()
            .find(|r| asks(r, &q.question))
            .expect("asked");
        let model_order: Vec<String> = candidate_ids(user_text(req)).into_iter().rev().collect();
        // The model's first pick, or its second where the first is told for the other question
        // (the mock's fits fall by 0.1 a place, less than a second telling loses).
        let story = q.story.as_ref().expect("a story").id.as_str();
        assert!(model_order[..2].iter().any(|id| id == story), "{story}");
        told.push((story.to_string(), story == model_order[0]));
        let rest: Vec<&str> = model_order
            .iter()
            .map(String::as_str)
            .filter(|id| *id != story)
            .collect();
        let alternates: Vec<&str> = q.alternates.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(alternates, rest[..alternates.len()]);
        // The model wrote its track for its first pick; another story is told as written.
        if story == model_order[0] {
            assert_eq!(q.talk_track, [TRACK]);
            assert_eq!(q.weave_in, ["incident response"]);
        } else {
            assert!(!q.talk_track.is_empty() && !q.talk_track.contains(&TRACK.to_string()));
            assert!(q.gaps[0].starts_with("not the model's first pick: the loop plan"));
        }
    }
    // Both questions' first pick is the same story: one question tells it, the other its next.
    assert_ne!(
        told[0].0, told[1].0,
        "each question gets a story of its own"
    );
    assert_eq!(
        told.iter().filter(|(_, first)| *first).count(),
        1,
        "{told:?}"
    );
    assert_endpoint_usage(report.usage.as_ref(), &h.mock);
}

#[tokio::test]
async fn critique_reports_the_models_findings() {
    let h = Harness::start().await;
    let report = h.llm().critique(&critique_req()).await.expect("critique");
    assert_eq!(report.engine, EngineKind::Llm);
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == FindingCode::NoMetrics);
    assert_eq!(finding.expect("the model's finding").message, FINDING);
    // The counted too-short finding added back ("about 8 s") is ours, and "Say..." opens the
    // suggestion: neither is an unsupported fact.
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == FindingCode::TooShort),
        "{report:#?}"
    );
    assert!(report.unsupported.is_empty(), "{:?}", report.unsupported);
    assert_endpoint_usage(report.usage.as_ref(), &h.mock);
}

#[tokio::test]
async fn critique_holds_the_model_to_the_kinds_codes_and_the_drafts_words() {
    const QUOTE: &str = "I love your culture";
    let h = Harness::start().await;
    h.mock.set_default(model_finds(json!([
        {"code": "missing-situation", "severity": "warning", "message": "no scene",
         "suggestion": "Set the scene.", "quote": null},
        {"code": "generic", "severity": "warning", "message": "could go to anyone",
         "suggestion": "Name the product.", "quote": QUOTE},
        {"code": "filler", "severity": "info", "message": "filler",
         "suggestion": "Pause.", "quote": "words the draft never says"}
    ])));
    let draft = format!("{QUOTE} and I want to grow with a great team.");
    let req = starcoach::engine::CritiqueRequest {
        draft: draft.clone(),
        question: Some("Why do you want to work here?".into()),
        job: None,
        spoken_seconds: None,
    };
    let report = h.llm().critique(&req).await.expect("critique");
    assert_eq!(report.answer_kind, AnswerKind::Motivation);
    let codes: Vec<FindingCode> = report.findings.iter().map(|f| f.code).collect();
    assert!(!codes.contains(&FindingCode::MissingSituation), "{codes:?}");
    let generic = report
        .findings
        .iter()
        .find(|f| f.code == FindingCode::Generic)
        .unwrap();
    let chars: Vec<char> = draft.chars().collect();
    let span = generic.spans[0];
    assert_eq!(
        chars[span.start..span.end].iter().collect::<String>(),
        QUOTE
    );
    // A quote that is not in the draft gives no span rather than a wrong one.
    let filler = report
        .findings
        .iter()
        .find(|f| f.code == FindingCode::Filler)
        .unwrap();
    assert!(filler.spans.is_empty());
    let prompt = user_text(&h.mock.requests()[0]).to_string();
    assert!(prompt.contains("prepared motivation answer"), "{prompt}");
    assert!(
        !prompt.contains("missing-situation"),
        "the kind's rubric only: {prompt}"
    );
}

/// The length is counted (or measured from the recording, which the model never hears): the
/// model's own `too-short` is dropped and the offline verdict on the spoken time stands.
#[tokio::test]
async fn the_length_verdict_is_the_counted_one_not_the_models() {
    let h = Harness::start().await;
    h.mock.set_default(model_finds(json!([
        {"code": "too-short", "severity": "error", "message": "far too short",
         "suggestion": "Say more.", "quote": null}
    ])));
    let req = starcoach::engine::CritiqueRequest {
        spoken_seconds: Some(240),
        ..critique_req()
    };
    let report = h.llm().critique(&req).await.expect("critique");
    let codes: Vec<FindingCode> = report.findings.iter().map(|f| f.code).collect();
    assert!(!codes.contains(&FindingCode::TooShort), "{codes:?}");
    assert!(codes.contains(&FindingCode::TooLong), "{codes:?}");
    assert_eq!(report.speaking_seconds, 240);
    let prompt = user_text(&h.mock.requests()[0]).to_string();
    assert!(!prompt.contains("too-short"), "{prompt}");
}

#[tokio::test]
async fn the_score_says_what_the_models_findings_say() {
    let h = Harness::start().await;
    let req = starcoach::engine::CritiqueRequest {
        draft: "Last spring our checkout search at Quillfeather Books took four seconds, and \
                shoppers left. I owned the fix for the quarter. I profiled the service, found \
                one price lookup per result, and batched them into one query with a cache in \
                front. I load-tested it against a copy of the holiday traffic before I shipped it \
                behind a flag, and I turned it on for a tenth of shoppers first. Search fell \
                to 300 milliseconds and abandoned carts dropped by 18 percent. I learned to measure before I guess, and I now profile first."
            .into(),
        question: Some("Tell me about a time you improved performance.".into()),
        job: None,
        spoken_seconds: None,
    };
    let offline = coach_for("", EngineChoice::Offline, RunFlags::default(), bank())
        .critique(&req)
        .await
        .expect("offline critique");
    assert!(offline.overall > 50, "{offline:#?}");
    h.mock.set_default(model_finds(json!([
        {"code": "blames-others", "severity": "error", "message": "runs the team down",
         "suggestion": "Say what you did.", "quote": null}
    ])));
    let report = h.llm().critique(&req).await.expect("critique");
    assert!(
        report.overall <= 30,
        "a red flag holds the score: {report:#?}"
    );
    assert_eq!(report.rubric.ownership, Some(0));
    // A model that finds nothing wrong scores what the rubric gives a clean answer (a fresh
    // harness: the first reply is cached).
    let h = Harness::start().await;
    h.mock.set_default(model_finds(json!([])));
    let clean = h.llm().critique(&req).await.expect("critique");
    assert!(clean.findings.is_empty(), "{:?}", clean.findings);
    assert!(
        clean.overall >= offline.overall && clean.overall > 80,
        "{clean:#?}"
    );
}

#[tokio::test]
async fn followups_lead_with_the_models_question() {
    let h = Harness::start().await;
    let req = FollowupsRequest {
        story: Some("QB1".into()),
        draft: None,
        question: Some(QUESTION.into()),
    };
    let report = h.llm().followups(&req).await.expect("followups");
    assert_eq!(report.engine, EngineKind::Llm);
    assert_eq!(report.followups[0].question, FOLLOWUP);
    assert!(user_text(&h.mock.requests()[0]).contains("150 milliseconds"));
    assert_endpoint_usage(report.usage.as_ref(), &h.mock);
}

// ---------- streaming ----------

#[tokio::test]
async fn critique_streams_its_pieces_in_order_and_equals_the_plain_report() {
    let h = Harness::start().await;
    let coach = h.coach(
        &[],
        RunFlags {
            no_cache: true,
            ..RunFlags::default()
        },
    );
    let pieces = Mutex::new(Vec::<String>::new());
    let sink = |text: &str| pieces.lock().unwrap().push(text.to_string());
    let streamed = coach
        .critique_streaming(&critique_req(), Some(&sink))
        .await
        .expect("streamed critique");
    let plain = coach
        .critique(&critique_req())
        .await
        .expect("plain critique");
    let requests = h.mock.requests();
    assert_eq!(requests[0]["stream"], true);
    assert_eq!(requests[1]["stream"], false);
    let pieces = pieces.into_inner().unwrap();
    assert!(pieces.len() >= 2, "streamed in pieces: {pieces:?}");
    assert_eq!(
        pieces.concat(),
        reply_for(&requests[0]).unwrap().to_string()
    );
    assert_eq!(streamed, plain);
}

#[tokio::test]
async fn a_truncated_stream_is_an_error_not_a_partial_report() {
    let h = Harness::start().await;
    let content = reply_for(&json!({"response_format": {"json_schema": {"name": "critique"}}}));
    h.mock.push(Reply::Truncated(content.unwrap().to_string()));
    let sink = |_: &str| {};
    let result = h
        .llm()
        .critique_streaming(&critique_req(), Some(&sink))
        .await;
    let err = unwrap_item(result);
    assert!(
        matches!(err, ItemError::Llm(LlmError::Truncated)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_streamed_call_is_retried_like_a_plain_one() {
    let h = Harness::start().await;
    h.mock.push(Reply::rate_limited(1));
    let pieces = Mutex::new(String::new());
    let sink = |text: &str| pieces.lock().unwrap().push_str(text);
    let report = h
        .llm()
        .critique_streaming(&critique_req(), Some(&sink))
        .await;
    let usage = report.expect("recovered").usage.expect("usage");
    assert_eq!((usage.retries, usage.calls), (1, 1));
    assert_eq!(h.mock.calls(), 2);
    let expected = reply_for(&h.mock.requests()[1]).unwrap().to_string();
    assert_eq!(
        pieces.into_inner().unwrap(),
        expected,
        "only the good reply is streamed"
    );
}

#[tokio::test]
async fn replies_without_the_object_field_still_parse() {
    let h = Harness::start().await;
    h.mock.set_default(|req| match answer(req) {
        Reply::Json(content) => Reply::NoObjectField(content),
        other => other,
    });
    let coach = h.llm();
    let report = coach.rank(&match_req()).await.expect("lenient match");
    assert_eq!(report.engine, EngineKind::Llm);
    let sink = |_: &str| {};
    let critique = coach.critique_streaming(&critique_req(), Some(&sink)).await;
    assert!(
        critique
            .expect("lenient stream")
            .findings
            .iter()
            .any(|f| f.message == FINDING)
    );
}
