//! The offline engine's ranking (`match`) through the library API, on the fixture bank of
//! `util::offline`: the obvious entry first for many phrasings, scores, reasons and `top`.

use starcoach::engine::offline::Settings;
use starcoach::engine::{EngineError, MatchRequest};
use starcoach::story::Kind;

use crate::util::offline::{bank, engine, engine_with, entry, ranked, story, titled};

const OBVIOUS: &[(&str, &[&str])] = &[
    (
        "OR1",
        &[
            "Tell me about a time you disagreed with a colleague.",
            "Describe a conflict with a coworker and how you resolved it.",
            "Have you ever pushed back on a technical decision?",
            "How do you handle disagreement with a senior engineer?",
            "Describe a situation where you had to carry out a plan you didn't agree with.",
        ],
    ),
    (
        "OR2",
        &[
            "Tell me about a time you failed.",
            "What's the biggest mistake you've made at work?",
            "Describe a project that didn't go as planned.",
            "Tell me about something of yours that didn't turn out the way you hoped.",
            "Can you give an example of a call you made that backfired?",
        ],
    ),
    (
        "weakness-negative-feedback",
        &[
            "What is your greatest weakness?",
            "Tell me about some negative feedback you received.",
            "What is an area you need to improve?",
            "What would your manager say is your weakest area?",
            "Would you call yourself a perfectionist? When has it held you back?",
        ],
    ),
    (
        "OR3",
        &[
            "Tell me about a time you led a team.",
            "Give me an example of your leadership.",
            "Describe a time you took the lead on a project.",
        ],
    ),
    (
        "why-rust",
        &[
            "Why Rust?",
            "Why did you choose Rust?",
            "What made you pick Rust for your services?",
            "What draws you to Rust?",
            "Your services are all written in Rust. Why?",
        ],
    ),
    (
        "why-left-consulting",
        &[
            "Why did you leave consulting?",
            "What made you leave consulting?",
            "You spent years consulting before this. Why did you leave?",
        ],
    ),
    (
        "introduction",
        &[
            "Tell me about yourself.",
            "Walk me through your background.",
            "Could you introduce yourself?",
            "Give me a quick overview of who you are and what you're doing now.",
        ],
    ),
    (
        "my-questions",
        &[
            "Do you have any questions for us?",
            "Is there anything you'd like to ask me?",
            "What questions do you have for me?",
            "Before we wrap up, is there anything you want to know about the team?",
        ],
    ),
];

#[test]
fn match_ranks_the_obvious_entry_first_for_many_phrasings() {
    let e = engine();
    for (id, questions) in OBVIOUS {
        for q in *questions {
            let matches = ranked(&e, q, None);
            assert_eq!(
                matches[0].id,
                *id,
                "{q}: {:?}",
                matches.iter().map(|m| (&m.id, m.score)).collect::<Vec<_>>()
            );
            assert!(
                !matches[0].why.is_empty(),
                "{q}: the best match needs a why"
            );
        }
    }
}

#[test]
fn match_scores_are_between_zero_and_one_and_sorted() {
    let e = engine();
    for q in OBVIOUS.iter().flat_map(|(_, qs)| qs.iter()) {
        let matches = ranked(&e, q, Some(100));
        for m in &matches {
            assert!(
                (0.0..=1.0).contains(&m.score),
                "{q}: {} scored {}",
                m.id,
                m.score
            );
        }
        for pair in matches.windows(2) {
            assert!(pair[0].score >= pair[1].score, "{q}: not sorted");
        }
    }
}

#[test]
fn match_entries_that_fit_say_why() {
    // Above what the story bonus alone gives (0.231), a score comes from something `why` can name.
    let e = engine();
    for q in OBVIOUS.iter().flat_map(|(_, qs)| qs.iter()) {
        for m in ranked(&e, q, Some(3)).iter().filter(|m| m.score > 0.35) {
            assert!(!m.why.is_empty(), "{q}: {} ({}) has no why", m.id, m.score);
        }
    }
}

#[test]
fn match_every_match_has_a_why() {
    let e = engine();
    for q in OBVIOUS.iter().flat_map(|(_, qs)| qs.iter()) {
        for m in ranked(&e, q, None) {
            assert!(
                !m.why.is_empty(),
                "{q}: {} (score {}) has an empty why",
                m.id,
                m.score
            );
        }
    }
}

