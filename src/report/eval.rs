//! What `starcoach eval` reports: hit rates, precision and recall, per group, with every miss.

use serde::Serialize;

use super::{AnswerKind, CodeFamily, FindingCode};

/// Question matching scored on labelled cases.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionsEval {
    pub cases: usize,
    pub top1: usize,
    pub top3: usize,
    /// Percentages, 0 to 100.
    pub top1_pct: f64,
    pub top3_pct: f64,
    /// Of the cases where the engine offered a match, how often its first one was right.
    pub precision_pct: f64,
    /// Cases no entry answers (`"expect": []`), and how many the engine left unmatched.
    pub none_fits: usize,
    pub none_fits_hits: usize,
    pub none_fits_recall_pct: f64,
    /// Hit rates by the competency the lexicon reads in the question.
    pub per_competency: Vec<GroupScore>,
    /// Expected entry -> entry ranked first instead, most frequent first.
    pub confusions: Vec<Confusion>,
    pub misses: Vec<QuestionMiss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    pub group: String,
    pub cases: usize,
    pub top1: usize,
    /// Cases where a match was offered, and how many of those were right.
    pub offered: usize,
    pub offered_right: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    /// The expected ids, `|`-joined, or `(none)` for a case nothing answers.
    pub expected: String,
    /// What came first, or `(none)` when nothing was offered.
    pub got: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionMiss {
    pub line: usize,
    pub question: String,
    pub expect: Vec<String>,
    pub got: Vec<String>,
    pub in_top3: bool,
}

/// Critique scored on labelled drafts.
#[derive(Debug, Clone, Serialize)]
pub struct CritiqueEval {
    pub cases: usize,
    pub expected: usize,
    pub recalled: usize,
    pub recall_pct: f64,
    /// Forbidden codes raised.
    pub violations: usize,
    /// Recalled codes over recalled plus forbidden raised.
    pub precision_pct: f64,
    pub per_code: Vec<CodeScore>,
    /// The same counts summed over each family of codes.
    pub per_family: Vec<FamilyScore>,
    /// Cases labelled with an answer kind, and how many the engine read right.
    pub kinds_labelled: usize,
    pub kinds_right: usize,
    /// Overall scores of drafts labelled strong and weak.
    pub strong: ScoreSpread,
    pub weak: ScoreSpread,
    pub misses: Vec<CritiqueMiss>,
}

/// How a code, or a family of codes, fared over the cases.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// Cases expecting the code, and how many raised it.
    pub expected: usize,
    pub recalled: usize,
    /// Cases forbidding the code that raised it anyway.
    pub false_alarms: usize,
    pub recall_pct: f64,
    pub precision_pct: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeScore {
    pub code: FindingCode,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct FamilyScore {
    pub family: CodeFamily,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoreSpread {
    pub cases: usize,
    pub min: u8,
    pub median: u8,
    pub max: u8,
    /// The highest overall score of the weak band, and how many drafts scored in it.
    pub weak_max: u8,
    pub weak_band: usize,
    /// `weak_band` over `cases`, in percent (100 with no drafts, as every rate of the evals).
    pub weak_band_pct: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CritiqueMiss {
    pub line: usize,
    pub question: Option<String>,
    pub missing: Vec<FindingCode>,
    pub forbidden: Vec<FindingCode>,
    pub raised: Vec<FindingCode>,
    /// Set when the case names a kind and the engine read another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<KindMiss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindMiss {
    pub expected: AnswerKind,
    pub got: AnswerKind,
}

/// Answer kinds read from labelled questions.
#[derive(Debug, Clone, Serialize)]
pub struct KindsEval {
    pub cases: usize,
    /// Questions whose kind was read right.
    pub right: usize,
    pub accuracy_pct: f64,
    pub per_kind: Vec<KindScore>,
    pub misses: Vec<KindCaseMiss>,
}

/// One kind over the questions: labelled with it (`expected`), read as it among those
/// (`recalled`), and read as it though labelled otherwise (`false_alarms`).
#[derive(Debug, Clone, Serialize)]
pub struct KindScore {
    pub kind: AnswerKind,
    #[serde(flatten)]
    pub counts: Counts,
}

/// A question of `eval kinds` read as another kind (`KindMiss` is the same for a critique
/// case, where it sits beside the codes).
#[derive(Debug, Clone, Serialize)]
pub struct KindCaseMiss {
    pub line: usize,
    pub question: String,
    pub expected: AnswerKind,
    pub got: AnswerKind,
}

/// Tailor scored on labelled postings.
#[derive(Debug, Clone, Serialize)]
pub struct PostingsEval {
    pub cases: usize,
    /// Stories a coach would bring, and how many the plan chose for some question.
    pub picks_expected: usize,
    pub picks_found: usize,
    pub picks_pct: f64,
    /// Requirements expected on the to-write list, and how many are there.
    pub uncovered_expected: usize,
    pub uncovered_found: usize,
    /// Strings that must never be on the to-write list (names, places, verbs) found there.
    pub forbidden_found: usize,
    pub postings: Vec<PostingScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PostingScore {
    pub line: usize,
    pub job: String,
    pub missing_picks: Vec<String>,
    pub missing_uncovered: Vec<String>,
    pub forbidden_uncovered: Vec<String>,
    pub to_write: Vec<String>,
}
