//! What kind of answer a question asks for when its words name a topic beside the kind: a
//! weakness asked through leadership, a review or a failing is still a weakness.

use starcoach::report::AnswerKind;

use crate::util::offline::{critique, critique_engine};

const DRAFT: &str = "I try to improve.";

#[test]
fn a_weakness_asked_beside_a_topic_is_a_weakness() {
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
        // The same topics asked as a story, or as a strength, stay what they were.
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
