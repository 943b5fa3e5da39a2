//! The binary end to end, coach side: `match`, `questions`, `tailor` and `followups`, over the
//! fixture bank in `tests/fixtures/bank` (`critique`: cli_critique.rs; `eval questions`:
//! eval_questions.rs).

use std::collections::HashMap;

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{BANK_IDS, TestDir, fixture, json, run, stderr};

/// `starcoach --stories bank --engine offline ARGS...` in a fresh copy of the fixture bank.
pub(crate) fn coach(dir: &TestDir, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = dir.cmd();
    cmd.args(["--stories", "bank", "--engine", "offline"])
        .args(args);
    cmd
}

pub(crate) fn setup() -> TestDir {
    let dir = TestDir::with_bank();
    dir.copy_fixture("job.md", "job.md");
    for draft in ["complete", "we-heavy", "short"] {
        dir.copy_fixture(&format!("drafts/{draft}.txt"), &format!("{draft}.txt"));
    }
    dir
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
    let piped = run(
        coach(&dir, &["questions", "--job", "-", "--count", "6", "--json"]).write_stdin(job),
        0,
    );
    assert_eq!(json(&piped), report, "--job - reads the posting from stdin");
}

#[test]
fn stdin_is_read_for_one_input_only() {
    let dir = setup();
    let out = run(
        coach(&dir, &["critique", "--draft", "-", "--job", "-"]).write_stdin("I fixed it."),
        2,
    );
    assert_eq!(
        stderr(&out),
        "starcoach: error: stdin is already read for the draft: pass the job description as a file (--job FILE)\n"
    );
    // Practice says so before it plans anything.
    let out = run(
        coach(&dir, &["practice", "--job", "-", "--question", "Why us?"]).write_stdin("x"),
        2,
    );
    assert!(
        stderr(&out).contains("cannot both come from stdin"),
        "{}",
        stderr(&out)
    );
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
    let piped = json(&run(
        coach(&dir, &["followups", "--draft", "-", "--json"]).write_stdin(dir.read("we-heavy.txt")),
        0,
    ));
    assert_eq!(piped, draft, "--draft - reads stdin");
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

#[test]
fn fixture_bank_is_where_the_tests_expect_it() {
    // Guards against a fixture rename silently turning the tests above into tests of nothing.
    for id in BANK_IDS {
        assert!(fixture(&format!("bank/{id}.md")).is_file(), "{id}");
    }
}
