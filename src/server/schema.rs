//! OpenAPI mirrors of the wire types. The engine's request and report types do not derive
//! `ToSchema`, so these copy their serde shape field for field; `tests/server.rs` checks real
//! responses against the generated document so the two cannot drift apart silently.
#![allow(dead_code)]

use utoipa::ToSchema;

/// Rank every entry for one question.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRequest {
    /// The interview question.
    question: String,
    /// How many entries to return (default 5).
    top: Option<usize>,
}

/// Likely questions for a job description.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionsRequest {
    /// The job description text (Markdown or plain), not a path.
    job: String,
    /// How many questions to return.
    count: Option<usize>,
}

/// Plan an interview loop for a job description.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TailorRequest {
    job: String,
    /// How many questions to plan (default `[tailor] count`).
    count: Option<usize>,
    /// Use no story for more than this many questions (default `[tailor] max_reuse`).
    max_reuse: Option<usize>,
    /// Trim each talk track to about this many seconds (default `[tailor] target_seconds`).
    target_seconds: Option<u32>,
}

/// Critique a draft answer.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CritiqueRequest {
    /// The draft answer text.
    draft: String,
    /// The question it answers (enables the off-question and reflection checks).
    question: Option<String>,
    /// The job description the answer is for.
    job: Option<String>,
}

/// Follow-ups for a stored story or a draft: give exactly one of `story` and `draft`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowupsRequest {
    /// The id of a stored entry.
    story: Option<String>,
    /// A draft answer text.
    draft: Option<String>,
    question: Option<String>,
}

/// Which engine produced a report.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    Offline,
    Llm,
}

/// What an LLM run cost (absent for the offline engine).
#[derive(ToSchema)]
pub struct Usage {
    calls: u64,
    prompt_tokens: u64,
    completion_tokens: u64,
    cache_hits: u64,
    retries: u64,
    #[serde(default)]
    estimated_cost_usd: Option<f64>,
}

#[derive(ToSchema)]
pub struct MatchReport {
    engine: EngineKind,
    question: String,
    /// Best first.
    matches: Vec<Match>,
    usage: Option<Usage>,
}

#[derive(ToSchema)]
pub struct Match {
    id: String,
    /// 0 to 1; comparable within one report.
    score: f64,
    title: String,
    why: Vec<String>,
}

#[derive(ToSchema)]
pub struct QuestionsReport {
    engine: EngineKind,
    questions: Vec<LikelyQuestion>,
    usage: Option<Usage>,
}

#[derive(ToSchema)]
pub struct LikelyQuestion {
    question: String,
    competency: String,
    evidence: Vec<String>,
    likelihood: f64,
}

#[derive(ToSchema)]
pub struct TailorReport {
    engine: EngineKind,
    questions: Vec<TailoredQuestion>,
    uncovered: Vec<Uncovered>,
    /// Questions whose LLM call failed (absent when none did).
    #[serde(default)]
    failures: Vec<ItemFailure>,
    usage: Option<Usage>,
}

#[derive(ToSchema)]
pub struct ItemFailure {
    item: String,
    error: String,
}

#[derive(ToSchema)]
pub struct StoryRef {
    id: String,
    title: String,
    score: f64,
}

#[derive(ToSchema)]
pub struct TailoredQuestion {
    question: String,
    competency: String,
    evidence: Vec<String>,
    /// Null when no entry fits at all.
    #[schema(required = true)]
    story: Option<StoryRef>,
    alternates: Vec<StoryRef>,
    talk_track: Vec<String>,
    talk_track_from: Vec<String>,
    weave_in: Vec<String>,
    gaps: Vec<String>,
    speaking_seconds: u32,
    #[serde(default)]
    unsupported: Vec<String>,
    #[serde(default)]
    budget_notes: Vec<String>,
}

#[derive(ToSchema)]
pub struct Uncovered {
    requirement: String,
    evidence: String,
}

#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

#[derive(ToSchema)]
pub struct Finding {
    /// A rubric code (`missing-result`, `we-not-i`...).
    code: String,
    severity: Severity,
    message: String,
    suggestion: String,
}

#[derive(ToSchema)]
pub struct Scores {
    situation: u8,
    task: u8,
    action: u8,
    result: u8,
    learned: u8,
}

#[derive(ToSchema)]
pub struct CritiqueReport {
    engine: EngineKind,
    question: Option<String>,
    findings: Vec<Finding>,
    scores: Scores,
    overall: u8,
    words: usize,
    speaking_seconds: u32,
    #[serde(default)]
    unsupported: Vec<String>,
    usage: Option<Usage>,
}

#[derive(ToSchema)]
pub struct FollowupsReport {
    engine: EngineKind,
    followups: Vec<Followup>,
    #[serde(default)]
    unsupported: Vec<String>,
    usage: Option<Usage>,
}

#[derive(ToSchema)]
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

#[derive(ToSchema)]
pub struct Followup {
    question: String,
    why: String,
    targets: Target,
}

#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Story,
    Answer,
}

/// One named part of an entry; `text` is Markdown.
#[derive(ToSchema)]
pub struct Section {
    name: String,
    text: String,
}

/// An entry in the `stories show --json` shape; the body of `PUT /v1/stories/{id}`.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    id: String,
    kind: Kind,
    title: String,
    company: Option<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    sections: Vec<Section>,
}

/// The `stories list --json` shape.
#[derive(ToSchema)]
pub struct StoryList {
    entries: Vec<Summary>,
}

#[derive(ToSchema)]
pub struct Summary {
    id: String,
    kind: Kind,
    title: String,
    categories: Vec<String>,
    tags: Vec<String>,
}

/// Every error response.
#[derive(ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(ToSchema)]
pub struct ErrorDetail {
    /// Stable: `malformed_json`, `unknown_field`, `invalid_request`, `invalid_id`, `unauthorized`,
    /// `not_found`, `unknown_story`, `payload_too_large`, `overloaded`, `timeout`, `llm_failed`...
    code: String,
    message: String,
}

/// `/readyz`: `ready`, or `degraded` when the last reload failed (the last good bank serves).
#[derive(ToSchema)]
pub struct Readiness {
    status: String,
    /// Entries in the bank being served.
    entries: usize,
    error: Option<ReloadError>,
}

#[derive(ToSchema)]
pub struct ReloadError {
    code: String,
    message: String,
    /// The file that broke the reload, when one did.
    file: Option<String>,
    reason: String,
}
