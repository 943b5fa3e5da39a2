//! `eval critique` through the binary: the misses, per-code and per-family counts, the spread of
//! strong and weak drafts' scores, and the bars with their exit codes.

use serde_json::json;

use crate::util::offline::{NO_ACTION, SEAT_MAP};
use crate::util::{TestDir, json, run, stderr, stdout};

/// Three labelled drafts: a strong story, a story with no step of the speaker's own, and a
/// generic motivation answer.
fn cases(dir: &TestDir) {
    let lines = [
        json!({"question": "Tell me about a time you improved performance.", "draft": SEAT_MAP,
               "expect": [], "forbid": ["missing-result", "off-question"], "kind": "story",
               "quality": "strong"}),
        json!({"question": "Tell me about a time you improved performance.", "draft": NO_ACTION,
               "expect": ["missing-action"], "forbid": ["off-question"], "kind": "story",
               "quality": "weak"}),
        json!({"question": "Why do you want to work here?",
               "draft": "I think your company is a great place to work and I want to grow.",
               "expect": ["generic", "blames-others"], "kind": "motivation", "quality": "weak"}),
    ];
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    dir.write("critique.jsonl", text.join("\n") + "\n");
}

#[test]
fn eval_critique_counts_codes_and_scores_and_applies_its_bars() {
    let dir = TestDir::new();
    cases(&dir);
    let args = ["--engine", "offline", "eval", "critique", "critique.jsonl"];
    let report = concat!(
        "miss line 3: missing [blames-others], forbidden raised [], raised [too-short, generic]\n",
        "per code:\n",
        "  missing-action     recall 1/1 (100%)  false alarms 0  precision 100%\n",
        "  blames-others      recall 0/1 (0%)  false alarms 0  precision 100%\n",
        "  generic            recall 1/1 (100%)  false alarms 0  precision 100%\n",
        "per family:\n",
        "  structure          recall 1/1 (100%)  false alarms 0  precision 100%\n",
        "  relevance          recall 1/1 (100%)  false alarms 0  precision 100%\n",
        "  red-flag           recall 0/1 (0%)  false alarms 0  precision 100%\n",
        "cases: 3\n",
        "answer kinds: 3/3\n",
        "strong drafts: 1 scored 92..92 (median 92), 0 at 35 or less\n",
        "weak drafts: 2 scored 35..35 (median 35), 2 at 35 or less\n",
        "precision: 100.0%\n",
        "recall: 2/3 (66.7%)\n",
        "violations: 0\n",
    );
    dir.check(args).stdout(report).run();
    let bars = [
        "--min-precision",
        "100",
        "--max-violations",
        "0",
        "--min-weak-held",
        "100",
    ];
    dir.check(args.iter().chain(&bars)).stdout(report).run();
    dir.check(args.iter().chain(&["--min-recall", "67"]))
        .code(1)
        .stdout(report)
        .stderr("starcoach: eval: below the bar: recall 66.7 % is under 67 %\n")
        .run();
    let report = json(&run(dir.cmd().args(args.iter().chain(&["--json"])), 0));
    assert_eq!(report["recalled"], 2, "{report:#}");
    assert_eq!(report["weak"]["weak_band"], 2, "{report:#}");
    assert_eq!(report["weak"]["weak_band_pct"], 100.0, "{report:#}");
    assert_eq!(
        report["misses"][0]["missing"][0], "blames-others",
        "{report:#}"
    );
}

#[test]
fn a_weak_draft_scored_above_35_fails_the_weak_bar() {
    let dir = TestDir::new();
    let line = json!({"question": "Tell me about a time you improved performance.",
                      "draft": SEAT_MAP, "expect": [], "quality": "weak"});
    dir.write("critique.jsonl", format!("{line}\n"));
    let args = ["--engine", "offline", "eval", "critique", "critique.jsonl"];
    let out = run(dir.cmd().args(args), 0);
    assert!(
        stdout(&out).contains("weak drafts: 1 scored 92..92 (median 92), 0 at 35 or less\n"),
        "{}",
        stdout(&out)
    );
    run(
        dir.cmd().args(args.iter().chain(&["--min-weak-held", "1"])),
        1,
    );
}

#[test]
fn a_malformed_case_names_its_line() {
    let dir = TestDir::new();
    dir.write(
        "critique.jsonl",
        "{\"question\": \"Why us?\"}\n{\"draft\": 3}\n",
    );
    let out = run(
        dir.cmd()
            .args(["--engine", "offline", "eval", "critique", "critique.jsonl"]),
        2,
    );
    assert!(
        stderr(&out).contains("critique.jsonl:1"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}
