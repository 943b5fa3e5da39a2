//! Question matching on labelled cases: top-1 and top-3, precision of what is offered, recall of
//! "nothing fits", and where the misses go.

use std::collections::BTreeMap;
use std::path::Path;

use super::{EvalError, QuestionCase, engine_error, pct};
use crate::engine::offline::asked_competency;
use crate::engine::{Engine, MatchRequest};
use crate::report::{Confusion, GroupScore, QuestionMiss, QuestionsEval};

const NONE: &str = "(none)";

pub async fn eval_questions<E: Engine>(
    engine: &E,
    path: &Path,
    cases: &[(usize, QuestionCase)],
) -> Result<QuestionsEval, EvalError> {
    let mut totals = Totals::default();
    for (line, case) in cases {
        let req = MatchRequest {
            question: case.question.clone(),
            top: Some(3),
        };
        let report = engine.rank(&req).await.map_err(engine_error(path, *line))?;
        let got: Vec<String> = report.matches.into_iter().map(|m| m.id).collect();
        totals.record(*line, case, got);
    }
    Ok(totals.into_eval(cases.len()))
}

/// What the cases add up to as they run; `into_eval` turns it into the report.
#[derive(Default)]
struct Totals {
    top1: usize,
    top3: usize,
    offered: usize,
    offered_right: usize,
    none_fits: usize,
    none_fits_hits: usize,
    groups: BTreeMap<String, GroupScore>,
    confusions: BTreeMap<(String, String), usize>,
    misses: Vec<QuestionMiss>,
}

impl Totals {
    /// Scores one case against the ids the engine offered for it, best first.
    fn record(&mut self, line: usize, case: &QuestionCase, got: Vec<String>) {
        let (hit1, hit3) = if case.expect.is_empty() {
            (got.is_empty(), got.is_empty())
        } else {
            let first = got.first().is_some_and(|id| case.expect.contains(id));
            (first, got.iter().any(|id| case.expect.contains(id)))
        };
        self.top1 += usize::from(hit1);
        self.top3 += usize::from(hit3);
        if case.expect.is_empty() {
            self.none_fits += 1;
            self.none_fits_hits += usize::from(hit1);
        }
        if !got.is_empty() {
            self.offered += 1;
            self.offered_right += usize::from(hit1);
        }
        let group = asked_competency(&case.question).map_or(NONE, |c| c.as_str());
        let g = self.groups.entry(group.to_string()).or_insert(GroupScore {
            group: group.to_string(),
            cases: 0,
            top1: 0,
            offered: 0,
            offered_right: 0,
        });
        g.cases += 1;
        g.top1 += usize::from(hit1);
        g.offered += usize::from(!got.is_empty());
        g.offered_right += usize::from(hit1 && !got.is_empty());
        if !hit1 {
            let expected = if case.expect.is_empty() {
                NONE.to_string()
            } else {
                case.expect.join("|")
            };
            let first = got.first().map_or(NONE, String::as_str).to_string();
            *self.confusions.entry((expected, first)).or_default() += 1;
            self.misses.push(QuestionMiss {
                line,
                question: case.question.clone(),
                expect: case.expect.clone(),
                got,
                in_top3: hit3,
            });
        }
    }

    /// The report, with the confusions most frequent first.
    fn into_eval(self, cases: usize) -> QuestionsEval {
        let mut confusions: Vec<Confusion> = self
            .confusions
            .into_iter()
            .map(|((expected, got), count)| Confusion {
                expected,
                got,
                count,
            })
            .collect();
        confusions.sort_by_key(|c| std::cmp::Reverse(c.count));
        QuestionsEval {
            cases,
            top1: self.top1,
            top3: self.top3,
            top1_pct: pct(self.top1, cases),
            top3_pct: pct(self.top3, cases),
            precision_pct: pct(self.offered_right, self.offered),
            none_fits: self.none_fits,
            none_fits_hits: self.none_fits_hits,
            none_fits_recall_pct: pct(self.none_fits_hits, self.none_fits),
            per_competency: self.groups.into_values().collect(),
            confusions,
            misses: self.misses,
        }
    }
}
