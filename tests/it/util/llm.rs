//! The scripted model and the setup shared by `llm_ops`, `llm_errors`, `llm_tailor` and
//! `llm_bin`, which test the LLM engine against a real loopback OpenAI-compatible server
//! (`util/openai.rs`).

use std::path::Path;

use serde_json::{Value, json};
use starcoach::coach::{Coach, CoachOptions, EngineChoice};
use starcoach::config::Config;
use starcoach::engine::llm::{ItemError, RunFlags};
use starcoach::engine::{
    CritiqueRequest, EngineError, MatchRequest, QuestionsRequest, TailorRequest,
};
use starcoach::report::Usage;
use starcoach::story::StoryBank;
use tempfile::TempDir;

use crate::util::fixture;
use crate::util::openai::{MockOpenAi, Reply};

pub const QUESTION: &str = "Tell me about a time you made something faster.";
pub const JOB_LINE: &str = "Improve the latency of the tracking API and our search";
pub const MODEL_QUESTION: &str = "How did you find where the tracking API spent its time?";
pub const FOLLOWUP: &str = "How did you measure the latency before and after the change?";
pub const FINDING: &str = "The result says faster but gives no number.";
pub const TRACK: &str = "I profiled the search path before changing anything.";

/// A retold line of the fixture story HL1 (its own facts only).
pub const BRIEF_LINE: &str =
    "I launched a backfill without a dry run and it overwrote a week of data.";

/// Not JSON at all: neither the parser nor the `{...}` extraction can make sense of it.
pub const BAD: &str = "Sure! Here is my ranking: the first story, then the second.";

// ---------- the scripted model ----------

pub fn user_text(req: &Value) -> &str {
    req.pointer("/messages/1/content")
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub fn operation(req: &Value) -> &str {
    req.pointer("/response_format/json_schema/name")
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The candidate ids a prompt lists, in prompt order (the offline engine's order).
pub fn candidate_ids(text: &str) -> Vec<String> {
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

pub fn tailor_reply(ids: &[String], lines: &[(&str, &str)]) -> Value {
    let track: Vec<Value> = lines
        .iter()
        .map(|(from, text)| json!({"from": from, "text": text}))
        .collect();
    json!({"ranking": ranking(ids), "talk_track": track, "weave_in": ["incident response"], "gaps": []})
}

/// A valid reply for whichever operation the request is.
pub fn reply_for(req: &Value) -> Option<Value> {
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
        "brief" => json!({"lines": [BRIEF_LINE, "It cost the company $2 million at Globex."]}),
        _ => return None,
    })
}

pub fn answer(req: &Value) -> Reply {
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
#[track_caller]
pub fn assert_endpoint_usage(usage: Option<&Usage>, mock: &MockOpenAi) {
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
pub fn config_text(base_url: &str, cache: &Path, extra: &[(&str, &str)]) -> String {
    let mut keys: Vec<(String, String)> = [
        ("base_url", format!("{base_url:?}")),
        ("model", "\"mock-model\"".into()),
        ("max_retries", "2".into()),
        ("timeout_secs", "2".into()),
        // The mock speaks OpenAI's dialect; tests of negotiation set these to "auto".
        ("structured", "\"json_schema\"".into()),
        ("token_limit_field", "\"max_completion_tokens\"".into()),
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

pub fn coach_for(text: &str, choice: EngineChoice, flags: RunFlags, bank: StoryBank) -> Coach {
    let config = Config::parse(text).expect("the test config parses");
    let options = CoachOptions {
        flags,
        progress: None,
    };
    Coach::with_options(bank, &config, choice, options).expect("the coach starts")
}

pub fn bank() -> StoryBank {
    StoryBank::load(&fixture("bank")).expect("the fixture bank loads")
}

pub fn job() -> String {
    std::fs::read_to_string(fixture("job.md")).expect("the fixture job")
}

/// A mock answering every operation correctly, and a private cache directory.
pub struct Harness {
    pub mock: MockOpenAi,
    cache: TempDir,
}

impl Harness {
    pub async fn start() -> Harness {
        let mock = MockOpenAi::start().await;
        mock.set_default(answer);
        let cache = tempfile::tempdir().expect("a cache dir");
        Harness { mock, cache }
    }

    pub fn cache_dir(&self) -> &std::path::Path {
        self.cache.path()
    }

    pub fn config(&self, extra: &[(&str, &str)]) -> String {
        config_text(&self.mock.base_url(), self.cache.path(), extra)
    }

    /// `--engine llm` over the fixture bank.
    pub fn coach(&self, extra: &[(&str, &str)], flags: RunFlags) -> Coach {
        coach_for(&self.config(extra), EngineChoice::Llm, flags, bank())
    }

    pub fn llm(&self) -> Coach {
        self.coach(&[], RunFlags::default())
    }

    /// `--engine auto` over the fixture bank.
    pub fn coach_auto(&self, extra: &[(&str, &str)]) -> Coach {
        coach_for(
            &self.config(extra),
            EngineChoice::Auto,
            RunFlags::default(),
            bank(),
        )
    }
}

pub fn match_req() -> MatchRequest {
    MatchRequest {
        question: QUESTION.into(),
        top: None,
    }
}

pub fn tailor_req(count: usize) -> TailorRequest {
    TailorRequest {
        job: job(),
        count: Some(count),
        max_reuse: None,
        target_seconds: None,
    }
}

pub fn critique_req() -> CritiqueRequest {
    CritiqueRequest {
        draft: "At Quillfeather Books search was slow. I profiled it and batched the price \
                lookups. It got a lot faster and shoppers were happier."
            .into(),
        question: Some("Tell me about a time you improved performance.".into()),
        job: None,
        spoken_seconds: None,
    }
}

/// The likely questions the offline engine predicts for the fixture job (what tailor asks about).
pub fn likely_questions(count: usize) -> Vec<String> {
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

pub fn asks(req: &Value, question: &str) -> bool {
    user_text(req).contains(&format!("Question: {question}\n"))
}

pub fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}/v1")
}

#[track_caller]
pub fn unwrap_item(result: Result<impl std::fmt::Debug, EngineError>) -> ItemError {
    match result {
        Err(EngineError::Item(e)) => e,
        other => panic!("expected a failed LLM item, got {other:?}"),
    }
}

/// Replies invalid JSON to every request about `victim`, correctly to the rest.
pub fn fail_one(victim: String) -> impl Fn(&Value) -> Reply + Send + Sync + 'static {
    move |req| {
        if asks(req, &victim) {
            Reply::json(BAD)
        } else {
            answer(req)
        }
    }
}
