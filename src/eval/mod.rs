//! Scoring an engine on labelled cases (JSON Lines; formats in docs/eval.md): questions ->
//! entries, drafts -> critique codes, questions -> answer kinds, postings -> the stories a
//! coach would bring.

mod critique;
mod kinds;
mod postings;
mod questions;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

pub use critique::eval_critique;
pub use kinds::eval_kinds;
pub use postings::eval_postings;
pub use questions::eval_questions;

use crate::engine::EngineError;
use crate::report::{AnswerKind, Counts, FindingCode};

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
    #[error("{path} has no cases labelled for bank `{bank}`; its cases are for: {labels}")]
    NoneForBank {
        path: PathBuf,
        bank: String,
        labels: String,
    },
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    Weak,
    Strong,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CritiqueCase {
    #[serde(default)]
    pub question: Option<String>,
    pub draft: String,
    #[serde(default)]
    pub expect: Vec<FindingCode>,
    #[serde(default)]
    pub forbid: Vec<FindingCode>,
    /// The answer kind the question asks for.
    #[serde(default)]
    pub kind: Option<AnswerKind>,
    #[serde(default)]
    pub quality: Option<Quality>,
}

/// A question and the kind of answer it asks for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindCase {
    pub question: String,
    pub kind: AnswerKind,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostingCase {
    /// The posting's file, relative to the cases file.
    pub job: PathBuf,
    /// Which bank the labels are for (`seed`, `sample`...); `--bank` picks the cases to run.
    pub bank: String,
    /// Story ids a coach would bring to this loop.
    #[serde(default)]
    pub expect: Vec<String>,
    /// Words expected in some requirement of the to-write list.
    #[serde(default)]
    pub uncovered: Vec<String>,
    /// Words that must never appear in the to-write list.
    #[serde(default)]
    pub forbid_uncovered: Vec<String>,
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

/// Names the case whose engine call failed.
fn engine_error(path: &Path, line: usize) -> impl FnOnce(EngineError) -> EvalError + '_ {
    move |source| EvalError::Engine {
        path: path.to_path_buf(),
        line,
        source,
    }
}

/// A percentage with one decimal; 100 when there is nothing to count (nothing was missed).
/// Recall and precision of one code or kind from its three tallies.
fn counts(expected: usize, recalled: usize, false_alarms: usize) -> Counts {
    Counts {
        expected,
        recalled,
        false_alarms,
        recall_pct: pct(recalled, expected),
        precision_pct: pct(recalled, recalled + false_alarms),
    }
}

fn pct(n: usize, of: usize) -> f64 {
    if of == 0 {
        return 100.0;
    }
    (n as f64 * 1000.0 / of as f64).round() / 10.0
}
