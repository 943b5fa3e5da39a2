//! The STAR parts through the library API: when each missing part is raised and when it stays
//! quiet, which numbers count as the measured outcome, and who took the steps.

use starcoach::report::{FindingCode, Severity};

use crate::util::offline::{
    ACT, LEARN, NO_ACTION, RES, SIT, TASK, WE_HEAVY, WE_HEAVY_AS_MINE, assert_quiet, assert_raises,
    codes, critique, critique_engine, join,
};

#[test]
fn critique_missing_situation_is_raised_without_context() {
    let e = critique_engine();
    assert_raises(
        &e,
        &join(&[TASK, ACT, RES, LEARN]),
        None,
        "missing-situation",
    );
}

#[test]
fn critique_missing_situation_is_quiet_with_any_kind_of_context() {
    let e = critique_engine();
    for context in [
        SIT,
        "Back in 2021 the journey planner timed out every weekday morning.",
        "When I was on the mobile platform team, the journey planner timed out every morning rush.",
        "The problem was that the journey planner timed out whenever commuters opened the app at 8 am.",
        "Last year the journey planner was failing every weekday morning.",
    ] {
        assert_quiet(
            &e,
            &join(&[context, TASK, ACT, RES, LEARN]),
            None,
            "missing-situation",
        );
    }
}

#[test]
fn critique_missing_task_is_raised_without_a_goal_when_the_answer_is_thin() {
    let e = critique_engine();
    // Steps and an outcome with no context and no goal: nothing says what was being attempted.
    assert_raises(&e, &join(&[ACT, RES, LEARN]), None, "missing-task");
    // Context and a goal-less ending: no steps, so no goal can be inferred either.
    assert_raises(&e, &join(&[SIT, RES]), None, "missing-task");
}

#[test]
fn critique_missing_task_is_implied_by_context_steps_and_outcome() {
    let e = critique_engine();
    let r = critique(&e, &join(&[SIT, ACT, RES, LEARN]), None);
    assert!(!codes(&r).contains(&"missing-task"), "{:?}", codes(&r));
    // Implied is not stated: the scorecard still shows room to say it.
    assert!(r.scores.task > 0 && r.scores.task < 100, "{:?}", r.scores);
}

#[test]
fn critique_missing_task_is_quiet_with_any_statement_of_responsibility() {
    let e = critique_engine();
    for task in [
        TASK,
        "My job was to keep the planner fast through the rush.",
        "I was asked to fix the timeouts before the winter timetable.",
        "I owned the planner's backend.",
        "The goal was to get every search under one second without new hardware.",
    ] {
        assert_quiet(
            &e,
            &join(&[SIT, task, ACT, RES, LEARN]),
            None,
            "missing-task",
        );
    }
}

#[test]
fn critique_missing_action_is_raised_when_nobody_does_anything() {
    let e = critique_engine();
    let r = critique(&e, NO_ACTION, None);
    assert!(codes(&r).contains(&"missing-action"), "{:?}", codes(&r));
    assert_eq!(r.scores.action, 0);
}

#[test]
fn critique_missing_action_is_quiet_once_a_step_is_described() {
    let e = critique_engine();
    for step in [
        "I profiled the slowest requests and cached the timetable in memory.",
        "I rewrote the search query so it read the timetable once per minute.",
        "I set up a load test and ran it against every release.",
        "Split the timetable into per-line chunks and cached them.",
    ] {
        let draft = NO_ACTION.replace("In the end", &format!("{step} In the end"));
        assert_quiet(&e, &draft, None, "missing-action");
    }
}

#[test]
fn critique_missing_action_warns_when_every_step_is_the_teams() {
    let e = critique_engine();
    let draft = NO_ACTION.replace(
        "In the end",
        "We split the timetable into per-line chunks and cached them. In the end",
    );
    let r = critique(&e, &draft, None);
    let finding = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::MissingAction)
        .expect("team steps are not the speaker's");
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.message.contains("team's"), "{}", finding.message);
}

#[test]
fn critique_vague_verbs_are_not_steps() {
    let e = critique_engine();
    let draft = NO_ACTION.replace(
        "In the end",
        "I stayed calm, thought it through carefully, and handled it. In the end",
    );
    assert_raises(&e, &draft, None, "missing-action");
}

#[test]
fn critique_missing_result_is_raised_when_the_answer_stops_at_the_actions() {
    let e = critique_engine();
    let r = critique(&e, &join(&[SIT, TASK, ACT, LEARN]), None);
    assert!(codes(&r).contains(&"missing-result"), "{:?}", codes(&r));
    assert!(
        !codes(&r).contains(&"no-metrics"),
        "no outcome means no metric complaint"
    );
    assert_eq!(r.scores.result, 0);
}

