//! Tailor on labelled postings: does the plan bring the stories a coach would, and does the
//! to-write list hold the real gaps and nothing else?

use std::path::Path;

use super::{EvalError, PostingCase, engine_error, pct};
use crate::engine::{Engine, TailorRequest};
use crate::report::{PostingScore, PostingsEval, TailorReport};

/// Runs the cases labelled for `bank` (all of them when `None`); job paths are relative to
/// the cases file.
pub async fn eval_postings<E: Engine>(
    engine: &E,
    path: &Path,
    cases: &[(usize, PostingCase)],
    bank: Option<&str>,
) -> Result<PostingsEval, EvalError> {
    let chosen: Vec<&(usize, PostingCase)> = cases
        .iter()
        .filter(|(_, c)| bank.is_none_or(|b| c.bank == b))
        .collect();
    // A misspelt bank would run nothing and pass every bar.
    if let Some(bank) = bank
        && chosen.is_empty()
    {
        let mut labels: Vec<&str> = cases.iter().map(|(_, c)| c.bank.as_str()).collect();
        labels.sort_unstable();
        labels.dedup();
        return Err(EvalError::NoneForBank {
            path: path.to_path_buf(),
            bank: bank.to_string(),
            labels: labels.join(", "),
        });
    }
    let mut totals = Totals::default();
    for (line, case) in chosen {
        let job = read_job(path, *line, &case.job)?;
        let req = TailorRequest {
            job,
            count: None,
            max_reuse: None,
            target_seconds: None,
        };
        let report = engine
            .tailor(&req)
            .await
            .map_err(engine_error(path, *line))?;
        totals.record(*line, case, &report);
    }
    Ok(totals.into_eval())
}

/// The posting's text, `job` taken from the cases file's directory; a failed read names the
/// case.
fn read_job(path: &Path, line: usize, job: &Path) -> Result<String, EvalError> {
    let job_path = path.parent().unwrap_or(Path::new(".")).join(job);
    let text = std::fs::read_to_string(&job_path).map_err(|e| EvalError::Case {
        path: path.to_path_buf(),
        line,
        message: format!("cannot read {}: {e}", job_path.display()),
    })?;
    Ok(text)
}

/// What the cases add up to as they run; `into_eval` turns it into the report.
#[derive(Default)]
struct Totals {
    picks_expected: usize,
    picks_found: usize,
    uncovered_expected: usize,
    uncovered_found: usize,
    forbidden_found: usize,
    postings: Vec<PostingScore>,
}

impl Totals {
    /// Scores one case against the plan the engine made for its posting.
    fn record(&mut self, line: usize, case: &PostingCase, report: &TailorReport) {
        let score = score_posting(line, case, report);
        self.picks_expected += case.expect.len();
        self.picks_found += case.expect.len() - score.missing_picks.len();
        self.uncovered_expected += case.uncovered.len();
        self.uncovered_found += case.uncovered.len() - score.missing_uncovered.len();
        self.forbidden_found += score.forbidden_uncovered.len();
        self.postings.push(score);
    }

    /// The report; its cases are the ones run, which `bank` may have filtered.
    fn into_eval(self) -> PostingsEval {
        PostingsEval {
            cases: self.postings.len(),
            picks_expected: self.picks_expected,
            picks_found: self.picks_found,
            picks_pct: pct(self.picks_found, self.picks_expected),
            uncovered_expected: self.uncovered_expected,
            uncovered_found: self.uncovered_found,
            forbidden_found: self.forbidden_found,
            postings: self.postings,
        }
    }
}

/// One plan against its labels: the picks it missed, the gaps missing from its to-write list
/// and the words there that must not be.
fn score_posting(line: usize, case: &PostingCase, report: &TailorReport) -> PostingScore {
    let chosen: Vec<&str> = report
        .questions
        .iter()
        .filter_map(|q| q.story.as_ref().map(|s| s.id.as_str()))
        .collect();
    let to_write: Vec<String> = report
        .uncovered
        .iter()
        .map(|u| u.requirement.to_lowercase())
        .collect();
    let on_list = |word: &String| to_write.iter().any(|r| r.contains(&word.to_lowercase()));
    let missing_picks: Vec<String> = case
        .expect
        .iter()
        .filter(|id| !chosen.contains(&id.as_str()))
        .cloned()
        .collect();
    let missing_uncovered: Vec<String> = case
        .uncovered
        .iter()
        .filter(|w| !on_list(w))
        .cloned()
        .collect();
    let forbidden_uncovered: Vec<String> = case
        .forbid_uncovered
        .iter()
        .filter(|w| on_list(w))
        .cloned()
        .collect();
    PostingScore {
        line,
        job: case.job.display().to_string(),
        missing_picks,
        missing_uncovered,
        forbidden_uncovered,
        to_write,
    }
}
