//! What kind of answer is asked for: read from the question, or from the draft without one.

use super::super::analysis::Analysis;
use super::super::data;
use super::super::lexicon::lexicon;
use super::super::query::Query;
use crate::report::{AnswerKind, CompetencyId};

/// The kind a question asks for; without a question, the kind the draft reads as.
pub fn answer_kind(query: Option<&Query>, draft: &str, analysis: &Analysis) -> AnswerKind {
    match query {
        Some(q) => from_question(q),
        None => from_draft(draft, analysis),
    }
}

/// The competencies a question reads at `STRONG` or more (see [`readings_at`]).
fn strong_readings(query: &Query) -> Vec<(usize, f32)> {
    readings_at(query, STRONG)
}

/// The competencies a question reads at `bar` or more, strongest first, less the weakness
/// where it asks about feedback given: "feedback you had to give" asks how the speaker told
/// someone else, while "a peer gave you feedback" asks for a weakness.
fn readings_at(query: &Query, bar: f32) -> Vec<(usize, f32)> {
    let given = super::stance::asks_to_give(&crate::text::words(&query.raw.to_lowercase()));
    query
        .competencies
        .iter()
        .copied()
        .filter(|&(_, s)| s >= bar)
        .filter(|&(c, _)| !(given && lexicon().competencies[c].id == CompetencyId::Weakness))
        .collect()
}

/// What the question asks about, from its strong readings (`strong_readings`).
fn asked(strong: &[(usize, f32)]) -> Option<CompetencyId> {
    let competencies = &lexicon().competencies;
    let mut strong = strong.iter();
    let &(first, top) = strong.next()?;
    // An open competency that asks for no kind of its own is a frame ("the hardest problem you
    // solved"); a specific one read nearly as strongly beside it says what is asked ("the
    // toughest feedback you got").
    let frame = competencies[first].open && kind_of(competencies[first].id).is_none();
    let specific = strong
        .next()
        .filter(|&&(c, s)| frame && !competencies[c].open && s >= SPECIFIC_SHARE * top);
    Some(competencies[specific.map_or(first, |&(c, _)| c)].id)
}

/// How strongly a competency must read to say what the question asks: half an ask phrase.
const STRONG: f32 = 0.5;

/// How strongly the strongest reading of a question that reads nothing at `STRONG` must read to
/// decide its kind; chosen on the kinds dev split (0.15 to 0.25 alike, 0.35 found none).
const FAINT: f32 = 0.25;

/// How strongly, against the frame, a specific competency must read to be what is asked.
const SPECIFIC_SHARE: f32 = 0.8;

/// The kind a competency asks for whatever the prompt's form, if any: an introduction, or the
/// reasons behind a move.
fn kind_of(id: CompetencyId) -> Option<AnswerKind> {
    use CompetencyId as C;
    match id {
        C::Introduction | C::PastJob => Some(AnswerKind::Introduction),
        C::MotivationRole
        | C::Leaving
        | C::CareerGoal
        | C::CareerPath
        | C::Visa
        | C::Vision
        | C::QuestionsForUs => Some(AnswerKind::Motivation),
        _ => None,
    }
}

fn from_question(query: &Query) -> AnswerKind {
    // "Tell me about a goal you didn't meet", "Walk me through a project at your last job":
    // a story prompt asks for a story whatever its topic.
    let story = query.wants_story();
    let strong = strong_readings(query);
    let asked = asked(&strong);
    // "Why backend?", "Why do you want to work at X?": a why asks for reasons, not a story.
    // "What are your salary expectations?", "When could you start?": a question no story
    // answers, and that is no story prompt, asks for a prepared answer, not a STAR story.
    let otherwise = if query.is_why() || query.reads_as_none(&super::super::rank::WEIGHTS) {
        AnswerKind::Motivation
    } else {
        AnswerKind::Story
    };
    match asked {
        // "Tell me about a time you got critical feedback" is a weakness told as a story: it
        // needs no scene-setting, it needs the failing owned.
        Some(CompetencyId::Weakness) => AnswerKind::Weakness,
        _ if story => AnswerKind::Story,
        _ => kind_beside_topic(&strong)
            .or_else(|| faint_kind(query, &strong))
            .unwrap_or(otherwise),
    }
}

/// For a question that is no story prompt, the kind asked by one of its strong readings
/// (`strong_readings`) that asks for a kind of its own: a weakness if one reads so, else the strongest of an
/// introduction (or a past job) and the reasons for a move. Such a competency says what form of
/// answer is wanted, so it wins over a topic read beside it, however strongly: a phrase fires
/// on one incidental word ("lead" in "how did your career lead you here?", "own" in "what do
/// you own in your current role?"), while the classifier reads the whole question.
fn kind_beside_topic(strong: &[(usize, f32)]) -> Option<AnswerKind> {
    let id = |c: usize| lexicon().competencies[c].id;
    // A weakness is the narrowest of the kinds: "what would you change about yourself?" names
    // the self of an introduction and asks for a weakness.
    if strong.iter().any(|&(c, _)| id(c) == CompetencyId::Weakness) {
        return Some(AnswerKind::Weakness);
    }
    strong.iter().find_map(|&(c, _)| kind_of(id(c)))
}

