//! Practice reports: a stored attempt, the answer to one rehearsal, progress over time.
//!
//! Times are UTC in RFC 3339 with whole seconds (`2026-12-01T09:30:00Z`), so they sort as text.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::{AnswerKind, CompetencyId, CritiqueReport, EngineKind, FindingCode, Rubric, Scores};

/// One stored rehearsal, whole: what `history export` writes and `history import` reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attempt {
    pub id: i64,
    pub at: String,
    pub question: String,
    pub story: Option<String>,
    #[serde(default)]
    pub competency: Option<CompetencyId>,
    pub answer_kind: AnswerKind,
    pub engine: EngineKind,
    pub overall: u8,
    /// The STAR part scores and the rubric of the critique (zeros in exports from before
    /// they were kept).
    #[serde(default)]
    pub scores: Scores,
    #[serde(default)]
    pub rubric: Rubric,
    pub codes: Vec<FindingCode>,
    /// Estimated from the words at the configured pace.
    pub speaking_seconds: u32,
    /// Measured by the practice clock, when one ran.
    #[serde(default)]
    pub timed_seconds: Option<u32>,
    pub answer: String,
    /// How a spoken answer was delivered (a recording's timing); none for a typed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// Where the recording was kept (`--keep-audio`); none when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
}

/// Delivery figures of a spoken answer, from the transcript's timed segments.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Delivery {
    /// From the first word to the last, long pauses left out.
    pub seconds: f64,
    pub words_per_minute: f64,
    /// How much the pace varies: the spread (max - min) of the segments' words per minute,
    /// over segments of at least a few seconds; 0 with fewer than two.
    pub words_per_minute_spread: f64,
    /// Silences between segments of two seconds or more.
    pub long_pauses: u32,
    pub longest_pause: f64,
    pub fillers_per_100: f64,
}

/// An attempt without its answer text: what lists and the practice report show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttemptSummary {
    pub id: i64,
    pub at: String,
    pub question: String,
    pub story: Option<String>,
    pub overall: u8,
    pub codes: Vec<FindingCode>,
    pub engine: EngineKind,
}

impl Attempt {
    pub fn summary(&self) -> AttemptSummary {
        AttemptSummary {
            id: self.id,
            at: self.at.clone(),
            question: self.question.clone(),
            story: self.story.clone(),
            overall: self.overall,
            codes: self.codes.clone(),
            engine: self.engine,
        }
    }
}

/// `history list --json` and `GET /v1/attempts`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttemptList {
    pub attempts: Vec<AttemptSummary>,
}

/// The score of the last try on the same story (or question) before this one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Previous {
    pub overall: u8,
}

/// `practice --json` and `POST /v1/attempts`: the stored attempt, its critique, the last try
/// to compare with, and when this story comes back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PracticeReport {
    pub attempt: AttemptSummary,
    pub critique: CritiqueReport,
    pub previous: Option<Previous>,
    pub next_due: Option<String>,
    /// For a spoken answer: how it was delivered (the transcript is the critique's draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Delivery>,
    /// For a spoken answer: what the transcription endpoint heard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
}

/// Why practice offers this question now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PickReason {
    /// Asked for with `--question` / `--story`.
    Asked,
    /// Its review date has come.
    Due,
    /// A story never practised yet.
    New,
    /// Nothing is due; this one comes back soonest.
    Ahead,
    /// A likely question of the posting, with the story the plan chose.
    Job,
}

/// `GET /v1/practice/next` and the start of `practice`: the question, the story to use and its
/// key points (revealed on request), the target speaking time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PracticePick {
    pub question: String,
    pub story: Option<StoryName>,
    pub reason: PickReason,
    pub due: Option<String>,
    /// The last score on this story (or question), if practised.
    pub last: Option<u8>,
    pub target_seconds: u32,
    /// The story cut to the target time: sentences of its own text, in order.
    pub key_points: Vec<String>,
}

/// An entry named in a pick: its id and title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoryName {
    pub id: String,
    pub title: String,
}

/// `progress --json` and `GET /v1/progress`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProgressReport {
    pub attempts: u64,
    pub stories: Vec<StoryProgress>,
    pub competencies: Vec<CompetencyProgress>,
    pub findings: Vec<FindingTrend>,
    /// Soonest first, at most [`DUE_SHOWN`].
    pub due: Vec<DueItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness: Option<PostingReadiness>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StoryProgress {
    pub id: String,
    pub attempts: u64,
    pub last: u8,
    pub best: u8,
    /// The latest overall scores, oldest to newest (at most [`TREND_LEN`]).
    pub trend: Vec<u8>,
    pub due: Option<String>,
    /// The bank no longer holds the story (renamed or deleted): its history stays, and practice
    /// passes it over.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CompetencyProgress {
    pub competency: CompetencyId,
    pub attempts: u64,
    pub last: u8,
    pub best: u8,
    pub trend: Vec<u8>,
}

/// A finding over the history: how often, when last, and whether recent attempts still raise it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FindingTrend {
    pub code: FindingCode,
    pub count: u64,
    pub last_seen: String,
    /// How many of the latest [`RECENT_WINDOW`] attempts raised it.
    pub recent: u32,
    /// Raised less than half as often lately as before.
    pub fading: bool,
    /// Raised by the latest attempt: still there, not only raised lately.
    pub latest: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DueItem {
    pub story: Option<String>,
    pub question: String,
    pub due: String,
}

/// How ready the user is for one posting: its likely questions, the story the plan picks for
/// each and its latest score (0 when never practised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PostingReadiness {
    /// Mean of the latest scores over the likely questions, 0-100.
    pub percent: u8,
    pub questions: Vec<ReadinessItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReadinessItem {
    pub question: String,
    pub story: Option<String>,
    pub last: Option<u8>,
}

/// How many scores a trend keeps.
pub const TREND_LEN: usize = 12;
/// How many due items progress lists.
pub const DUE_SHOWN: usize = 50;
/// How many of the latest attempts count as "recent" for findings.
pub const RECENT_WINDOW: usize = 10;

/// `history import`: what was read and stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryImport {
    pub imported: u64,
    pub skipped: u64,
}

/// `history forget`: how many attempts were removed, and how many of their kept recordings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryForget {
    pub forgotten: u64,
    pub recordings: u64,
}

/// A time as stored and shown: UTC, RFC 3339, whole seconds (sorts as text).
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a stored or imported time.
pub fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
