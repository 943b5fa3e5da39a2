//! The offline engine's ranking (`match`) through the library API, on the fixture bank of
//! `util::offline`: the obvious entry first for many phrasings, scores, reasons and `top`.

use starcoach::engine::offline::{OfflineEngine, Settings};
use starcoach::engine::{EngineError, MatchRequest};
use starcoach::story::Kind;

use crate::util::offline::{bank, engine, engine_with, entry, story, titled};

fn ranked(e: &OfflineEngine, question: &str, top: Option<usize>) -> Vec<starcoach::report::Match> {
    e.match_report(&MatchRequest {
        question: question.into(),
        top,
    })
    .expect("match")
    .matches
}

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

/// "job" in a title ("A backfill job I launched...") is the career frame of the question
/// ("why leave your job"), not its topic: the entry does not answer it.
#[test]
fn a_frame_noun_shared_with_a_title_is_not_a_match() {
    let fixture = crate::util::llm::bank();
    let e = engine_with(fixture.entries().to_vec(), None, Settings::default());
    assert!(ranked(&e, "Why are you leaving your current job?", None).is_empty());
    assert!(ranked(&e, "What do you want from your next role?", None).is_empty());
    let backfill = ranked(
        &e,
        "Tell me about the backfill job that overwrote data",
        None,
    );
    assert_eq!(backfill.first().map(|m| m.id.as_str()), Some("HL1"));
}

#[test]
fn a_why_question_is_not_answered_by_a_story_that_only_names_the_same_thing() {
    let e = engine();
    // "Seat-map" is in a story's title, and the story is not why the candidate wants anything.
    assert!(ranked(&e, "Why seat-map?", Some(5)).is_empty());
    // The prepared "Why Rust" answer still answers its question.
    assert_eq!(ranked(&e, "Why Rust?", Some(5))[0].id, "why-rust");
    // Asked for a story, the same word does make the story fit, also when it asks why too.
    for question in [
        "Tell me about the seat-map work.",
        "Have you ever rebuilt a seat-map? Walk me through why and how.",
    ] {
        assert!(
            ranked(&e, question, Some(5))
                .iter()
                .any(|m| m.id == "PT1" || m.id == "PT2"),
            "{question}"
        );
    }
}

/// A bank with a learning-fast story that starts "from scratch", a teamwork story and an
/// observability story "across" the fleet: the words a question about a topic the bank lacks
/// shares with them by chance.
fn near_topics_bank() -> Vec<starcoach::story::Entry> {
    vec![
        titled(
            story(
                "LRN",
                &["Quick Learn"],
                &[
                    (
                        "Situation",
                        "We needed a billing service and nobody knew Elixir.",
                    ),
                    (
                        "Action",
                        "I learned Elixir in two weeks and built the service from scratch.",
                    ),
                    ("Result", "It went live in a month."),
                ],
            ),
            "Learned Elixir in two weeks for a billing service",
            None,
            &[],
        ),
        titled(
            story(
                "TMW",
                &["Teamwork"],
                &[
                    (
                        "Situation",
                        "An outage needed the database, network and app teams at once.",
                    ),
                    (
                        "Action",
                        "I ran the bridge call and split the work between the teams.",
                    ),
                    ("Result", "Service was back in forty minutes."),
                ],
            ),
            "Ran the bridge call through a database outage",
            None,
            &[],
        ),
        titled(
            story(
                "OBS",
                &["Observability"],
                &[
                    ("Action", "I added tracing to every service."),
                    ("Result", "Alerts fell by half."),
                ],
            ),
            "Rolled out tracing across the fleet",
            None,
            &[],
        ),
    ]
}

/// Hiring, managing reports, time zones and vendors are competencies of their own: a question
/// about one of them is not answered by a story that only shows a neighbour ("from scratch" is
/// learning fast, a bridge call is teamwork, "across" is no topic at all), and the advice
/// names what the question reads as.
#[test]
fn a_topic_the_bank_lacks_is_not_answered_by_a_neighbouring_competency() {
    let e = engine_with(near_topics_bank(), None, Settings::default());
    for (question, reads_as) in [
        (
            "Tell me about a time you hired and built out a team from scratch.",
            "hiring",
        ),
        (
            "Tell me about a time you worked with a team spread across many time zones.",
            "remote",
        ),
        (
            "Describe a time you negotiated a contract with an outside vendor.",
            "negotiation",
        ),
        (
            "Tell me about a time two of your direct reports couldn't get along.",
            "managing people",
        ),
    ] {
        let report = e
            .match_report(&MatchRequest {
                question: question.into(),
                top: None,
            })
            .expect("match");
        assert!(
            report.matches.is_empty(),
            "{question}: {:?}",
            report.matches
        );
        let advice = report.advice.unwrap_or_default();
        assert!(advice.contains(reads_as), "{question}: {advice}");
    }
    // The neighbours still answer their own questions.
    for (question, id) in [
        (
            "Tell me about a time you had to learn something new quickly.",
            "LRN",
        ),
        (
            "Tell me about a time you worked with other teams to fix a problem.",
            "TMW",
        ),
    ] {
        assert_eq!(
            ranked(&e, question, None).first().map(|m| m.id.as_str()),
            Some(id),
            "{question}"
        );
    }
}

/// "Time Management" is a category of deadlines and priorities, not of managing people: such
/// an entry does not answer a question about one-on-ones with reports.
#[test]
fn a_time_management_entry_does_not_answer_a_people_management_question() {
    let e = engine_with(
        vec![story(
            "TM1",
            &["Time Management"],
            &[
                ("Situation", "Three launches landed in the same sprint."),
                (
                    "Action",
                    "I ranked them by revenue at risk and moved one a week.",
                ),
                ("Result", "All three shipped within nine days."),
            ],
        )],
        None,
        Settings::default(),
    );
    let question = "How do you run one-on-ones and performance reviews with your direct reports?";
    assert!(ranked(&e, question, None).is_empty(), "{question}");
    let question = "Tell me about a time you had too many priorities at once.";
    assert_eq!(
        ranked(&e, question, None).first().map(|m| m.id.as_str()),
        Some("TM1")
    );
}

/// How hard a question's topic was ("difficult", "tough") is no topic of its own: a story
/// filed under "Difficult Decision" does not answer a difficult conversation with a landlord
/// because the category shares the word.
#[test]
fn a_word_of_difficulty_in_a_category_is_no_match() {
    let e = engine_with(
        vec![story(
            "DD1",
            &["Difficult Decision"],
            &[
                (
                    "Situation",
                    "Our image service could either shard by tenant or move to a queue.",
                ),
                (
                    "Action",
                    "I picked sharding because the queue doubled our operating cost.",
                ),
                ("Result", "Upload latency fell by half within the quarter."),
            ],
        )],
        None,
        Settings::default(),
    );
    for question in [
        "Tell me about a difficult conversation you had with a landlord.",
        "Tell me about a tough crossword you finished.",
    ] {
        assert!(ranked(&e, question, None).is_empty(), "{question}");
    }
    let question = "Tell me about a difficult decision you made.";
    assert_eq!(
        ranked(&e, question, None).first().map(|m| m.id.as_str()),
        Some("DD1")
    );
}
