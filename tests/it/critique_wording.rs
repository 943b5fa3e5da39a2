//! The offline engine's critique on everyday wording: outcomes, lessons, disagreements, scenes
//! and reliability told without the cue words the rules started from (once known engine bugs).

use crate::util::offline::{
    ACT, LEARN, MISTAKE, RES, SEAT_MAP, SIT, TASK, assert_quiet, assert_raises, codes, critique,
    critique_engine, join, vision_engine,
};

#[test]
fn critique_missing_result_recognises_outcomes_without_cue_words() {
    let e = critique_engine();
    for outcome in [
        "Morning timeouts went from dozens a day to zero.",
        "After the change, the 95th percentile was 400 milliseconds instead of 3 seconds.",
        "Complaints about the planner went from about fifty a week to two.",
    ] {
        let draft = join(&[SIT, TASK, ACT, outcome, LEARN]);
        assert_quiet(&e, &draft, None, "missing-result");
        assert_quiet(&e, &draft, None, "no-metrics");
    }
}

#[test]
fn critique_no_metrics_reads_the_sentence_with_the_outcome() {
    let e = critique_engine();
    // The outcome "missing for 2 hours ... caught 4 bad feeds" is measured; "shipped" in the
    // first sentence is what the engine takes for the result.
    let draft = join(&[
        MISTAKE,
        "Since then I replay a week of feeds before merging any parser change.",
    ]);
    assert_quiet(&e, &draft, None, "no-metrics");
}

#[test]
fn critique_no_metrics_counts_zero() {
    let e = critique_engine();
    let draft = join(&[
        SIT,
        TASK,
        ACT,
        "In the end there were zero timeouts during the morning rush.",
        LEARN,
    ]);
    assert_quiet(&e, &draft, None, "no-metrics");
}

#[test]
fn critique_no_learning_recognises_everyday_lesson_phrasings() {
    let e = critique_engine();
    for lesson in [
        "What I took away from it is that data changes need the same testing as code.",
        "Now I always replay a week of feeds before merging a parser change.",
        "These days I replay a week of feeds before merging any parser change.",
        "I've made it a habit to replay a week of feeds before merging any parser change.",
        "In retrospect, I should have replayed real feeds before merging.",
        "If I could do it again, I would ship the parser behind a flag.",
        "I've since started replaying a week of feeds before every parser change.",
        "It made me more careful: data changes now get the same replay test as code.",
        // Said with what changed: "that changed how I test" alone names no change, and reads
        // as a lesson in words only.
        "That experience changed how I test parsers: each one now runs against a day of real feeds.",
    ] {
        let draft = join(&[MISTAKE, lesson]);
        assert_quiet(
            &e,
            &draft,
            Some("Tell me about a time you made a mistake."),
            "no-learning",
        );
    }
}

/// Read by the reflection model, not by a cue phrase: a change in how the speaker works needs no
/// lesson word, and a lesson word with nothing behind it, or a virtue, is no lesson.
#[test]
fn critique_no_learning_reads_lessons_by_what_they_say() {
    let e = critique_engine();
    let question = Some("Tell me about a time you made a mistake.");
    for lesson in [
        "Before I merge a parser change now, a week of real feeds goes through it first.",
        "I no longer trust a parser that has only seen the test fixtures.",
    ] {
        assert_quiet(&e, &join(&[MISTAKE, lesson]), question, "no-learning");
    }
    for empty in [
        "Looking back, it was a really valuable experience overall.",
        "Since then I just try to be a lot more careful.",
    ] {
        assert_raises(&e, &join(&[MISTAKE, empty]), question, "no-learning");
    }
}

/// The closing sentence is where a lesson is told: a view there that the reflection model reads
/// mildly as one counts, and the same view followed by one more fact of the story does not.
#[test]
fn critique_no_learning_reads_a_closing_view_as_the_lesson() {
    let e = critique_engine();
    let question = Some("Tell me about a time you made a mistake.");
    for view in [
        "The thing I carry from it is that a data file deserves the same review as code.",
        "What stays with me is that fixtures only tell you about the data you fed them.",
    ] {
        assert_quiet(&e, &join(&[MISTAKE, view]), question, "no-learning");
        let then = "The rollback itself took four minutes.";
        assert_raises(&e, &join(&[MISTAKE, view, then]), question, "no-learning");
    }
}

