//! The binary end to end, coach side: `match`, `questions`, `tailor`, `critique`, `followups` and
//! `eval`, over the fixture bank in `tests/fixtures/bank`.

use std::collections::HashMap;

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{BANK_IDS, TestDir, fixture, json, run, stderr, stdout};

/// `starcoach --stories bank --engine offline ARGS...` in a fresh copy of the fixture bank.
fn coach(dir: &TestDir, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = dir.cmd();
    cmd.args(["--stories", "bank", "--engine", "offline"])
        .args(args);
    cmd
}

fn setup() -> TestDir {
    let dir = TestDir::with_bank();
    dir.copy_fixture("job.md", "job.md");
    for draft in ["complete", "we-heavy", "short"] {
        dir.copy_fixture(&format!("drafts/{draft}.txt"), &format!("{draft}.txt"));
    }
    dir
}

fn codes(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn ranked_ids(report: &Value) -> Vec<String> {
    report["matches"]
        .as_array()
        .expect("matches is an array")
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn match_ranks_the_obvious_story_first() {
    let dir = setup();
    for (question, want) in [
        ("Tell me about a time you failed", "HL1"),
        (
            "Tell me about a time you disagreed with a product manager",
            "HL2",
        ),
        ("Describe a performance problem you solved", "QB1"),
        ("How have you mentored other engineers?", "QB2"),
        ("Why do you want to work here?", "why-us"),
    ] {
        let out = run(&mut coach(&dir, &["match", question, "--json"]), 0);
        let report = json(&out);
        assert_eq!(report["question"], question);
        let ids = ranked_ids(&report);
        assert_eq!(
            ids.first().map(String::as_str),
            Some(want),
            "{question}: {ids:?}"
        );
        let scores: Vec<f64> = report["matches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["score"].as_f64().unwrap())
            .collect();
        assert!(
            scores.windows(2).all(|w| w[0] >= w[1]),
            "not best first: {scores:?}"
        );
        for m in report["matches"].as_array().unwrap() {
            assert!(m["title"].is_string() && m["why"].is_array(), "{m}");
        }
    }
}

#[test]
fn match_top_limits_the_matches() {
    // Two entries of the fixture bank answer this one: the failure story and the conflict.
    const QUESTION: &str = "Describe a time you improved observability and alerting";
    let dir = setup();
    let out = run(
        &mut coach(&dir, &["match", QUESTION, "--top", "1", "--json"]),
        0,
    );
    assert_eq!(ranked_ids(&json(&out)).len(), 1);
    let all = run(
        &mut coach(&dir, &["match", QUESTION, "--top", "50", "--json"]),
        0,
    );
    assert_eq!(ranked_ids(&json(&all))[0], ranked_ids(&json(&out))[0]);
    let mut ids = ranked_ids(&json(&all));
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "an entry is ranked twice");
    assert!(
        ids.iter().all(|id| BANK_IDS.contains(&id.as_str())),
        "{ids:?}"
    );
}

#[test]
fn questions_json_has_evidence_from_the_job() {
    let dir = setup();
    let out = run(
        &mut coach(
            &dir,
            &["questions", "--job", "job.md", "--count", "6", "--json"],
        ),
        0,
    );
    let report = json(&out);
    let questions = report["questions"]
        .as_array()
        .expect("questions is an array");
    assert_eq!(questions.len(), 6, "{report:#}");
    for q in questions {
        assert!(
            q["question"]
                .as_str()
                .is_some_and(|s| s.ends_with('?') || s.ends_with('.')),
            "{q}"
        );
        assert!(q["competency"].is_string(), "{q}");
        assert!(q["evidence"].is_array(), "{q}");
    }
    let job = dir.read("job.md");
    let quoted = questions
        .iter()
        .flat_map(|q| q["evidence"].as_array().unwrap())
        .filter_map(Value::as_str)
        .any(|e| job.contains(e));
    assert!(quoted, "no evidence quotes the job posting: {report:#}");
}

#[test]
fn tailor_json_has_the_design_shape_and_reuses_no_story_more_than_twice() {
    let dir = setup();
    let out = run(
        &mut coach(&dir, &["tailor", "--job", "job.md", "--json"]),
        0,
    );
    let report = json(&out);
    assert_eq!(report["engine"], "offline");
    let questions = report["questions"]
        .as_array()
        .expect("questions is an array");
    assert!(!questions.is_empty());
    let mut uses: HashMap<String, usize> = HashMap::new();
    for q in questions {
        for key in [
            "question",
            "evidence",
            "story",
            "alternates",
            "talk_track",
            "weave_in",
            "gaps",
            "speaking_seconds",
        ] {
            assert!(q.get(key).is_some(), "question lacks {key}: {q:#}");
        }
        assert!(q["talk_track"].is_array() && q["weave_in"].is_array() && q["gaps"].is_array());
        assert!(q["speaking_seconds"].is_u64(), "{q:#}");
        if let Some(id) = q["story"]["id"].as_str() {
            assert!(q["story"]["title"].is_string());
            *uses.entry(id.to_string()).or_default() += 1;
            for alt in q["alternates"].as_array().unwrap() {
                assert_ne!(
                    alt["id"].as_str(),
                    Some(id),
                    "the chosen story is also an alternate"
                );
            }
        }
    }
    assert!(
        uses.values().all(|&n| n <= 2),
        "a story is used more than twice: {uses:?}"
    );
    for u in report["uncovered"]
        .as_array()
        .expect("uncovered is an array")
    {
        assert!(
            u["requirement"].is_string() && u["evidence"].is_string(),
            "{u}"
        );
    }
}

#[test]
fn tailor_max_reuse_1_uses_every_story_once() {
    let dir = setup();
    let out = run(
        &mut coach(
            &dir,
            &["tailor", "--job", "job.md", "--max-reuse", "1", "--json"],
        ),
        0,
    );
    let report = json(&out);
    let ids: Vec<&str> = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["story"]["id"].as_str())
        .collect();
    assert!(!ids.is_empty());
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "a story is reused: {ids:?}");
}

