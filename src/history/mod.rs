//! The practice history: every rehearsal with its score and findings, and when each story comes
//! back. Local and private: one SQLite file (`sqlite.rs`) behind the [`History`] trait, so a
//! shared server database can stand in for a team later.

mod cards;
mod progress;
pub mod recordings;
mod rows;
pub mod schedule;
mod schema;
mod sqlite;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::report::{
    AnswerKind, Attempt, CompetencyId, Delivery, EngineKind, FindingCode, HistoryImport,
    ProgressReport, Rubric, Scores,
};
pub use crate::report::{parse_stamp, stamp};
pub use schema::MIGRATIONS;
pub use sqlite::SqliteHistory;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot open the practice history {path}: {reason}; {fix}")]
    Open {
        path: PathBuf,
        reason: String,
        fix: String,
    },
    #[error("practice history query failed: {0}")]
    Query(#[from] rusqlite::Error),
    #[error("attempt {0} is not in the history (`starcoach history list` shows the ids)")]
    NoSuchAttempt(i64),
    #[error("attempt {id}: {problem}")]
    Invalid { id: i64, problem: ImportProblem },
    #[error("stored attempt {id}: {field} {value:?} is not valid (was the file edited by hand?)")]
    Corrupt {
        id: i64,
        field: &'static str,
        value: String,
    },
}

/// A rehearsal to store; the store gives it an id and schedules its story.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAttempt {
    pub at: DateTime<Utc>,
    pub question: String,
    pub story: Option<String>,
    pub competency: Option<CompetencyId>,
    pub answer_kind: AnswerKind,
    pub engine: EngineKind,
    pub overall: u8,
    pub scores: Scores,
    pub rubric: Rubric,
    pub codes: Vec<FindingCode>,
    pub speaking_seconds: u32,
    pub timed_seconds: Option<u32>,
    pub answer: String,
    pub delivery: Option<Delivery>,
    pub audio: Option<String>,
}

/// What storing an attempt gives back: the stored attempt, the last try on the same story (or,
/// without a story, the same question) before it, and when that story is due again.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub attempt: Attempt,
    pub previous: Option<u8>,
    pub next_due: DateTime<Utc>,
}

/// What `forget` removed: how many attempts, and the recordings they had kept (as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgotten {
    pub attempts: u64,
    pub audio: Vec<String>,
}

/// Which attempts `forget` removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forget {
    Id(i64),
    Before(DateTime<Utc>),
    All,
}

/// One scheduled story (or story-less question): what to ask, when, and the latest score.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheduled {
    /// What the card is kept under ([`card_key`]).
    pub key: String,
    pub story: Option<String>,
    pub question: String,
    pub due: DateTime<Utc>,
    pub last: u8,
}

/// The practice history. Every method is one transaction: a process killed in the middle
/// leaves the history as it was before the call.
pub trait History: Send + Sync {
    /// Stores an attempt and reschedules its story.
    fn record(&self, attempt: NewAttempt) -> Result<Recorded, HistoryError>;
    /// Attempts, newest first; `limit` cuts the list.
    fn list(&self, limit: Option<usize>) -> Result<Vec<Attempt>, HistoryError>;
    fn get(&self, id: i64) -> Result<Attempt, HistoryError>;
    /// Stores exported attempts (keeping their ids where free) and reschedules their stories.
    fn import(&self, attempts: Vec<Attempt>) -> Result<HistoryImport, HistoryError>;
    /// Removes attempts and reschedules what is left; says how many went, and the recordings
    /// they had kept (the caller removes the files).
    fn forget(&self, which: Forget) -> Result<Forgotten, HistoryError>;
    /// Every scheduled story, soonest due first.
    fn schedule(&self) -> Result<Vec<Scheduled>, HistoryError>;
    /// Per story and competency counts, scores and trends, recurring findings and what is due.
    fn progress(&self) -> Result<ProgressReport, HistoryError>;
}

/// A delivery figure no recording gives: negative, not a number, or more fillers than words.
fn delivery_problem(d: &crate::report::Delivery) -> Option<ImportProblem> {
    const ANY: (f64, &str) = (f64::MAX, "0 or more");
    let figures = [
        ("seconds", d.seconds, ANY),
        ("words_per_minute", d.words_per_minute, ANY),
        ("words_per_minute_spread", d.words_per_minute_spread, ANY),
        ("longest_pause", d.longest_pause, ANY),
        ("fillers_per_100", d.fillers_per_100, (100.0, "0 to 100")),
    ];
    figures
        .into_iter()
        .find(|(_, v, (max, _))| !(0.0..=*max).contains(v))
        .map(|(field, value, (_, range))| ImportProblem::Delivery {
            field,
            value,
            range,
        })
}

/// The key a story is scheduled under: its id, or the question itself for answers without one.
pub fn card_key(story: Option<&str>, question: &str) -> String {
    match story {
        Some(id) => format!("story:{}", id.to_lowercase()),
        None => format!("question:{}", question.trim().to_lowercase()),
    }
}

/// What is wrong with an exported attempt, which no export holds and `progress` would show as
/// nonsense ("due in 26325 days").
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportProblem {
    #[error("`{field}` {value} is above {max}")]
    Above { field: String, value: u8, max: u8 },
    #[error("`at` {0:?} is in the future")]
    Future(String),
    #[error("`{0}` is empty")]
    Empty(&'static str),
    #[error("`{0}` has no words in it, only symbols or emoji")]
    NoWords(&'static str),
    #[error("`delivery.{field}` {value} is not {range}")]
    Delivery {
        field: &'static str,
        value: f64,
        range: &'static str,
    },
}

/// What is wrong with an exported attempt before it is stored, if anything: a score out of its
/// range, a time in the future (a day of clock skew allowed), an empty question or answer, or a
/// delivery figure out of its range.
pub fn import_problem(a: &Attempt, now: chrono::DateTime<chrono::Utc>) -> Option<ImportProblem> {
    let s = &a.scores;
    let parts = [
        ("scores.situation", s.situation),
        ("scores.task", s.task),
        ("scores.action", s.action),
        ("scores.result", s.result),
        ("scores.learned", s.learned),
    ];
    let above = |field: &str, value: u8, max: u8| {
        (value > max).then(|| ImportProblem::Above {
            field: field.to_string(),
            value,
            max,
        })
    };
    let scores = std::iter::once(("overall", a.overall))
        .chain(parts)
        .find_map(|(field, v)| above(field, v, 100));
    let rubric = || {
        a.rubric
            .dimensions()
            .into_iter()
            .find_map(|(name, v)| above(&format!("rubric.{name}"), v, 4))
    };
    if let Some(problem) = scores.or_else(rubric) {
        return Some(problem);
    }
    // An empty question would be asked back as '' when its card comes due, and one with no
    // words would be refused then, blocking what is due behind it.
    for (field, text) in [("question", &a.question), ("answer", &a.answer)] {
        if text.trim().is_empty() {
            return Some(ImportProblem::Empty(field));
        }
        if !crate::engine::has_words(text) {
            return Some(ImportProblem::NoWords(field));
        }
    }
    if let Some(problem) = a.delivery.as_ref().and_then(delivery_problem) {
        return Some(problem);
    }
    // An `at` that does not parse is the reader's to refuse, with its own message.
    let at = parse_stamp(&a.at)?;
    (at > now + chrono::Duration::days(1)).then(|| ImportProblem::Future(a.at.clone()))
}
