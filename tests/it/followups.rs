//! The offline engine's follow-up questions for a story or a draft, through the library API.

use starcoach::engine::offline::{OfflineEngine, Settings};
use starcoach::engine::{EngineError, FollowupsRequest};
use starcoach::report::Target;
use starcoach::story::Section;

use crate::util::offline::{
    MISTAKE, NO_ACTION, SEAT_MAP, SHORT, VISION, WE_HEAVY, WE_HEAVY_AS_MINE, bank, engine,
    engine_with,
};

fn followups_for(
    e: &OfflineEngine,
    story: Option<&str>,
    draft: Option<&str>,
    question: Option<&str>,
) -> Result<Vec<starcoach::report::Followup>, EngineError> {
    e.followups_report(&FollowupsRequest {
        story: story.map(str::to_string),
        draft: draft.map(str::to_string),
        question: question.map(str::to_string),
    })
    .map(|r| r.followups)
}

#[test]
fn followups_number_three_to_six() {
    let plain = engine();
    let visioned = engine_with(bank(), Some(VISION), Settings::default());
    let questions = [
        None,
        Some("Tell me about a time you failed."),
        Some("Tell me about a conflict with a coworker."),
    ];
    for e in [&plain, &visioned] {
        for q in questions {
            for entry in bank() {
                let f = followups_for(e, Some(&entry.id), None, q).unwrap();
                assert!(
                    (3..=6).contains(&f.len()),
                    "{}: {} follow-ups",
                    entry.id,
                    f.len()
                );
            }
            for draft in [
                SHORT,
                NO_ACTION,
                WE_HEAVY,
                MISTAKE,
                SEAT_MAP,
                "Um, I did stuff.",
            ] {
                let f = followups_for(e, None, Some(draft), q).unwrap();
                assert!(
                    (3..=6).contains(&f.len()),
                    "{draft}: {} follow-ups",
                    f.len()
                );
                for item in &f {
                    assert!(!item.question.is_empty() && !item.why.is_empty());
                }
            }
        }
    }
}

#[test]
fn followups_ask_for_numbers_when_the_result_has_none() {
    let e = engine();
    // OR4's result ("started passing review on the first round") has no number.
    let f = followups_for(&e, Some("OR4"), None, None).unwrap();
    let at = f.iter().position(|x| x.targets == Target::Metrics);
    assert!(matches!(at, Some(0 | 1)), "{f:?}");
    // OR1's result has one ("3 months later"): no metrics probe.
    let f = followups_for(&e, Some("OR1"), None, None).unwrap();
    assert!(f.iter().all(|x| x.targets != Target::Metrics), "{f:?}");
}

/// "How big was this?" is asked only of an answer that never says how many people or things
/// it touched.
#[test]
fn followups_ask_the_scope_only_when_the_answer_gives_none() {
    let e = engine();
    let unsized_ = "Our checkout kept timing out at peak. I owned the fix. I profiled the \
        service, found a slow query and rewrote it with an index. Checkout stopped timing out. \
        I learned to profile before guessing.";
    let sized = unsized_.replace(
        "Our checkout kept timing out at peak.",
        "Our checkout kept timing out at peak for about 4,000 shops.",
    );
    let targets = |draft: &str| -> Vec<Target> {
        let f = followups_for(&e, None, Some(draft), None).unwrap();
        assert!((3..=6).contains(&f.len()), "{f:?}");
        f.iter().map(|x| x.targets).collect()
    };
    assert!(targets(unsized_).contains(&Target::Scope));
    assert!(!targets(&sized).contains(&Target::Scope));
}
#[test]
fn followups_ask_whether_a_stated_lesson_stuck_not_for_it_again() {
    let e = engine();
    let learned = "Our checkout kept timing out at peak for about 4,000 shops. I owned the fix. \
        I profiled the service, found a slow query and rewrote it with an index. Checkout \
        stopped timing out. I learned to profile before guessing.";
    let on_learned = |draft: &str| -> Vec<String> {
        let f = followups_for(&e, None, Some(draft), None).unwrap();
        assert!((3..=6).contains(&f.len()), "{f:?}");
        f.into_iter()
            .filter(|x| x.targets == Target::Learned)
            .map(|x| x.question)
            .collect()
    };
    assert_eq!(
        on_learned(learned),
        ["Where have you put that lesson to use since?"]
    );
    let unlearned = learned.replace(" I learned to profile before guessing.", "");
    assert_eq!(
        on_learned(&unlearned),
        ["What would you do differently next time?"]
    );
}

#[test]
fn followups_ask_a_we_heavy_draft_for_the_speaker_part() {
    let e = engine();
    let f = followups_for(&e, None, Some(WE_HEAVY), None).unwrap();
    assert!(
        f.iter()
            .any(|x| x.targets == Target::Action && x.question.to_lowercase().contains("your part")),
        "{f:?}"
    );
    let mine = WE_HEAVY_AS_MINE.to_string();
    let f = followups_for(&e, None, Some(&mine), None).unwrap();
    assert!(
        f.iter()
            .all(|x| !x.question.to_lowercase().contains("your part")),
        "{f:?}"
    );
    // One "we" is not "a lot": a draft whose only step is the team's is asked for the
    // speaker's own without being told it said "we" too often.
    let once = "I had a disagreement with someone once. We talked about it and it was fine.";
    let f = followups_for(&e, None, Some(once), None).unwrap();
    let action: Vec<&str> = f
        .iter()
        .filter(|x| x.targets == Target::Action)
        .map(|x| x.question.as_str())
        .collect();
    assert_eq!(
        action,
        ["What did you do yourself, as opposed to the team?"],
        "{f:?}"
    );
}

#[test]
fn followups_probe_the_lesson_of_a_story_without_learned() {
    let e = engine();
    // PT3 has no Learned section.
    let f = followups_for(&e, Some("PT3"), None, None).unwrap();
    assert_eq!(f[0].targets, Target::Learned, "{f:?}");
    // The same story with a lesson gets probed elsewhere first.
    let mut entries = bank();
    let pt3 = entries.iter_mut().find(|e| e.id == "PT3").unwrap();
    pt3.sections.push(Section {
        name: "Learned".into(),
        text: "- Certificates need an owner and an alert, like any other dependency".into(),
    });
    let e = engine_with(entries, None, Settings::default());
    let f = followups_for(&e, Some("PT3"), None, None).unwrap();
    assert_ne!(f[0].targets, Target::Learned, "{f:?}");
}

#[test]
fn followups_probe_the_vision_when_there_is_one() {
    let e = engine_with(bank(), Some(VISION), Settings::default());
    let f = followups_for(&e, Some("PT1"), None, None).unwrap();
    assert!(f.iter().any(|x| x.targets == Target::Vision), "{f:?}");
    let f = followups_for(&engine(), Some("PT1"), None, None).unwrap();
    assert!(f.iter().all(|x| x.targets != Target::Vision), "{f:?}");
}

#[test]
fn followups_reject_unknown_stories_and_bad_requests() {
    let e = engine();
    match followups_for(&e, Some("NOPE9"), None, None) {
        Err(EngineError::UnknownStory(id)) => assert_eq!(id, "NOPE9"),
        other => panic!("expected UnknownStory, got {other:?}"),
    }
    for (story, draft) in [
        (Some("OR1"), Some(WE_HEAVY)),
        (None, None),
        (None, Some("  ")),
    ] {
        let err = followups_for(&e, story, draft, None).unwrap_err();
        assert!(
            matches!(err, EngineError::BadRequest(_)),
            "{story:?}/{draft:?}: {err:?}"
        );
    }
}
