//! Reading a job description: its requirement lines, the competencies they ask for, and the terms they use.

use super::data;
use super::lexicon::{Competency, Tokens, lexicon};
use super::posting::{self, Section};
use crate::report::{CompetencyId, LikelyQuestion};
use crate::text;
use clauses::{addressed_to_you, clauses, without_tenure};

/// One line of a job description, prepared for matching.
pub struct JobLine {
    pub text: String,
    pub tokens: Tokens,
    pub is_requirement: bool,
    /// Under a heading of what is welcome but not required ("Nice to have"); a line may say so
    /// of some of its own terms too ("Go is a plus"), which the to-write list reads.
    pub preferred: bool,
}

pub struct Job {
    pub title: Option<String>,
    /// The posting's lines about the role: bullet items and the sentences of its paragraphs.
    /// Benefits, compensation and legal text are left out.
    pub lines: Vec<JobLine>,
    /// Capitalised words of the intro and the boilerplate that no role line uses, the names
    /// they keep coming back to, and the places the posting gives: the employer's name, its
    /// places and products, never a requirement.
    pub employer_words: Vec<String>,
    /// The sentences around the role (the intro, the employer, the legal text), where the
    /// posting names its own groups ("part of our Money Movement group").
    pub context: Vec<String>,
}

impl Job {
    /// Reads a posting (see [`posting::read`]): the role's bullets are requirements, and so are
    /// the sentences of its paragraphs that speak of the candidate or the work.
    pub fn parse(job: &str) -> Job {
        let posting = posting::read(job);
        let mut lines = Vec::new();
        let mut context: Vec<String> = Vec::new();
        for block in &posting.blocks {
            let parts = if block.bullet {
                vec![block.text.clone()]
            } else {
                text::sentences(&block.text)
            };
            let cued = |part: &str| data::words().role_cues.any_in(&part.to_lowercase());
            // A paragraph that speaks to the candidate ("you'll", "experience with") goes on
            // speaking to them in its "You ..." sentences: "You mentor less experienced
            // engineers" is a requirement there, while an intro's "you" alone may be the
            // customer's.
            let addressed = !block.bullet && parts.iter().any(|p| cued(p));
            for part in parts {
                let cue = cued(&part) || addressed && addressed_to_you(&part);
                let role = match block.section {
                    Section::Boilerplate => false,
                    Section::Role | Section::Preferred => true,
                    Section::Intro => block.bullet || cue,
                    Section::Company => cue,
                };
                if !role {
                    context.push(part);
                    continue;
                }
                lines.extend(clauses(&part).into_iter().map(|clause| JobLine {
                    tokens: Tokens::new(&without_tenure(&clause)),
                    is_requirement: true,
                    preferred: block.section == Section::Preferred,
                    text: clause,
                }));
            }
        }
        let employer_words = employer::words(&posting, &lines, &context);
        Job {
            title: posting.title,
            lines,
            employer_words,
            context,
        }
    }

