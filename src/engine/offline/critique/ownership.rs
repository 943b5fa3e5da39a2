//! Owning a failing, or not: the red flag of a failure or weakness answer that admits nothing
//! of the speaker's own, and the readings of owning that blame checks too.

use super::super::data::{self, Words};
use super::flags::span;
use super::{Reading, finding};
use crate::report::{Finding, FindingCode, Severity, Span};
use crate::text::Located;

/// Sentences read as dodging (reflection log-odds of `deflect` above 0) from which an answer
/// with no sentence that plainly owns a failing owns nothing; both chosen on the dev split.
const DODGING_SENTENCES: usize = 3;
/// The reflection model's log-odds of `own` from which a sentence plainly owns a failing.
const PLAIN_OWN: f32 = 1.0;

/// A failure or weakness answer that admits no failing of the speaker's own.
pub fn no_ownership(r: &Reading) -> Option<Finding> {
    let w = data::words();
    let lower = &r.lower;
    // An excuse ("it was outside my control") counts as a dodge unless a failing is also owned
    // plainly: "the outage was outside my control, but having no fallback was my mistake".
    let dodge = w.dodges.find_in(lower).or_else(|| {
        w.excuses
            .find_in(lower)
            .filter(|_| !w.owned_failings.any_in(lower) && !plainly_owns(r))
    });
    let listed = dodge.and_then(|(at, _)| {
        r.sentences
            .iter()
            .find(|(_, c)| contains_byte(lower, c, at))
    });
    // The model reads every sentence, so it is asked only when no listed dodge points at one.
    let spans = match listed {
        Some((_, chars)) => vec![span(chars)],
        None => {
            let dodging = dodging_sentences(r);
            let owns = || r.owns_a_failing() || owns_by_cause(r, w);
            if dodge.is_none() && dodging.is_empty() && owns() {
                return None;
            }
            dodging
        }
    };
    Some(Finding {
        spans,
        ..finding(
            FindingCode::NoOwnership,
            Severity::Error,
            "the answer owns no failing: the question asks for one of yours".into(),
            "own one specific mistake or weakness of your own, what it cost, and what you do differently since",
        )
    })
}

/// The sentences of an answer that the reflection model reads as dodging, when there are several
/// and none reads plainly as owning a failing: "my projects don't really fail" told at length
/// owns nothing, whatever failing word a sentence of it holds.
fn dodging_sentences(r: &Reading) -> Vec<Span> {
    let reads = r.reflections();
    let owned = reads.iter().any(|read| read.own >= PLAIN_OWN);
    let dodging: Vec<Span> = reads
        .iter()
        .zip(&r.sentences)
        .filter(|(read, _)| read.deflect > 0.0)
        .map(|(_, (_, chars))| span(chars))
        .collect();
    if owned || dodging.len() < DODGING_SENTENCES {
        return Vec::new();
    }
    dodging
}

/// Whether the reflection model reads any sentence as plainly owning a failing.
pub(super) fn plainly_owns(r: &Reading) -> bool {
    r.reflections().iter().any(|read| read.own >= PLAIN_OWN)
}

/// "I basically forgot", "my mistake", "I was too slow", "she was right": a failing the speaker
/// owns, said by a first-person word followed closely by a word of failing, or a phrase of owning.
pub(super) fn owns_a_failing(words: &[Located], lower: &str, w: &Words) -> bool {
    const WINDOW: usize = 4;
    if w.owned_failings.any_in(lower) {
        return true;
    }
    words.iter().enumerate().any(|(i, l)| {
        let end = (i + 1 + WINDOW).min(words.len());
        // The object "me" is who was shown or told, not who failed ("the profile showed me the
        // real bottleneck"); "it took me too long" is a phrase of owning.
        w.first_person.contains(&l.word)
            && !matches!(l.word.as_str(), "me" | "myself")
            && (i + 1..end)
                .find(|&at| w.fails_at(words, at))
                .is_some_and(|at| {
                    !words[i + 1..at]
                        .iter()
                        .any(|n| w.denied_or_feared.contains(&n.word))
                })
    })
}

/// "Our API went down after a config push I made", "the estimate I gave was off", "my code
/// reviews came across as harsh", "what I did not check": a sentence with a bad outcome and
/// the speaker's own hand in it, or an omission the speaker names. A sentence that only fears
/// or imagines the outcome ("if", "would", "might") owns nothing.
fn owns_by_cause(r: &Reading, w: &Words) -> bool {
    const NEAR: usize = 3;
    r.sentences.iter().any(|(_, range)| {
        let words: Vec<&str> = r
            .words
            .iter()
            .filter(|l| range.contains(&l.chars.start))
            .map(|l| l.word.as_str())
            .collect();
        if words.iter().any(|x| w.imagined.contains(x)) {
            return false;
        }
        let near = |i: usize| &words[i + 1..(i + 1 + NEAR).min(words.len())];
        let omitted = words.iter().enumerate().any(|(i, x)| {
            matches!(*x, "i" | "i'd" | "i've") && {
                let after = near(i);
                after
                    .iter()
                    .position(|n| w.negations.contains(n))
                    .is_some_and(|at| {
                        words[i + 2 + at..(i + 2 + at + NEAR).min(words.len())]
                            .iter()
                            .any(|v| w.omission_verbs.contains(v))
                    })
            }
        });
        if omitted {
            return true;
        }
        let caused = words.iter().enumerate().any(|(i, x)| match *x {
            "i" => near(i).iter().any(|v| w.causal_verbs.contains(v)),
            "my" => near(i).iter().any(|n| w.own_artifacts.contains(n)),
            _ => false,
        });
        caused && w.bad_outcomes.any_in(&words.join(" "))
    })
}

/// Whether the byte offset `at` of `lower` falls in the sentence at `chars`.
fn contains_byte(lower: &str, chars: &std::ops::Range<usize>, at: usize) -> bool {
    let char_at = lower.get(..at).map_or(0, |p| p.chars().count());
    chars.contains(&char_at)
}