#[test]
fn critique_off_question_accepts_a_disagreement_told_in_other_words() {
    let e = critique_engine();
    let setup = "At Orchard Rail the fares team lead wanted to ship the new discount engine on Friday, and I thought it was not ready. \
It was my job to sign off on the release.";
    let ending = "He eventually agreed, and the Monday release went out with no errors. I learned that evidence beats opinion.";
    for (middle, question) in [
        (
            "I objected in the planning meeting and showed him the failing rehearsal logs, and I suggested a Monday release.",
            "Describe a conflict with a colleague.",
        ),
        (
            "We argued about it in the planning meeting, so I showed him the failing rehearsal logs and suggested a Monday release.",
            "Tell me about a time you had a disagreement with a coworker.",
        ),
        (
            "I challenged the decision in the planning meeting, showed him the failing rehearsal logs and suggested a Monday release.",
            "Tell me about a time you disagreed with your manager.",
        ),
    ] {
        assert_quiet(
            &e,
            &join(&[setup, middle, ending]),
            Some(question),
            "off-question",
        );
    }
    let eye_to_eye = "My tech lead and I didn't see eye to eye about the release date. \
He wanted to ship on Friday to make the deadline and I thought the migration was not ready. \
I was responsible for the data migration. \
I showed him the failed rehearsal logs and suggested shipping the UI on Friday and the migration on Monday. \
In the end he agreed, the UI shipped on time, and the migration went out on Monday with zero errors. \
I learned that bringing evidence works better than arguing.";
    assert_quiet(
        &e,
        eye_to_eye,
        Some("Describe a conflict with a colleague."),
        "off-question",
    );
}

#[test]
fn critique_missing_action_counts_contracted_subjects() {
    let e = critique_engine();
    let draft = "At Orchard Rail the deploy pipeline took 40 minutes and blocked every release. \
I owned the deploy tooling. \
I've rewritten the deploy script in Go and I've cached the build images. \
Deploys now take 8 minutes.";
    assert_quiet(&e, draft, None, "missing-action");
    // The same steps in the simple past are actions.
    assert_quiet(
        &e,
        &draft
            .replace("I've rewritten", "I rewrote")
            .replace("I've cached", "I cached"),
        None,
        "missing-action",
    );
}

#[test]
fn critique_no_vision_link_accepts_other_word_forms() {
    let e = vision_engine();
    for link in [
        "The app stayed available for the whole sale.",
        "The system has been stable ever since.",
    ] {
        assert_quiet(&e, &join(&[SEAT_MAP, link]), None, "no-vision-link");
    }
}

#[test]
fn critique_missing_situation_accepts_a_dated_context() {
    let e = critique_engine();
    let draft = join(&[
        "In 2022 our checkout service timed out for a third of users at 8 am.",
        TASK,
        ACT,
        RES,
        LEARN,
    ]);
    assert_quiet(&e, &draft, None, "missing-situation");
}

#[test]
fn critique_missing_situation_is_quiet_for_spoken_scene_setting() {
    let e = critique_engine();
    for opening in [
        "At a small logistics startup the nightly route export kept timing out.",
        "So, um, at my old job the nightly route export kept timing out.",
        "For example, at a grocery delivery company the nightly route export timed out.",
        "When I joined the routing team, nobody trusted the nightly export.",
    ] {
        assert_quiet(
            &e,
            &join(&[opening, TASK, ACT, RES, LEARN]),
            None,
            "missing-situation",
        );
    }
}

#[test]
fn critique_numbers_in_the_context_are_not_the_result() {
    let e = critique_engine();
    // "two days before launch" sets the scene; the outcome itself has no number.
    let draft = "Two days before our largest customer launched, the export queue started dropping 3 percent of messages. \
I was on call that week, so it was on me to make the launch safe. \
I reproduced the loss with a load generator, found the broker discarding messages at its disk limit, and changed it to apply back-pressure. \
The launch went smoothly and the customer thanked the team.";
    let r = critique(&e, draft, None);
    assert!(codes(&r).contains(&"no-metrics"), "{:?}", codes(&r));
    assert!(!codes(&r).contains(&"missing-result"), "{:?}", codes(&r));
}

#[test]
fn critique_a_closing_measured_sentence_is_an_outcome() {
    let e = critique_engine();
    assert_quiet(
        &e,
        "Cutting the storage bill by 30 percent.",
        None,
        "missing-result",
    );
}

