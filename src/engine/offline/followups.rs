//! Follow-up questions an interviewer would ask next, aimed first at the weakest part of the answer.

use super::analysis::Analysis;
use super::lexicon::lexicon;
use super::query::Query;
use super::vision::VisionTerms;
use crate::report::{AnswerKind, Followup, Target};
use crate::text;

const MIN_FOLLOWUPS: usize = 3;
const MAX_FOLLOWUPS: usize = 6;

fn ask(question: &str, why: &str, targets: Target) -> Followup {
    Followup {
        question: question.into(),
        why: why.into(),
        targets,
    }
}

/// Follow-ups for an analysed answer: gaps first (they are what an interviewer probes), then
/// the question's own competency, then depth questions until there are at least three.
pub fn followups(
    a: &Analysis,
    question: Option<&str>,
    vision: Option<&VisionTerms>,
    kind: AnswerKind,
) -> Vec<Followup> {
    if matches!(kind, AnswerKind::Motivation | AnswerKind::Introduction) {
        return prepared_followups(kind, vision);
    }
    let mut out = gap_followups(a, vision);
    if let Some(q) = question {
        out.extend(competency_followups(q));
    }
    let depth = [
        ask(
            "What alternatives did you consider, and why did you pick this one?",
            "tests whether the actions were chosen or just happened",
            Target::Action,
        ),
        ask(
            "How big was this: how many people, systems or users did it touch?",
            "sizes the scope to judge the level of the role",
            Target::Scope,
        ),
        // Reached only when the answer states its lesson (without one, the gap question asks
        // for it): whether the lesson stuck, not the lesson again.
        ask(
            "Where have you put that lesson to use since?",
            "checks that the lesson changed how you work",
            Target::Learned,
        ),
        ask(
            "Who else had a hand in this, and which part was yours alone?",
            "separates what you owned from what the team did",
            Target::Task,
        ),
    ];
    // An answer that already counts whom or what it touched has said how big it was.
    let sized = text::has_count(&a.text);
    for f in depth {
        if out.len() >= MIN_FOLLOWUPS {
            break;
        }
        if sized && f.targets == Target::Scope {
            continue;
        }
        if !out.iter().any(|o| o.targets == f.targets) {
            out.push(f);
        }
    }
    out.truncate(MAX_FOLLOWUPS);
    out
}

/// A prepared answer is probed for substance, not for STAR parts: what exactly draws the
/// speaker, why now, and what they would do first.
fn prepared_followups(kind: AnswerKind, vision: Option<&VisionTerms>) -> Vec<Followup> {
    let mut out = match kind {
        AnswerKind::Introduction => vec![
            ask(
                "Which part of that background is closest to what this role needs, and why?",
                "tests whether the introduction is aimed at this job",
                Target::Scope,
            ),
            ask(
                "What are you proudest of in that time, and what did it change?",
                "asks for one concrete result behind the summary",
                Target::Result,
            ),
            ask(
                "What are you looking for in your next role that you do not have now?",
                "checks that the move has a reason",
                Target::Task,
            ),
        ],
        _ => vec![
            ask(
                "What do you know about our product and team so far, and what drew you to it?",
                "tests whether the reasons are specific to this employer",
                Target::Scope,
            ),
            ask(
                "Why now: what changed that makes this the right move?",
                "checks the timing and the honesty of the reason",
                Target::Situation,
            ),
            ask(
                "What would you want to have done in your first six months here?",
                "turns motivation into a plan",
                Target::Task,
            ),
        ],
    };
    if let Some(v) = vision {
        out.push(ask(
            &format!(
                "How would this role let you act on what you believe (\"{}\")?",
                v.statement
            ),
            "probes the link to your stated vision",
            Target::Vision,
        ));
    }
    out
}

fn gap_followups(a: &Analysis, vision: Option<&VisionTerms>) -> Vec<Followup> {
    let mut out = Vec::new();
    out.extend(result_followup(a));
    out.extend(action_followup(a));
    if a.situation == 0 {
        out.push(ask(
            "Can you set the scene: where was this, and what was at stake?",
            "the answer gives no context",
            Target::Situation,
        ));
    }
    if a.task == 0 {
        out.push(ask(
            "What exactly were you responsible for?",
            "your goal or responsibility was never stated",
            Target::Task,
        ));
    }
    if a.learned == 0 {
        out.push(ask(
            "What would you do differently next time?",
            "no reflection or lesson was given",
            Target::Learned,
        ));
    }
    if let Some(v) = vision {
        out.push(vision_followup(a, v));
    }
    out
}

/// The result probed: missing, or with nothing measurable in it.
fn result_followup(a: &Analysis) -> Option<Followup> {
    if a.result == 0 {
        Some(ask(
            "So what happened in the end? What was the outcome?",
            "the answer stops before the result",
            Target::Result,
        ))
    } else if !a.result_metric {
        Some(ask(
            "How did you measure that? What number changed, and by how much?",
            "the result has nothing measurable in it",
            Target::Metrics,
        ))
    } else {
        None
    }
}

/// The speaker's own part probed: hidden behind "we", or no actions at all.
fn action_followup(a: &Analysis) -> Option<Followup> {
    if a.we_dominates() {
        Some(ask(
            "You said \"we\" a lot. What was your part, specifically?",
            "\"we\" dominates, so your own role is unclear",
            Target::Action,
        ))
    } else if a.action_i == 0 && a.action_other > 0 {
        Some(ask(
            "What did you do yourself, as opposed to the team?",
            "every step told is someone else's, so your own role is unclear",
            Target::Action,
        ))
    } else if !a.has_action() {
        Some(ask(
            "What did you actually do, step by step?",
            "no concrete actions were described",
            Target::Action,
        ))
    } else {
        None
    }
}

/// The link to the vision probed, through a vision term the answer names when it names one.
fn vision_followup(a: &Analysis, v: &VisionTerms) -> Followup {
    let hits = v.hits(&a.text);
    let q = match hits.first() {
        // Quoted: the term is whatever the vision and the answer share ("incident", "timed
        // out"), which does not read as a noun phrase after "you mentioned".
        Some(term) => {
            format!("You said \"{term}\". What did your work change there, and how did you know?")
        }
        None => format!(
            "How does this connect to what you care about as an engineer (\"{}\")?",
            v.statement
        ),
    };
    Followup {
        question: q,
        why: "probes the link to your stated vision".into(),
        targets: Target::Vision,
    }
}

/// Probes an experienced interviewer uses for specific kinds of question.
fn competency_followups(question: &str) -> Vec<Followup> {
    let query = Query::new(question);
    let Some(&(c, _)) = query.competencies.first() else {
        return Vec::new();
    };
    let probe = lexicon().competencies[c].probe.as_ref();
    probe
        .map(|p| {
            ask(
                &p.question,
                "a standard probe for this kind of question",
                p.targets,
            )
        })
        .into_iter()
        .collect()
}
