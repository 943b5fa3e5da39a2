//! What kind of answer is asked for: from the question's form, from a kind asked beside a topic
//! (a weakness asked through leadership, a review or a failing is still a weakness, and a career
//! told or a product liked is an introduction or a motivation whatever word a phrase catches),
//! or from the draft when there is no question; and `eval kinds`, which measures it.

use starcoach::report::AnswerKind;

use crate::util::offline::{SEAT_MAP, critique, critique_engine};
use crate::util::{TestDir, json, run, stderr};

const DRAFT: &str = "I try to improve.";

/// Checks the kind each question is read as, whatever the draft: the kind comes from the
/// question.
#[track_caller]
fn assert_kinds(cases: &[(&str, AnswerKind)]) {
    let e = critique_engine();
    for &(question, kind) in cases {
        assert_eq!(
            critique(&e, DRAFT, Some(question)).answer_kind,
            kind,
            "{question}"
        );
    }
}

#[test]
fn the_question_decides_the_kind() {
    assert_kinds(&[
        (
            "Tell me about a time you disagreed with your manager.",
            AnswerKind::Story,
        ),
        ("What is your greatest weakness?", AnswerKind::Weakness),
        ("Why do you want to work here?", AnswerKind::Motivation),
        (
            "Why are you leaving your current job?",
            AnswerKind::Motivation,
        ),
        ("Why backend rather than frontend?", AnswerKind::Motivation),
        ("Walk me through your resume.", AnswerKind::Introduction),
        ("Tell me about yourself.", AnswerKind::Introduction),
        // A story prompt asks for a story, whatever its topic ("goal" reads as career goal).
        ("Tell me about a goal you didn't meet.", AnswerKind::Story),
        (
            "Walk me through a project from your last job.",
            AnswerKind::Story,
        ),
        // "Hardest" frames a technical challenge; the feedback is what is asked about.
        (
            "What was the toughest piece of feedback you got in a review?",
            AnswerKind::Weakness,
        ),
        (
            "What's the hardest technical problem you've solved?",
            AnswerKind::Story,
        ),
        // Feedback the speaker gives is a story about telling someone, not a weakness.
        (
            "Tell me about a time you had to give difficult feedback to a peer.",
            AnswerKind::Story,
        ),
        (
            "What's the toughest feedback you delivered to a report?",
            AnswerKind::Story,
        ),
        // Read only faintly beside it, feedback given is still no weakness.
        (
            "What feedback have you given a peer lately?",
            AnswerKind::Story,
        ),
    ]);
}

#[test]
fn the_kind_asked_wins_over_a_topic_read_beside_it() {
    assert_kinds(&[
        (
            "What would your reports say you could do better as a lead?",
            AnswerKind::Weakness,
        ),
        ("Where do you tend to fall short?", AnswerKind::Weakness),
        // Read faintly, with nothing read strongly beside it, a weakness still decides.
        (
            "What do people usually tell you to work on?",
            AnswerKind::Weakness,
        ),
        (
            "What development area came up in your last performance review?",
            AnswerKind::Weakness,
        ),
        // "lead" and "product" catch topic phrases; the question asks who you are and why.
        (
            "How did your career lead you to this point?",
            AnswerKind::Introduction,
        ),
        (
            "What excites you about working on our product?",
            AnswerKind::Motivation,
        ),
        // The same topics asked as a story, or as a strength, stay what they were.
        (
            "Tell me about a time you led a team through a crisis.",
            AnswerKind::Story,
        ),
        (
            "What's the hardest bug you've ever fixed?",
            AnswerKind::Story,
        ),
        (
            "Tell me about a time you fell short of a goal.",
            AnswerKind::Story,
        ),
        // A strength is no kind of its own; it falls back to a story, as any question would.
        (
            "What would your manager say is your greatest strength?",
            AnswerKind::Story,
        ),
    ]);
}

#[test]
fn without_a_question_the_draft_decides_the_kind() {
    let e = critique_engine();
    assert_eq!(critique(&e, SEAT_MAP, None).answer_kind, AnswerKind::Story);
    let intro = "I'm a backend engineer with six years at two payment companies, most recently \
                 running the ledger service at Fenwick.";
    assert_eq!(
        critique(&e, intro, None).answer_kind,
        AnswerKind::Introduction
    );
    // The opening is matched as whole words: "I'm always" does not begin "I'm a ...".
    let habit = "I'm always the one who keeps the release checklist, and I run it every Friday.";
    assert_eq!(critique(&e, habit, None).answer_kind, AnswerKind::Story);
    let weakness = "My biggest weakness is that I say yes to too many requests.";
    assert_eq!(
        critique(&e, weakness, None).answer_kind,
        AnswerKind::Weakness
    );
}

#[test]
fn eval_kinds_names_each_question_read_as_another_kind_and_applies_its_bar() {
    let dir = TestDir::new();
    dir.write(
        "kinds.jsonl",
        concat!(
            r#"{"question": "What is your greatest weakness?", "kind": "weakness"}"#,
            "\n",
            r#"{"question": "Tell me about yourself.", "kind": "introduction"}"#,
            "\n\n",
            r#"{"question": "Tell me about a time you missed a deadline.", "kind": "motivation"}"#,
            "\n",
        ),
    );
    // No engine flag: the kind is read offline whatever engine is configured.
    let args = ["eval", "kinds", "kinds.jsonl"];
    let report = concat!(
        "miss line 4: Tell me about a time you missed a deadline.  expected motivation, got story\n",
        "per kind:\n",
        "  story              recall 0/0 (100%)  false alarms 1  precision 0%\n",
        "  weakness           recall 1/1 (100%)  false alarms 0  precision 100%\n",
        "  motivation         recall 0/1 (0%)  false alarms 0  precision 100%\n",
        "  introduction       recall 1/1 (100%)  false alarms 0  precision 100%\n",
        "answer kinds: 2/3 (66.7%)\n",
    );
    dir.check(args).stdout(report).run();
    dir.check(args.iter().chain(&["--min-accuracy", "67"]))
        .code(1)
        .stdout(report)
        .stderr("starcoach: eval: below the bar: accuracy 66.7 % is under 67 %\n")
        .run();
    let report = json(&run(dir.cmd().args(args.iter().chain(&["--json"])), 0));
    assert_eq!(report["right"], 2, "{report:#}");
    assert_eq!(report["accuracy_pct"], 66.7, "{report:#}");
    assert_eq!(report["misses"][0]["got"], "story", "{report:#}");
    assert_eq!(report["per_kind"][2]["kind"], "motivation", "{report:#}");
    assert_eq!(report["per_kind"][2]["recalled"], 0, "{report:#}");
    dir.write(
        "kinds.jsonl",
        "{\"question\": \"Why us?\", \"kind\": \"why\"}\n",
    );
    let out = run(dir.cmd().args(args), 2);
    assert!(stderr(&out).contains("kinds.jsonl:1"), "{}", stderr(&out));
}
