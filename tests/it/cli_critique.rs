//! `starcoach critique` end to end: a draft from a file or stdin, the size limit, the findings
//! of short and "we"-heavy drafts, and `--fail-on`.

use predicates::prelude::*;

use crate::cli_coach::{coach, setup};
use crate::util::finding_codes as codes;
use crate::util::{json, run, stderr};

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
    let from_dash = json(&run(
        coach(&dir, &args)
            .args(["--draft", "-"])
            .write_stdin(dir.read("complete.txt")),
        0,
    ));
    assert_eq!(from_file, from_dash, "--draft - reads stdin");
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
    assert_eq!(codes(&from_file), Vec::<&str>::new(), "{from_file:#}");
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
    assert!(codes(&short).contains(&"too-short"), "{short:#}");
    let we = json(&run(
        &mut coach(&dir, &["critique", "--draft", "we-heavy.txt", "--json"]),
        0,
    ));
    let we_codes = codes(&we);
    assert!(we_codes.contains(&"we-not-i"), "{we:#}");
    assert!(!we_codes.contains(&"too-short"), "{we:#}");
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

/// A one-word answer is "1 word", not "1 words".
#[test]
fn a_one_word_draft_is_counted_in_the_singular() {
    let dir = setup();
    coach(&dir, &["critique"])
        .write_stdin("Yes.")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\n1 word, about 0 s spoken\n"));
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
    assert!(!codes(&report).contains(&"off-question"), "{report:#}");
}
