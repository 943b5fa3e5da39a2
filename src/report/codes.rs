//! The closed sets reports name besides competencies: critique codes, their families and answer kinds.

use serde::{Deserialize, Serialize};

/// A critique rubric code (`docs/critique.md` says when each is raised). The strings live here
/// and nowhere else.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum FindingCode {
    MissingSituation,
    MissingTask,
    MissingAction,
    MissingResult,
    NoMetrics,
    WeNotI,
    NoLearning,
    TooLong,
    TooShort,
    NoVisionLink,
    OffQuestion,
    BlamesOthers,
    NoOwnership,
    Filler,
    Repetition,
    Generic,
    /// Spoken answers only: words per minute far from conversation.
    Pace,
    /// Spoken answers only: silences that run long.
    LongPauses,
}

impl FindingCode {
    pub const ALL: [FindingCode; 18] = [
        FindingCode::MissingSituation,
        FindingCode::MissingTask,
        FindingCode::MissingAction,
        FindingCode::MissingResult,
        FindingCode::NoMetrics,
        FindingCode::WeNotI,
        FindingCode::NoLearning,
        FindingCode::TooLong,
        FindingCode::TooShort,
        FindingCode::NoVisionLink,
        FindingCode::OffQuestion,
        FindingCode::BlamesOthers,
        FindingCode::NoOwnership,
        FindingCode::Filler,
        FindingCode::Repetition,
        FindingCode::Generic,
        FindingCode::Pace,
        FindingCode::LongPauses,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::MissingSituation => "missing-situation",
            FindingCode::MissingTask => "missing-task",
            FindingCode::MissingAction => "missing-action",
            FindingCode::MissingResult => "missing-result",
            FindingCode::NoMetrics => "no-metrics",
            FindingCode::WeNotI => "we-not-i",
            FindingCode::NoLearning => "no-learning",
            FindingCode::TooLong => "too-long",
            FindingCode::TooShort => "too-short",
            FindingCode::NoVisionLink => "no-vision-link",
            FindingCode::OffQuestion => "off-question",
            FindingCode::BlamesOthers => "blames-others",
            FindingCode::NoOwnership => "no-ownership",
            FindingCode::Filler => "filler",
            FindingCode::Repetition => "repetition",
            FindingCode::Generic => "generic",
            FindingCode::Pace => "pace",
            FindingCode::LongPauses => "long-pauses",
        }
    }

    /// What the code means, in a line (the rubric as the LLM sees it).
    pub fn meaning(self) -> &'static str {
        match self {
            FindingCode::MissingSituation => "no context: where, when, what was at stake",
            FindingCode::MissingTask => "no statement of the speaker's goal or responsibility",
            FindingCode::MissingAction => "no concrete steps the speaker personally took",
            FindingCode::MissingResult => "no outcome",
            FindingCode::NoMetrics => "an outcome with nothing measurable in it",
            FindingCode::WeNotI => "we/our/us clearly dominate I/my/me",
            FindingCode::NoLearning => {
                "a failure, weakness, mistake, feedback or conflict answer with no real lesson"
            }
            FindingCode::TooLong => "over the speaking-time limit",
            FindingCode::TooShort => "under the minimum speaking time",
            FindingCode::NoVisionLink => "never connects to the stated vision",
            FindingCode::OffQuestion => {
                "not the answer asked for: a story about something else, views instead of a story, or questions back instead of an answer"
            }
            FindingCode::BlamesOthers => {
                "runs down colleagues, managers or past employers, or pins the problem on them"
            }
            FindingCode::NoOwnership => {
                "a failure, mistake or weakness answer that admits no failing of the speaker's own"
            }
            FindingCode::Filler => {
                "filler words (um, uh, like, you know, basically) more than about 3 per 100 words"
            }
            FindingCode::Repetition => "the same sentence or a long run of words said again",
            FindingCode::Generic => {
                "a motivation or introduction answer with nothing specific to this employer or role"
            }
            FindingCode::Pace => "a spoken answer far from a conversational 120-170 words a minute",
            FindingCode::LongPauses => "a spoken answer with silences that run long",
        }
    }

    /// The family the code belongs to, which `eval critique` scores as a whole.
    pub fn family(self) -> CodeFamily {
        use FindingCode::*;
        match self {
            MissingSituation | MissingTask | MissingAction | MissingResult | WeNotI => {
                CodeFamily::Structure
            }
            NoMetrics | NoLearning | NoVisionLink => CodeFamily::Substance,
            OffQuestion | Generic => CodeFamily::Relevance,
            BlamesOthers | NoOwnership => CodeFamily::RedFlag,
            TooLong | TooShort | Filler | Repetition | Pace | LongPauses => CodeFamily::Delivery,
        }
    }

    /// Codes measured from a recording's timing, never from text.
    pub fn is_delivery(self) -> bool {
        matches!(self, FindingCode::Pace | FindingCode::LongPauses)
    }

    /// Parses a code as written in eval files and model replies.
    pub fn parse(text: &str) -> Option<FindingCode> {
        FindingCode::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// Groups of codes that answer one question about a draft: is the story whole (structure), does
/// it say something worth hearing (substance), is it the answer asked for (relevance), would it
/// alarm an interviewer (red flags), and how it sounds (delivery).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeFamily {
    Structure,
    Substance,
    Relevance,
    RedFlag,
    Delivery,
}

impl CodeFamily {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeFamily::Structure => "structure",
            CodeFamily::Substance => "substance",
            CodeFamily::Relevance => "relevance",
            CodeFamily::RedFlag => "red-flag",
            CodeFamily::Delivery => "delivery",
        }
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of answer a question asks for; the kind decides which critique codes apply.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum AnswerKind {
    /// A behavioral story: "tell me about a time...", "describe a situation...".
    Story,
    /// A weakness or criticism: "greatest weakness", "negative feedback".
    Weakness,
    /// Why this company, this role, leaving, career goals.
    Motivation,
    /// "Tell me about yourself", "walk me through your resume".
    Introduction,
}

impl AnswerKind {
    pub const ALL: [AnswerKind; 4] = [
        AnswerKind::Story,
        AnswerKind::Weakness,
        AnswerKind::Motivation,
        AnswerKind::Introduction,
    ];

    /// Whether a code applies to this kind (docs/critique.md): prepared answers are never judged
    /// as STAR stories, a weakness needs no scene, and only prepared answers can be generic.
    pub fn applies(self, code: FindingCode) -> bool {
        use FindingCode as F;
        match self {
            AnswerKind::Story => code != F::Generic,
            AnswerKind::Weakness => {
                !matches!(code, F::MissingSituation | F::MissingTask | F::Generic)
            }
            AnswerKind::Motivation | AnswerKind::Introduction => matches!(
                code,
                F::Pace
                    | F::LongPauses
                    | F::Generic
                    | F::NoVisionLink
                    | F::BlamesOthers
                    | F::Filler
                    | F::Repetition
                    | F::TooLong
                    | F::TooShort
                    | F::OffQuestion
            ),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AnswerKind::Story => "story",
            AnswerKind::Weakness => "weakness",
            AnswerKind::Motivation => "motivation",
            AnswerKind::Introduction => "introduction",
        }
    }
}

impl std::fmt::Display for AnswerKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
