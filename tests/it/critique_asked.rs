//! What kind of answer a question asks for when its words name a topic beside the kind: a
//! weakness asked through leadership, a review or a failing is still a weakness, and a career
//! told or a product liked is an introduction or a motivation whatever word a phrase catches;
//! and `eval kinds`, which measures it.

use starcoach::report::AnswerKind;

use crate::util::offline::{critique, critique_engine};
use crate::util::{TestDir, run, stderr};

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
    let args = ["--engine", "offline", "eval", "kinds", "kinds.jsonl"];
    dir.check(args)
        .stdout(concat!(
            "miss line 4: Tell me about a time you missed a deadline.  expected motivation, got story\n",
            "per kind:\n",
            "  story              recall 0/0 (100%)  read as it otherwise 1  precision 0%\n",
            "  weakness           recall 1/1 (100%)  read as it otherwise 0  precision 100%\n",
            "  motivation         recall 0/1 (0%)  read as it otherwise 0  precision 100%\n",
            "  introduction       recall 1/1 (100%)  read as it otherwise 0  precision 100%\n",
            "answer kinds: 2/3 (66.7%)\n",
        ))
        .run();
    dir.check(args.iter().chain(&["--min-accuracy", "67"]))
        .code(1)
        .stdout(concat!(
            "miss line 4: Tell me about a time you missed a deadline.  expected motivation, got story\n",
            "per kind:\n",
            "  story              recall 0/0 (100%)  read as it otherwise 1  precision 0%\n",
            "  weakness           recall 1/1 (100%)  read as it otherwise 0  precision 100%\n",
            "  motivation         recall 0/1 (0%)  read as it otherwise 0  precision 100%\n",
            "  introduction       recall 1/1 (100%)  read as it otherwise 0  precision 100%\n",
            "answer kinds: 2/3 (66.7%)\n",
        ))
        .stderr("starcoach: eval: below the bar\n")
        .run();
    dir.write(
        "kinds.jsonl",
        "{\"question\": \"Why us?\", \"kind\": \"why\"}\n",
    );
    let out = run(dir.cmd().args(args), 2);
    assert!(stderr(&out).contains("kinds.jsonl:1"), "{}", stderr(&out));
}
