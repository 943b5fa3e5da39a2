//! Delivery in a transcript: filler words found one by one, and the same words said again
//! found and scored below saying them once.

use starcoach::report::FindingCode;

use crate::util::offline::{SEAT_MAP, codes, critique, critique_engine, has, spans_of};

#[test]
fn filler_words_are_found_one_by_one() {
    let e = critique_engine();
    let draft = "So, um, at Fenwick I was, like, running the billing job, and it, uh, kept \
                 failing, you know, every night. I basically rewrote the retry logic and, um, \
                 the failures stopped, and the job has run cleanly for 90 days.";
    let r = critique(&e, draft, None);
    let words = spans_of(draft, &r, FindingCode::Filler);
    assert_eq!(words, ["um", "like", "uh", "you know", "basically", "um"]);
    // "I'd like" and "what kind of" are not fillers.
    let clean = "I'd like to explain what kind of system it was: at Fenwick I rewrote the \
                 retry logic of the billing job and the nightly failures stopped for 90 days.";
    assert!(!has(&critique(&e, clean, None), FindingCode::Filler));
}

#[test]
fn saying_it_again_scores_lower_than_saying_it_once() {
    let e = critique_engine();
    let once = critique(&e, SEAT_MAP, None);
    let thrice = format!("{SEAT_MAP} {SEAT_MAP} {SEAT_MAP}");
    let r = critique(&e, &thrice, None);
    assert!(has(&r, FindingCode::Repetition), "{:?}", codes(&r));
    assert!(
        r.overall + 30 <= once.overall,
        "{} vs {}",
        r.overall,
        once.overall
    );
    let spans = &r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::Repetition)
        .unwrap()
        .spans;
    let start = SEAT_MAP.chars().count();
    assert!(spans.iter().all(|s| s.start >= start), "{spans:?}");
}

#[test]
fn fillers_do_not_make_a_sentence_sound_like_blame() {
    let e = critique_engine();
    for draft in [
        "Uh, honestly, like, the people I, um, met in the loop were, you know, really sharp. \
         I mean, basically, everyone there, kind of, seemed to, like, enjoy the work.",
        "So, um, basically, everyone on the, like, platform team said the, uh, on-call load \
         was, you know, kind of fine, and I mean, they, um, sort of liked the runbooks.",
    ] {
        let r = critique(&e, draft, Some("Why do you want to work here?"));
        assert!(has(&r, FindingCode::Filler), "{draft}");
        assert!(
            !has(&r, FindingCode::BlamesOthers),
            "{draft}: {:?}",
            codes(&r)
        );
    }
}

#[test]
fn a_short_sentence_said_again_is_a_repeat() {
    let e = critique_engine();
    let refrain = "At Corvid Pay I owned the card-retry service and I shipped it two weeks \
                   late. I misjudged the scope. I had not counted the three legacy gateways, \
                   and I told my manager only a week before the date. I misjudged the scope. \
                   Since then I list every integration before I give a date.";
    let spans = spans_of(
        refrain,
        &critique(&e, refrain, None),
        FindingCode::Repetition,
    );
    assert_eq!(spans, ["I misjudged the scope."]);
    // Said once, the same words are no repeat.
    let once = refrain.replacen(" I misjudged the scope.", "", 1);
    assert!(!has(&critique(&e, &once, None), FindingCode::Repetition));
}
