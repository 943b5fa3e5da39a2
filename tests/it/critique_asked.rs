//! What kind of answer a question asks for when its words name a topic beside the kind: a
//! weakness asked through leadership, a review or a failing is still a weakness, and a career
//! told or a product liked is an introduction or a motivation whatever word a phrase catches;
//! and `eval kinds`, which measures it.

use starcoach::report::AnswerKind;

use crate::util::offline::{critique, critique_engine};
use crate::util::{TestDir, json, run, stderr};

const DRAFT: &str = "I try to improve.";

#[test]
fn the_kind_asked_wins_over_a_topic_read_beside_it() {
    let e = critique_engine();
    for (question, kind) in [
        (
            "What would your reports say you could do better as a lead?",
            AnswerKind::Weakness,
        ),
        ("Where do you tend to fall short?", AnswerKind::Weakness),
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
        (
            "Tell me about a time you had to give difficult feedback to a peer.",
            AnswerKind::Story,
        ),
    ] {
        assert_eq!(
            critique(&e, DRAFT, Some(question)).answer_kind,
            kind,
            "{question}"
        );
    }
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
        .stderr("starcoach: eval: below the bar\n")
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
