//! Tests of the STAR reading of drafts: parts per sentence, who acted, and what is no step.

use super::*;

fn actor_of(sentence: &str) -> Option<Actor> {
    actor(&text::words(sentence))
}

#[test]
fn draft_parts_are_found_per_sentence() {
    let a = Analysis::of_draft(
        "At Acme our deploys took an hour. I was responsible for the pipeline. \
         I split the build into stages and cached dependencies. \
         Deploys now take 9 minutes. I learned to measure first.",
    );
    assert_eq!((a.situation, a.task, a.action_i, a.learned), (1, 1, 1, 1));
    assert!(a.result >= 1 && a.result_metric);
}

#[test]
fn a_step_whose_second_verb_measures_what_changed_tells_the_outcome() {
    let scene = "At Acme our checkout API failed on Black Friday. I was the on-call engineer. ";
    let a = Analysis::of_draft(&format!(
        "{scene}I rolled back the bad deploy and restored service in 12 minutes."
    ));
    assert!(a.result >= 1 && a.result_metric, "{a:?}");
    // How long the work took is not what it changed, nor is a second noun a second verb.
    for step in [
        "I rewrote the service in two weeks.",
        "I profiled the slow requests and wrote the runbook in an afternoon.",
        "I migrated the orders and payments tables in two days.",
    ] {
        let a = Analysis::of_draft(&format!("{scene}{step}"));
        assert_eq!(a.result, 0, "{step}: {a:?}");
    }
}

#[test]
fn a_step_that_would_be_taken_or_is_a_habit_is_not_a_step_taken() {
    assert_eq!(
        actor_of("If it happened, I'd own it and tell my manager."),
        None
    );
    assert_eq!(actor_of("I would fix it straight away."), None);
    assert_eq!(actor_of("I always get a second pair of eyes."), None);
    assert_eq!(actor_of("I think I've gotten better at it."), None);
    assert_eq!(
        actor_of("By then I'd rewritten the importer."),
        Some(Actor::Me)
    );
    assert_eq!(
        actor_of("I'd migrated the queue before launch."),
        Some(Actor::Me)
    );
    assert_eq!(actor_of("I rolled back the release."), Some(Actor::Me));
}

#[test]
fn a_practice_taken_up_since_is_a_step_and_a_bare_habit_is_not() {
    let habit = Analysis::of_draft("I write a design note before I start any module.");
    assert_eq!(habit.action_i, 0);
    let taken_up =
        Analysis::of_draft("Since then I write a design note before I start any module.");
    assert_eq!(taken_up.action_i, 1);
}

#[test]
fn an_answer_with_no_step_can_still_state_its_outcome_first() {
    // No step comes before it, so the outcome is read where it stands; a scene measured the same
    // way before a step is still the situation.
    let result_only = Analysis::of_draft(
        "Our hosting bill went down by 41% in two quarters, from $90k to $53k a month. \
         Finance mentioned it in the yearly review.",
    );
    // Both sentences tell what came of it; the measure is in the first, not the closing one.
    assert_eq!((result_only.action_i, result_only.result), (0, 2));
    assert!(result_only.result_metric);
    let scene_then_step = Analysis::of_draft(
        "Our hosting bill had gone up by 41% in two quarters. \
         I moved the batch jobs to spot instances.",
    );
    assert_eq!((scene_then_step.situation, scene_then_step.result), (1, 0));
}

#[test]
fn an_outcome_in_words_after_a_step_is_read_by_the_moves_model() {
    assert!(
        !cues()
            .result
            .any_in("the customer stayed with us and signed for another year.")
    );
    let a = Analysis::of_draft(
        "I wrote a one-page proposal for every choice that touched the shared code. \
         The customer stayed with us and signed for another year.",
    );
    assert_eq!((a.action_i, a.result), (1, 1));
}

/// What came of it, told with a step of the speaker's in a clause, is still what came of it;
/// a sentence of two words is too short for the model to say so.
#[test]
fn an_outcome_with_the_speakers_step_in_a_clause_is_an_outcome() {
    let a = Analysis::of_draft(
        "I pushed the schema change to the shared reporting cluster on a Friday. \
         The beta went out three days late while I rewrote the importer.",
    );
    assert_eq!(a.result, 1);
    let short = Analysis::of_draft("My lead and I disagreed about the queue. We argued.");
    assert_eq!(short.result, 0);
    // A sentence the speaker opens is their step, whatever time it tells of.
    let moved_on = Analysis::of_draft(
        "I rewrote the importer to stream its rows. I moved on to the search team a month later.",
    );
    assert_eq!(moved_on.result, 0);
}

