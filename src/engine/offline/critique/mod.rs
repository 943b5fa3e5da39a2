//! The critique: the answer's kind from the question, the rubric codes of docs/critique.md
//! that apply to that kind, part and rubric scores, an overall score and speaking time.

mod flags;
mod kind;
mod score;
mod star;

use super::analysis::Analysis;
use super::data;
use super::jobs;
use super::lexicon::{Tokens, lexicon};
use super::rank::Query;
use super::vision::VisionTerms;
use crate::report::{
    AnswerKind, CompetencyId, CritiqueReport, EngineKind, Finding, FindingCode, Severity, Span,
};
use crate::text::{self, Located};

/// Speaking-time settings (config `[critique]`).
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub words_per_minute: u32,
    pub max_seconds: u32,
    pub min_seconds: u32,
}

impl Pace {
    pub fn seconds(&self, words: usize) -> u32 {
        ((words as f64) * 60.0 / f64::from(self.words_per_minute)).round() as u32
    }

    /// How many words fit in `seconds` of speech: the budget of a talk track or a short form.
    pub fn words(&self, seconds: u32) -> usize {
        seconds as usize * self.words_per_minute as usize / 60
    }
}

/// What the critique compares the draft with.
pub struct Context<'a> {
    pub question: Option<&'a str>,
    /// The question read (from the engine's cache).
    pub query: Option<std::sync::Arc<Query>>,
    pub job: Option<&'a str>,
    pub vision: Option<&'a VisionTerms>,
    pub pace: Pace,
}

/// The draft read once: its STAR analysis, tokens, sentences and words with their places, the
/// question's reading and the kind of answer it asks for.
struct Reading {
    analysis: Analysis,
    tokens: Tokens,
    sentences: Vec<(String, std::ops::Range<usize>)>,
    words: Vec<Located>,
    /// The words without the fillers, for phrases that fillers would break (`None`: there are
    /// no fillers, so they are `words`).
    plain_words: Option<Vec<Located>>,
    /// Where the filler words are.
    fillers: Vec<Span>,
    /// The draft lowercased once (see [`flags::lowered`]), for the cue lists.
    lower: String,
    query: Option<std::sync::Arc<Query>>,
    kind: AnswerKind,
}

pub fn critique(draft: &str, ctx: &Context) -> CritiqueReport {
    let words = text::located_words(draft);
    // Spoken fillers are noise to the structure ("I, um, basically forgot"); the time counts them.
    let fillers = flags::filler_words(&words, data::words());
    let plain = flags::without_fillers(draft, &fillers);
    let mut analysis = Analysis::of_draft(&plain);
    analysis.words = text::word_count(draft);
    analysis.text = draft.to_string();
    let query = ctx.query.clone();
    let kind = kind::answer_kind(query.as_deref(), draft, &analysis);
    let reading = Reading {
        tokens: Tokens::new(draft),
        sentences: text::located_sentences(draft),
        words,
        plain_words: (!fillers.is_empty()).then(|| text::located_words(&plain)),
        fillers,
        lower: flags::lowered(draft),
        analysis,
        query,
        kind,
    };
    let a = &reading.analysis;
    let seconds = ctx.pace.seconds(a.words);
    let mut findings = star::star_findings(a);
    findings.extend(style_findings(&reading, ctx, seconds));
    findings.extend(red_flags(&reading, ctx));
    findings.retain(|f| kind.applies(f.code));
    let scores = star::part_scores(a);
    let rubric = score::rubric(kind, a, &scores, &findings);
    CritiqueReport {
        engine: EngineKind::Offline,
        question: ctx.question.map(str::to_string),
        answer_kind: kind,
        overall: score::overall(kind, &rubric, &findings),
        findings,
        scores,
        rubric,
        words: a.words,
        speaking_seconds: seconds,
        unsupported: Vec::new(),
        usage: None,
    }
}

/// How many filler words ("um", "like", "you know") a text holds, as the critique counts them.
pub fn filler_count(text: &str) -> usize {
    flags::filler_words(&text::located_words(text), data::words()).len()
}

/// The kind of answer a question asks for, or (without one) the kind a draft reads as.
pub fn answer_kind_of(question: Option<&str>, draft: &str, analysis: &Analysis) -> AnswerKind {
    kind::answer_kind(question.map(Query::new).as_ref(), draft, analysis)
}

impl Reading {
    /// The words without the fillers.
    fn plain_words(&self) -> &[Located] {
        self.plain_words.as_deref().unwrap_or(&self.words)
    }
}

