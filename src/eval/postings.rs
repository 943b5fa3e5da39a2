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
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut postings = Vec::new();
    let (mut picks_expected, mut picks_found) = (0, 0);
    let (mut uncovered_expected, mut uncovered_found, mut forbidden_found) = (0, 0, 0);
    for (line, case) in cases
        .iter()
        .filter(|(_, c)| bank.is_none_or(|b| c.bank == b))
    {
        let job = read_job(path, dir, *line, &case.job)?;
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
        let score = score_posting(*line, case, &report);
        picks_expected += case.expect.len();
        picks_found += case.expect.len() - score.missing_picks.len();
        uncovered_expected += case.uncovered.len();
        uncovered_found += case.uncovered.len() - score.missing_uncovered.len();
        forbidden_found += score.forbidden_uncovered.len();
        postings.push(score);
    }
    Ok(PostingsEval {
        cases: postings.len(),
        picks_expected,
        picks_found,
        picks_pct: pct(picks_found, picks_expected),
        uncovered_expected,
        uncovered_found,
        forbidden_found,
        postings,
    })
}

/// The posting's text, `job` taken from `dir` (the cases file's); a failed read names the case.
fn read_job(path: &Path, dir: &Path, line: usize, job: &Path) -> Result<String, EvalError> {
    let job_path = dir.join(job);
    let text = std::fs::read_to_string(&job_path).map_err(|e| EvalError::Case {
        path: path.to_path_buf(),
        line,
        message: format!("cannot read {}: {e}", job_path.display()),
    })?;
    Ok(text)
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
