//! Scoring an engine on labelled cases (JSON Lines): question -> expected entries, draft -> expected codes.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::engine::{CritiqueRequest, Engine, EngineError, MatchRequest};

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Case {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path} has no cases")]
    Empty { path: PathBuf },
    #[error("{path}:{line}: {source}")]
    Engine {
        path: PathBuf,
        line: usize,
        source: EngineError,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionCase {
    pub question: String,
    pub expect: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CritiqueCase {
    #[serde(default)]
    pub question: Option<String>,
    pub draft: String,
    #[serde(default)]
    pub expect: Vec<String>,
    #[serde(default)]
    pub forbid: Vec<String>,
}

/// Reads a JSON Lines file; blank lines are skipped, each case keeps its line number.
pub fn read_cases<T: DeserializeOwned>(path: &Path) -> Result<Vec<(usize, T)>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case = serde_json::from_str(line).map_err(|e| EvalError::Case {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        cases.push((i + 1, case));
    }
    if cases.is_empty() {
        return Err(EvalError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(cases)
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionsEval {
    pub cases: usize,
    pub top1: usize,
    pub top3: usize,
    /// Percentages, 0 to 100.
    pub top1_pct: f64,
    pub top3_pct: f64,
    pub misses: Vec<QuestionMiss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionMiss {
    pub line: usize,
    pub question: String,
    pub expect: Vec<String>,
    pub got: Vec<String>,
    pub in_top3: bool,
}

pub async fn eval_questions<E: Engine>(
    engine: &E,
    path: &Path,
    cases: &[(usize, QuestionCase)],
) -> Result<QuestionsEval, EvalError> {
    let mut top1 = 0;
    let mut top3 = 0;
    let mut misses = Vec::new();
    for (line, case) in cases {
        let req = MatchRequest {
            question: case.question.clone(),
            top: Some(3),
        };
        let report = engine.rank(&req).await.map_err(engine_error(path, *line))?;
        let got: Vec<String> = report.matches.into_iter().map(|m| m.id).collect();
        let hit1 = got.first().is_some_and(|id| case.expect.contains(id));
        let hit3 = got.iter().any(|id| case.expect.contains(id));
        top1 += usize::from(hit1);
        top3 += usize::from(hit3);
        if !hit1 {
            misses.push(QuestionMiss {
                line: *line,
                question: case.question.clone(),
                expect: case.expect.clone(),
                got,
                in_top3: hit3,
            });
        }
    }
    Ok(QuestionsEval {
        cases: cases.len(),
        top1,
        top3,
        top1_pct: pct(top1, cases.len()),
        top3_pct: pct(top3, cases.len()),
        misses,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct CritiqueEval {
    pub cases: usize,
    pub expected: usize,
    pub recalled: usize,
    pub recall_pct: f64,
    pub violations: usize,
    pub misses: Vec<CritiqueMiss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CritiqueMiss {
    pub line: usize,
    pub question: Option<String>,
    pub missing: Vec<String>,
    pub forbidden: Vec<String>,
    pub raised: Vec<String>,
}

pub async fn eval_critique<E: Engine>(
    engine: &E,
    path: &Path,
    cases: &[(usize, CritiqueCase)],
) -> Result<CritiqueEval, EvalError> {
    let (mut expected, mut recalled, mut violations) = (0, 0, 0);
    let mut misses = Vec::new();
    for (line, case) in cases {
        let req = CritiqueRequest {
            draft: case.draft.clone(),
            question: case.question.clone(),
            job: None,
        };
        let report = engine
            .critique(&req)
            .await
            .map_err(engine_error(path, *line))?;
        let raised: Vec<String> = report
            .findings
            .into_iter()
            .map(|f| f.code.as_str().to_string())
            .collect();
        let missing: Vec<String> = case
            .expect
            .iter()
            .filter(|c| !raised.contains(c))
            .cloned()
            .collect();
        let forbidden: Vec<String> = case
            .forbid
            .iter()
            .filter(|c| raised.contains(c))
            .cloned()
            .collect();
        expected += case.expect.len();
        recalled += case.expect.len() - missing.len();
        violations += forbidden.len();
        if !missing.is_empty() || !forbidden.is_empty() {
            misses.push(CritiqueMiss {
                line: *line,
                question: case.question.clone(),
                missing,
                forbidden,
                raised,
            });
        }
    }
    Ok(CritiqueEval {
        cases: cases.len(),
        expected,
        recalled,
        recall_pct: if expected == 0 {
            100.0
        } else {
            pct(recalled, expected)
        },
        violations,
        misses,
    })
}

/// Names the case whose engine call failed.
fn engine_error(path: &Path, line: usize) -> impl FnOnce(EngineError) -> EvalError + '_ {
    move |source| EvalError::Engine {
        path: path.to_path_buf(),
        line,
        source,
    }
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        return 0.0;
    }
    (n as f64 * 1000.0 / of as f64).round() / 10.0
}