fn red_flags(r: &Reading, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let ownership = kind::wants_ownership(r.query.as_deref(), r.kind);
    out.extend(flags::blames_others(r, ownership));
    if ownership {
        out.extend(flags::no_ownership(r));
    }
    out.extend(flags::filler(r));
    out.extend(flags::repetition(r));
    if matches!(r.kind, AnswerKind::Motivation | AnswerKind::Introduction) {
        let terms = ctx.job.map(job_terms).unwrap_or_default();
        out.extend(flags::generic(r, &terms));
    }
    out
}

/// The posting's own terms, lowercase, for telling a specific answer from a generic one.
fn job_terms(job: &str) -> Vec<String> {
    let job = jobs::Job::parse(job);
    job.lines
        .iter()
        .flat_map(|l| jobs::line_terms(&l.text, None))
        .map(|t| t.to_lowercase())
        .collect()
}

fn finding(code: FindingCode, severity: Severity, message: String, suggestion: &str) -> Finding {
    Finding {
        code,
        severity,
        message,
        suggestion: suggestion.into(),
        spans: Vec::new(),
    }
}

fn style_findings(r: &Reading, ctx: &Context, seconds: u32) -> Vec<Finding> {
    let a = &r.analysis;
    let mut out = Vec::new();
    if a.we_dominates() {
        out.push(finding(
            FindingCode::WeNotI,
            Severity::Warning,
            format!(
                "\"we/our/us\" appear {} times and \"I/my/me\" {}: your own role is unclear",
                a.we_count, a.i_count
            ),
            "keep \"we\" for the team's goal and say \"I\" for each step you took yourself",
        ));
    }
    let reflective = r.query.as_deref().is_some_and(asks_for_reflection);
    if (reflective || a.setback) && a.learned == 0 {
        out.push(finding(
            FindingCode::NoLearning,
            Severity::Warning,
            "a setback or a reflective question, and no lesson or reflection".into(),
            "close with what you learned and what you do differently since",
        ));
    }
    if seconds > ctx.pace.max_seconds {
        out.push(finding(
            FindingCode::TooLong,
            Severity::Warning,
            format!(
                "about {seconds} s of speaking, over the {} s limit",
                ctx.pace.max_seconds
            ),
            "cut the situation to one sentence and keep the two strongest actions",
        ));
    }
    if seconds < ctx.pace.min_seconds {
        out.push(finding(
            FindingCode::TooShort,
            Severity::Warning,
            format!(
                "about {seconds} s of speaking, under the {} s an answer needs",
                ctx.pace.min_seconds
            ),
            match r.kind {
                AnswerKind::Motivation | AnswerKind::Introduction => {
                    "give two or three specific reasons, each with a fact about you or about them"
                }
                _ => "tell it as a story: context, your goal, what you did, and the measurable result",
            },
        ));
    }
    if let Some(vision) = ctx.vision.filter(|v| v.hits_in(&r.tokens).is_empty()) {
        out.push(finding(
            FindingCode::NoVisionLink,
            Severity::Info,
            format!(
                "the answer never connects to your vision: \"{}\"",
                vision.statement
            ),
            match r.kind {
                AnswerKind::Motivation | AnswerKind::Introduction => {
                    "add one sentence on how this role lets you act on your vision"
                }
                _ => "add one sentence on how this made the system better by your vision's measure",
            },
        ));
    }
    if let Some(q) = ctx.question {
        out.extend(missed_question(r, q));
    }
    out
}

/// Questions back to the interviewer from which, being half the answer or more, they replace it.
const ASKED_BACK: usize = 2;
/// A story answer of this many sentences or more in which at most `TOLD_SHARE` of them tell
/// the story (a scene, a step, an outcome) is an opinion, not a time it happened; chosen on the
/// dev split.
const OPINION_SENTENCES: usize = 4;
const TOLD_SHARE: f64 = 0.25;

/// How the draft misses the question asked, if it does: asking the interviewer instead of
/// answering, a view instead of a story, or a story about something else.
fn missed_question(r: &Reading, question: &str) -> Option<Finding> {
    let asked_back: Vec<Span> = r
        .sentences
        .iter()
        .filter(|(s, _)| s.trim_end().ends_with('?'))
        .map(|(_, c)| Span {
            start: c.start,
            end: c.end,
        })
        .collect();
    // "What questions do you have for us?" asks for exactly that.
    let invited = r.query.as_ref().is_some_and(|q| {
        q.phrased
            .iter()
            .any(|&(c, s)| s >= 0.5 && lexicon().competencies[c].id == CompetencyId::QuestionsForUs)
    });
    let wants_story = r.query.as_ref().is_some_and(|q| q.wants_story());
    let (message, suggestion, spans) = if !invited
        && asked_back.len() >= ASKED_BACK
        && asked_back.len() * 2 >= r.sentences.len()
    {
        (
            "the answer asks the interviewer questions instead of answering",
            "answer first; keep pay, remote work and the hiring process for the end of the interview or for the recruiter",
            asked_back,
        )
    } else if wants_story && r.kind == AnswerKind::Story && is_opinion(r) {
        (
            "the answer says what you believe, not a time you did it",
            "tell one time it happened: where you were, what you did, and how it turned out",
            Vec::new(),
        )
    } else if story_for_motivation(r) || r.query.as_ref().is_some_and(|q| off_question(q, r)) {
        (
            "the story does not answer the question asked",
            "pick a story about what the question asks (try `starcoach match`), or bridge to it in the first sentence",
            Vec::new(),
        )
    } else {
        return None;
    };
    Some(Finding {
        spans,
        ..finding(
            FindingCode::OffQuestion,
            Severity::Error,
            format!("{message}: \"{question}\""),
            suggestion,
        )
    })
}

