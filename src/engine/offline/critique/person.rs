//! Whether an answer about the person (who they are, why they move, where they are going,
//! their weakness) answers what was asked: not one story told step by step, not a story or a
//! list with no reason in it, not one incident for an introduction, and not talk of something
//! else entirely (the talk model).

use super::super::data::{self, WordList};
use super::super::lexicon::lexicon;
use super::super::query::Query;
use super::super::sentences::Move;
use super::super::talk::Talk;
use super::Reading;
use super::flags::{span, words_of};
use super::relevance::Missed;
use crate::report::{AnswerKind, CompetencyId, Span};
use crate::text;

/// Sentences from which an answer about the person says enough to miss what was asked.
const TALK_SENTENCES: usize = 2;

/// The talk model's odds (`TalkReading::odds`) from which a sentence talks of what was asked:
/// one only barely likelier that than anything else ("It slows everybody down", a weakness by
/// 0.01, in an answer about a colleague's habits) says too little. Chosen on the dev split: at
/// 0 (about the likeliest reading) 88 of 111 off-question answers were found, at 0.1 90, at 0.2
/// to 0.3 91 with 1 more false alarm, at 0.5 91 with 2 more. It must stay above 0, where a
/// sentence of words the model never saw would talk of everything.
const TALK_ODDS: f32 = 0.25;
const _: () = assert!(TALK_ODDS > 0.0);

/// An answer about the person with no sentence of what was asked, by the talk model: an
/// introduction with no sentence of the career, a why with no reason, a goal question with
/// neither a goal nor a reason, a weakness question with no weakness of the speaker's own (and
/// no failing owned, in so many words or by the reflection model).
pub(super) fn talks_of_something_else(r: &Reading) -> Option<Missed> {
    let q = r.query.as_deref()?;
    let (wanted, message, suggestion): (&[Talk], &'static str, &'static str) = match r.kind {
        AnswerKind::Introduction => (
            &[Talk::Career],
            "the answer says nothing of who you are at work",
            "open with your role and your years in it, what you work on now and what you are known for; pay, hobbies and questions can wait",
        ),
        AnswerKind::Weakness if !r.owns_a_failing() && !super::ownership::plainly_owns(r) => (
            &[Talk::Weakness],
            "the answer names no weakness of your own",
            "name a weakness of your own: how it shows in your work, what it cost, and what you do about it",
        ),
        AnswerKind::Motivation if asks_plainly(q, &[CompetencyId::CareerGoal]) => (
            &[Talk::Goal, Talk::Reason],
            "the answer says nothing of where you want to go",
            "say where you want to be and why: the work, the scope, and how this role leads there",
        ),
        // A motive in a phrase ("want to join", "your mission") is a reason, whatever its
        // sentence reads as; so is a layoff, a closure or a contract's end told plainly. A
        // single motive word is not: "because" and "role" are in any account of a job or an
        // incident, and the talk model reads the sentence they stand in (on dev, 2 more found,
        // no new false alarm).
        AnswerKind::Motivation
            if asks_for_reasons(q)
                && !data::words().motivation_cues.any_in(&r.lower)
                && !data::words().forced_moves.any_in(&r.lower) =>
        {
            (
                &[Talk::Reason],
                "the answer gives no reason for the move",
                "say what you want and why: what draws you to the role, what you bring to it, and where it leads",
            )
        }
        _ => return None,
    };
    let asked = r.sentences.len() < TALK_SENTENCES
        || r.talks()
            .iter()
            .any(|t| wanted.iter().any(|&w| t.odds(w) >= TALK_ODDS));
    (!asked).then_some((message, suggestion, Vec::new()))
}

/// Steps from which a motivation or introduction answer is one story told step by step, and
/// the share of its sentences they must be; chosen on the dev split, where no answer that
/// answers the question has more than two.
const STORY_STEPS: usize = 3;
const STORY_SHARE: f64 = 0.3;

/// Distinct career words from which an introduction is a career told over time ("I graduated
/// in 2015 and joined...", "for the last three years I've led..."), whose achievements read as
/// steps, rather than one incident: one is not enough ("the cluster started rejecting writes").
/// Chosen on the dev split (1 lost an incident told as the introduction, 2 and 3 did not).
const CAREER_TOLD: usize = 2;

/// A motivation or introduction answer that is one story told step by step ("At 2:14 I was
/// paged... at 2:31 I rotated the certificate..."), whatever reasons it holds along the way:
/// the sentences the moves model reads as the speaker's steps, when they are many, or `None`.
/// An introduction that tells a career over time ([`CAREER_TOLD`]) is not one story.
pub(super) fn told_step_by_step(r: &Reading) -> Option<Vec<Span>> {
    // "Why did you choose Kafka?" is a why, and its answer may well be the steps that led there.
    if !r.query.as_deref().is_some_and(asks_of_the_person) {
        return None;
    }
    let moves = &data::data().moves;
    let read: Vec<Move> = r
        .sentences
        .iter()
        .map(|(s, c)| moves.read(&r.plain_sentence(s, c)))
        .collect();
    // "I killed the query, and checkout recovered within five minutes" between two steps
    // reads as its outcome and is a step of the run as much; achievements listed one after
    // another ("At Fernhill I got the page load under a second. I hit every date.") are not.
    let opens_with_me = |c: &std::ops::Range<usize>| {
        text::speaker_opens(words_of(&r.words, c).iter().map(|l| l.word.as_str()))
    };
    let step_beside =
        |i: usize| (i > 0 && read[i - 1] == Move::Step) || read.get(i + 1) == Some(&Move::Step);
    let steps: Vec<Span> = r
        .sentences
        .iter()
        .enumerate()
        .filter(|&(i, (_, c))| match read[i] {
            Move::Step => true,
            Move::Outcome => opens_with_me(c) && step_beside(i),
            _ => false,
        })
        .map(|(_, (_, c))| span(c))
        .collect();
    let many =
        steps.len() >= STORY_STEPS && steps.len() as f64 >= STORY_SHARE * r.sentences.len() as f64;
    let career = || career_words_told(&text::words(&r.lower)) >= CAREER_TOLD;
    (many && !(r.kind == AnswerKind::Introduction && career())).then_some(steps)
}