#[test]
fn critique_reads_the_same_draft_from_a_file_or_stdin() {
    let dir = setup();
    let args = [
        "critique",
        "--json",
        "--question",
        "Tell me about a performance problem",
    ];
    let from_file = json(&run(
        coach(&dir, &args).args(["--draft", "complete.txt"]),
        0,
    ));
    let from_stdin = json(&run(
        coach(&dir, &args).write_stdin(dir.read("complete.txt")),
        0,
    ));
    assert_eq!(from_file, from_stdin);
    for key in ["findings", "scores", "overall", "words", "speaking_seconds"] {
        assert!(
            from_file.get(key).is_some(),
            "critique lacks {key}: {from_file:#}"
        );
    }
    for part in ["situation", "task", "action", "result"] {
        assert!(from_file["scores"][part].is_u64(), "{from_file:#}");
    }
    assert_eq!(from_file["words"], 170);
    assert_eq!(from_file["speaking_seconds"], 68);
    assert_eq!(codes(&from_file), Vec::<String>::new(), "{from_file:#}");
}

#[test]
fn a_draft_over_64_kib_is_refused_with_exit_2_from_a_file_or_stdin() {
    let dir = setup();
    let big = "I fixed the build. ".repeat(4000);
    std::fs::write(dir.path().join("big.txt"), &big).unwrap();
    let out = run(&mut coach(&dir, &["critique", "--draft", "big.txt"]), 2);
    assert!(
        stderr(&out).contains("draft big.txt is larger than 64 KiB"),
        "{}",
        stderr(&out)
    );
    let out = run(coach(&dir, &["critique"]).write_stdin(big), 2);
    assert!(
        stderr(&out).contains("draft on stdin is larger than 64 KiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn critique_flags_short_and_we_heavy_drafts() {
    let dir = setup();
    let short = json(&run(
        &mut coach(&dir, &["critique", "--draft", "short.txt", "--json"]),
        0,
    ));
    assert!(
        codes(&short).contains(&"too-short".to_string()),
        "{short:#}"
    );
    let we = json(&run(
        &mut coach(&dir, &["critique", "--draft", "we-heavy.txt", "--json"]),
        0,
    ));
    let we_codes = codes(&we);
    assert!(we_codes.contains(&"we-not-i".to_string()), "{we:#}");
    assert!(!we_codes.contains(&"too-short".to_string()), "{we:#}");
    for f in we["findings"].as_array().unwrap() {
        let severity = f["severity"].as_str().unwrap();
        assert!(["error", "warning", "info"].contains(&severity), "{f}");
        assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()), "{f}");
    }
}

#[test]
fn critique_fail_on_error_exits_1_only_when_an_error_is_found() {
    let dir = setup();
    // The short draft has no result: `missing-result` is an error.
    let out = run(
        &mut coach(
            &dir,
            &[
                "critique",
                "--draft",
                "short.txt",
                "--fail-on",
                "error",
                "--json",
            ],
        ),
        1,
    );
    let report = json(&out);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["severity"] == "error"),
        "{report:#}"
    );
    // The we-heavy draft has only warnings: --fail-on error passes, --fail-on warning does not.
    run(
        &mut coach(
            &dir,
            &["critique", "--draft", "we-heavy.txt", "--fail-on", "error"],
        ),
        0,
    );
    run(
        &mut coach(
            &dir,
            &[
                "critique",
                "--draft",
                "we-heavy.txt",
                "--fail-on",
                "warning",
            ],
        ),
        1,
    );
    // Without --fail-on, problems still exit 0.
    run(&mut coach(&dir, &["critique", "--draft", "short.txt"]), 0);
}

