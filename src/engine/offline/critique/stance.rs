//! Whether a story tells the other side of what the question asks: being mentored for "a time
//! you mentored someone", everyone agreeing for "a time you disagreed".

use super::super::data::{self, StemList, Words};
use super::Reading;
use super::flags::span;
use crate::report::{AnswerKind, Span};
use crate::text::{self, Located};

/// Words before an act's word within which the speaker stands as its doer ("I then coached",
/// "I asked her to mentor me" is caught as received first).
const DOER_WINDOW: usize = 4;
/// Words after an act's word within which "me" makes the speaker its receiver ("coached me",
/// "convinced me to stay").
const RECEIVER_WINDOW: usize = 2;

/// The sentences a story needs for the turns model to say which way it goes.
const TOLD_SENTENCES: usize = 3;

/// The other side of the question a story tells, with the sentences that tell it.
pub(super) enum OtherSide {
    /// The asked act done to the speaker, never by them.
    Received(Vec<Span>),
    /// Agreement all round where a disagreement was asked for.
    Agreed(Vec<Span>),
    /// A smooth ride where a setback, a refusal or a risk was asked for.
    Smooth(Vec<Span>),
}

/// How a story answer tells the other side of what its question asks, if it does.
pub(super) fn other_side(r: &Reading, question: &str) -> Option<OtherSide> {
    if r.kind != AnswerKind::Story {
        return None;
    }
    let asked = text::words(question);
    let w = data::words();
    if let Some(family) = asked_act(&asked, w) {
        let (mut received, done) = act_roles(&r.words, family, w);
        if !done && (!received.is_empty() || mostly_done_to(&r.words)) {
            if received.is_empty() {
                received = r
                    .words
                    .iter()
                    .filter(|l| l.word == "me")
                    .map(|l| l.chars.start)
                    .collect();
            }
            let spans = sentences_holding(r, &received);
            return Some(OtherSide::Received(spans));
        }
    }
    let asks_disagreement = asked.iter().any(|x| w.disagreement_asked.has(x))
        || asked
            .windows(2)
            .any(|p| p[0].starts_with("push") && p[1] == "back");
    if asks_disagreement && let Some(spans) = agreed_only(r, w) {
        return Some(OtherSide::Agreed(spans));
    }
    let asks_friction = asks_disagreement
        || asked.iter().any(|x| w.friction_asked.has(x))
        || w.friction_asked_cues.any_in(&asked.join(" "));
    if asks_friction {
        return smooth_only(r).map(OtherSide::Smooth);
    }
    None
}

/// The sentences that turn along the grain, when none turns against it: by the turns model,
/// each read as more likely one way than any other reading. (A bar above even odds for
/// "against" found more on dev, and more false alarms: 0.5 found 3 more at 6 more.)
fn smooth_only(r: &Reading) -> Option<Vec<Span>> {
    let w = data::words();
    // A line or two is too short to say which way a story turns ("I fixed the bug and it
    // worked" is too short, and owns nothing, before it is smooth).
    if r.sentences.len() < TOLD_SENTENCES
        || r.words.iter().any(|l| w.failing_words.has(&l.word))
        || w.bad_outcomes.any_in(&r.lower)
    {
        return None;
    }
    let turns = &data::data().turns;
    let mut smooth = Vec::new();
    for (s, c) in &r.sentences {
        let (against, along) = turns.read(&r.plain_sentence(s, c));
        if against > 0.0 {
            return None;
        }
        if along > 0.0 {
            smooth.push(span(c));
        }
    }
    (!smooth.is_empty()).then_some(smooth)
}

/// The family of acts on others the question asks the speaker to have done: "a time you
/// mentored", "give a peer difficult feedback"; not "who mentored you", "were you ever coached"
/// or "feedback you've had".
fn asked_act<'a>(words: &[String], w: &'a Words) -> Option<&'a StemList> {
    words.iter().enumerate().find_map(|(i, word)| {
        let family = w.acts_on_others.iter().find(|f| f.has(word))?;
        let before = &words[i.saturating_sub(DOER_WINDOW)..i];
        if w.act_nouns.contains(word) {
            let after = &words[i + 1..(i + 1 + NOUN_AFTER).min(words.len())];
            return given_noun(before, after, w).then_some(family);
        }
        let after = &words[i + 1..(i + 1 + RECEIVER_WINDOW).min(words.len())];
        let received = after.iter().any(|a| a.starts_with("you"))
            || before.iter().any(|b| w.act_receiving.contains(b));
        (!received).then_some(family)
    })
}