    /// How strongly the posting asks for each competency, and the lines that show it, strongest
    /// first. The strongest line counts whole and the others a quarter each, so one explicit
    /// requirement outweighs several lines that merely share a signal word.
    fn competency_evidence(&self) -> Vec<Evidence<'_>> {
        let competencies = &lexicon().competencies;
        let tokens = self.evidence_tokens();
        // Which competencies each line opens with: the line is about those, and only in passing
        // about the rest ("Mentor engineers and raise the bar on code review" asks for
        // mentoring more than for leadership). A part joined by ", and" opens too: "Make tough
        // calls on priorities, and handle disagreement with other leads" asks for both.
        let leads: Vec<Vec<bool>> = tokens
            .iter()
            .zip(&self.lines)
            .map(|(t, line)| {
                let joined = joined_parts(&line.text);
                competencies
                    .iter()
                    .map(|c| c.leads(t) || joined.iter().any(|p| c.leads(p)))
                    .collect()
            })
            .collect();
        competencies
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let mut lines: Vec<(f32, &str)> = self
                    .lines
                    .iter()
                    .zip(&tokens)
                    .zip(&leads)
                    .map(|((line, tokens), leaders)| {
                        let aside = !leaders[ci] && leaders.iter().any(|l| *l);
                        let weight = match (leaders[ci], aside) {
                            (true, _) => LEADING,
                            (false, true) => IN_PASSING,
                            (false, false) => 1.0,
                        };
                        let shown = c.shown_in(tokens).min(LINE_CAP);
                        (weight * shown, line.text.as_str())
                    })
                    .filter(|(s, _)| *s >= 0.5)
                    .collect();
                lines.sort_by(|a, b| b.0.total_cmp(&a.0));
                let score = lines
                    .iter()
                    .enumerate()
                    .map(|(i, (s, _))| if i == 0 { *s } else { 0.25 * s })
                    .sum::<f32>();
                Evidence {
                    strength: (score / FULL_STRENGTH).min(1.0),
                    strongest: lines.first().map_or(0.0, |l| l.0),
                    lines: lines.into_iter().map(|(_, l)| l).collect(),
                }
            })
            .collect()
    }

    /// Each line read for the competencies it shows, without the words most of the posting's
    /// lines use (in a data engineering posting "data" is the domain, not "a decision made on
    /// data") and without the phrases whose words mean something else there ("performance
    /// management" is not a performance bottleneck, "model training" is not mentoring).
    fn evidence_tokens(&self) -> Vec<Tokens> {
        let words: Vec<Vec<String>> = self
            .lines
            .iter()
            .map(|l| {
                let mut w = text::words(&l.text.to_lowercase());
                w.sort();
                w.dedup();
                w
            })
            .collect();
        let bar = (DOMAIN_SHARE * self.lines.len() as f32).max(DOMAIN_LINES);
        let mut counts: std::collections::HashMap<&str, usize> = Default::default();
        for w in words.iter().flatten() {
            *counts.entry(w.as_str()).or_default() += 1;
        }
        let domain: Vec<&str> = counts
            .into_iter()
            .filter(|(w, n)| *n as f32 >= bar && !text::is_stopword(w))
            .map(|(w, _)| w)
            .collect();
        self.lines
            .iter()
            .map(|l| {
                let lower = l.text.to_lowercase();
                let senses: Vec<(usize, usize)> =
                    data::words().other_senses.spans_in(&lower).collect();
                if domain.is_empty() && senses.is_empty() {
                    return l.tokens.clone();
                }
                let plain = without_spans(&lower, &senses);
                let kept: Vec<&str> = plain
                    .split_whitespace()
                    .filter(|w| !text::words(w).iter().any(|p| domain.contains(&p.as_str())))
                    .collect();
                Tokens::new(&without_tenure(&kept.join(" ")))
            })
            .collect()
    }
}

