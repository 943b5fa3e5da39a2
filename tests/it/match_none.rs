//! When no entry answers (`match` through the library API): a word every question of its kind
//! carries, a topic the bank lacks beside one it has, or how hard the thing was, shared with an
//! entry's title or category, is no match.

use starcoach::engine::MatchRequest;
use starcoach::engine::offline::Settings;

use crate::util::offline::{engine, engine_with, ranked, story, titled};

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
        let advice = advice_when_nothing_fits(&e, question);
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

/// "What would you do if...?" and "Do you think...?" ask how the candidate would act or what
/// they think: a story may illustrate the answer but is not it, and the advice names the story
/// that would. "How do you...?" is answered by a story plainly on its topic, and by none
/// that only shares a competency. Asked for an example too, the question wants the story.
#[test]
fn a_question_about_how_you_work_is_answered_by_no_story() {
    let e = engine();
    for (question, example) in [
        (
            "What would you do if a staff architect wanted to split a service you thought should stay whole?",
            " (your story OR1 would do)",
        ),
        (
            "Do you think a postmortem should ever name who made the mistake?",
            " (your story OR2 would do)",
        ),
        ("How do you organise your week?", ""),
        (
            "What would you do if you had to hire three engineers in a month?",
            " (a story of yours about hiring and interviewing would do)",
        ),
    ] {
        assert_eq!(
            advice_when_nothing_fits(&e, question),
            format!(
                "the question asks how you work or would act, not for a story: give your approach in a few sentences, then one short example{example}"
            ),
            "{question}"
        );
    }
    for (question, id) in [
        (
            "How do you handle disagreement with a staff architect?",
            "OR1",
        ),
        (
            "What would you do if a staff architect wanted to split a service you thought should stay whole? Give me a real example.",
            "OR1",
        ),
    ] {
        let matches = ranked(&e, question, None);
        assert_eq!(
            matches.first().map(|m| m.id.as_str()),
            Some(id),
            "{question}"
        );
    }
    let answer = ranked(&e, "How would you describe yourself as an engineer?", None);
    assert_eq!(answer.first().map(|m| m.id.as_str()), Some("introduction"));
}

/// The advice `match` gives for `question`, which no entry may answer.
fn advice_when_nothing_fits(
    e: &starcoach::engine::offline::OfflineEngine,
    question: &str,
) -> String {
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
    report.advice.unwrap_or_default()
}
