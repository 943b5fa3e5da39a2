//! Scores that mean something: seven rubric dimensions, each 0 to 4 against written anchors
//! (docs/critique.md), weighted by what the kind of answer needs, and held down by red flags.

use super::super::analysis::Analysis;
use crate::report::{AnswerKind, Finding, FindingCode, Rubric, Scores, Severity};

/// The rubric of one answer. Every dimension starts from what the answer shows and only loses
/// for findings, so fixing a finding can never lower it.
pub fn rubric(kind: AnswerKind, a: &Analysis, s: &Scores, findings: &[Finding]) -> Rubric {
    let has = |code| has_code(findings, code);
    use FindingCode as F;
    let structure = structure_of(kind, s);
    let ownership = ownership_of(kind, s, findings);
    let impact = quarters(s.result);
    let specificity = specificity_of(kind, a, findings);
    let relevance = if has(F::OffQuestion) {
        0
    } else if has(F::NoOwnership) {
        1
    } else if has(F::NoLearning) {
        2
    } else {
        4
    };
    let vision = if has(F::NoVisionLink) { 1 } else { 4 };
    let lost: u8 = [F::TooLong, F::TooShort, F::Filler, F::Repetition]
        .into_iter()
        .map(|c| 2 * u8::from(has(c)))
        .sum();
    let story_like = matches!(kind, AnswerKind::Story | AnswerKind::Weakness);
    Rubric {
        structure,
        ownership: story_like.then_some(ownership),
        impact: story_like.then_some(impact),
        specificity,
        relevance,
        vision,
        delivery: 4u8.saturating_sub(lost),
    }
}

/// Whether any finding has this code.
fn has_code(findings: &[Finding], code: FindingCode) -> bool {
    findings.iter().any(|f| f.code == code)
}

/// A part score (0 to 100) on the rubric's 0 to 4 scale.
fn quarters(score: u8) -> u8 {
    (f64::from(score) / 25.0).round() as u8
}

/// Structure: the mean of a story's four parts, of a weakness's action and lesson; a prepared
/// answer has no parts to miss.
fn structure_of(kind: AnswerKind, s: &Scores) -> u8 {
    match kind {
        AnswerKind::Story => quarters(
            ((u16::from(s.situation)
                + u16::from(s.task)
                + u16::from(s.action)
                + u16::from(s.result))
                / 4) as u8,
        ),
        AnswerKind::Weakness => quarters(((u16::from(s.action) + u16::from(s.learned)) / 2) as u8),
        AnswerKind::Motivation | AnswerKind::Introduction => 4,
    }
}

/// Ownership from the speaker's own steps, held down by "we", a missing action and blame.
fn ownership_of(kind: AnswerKind, s: &Scores, findings: &[Finding]) -> u8 {
    use FindingCode as F;
    let has = |code| has_code(findings, code);
    // Steps of one's own are ownership: one step is half of it, three or more all of it.
    let mut ownership: u8 = match kind {
        AnswerKind::Story | AnswerKind::Weakness => quarters(s.action).max(1),
        AnswerKind::Motivation | AnswerKind::Introduction => 4,
    };
    if has(F::WeNotI) {
        ownership = ownership.min(2);
    }
    if has(F::MissingAction) {
        ownership = ownership.min(1);
    }
    if has(F::NoOwnership) || has(F::BlamesOthers) {
        ownership = 0;
    }
    ownership
}

/// Specificity from a concrete context or a measured result; a prepared answer is judged
/// only by whether it is generic.
fn specificity_of(kind: AnswerKind, a: &Analysis, findings: &[Finding]) -> u8 {
    let mut specificity: u8 = match (a.specific_context || a.result_metric, a.situation > 0) {
        (true, _) => 4,
        (false, true) => 3,
        (false, false) => 2,
    };
    if matches!(kind, AnswerKind::Motivation | AnswerKind::Introduction) {
        specificity = 4;
    }
    if has_code(findings, FindingCode::Generic) {
        specificity = 0;
    }
    specificity
}

/// What each dimension weighs for a kind: a story is judged on its telling and its result, a
/// weakness on owning it, a prepared answer on being specific and on the vision.
fn weights(kind: AnswerKind) -> [u8; 7] {
    // structure, ownership, impact, specificity, relevance, vision, delivery
    match kind {
        AnswerKind::Story => [3, 2, 2, 1, 2, 1, 1],
        AnswerKind::Weakness => [2, 3, 1, 1, 2, 1, 1],
        AnswerKind::Motivation | AnswerKind::Introduction => [1, 0, 0, 3, 2, 2, 2],
    }
}

/// The highest overall an answer with a finding can reach, however good the rest: red flags
/// hold it far below a clean answer, a missing part or a length outside the limits well below.
fn cap(f: &Finding) -> u8 {
    use FindingCode as F;
    match f.code {
        F::OffQuestion | F::BlamesOthers | F::NoOwnership => 30,
        // Half a minute cannot carry a story's parts, nor a prepared answer's reasons; past
        // the limit (three minutes by default) the listener has stopped following.
        F::Generic | F::TooLong => 35,
        F::TooShort if f.severity == Severity::Error => 35,
        // A story with no step of the speaker's own ("I worked hard and made sure it went
        // well") says nothing of what they can do, one that stops before its outcome nothing
        // of what the work changed; one filler word in ten, or anything said again (a
        // sentence, a run of words; its severity only says how much), is what the listener
        // remembers of it.
        F::MissingAction | F::Filler if f.severity == Severity::Error => 35,
        F::MissingResult | F::Repetition => 35,
        F::MissingAction => 55,
        F::Filler | F::TooShort => 60,
        _ => 100,
    }
}

