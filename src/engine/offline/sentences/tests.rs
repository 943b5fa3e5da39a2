//! The sentence models read the sentences of their training data's kinds the way they are labelled.

use super::super::data::data;
use super::*;

#[test]
fn the_tone_model_tells_running_someone_down_from_describing_them() {
    let tone = &data().tone;
    let blunt =
        tone.blame("Honestly the ops team were useless and never answered a single ticket.");
    let fair = tone
        .blame("The ops team owned the database, and I asked them to review my migration plan.");
    let own = tone.blame("I shipped the change without a test, and that was my mistake.");
    assert!(blunt > fair && blunt > own, "{blunt} {fair} {own}");
    assert!(fair < 0.0 && own < 0.0, "{fair} {own}");
}

#[test]
fn a_model_file_with_a_stray_or_missing_label_names_the_file_and_line() {
    let err = Tone::train("tone.tsv", "blame\tThey never listen.\nangry\tWhy me?\n")
        .err()
        .unwrap();
    assert_eq!((err.file.as_str(), err.line), ("tone.tsv", 2));
    assert!(err.message.contains("`blame`, `neutral`"), "{err}");
    let err = Tone::train("tone.tsv", "blame\tThey never listen.\n")
        .err()
        .unwrap();
    assert!(err.message.contains("every label"), "{err}");
}

#[test]
fn the_turns_model_reads_a_setback_and_a_smooth_ride() {
    let t = &data().turns;
    let (against, along) = t.read("The cutover slipped by three weeks and the client escalated.");
    assert!(against > 0.0 && along < 0.0, "{against} {along}");
    let (against, along) = t.read("We went live a week early and nobody was paged.");
    assert!(along > 0.0 && against < 0.0, "{against} {along}");
    let err = Turns::train("turns.tsv", "friction\tIt broke.\nsmooth\tIt shipped.\n")
        .err()
        .unwrap();
    assert!(err.message.contains("every label"), "{err}");
}

#[test]
fn the_reflection_model_reads_a_lesson_without_its_cue_words() {
    let r = &data().reflection;
    let habit = r.read("These days I ask for the production row count before I run any migration.");
    let vague = r.read("It was a really good learning experience for me overall.");
    let told = r.read("The migration ran on a Tuesday and took four hours.");
    assert!(habit.lesson > 0.0, "{habit:?}");
    assert!(vague.lesson < 0.0 && vague.empty > 0.0, "{vague:?}");
    assert!(told.lesson < 0.0, "{told:?}");
}

#[test]
fn the_reflection_model_does_not_take_a_virtue_or_a_hypothetical_for_a_lesson() {
    let r = &data().reflection;
    let virtue = r.read("I'm careful by nature, and I always test everything twice.");
    let hypothetical = r.read("If I ever made a mistake like that, I would own it right away.");
    let change = r.read("Since that outage I always test the restore, not just the backup.");
    assert!(virtue.lesson < LESSON_SEEN, "{virtue:?}");
    assert!(hypothetical.lesson < LESSON_SEEN, "{hypothetical:?}");
    assert!(change.lesson > LESSON_SEEN, "{change:?}");
}

#[test]
fn the_moves_model_tells_a_step_from_a_claim_a_habit_and_a_hypothetical() {
    let not_a_step = |s: &str| data().moves.reading(s).not_a_step;
    for step in [
        "I rewrote the retry loop so it backed off and gave up after five tries.",
        // A slip is something the speaker did.
        "I pushed the schema change without running it against a copy first.",
    ] {
        assert!(not_a_step(step) < 0.0, "{step}");
    }
    for only_sounds_like_one in [
        "I led the whole effort and made sure it went smoothly.",
        "I always write the rollback plan before I touch production.",
        "If that happened again, I would escalate it on day one.",
    ] {
        assert!(
            not_a_step(only_sounds_like_one) > 0.0,
            "{only_sounds_like_one}"
        );
    }
}

#[test]
fn a_view_is_neither_a_told_move_nor_a_step() {
    let m = &data().moves;
    let view = "Honestly, I think most estimates in this industry are theatre.";
    assert_eq!(m.read(view), Move::View);
    assert_eq!(m.read("東京の倉庫で在庫を数えた。"), Move::Scene);
    assert!(m.reading(view).not_a_step > 0.0);
    assert!(!m.reading("東京の倉庫で在庫を数えた。").known);
    let scene = "The warehouse team had been counting stock by hand for a decade.";
    assert!(m.read(scene).tells(), "{:?}", m.read(scene));
}

/// Log-odds a clear lesson clears and a dodge does not (the analysis's bar is higher still).
const LESSON_SEEN: f32 = 0.5;
