//! The `Engine` trait both engines implement, and the requests they answer.

pub mod llm;
pub mod offline;
pub mod openai;
pub mod semantic;
pub mod speech;

use std::future::Future;

use serde::Deserialize;

use crate::report::{
    CritiqueReport, EngineKind, FollowupsReport, MatchReport, QuestionsReport, TailorReport,
};

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{0}")]
    BadRequest(String),
    #[error("no story with id {0:?} in the bank (see `starcoach stories list`)")]
    UnknownStory(String),
    /// A text over its size limit: refused before any analysis.
    #[error(
        "{field} is {size} bytes, over the limit of {limit} bytes: shorten it (a spoken answer is a few KiB)"
    )]
    TooLarge {
        field: &'static str,
        size: usize,
        limit: usize,
    },
    /// The LLM could not answer (unreachable, refused, invalid twice...): exit code 1.
    #[error(transparent)]
    Item(#[from] llm::ItemError),
}

/// Rank every entry for one question.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRequest {
    pub question: String,
    #[serde(default)]
    pub top: Option<usize>,
}

/// Likely questions for a job description (the text, not a path).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionsRequest {
    pub job: String,
    #[serde(default)]
    pub count: Option<usize>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TailorRequest {
    pub job: String,
    #[serde(default)]
    pub count: Option<usize>,
    #[serde(default)]
    pub max_reuse: Option<usize>,
    #[serde(default)]
    pub target_seconds: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CritiqueRequest {
    pub draft: String,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub job: Option<String>,
    /// How long the answer took to say, measured from a recording: it replaces the estimate
    /// from the word count (`too-long`, `too-short`, `speaking_seconds`).
    #[serde(default)]
    pub spoken_seconds: Option<u32>,
}

/// Follow-ups for a stored story (`story`) or a draft answer (`draft`): exactly one of the two.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowupsRequest {
    #[serde(default)]
    pub story: Option<String>,
    #[serde(default)]
    pub draft: Option<String>,
    #[serde(default)]
    pub question: Option<String>,
}

/// The five coaching operations. Engines compute reports; they never print.
pub trait Engine: Send + Sync {
    fn kind(&self) -> EngineKind;

    fn rank(
        &self,
        req: &MatchRequest,
    ) -> impl Future<Output = Result<MatchReport, EngineError>> + Send;

    fn questions(
        &self,
        req: &QuestionsRequest,
    ) -> impl Future<Output = Result<QuestionsReport, EngineError>> + Send;

    fn tailor(
        &self,
        req: &TailorRequest,
    ) -> impl Future<Output = Result<TailorReport, EngineError>> + Send;

    fn critique(
        &self,
        req: &CritiqueRequest,
    ) -> impl Future<Output = Result<CritiqueReport, EngineError>> + Send;

    fn followups(
        &self,
        req: &FollowupsRequest,
    ) -> impl Future<Output = Result<FollowupsReport, EngineError>> + Send;
}

/// Rejects blank required text, or text with no word in it (emoji, symbols), before any engine
/// work, with the field's name: there is nothing to read, and an answer would be made up.
pub fn require_text(field: &str, value: &str) -> Result<(), EngineError> {
    if is_blank(value) {
        return Err(EngineError::BadRequest(format!(
            "{field} is empty: give the text to work on"
        )));
    }
    if !has_words(value) {
        return Err(EngineError::BadRequest(format!(
            "{field} has no words in it, only symbols or emoji: give the text to work on"
        )));
    }
    Ok(())
}

/// Whether a text holds nothing but spaces and invisible marks (zero-width spaces and joiners,
/// a byte-order mark): pasted that way, it is as empty as a blank one.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
    })
}

/// Whether a text holds at least one letter or digit, in any script.
pub fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// The largest draft a critique reads: 64 KiB, about an hour of speech.
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// The most questions a plan or a question list may hold.
pub const MAX_COUNT: usize = 40;

/// The most matches one request may ask for.
pub const MAX_TOP: usize = 100;

/// The largest job posting read: 256 KiB, several times the longest real posting.
pub const MAX_JOB_BYTES: usize = 256 * 1024;

/// Refuses a text over `limit` bytes before any engine work, with the field's name.
pub fn require_size(field: &'static str, value: &str, limit: usize) -> Result<(), EngineError> {
    if value.len() > limit {
        return Err(EngineError::TooLarge {
            field,
            size: value.len(),
            limit,
        });
    }
    Ok(())
}

/// Refuses a number outside its range before any engine work, naming the field and the range.
pub fn require_range(
    field: &str,
    value: Option<usize>,
    range: std::ops::RangeInclusive<usize>,
) -> Result<(), EngineError> {
    match value {
        Some(v) if !range.contains(&v) => Err(EngineError::BadRequest(format!(
            "{field} is {v}: give a number from {} to {}",
            range.start(),
            range.end()
        ))),
        _ => Ok(()),
    }
}

impl MatchRequest {
    pub fn check(&self) -> Result<(), EngineError> {
        require_text("question", &self.question)?;
        require_size("question", &self.question, MAX_QUESTION_BYTES)?;
        require_range("top", self.top, 1..=MAX_TOP)
    }
}

impl QuestionsRequest {
    pub fn check(&self) -> Result<(), EngineError> {
        require_text("job", &self.job)?;
        require_size("job", &self.job, MAX_JOB_BYTES)?;
        require_range("count", self.count, 1..=MAX_COUNT)
    }
}

impl TailorRequest {
    pub fn check(&self) -> Result<(), EngineError> {
        require_text("job", &self.job)?;
        require_size("job", &self.job, MAX_JOB_BYTES)?;
        require_range("count", self.count, 1..=MAX_COUNT)?;
        require_range("max_reuse", self.max_reuse, 1..=MAX_COUNT)?;
        require_range(
            "target_seconds",
            self.target_seconds.map(|s| s as usize),
            10..=600,
        )
    }
}

/// The question a draft or a story answers, when one is given: a blank one is no question; one
/// of emoji alone is refused as `match` refuses it, not read as no question.
fn check_asked(question: Option<&str>) -> Result<(), EngineError> {
    if let Some(q) = question {
        if !is_blank(q) {
            require_text("question", q)?;
        }
        require_size("question", q, MAX_QUESTION_BYTES)?;
    }
    Ok(())
}

impl FollowupsRequest {
    /// The question only: the story or draft is checked where the engine reads it.
    pub fn check(&self) -> Result<(), EngineError> {
        check_asked(self.question.as_deref())
    }
}

impl CritiqueRequest {
    pub fn check(&self) -> Result<(), EngineError> {
        require_text("draft", &self.draft)?;
        require_size("draft", &self.draft, MAX_DRAFT_BYTES)?;
        check_asked(self.question.as_deref())?;
        if let Some(job) = &self.job {
            require_size("job", job, MAX_JOB_BYTES)?;
        }
        if self
            .spoken_seconds
            .is_some_and(|s| !(1..=3600).contains(&s))
        {
            return Err(EngineError::BadRequest(
                "spoken_seconds must be 1 to 3600 (the seconds the answer took to say)".into(),
            ));
        }
        Ok(())
    }
}

/// The longest question read: 4 KiB, far more than any interviewer says at once.
pub const MAX_QUESTION_BYTES: usize = 4 * 1024;
