//! The LLM engine against a real loopback OpenAI-compatible server (`tests/support/openai.rs`):
//! the five operations, streaming, auth, retries, repair, timeouts, grounding, the cache, the
//! concurrency bound, engine choice, `--dry-run` and the token budget, library and binary.

mod support;
mod util;

use std::path::Path;
use std::process::Output;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use starcoach::coach::{Coach, CoachOptions, EngineChoice};
use starcoach::config::Config;
use starcoach::engine::llm::{ItemError, LlmError, RunFlags};
use starcoach::engine::{
    CritiqueRequest, Engine, EngineError, FollowupsRequest, MatchRequest, QuestionsRequest,
    TailorRequest,
};
use starcoach::report::{EngineKind, Usage};
use starcoach::story::{Entry, Kind, Section, StoryBank};
use support::openai::{MockOpenAi, Reply};
use tempfile::TempDir;
use util::{TestDir, fixture, json, stderr, stdout};

const QUESTION: &str = "Tell me about a time you made something faster.";
const JOB_LINE: &str = "Improve the latency of the tracking API and our search";
const MODEL_QUESTION: &str = "How did you find where the tracking API spent its time?";
const FOLLOWUP: &str = "How did you measure the latency before and after the change?";
const FINDING: &str = "The result says faster but gives no number.";
const TRACK: &str = "I profiled the search path before changing anything.";
const SECRET: &str = "sk-test-SECRET123";
/// Not JSON at all: neither the parser nor the `{...}` extraction can make sense of it.
const BAD: &str = "Sure! Here is my ranking: the first story, then the second.";

// ---------- the scripted model ----------

