//! Reading a job description: its requirement lines, the competencies they ask for, and the terms they use.

use super::lexicon::{Tokens, lexicon};
use crate::report::LikelyQuestion;
use crate::text;

/// One line of a job description, prepared for matching.
pub struct JobLine {
    pub text: String,
    pub tokens: Tokens,
    pub is_requirement: bool,
}

pub struct Job {
    pub title: Option<String>,
    pub lines: Vec<JobLine>,
}

impl Job {
    pub fn parse(job: &str) -> Job {
        let mut title = None;
        let mut lines = Vec::new();
        for raw in job.lines() {
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                continue;
            }
            if let Some(heading) = trimmed.strip_prefix('#') {
                if title.is_none() {
                    title = Some(heading.trim_start_matches('#').trim().to_string());
                }
                continue;
            }
            let is_requirement = ["- ", "* ", "+ "].iter().any(|m| trimmed.starts_with(m));
            let text = text::strip_bullet(trimmed).to_string();
            lines.push(JobLine {
                tokens: Tokens::new(&text),
                text,
                is_requirement,
            });
        }
        Job { title, lines }
    }

    /// The lines that show each competency, and how strongly, in lexicon order.
    fn competency_evidence(&self) -> Vec<(f32, Vec<&str>)> {
        lexicon()
            .competencies
            .iter()
            .map(|c| {
                let mut score = 0.0;
                let mut lines = Vec::new();
                for line in &self.lines {
                    let s = c.shown_in(&line.tokens);
                    if s >= 0.5 {
                        score += s;
                        lines.push(line.text.as_str());
                    }
                }
                (score, lines)
            })
            .collect()
    }
}

const CORE_EVIDENCE: &str = "asked in nearly every behavioral loop";

/// Likely questions: competencies the posting shows (with the lines as evidence) merged with the
/// core set every loop asks, ordered by likelihood.
pub fn likely_questions(job: &Job, count: usize) -> Vec<LikelyQuestion> {
    let evidence = job.competency_evidence();
    let mut out: Vec<LikelyQuestion> = lexicon()
        .competencies
        .iter()
        .zip(evidence)
        .filter_map(|(c, (score, lines))| {
            let from_job = (0.3 * score).min(0.9);
            let likelihood = 1.0 - (1.0 - c.core) * (1.0 - from_job);
            if likelihood < 0.15 {
                return None;
            }
            let mut evidence: Vec<String> = lines.iter().take(3).map(|l| l.to_string()).collect();
            if evidence.is_empty() {
                evidence.push(match (&job.title, c.id.as_str()) {
                    (Some(t), "introduction" | "motivation-role") => format!("{t} ({CORE_EVIDENCE})"),
                    _ => CORE_EVIDENCE.to_string(),
                });
            }
            Some(LikelyQuestion {
                question: c.question.clone(),
                competency: c.id.clone(),
                evidence,
                likelihood: (f64::from(likelihood) * 100.0).round() / 100.0,
            })
        })
        .collect();
    // Stable sort keeps lexicon order among equals, so output is deterministic.
    out.sort_by(|a, b| b.likelihood.total_cmp(&a.likelihood));
    out.truncate(count);
    out
}

/// Words too common in postings to be worth weaving into an answer or listing as a gap.
const GENERIC_TERMS: &[&str] = &[
    "lead", "led", "own", "drive", "team", "teams", "users", "customer", "customers", "data",
    "review", "ci", "test", "tests", "present", "explain", "clearly", "strong", "business",
    "impact", "cost", "costs", "risk", "decision", "decided", "chose", "learned", "scale",
    "complex", "performance", "tooling", "manual", "script", "partner", "writing", "believe",
    "mission", "vision", "influence", "expertise", "pressure", "deadline", "deadlines",
];

/// The terms a job line uses: lexicon phrases it contains, and product or technology names.
pub fn line_terms(line: &JobLine) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !terms.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            terms.push(t);
        }
    };
    for c in &lexicon().competencies {
        for span in c.spans_in(&line.tokens) {
            if span.len() >= 3 && !GENERIC_TERMS.contains(&span.as_str()) {
                push(span);
            }
        }
    }
    for name in proper_names(&line.text) {
        push(name);
    }
    terms
}

/// Capitalised or mixed-case words past the first: "EKS", "Terraform", "OpenTelemetry".
fn proper_names(line: &str) -> Vec<String> {
    line.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.len() > 1)
        .filter(|w| !text::is_stopword(&w.to_lowercase()))
        .map(str::to_string)
        .collect()
}
