//! No panic on any input: arbitrary Unicode through every text entry point of the library
//! (posting reading, match, questions, tailor, follow-ups, the native format, the seed import),
//! and the limits that keep a hostile input from costing more than a bounded amount.

use proptest::prelude::*;
use starcoach::engine::offline::OfflineEngine;
use starcoach::engine::{
    EngineError, FollowupsRequest, MatchRequest, QuestionsRequest, TailorRequest,
};
use starcoach::server::ServerOptions;
use starcoach::story::{parse_entry, seed};

use crate::util::offline::engine;

/// Text a job page might hold: any Unicode, with the marks postings are made of mixed in.
fn posting() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "\\PC{0,40}",
        Just("\n• ".to_string()),
        Just("\n- ".to_string()),
        Just("\n## What you’ll do\n".to_string()),
        Just("<li>&amp; “quoted”</li>".to_string()),
        Just("\u{a0}".to_string()),
        Just("experience with ".to_string()),
        Just("Benefits:\n".to_string()),
        Just("\n🚀 ".to_string()),
        Just("\n✅ You ".to_string()),
        Just("<li>1. ".to_string()),
        Just("\nLocation: Brooklyn, NY".to_string()),
        Just("\nAbout the job\n".to_string()),
        Just(", you mentor ".to_string()),
        Just("tap “Book”".to_string()),
    ];
    proptest::collection::vec(piece, 1..30).prop_map(|p| p.concat())
}

fn ok_or_refused<T>(result: Result<T, EngineError>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) | Err(EngineError::BadRequest(_)) | Err(EngineError::TooLarge { .. }) => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("unexpected error: {e}"))),
    }
}

fn offline() -> &'static OfflineEngine {
    static ENGINE: std::sync::OnceLock<OfflineEngine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(engine)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn any_posting_reads_into_questions_and_a_plan(job in posting()) {
        let e = offline();
        ok_or_refused(e.questions_report(&QuestionsRequest { job: job.clone(), count: None }))?;
        let plan = e.tailor_report(&TailorRequest {
            job,
            count: None,
            max_reuse: None,
            target_seconds: None,
        });
        if let Ok(plan) = &plan {
            for u in &plan.uncovered {
                prop_assert!(!u.requirement.trim().is_empty());
            }
        }
        ok_or_refused(plan)?;
    }

    #[test]
    fn any_question_matches_without_panic(question in "\\PC{0,200}", top in 0usize..200) {
        let report = offline().match_report(&MatchRequest { question, top: Some(top) });
        if let Ok(r) = &report {
            prop_assert!(r.matches.len() <= top);
            prop_assert!(r.matches.iter().all(|m| (0.0..=1.0).contains(&m.score)));
        }
        ok_or_refused(report)?;
    }

    #[test]
    fn any_draft_gets_followups(draft in "\\PC{0,300}", question in proptest::option::of("\\PC{0,60}")) {
        ok_or_refused(offline().followups_report(&FollowupsRequest {
            story: None,
            draft: Some(draft),
            question,
        }))?;
    }

    #[test]
    fn any_file_is_an_entry_or_an_error_with_a_line(text in "\\PC{0,400}") {
        if let Err(e) = parse_entry(&format!("+++\n{text}")) {
            prop_assert!(e.line >= 1);
        }
        let _ = parse_entry(&text);
    }

    #[test]
    fn any_document_imports_or_is_refused(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = seed::import_bytes(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        let table = format!("---\ntitle: x\n---\n<table><tr><td>{text}</td><td><ul><li><strong>Summary:</strong> {text}</li></ul></td></tr></table>");
        let _ = seed::import_bytes(table.as_bytes());
    }
}

#[test]
fn the_server_token_never_shows_in_debug_output() {
    let options = ServerOptions {
        token: Some("s3cret-token".into()),
        ..Default::default()
    };
    let shown = format!("{options:?}");
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
}

#[test]
fn a_phrase_found_near_wide_characters_does_not_split_them() {
    // Found by the property test above: a lexicon phrase's window ended inside a four-byte
    // character. The posting must read, and the plan come back.
    let job = "# Role\n- & \"quoted\" experience with a`\u{1b0fe}1\u{1f0b7}b=c\u{a7d1}\u{11bcc}\u{b09}\u{1d2e3} \u{10e7e}*\u{128b}\u{1f0ae}<\u{469}sx*\u{e2}<r1\u{fb}\n";
    let plan = offline()
        .tailor_report(&TailorRequest {
            job: job.into(),
            count: None,
            max_reuse: None,
            target_seconds: None,
        })
        .expect("a plan");
    assert!(!plan.questions.is_empty());
}