#[test]
fn critique_with_empty_stdin_exits_2() {
    let dir = setup();
    coach(&dir, &["critique"])
        .write_stdin("  \n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("empty"));
}

#[test]
fn critique_does_not_call_a_fitting_story_off_question() {
    let dir = setup();
    let out = run(
        &mut coach(
            &dir,
            &[
                "critique",
                "--draft",
                "complete.txt",
                "--json",
                "--question",
                "Tell me about a technically challenging problem",
            ],
        ),
        0,
    );
    let report = json(&out);
    assert!(
        !codes(&report).contains(&"off-question".to_string()),
        "{report:#}"
    );
}

#[test]
fn followups_for_a_story() {
    let dir = setup();
    let out = run(
        &mut coach(&dir, &["followups", "--story", "HL1", "--json"]),
        0,
    );
    let report = json(&out);
    let followups = report["followups"]
        .as_array()
        .expect("followups is an array");
    assert!((3..=6).contains(&followups.len()), "{report:#}");
    let targets = [
        "situation",
        "task",
        "action",
        "result",
        "learned",
        "metrics",
        "scope",
        "vision",
    ];
    for f in followups {
        assert!(
            f["question"].as_str().is_some_and(|q| q.contains('?')),
            "{f}"
        );
        assert!(f["why"].as_str().is_some_and(|w| !w.is_empty()), "{f}");
        assert!(
            targets.contains(&f["targets"].as_str().unwrap_or("")),
            "{f}"
        );
    }
    let draft = json(&run(
        &mut coach(&dir, &["followups", "--draft", "we-heavy.txt", "--json"]),
        0,
    ));
    assert!(
        !draft["followups"].as_array().unwrap().is_empty(),
        "{draft:#}"
    );
}

#[test]
fn followups_needs_a_story_or_a_draft() {
    let dir = setup();
    coach(&dir, &["followups"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("Usage"));
    coach(
        &dir,
        &["followups", "--story", "HL1", "--draft", "short.txt"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("cannot be used with"));
    coach(&dir, &["followups", "--story", "unknown-id"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown-id"));
}

#[test]
fn json_stdout_is_only_json_for_every_coach_command() {
    let dir = setup();
    let commands: [&[&str]; 5] = [
        &["match", "Tell me about a failure"],
        &["questions", "--job", "job.md"],
        &["tailor", "--job", "job.md"],
        &["critique", "--draft", "complete.txt"],
        &["followups", "--story", "QB1"],
    ];
    let keys = ["matches", "questions", "questions", "findings", "followups"];
    for (args, key) in commands.iter().zip(keys) {
        // `--json` last, as a global flag after the subcommand's own flags.
        let out = run(coach(&dir, args).arg("--json"), 0);
        let report = json(&out);
        assert!(
            report.get(key).is_some(),
            "{args:?}: no {key} in {report:#}"
        );
        assert_eq!(report["engine"], "offline", "{args:?}");
    }
}

fn write_cases(dir: &TestDir) {
    dir.write(
        "cases.jsonl",
        concat!(
            r#"{"question": "Tell me about a time you failed", "expect": ["HL1"]}"#,
            "\n",
            r#"{"question": "Tell me about a disagreement with a product manager", "expect": ["HL2"]}"#,
            "\n\n",
            r#"{"question": "How do you mentor people?", "expect": ["QB2", "HL2"]}"#,
            "\n",
        ),
    );
}

#[test]
fn eval_questions_reports_hit_rates_and_applies_its_bar() {
    let dir = setup();
    write_cases(&dir);
    let out = run(&mut coach(&dir, &["eval", "questions", "cases.jsonl"]), 0);
    assert!(stdout(&out).contains("top-1:"), "{}", stdout(&out));
    let report = json(&run(
        &mut coach(&dir, &["eval", "questions", "cases.jsonl", "--json"]),
        0,
    ));
    assert_eq!(report["cases"], 3, "{report:#}");
    assert_eq!(report["top1"], 3, "{report:#}");
    let below = run(
        &mut coach(
            &dir,
            &["eval", "questions", "cases.jsonl", "--min-top1", "101"],
        ),
        1,
    );
    assert!(
        stderr(&below).contains("below the bar"),
        "{}",
        stderr(&below)
    );
}

#[test]
fn eval_questions_with_a_malformed_line_exits_2_naming_it() {
    let dir = setup();
    write_cases(&dir);
    let mut text = dir.read("cases.jsonl");
    text.push_str("{\"question\": \"Why us?\", \"expect\": [\"why-us\"\n");
    dir.write("cases.jsonl", text);
    coach(&dir, &["eval", "questions", "cases.jsonl"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("cases.jsonl:5"));
}

#[test]
fn fixture_bank_is_where_the_tests_expect_it() {
    // Guards against a fixture rename silently turning the tests above into tests of nothing.
    for id in BANK_IDS {
        assert!(fixture(&format!("bank/{id}.md")).is_file(), "{id}");
    }
}
