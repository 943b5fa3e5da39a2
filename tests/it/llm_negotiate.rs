//! Negotiation against mocks that speak two dialects: OpenAI's (strict schemas, both limit
//! fields) and llama.cpp-python's (a 500 for `json_schema`, `json_object` with a `schema`,
//! only `max_tokens` honoured). Also: `auto` answering a failed tailor question offline, and
//! tailor prompts that share their beginning.

use serde_json::{Value, json};
use starcoach::coach::EngineChoice;
use starcoach::engine::llm::RunFlags;
use starcoach::engine::{Engine, TailorRequest};
use starcoach::report::EngineKind;

use crate::util::llm::{
    BAD, answer, asks, bank, coach_for, config_text, job, match_req, reply_for,
};
use crate::util::openai::{MockOpenAi, Reply};
use crate::util::{TestDir, json as parse_json, run};

const AUTO: [(&str, &str); 2] = [
    ("structured", "\"auto\""),
    ("token_limit_field", "\"auto\""),
];

/// Which operation a request is, in any structured-output mode: the schema's name when sent
/// as `json_schema`, else the schema's properties.
fn operation_of(req: &Value) -> &'static str {
    let format = &req["response_format"];
    let schema = if format["type"] == "json_schema" {
        &format["json_schema"]["schema"]
    } else {
        &format["schema"]
    };
    let props = &schema["properties"];
    let has = |k: &str| props.get(k).is_some();
    if has("ok") {
        "probe"
    } else if has("talk_track") {
        "tailor"
    } else if has("ranking") {
        "match"
    } else if has("findings") {
        "critique"
    } else if has("followups") {
        "followups"
    } else {
        ""
    }
}

/// The text of a request's last message: a probe sends only the user's, an operation the
/// system prompt first.
fn last_text(req: &Value) -> &str {
    req["messages"]
        .as_array()
        .and_then(|m| m.last())
        .and_then(|m| m["content"].as_str())
        .unwrap_or("")
}

/// The probe that counts to thirty: a short reply when the limit is honoured, the whole count
/// when it is not.
fn counting(limit_honoured: bool) -> Reply {
    if limit_honoured {
        Reply::json("one")
    } else {
        Reply::json(
            "one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, thirteen",
        )
    }
}

/// llama-cpp-python's server as measured: `json_schema` is a 500 naming the allowed types,
/// `json_object` with `schema` works, only `max_tokens` limits the reply.
fn llama_cpp_like(req: &Value) -> Reply {
    if req["response_format"]["type"] == "json_schema" {
        return Reply::status(
            500,
            "1 validation error: response_format.type: Input should be 'text' or 'json_object'",
        );
    }
    if last_text(req).starts_with("Count from 1 to 30") {
        return counting(req.get("max_tokens").is_some());
    }
    if operation_of(req) == "probe" {
        return Reply::json("{\"ok\": true}");
    }
    if last_text(req) == "Say ok." {
        return Reply::json("ok");
    }
    // The operation, answered as the OpenAI-dialect mock would (it names the schema).
    let mut named = req.clone();
    named["response_format"] = json!({"json_schema": {"name": operation_of(req)}});
    match reply_for(&named) {
        Some(reply) => Reply::Json(reply.to_string()),
        None => Reply::status(400, "mock: unknown operation"),
    }
}

fn openai_like(req: &Value) -> Reply {
    if last_text(req).starts_with("Count from 1 to 30") {
        return counting(true);
    }
    if operation_of(req) == "probe" {
        return Reply::json("{\"ok\": true}");
    }
    if last_text(req) == "Say ok." {
        return Reply::json("ok");
    }
    answer(req)
}

#[tokio::test]
async fn a_llama_cpp_like_server_gets_json_object_with_its_schema_and_max_tokens() {
    let mock = MockOpenAi::start().await;
    mock.set_default(llama_cpp_like);
    let cache = tempfile::tempdir().unwrap();
    let config = config_text(&mock.base_url(), cache.path(), &AUTO);
    let coach = coach_for(&config, EngineChoice::Llm, RunFlags::default(), bank());
    let report = coach
        .rank(&match_req())
        .await
        .expect("match through the negotiated modes");
    assert_eq!(report.engine, EngineKind::Llm);

    let requests = mock.requests();
    let call = requests.last().unwrap();
    assert_eq!(call["response_format"]["type"], "json_object");
    assert!(
        call["response_format"]["schema"]["properties"]["ranking"].is_object(),
        "{call}"
    );
    assert!(
        call.get("max_tokens").is_some() && call.get("max_completion_tokens").is_none(),
        "{call}"
    );
    let probes = requests.len() - 1;
    assert!(
        probes >= 3,
        "the token field, the structured modes and streaming were asked"
    );

    // A second process reads what was learned from the cache database: no probes.
    let again = coach_for(
        &config,
        EngineChoice::Llm,
        RunFlags {
            no_cache: false,
            ..RunFlags::default()
        },
        bank(),
    );
    let before = mock.calls();
    let question = starcoach::engine::MatchRequest {
        question: "Tell me about a conflict".into(),
        top: Some(3),
    };
    again.rank(&question).await.expect("match");
    assert_eq!(mock.calls() - before, 1, "one call, no negotiation");
}

