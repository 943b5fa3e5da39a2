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
    let (mut top1, mut top3, mut offered, mut offered_right) = (0, 0, 0, 0);
    let (mut none_fits, mut none_fits_hits) = (0, 0);
    let mut groups: BTreeMap<String, GroupScore> = BTreeMap::new();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut misses = Vec::new();
    for (line, case) in cases {
        let req = MatchRequest {
            question: case.question.clone(),
            top: Some(3),
        };
        let report = engine.rank(&req).await.map_err(engine_error(path, *line))?;
        let got: Vec<String> = report.matches.into_iter().map(|m| m.id).collect();
        let (hit1, hit3) = if case.expect.is_empty() {
            (got.is_empty(), got.is_empty())
        } else {
            let first = got.first().is_some_and(|id| case.expect.contains(id));
            (first, got.iter().any(|id| case.expect.contains(id)))
        };
        top1 += usize::from(hit1);
        top3 += usize::from(hit3);
        if case.expect.is_empty() {
            none_fits += 1;
            none_fits_hits += usize::from(hit1);
        }
        if !got.is_empty() {
            offered += 1;
            offered_right += usize::from(hit1);
        }
        let group = asked_competency(&case.question).map_or(NONE, |c| c.as_str());
        let g = groups.entry(group.to_string()).or_insert(GroupScore {
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
            *confusions.entry((expected, first)).or_default() += 1;
            misses.push(QuestionMiss {
                line: *line,
                question: case.question.clone(),
                expect: case.expect.clone(),
                got,
                in_top3: hit3,
            });
        }
    }
    let mut confusions: Vec<Confusion> = confusions
        .into_iter()
        .map(|((expected, got), count)| Confusion {
            expected,
            got,
            count,
        })
        .collect();
    confusions.sort_by_key(|c| std::cmp::Reverse(c.count));
    Ok(QuestionsEval {
        cases: cases.len(),
        top1,
        top3,
        top1_pct: pct(top1, cases.len()),
        top3_pct: pct(top3, cases.len()),
        precision_pct: pct(offered_right, offered),
        none_fits,
        none_fits_hits,
        none_fits_recall_pct: pct(none_fits_hits, none_fits),
        per_competency: groups.into_values().collect(),
        confusions,
        misses,
    })
}