/// Whether a story answer is a view rather than a story: few of its sentences tell anything
/// that happened, by the moves model ("I believe in boring technology", "most experiments fail").
fn is_opinion(r: &Reading) -> bool {
    let moves = &data::data().moves;
    let n = r.sentences.len();
    // Most stories tell in their first sentences, so stop reading once enough of them have.
    let enough = (TOLD_SHARE * n as f64).floor() as usize + 1;
    n >= OPINION_SENTENCES
        && r.sentences
            .iter()
            .filter(|(s, _)| moves.read(s).tells())
            .take(enough)
            .count()
            < enough
}

/// Failure, weakness, mistake, feedback and conflict questions want a lesson.
fn asks_for_reflection(query: &Query) -> bool {
    query
        .competencies
        .iter()
        .any(|&(c, s)| s >= 0.5 && lexicon().competencies[c].reflective)
}

/// The weight of one word that only a few competencies use: enough to show the draft is on topic.
const TELLING_WORD: f32 = 3.0;

/// A motivation or introduction question answered with a story that says nothing of why.
fn story_for_motivation(r: &Reading) -> bool {
    let a = &r.analysis;
    let lower = &r.lower;
    matches!(r.kind, AnswerKind::Motivation | AnswerKind::Introduction)
        && r.query.is_some()
        && a.action_i >= 2
        && a.result > 0
        && !data::words().motivation_cues.any_in(lower)
        && !text::words(lower)
            .iter()
            .any(|w| data::words().motivation_words.contains(w))
}

/// Whether the sentence models read the draft as about an asked competency in words no phrase
/// names: one sentence the shows model reads as it ("I sat with her every morning" for
/// mentoring), or the question classifier reading all its words with the asked one high.
fn models_read_asked(r: &Reading, asked: &[usize]) -> bool {
    let shows_asked = r
        .sentences
        .iter()
        .filter_map(|(s, _)| data::data().shows.read(s))
        .any(|(c, odds)| odds >= 0.0 && asked.contains(&c));
    shows_asked
        || data::data()
            .intent
            .read(&r.analysis.text)
            .competencies
            .iter()
            .take(DRAFT_INTENT_RANK)
            .any(|(c, _)| asked.contains(c))
}

/// How high among the classifier's readings of a draft the asked competency must stand for
/// the draft to count as answering it.
const DRAFT_INTENT_RANK: usize = 8;

/// Off-question: the question asks for competencies, the draft shows others and none of them,
/// and shares no content word with the question. Conservative, since a false alarm costs trust.
fn off_question(query: &Query, r: &Reading) -> bool {
    let (tokens, draft) = (&r.tokens, &r.analysis.text);
    let asked: Vec<usize> = query
        .phrased
        .iter()
        .filter(|(_, s)| *s >= 0.5)
        .map(|(c, _)| *c)
        .collect();
    let open = asked.iter().any(|&c| lexicon().competencies[c].open);
    if asked.is_empty() || open {
        return false;
    }
    let shown: Vec<usize> = lexicon()
        .competencies
        .iter()
        .enumerate()
        .filter(|(_, c)| c.shown_in(tokens) >= 1.0)
        .map(|(i, _)| i)
        .collect();
    // Any sign of the asked competency, a phrase or one of its telling words ("vague" for
    // ambiguity), means the draft is trying to answer it.
    let answers = asked.iter().any(|&c| {
        let competency = &lexicon().competencies[c];
        shown.contains(&c)
            || competency.shown_in(tokens) >= 0.5
            || competency.words_in(tokens) >= TELLING_WORD
    });
    if shown.is_empty() || answers {
        return false;
    }
    if models_read_asked(r, &asked) {
        return false;
    }
    let draft_terms = text::terms(draft);
    !query
        .terms
        .iter()
        .filter(|t| !data::words().question_filler.contains(t))
        .any(|t| draft_terms.contains(t))
}
