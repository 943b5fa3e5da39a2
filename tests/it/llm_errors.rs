//! The LLM engine's failures through the library, against a real loopback OpenAI-compatible
//! server (`util/openai.rs`): errors and retries, repair of invalid replies, and engine choice
//! (`auto` falling back to offline). The operations themselves are in `llm_ops`.

use std::time::{Duration, Instant};

use serde_json::json;
use starcoach::coach::EngineChoice;
use starcoach::engine::Engine;
use starcoach::engine::llm::{ItemError, LlmError, RunFlags};
use starcoach::report::EngineKind;

use crate::util::llm::{
    BAD, Harness, QUESTION, bank, coach_for, config_text, critique_req, dead_url, match_req,
    tailor_req, unwrap_item,
};
use crate::util::openai::Reply;

// ---------- errors and retries ----------

#[tokio::test]
async fn rate_limit_waits_for_retry_after_then_recovers() {
    let h = Harness::start().await;
    h.mock.push(Reply::rate_limited(1));
    let start = Instant::now();
    let report = h.llm().rank(&match_req()).await.expect("recovered");
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "{:?}",
        start.elapsed()
    );
    let usage = report.usage.expect("usage");
    assert_eq!(usage.retries, 1);
    assert_eq!(usage.calls, 1);
    assert_eq!(h.mock.calls(), 2);
}

#[tokio::test]
async fn a_pause_of_an_hour_is_a_server_that_is_down_said_at_once() {
    let h = Harness::start().await;
    h.mock.push(Reply::rate_limited(3600));
    let err = h
        .llm()
        .rank(&match_req())
        .await
        .expect_err("not waited for");
    assert!(err.to_string().contains("429"), "{err}");
    assert_eq!(h.mock.calls(), 1, "no retry after an hour's Retry-After");
}

#[tokio::test]
async fn a_server_error_is_retried() {
    let h = Harness::start().await;
    h.mock.push(Reply::status(500, "upstream exploded"));
    let report = h.llm().rank(&match_req()).await.expect("recovered");
    assert_eq!(report.engine, EngineKind::Llm);
    assert_eq!(report.usage.expect("usage").retries, 1);
    assert_eq!(h.mock.calls(), 2);
}

#[tokio::test]
async fn server_errors_beyond_max_retries_fail_with_the_status() {
    let h = Harness::start().await;
    h.mock
        .set_default(|_| Reply::status(500, "upstream exploded"));
    let err = unwrap_item(h.llm().rank(&match_req()).await);
    let text = err.to_string();
    assert!(
        matches!(err, ItemError::Llm(LlmError::Api { status: 500, .. })),
        "{err:?}"
    );
    assert!(
        text.contains("500") && text.contains("upstream exploded"),
        "{text}"
    );
    assert_eq!(h.mock.calls(), 3, "one call plus max_retries = 2");
}

#[tokio::test]
async fn a_streamed_call_that_keeps_failing_says_the_servers_message_once() {
    let h = Harness::start().await;
    h.mock
        .set_default(|_| Reply::status(500, "upstream exploded"));
    let sink = |_: &str| {};
    let err = unwrap_item(
        h.llm()
            .critique_streaming(&critique_req(), Some(&sink))
            .await,
    );
    let text = err.to_string();
    assert!(
        text.ends_with("the endpoint answered 500: upstream exploded"),
        "{text}"
    );
    assert_eq!(h.mock.calls(), 3, "one call plus max_retries = 2");
}

