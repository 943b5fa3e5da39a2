//! Answer kinds on labelled questions: how often the kind the question asks for is read right,
//! with recall and precision per kind and every question read as another kind.

use std::path::Path;

use super::{EvalError, KindCase, engine_error, pct};
use crate::engine::{CritiqueRequest, Engine};
use crate::report::{AnswerKind, KindCaseMiss, KindScore, KindsEval};

/// The draft sent with each question: the kind is read from the question, so any draft will
/// do; a short one keeps the eval fast.
const DRAFT: &str = "I would answer this question with a story of my own.";

const KINDS: [AnswerKind; 4] = [
    AnswerKind::Story,
    AnswerKind::Weakness,
    AnswerKind::Motivation,
    AnswerKind::Introduction,
];

pub async fn eval_kinds<E: Engine>(
    engine: &E,
    path: &Path,
    cases: &[(usize, KindCase)],
) -> Result<KindsEval, EvalError> {
    let mut read: Vec<(AnswerKind, AnswerKind)> = Vec::with_capacity(cases.len());
    let mut misses = Vec::new();
    for (line, case) in cases {
        let req = CritiqueRequest {
            draft: DRAFT.into(),
            question: Some(case.question.clone()),
            job: None,
        };
        let got = engine
            .critique(&req)
            .await
            .map_err(engine_error(path, *line))?
            .answer_kind;
        if got != case.kind {
            misses.push(KindCaseMiss {
                line: *line,
                question: case.question.clone(),
                expected: case.kind,
                got,
            });
        }
        read.push((case.kind, got));
    }
    let right = read.iter().filter(|(e, g)| e == g).count();
    let per_kind = KINDS
        .iter()
        .map(|&kind| {
            let expected = read.iter().filter(|(e, _)| *e == kind).count();
            let found = read
                .iter()
                .filter(|&&(e, g)| e == kind && g == kind)
                .count();
            let false_alarms = read
                .iter()
                .filter(|&&(e, g)| e != kind && g == kind)
                .count();
            KindScore {
                kind,
                expected,
                found,
                false_alarms,
                recall_pct: pct(found, expected),
                precision_pct: pct(found, found + false_alarms),
            }
        })
        .filter(|k| k.expected + k.false_alarms > 0)
        .collect();
    Ok(KindsEval {
        cases: cases.len(),
        right,
        accuracy_pct: pct(right, cases.len()),
        per_kind,
        misses,
    })
}
