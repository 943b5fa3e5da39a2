//! The critique: the answer's kind from the question, the rubric codes of docs/critique.md
//! that apply to that kind, part and rubric scores, an overall score and speaking time.

mod blame;
mod flags;
mod kind;
mod ownership;
mod person;
mod relevance;
mod score;
mod stance;
mod star;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use super::analysis::Analysis;
use super::data;
use super::jobs;
use super::lexicon::{Tokens, lexicon};
use super::query::Query;
use super::sentences::Reflective;
use super::talk::TalkReading;
use super::vision::VisionTerms;
use crate::report::{
    self, AnswerKind, CritiqueReport, EngineKind, Finding, FindingCode, Severity, Span,
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
    /// The answer's speaking time measured from its recording, when it was spoken.
    pub spoken_seconds: Option<u32>,
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
    /// The draft lowercased once (see [`text::lowered`]), for the cue lists.
    lower: String,
    query: Option<std::sync::Arc<Query>>,
    kind: AnswerKind,
    /// Readings several checks share, computed on first use (see the methods of the same name).
    owns: OnceCell<bool>,
    reflections: OnceCell<Vec<Reflective>>,
    talks: OnceCell<Vec<TalkReading>>,
}

pub fn critique(draft: &str, ctx: &Context) -> CritiqueReport {
    let words = text::located_words(draft);
    let fillers = flags::filler_words(&words, data::words());
    let plain = flags::without_fillers(draft, &fillers);
    let analysis = analysis_of(draft, &plain);
    let query = ctx.query.clone();
    let kind = kind::answer_kind(query.as_deref(), draft, &analysis);
    let reading = Reading {
        tokens: Tokens::new(draft),
        sentences: text::located_sentences(draft),
        words,
        plain_words: (!fillers.is_empty()).then(|| text::located_words(&plain)),
        fillers,
        lower: text::lowered(draft),
        analysis,
        query,
        kind,
        owns: OnceCell::new(),
        reflections: OnceCell::new(),
        talks: OnceCell::new(),
    };
    let a = &reading.analysis;
    let seconds = ctx
        .spoken_seconds
        .unwrap_or_else(|| ctx.pace.seconds(a.words));
    let mut findings = star::star_findings(a);
    findings.extend(style_findings(&reading, ctx, seconds));
    findings.extend(red_flags(&reading, ctx));
    findings.retain(|f| kind.applies(f.code));
    report::worst_first(&mut findings);
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

/// The STAR reading of a draft, read from `plain`, the draft without its fillers: they are noise
/// to the structure ("I, um, basically forgot"), while the time counts them.
fn analysis_of(draft: &str, plain: &str) -> Analysis {
    let mut analysis = Analysis::of_draft(plain);
    analysis.words = text::word_count(draft);
    analysis.text = draft.to_string();
    analysis
}

/// The rubric and overall score of a report whose findings were given by another judge (the
/// LLM engine), so the score says what its findings say, by the same rubric and caps.
pub fn rescore(draft: &str, report: &mut CritiqueReport) {
    let fillers = flags::filler_words(&text::located_words(draft), data::words());
    let analysis = analysis_of(draft, &flags::without_fillers(draft, &fillers));
    let kind = report.answer_kind;
    report.rubric = score::rubric(kind, &analysis, &report.scores, &report.findings);
    report.overall = score::overall(kind, &report.rubric, &report.findings);
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
    /// Whether the speaker owns a failing anywhere in the answer, by the lexical reading
    /// ([`ownership::owns_a_failing`] over the words without fillers).
    fn owns_a_failing(&self) -> bool {
        *self.owns.get_or_init(|| {
            ownership::owns_a_failing(self.plain_words(), &self.lower, data::words())
        })
    }

    /// The reflection model's reading of each sentence, in order, without its fillers and after
    /// the frame that names a weakness of the speaker's (`Words::without_weakness_frame`).
    fn reflections(&self) -> &[Reflective] {
        self.reflections.get_or_init(|| {
            // Fillers and the frame of naming a weakness say nothing of owning or dodging it.
            let model = &data::data().reflection;
            let w = data::words();
            self.sentences
                .iter()
                .map(|(s, c)| model.read(w.without_weakness_frame(&self.plain_sentence(s, c))))
                .collect()
        })
    }

    /// The talk model's reading of each sentence, in order, without its fillers: what an answer
    /// about the person talks of, read by more than one check of a weakness answer.
    fn talks(&self) -> &[TalkReading] {
        self.talks.get_or_init(|| {
            let model = &data::data().talk;
            self.sentences
                .iter()
                .map(|(s, c)| model.reading(&self.plain_sentence(s, c)))
                .collect()
        })
    }

    /// The words without the fillers.
    fn plain_words(&self) -> &[Located] {
        self.plain_words.as_deref().unwrap_or(&self.words)
    }

    /// A sentence of the draft (at `chars`) without its fillers: "Um, I mean, it's, you know,
    /// a great company" reads to the sentence models as "it's a great company".
    fn plain_sentence<'s>(&self, sentence: &'s str, chars: &Range<usize>) -> Cow<'s, str> {
        let inside: Vec<Span> = self
            .fillers
            .iter()
            .filter(|f| f.start >= chars.start && f.end <= chars.end)
            .map(|f| Span {
                start: f.start - chars.start,
                end: f.end - chars.start,
            })
            .collect();
        if inside.is_empty() {
            Cow::Borrowed(sentence)
        } else {
            Cow::Owned(flags::without_fillers(sentence, &inside))
        }
    }
}

