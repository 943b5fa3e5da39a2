//! `starcoach eval postings` end to end: the coach's picks found in the plan, the to-write
//! list, and a bank label that selects no case refused rather than passed.

use predicates::prelude::*;

use crate::cli_coach::{coach, setup};
use crate::util::{TestDir, json, run};

fn write_cases(dir: &TestDir) {
    dir.write(
        "cases.jsonl",
        concat!(
            r#"{"job": "job.md", "bank": "fixture", "expect": ["QB2"], "uncovered": ["Kubernetes"], "forbid_uncovered": ["Northwind"]}"#,
            "\n",
        ),
    );
}

#[test]
fn eval_postings_counts_the_picks_and_the_to_write_list() {
    let dir = setup();
    write_cases(&dir);
    let report = json(&run(
        &mut coach(
            &dir,
            &[
                "eval",
                "postings",
                "cases.jsonl",
                "--bank",
                "fixture",
                "--json",
            ],
        ),
        0,
    ));
    assert_eq!(
        report["postings"].as_array().map(Vec::len),
        Some(1),
        "{report:#}"
    );
    assert_eq!(report["picks_found"], 1, "{report:#}");
    assert_eq!(report["uncovered_found"], 1, "{report:#}");
    assert_eq!(report["forbidden_found"], 0, "{report:#}");
}

/// A misspelt `--bank` would run no case and pass every bar; it is an error naming the labels
/// the file has.
#[test]
fn eval_postings_refuses_a_bank_no_case_is_labelled_for() {
    let dir = setup();
    write_cases(&dir);
    coach(
        &dir,
        &[
            "eval",
            "postings",
            "cases.jsonl",
            "--bank",
            "fixtur",
            "--min-picks",
            "90",
        ],
    )
    .assert()
    .code(2)
    .stdout("")
    .stderr(predicate::str::contains(
        "cases.jsonl has no cases labelled for bank `fixtur`; its cases are for: fixture",
    ));
}
