//! What the coach produces: the report types every engine returns and every renderer (human, JSON, HTTP) prints.

use serde::{Deserialize, Serialize};

mod codes;
mod competency;
mod endpoint;
mod eval;
mod practice;

pub use codes::{AnswerKind, CodeFamily, FindingCode};
pub use competency::CompetencyId;
pub use endpoint::{Abilities, LlmCheck, Negotiated, ProbeKind, ProbeStep};
pub use eval::{
    CodeScore, Confusion, Counts, CritiqueEval, CritiqueMiss, FamilyScore, GroupScore,
    KindCaseMiss, KindMiss, KindScore, KindsEval, PostingScore, PostingsEval, QuestionMiss,
    QuestionsEval, ScoreSpread,
};
pub use practice::*;

/// Which engine produced a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    Offline,
    Llm,
}

impl EngineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EngineKind::Offline => "offline",
            EngineKind::Llm => "llm",
        }
    }
}

/// A prompt that `--dry-run` shows instead of sending: what it is for, its messages, its size,
/// and what fitting it to the token budget left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromptPreview {
    pub item: String,
    pub messages: Vec<PromptMessage>,
    pub tokens: usize,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromptMessage {
    pub role: String,
    pub content: String,
}

/// What `import` wrote: the directory, how many entries of each kind, and their ids.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportReport {
    pub dir: std::path::PathBuf,
    pub imported: usize,
    pub stories: usize,
    pub answers: usize,
    pub ids: Vec<String>,
}

/// What an LLM run cost: calls made, tokens, cache hits, retries and an estimated price.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Usage {
    pub calls: u64,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cache_hits: u64,
    pub retries: u64,
    /// USD, when the config has a price for the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_cost_usd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MatchReport {
    pub engine: EngineKind,
    pub question: String,
    /// Only entries that genuinely answer the question, best first; empty when none does.
    pub matches: Vec<Match>,
    /// When nothing fits: what story to write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Match {
    pub id: String,
    /// 0 to 1; higher fits better. Comparable within one report, not across questions.
    pub score: f64,
    pub title: String,
    /// The terms and competencies that drove the score.
    pub why: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuestionsReport {
    pub engine: EngineKind,
    pub questions: Vec<LikelyQuestion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LikelyQuestion {
    pub question: String,
    pub competency: CompetencyId,
    /// Job text that made the question likely; for the core set, why it is asked anyway.
    pub evidence: Vec<String>,
    /// 0 to 1, the ordering key.
    pub likelihood: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TailorReport {
    pub engine: EngineKind,
    pub questions: Vec<TailoredQuestion>,
    pub uncovered: Vec<Uncovered>,
    /// How many more requirements no story covers than `uncovered` lists: the list keeps the
    /// posting's first ones.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub uncovered_left_off: usize,
    /// Questions whose LLM call failed, each with the reason; the rest of the run completed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<ItemFailure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemFailure {
    pub item: String,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoryRef {
    pub id: String,
    pub title: String,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TailoredQuestion {
    pub question: String,
    pub competency: CompetencyId,
    pub evidence: Vec<String>,
    /// None when the bank has no entry that fits at all.
    pub story: Option<StoryRef>,
    pub alternates: Vec<StoryRef>,
    pub talk_track: Vec<String>,
    /// The story field each talk-track line came from (same length as `talk_track`).
    pub talk_track_from: Vec<String>,
    pub weave_in: Vec<String>,
    pub gaps: Vec<String>,
    pub speaking_seconds: u32,
    /// Numbers and names in generated text found nowhere in the bank or the job: check them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsupported: Vec<String>,
    /// What the token budget left out of the prompt, if anything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget_notes: Vec<String>,
    /// Set when this question was answered offline because the model failed on it (`auto`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Uncovered {
    pub requirement: String,
    pub evidence: String,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub message: String,
    pub suggestion: String,
    /// Where in the draft the finding is, in characters; empty when it is about something missing.
    #[serde(default)]
    pub spans: Vec<Span>,
}

/// Orders findings worst first, so a red flag leads what the user reads; within one severity
/// the engine's order (the STAR parts, then style, then red flags) stays.
pub fn worst_first(findings: &mut [Finding]) {
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
}

/// For `skip_serializing_if`: a count of nothing is left out of the JSON.
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A range of the draft in characters (Unicode scalar values), end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Scores {
    pub situation: u8,
    pub task: u8,
    pub action: u8,
    pub result: u8,
    pub learned: u8,
}

/// The critique rubric: seven dimensions, each 0 (absent) to 4 (exemplary). A dimension that
/// does not apply to the answer's kind (the outcome of a motivation answer) is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Rubric {
    /// The parts an answer of its kind needs, in order (STAR for a story).
    pub structure: u8,
    /// The speaker's own role and failings, owned without blaming others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<u8>,
    /// An outcome, measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<u8>,
    /// Names, numbers and details only this speaker could give.
    pub specificity: u8,
    /// Answers the question asked, with the lesson it asks for.
    pub relevance: u8,
    /// Connects to the stated vision.
    pub vision: u8,
    /// Length, filler and repetition.
    pub delivery: u8,
}

impl Rubric {
    /// Every dimension that applies, by name, in a stable order.
    pub fn dimensions(&self) -> Vec<(&'static str, u8)> {
        [
            ("structure", Some(self.structure)),
            ("ownership", self.ownership),
            ("impact", self.impact),
            ("specificity", Some(self.specificity)),
            ("relevance", Some(self.relevance)),
            ("vision", Some(self.vision)),
            ("delivery", Some(self.delivery)),
        ]
        .into_iter()
        .filter_map(|(name, score)| score.map(|s| (name, s)))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CritiqueReport {
    pub engine: EngineKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// What the question asks for (or, without one, what the draft reads as).
    pub answer_kind: AnswerKind,
    pub findings: Vec<Finding>,
    /// The STAR parts, 0 to 100 each.
    pub scores: Scores,
    /// The rubric, 0 to 4 per dimension (anchors in docs/critique.md).
    pub rubric: Rubric,
    pub overall: u8,
    pub words: usize,
    pub speaking_seconds: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsupported: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FollowupsReport {
    pub engine: EngineKind,
    pub followups: Vec<Followup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsupported: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Situation,
    Task,
    Action,
    Result,
    Learned,
    Metrics,
    Scope,
    Vision,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Followup {
    pub question: String,
    pub why: String,
    pub targets: Target,
}

/// What the CLI needs to know about any report after printing it.
pub trait Outcome {
    fn usage(&self) -> Option<&Usage> {
        None
    }
    /// Items of an LLM run that failed (exit code 1).
    fn failed_items(&self) -> usize {
        0
    }
}

/// Reports whose only outcome beyond the report itself is their usage.
macro_rules! usage_outcome {
    ($($report:ty),*) => {$(
        impl Outcome for $report {
            fn usage(&self) -> Option<&Usage> {
                self.usage.as_ref()
            }
        }
    )*};
}

usage_outcome!(
    MatchReport,
    QuestionsReport,
    CritiqueReport,
    FollowupsReport
);

impl Outcome for TailorReport {
    fn usage(&self) -> Option<&Usage> {
        self.usage.as_ref()
    }
    fn failed_items(&self) -> usize {
        self.failures.len()
    }
}