/// How many distinct career words ("years", "since", "joined", "role": `career_words`) an
/// answer's words hold: none in an introduction told as one incident, [`CAREER_TOLD`] or more
/// in a career told over time.
fn career_words_told(words: &[String]) -> usize {
    let w = data::words();
    let mut career: Vec<&String> = words
        .iter()
        .filter(|x| w.career_words.contains(x))
        .collect();
    career.sort_unstable();
    career.dedup();
    career.len()
}

/// Whether a question asks who the speaker is or why they move (an introduction, a past job,
/// why this role, why leave, goals, the path so far, the vision): the questions that one story
/// does not answer.
fn asks_of_the_person(q: &Query) -> bool {
    use CompetencyId as C;
    asks_plainly(
        q,
        &[
            C::Introduction,
            C::PastJob,
            C::MotivationRole,
            C::Leaving,
            C::CareerGoal,
            C::CareerPath,
            C::Vision,
        ],
    )
}

/// Whether the question reads one of `ids` at half an ask phrase or more.
fn asks_plainly(q: &Query, ids: &[CompetencyId]) -> bool {
    q.competencies
        .iter()
        .any(|&(c, s)| s >= 0.5 && ids.contains(&lexicon().competencies[c].id))
}

/// A question about the speaker's motives answered with a story that says nothing of why. (A
/// why about a choice in the work, "Why did you choose Kafka?", may be answered by its story;
/// an introduction owes no reasons, and is off only when it is one story told step by step or
/// one incident with no career in it, see [`told_step_by_step`] and
/// [`story_for_introduction`].)
pub(super) fn story_for_motivation(r: &Reading) -> bool {
    let a = &r.analysis;
    let lower = &r.lower;
    r.kind == AnswerKind::Motivation
        && r.query.as_deref().is_some_and(asks_of_the_person)
        && a.action_i >= 2
        && a.result > 0
        && words_without_motive(lower, None).is_some()
}

/// A question of reasons answered with none and hardly a word of work ("outside of work I
/// boulder" to "what do you hope to find in your next role?"); a layoff told plainly has no
/// reason word either, but speaks of the company. [`story_for_motivation`] is the story form.
pub(super) fn gives_no_reason(r: &Reading) -> bool {
    let w = data::words();
    if r.kind != AnswerKind::Motivation || !r.query.as_deref().is_some_and(asks_for_reasons) {
        return false;
    }
    let Some(words) = words_without_motive(&r.lower, Some(&w.career_words)) else {
        return false;
    };
    let mut of_work: Vec<&String> = words.iter().filter(|x| w.work_words.contains(x)).collect();
    of_work.sort();
    of_work.dedup();
    of_work.len() < 2
}

/// The draft's words when it gives no motive in so many words: no motivation cue, and none of
/// its words a motivation word or (when given) one of `extra_motives`; `None` when it gives one.
fn words_without_motive(lower: &str, extra_motives: Option<&WordList>) -> Option<Vec<String>> {
    let w = data::words();
    if w.motivation_cues.any_in(lower) {
        return None;
    }
    let words = text::words(lower);
    let motive = words
        .iter()
        .any(|x| w.motivation_words.contains(x) || extra_motives.is_some_and(|l| l.contains(x)));
    (!motive).then_some(words)
}

/// Whether a question asks for the speaker's reasons to move or aims: why this role, why
/// leave, where they are going. A vision or the path so far is told, not argued, so it owes
/// no reason.
fn asks_for_reasons(q: &Query) -> bool {
    use CompetencyId as C;
    asks_plainly(q, &[C::MotivationRole, C::Leaving, C::CareerGoal])
}

/// An introduction answered with one incident: a scene, a step of the speaker's and an outcome,
/// no opening on who the speaker is ("I'm a...", "my name is"), and no word of a career told
/// over time ("years", "since", "currently", "role"). The moves model may read too few of its
/// steps for [`told_step_by_step`] ("I read the guideline they cited, redesigned the
/// paywall...").
pub(super) fn story_for_introduction(r: &Reading) -> bool {
    let a = &r.analysis;
    let incident =
        r.kind == AnswerKind::Introduction && a.situation > 0 && a.action_i >= 1 && a.result > 0;
    // The words are split only for an answer that already reads as one incident.
    incident && {
        let w = data::words();
        let words = text::words(&r.lower);
        !w.introduction_openings.anywhere(&words) && career_words_told(&words) == 0
    }
}
