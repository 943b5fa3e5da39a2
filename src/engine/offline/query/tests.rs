//! How a question is read: its competencies, its content words, its kind and "nothing fits".

use super::*;

#[test]
fn advice_names_only_a_plain_reading_and_an_answer_for_a_question_of_the_person() {
    let hiring = advice("Tell me about a time you hired and built out a team from scratch.");
    assert!(hiring.starts_with("write a story for"), "{hiring}");
    assert!(hiring.contains("reads as hiring"), "{hiring}");
    let goal = advice("Where do you see yourself in five years?");
    assert!(goal.starts_with("write an answer for"), "{goal}");
    let faint = advice("Describe your ideal team.");
    assert!(
        faint.starts_with("write an entry that answers it"),
        "{faint}"
    );
}

/// The new topics' words in their other senses: a visa question about the time zone you
/// would work from, a strength seen by your reports, being hired to do something.
#[test]
fn lookalike_words_do_not_make_a_question_about_a_new_topic() {
    use crate::report::CompetencyId::{Hiring, PeopleManagement, RemoteWork};
    for question in [
        "Which time zone would you be working from?",
        "What would your direct reports say is your biggest strength?",
        "What were you hired to do at your current company?",
        "Why should we hire you over someone with more experience?",
    ] {
        let asked = asked_competency(question);
        assert!(
            !matches!(asked, Some(Hiring | PeopleManagement | RemoteWork)),
            "{question}: {asked:?}"
        );
    }
    assert_eq!(
        asked_competency("Tell me about a time you had to let someone go."),
        Some(PeopleManagement)
    );
}

/// Finding a bug's cause is its own topic, and "weight" is not "weigh" (a trade-off).
#[test]
fn a_bug_hunt_reads_as_debugging_and_a_teammates_weight_as_no_decision() {
    use crate::report::CompetencyId::{Debugging, Decision};
    for question in [
        "What's the nastiest bug you've ever hunted down?",
        "How did you track down a memory leak that only showed up after days of uptime?",
    ] {
        assert_eq!(asked_competency(question), Some(Debugging), "{question}");
    }
    let weight = "How have you handled a teammate who wasn't pulling their weight?";
    assert_ne!(asked_competency(weight), Some(Decision));
    assert_eq!(
        asked_competency("Tell me about a time you had to weigh up two options."),
        Some(Decision)
    );
}

/// Feedback the speaker gives is not the feedback of a weakness; feedback given to them is.
#[test]
fn feedback_given_by_the_speaker_reads_as_no_weakness() {
    use crate::report::CompetencyId::Weakness;
    let weakness = |q: &str| {
        Query::new(q)
            .plainly_phrased()
            .any(|c| lexicon().competencies[c].id == Weakness)
    };
    for given in [
        "Tell me about a time you gave difficult upward feedback to your manager.",
        "Describe a time you had to give a teammate tough feedback.",
    ] {
        assert!(!weakness(given), "{given}");
    }
    for received in [
        "What's the toughest feedback a manager gave you?",
        "Tell me about a time you got tough feedback from your lead.",
    ] {
        assert!(weakness(received), "{received}");
    }
}

#[test]
fn a_frame_word_in_a_hyphenated_compound_is_content() {
    assert!(!query_terms("Tell me about a time you built a queue.").contains(&"time".into()));
    let terms = query_terms("Describe something real-time you built.");
    assert!(
        terms.contains(&"real".into()) && terms.contains(&"time".into()),
        "{terms:?}"
    );
}

/// The competencies the lexicon reads in a question.
fn asked(q: &str) -> Vec<&'static str> {
    Query::new(q)
        .phrased
        .iter()
        .map(|&(c, _)| lexicon().competencies[c].id.as_str())
        .collect()
}

#[test]
fn a_word_that_drifted_from_its_root_is_not_read_as_the_root() {
    // "critical" shares its stem with "criticism", "customer" with "custom".
    assert!(!asked("Tell me about a time you kept a critical service up.").contains(&"weakness"));
    assert!(asked("How have you handled criticism of your work?").contains(&"weakness"));
    assert!(!asked("Tell me about the custom metrics you designed.").contains(&"customer"));
    assert!(asked("Tell me about a time you helped a customer.").contains(&"customer"));
}

#[test]
fn teaching_you_asks_what_you_learned_not_how_you_taught() {
    assert!(!asked("Describe a failure and what it taught you.").contains(&"mentoring"));
    assert!(!asked("Who mentored you early on, and how?").contains(&"mentoring"));
    assert!(asked("Tell me about a time you taught a junior engineer.").contains(&"mentoring"));
}

#[test]
fn the_most_of_anything_you_have_ever_done_asks_for_a_story_whatever_the_apostrophe() {
    for q in [
        "What’s the toughest call you’ve ever had to make on call?",
        "What's the toughest call you've ever had to make on call?",
        "Which outage have you ever regretted most?",
    ] {
        assert!(Query::new(q).wants_story(), "{q}");
    }
    assert!(!Query::new("What’s your favourite editor?").wants_story());
    // "When did you last..." asks for the last time it happened: a story.
    for q in [
        "When did you last delegate a critical piece of work, and how did it go?",
        "When was the last time you had to roll back a release?",
    ] {
        assert!(Query::new(q).wants_story(), "{q}");
    }
    assert!(!Query::new("When did you start programming?").wants_story());
    // A curly apostrophe does not hide a why opening either.
    assert!(Query::new("What’s the reason you applied?").is_why());
}

#[test]
fn leading_to_something_is_a_cause_not_leadership() {
    assert!(
        !asked("You moved from a startup to a bank; what led to that?").contains(&"leadership")
    );
    assert!(!asked("Walk me through a decision that led to an outage.").contains(&"leadership"));
    assert!(
        asked("Tell me about a time you led a team through a hard quarter.")
            .contains(&"leadership")
    );
    assert!(Query::new("You moved from a startup to a bank; what led to that?").is_why());
}

#[test]
fn a_design_task_reads_as_nothing_fits_even_when_a_phrase_names_a_competency() {
    use super::super::rank::WEIGHTS;
    for task in [
        "Design a photo-sharing backend and explain how you'd scale its storage.",
        "How would you design a stadium ticketing service that has to scale to a million fans?",
    ] {
        let q = Query::new(task);
        assert!(q.phrased.first().is_some_and(|p| p.1 >= 1.0), "{task}");
        assert!(q.reads_as_none(&WEIGHTS), "{task}: none={}", q.none);
    }
    let story = Query::new("Tell me about a time you redesigned a service so that it could scale.");
    assert!(!story.reads_as_none(&WEIGHTS), "none={}", story.none);
}

#[test]
fn how_you_would_act_is_read_at_the_opening_of_the_first_sentence() {
    let asks = |q: &str| Query::new(q).asks_approach();
    assert_eq!(
        asks("Bias for Action: what would you do if the release slipped?"),
        Approach::Hypothetical
    );
    assert_eq!(
        asks("“Earn Trust” — if you joined us, what would you change first?"),
        Approach::Hypothetical
    );
    assert_eq!(asks("How do you handle stress?"), Approach::Habit);
    // A later sentence, a word that only starts like an opening, or a story prompt is not one.
    assert_eq!(
        asks("Have you led a migration? If you have, how did it go?"),
        Approach::No
    );
    assert_eq!(asks("How do youth sports shape a leader?"), Approach::No);
    assert_eq!(
        asks("How do you learn fast? Give me a concrete example."),
        Approach::No
    );
}