#[tokio::test]
async fn a_hung_endpoint_times_out() {
    let h = Harness::start().await;
    h.mock.push(Reply::Hang);
    let coach = h.coach(&[("timeout_secs", "1")], RunFlags::default());
    let start = Instant::now();
    let err = unwrap_item(coach.rank(&match_req()).await);
    let elapsed = start.elapsed();
    assert!(
        matches!(err, ItemError::Llm(LlmError::Timeout(1))),
        "{err:?}"
    );
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

// ---------- repair ----------

#[tokio::test]
async fn invalid_json_is_repaired_with_the_bad_reply_and_the_error() {
    let h = Harness::start().await;
    h.mock.push(Reply::json(BAD));
    let report = h.llm().rank(&match_req()).await.expect("repaired");
    assert_eq!(report.engine, EngineKind::Llm);
    assert_eq!(h.mock.calls(), 2);
    let repair = &h.mock.requests()[1];
    let messages = repair["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[2], json!({"role": "assistant", "content": BAD}));
    let ask = messages[3]["content"].as_str().unwrap();
    assert_eq!(messages[3]["role"], "user");
    assert!(
        ask.contains("not valid") && ask.contains("not the JSON asked for"),
        "{ask}"
    );
    assert_eq!(report.usage.expect("usage").calls, 2);
}

#[tokio::test]
async fn invalid_twice_names_the_question() {
    let h = Harness::start().await;
    h.mock.push_all([Reply::json(BAD), Reply::json(BAD)]);
    let err = unwrap_item(h.llm().rank(&match_req()).await);
    assert!(
        matches!(&err, ItemError::Invalid { item, .. } if item == QUESTION),
        "{err:?}"
    );
    assert!(err.to_string().contains(QUESTION), "{err}");
    assert_eq!(h.mock.calls(), 2, "one repair, then give up");
}

#[tokio::test]
async fn an_id_outside_the_candidates_is_repaired() {
    let h = Harness::start().await;
    let stray = json!({"ranking": [{"id": "NOPE", "fit": 99, "reason": "made up"}]});
    h.mock.push(Reply::json(stray.to_string()));
    let report = h.llm().rank(&match_req()).await.expect("repaired");
    assert_eq!(h.mock.calls(), 2);
    let ask = h.mock.requests()[1]["messages"][3]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ask.contains("\"NOPE\"") && ask.contains("not one of the candidates"),
        "{ask}"
    );
    assert!(report.matches.iter().all(|m| m.id != "NOPE"));
}

// ---------- engine choice ----------

#[tokio::test]
async fn auto_falls_back_to_offline_once_when_the_endpoint_is_down() {
    let url = dead_url();
    let cache = tempfile::tempdir().unwrap();
    let text = config_text(&url, cache.path(), &[]);
    let coach = coach_for(&text, EngineChoice::Auto, RunFlags::default(), bank());
    let report = coach.rank(&match_req()).await.expect("offline answer");
    let offline = coach_for(&text, EngineChoice::Offline, RunFlags::default(), bank());
    assert_eq!(report.engine, EngineKind::Offline);
    assert_eq!(report, offline.rank(&match_req()).await.unwrap());
    let notices = coach.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains(&url), "{notices:?}");
    let later = coach.critique(&critique_req()).await.expect("critique");
    assert_eq!(later.engine, EngineKind::Offline);
    assert!(coach.take_notices().is_empty(), "the fallback is said once");
}

#[tokio::test]
async fn auto_tailor_falls_back_when_no_question_reaches_the_endpoint() {
    let cache = tempfile::tempdir().unwrap();
    let text = config_text(&dead_url(), cache.path(), &[("max_retries", "0")]);
    let coach = coach_for(&text, EngineChoice::Auto, RunFlags::default(), bank());
    let report = coach.tailor(&tailor_req(3)).await.expect("offline tailor");
    assert_eq!(report.engine, EngineKind::Offline);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!(report.questions.len(), 3);
    assert_eq!(
        coach.take_notices().len(),
        1,
        "one notice, not one per question"
    );
}

#[tokio::test]
async fn auto_answers_offline_when_the_endpoint_fails_and_leaves_it_alone_for_a_while() {
    let h = Harness::start().await;
    h.mock
        .set_default(|_| Reply::status(500, "the model crashed"));
    let coach = h.coach_auto(&[("max_retries", "0")]);
    let report = coach.rank(&match_req()).await.expect("an offline answer");
    assert_eq!(report.engine, EngineKind::Offline);
    let notices = coach.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("500"), "{notices:?}");
    let calls = h.mock.requests().len();
    // While the breaker is open, the endpoint is not asked again and nothing more is said.
    let later = coach.critique(&critique_req()).await.expect("critique");
    assert_eq!(later.engine, EngineKind::Offline);
    assert_eq!(h.mock.requests().len(), calls);
    assert!(coach.take_notices().is_empty());
}

#[tokio::test]
async fn without_an_llm_section_auto_is_offline_and_silent() {
    let cache = tempfile::tempdir().unwrap();
    let text = format!("[cache]\ndir = {:?}\n", cache.path().display().to_string());
    let coach = coach_for(&text, EngineChoice::Auto, RunFlags::default(), bank());
    assert_eq!(coach.kind(), EngineKind::Offline);
    let report = coach.rank(&match_req()).await.expect("offline answer");
    assert_eq!(report.engine, EngineKind::Offline);
    assert_eq!(report.usage, None);
    assert!(coach.take_notices().is_empty());
}