#[test]
fn an_outcome_measured_in_the_last_clause_of_a_step_is_an_outcome() {
    assert!(measured_tail(
        "I raised the timeout, restarted the group, and the lag was gone in forty minutes."
    ));
    // One more step of the speaker's, its subject left out, is not what changed.
    assert!(!measured_tail(
        "I wrote a proposal, got sign-off, and broke the work into four milestones."
    ));
    assert!(!measured_tail("I cut the build from 40 to 9 minutes."));
    // A count opens a clause of its own.
    assert!(measured_tail(
        "I shipped the patch that evening, and 30 stranded orders went out."
    ));
    assert!(!measured_tail(
        "I paged the lead, and the team was relieved."
    ));
}

#[test]
fn we_and_i_are_counted_and_us_the_country_is_not_we() {
    assert_eq!(pronouns("We moved to the US and our team grew"), (0, 2));
    assert_eq!(pronouns("I told us; my plan"), (2, 1));
    assert!(Analysis::of_draft("We built it. We shipped it. Our users loved it.").we_dominates());
}

#[test]
fn a_step_that_carries_a_measure_is_measured() {
    let a = Analysis::of_draft(
        "I was on call when the error rate jumped. \
         I rolled the bad config back in about ten minutes. \
         The outage was over.",
    );
    assert!(a.measured_step && !a.result_metric);
    let vague =
        Analysis::of_draft("I found the bad config and rolled it back. The outage was over.");
    assert!(!vague.measured_step);
    // A number that describes the work is not how far it got.
    let described = Analysis::of_draft(
        "I moved the timetable into a cache that refreshes once a minute. The outage was over.",
    );
    assert!(!described.measured_step);
    let counted =
        Analysis::of_draft("I rewrote the importer in three scripts. The outage was over.");
    assert!(!counted.measured_step);
}

#[test]
fn a_measure_of_the_starting_point_or_of_the_work_is_not_one_of_the_story() {
    let starting_point = Analysis::of_draft(
        "At my last company releases went out every two weeks and always broke. \
         I looked into options and worked with the team. Releases were smoother after that.",
    );
    assert!(starting_point.situation > 0 && !starting_point.measured_outside_scene);
    let the_work = Analysis::of_draft(
        "Our planner timed out every morning. \
         I moved the timetable into a cache that refreshes once a minute. \
         Commuters were much happier.",
    );
    assert!(!the_work.measured_outside_scene, "{the_work:?}");
}

#[test]
fn a_step_in_verbs_no_list_holds_is_read_by_the_moves_model() {
    let step = "I sat with each team lead for an hour and went through every alert they owned.";
    assert_eq!(actor_of(step), None);
    assert_eq!(Analysis::of_draft(step).action_i, 1);
    // Without the speaker as subject, a step the model reads is not the speaker's.
    assert_eq!(
        Analysis::of_draft("Each team lead went through every alert they owned.").action_i,
        0
    );
}

#[test]
fn an_opening_the_moves_model_reads_as_the_scene_is_the_situation() {
    let opening = "I'm the lead engineer on a booking app for a chain of climbing gyms.";
    assert!(!cues().situation.any_in(&opening.to_lowercase()));
    assert_eq!(Analysis::of_draft(opening).situation, 1);
    // A view is not a scene, even in the past tense.
    let view = "Teams that waited for perfect data were usually too late to matter.";
    assert!(told_in_past(&text::words(view)));
    assert_eq!(Analysis::of_draft(view).situation, 0);
}

#[test]
fn the_speakers_first_move_told_in_the_past_is_no_scene() {
    // Straight into the steps: nothing says where, when or what was at stake.
    let steps = "I started by checking the recent deploys, but there weren't any. Then I \
                 looked at the traces and saw the time was all spent in calls to the auth \
                 service. I raised the heap and restarted the pods one by one.";
    assert_eq!(Analysis::of_draft(steps).situation, 0);
    // The same steps after a sentence about the world, told in the past, have their scene.
    let scene = format!("Checkout requests were timing out for a third of our users. {steps}");
    assert!(Analysis::of_draft(&scene).situation > 0);
}

#[test]
fn the_first_step_can_carry_its_own_measured_outcome() {
    let a = Analysis::of_draft(
        "I was the engineer on call for the order service. \
         I shipped the patch that evening, and 30 stranded orders went out. \
         Nobody on the team had seen that failure before.",
    );
    assert_eq!(a.action_i, 1);
    assert!(a.result >= 1 && a.result_metric);
}
