//! Answer kinds on labelled questions: how often the kind the question asks for is read right,
//! with recall and precision per kind and every question read as another kind.

use std::path::Path;

use super::{EvalError, KindCase, counts, engine_error, pct};
use crate::engine::{CritiqueRequest, Engine};
use crate::report::{AnswerKind, KindCaseMiss, KindScore, KindsEval};

/// The draft sent with each question: the kind is read from the question alone, so any draft
/// will do; a short one keeps the eval fast.
const DRAFT: &str = "I would answer this question in my own words.";

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
            spoken_seconds: None,
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
    Ok(KindsEval {
        cases: cases.len(),
        right,
        accuracy_pct: pct(right, cases.len()),
        per_kind: per_kind(&read),
        misses,
    })
}

/// Each kind that is labelled or read: labelled with it (`expected`), read as it among those
/// (`recalled`), and read as it though labelled otherwise (`false_alarms`).
fn per_kind(read: &[(AnswerKind, AnswerKind)]) -> Vec<KindScore> {
    AnswerKind::ALL
        .iter()
        .map(|&kind| {
            let expected = read.iter().filter(|(e, _)| *e == kind).count();
            let recalled = read
                .iter()
                .filter(|&&(e, g)| e == kind && g == kind)
                .count();
            let false_alarms = read
                .iter()
                .filter(|&&(e, g)| e != kind && g == kind)
                .count();
            KindScore {
                kind,
                counts: counts(expected, recalled, false_alarms),
            }
        })
        .filter(|k| k.counts.expected + k.counts.false_alarms > 0)
        .collect()
}
