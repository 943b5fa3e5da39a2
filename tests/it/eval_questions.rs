//! `starcoach eval questions` end to end: hit rates, its bar, and a malformed case file named by
//! its line.

use predicates::prelude::*;

use crate::cli_coach::{coach, setup};
use crate::util::{TestDir, json, run, stderr, stdout};

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
    // A bar is a percentage: anything else is a usage error, not a run that fails.
    for bar in ["101", "NaN", "inf"] {
        let refused = run(
            &mut coach(
                &dir,
                &["eval", "questions", "cases.jsonl", "--min-top1", bar],
            ),
            2,
        );
        assert!(
            stderr(&refused).contains(&format!(
                "`{bar}` is not a percentage; give a number from 0 to 100"
            )),
            "{}",
            stderr(&refused)
        );
    }
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