#[test]
fn critique_missing_result_is_quiet_with_an_outcome() {
    let e = critique_engine();
    for outcome in [
        RES,
        "In the end, searches took under half a second even at 8 am.",
        "Response times are now under 500 milliseconds at the peak.",
        "That cut the morning timeouts from dozens a day to zero.",
    ] {
        let draft = join(&[SIT, TASK, ACT, outcome, LEARN]);
        assert_quiet(&e, &draft, None, "missing-result");
        assert_quiet(&e, &draft, None, "no-metrics");
    }
}

#[test]
fn critique_no_metrics_is_raised_for_an_outcome_without_numbers() {
    let e = critique_engine();
    for vague in [
        "In the end the timeouts went away and commuters stopped complaining.",
        "Response times improved a lot and the support queue got much quieter.",
        "Eventually the planner was fast again, and my manager was really happy with it.",
    ] {
        let r = critique(&e, &join(&[SIT, TASK, ACT, vague, LEARN]), None);
        assert!(
            codes(&r).contains(&"no-metrics"),
            "{vague}: {:?}",
            codes(&r)
        );
        assert!(
            !codes(&r).contains(&"missing-result"),
            "{vague}: {:?}",
            codes(&r)
        );
    }
}

#[test]
fn critique_no_metrics_counts_only_numbers_in_the_outcome() {
    let e = critique_engine();
    // The situation is full of numbers; the result has none.
    let draft = join(&[
        "At Orchard Rail, 40,000 commuters opened the planner between 7 and 9 am, and searches took 3 seconds.",
        TASK,
        ACT,
        "In the end the timeouts went away and commuters stopped complaining.",
        LEARN,
    ]);
    assert_raises(&e, &draft, None, "no-metrics");
    let measured = draft.replace(
        "timeouts went away",
        "timeouts went away, searches dropped to 400 ms,",
    );
    assert_quiet(&e, &measured, None, "no-metrics");
}

#[test]
fn critique_no_metrics_is_quiet_when_the_harm_done_is_measured() {
    let e = critique_engine();
    // The outcome sentence has no number, but the answer measured what went wrong.
    let draft = "I was the reviewer on a pull request at Marrow Clinic that changed how patient letters were cached. \
The author had used a cache key that ignored the user session. \
Some patients could see another patient's letter for roughly two hours. \
I paged our security lead, purged the cache and wrote a test for the session key. \
The leak stopped and compliance was satisfied. \
Since then I run anything touching caching locally before I approve it.";
    assert_quiet(&e, draft, None, "no-metrics");
    let unmeasured = draft.replace("for roughly two hours", "for a while");
    assert_raises(&e, &unmeasured, None, "no-metrics");
}

#[test]
fn critique_a_habit_with_a_number_is_neither_the_result_nor_its_measure() {
    let e = critique_engine();
    // "twice" measures what the speaker always does, not what the work changed.
    let draft = "At Corvid Freight I owned the invoicing service. \
Our invoices were often wrong at the end of the month. \
I rewrote the rounding logic and added property tests for every currency. \
I always test everything twice before a release. \
I learned to check the edge cases before the happy path.";
    assert_raises(&e, draft, None, "missing-result");
    // With an unmeasured result, the habit's number does not count as its measure either.
    let unmeasured = draft.replace(
        "I learned to check",
        "Invoice errors fell sharply the next month. I learned to check",
    );
    assert_quiet(&e, &unmeasured, None, "missing-result");
    assert_raises(&e, &unmeasured, None, "no-metrics");
    // A result that says how much the errors fell, in a fraction, is measured.
    let measured = draft.replace(
        "I always test everything twice before a release.",
        "Invoice errors fell by about two-thirds the next month.",
    );
    assert_quiet(&e, &measured, None, "missing-result");
    assert_quiet(&e, &measured, None, "no-metrics");
}

#[test]
fn critique_we_not_i_is_raised_when_we_dominates() {
    let e = critique_engine();
    let r = critique(&e, WE_HEAVY, None);
    assert!(codes(&r).contains(&"we-not-i"), "{:?}", codes(&r));
    // "us" and "our" count as much as "we".
    let us = "At Orchard Rail the planner team asked us to fix our journey planner, which kept timing out every morning. \
Our goal was to keep it fast through the rush. \
The two of us profiled the slowest requests and moved the timetable into a cache. \
As a result our p95 dropped from 3 seconds to 400 milliseconds. \
We learned to measure before touching code.";
    assert_raises(&e, us, None, "we-not-i");
}

#[test]
fn critique_we_not_i_is_quiet_when_the_speaker_owns_the_steps() {
    let e = critique_engine();
    let mine = WE_HEAVY_AS_MINE.to_string();
    assert_quiet(&e, &mine, None, "we-not-i");
    // Team context is fine as long as the speaker's own steps are there.
    let balanced = "At Orchard Rail our journey planner kept timing out every weekday morning. \
We agreed as a team that our goal was to keep it responsive through the rush. \
I profiled the slowest requests and found that every search reloaded the whole timetable. \
I moved the timetable into a cache and added a load test to the pipeline. \
As a result p95 dropped from 3 seconds to 400 milliseconds.";
    assert_quiet(&e, balanced, None, "we-not-i");
}
