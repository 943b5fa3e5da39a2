//! The critique: every rubric code of docs/critique.md, part scores, an overall score and speaking time.

use super::analysis::Analysis;
use super::data;
use super::lexicon::{Tokens, lexicon};
use super::rank::Query;
use super::vision::VisionTerms;
use crate::report::{CritiqueReport, EngineKind, Finding, FindingCode, Scores, Severity};
use crate::text;

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
}

/// What the critique compares the draft with.
pub struct Context<'a> {
    pub question: Option<&'a str>,
    pub vision: Option<&'a VisionTerms>,
    pub pace: Pace,
}

/// The draft read once: its STAR analysis, its tokens and the question's reading.
struct Reading {
    analysis: Analysis,
    tokens: Tokens,
    query: Option<Query>,
}

pub fn critique(draft: &str, ctx: &Context) -> CritiqueReport {
    let reading = Reading {
        analysis: Analysis::of_draft(draft),
        tokens: Tokens::new(draft),
        query: ctx.question.map(Query::new),
    };
    let a = &reading.analysis;
    let seconds = ctx.pace.seconds(a.words);
    let mut findings = star_findings(a);
    findings.extend(style_findings(&reading, ctx, seconds));
    let scores = part_scores(a);
    CritiqueReport {
        engine: EngineKind::Offline,
        question: ctx.question.map(str::to_string),
        overall: overall(&scores, &findings),
        findings,
        scores,
        words: a.words,
        speaking_seconds: seconds,
        unsupported: Vec::new(),
        usage: None,
    }
}

fn finding(code: FindingCode, severity: Severity, message: String, suggestion: &str) -> Finding {
    Finding {
        code,
        severity,
        message,
        suggestion: suggestion.into(),
    }
}

fn star_findings(a: &Analysis) -> Vec<Finding> {
    let mut out = Vec::new();
    if a.situation == 0 {
        out.push(finding(FindingCode::MissingSituation, Severity::Warning,
            "no context: the listener does not learn where, when or what was at stake".into(),
            "open with one sentence of context: the company or team, the problem, and why it mattered"));
    }
    if !a.task_clear() {
        out.push(finding(
            FindingCode::MissingTask,
            Severity::Warning,
            "no statement of your goal or responsibility".into(),
            "say what you were responsible for: \"I owned...\", \"my goal was...\"",
        ));
    }
    if a.action_i == 0 && a.has_action() {
        out.push(finding(FindingCode::MissingAction, Severity::Warning,
            "the steps told are the team's (\"we\"): none says what you did yourself".into(),
            "say \"I\" for the steps you took yourself: the design you chose, the code you wrote, the call you made"));
    } else if a.action_i == 0 {
        out.push(finding(FindingCode::MissingAction, Severity::Error,
            "no concrete steps that you personally took".into(),
            "spend most of the answer on what you did: two or three steps, each with \"I\" and a verb"));
    }
    if a.result == 0 {
        out.push(finding(
            FindingCode::MissingResult,
            Severity::Error,
            "no outcome: the answer stops before saying what changed".into(),
            "end with the result: what changed, for whom, and by how much",
        ));
    } else if !a.result_metric {
        out.push(finding(
            FindingCode::NoMetrics,
            Severity::Warning,
            "there is an outcome but nothing measurable in it".into(),
            "put a number on the result: a percentage, a time saved, a count, or money",
        ));
    }
    out
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
    let reflective = r.query.as_ref().is_some_and(asks_for_reflection);
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
            "tell it as a story: context, your goal, what you did, and the measurable result",
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
            "add one sentence on how this made the system better by your vision's measure",
        ));
    }
    let off = r
        .query
        .as_ref()
        .is_some_and(|q| off_question(q, &r.tokens, &a.text));
    if let Some(q) = ctx.question.filter(|_| off) {
        out.push(finding(FindingCode::OffQuestion, Severity::Error,
                format!("the story does not answer the question asked: \"{q}\""),
                "pick a story about what the question asks (try `starcoach match`), or bridge to it in the first sentence"));
    }
    out
}

/// Failure, weakness, mistake, feedback and conflict questions want a lesson.
fn asks_for_reflection(query: &Query) -> bool {
    query
        .competencies
        .iter()
        .any(|&(c, s)| s >= 0.5 && lexicon().competencies[c].reflective)
}

/// Off-question: the question asks for competencies, the draft shows others and none of them,
/// and shares no content word with the question. Conservative, since a false alarm costs trust.
fn off_question(query: &Query, tokens: &Tokens, draft: &str) -> bool {
    let asked: Vec<usize> = query
        .competencies
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
    // Any sign of the asked competency means the draft is trying to answer it.
    let answers = asked
        .iter()
        .any(|&c| shown.contains(&c) || lexicon().competencies[c].shown_in(tokens) >= 0.5);
    if shown.is_empty() || answers {
        return false;
    }
    let draft_terms = text::terms(draft);
    !query
        .terms
        .iter()
        .filter(|t| !data::words().question_filler.contains(t))
        .any(|t| draft_terms.contains(t))
}

fn part_scores(a: &Analysis) -> Scores {
    let steps = |n: usize| match n {
        0 => 0,
        1 => 60,
        2 => 80,
        _ => 100,
    };
    let situation = match (a.situation, a.specific_context) {
        (0, _) => 0,
        (_, true) => 100,
        (n, false) => steps(n).min(80),
    };
    let action = if a.action_i > 0 {
        steps(a.action_i + a.action_other / 2)
    } else if a.action_other > 0 {
        40
    } else {
        0
    };
    let result = match (a.result, a.result_metric) {
        (0, _) => 0,
        (_, true) => 100,
        (_, false) => 55,
    };
    Scores {
        situation,
        task: match (a.task > 0, a.task_clear()) {
            (true, _) => 100,
            (false, true) => 60,
            (false, false) => 0,
        },
        action,
        result,
        learned: if a.learned > 0 { 100 } else { 0 },
    }
}

/// Weighted STAR parts, less a penalty per finding outside them.
fn overall(s: &Scores, findings: &[Finding]) -> u8 {
    let base = 0.2 * f64::from(s.situation)
        + 0.15 * f64::from(s.task)
        + 0.35 * f64::from(s.action)
        + 0.3 * f64::from(s.result);
    let penalty: f64 = findings
        .iter()
        .map(|f| match f.code {
            FindingCode::OffQuestion => 30.0,
            FindingCode::WeNotI
            | FindingCode::TooLong
            | FindingCode::TooShort
            | FindingCode::NoLearning => 8.0,
            FindingCode::NoVisionLink => 4.0,
            _ => 0.0,
        })
        .sum();
    (base - penalty).clamp(0.0, 100.0).round() as u8
}