fn from_draft(draft: &str, a: &Analysis) -> AnswerKind {
    let lower = crate::text::lowered(draft);
    let words = data::words();
    if words.weakness_cues.any_in(&lower) {
        return AnswerKind::Weakness;
    }
    let told_a_story = a.action_i > 0 && (a.result > 0 || a.situation > 0);
    if told_a_story && a.action_i >= 2 {
        return AnswerKind::Story;
    }
    // Only the opening words are split: a draft may be 64 KiB.
    let openings = &words.introduction_openings;
    let first: String = lower
        .split_whitespace()
        .take(openings.longest())
        .collect::<Vec<_>>()
        .join(" ");
    if openings.opens(&crate::text::words(&first)) {
        return AnswerKind::Introduction;
    }
    if words.motivation_cues.any_in(&lower) && !told_a_story {
        return AnswerKind::Motivation;
    }
    AnswerKind::Story
}

/// Whether the question asks the speaker to own a failing (a failure, mistake or weakness).
/// A question asks about a failing when it reads as failure or weakness, or when it names a bad
/// outcome ("a deadline you missed", "a launch that was delayed", "went badly").
pub fn wants_ownership(query: Option<&Query>, kind: AnswerKind) -> bool {
    let Some(query) = query else {
        return kind == AnswerKind::Weakness;
    };
    let Outcomes {
        own,
        theirs,
        repaired,
    } = bad_outcomes(query);
    // "A colleague's mistake landed on your plate" gives the failing to someone else; "a
    // time you fixed a recurring failure" asks about the repair.
    if kind != AnswerKind::Weakness && theirs + repaired > 0 && own == 0 {
        return false;
    }
    kind == AnswerKind::Weakness
        || asked(&strong_readings(query))
            .is_some_and(|c| matches!(c, CompetencyId::Failure | CompetencyId::Weakness))
        || (kind == AnswerKind::Story && own > 0)
}

/// Whether the only bad outcomes a question names are ones the speaker repaired or came through
/// ("a time you fixed a recurring failure", "delivered despite a major setback"): a story that
/// ends well answers it.
pub fn asks_only_repaired(query: &Query) -> bool {
    let o = bad_outcomes(query);
    o.own == 0 && o.repaired > 0
}

/// The words of a bad outcome a question names: those the speaker may own ("a deadline you
/// missed", "a launch that was delayed"), those it gives to someone else ("a colleague's
/// mistake", "their failure"), and those it names as what was repaired ("you fixed a failure").
struct Outcomes {
    own: usize,
    theirs: usize,
    repaired: usize,
}

fn bad_outcomes(query: &Query) -> Outcomes {
    /// How far before a failing word a repair verb still takes it as its object.
    const REPAIR_WINDOW: usize = 3;
    let w = data::words();
    let words = crate::text::words(&query.raw.to_lowercase());
    let mut out = Outcomes {
        own: 0,
        theirs: 0,
        repaired: 0,
    };
    for (i, word) in words.iter().enumerate() {
        if !w.failure_question_words.has(word) {
            continue;
        }
        // The words drop a possessive's "'s": "a colleague's mistake" reads "colleague mistake".
        // "Your team missed a deadline" is the speaker's own team.
        let someone_elses = i.checked_sub(1).is_some_and(|p| {
            let before = words[p].as_str();
            let yours = p.checked_sub(1).is_some_and(|q| words[q] == "your");
            !yours
                && (w.others.contains(before)
                    || w.third_parties.contains(before)
                    || before == "someone")
        });
        // "A failing dependency", "the failing test": a thing that fails, named.
        let a_thing = word.ends_with("ing")
            && i.checked_sub(1)
                .is_some_and(|p| matches!(words[p].as_str(), "a" | "an" | "the"))
            && words.get(i + 1).is_some_and(|n| n != "of");
        let repaired = words[i.saturating_sub(REPAIR_WINDOW)..i]
            .iter()
            .any(|b| w.repair_verbs.contains(b));
        if someone_elses || a_thing {
            out.theirs += 1
        } else if repaired {
            out.repaired += 1
        } else {
            out.own += 1
        }
    }
    out
}

/// For a question that is no story prompt and reads nothing strongly, the kind its strongest
/// reading at `FAINT` or more asks for, read as [`kind_beside_topic`] reads a strong one: "what
/// do people usually tell you to work on?" reads a weakness at under half an ask phrase and
/// nothing else, and asks for one.
fn faint_kind(query: &Query, strong: &[(usize, f32)]) -> Option<AnswerKind> {
    if !strong.is_empty() {
        return None;
    }
    let faint = readings_at(query, FAINT);
    kind_beside_topic(faint.get(..1)?)
}
