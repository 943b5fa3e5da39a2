//! The LLM path against a real server and a real model: llama-cpp-python's OpenAI-compatible
//! server with SmolLM2-135M-Instruct, started by `scripts/local-llm.sh` (installed beforehand
//! by `scripts/local-llm.sh install`; `.ci/run` does it). The config holds only what a user
//! would write: base_url, model, context_window, max_concurrency and timeout_secs; everything
//! else is negotiated.
//!
//! Runs when the server is installed (or `STARCOACH_LOCAL_LLM=require`, which CI sets, makes a
//! missing install a failure).

use std::path::Path;

use serde_json::Value;

use crate::util::local::{LocalService, installed};
use crate::util::{TestDir, fixture, json, run, stderr};

/// The local LLM server, when installed (`scripts/local-llm.sh install`).
fn local_llm(state: &Path, port: u16) -> Option<LocalService> {
    let install = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/local-llm");
    let found = install.join("venv/bin/python").exists() && install.join("model").exists();
    installed(found, "STARCOACH_LOCAL_LLM", "the local LLM server").then(|| {
        LocalService::start(
            "local-llm.sh",
            "STARCOACH_LOCAL_LLM_DIR",
            &install,
            &["venv", "model"],
            state,
            port,
        )
    })
}

/// Numbers in generated text that appear nowhere in `source` (the bank, the draft).
fn invented_numbers(generated: &str, source: &str) -> Vec<String> {
    generated
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty() && !source.contains(n))
        .map(str::to_string)
        .collect()
}

/// Every number the model wrote that `source` does not hold is in the report's `unsupported`.
#[track_caller]
fn assert_flagged(generated: &str, source: &str, report: &Value) {
    let flagged: Vec<&str> = report["unsupported"]
        .as_array()
        .map(|u| u.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for n in invented_numbers(generated, source) {
        assert!(
            flagged.iter().any(|u| u.contains(&n)),
            "invented {n} not flagged: {report}"
        );
    }
}

fn all_text(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    text
}

#[test]
fn match_critique_followups_and_tailor_through_a_real_local_model() {
    let dir = TestDir::with_bank();
    let Some(server) = local_llm(&dir.join("llm"), 18089) else {
        return;
    };
    dir.copy_fixture("job.md", "job.md");
    dir.write(
        "starcoach.toml",
        format!(
            "stories = \"bank\"\n[llm]\nbase_url = {:?}\nmodel = {:?}\ncontext_window = 8192\nmax_concurrency = 1\ntimeout_secs = 600\n[cache]\ndir = \"cache\"\n",
            server.base_url, server.model
        ),
    );
    let draft = fixture("drafts/complete.txt");
    let source = all_text(&dir.join("bank")) + &std::fs::read_to_string(&draft).unwrap();

    let matched = json(&run(
        dir.cmd().args([
            "--json",
            "--engine",
            "llm",
            "match",
            "Tell me about a time you failed",
            "--top",
            "2",
        ]),
        0,
    ));
    assert_eq!(matched["engine"], "llm", "{matched}");
    let reasons: String = matched["matches"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| {
            m["why"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert_flagged(&reasons, &source, &matched);

    // The same question again is served from the cache: no model call, the same answer.
    let again = run(
        dir.cmd().args([
            "--engine",
            "llm",
            "match",
            "Tell me about a time you failed",
            "--top",
            "2",
        ]),
        0,
    );
    assert!(
        stderr(&again).contains("1 cache hits"),
        "{}",
        stderr(&again)
    );

    let critique = json(&run(
        dir.cmd()
            .args([
                "--json",
                "--engine",
                "llm",
                "critique",
                "--question",
                "Tell me about a time you failed.",
                "--draft",
            ])
            .arg(&draft),
        0,
    ));
    assert_eq!(critique["engine"], "llm", "{critique}");
    let said: String = critique["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["message"].as_str().unwrap_or(""),
                f["suggestion"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_flagged(&said, &source, &critique);
    let draft_chars = std::fs::read_to_string(&draft).unwrap().chars().count();
    for f in critique["findings"].as_array().unwrap() {
        for span in f["spans"].as_array().unwrap() {
            assert!(
                span["end"].as_u64().unwrap() as usize <= draft_chars,
                "{span}"
            );
        }
    }

    let followups = json(&run(
        dir.cmd()
            .args(["--json", "--engine", "llm", "followups", "--story", "HL1"]),
        0,
    ));
    assert_eq!(followups["engine"], "llm", "{followups}");
    assert!(!followups["followups"].as_array().unwrap().is_empty());

    // A short tailor in auto: the questions the small model fails are answered offline and
    // marked, and the command still succeeds.
    let tailor = json(&run(
        dir.cmd()
            .args(["--json", "tailor", "--job", "job.md", "--count", "2"]),
        0,
    ));
    assert_eq!(tailor["questions"].as_array().unwrap().len(), 2, "{tailor}");

    let check = json(&run(dir.cmd().args(["--json", "llm", "check"]), 0));
    eprintln!(
        "llm check on the local server: {}",
        check["negotiated"]["abilities"]
    );
    assert_eq!(
        check["negotiated"]["abilities"]["structured"],
        "json_object_schema"
    );
    assert_eq!(
        check["negotiated"]["abilities"]["token_limit_field"],
        "max_tokens"
    );

    // With the server gone, auto answers offline, and says why once.
    server.stop();
    // (A question not asked before: a cached reply needs no server.)
    let offline = run(
        dir.cmd().args([
            "--json",
            "match",
            "Tell me about a conflict with a colleague",
        ]),
        0,
    );
    assert_eq!(json(&offline)["engine"], "offline");
    assert!(
        stderr(&offline).contains("answering with the offline engine"),
        "{}",
        stderr(&offline)
    );
}