#[test]
fn match_respects_top() {
    let e = engine();
    // Two entries of the fixture bank answer it, fewer than the bank holds.
    let q = "Tell me about a time you delivered under a tight deadline.";
    assert_eq!(ranked(&e, q, Some(1)).len(), 1);
    // Only the entries that answer it are listed, however many are asked for.
    let all = ranked(&e, q, Some(100));
    assert!(all.len() >= 2 && all.len() < bank().len(), "{}", all.len());
    assert_eq!(ranked(&e, q, Some(2)).len(), 2);
    assert_eq!(
        ranked(&e, q, None).len(),
        all.len().min(Settings::default().top)
    );
    // The first of a longer list is the same entry.
    assert_eq!(ranked(&e, q, Some(1))[0].id, ranked(&e, q, Some(100))[0].id);
}

#[test]
fn match_rejects_an_empty_question() {
    let e = engine();
    for question in ["", "  \n "] {
        let err = e
            .match_report(&MatchRequest {
                question: question.into(),
                top: None,
            })
            .unwrap_err();
        assert!(matches!(err, EngineError::BadRequest(_)), "{err:?}");
    }
}

#[test]
fn match_tell_me_is_not_feedback_someone_told_me() {
    let e = engine();
    for q in [
        "Tell me about a project you worked on.",
        "Tell me about a project you are proud of.",
    ] {
        if let Some(top) = ranked(&e, q, None).first() {
            assert_ne!(top.id, "weakness-negative-feedback", "{q}: {:?}", top.why);
        }
    }
}

#[test]
fn match_a_stray_signal_word_does_not_outweigh_the_entrys_own_tags() {
    let entries = vec![
        story(
            "DD1",
            &["Difficult Decision"],
            &[(
                "Action",
                "- I decided to run the staging cluster on spot nodes",
            )],
        ),
        entry(
            "why-tu-delft",
            Kind::Answer,
            "Why TU Delft",
            &["Why TU Delft"],
            &["master's degree", "university"],
            &[("Points", "- The part-time programme let me keep my job")],
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    let top = &ranked(
        &e,
        "Why did you decide to do a master's degree while working?",
        None,
    )[0];
    assert_eq!(top.id, "why-tu-delft", "{:?}", top.why);
}

/// Finding a bug's cause is a competency of its own: a story of reading dumps to a root cause
/// answers "the nastiest bug", not a weakness story that only shares the word "bug", nor the
/// bank's "Technically Challenging" story.
#[test]
fn match_a_bug_hunt_is_answered_by_the_story_that_finds_a_cause() {
    let entries = vec![
        titled(
            story(
                "CRASH",
                &["Teamwork"],
                &[
                    (
                        "Situation",
                        "- The booking server crashed twice a week under load",
                    ),
                    (
                        "Action",
                        "- Read the thread dumps and heap dumps from each crash\n- Found the root cause: a pool that never released its connections",
                    ),
                    ("Result", "- No crash in the six months since"),
                ],
            ),
            "Troubleshot a booking server that crashed under load",
            None,
            &[],
        ),
        story(
            "weakness-reviews",
            &["Weakness / Negative Feedback"],
            &[
                (
                    "Weakness",
                    "- I chased every small bug down in code reviews",
                ),
                ("Result", "- Merges took days longer than they should have"),
            ],
        ),
        story(
            "STREAM",
            &["Technically Challenging"],
            &[(
                "Action",
                "- Built a real-time log stream with Redis and object storage",
            )],
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    for q in [
        "What's the nastiest bug you've ever hunted down?",
        "Walk me through the trickiest bug you tracked down. How did you find it?",
    ] {
        let top = &ranked(&e, q, None)[0];
        assert_eq!(top.id, "CRASH", "{q}: {:?}", top.why);
    }
}

/// The words a match is explained by are words the entry says: a story linked to a competency
/// by its title is not said to hold the competency's other words.
#[test]
fn match_words_in_why_are_the_entrys_own() {
    let entries = vec![
        entry(
            "CACHE",
            Kind::Story,
            "Shipped a cache change that broke appointment reminders",
            &["Failure"],
            &[],
            &[(
                "Action",
                "- I rolled the change back and added a replay test",
            )],
        ),
        story(
            "P99",
            &["Ownership"],
            &[("Result", "- Cut p99 latency from 900 ms to 220 ms")],
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    let matches = ranked(&e, "Tell me about a time you reduced latency.", None);
    let why = |id: &str| {
        matches
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.why.join("; "))
            .unwrap_or_else(|| panic!("{id} is not ranked: {matches:?}"))
    };
    assert!(why("P99").contains("words: latency"), "{}", why("P99"));
    assert!(!why("CACHE").contains("latency"), "{}", why("CACHE"));
}