fn user_text(req: &Value) -> &str {
    req.pointer("/messages/1/content")
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn operation(req: &Value) -> &str {
    req.pointer("/response_format/json_schema/name")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The candidate ids a prompt lists, in prompt order (the offline engine's order).
fn candidate_ids(text: &str) -> Vec<String> {
    text.split("<story id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The model's ranking: the candidates reversed, so it differs from the offline order.
fn ranking(ids: &[String]) -> Value {
    let items: Vec<Value> = ids
        .iter()
        .rev()
        .enumerate()
        .map(|(i, id)| json!({"id": id, "fit": 90 - 10 * i, "reason": "it shows the result"}))
        .collect();
    Value::Array(items)
}

fn tailor_reply(ids: &[String], lines: &[(&str, &str)]) -> Value {
    let track: Vec<Value> = lines
        .iter()
        .map(|(from, text)| json!({"from": from, "text": text}))
        .collect();
    json!({"ranking": ranking(ids), "talk_track": track, "weave_in": ["incident response"], "gaps": []})
}

/// A valid reply for whichever operation the request is.
fn reply_for(req: &Value) -> Option<Value> {
    let ids = candidate_ids(user_text(req));
    Some(match operation(req) {
        "match" => json!({"ranking": ranking(&ids)}),
        "tailor" => tailor_reply(&ids, &[("action", TRACK)]),
        "questions" => {
            json!({"questions": [{"question": MODEL_QUESTION, "competency": "performance",
            "evidence": [JOB_LINE, "a paraphrase that is not in the posting"]}]})
        }
        "critique" => json!({"findings": [{"code": "no-metrics", "severity": "warning",
            "message": FINDING, "suggestion": "Say how much faster it got."}]}),
        "followups" => {
            json!({"followups": [{"question": FOLLOWUP, "why": "the result has no number",
            "targets": "metrics"}]})
        }
        _ => return None,
    })
}

fn answer(req: &Value) -> Reply {
    match reply_for(req) {
        Some(reply) => Reply::Json(reply.to_string()),
        None => Reply::status(400, "mock: unknown operation"),
    }
}

/// The mock's own token estimate (one per four characters), to tell its counts from tiktoken's.
fn mock_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4).max(1)
}

fn prompt_text(req: &Value) -> String {
    req["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["content"].as_str())
        .collect()
}

/// Usage must be the endpoint's: one call per request, the mock's token counts summed.
fn assert_endpoint_usage(usage: Option<&Usage>, mock: &MockOpenAi) {
    let usage = usage.expect("an LLM report carries usage");
    let requests = mock.requests();
    let prompt: u64 = requests.iter().map(|r| mock_tokens(&prompt_text(r))).sum();
    let completion: u64 = requests
        .iter()
        .map(|r| mock_tokens(&reply_for(r).expect("a known operation").to_string()))
        .sum();
    assert!(usage.calls >= 1, "{usage:?}");
    assert_eq!(usage.calls, requests.len() as u64, "{usage:?}");
    assert_eq!(usage.prompt_tokens, prompt, "{usage:?}");
    assert_eq!(usage.completion_tokens, completion, "{usage:?}");
}

// ---------- setup ----------

/// Config text: `[llm]` on the given URL with the test defaults, `extra` adding or replacing keys.
fn config_text(base_url: &str, cache: &Path, extra: &[(&str, &str)]) -> String {
    let mut keys: Vec<(String, String)> = [
        ("base_url", format!("{base_url:?}")),
        ("model", "\"mock-model\"".into()),
        ("max_retries", "2".into()),
        ("timeout_secs", "2".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (key, value) in extra {
        match keys.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value.to_string(),
            None => keys.push((key.to_string(), value.to_string())),
        }
    }
    let llm: String = keys.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
    let cache = cache.display().to_string();
    format!("[llm]\n{llm}\n[cache]\ndir = {cache:?}\n")
}

fn coach_for(text: &str, choice: EngineChoice, flags: RunFlags, bank: StoryBank) -> Coach {
    let config = Config::parse(text).expect("the test config parses");
    let options = CoachOptions {
        flags,
        progress: None,
    };
    Coach::with_options(bank, &config, choice, options).expect("the coach starts")
}

fn bank() -> StoryBank {
    StoryBank::load(&fixture("bank")).expect("the fixture bank loads")
}

fn job() -> String {
    std::fs::read_to_string(fixture("job.md")).expect("the fixture job")
}

/// A mock answering every operation correctly, and a private cache directory.
struct Harness {
    mock: MockOpenAi,
    cache: TempDir,
}

impl Harness {
    async fn start() -> Harness {
        let mock = MockOpenAi::start().await;
        mock.set_default(answer);
        let cache = tempfile::tempdir().expect("a cache dir");
        Harness { mock, cache }
    }

    fn config(&self, extra: &[(&str, &str)]) -> String {
        config_text(&self.mock.base_url(), self.cache.path(), extra)
    }

    /// `--engine llm` over the fixture bank.
    fn coach(&self, extra: &[(&str, &str)], flags: RunFlags) -> Coach {
        coach_for(&self.config(extra), EngineChoice::Llm, flags, bank())
    }

    fn llm(&self) -> Coach {
        self.coach(&[], RunFlags::default())
    }
}

fn match_req() -> MatchRequest {
    MatchRequest {
        question: QUESTION.into(),
        top: None,
    }
}

fn tailor_req(count: usize) -> TailorRequest {
    TailorRequest {
        job: job(),
        count: Some(count),
        max_reuse: None,
        target_seconds: None,
    }
}

fn critique_req() -> CritiqueRequest {
    CritiqueRequest {
        draft: "At Quillfeather Books search was slow. I profiled it and batched the price \
                lookups. It got a lot faster and shoppers were happier."
            .into(),
        question: Some("Tell me about a time you improved performance.".into()),
        job: None,
    }
}

/// The likely questions the offline engine predicts for the fixture job (what tailor asks about).
fn likely_questions(count: usize) -> Vec<String> {
    let coach = coach_for("", EngineChoice::Offline, RunFlags::default(), bank());
    let req = QuestionsRequest {
        job: job(),
        count: Some(count),
    };
    let report = coach
        .offline()
        .questions_report(&req)
        .expect("offline questions");
    report.questions.into_iter().map(|q| q.question).collect()
}

fn asks(req: &Value, question: &str) -> bool {
    user_text(req).starts_with(&format!("Question: {question}\n"))
}

fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/v1")
}

fn unwrap_item(result: Result<impl std::fmt::Debug, EngineError>) -> ItemError {
    match result {
        Err(EngineError::Item(e)) => e,
        other => panic!("expected a failed LLM item, got {other:?}"),
    }
}

// ---------- the five operations ----------

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
    for q in &report.questions {
        let req = requests
            .iter()
            .find(|r| asks(r, &q.question))
            .expect("asked");
        let model_order: Vec<String> = candidate_ids(user_text(req)).into_iter().rev().collect();
        assert_eq!(q.story.as_ref().expect("a story").id, model_order[0]);
        let alternates: Vec<&str> = q.alternates.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(alternates, model_order[1..=alternates.len()]);
        assert_eq!(q.talk_track, [TRACK]);
        assert_eq!(q.weave_in, ["incident response"]);
    }
    assert_endpoint_usage(report.usage.as_ref(), &h.mock);
}

#[tokio::test]
async fn critique_reports_the_models_findings() {
    let h = Harness::start().await;
    let report = h.llm().critique(&critique_req()).await.expect("critique");
    assert_eq!(report.engine, EngineKind::Llm);
    let finding = report.findings.iter().find(|f| f.code == "no-metrics");
    assert_eq!(finding.expect("the model's finding").message, FINDING);
    assert_endpoint_usage(report.usage.as_ref(), &h.mock);
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

/// Replies invalid JSON to every request about `victim`, correctly to the rest.
fn fail_one(victim: String) -> impl Fn(&Value) -> Reply + Send + Sync + 'static {
    move |req| {
        if asks(req, &victim) {
            Reply::json(BAD)
        } else {
            answer(req)
        }
    }
}

#[tokio::test]
async fn in_tailor_one_failing_question_does_not_stop_the_others() {
    let h = Harness::start().await;
    let questions = likely_questions(4);
    let victim = questions[1].clone();
    h.mock.set_default(fail_one(victim.clone()));
    let report = h
        .llm()
        .tailor(&tailor_req(4))
        .await
        .expect("a partial report");
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    assert_eq!(report.failures[0].item, victim);
    assert!(
        report.failures[0].error.contains("invalid twice"),
        "{:?}",
        report.failures
    );
    let answered: Vec<&str> = report
        .questions
        .iter()
        .map(|q| q.question.as_str())
        .collect();
    let expected: Vec<&str> = questions
        .iter()
        .filter(|q| **q != victim)
        .map(String::as_str)
        .collect();
    assert_eq!(answered, expected);
}

// ---------- grounding ----------

const FABRICATED: &str = "I cut costs by 73% at Initech.";

/// A line whose numbers the fixture story `id` holds, and one whose numbers only another holds.
fn own_and_borrowed(id: &str) -> (&'static str, &'static str) {
    let own = match id {
        "QB1" => "p95 latency fell from 2 seconds to 150 milliseconds.",
        "QB2" => "Lead time for changes dropped from 2 days to 3 hours.",
        "HL1" => "The rerun finished 6 hours before the Monday report.",
        "HL2" => "The pilot went to 10 customers on the original date.",
        other => panic!("no own line for {other}"),
    };
    let borrowed = if id == "HL1" {
        "The warehouse team shipped 30 deploys."
    } else {
        "I recomputed 90 days of metrics."
    };
    (own, borrowed)
}

/// The model's first pick: `ranking` reverses the candidates.
fn model_pick(req: &Value) -> String {
    candidate_ids(user_text(req)).pop().expect("candidates")
}

fn fabricating(req: &Value) -> Reply {
    if operation(req) != "tailor" {
        return answer(req);
    }
    let ids = candidate_ids(user_text(req));
    let (own, borrowed) = own_and_borrowed(&model_pick(req));
    let lines = [
        ("action", TRACK),
        ("result", FABRICATED),
        ("result", own),
        ("result", borrowed),
    ];
    Reply::Json(tailor_reply(&ids, &lines).to_string())
}

#[tokio::test]
async fn invented_and_borrowed_facts_are_flagged_and_strict_drops_them() {
    let h = Harness::start().await;
    h.mock.set_default(fabricating);
    let report = h.llm().tailor(&tailor_req(1)).await.expect("tailor");
    let q = &report.questions[0];
    let picked = q.story.as_ref().expect("a story").id.clone();
    let tailor_call = h
        .mock
        .requests()
        .into_iter()
        .find(|r| operation(r) == "tailor")
        .expect("a tailor call");
    assert_eq!(picked, model_pick(&tailor_call), "the model's pick stands");
    let (own, borrowed) = own_and_borrowed(&picked);
    assert_eq!(q.talk_track, [TRACK, FABRICATED, own, borrowed]);
    let borrowed_number = if picked == "HL1" { "30" } else { "90" };
    assert_eq!(
        q.unsupported,
        ["73%", "Initech", borrowed_number],
        "the story's own numbers pass; another story's are not this story's facts"
    );
    let strict = RunFlags {
        strict: true,
        no_cache: true,
        ..RunFlags::default()
    };
    let report = h
        .coach(&[], strict)
        .tailor(&tailor_req(1))
        .await
        .expect("strict tailor");
    let q = &report.questions[0];
    assert_eq!(
        q.talk_track,
        [TRACK, own],
        "the invented and the borrowed sentences are dropped"
    );
    assert_eq!(q.talk_track_from, ["action", "result"]);
}

// ---------- cache and concurrency ----------

#[tokio::test]
async fn a_repeated_tailor_run_is_answered_from_the_cache() {
    let h = Harness::start().await;
    let first = h.llm().tailor(&tailor_req(3)).await.expect("first run");
    let calls = h.mock.calls();
    assert_eq!(calls, 3);
    let second = h.llm().tailor(&tailor_req(3)).await.expect("cached run");
    assert_eq!(h.mock.calls(), calls, "no endpoint call on a cache hit");
    let usage = second.usage.expect("usage");
    assert_eq!((usage.cache_hits, usage.calls), (3, 0));
    assert_eq!(second.questions, first.questions);
    let no_cache = RunFlags {
        no_cache: true,
        ..RunFlags::default()
    };
    let third = h
        .coach(&[], no_cache)
        .tailor(&tailor_req(3))
        .await
        .expect("uncached run");
    assert_eq!(h.mock.calls(), calls + 3);
    assert_eq!(third.usage.expect("usage").cache_hits, 0);
}

#[tokio::test]
async fn tailor_keeps_at_most_max_concurrency_requests_in_flight() {
    let h = Harness::start().await;
    h.mock.set_latency(Duration::from_millis(200));
    let coach = h.coach(&[("max_concurrency", "3")], RunFlags::default());
    let report = coach.tailor(&tailor_req(8)).await.expect("tailor");
    assert_eq!(report.questions.len() + report.failures.len(), 8);
    assert_eq!(h.mock.calls(), 8);
    let peak = h.mock.max_in_flight();
    assert!((2..=3).contains(&peak), "peak in flight {peak}");
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

// ---------- token budget ----------

fn long_entry(i: usize) -> Entry {
    let text = |part: &str| {
        format!(
            "- In round {i} of the {part} I measured search latency on every shard, compared \
             the slow queries with the fast ones, and wrote down what each change did to the \
             p95 so the team could see the effect of one change at a time."
        )
    };
    Entry {
        id: format!("L{i}"),
        kind: Kind::Story,
        title: format!("Made catalogue search faster, round {i}"),
        company: None,
        categories: vec!["Technically Challenging".into()],
        tags: vec!["latency".into(), "performance".into(), "search".into()],
        sections: ["Situation", "Task", "Action", "Result"]
            .map(|name| Section {
                name: name.into(),
                text: text(name),
            })
            .into(),
    }
}

#[tokio::test]
async fn a_tight_budget_drops_candidates_and_says_so() {
    let h = Harness::start().await;
    let bank = StoryBank::from_entries(Path::new("bank"), (1..=6).map(long_entry).collect());
    let text = h.config(&[("context_window", "900"), ("reply_tokens", "200")]);
    let coach = coach_for(&text, EngineChoice::Llm, RunFlags::default(), bank);
    let report = coach.tailor(&tailor_req(1)).await.expect("tailor");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let notes = &report.questions[0].budget_notes;
    assert!(!notes.is_empty(), "the budget notes say what was left out");
    assert!(
        notes.iter().all(|n| n.contains("left out candidate")),
        "{notes:?}"
    );
    let sent = candidate_ids(user_text(&h.mock.requests()[0]));
    assert_eq!(sent.len(), 4 - notes.len(), "{sent:?} {notes:?}");
    assert!(!sent.is_empty());
}

#[tokio::test]
async fn an_impossible_budget_fails_the_item_naming_the_tokens_needed() {
    let h = Harness::start().await;
    let coach = h.coach(
        &[("context_window", "300"), ("reply_tokens", "200")],
        RunFlags::default(),
    );
    let report = coach
        .tailor(&tailor_req(1))
        .await
        .expect("a report with a failure");
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let error = &report.failures[0].error;
    assert!(
        error.contains("needs") && error.contains("tokens") && error.contains("only 100 fit"),
        "{error}"
    );
    let err = unwrap_item(coach.rank(&match_req()).await);
    assert!(
        matches!(err, ItemError::Budget { budget: 100, need, .. } if need > 100),
        "{err:?}"
    );
    assert_eq!(h.mock.calls(), 0, "nothing is sent over budget");
}

// ---------- the binary ----------

/// A test dir with the fixture bank, the job and `starcoach.toml` pointing at `base_url`.
fn bin_dir(base_url: &str, extra: &[(&str, &str)]) -> TestDir {
    let dir = TestDir::with_bank();
    dir.copy_fixture("job.md", "job.md");
    dir.write(
        "starcoach.toml",
        config_text(base_url, &dir.join("cache"), extra),
    );
    dir
}

/// Runs the binary off the runtime's threads (the mock keeps serving) and checks its exit code.
async fn run_bin(dir: &TestDir, args: &[&str], env: &[(&str, &str)], code: i32) -> Output {
    let mut cmd = dir.cmd();
    cmd.args(["--config", "starcoach.toml", "--stories", "bank"])
        .args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    tokio::task::spawn_blocking(move || util::run(&mut cmd, code))
        .await
        .expect("the binary ran")
}

#[tokio::test(flavor = "multi_thread")]
async fn bin_auth_failure_names_the_key_variable_and_never_shows_the_key() {
    let mock = MockOpenAi::start().await;
    mock.set_default(|_| Reply::status(401, format!("Incorrect API key provided: {SECRET}")));
    let dir = bin_dir(&mock.base_url(), &[("api_key_env", "\"SC_TEST_KEY\"")]);
    let args = ["--engine", "llm", "match", QUESTION];
    let out = run_bin(&dir, &args, &[("SC_TEST_KEY", SECRET)], 1).await;
    let (err, text) = (stderr(&out), stdout(&out));
    assert!(err.contains("SC_TEST_KEY"), "{err}");
    assert!(
        !err.contains("SECRET123") && !text.contains("SECRET123"),
        "{err}\n{text}"
    );
    let auth = mock.headers()[0]
        .get("authorization")
        .cloned()
        .expect("a bearer header");
    assert_eq!(auth, format!("Bearer {SECRET}").as_str());
    assert_eq!(mock.calls(), 1, "a refused key is not retried");
}

#[tokio::test(flavor = "multi_thread")]
async fn bin_an_error_that_echoes_the_key_is_redacted() {
    let mock = MockOpenAi::start().await;
    mock.set_default(|_| Reply::status(500, format!("upstream rejected key {SECRET}")));
    let extra = [("api_key_env", "\"SC_TEST_KEY\""), ("max_retries", "0")];
    let dir = bin_dir(&mock.base_url(), &extra);
    let args = ["--engine", "llm", "match", QUESTION];
    let out = run_bin(&dir, &args, &[("SC_TEST_KEY", SECRET)], 1).await;
    let err = stderr(&out);
    assert!(err.contains("500") && err.contains("[redacted]"), "{err}");
    assert!(
        !err.contains("SECRET123") && !stdout(&out).contains("SECRET123"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bin_tailor_with_a_failed_question_exits_1_and_lists_it() {
    let mock = MockOpenAi::start().await;
    let victim = likely_questions(4)[2].clone();
    mock.set_default(fail_one(victim.clone()));
    let dir = bin_dir(&mock.base_url(), &[]);
    let args = [
        "--engine", "llm", "--json", "tailor", "--job", "job.md", "--count", "4",
    ];
    let out = run_bin(&dir, &args, &[], 1).await;
    let report = json(&out);
    assert_eq!(report["engine"], "llm");
    let failures = report["failures"].as_array().expect("failures");
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["item"], victim.as_str());
    assert_eq!(report["questions"].as_array().unwrap().len(), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn bin_engine_llm_on_an_unreachable_endpoint_exits_1_saying_so() {
    let url = dead_url();
    let dir = bin_dir(&url, &[("max_retries", "0")]);
    let out = run_bin(&dir, &["--engine", "llm", "match", QUESTION], &[], 1).await;
    let err = stderr(&out);
    assert!(err.contains("cannot reach") && err.contains(&url), "{err}");
    assert!(stdout(&out).is_empty(), "no report on stdout");
}

#[tokio::test(flavor = "multi_thread")]
async fn bin_dry_run_prints_prompts_and_tokens_and_sends_nothing() {
    let mock = MockOpenAi::start().await;
    let dir = bin_dir(&mock.base_url(), &[]);
    let args = [
        "--engine",
        "llm",
        "--dry-run",
        "tailor",
        "--job",
        "job.md",
        "--count",
        "2",
    ];
    let json_args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    let report = json(&run_bin(&dir, &json_args, &[], 0).await);
    let calls = report["dry_run"].as_array().expect("dry_run calls");
    assert_eq!(calls.len(), 2);
    for call in calls {
        assert!(call["tokens"].as_u64().unwrap() > 100, "{call}");
        let user = call["messages"][1]["content"].as_str().unwrap();
        assert!(user.contains("<story id=\""), "{user}");
    }
    let human = stdout(&run_bin(&dir, &args, &[], 0).await);
    assert!(
        human.contains("tokens") && human.contains("nothing sent"),
        "{human}"
    );
    assert!(
        human.contains("[user]") && human.contains("<story id=\""),
        "{human}"
    );
    assert_eq!(mock.calls(), 0);
}