/// `text` with each of `spans` (byte ranges, ordered by their ends, possibly overlapping) put
/// out as a space.
fn without_spans(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(start, end) in spans {
        if end <= at {
            continue;
        }
        out.push_str(&text[at..start.max(at)]);
        out.push(' ');
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// How strongly a posting asks for one competency.
#[derive(Debug, Default)]
struct Evidence<'a> {
    /// 0 to 1.
    strength: f32,
    /// What the strongest line alone is worth.
    strongest: f32,
    /// The lines that show it, strongest first.
    lines: Vec<&'a str>,
}

/// A word at least this share of a posting's lines use (and at least `DOMAIN_LINES` of them)
/// is its domain, not evidence of a competency.
const DOMAIN_SHARE: f32 = 0.3;
const DOMAIN_LINES: f32 = 4.0;

const LINE_CAP: f32 = 1.5;

/// The parts of a line after ", and" or a semicolon, each read as opening on its own when it is
/// a clause: "and leadership" after a list's last comma is one more item of the list.
fn joined_parts(line: &str) -> Vec<Tokens> {
    const CLAUSE_WORDS: usize = 3;
    let lower = line.to_lowercase();
    lower
        .split(", and ")
        .flat_map(|part| part.split("; "))
        .skip(1)
        .filter(|part| part.split_whitespace().count() >= CLAUSE_WORDS)
        .map(|part| Tokens::new(&without_tenure(part)))
        .collect()
}

/// What a line counts for the competency it opens with, and for one it shows only after
/// opening with another (fitted on the dev postings: picks 36 -> 37 of 48; test 13 of 20 before
/// and after).
const LEADING: f32 = 1.2;
const IN_PASSING: f32 = 0.75;
/// Job evidence worth this much (a strong line and a few more) makes a question as likely as
/// it gets.
const FULL_STRENGTH: f32 = 2.0;

pub const CORE_EVIDENCE: &str = "asked in nearly every behavioral loop";

/// Whether a likely question is one every loop asks rather than one the posting's lines made
/// likely.
pub fn is_core(q: &LikelyQuestion) -> bool {
    q.evidence.iter().any(|e| e.contains(CORE_EVIDENCE))
}

/// Likely questions: competencies the posting shows (with the lines as evidence) merged with the
/// core set every loop asks, ordered by likelihood.
pub fn likely_questions(job: &Job, count: usize) -> Vec<LikelyQuestion> {
    let mut out: Vec<(LikelyQuestion, f32)> = lexicon()
        .competencies
        .iter()
        .zip(job.competency_evidence())
        .filter_map(|(c, found)| likely(job, c, found))
        .collect();
    // Many topics of a long posting are as likely as it gets: among equals, the one a single
    // line asks for most plainly comes first ("Mentor mid-level engineers" before a topic
    // several lines touch), then lexicon order, so output is deterministic.
    out.sort_by(|a, b| (b.0.likelihood.total_cmp(&a.0.likelihood)).then(b.1.total_cmp(&a.1)));
    // The posting's own requirements come first; the questions every loop asks fill at most
    // MAX_GENERIC of every GENERIC_OF places, or the rest when the posting says little: three of
    // ten, none of three (a short list is the posting's own).
    let (from_job, generic): (Vec<LikelyQuestion>, Vec<LikelyQuestion>) =
        out.into_iter().map(|(q, _)| q).partition(|q| !is_core(q));
    let generic_places = MAX_GENERIC
        .min(count * MAX_GENERIC / GENERIC_OF)
        .max(count.saturating_sub(from_job.len()))
        .min(generic.len());
    let mut out: Vec<LikelyQuestion> = from_job;
    out.truncate(count.saturating_sub(generic_places));
    out.extend(generic.into_iter().take(count - out.len()));
    out
}

/// One competency's question, if likely enough, with its strongest line's worth for ordering.
fn likely(job: &Job, c: &Competency, found: Evidence) -> Option<(LikelyQuestion, f32)> {
    let found = if c.personal {
        Evidence::default()
    } else {
        found
    };
    let from_job = if found.strength > 0.0 {
        0.5 + 0.45 * found.strength
    } else {
        0.0
    };
    // A topic both core and in the posting is a little likelier than either alone.
    let likelihood = from_job.max(c.core) + 0.05 * from_job.min(c.core);
    if likelihood < 0.15 {
        return None;
    }
    let mut evidence: Vec<String> = found
        .lines
        .iter()
        .take(3)
        .map(|l| crate::text::clip(l, EVIDENCE_CHARS))
        .collect();
    if evidence.is_empty() {
        evidence.push(match (&job.title, c.id) {
            (Some(t), CompetencyId::Introduction | CompetencyId::MotivationRole) => {
                format!("{t} ({CORE_EVIDENCE})")
            }
            _ => CORE_EVIDENCE.to_string(),
        });
    }
    let question = LikelyQuestion {
        question: c.question.clone(),
        competency: c.id,
        evidence,
        likelihood: (f64::from(likelihood.min(1.0)) * 100.0).round() / 100.0,
    };
    Some((question, found.strongest))
}

/// The longest evidence line quoted whole; a longer one (a paragraph pasted without full stops)
/// is cut at a word.
const EVIDENCE_CHARS: usize = 300;

/// How many of a plan's questions may be the ones every loop asks, when the posting has more:
/// at most MAX_GENERIC, and that many of every GENERIC_OF.
const MAX_GENERIC: usize = 3;
const GENERIC_OF: usize = 10;

mod clauses;
mod employer;
mod terms;
#[cfg(test)]
mod tests;

pub use crate::text::is_name;
pub use terms::{held_by, line_terms};
