//! Critique on labelled drafts: recall and precision per code, the answer kind, and how far
//! apart the scores of strong and weak drafts are.

use std::collections::BTreeMap;
use std::path::Path;

use super::{CritiqueCase, EvalError, Quality, counts, engine_error, pct};
use crate::engine::{CritiqueRequest, Engine};
use crate::report::{
    CodeFamily, CodeScore, Counts, CritiqueEval, CritiqueMiss, CritiqueReport, FamilyScore,
    FindingCode, KindMiss, ScoreSpread,
};

#[derive(Default)]
struct Tally {
    expected: usize,
    recalled: usize,
    false_alarms: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.expected += other.expected;
        self.recalled += other.recalled;
        self.false_alarms += other.false_alarms;
    }

    fn counts(&self) -> Counts {
        counts(self.expected, self.recalled, self.false_alarms)
    }
}

pub async fn eval_critique<E: Engine>(
    engine: &E,
    path: &Path,
    cases: &[(usize, CritiqueCase)],
) -> Result<CritiqueEval, EvalError> {
    let mut totals = Totals::default();
    for (line, case) in cases {
        let req = CritiqueRequest {
            draft: case.draft.clone(),
            question: case.question.clone(),
            job: None,
            spoken_seconds: None,
        };
        let report = engine
            .critique(&req)
            .await
            .map_err(engine_error(path, *line))?;
        totals.record(*line, case, &report);
    }
    Ok(totals.into_eval(cases.len()))
}

/// What the cases add up to as they run; `into_eval` turns it into the report.
#[derive(Default)]
struct Totals {
    per_code: BTreeMap<FindingCode, Tally>,
    kinds_labelled: usize,
    kinds_right: usize,
    strong: Vec<u8>,
    weak: Vec<u8>,
    misses: Vec<CritiqueMiss>,
}

impl Totals {
    /// Scores one case against the engine's critique of its draft.
    fn record(&mut self, line: usize, case: &CritiqueCase, report: &CritiqueReport) {
        let raised: Vec<FindingCode> = report.findings.iter().map(|f| f.code).collect();
        let missing: Vec<FindingCode> = case
            .expect
            .iter()
            .filter(|c| !raised.contains(c))
            .copied()
            .collect();
        let forbidden: Vec<FindingCode> = case
            .forbid
            .iter()
            .filter(|c| raised.contains(c))
            .copied()
            .collect();
        for code in &case.expect {
            let t = self.per_code.entry(*code).or_default();
            t.expected += 1;
            t.recalled += usize::from(raised.contains(code));
        }
        for code in &forbidden {
            self.per_code.entry(*code).or_default().false_alarms += 1;
        }
        let kind = case.kind.filter(|k| *k != report.answer_kind);
        self.kinds_labelled += usize::from(case.kind.is_some());
        self.kinds_right += usize::from(case.kind.is_some() && kind.is_none());
        match case.quality {
            Some(Quality::Strong) => self.strong.push(report.overall),
            Some(Quality::Weak) => self.weak.push(report.overall),
            None => {}
        }
        if !missing.is_empty() || !forbidden.is_empty() || kind.is_some() {
            self.misses.push(CritiqueMiss {
                line,
                question: case.question.clone(),
                missing,
                forbidden,
                raised,
                kind: kind.map(|expected| KindMiss {
                    expected,
                    got: report.answer_kind,
                }),
            });
        }
    }

    /// The report: the sums over every code, then each code and each family on its own.
    fn into_eval(self, cases: usize) -> CritiqueEval {
        let Totals {
            per_code,
            kinds_labelled,
            kinds_right,
            strong,
            weak,
            misses,
        } = self;
        let expected: usize = per_code.values().map(|t| t.expected).sum();
        let recalled: usize = per_code.values().map(|t| t.recalled).sum();
        let violations: usize = per_code.values().map(|t| t.false_alarms).sum();
        let mut per_family: BTreeMap<CodeFamily, Tally> = BTreeMap::new();
        for (code, t) in &per_code {
            per_family.entry(code.family()).or_default().add(t);
        }
        CritiqueEval {
            cases,
            expected,
            recalled,
            recall_pct: pct(recalled, expected),
            violations,
            precision_pct: pct(recalled, recalled + violations),
            per_code: per_code
                .into_iter()
                .map(|(code, t)| CodeScore {
                    code,
                    counts: t.counts(),
                })
                .collect(),
            per_family: per_family
                .into_iter()
                .map(|(family, t)| FamilyScore {
                    family,
                    counts: t.counts(),
                })
                .collect(),
            kinds_labelled,
            kinds_right,
            strong: spread(strong),
            weak: spread(weak),
            misses,
        }
    }
}

/// The highest overall score of a weak answer: the cap of the findings that make one
/// (docs/critique.md, "Scores").
const WEAK_BAND: u8 = 35;

fn spread(mut scores: Vec<u8>) -> ScoreSpread {
    scores.sort_unstable();
    let weak_band = scores.iter().filter(|&&s| s <= WEAK_BAND).count();
    match (scores.first(), scores.last()) {
        (Some(&min), Some(&max)) => ScoreSpread {
            cases: scores.len(),
            min,
            median: scores[scores.len() / 2],
            max,
            weak_max: WEAK_BAND,
            weak_band,
            weak_band_pct: pct(weak_band, scores.len()),
        },
        _ => ScoreSpread {
            weak_band_pct: pct(0, 0),
            ..ScoreSpread::default()
        },
    }
}
