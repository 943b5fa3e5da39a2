//! The `Engine` trait both engines implement, and the requests they answer.

pub mod llm;
pub mod offline;

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

/// Rejects blank required text before any engine work, with the field's name.
pub fn require_text(field: &str, value: &str) -> Result<(), EngineError> {
    if value.trim().is_empty() {
        return Err(EngineError::BadRequest(format!(
            "{field} is empty: give the text to work on"
        )));
    }
    Ok(())
}