fn red_flags(r: &Reading, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let ownership = kind::wants_ownership(r.query.as_deref(), r.kind);
    out.extend(blame::blames_others(r, ownership));
    if ownership {
        out.extend(ownership::no_ownership(r));
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
    out.extend(length_findings(r, ctx, seconds));
    out.extend(vision_finding(r, ctx));
    if let Some(q) = ctx.question {
        out.extend(relevance::missed_question(r, q));
    }
    out
}

/// Speaking time against the pace limits: too long, or too short (with a suggestion for the
/// answer's kind).
fn length_findings(r: &Reading, ctx: &Context, seconds: u32) -> Vec<Finding> {
    let mut out = Vec::new();
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
    if seconds < ctx.pace.min_seconds && !relevance::asks_as_invited(r) {
        // Well under the floor nothing has room; close to it, the answer is only thin.
        let severity = if u64::from(seconds) * 3 < u64::from(ctx.pace.min_seconds) * 2 {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(finding(
            FindingCode::TooShort,
            severity,
            format!(
                "about {seconds} s of speaking, under the {} s an answer needs",
                ctx.pace.min_seconds
            ),
            match r.kind {
                _ if relevance::invites_questions(r) => {
                    "ask two or three questions about the work, the team or how success is measured"
                }
                AnswerKind::Motivation => {
                    "give two or three specific reasons, each with a fact about you or about them"
                }
                AnswerKind::Introduction => {
                    "say where you are now, one or two things you did that matter for this role, and why it is your next step"
                }
                AnswerKind::Weakness => {
                    "name one real weakness, a time it cost something, and what you do about it now"
                }
                AnswerKind::Story => {
                    "tell it as a story: context, your goal, what you did, and the measurable result"
                }
            },
        ));
    }
    out
}

/// `no-vision-link`, when a vision is given and the answer never touches it.
fn vision_finding(r: &Reading, ctx: &Context) -> Option<Finding> {
    let vision = ctx.vision.filter(|v| v.hits_in(&r.tokens).is_empty())?;
    Some(finding(
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
    ))
}

/// Failure, weakness, mistake, feedback and conflict questions want a lesson.
fn asks_for_reflection(query: &Query) -> bool {
    query
        .competencies
        .iter()
        .any(|&(c, s)| s >= 0.5 && lexicon().competencies[c].reflective)
}