#[test]
fn critique_reliability_words_of_on_call_life_link_to_the_vision() {
    let e = vision_engine();
    let linked = join(&[
        SIT,
        TASK,
        "I replaced the retry loop with backoff and a dead-letter queue.",
        "Paging on-call at night stopped within a month, down from 9 times a week.",
    ]);
    assert_quiet(&e, &linked, None, "no-vision-link");
    let unlinked = "At Orchard Rail my last design document was eighteen pages and sat in review for weeks. \
My goal was to get decisions faster. I now open every document with a one-page summary and a recommendation. \
My next three documents were approved in 4 days on average. I learned that a document exists to get a decision.";
    assert_raises(&e, unlinked, None, "no-vision-link");
}

#[test]
fn critique_off_question_reads_a_failure_told_without_the_word() {
    let e = critique_engine();
    let late = "At Orchard Rail I was the tech lead for moving the fares events from RabbitMQ to Kafka, and I committed to one quarter. \
I designed the topics and migrated the first consumers myself. \
Two old consumers depended on ordering, and rewriting them took much longer than I had estimated, so we finished 6 weeks late. \
I learned to spike the riskiest consumer first.";
    assert_quiet(
        &e,
        late,
        Some("Tell me about a time you failed."),
        "off-question",
    );
    let success = "At Orchard Rail I moved every environment from hand-made cloud resources to Terraform. \
I imported 200 resources and set up plan checks on every pull request. \
Every environment can now be rebuilt from code in under an hour, and the team loved it.";
    assert_raises(
        &e,
        success,
        Some("Tell me about a time you failed."),
        "off-question",
    );
}

#[test]
fn critique_a_past_tense_need_before_any_step_is_the_situation() {
    let e = critique_engine();
    let draft = "We needed to move the fares database off an unsupported version. \
I was responsible for the upgrade. I rehearsed the switch-over on a replica and ran it on a Sunday. \
As a result, the upgrade finished in 40 minutes with no errors.";
    let r = critique(&e, draft, None);
    assert!(!codes(&r).contains(&"missing-situation"), "{:?}", codes(&r));
    // "needed to move" is the need, not the step: the steps come after.
    let no_steps = "We needed to move the fares database off an unsupported version. \
The upgrade finished in 40 minutes with no errors.";
    assert!(codes(&critique(&e, no_steps, None)).contains(&"missing-action"));
    // An opinion in the present tense is not a situation.
    let opinion = "I usually think about priorities in terms of customer impact first. \
I sort the rest by effort and impact, and I say what I drop so nobody is surprised.";
    assert!(codes(&critique(&e, opinion, None)).contains(&"missing-situation"));
}

#[test]
fn critique_an_outcome_without_a_number_is_no_metrics_not_a_missing_result() {
    let e = critique_engine();
    let draft = join(&[
        SIT,
        TASK,
        ACT,
        "Commuters were much happier and the support queue got smaller.",
    ]);
    let r = critique(&e, &draft, None);
    assert!(codes(&r).contains(&"no-metrics"), "{:?}", codes(&r));
    assert!(!codes(&r).contains(&"missing-result"), "{:?}", codes(&r));
}

#[test]
fn critique_off_question_accepts_conflict_and_leadership_told_in_other_words() {
    let e = critique_engine();
    let colleague = "At Orchard Rail a senior engineer on the payments team rejected every pull request from my team for weeks. \
I set up a call to understand his concerns; our changes had woken him at night three times. \
I agreed to add contract tests and to pair with him on the first review. \
After that our reviews took a day instead of a week.";
    assert_quiet(
        &e,
        colleague,
        Some("Tell me about a time you worked with a difficult colleague."),
        "off-question",
    );
    let leading = "At Orchard Rail our on-call rotation was burning people out with eight alerts a night. \
Nobody owned alerting, so I volunteered to fix it. \
I gathered the team to review every alert from the past month and rewrote the rest around user-facing symptoms. \
Alerts dropped to two a week.";
    assert_quiet(
        &e,
        leading,
        Some("Tell me about a time you showed leadership."),
        "off-question",
    );
}

#[test]
fn critique_no_metrics_is_quiet_when_a_step_says_how_long_it_took() {
    let e = critique_engine();
    let draft = join(&[
        SIT,
        TASK,
        "I found the stale config in the deploy log and rolled it back in about ten minutes.",
        "In the end the planner stayed up through the rush.",
        LEARN,
    ]);
    assert_quiet(&e, &draft, None, "no-metrics");
    let untimed = draft.replace(" in about ten minutes", "");
    assert_raises(&e, &untimed, None, "no-metrics");
}
