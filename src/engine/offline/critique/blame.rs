//! Running others down or pinning the problem on them (`blames-others`): a judging word, a
//! blaming tone that adds up over the sentences naming others, or failings laid on them.

use super::super::data::{self, Words};
use super::flags::{span, words_of};
use super::ownership::owns_a_failing;
use super::{Reading, finding};
use crate::report::{AnswerKind, Finding, FindingCode, Severity, Span};
use crate::text::{self, Located};

/// The tone model's log-odds of blame per known feature (`Tone::blame`) above which a sentence
/// that names someone else counts towards running them down.
const BLAME_MARGIN: f32 = 0.5;
/// The sum of those sentences' log-odds above the margin from which the answer runs others
/// down; margin and sum chosen on the dev split.
const BLAME_TONE: f32 = 2.5;
/// From this log-odds of a lesson (the reflection model) a sentence that names others next to
/// a failing states a rule, not who failed; chosen on the dev split (0 to 1 alike). Lower than
/// the bar at which an uncued sentence counts as the answer's lesson (`LESSON`, 2.5): to stop
/// counting a sentence as blame takes less evidence than to credit it as a lesson.
const PINNED_LESSON: f32 = 1.0;

/// Sentences that run someone else down or pin the problem on them: one that judges a person,
/// a blaming tone that adds up over the sentences naming others, or failings laid on others
/// twice, or once where the speaker was asked to own one and owns none.
pub fn blames_others(r: &Reading, wants_ownership: bool) -> Option<Finding> {
    let w = data::words();
    let tone = &data::data().tone;
    let mut spans: Vec<Span> = Vec::new();
    // Tone adds up over the answer: one sharp sentence, or a grievance spread over several
    // milder ones ("to be fair, that's typical for them" ... "if they had followed the process").
    let mut toned: Vec<(f32, Span)> = Vec::new();
    let near = people_near(r, w);
    let taken_back = taken_back_questions(r, w);
    for (((s, chars), &people_here), _) in r
        .sentences
        .iter()
        .zip(&near)
        .zip(&taken_back)
        .filter(|(_, back)| !**back)
    {
        let lower = text::lowered(s);
        // A hedge aimed at someone ("with all due respect to the contractors", "to put it
        // diplomatically") veils criticism where people are in view.
        let veiled = people_here && w.veiled_cues.any_in(&lower);
        if veiled || runs_down(&lower, w, people_here) {
            spans.push(span(chars));
        }
        let words = words_of(&r.words, chars);
        // "I'd argued as if I were the only one carrying risk" owns, whoever it names.
        if names_others(words, w, people_here) && !owns_a_failing(words, &lower, w) {
            let excess = tone.blame(&r.plain_sentence(s, chars)) - BLAME_MARGIN;
            if excess > 0.0 {
                toned.push((excess, span(chars)));
            }
        }
    }
    if toned.iter().map(|(excess, _)| excess).sum::<f32>() >= BLAME_TONE {
        spans.extend(toned.into_iter().map(|(_, s)| s));
        spans.sort_by_key(|s| s.start);
        spans.dedup();
    }
    if spans.is_empty() {
        spans = pinned_on_others(r, &near, &taken_back, wants_ownership);
    }
    (!spans.is_empty()).then(|| Finding {
        spans,
        ..finding(
            FindingCode::BlamesOthers,
            Severity::Error,
            "the answer runs down others or puts the problem on them".into(),
            match r.kind {
                // Leaving a job or choosing a new one: the reasons are what draws you, not what
                // you are escaping.
                AnswerKind::Motivation | AnswerKind::Introduction => {
                    "leave the people out of it: say what you want next and why this role gives it"
                }
                AnswerKind::Story | AnswerKind::Weakness => {
                    "describe what others did in neutral words, and spend the answer on what you did and what you would do differently"
                }
            },
        )
    })
}

/// The sentences that pin the problem on others without a word of tone, when they are enough
/// to say so: two of them, or one where the question asks the speaker to own a failing and the
/// answer owns none. A question the speaker takes back (`taken_back`) pins nothing.
fn pinned_on_others(
    r: &Reading,
    near: &[bool],
    taken_back: &[bool],
    wants_ownership: bool,
) -> Vec<Span> {
    let w = data::words();
    let pinned: Vec<Span> = r
        .sentences
        .iter()
        .zip(near)
        .zip(taken_back)
        .filter(|(_, back)| !**back)
        .map(|(sentence, _)| sentence)
        .filter(|((_, chars), here)| pins_on_others(words_of(&r.words, chars), w, **here))
        // "What it showed me is that people live with a decision they disagree with"
        // draws a rule from the story; it pins nothing on anyone in it.
        .filter(|((s, chars), _)| {
            data::data()
                .reflection
                .read(&r.plain_sentence(s, chars))
                .lesson
                < PINNED_LESSON
        })
        .map(|((_, chars), _)| span(chars))
        .collect();
    let enough =
        pinned.len() >= 2 || (!pinned.is_empty() && wants_ownership && !r.owns_a_failing());
    if enough { pinned } else { Vec::new() }
}

