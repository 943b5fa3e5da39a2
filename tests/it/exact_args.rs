//! Exact output of mistakes on the command line: each says which flag and what it takes, and
//! exits 2 before anything is read or written.

use crate::util::TestDir;

/// A count of 0 or a word where a count goes names the flag and what it takes.
#[test]
fn a_count_must_be_a_whole_number_of_one_or_more() {
    let dir = TestDir::with_bank();
    dir.check([
        "--stories",
        "bank",
        "match",
        "--top",
        "0",
        "Tell me about a failure.",
    ])
    .code(2)
    .stderr(
        "starcoach: error: invalid value '0' for '--top <TOP>': must be 1 or more

For more information, try '--help'.
",
    )
    .run();
    dir.check(["--stories", "bank", "questions", "--job", "job.md", "--count", "ten"])
        .code(2)
        .stderr(
            "starcoach: error: invalid value 'ten' for '--count <COUNT>': `ten` is not a whole number; give 1 or more

For more information, try '--help'.
",
        )
        .run();
}

/// A talk-track target out of range is refused by its flag, not by a config key's name.
#[test]
fn a_target_time_out_of_range_names_the_flag() {
    let dir = TestDir::with_bank();
    dir.check([
        "--stories",
        "bank",
        "tailor",
        "--job",
        "job.md",
        "--target-seconds",
        "5",
    ])
    .code(2)
    .stderr(
        "starcoach: error: invalid value '5' for '--target-seconds <SECONDS>': 5 is not in 10..=600

For more information, try '--help'.
",
    )
    .run();
}

/// Follow-ups need a story or a draft, and the error offers both.
#[test]
fn followups_ask_for_a_story_or_a_draft() {
    let dir = TestDir::with_bank();
    dir.check(["--stories", "bank", "followups"])
        .code(2)
        .stderr(
            "starcoach: error: the following required arguments were not provided:
  <--story <STORY>|--draft <FILE>>

Usage: starcoach followups <--story <STORY>|--draft <FILE>>

For more information, try '--help'.
",
        )
        .run();
}

/// An empty stdin names the flag of the command that reads it: `--answer` for practice.
#[test]
fn an_empty_answer_on_stdin_names_the_answer_flag() {
    let dir = TestDir::with_bank();
    dir.check(["--stories", "bank", "--json", "practice", "--question", "Tell me about a failure.", "--answer", "-"])
        .stdin("  \n")
        .code(2)
        .stderr("starcoach: error: the answer on stdin is empty: pipe an answer in, or pass --answer FILE\n")
        .run();
    dir.check(["--stories", "bank", "critique"])
        .stdin("")
        .code(2)
        .stderr("starcoach: error: the draft on stdin is empty: pipe a draft in, or pass --draft FILE\n")
        .run();
}

/// A posting or a draft of emoji and symbols alone is refused, naming the file or stdin.
#[test]
fn text_with_no_words_is_refused_naming_where_it_came_from() {
    let dir = TestDir::with_bank();
    dir.write("emoji.md", "🚀🚀🚀 🎉\n✨ — ✨\n");
    dir.check(["--stories", "bank", "tailor", "--job", "emoji.md"])
        .code(2)
        .stderr("starcoach: error: job description emoji.md has no words in it, only symbols or emoji: give the text itself\n")
        .run();
    dir.check(["--stories", "bank", "critique"])
        .stdin("👍👍\n")
        .code(2)
        .stderr("starcoach: error: the draft on stdin has no words in it, only symbols or emoji: give the text itself\n")
        .run();
    // A question of emoji alone is refused as `match` refuses it, whatever the draft.
    dir.check(["--stories", "bank", "critique", "--question", "🙂 ?"])
        .stdin("I led the migration and it went well.\n")
        .code(2)
        .stderr("starcoach: error: question has no words in it, only symbols or emoji: give the text to work on\n")
        .run();
    // With a story named too, before the card is shown and an answer typed.
    dir.check(["--stories", "bank", "practice", "--question", "🚀", "--story", "HL1", "--next"])
        .code(2)
        .stderr("starcoach: error: question has no words in it, only symbols or emoji: give the text to work on\n")
        .run();
}

/// Zero-width spaces and a byte-order mark alone are as blank as spaces: an empty question or
/// draft, and no question at all to a critique.
#[test]
fn invisible_marks_alone_are_blank() {
    let dir = TestDir::with_bank();
    let invisible = "\u{200B}\u{FEFF} \u{2060}";
    dir.check(["--stories", "bank", "match", invisible])
        .code(2)
        .stderr("starcoach: error: question is empty: give the text to work on\n")
        .run();
    dir.write("blank.txt", format!("{invisible}\n"));
    dir.check(["--stories", "bank", "critique", "--draft", "blank.txt"])
        .code(2)
        .stderr("starcoach: error: draft blank.txt is empty\n")
        .run();
    let asked = crate::util::run(
        dir.cmd()
            .args([
                "--stories",
                "bank",
                "--json",
                "critique",
                "--question",
                invisible,
            ])
            .write_stdin("I led the migration of our billing database and cut latency by 40%."),
        0,
    );
    assert!(crate::util::json(&asked).get("question").is_none());
}

/// A usage error reads like every other error ("starcoach: error: ..."); the help shown when no
/// command is given is help, not an error, and keeps its own first line.
#[test]
fn a_usage_error_is_prefixed_and_the_help_for_no_command_is_not() {
    let dir = TestDir::with_bank();
    let out = crate::util::run(dir.cmd().arg("matchx"), 2);
    let err = crate::util::stderr(&out);
    assert!(
        err.starts_with("starcoach: error: unrecognized subcommand 'matchx'"),
        "{err}"
    );
    let out = crate::util::run(&mut dir.cmd(), 2);
    let help = crate::util::stderr(&out);
    assert!(help.starts_with("Your interview stories"), "{help}");
    assert!(help.contains("Usage: starcoach"), "{help}");
}
