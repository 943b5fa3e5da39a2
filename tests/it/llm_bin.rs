//! The `starcoach` binary with `--engine llm` against a real loopback OpenAI-compatible server
//! (`util/openai.rs`): auth failures and key redaction, a partly failed tailor, an unreachable
//! endpoint, and `--dry-run`.

use std::process::Output;

use crate::util::llm::{QUESTION, config_text, dead_url, fail_one, likely_questions};
use crate::util::openai::{MockOpenAi, Reply};
use crate::util::{self, TestDir, json, stderr, stdout};

const SECRET: &str = "sk-test-SECRET123";

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

/// A local server wants no key: with none configured no `Authorization` header is sent at all
/// (not an empty `Bearer `), and a key read with its trailing line break is sent trimmed.
#[tokio::test(flavor = "multi_thread")]
async fn bin_sends_authorization_only_with_a_key_and_trims_it() {
    let mock = MockOpenAi::start().await;
    mock.set_default(|_| {
        Reply::json(r#"{"ranking": [{"id": "HL1", "fit": 80, "reason": "it fits"}]}"#)
    });
    let args = ["--engine", "llm", "match", QUESTION];
    let dir = bin_dir(&mock.base_url(), &[]);
    run_bin(&dir, &args, &[], 0).await;
    assert!(!mock.headers().is_empty());
    assert!(
        mock.headers()
            .iter()
            .all(|h| h.get("authorization").is_none()),
        "{:?}",
        mock.headers()
    );
    let mock = MockOpenAi::start().await;
    mock.set_default(|_| {
        Reply::json(r#"{"ranking": [{"id": "HL1", "fit": 80, "reason": "it fits"}]}"#)
    });
    let dir = bin_dir(&mock.base_url(), &[("api_key_env", "\"SC_TEST_KEY\"")]);
    let with_newline = format!("{SECRET}\n");
    run_bin(&dir, &args, &[("SC_TEST_KEY", &with_newline)], 0).await;
    assert_eq!(
        mock.headers()[0]["authorization"],
        format!("Bearer {SECRET}").as_str()
    );
}

/// A key with a line break inside (a paste gone wrong) cannot be sent: a usage error that names
/// the variable, never the key, and no request; not a panic.
#[tokio::test(flavor = "multi_thread")]
async fn bin_a_key_a_header_cannot_carry_is_an_error_naming_the_variable() {
    let mock = MockOpenAi::start().await;
    let dir = bin_dir(&mock.base_url(), &[("api_key_env", "\"SC_TEST_KEY\"")]);
    let broken = "sk-test-SECRET\n123";
    let args = ["--engine", "llm", "match", QUESTION];
    let out = run_bin(&dir, &args, &[("SC_TEST_KEY", broken)], 2).await;
    assert_eq!(
        stderr(&out),
        "starcoach: error: --engine llm: the API key in SC_TEST_KEY holds a line break or another \
         character an HTTP header cannot carry: export the key alone\n"
    );
    assert_eq!(mock.calls(), 0);
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

/// A dry run is asked for to see the prompts: a prompt that cannot be built is an error, not an
/// offline answer, and with no LLM to call the offline answer says why it has no prompts.
#[tokio::test(flavor = "multi_thread")]
async fn bin_dry_run_with_a_broken_prompt_or_no_llm_says_so() {
    let mock = MockOpenAi::start().await;
    let dir = bin_dir(&mock.base_url(), &[]);
    dir.write("prompts/critique.j2", "{% if draft %}unclosed");
    let mut config = std::fs::read_to_string(dir.join("starcoach.toml")).unwrap();
    config.push_str("\n[prompts]\ndir = \"prompts\"\n");
    dir.write("starcoach.toml", &config);
    dir.write("draft.txt", "I fixed the build.");
    let args = ["--dry-run", "critique", "--draft", "draft.txt"];
    let out = run_bin(&dir, &args, &[], 2).await;
    let err = stderr(&out);
    assert!(
        err.contains("--dry-run") && err.contains("critique.j2") && err.contains("line 1"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "no offline critique on stdout");
    let offline = [
        "--engine",
        "offline",
        "--dry-run",
        "critique",
        "--draft",
        "draft.txt",
    ];
    let out = run_bin(&dir, &offline, &[], 0).await;
    assert!(
        stderr(&out).contains("--engine offline calls none"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("engine: offline"));
    assert_eq!(mock.calls(), 0);
}