/// For each sentence, whether it is a question the speaker takes back: the next sentence opens
/// with a retraction (in its first two words) and speaks of the speaker ("Was it his fault for
/// not finding it sooner? Not at all; I'd left him nothing to go on."), or the question is one
/// of a run so taken back ("Was it his fault? Or QA's? No, it was mine."). Such a question puts
/// the thought of blame only to answer it; one left standing ("who ships on a Friday without a
/// test?") or answered against the one it names ("Did QA catch it? No.") still counts.
fn taken_back_questions(r: &Reading, w: &Words) -> Vec<bool> {
    // The second word may be the one: "Well, no, I...", "Honestly, no...".
    const OPENING: usize = 2;
    let words = r.plain_words();
    let takes_back = |chars: &std::ops::Range<usize>| {
        let said = words_of(words, chars);
        said.iter()
            .take(OPENING)
            .any(|l| w.retractions.contains(&l.word))
            && said.iter().any(|l| w.first_person.contains(&l.word))
    };
    let n = r.sentences.len();
    let mut back = vec![false; n];
    for i in (0..n.saturating_sub(1)).rev() {
        let (question, _) = &r.sentences[i];
        let (_, next) = &r.sentences[i + 1];
        back[i] = text::is_question(question) && (back[i + 1] || takes_back(next));
    }
    back
}

fn runs_down(lower: &str, w: &Words, people_here: bool) -> bool {
    const SUBJECT_WINDOW: usize = 6;
    if w.deflections.any_in(lower) {
        return true;
    }
    let Some((at, _)) = w.disparaging.find_in(lower) else {
        return false;
    };
    // The judgment must fall on a person: "my manager was honestly useless", not "the site
    // felt unreliable"; and not on the speaker ("I was careless" owns a failing).
    let before: Vec<String> = text::words(&lower[..at])
        .into_iter()
        .rev()
        .take(SUBJECT_WINDOW)
        .collect();
    // "The old scripts were fragile, and they were unreliable" judges things.
    let other = |b: &str| w.others.contains(b) && stands_for_people(b, w, people_here);
    let subject = before
        .iter()
        .position(|b| other(b) || w.first_person.contains(b));
    subject.is_some_and(|i| other(&before[i]))
}

/// Whether a sentence names someone other than the speaker: the one a judgment can fall on.
fn names_others(words: &[Located], w: &Words, people_here: bool) -> bool {
    words.iter().any(|l| is_other(&l.word, w, people_here))
}

/// Whether a word names someone else here: a person or group, or "they" where it stands for
/// people.
fn is_other(word: &str, w: &Words, people_here: bool) -> bool {
    (w.third_parties.contains(word) || w.others.contains(word))
        && stands_for_people(word, w, people_here)
}

/// "They" stands for people only where people are in view; elsewhere it is as often things:
/// "the issues ... they blocked a booking", "the leaders were demoted because their
/// heartbeats arrived late" of a cluster's nodes.
fn stands_for_people(word: &str, w: &Words, people_here: bool) -> bool {
    people_here || !w.plural_pronouns.contains(word)
}

/// For each sentence, whether people are in view: it or the one before names a person or a
/// group other than by "they", or "they" goes on standing for the people named before ("The
/// contractors were careless. They never tested. They never retried.").
fn people_near(r: &Reading, w: &Words) -> Vec<bool> {
    let mut near = Vec::with_capacity(r.sentences.len());
    let mut carried = false;
    for (_, chars) in &r.sentences {
        let words = words_of(&r.words, chars);
        let named = words
            .iter()
            .any(|l| is_other(&l.word, w, false) || w.people_nouns.contains(&l.word));
        let here = named || carried;
        near.push(here);
        let pronoun = words.iter().any(|l| w.plural_pronouns.contains(&l.word));
        carried = named || (here && pronoun);
    }
    near
}

/// "The data team never delivered", "QA was slow": a third party followed closely by a word of
/// another's failing or a refusal; not anyone of the kind ("any team that..."). The words of
/// owning a failing are not these: "people tend to come to me", "the team, instead of..." pin
/// nothing on anyone.
fn pins_on_others(words: &[Located], w: &Words, people_here: bool) -> bool {
    const WINDOW: usize = 4;
    words.iter().enumerate().any(|(i, l)| {
        // "Any team that punishes failed experiments..." says how teams go, not who failed here.
        let generic = i > 0 && w.generic_determiners.contains(&words[i - 1].word);
        !generic
            && w.third_parties.contains(&l.word)
            && stands_for_people(&l.word, w, people_here)
            && words[i + 1..(i + 1 + WINDOW).min(words.len())]
                .iter()
                .any(|n| w.others_failing.contains(&n.word))
    })
}