/// The highest overall of a story missing two or more of its four parts (situation, task,
/// action, result): half a story told is as weak as one that stops before its outcome.
/// `missing-action` counts at either severity: steps told only as "we" leave the speaker's
/// part untold (counting only the error kept one dev and two test weak drafts above 35).
const PARTS_MISSING_CAP: u8 = 35;

/// How many distinct STAR parts the findings say are missing.
fn missing_parts(findings: &[Finding]) -> usize {
    use FindingCode as F;
    let mut codes: Vec<FindingCode> = findings
        .iter()
        .filter(|f| {
            matches!(
                f.code,
                F::MissingSituation | F::MissingTask | F::MissingAction | F::MissingResult
            )
        })
        .map(|f| f.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes.len()
}

/// Points each finding costs on top of the rubric, so two problems weigh more than one.
fn cost(f: &Finding) -> u32 {
    match f.severity {
        Severity::Info => 1,
        Severity::Warning | Severity::Error => 3,
    }
}

/// 0 to 100: the weighted rubric less a little per finding, capped by the worst finding, or at
/// 35 when two or more of a story's parts are missing.
pub fn overall(kind: AnswerKind, r: &Rubric, findings: &[Finding]) -> u8 {
    let dims = [
        r.structure,
        r.ownership.unwrap_or(0),
        r.impact.unwrap_or(0),
        r.specificity,
        r.relevance,
        r.vision,
        r.delivery,
    ];
    let w = weights(kind);
    let total: u32 = w.iter().map(|&x| u32::from(x)).sum();
    let got: u32 = dims
        .iter()
        .zip(w)
        .map(|(&d, x)| u32::from(d.min(4)) * u32::from(x))
        .sum();
    let score = (100 * got + 2 * total) / (4 * total);
    let score = score.saturating_sub(findings.iter().map(cost).sum());
    let ceiling = findings
        .iter()
        .map(cap)
        .chain((missing_parts(findings) >= 2).then_some(PARTS_MISSING_CAP))
        .min()
        .unwrap_or(100);
    (score as u8).min(ceiling)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(code: FindingCode, severity: Severity) -> Finding {
        Finding {
            code,
            severity,
            message: String::new(),
            suggestion: String::new(),
            spans: Vec::new(),
        }
    }

    /// A story that scores 4 on every dimension.
    fn full_marks() -> Rubric {
        Rubric {
            structure: 4,
            ownership: Some(4),
            impact: Some(4),
            specificity: 4,
            relevance: 4,
            vision: 4,
            delivery: 4,
        }
    }

    #[test]
    fn a_story_with_no_step_of_ones_own_is_held_lower_than_one_told_as_we() {
        let full = full_marks();
        let none = [found(FindingCode::MissingAction, Severity::Error)];
        let we = [found(FindingCode::MissingAction, Severity::Warning)];
        assert_eq!(overall(AnswerKind::Story, &full, &[]), 100);
        assert_eq!(overall(AnswerKind::Story, &full, &none), 35);
        assert_eq!(overall(AnswerKind::Story, &full, &we), 55);
    }

    #[test]
    fn a_story_missing_two_of_its_parts_is_weak_and_one_missing_part_costs_less() {
        let full = full_marks();
        let context = [
            found(FindingCode::MissingSituation, Severity::Warning),
            found(FindingCode::MissingTask, Severity::Warning),
        ];
        assert_eq!(overall(AnswerKind::Story, &full, &context), 35);
        assert!(overall(AnswerKind::Story, &full, &context[..1]) > 35);
        // Steps told only as "we" count as a missing part; one code said twice is one part.
        let we_no_scene = [
            found(FindingCode::MissingAction, Severity::Warning),
            found(FindingCode::MissingSituation, Severity::Warning),
        ];
        assert_eq!(overall(AnswerKind::Story, &full, &we_no_scene), 35);
        let twice = [context[0].clone(), context[0].clone()];
        assert!(overall(AnswerKind::Story, &full, &twice) > 35);
    }

    #[test]
    fn an_answer_past_the_speaking_limit_is_held_as_low_as_one_far_too_short() {
        let full = full_marks();
        for (code, severity) in [
            (FindingCode::TooLong, Severity::Warning),
            (FindingCode::TooShort, Severity::Error),
        ] {
            let one = [found(code, severity)];
            assert_eq!(overall(AnswerKind::Story, &full, &one), 35, "{code:?}");
            assert_eq!(
                overall(AnswerKind::Introduction, &full, &one),
                35,
                "{code:?}"
            );
        }
    }

    #[test]
    fn an_answer_just_under_the_floor_is_held_less_than_one_far_under_it() {
        // Not a cliff from 35 to 100 for one more sentence: a few seconds short is thin, not
        // empty.
        let full = full_marks();
        let near = [found(FindingCode::TooShort, Severity::Warning)];
        let far = [found(FindingCode::TooShort, Severity::Error)];
        let (near, far) = (
            overall(AnswerKind::Story, &full, &near),
            overall(AnswerKind::Story, &full, &far),
        );
        assert_eq!((near, far), (60, 35));
    }

    #[test]
    fn a_story_without_its_outcome_or_with_a_sentence_said_twice_is_weak() {
        let full = full_marks();
        // As the critique raises them: no outcome is an error, a sentence said twice a warning.
        for (code, severity) in [
            (FindingCode::MissingResult, Severity::Error),
            (FindingCode::Repetition, Severity::Warning),
        ] {
            let one = [found(code, severity)];
            assert_eq!(overall(AnswerKind::Story, &full, &one), 35, "{code:?}");
        }
    }
}