#[test]
fn llm_check_names_the_modes_and_recommends_a_config() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime.block_on(MockOpenAi::start());
    mock.set_default(llama_cpp_like);
    let dir = TestDir::with_bank();
    dir.write(
        "starcoach.toml",
        config_text(&mock.base_url(), &dir.join("cache"), &AUTO),
    );
    let report = parse_json(&run(dir.cmd().args(["--json", "llm", "check"]), 0));
    let abilities = &report["negotiated"]["abilities"];
    assert_eq!(abilities["structured"], "json_object_schema");
    assert_eq!(abilities["token_limit_field"], "max_tokens");
    let steps: Vec<&str> = report["negotiated"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["probe"].as_str().unwrap())
        .collect();
    assert!(
        steps.contains(&"structured output as `json_schema`"),
        "{steps:?}"
    );
    let recommended = report["recommended"].as_str().unwrap();
    assert!(
        recommended
            .contains("structured = \"json_object_schema\"\ntoken_limit_field = \"max_tokens\""),
        "{recommended}"
    );

    mock.set_default(openai_like);
    let human = crate::util::stdout(&run(dir.cmd().args(["llm", "check"]), 0));
    assert!(
        human.contains("ok  structured output as `json_schema`: accepted"),
        "{human}"
    );
    assert!(human.contains("Recommended config:"), "{human}");
}

/// A server that takes every mode but answers the strict schema with other JSON, and ignores
/// every token limit.
fn loose(req: &Value) -> Reply {
    if last_text(req).starts_with("Count from 1 to 30") {
        return counting(false);
    }
    if operation_of(req) == "probe" {
        if req["response_format"]["type"] == "json_schema" {
            return Reply::json("{\"answer\": \"yes\"}");
        }
        return Reply::json("{\"ok\": true}");
    }
    Reply::json("ok")
}

#[test]
fn llm_check_pins_only_the_modes_a_probe_saw_work() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mock = runtime.block_on(MockOpenAi::start());
    mock.set_default(loose);
    let dir = TestDir::with_bank();
    dir.write(
        "starcoach.toml",
        config_text(&mock.base_url(), &dir.join("cache"), &AUTO),
    );
    let report = parse_json(&run(dir.cmd().args(["--json", "llm", "check"]), 0));
    // The next mode is tried after a reply in other JSON, and the one that worked is kept.
    assert_eq!(
        report["negotiated"]["abilities"]["structured"],
        "json_object_schema"
    );
    let recommended = report["recommended"].as_str().unwrap();
    assert!(
        recommended.contains("structured = \"json_object_schema\"\ntoken_limit_field = \"auto\""),
        "no limit was honoured, so none is pinned: {recommended}"
    );
}

#[test]
fn llm_check_on_a_dead_endpoint_says_so_and_exits_1() {
    let dir = TestDir::with_bank();
    dir.write(
        "starcoach.toml",
        config_text(&crate::util::llm::dead_url(), &dir.join("cache"), &AUTO),
    );
    let out = crate::util::stdout(&run(dir.cmd().args(["llm", "check"]), 1));
    assert!(
        out.contains("not usable: cannot reach the LLM endpoint"),
        "{out}"
    );
}

#[tokio::test]
async fn auto_answers_a_question_the_model_fails_offline_and_marks_it() {
    let mock = MockOpenAi::start().await;
    let cache = tempfile::tempdir().unwrap();
    let config = config_text(&mock.base_url(), cache.path(), &[]);
    let req = TailorRequest {
        job: job(),
        count: Some(3),
        max_reuse: None,
        target_seconds: None,
    };
    let offline = coach_for(&config, EngineChoice::Offline, RunFlags::default(), bank());
    let plan = offline.tailor(&req).await.unwrap();
    let victim = plan.questions[1].question.clone();
    let v = victim.clone();
    mock.set_default(move |r| {
        if asks(r, &v) {
            Reply::json(BAD)
        } else {
            answer(r)
        }
    });

    let coach = coach_for(&config, EngineChoice::Auto, RunFlags::default(), bank());
    let report = coach.tailor(&req).await.expect("auto completes the plan");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let order: Vec<&str> = report
        .questions
        .iter()
        .map(|q| q.question.as_str())
        .collect();
    let expected: Vec<&str> = plan.questions.iter().map(|q| q.question.as_str()).collect();
    assert_eq!(order, expected, "the plan keeps its order");
    let marked = &report.questions[1];
    assert!(
        marked
            .fallback
            .as_deref()
            .unwrap()
            .starts_with("answered offline: the model's reply"),
        "{marked:?}"
    );
    assert_eq!(marked.story, plan.questions[1].story);
    assert!(report.questions[0].fallback.is_none());
    assert!(
        coach
            .take_notices()
            .iter()
            .any(|n| n.contains("1 question(s) answered offline"))
    );
}

/// `tailor --dry-run`: the prompts of one run begin with the same text (system rules, the
/// shared entries, the instructions); only the question and its evidence differ.
#[test]
fn tailor_prompts_share_most_of_their_text_as_a_prefix() {
    let dir = TestDir::with_bank();
    dir.copy_fixture("job.md", "job.md");
    dir.write(
        "starcoach.toml",
        config_text("http://127.0.0.1:9/v1", &dir.join("cache"), &[]),
    );
    let out = parse_json(&run(
        dir.cmd().args([
            "--json",
            "--dry-run",
            "--engine",
            "llm",
            "tailor",
            "--job",
            "job.md",
            "--stories",
            "bank",
        ]),
        0,
    ));
    let prompts: Vec<String> = out["dry_run"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["content"].as_str().unwrap())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    assert!(prompts.len() >= 5, "{}", prompts.len());
    let first = &prompts[0];
    let common = prompts
        .iter()
        .map(|p| {
            first
                .chars()
                .zip(p.chars())
                .take_while(|(a, b)| a == b)
                .count()
        })
        .min()
        .unwrap();
    let mean = prompts.iter().map(|p| p.chars().count()).sum::<usize>() / prompts.len();
    assert!(
        common * 100 / mean >= 40,
        "common prefix {common} of a mean {mean} chars"
    );
}