/// Whether a question's words ask the speaker to give an act named by a noun: "give a
/// teammate hard feedback", "feedback that you delivered"; not "a peer gave you feedback" or
/// "feedback you received".
pub(super) fn asks_to_give(words: &[String]) -> bool {
    let w = data::words();
    words.iter().enumerate().any(|(i, word)| {
        w.act_nouns.contains(word) && {
            let before = &words[i.saturating_sub(DOER_WINDOW)..i];
            let after = &words[i + 1..(i + 1 + NOUN_AFTER).min(words.len())];
            given_noun(before, after, w)
        }
    })
}

/// Words after an act's noun within which "you" and a giving verb ask the speaker to have
/// given it ("feedback that you delivered").
const NOUN_AFTER: usize = 3;

fn given_noun(before: &[String], after: &[String], w: &Words) -> bool {
    let gave = |x: &String| w.giving_verbs.contains(x);
    let you = |x: &String| x.starts_with("you");
    let before_given = before
        .iter()
        .rposition(gave)
        .is_some_and(|g| !before[g..].iter().any(you));
    let after_given = after
        .iter()
        .position(you)
        .is_some_and(|y| after[y..].iter().any(gave));
    before_given || after_given
}

/// Whether the speaker is more often the one things are done to than the one doing them to
/// someone: "she met with me ... walked me through ... had me shadow her" (three or more and
/// more than "him", "her", "them" and their possessives, or two with none of those).
fn mostly_done_to(words: &[Located]) -> bool {
    let count = |set: &[&str]| {
        words
            .iter()
            .filter(|l| set.contains(&l.word.as_str()))
            .count()
    };
    let me = count(&["me"]);
    let others = count(&["him", "her", "them", "his", "their"]);
    (me >= 3 && me > others) || (me >= 2 && others == 0)
}

/// Where the draft has the act done to the speaker, and whether the speaker does it anywhere.
fn act_roles(words: &[Located], family: &StemList, w: &Words) -> (Vec<usize>, bool) {
    let mut received = Vec::new();
    let mut done = false;
    for (i, l) in words.iter().enumerate() {
        if !family.has(&l.word) {
            continue;
        }
        let after = &words[i + 1..(i + 1 + RECEIVER_WINDOW).min(words.len())];
        let before = &words[i.saturating_sub(DOER_WINDOW)..i];
        let subject = |b: &Located| is_subject(&b.word);
        let prev = i.checked_sub(1).map(|p| words[p].word.as_str());
        // "I was mentored", "I got coached", "I received mentoring"; "I was coaching" does it.
        let passive = prev.is_some_and(|p| {
            w.act_receiving.contains(p)
                && (!l.word.ends_with("ing") || p.starts_with("receiv"))
                && before.iter().any(subject)
        });
        let to_me = after.iter().any(|a| a.word == "me");
        let my_doer = prev == Some("my") && w.act_doers.contains(&l.word);
        if to_me || passive || my_doer {
            received.push(l.chars.start);
        } else if before.iter().any(subject) || prev == Some("my") {
            done = true;
        }
    }
    (received, done)
}

/// A word that makes the speaker the subject of what follows.
fn is_subject(word: &str) -> bool {
    matches!(
        word,
        "i" | "i'd" | "i've" | "i'm" | "i'll" | "we" | "we'd" | "we've"
    )
}

/// The sentences that say all agreed, when no word of the draft tells of a disagreement.
fn agreed_only(r: &Reading, w: &Words) -> Option<Vec<Span>> {
    if r.words.iter().any(|l| w.disagreement_words.has(&l.word))
        || w.disagreement_cues.any_in(&r.lower)
    {
        return None;
    }
    // A disagreement told ends in agreement often enough; agreement from the start is none.
    let first_half = r.sentences.len().div_ceil(2);
    let spans: Vec<Span> = r
        .sentences
        .iter()
        .take(first_half)
        .filter(|(s, _)| w.agreement_cues.any_in(&text::lowered(s)))
        .map(|(_, c)| span(c))
        .collect();
    (!spans.is_empty()).then_some(spans)
}

/// The sentences that hold any of the given character offsets.
fn sentences_holding(r: &Reading, offsets: &[usize]) -> Vec<Span> {
    r.sentences
        .iter()
        .filter(|(_, c)| offsets.iter().any(|o| c.contains(o)))
        .map(|(_, c)| span(c))
        .collect()
}
