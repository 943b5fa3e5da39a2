//! Human renderings of reports for the terminal. Renderers only lay out; they never compute.
//! Color codes are always written; `anstream` strips them when stdout is not a terminal or NO_COLOR is set.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

mod coach;
mod endpoint;
mod eval;
mod practice;
mod progress;

pub use coach::{critique, dry_run, followups, matches, questions, tailor};
pub use endpoint::llm_check;
pub use eval::{eval_critique, eval_kinds, eval_postings, eval_questions};
pub use practice::{
    attempt, attempt_list, countdown, key_points, practice, practice_card, practice_hint,
    practice_pick, sparkline, when,
};
pub use progress::progress;

use crate::story::{Entry, LintReport};

pub(crate) const BOLD: Style = Style::new().bold();
pub(crate) const DIM: Style = Style::new().dimmed();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const RED: Style = AnsiColor::Red.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();

/// Text in a style, for the terminal (`anstream` strips the codes where they do not belong);
/// the one place styles are written, also for the small renderings of `cli/`.
pub(crate) fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The colour of a 0-100 score, the same wherever one is shown: green from 80 (an answer
/// ready to give), yellow from 50, red below.
fn score_style(score: u8) -> Style {
    match score {
        80.. => GREEN,
        50..=79 => YELLOW,
        _ => RED,
    }
}

fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// "1 entry", "3 entries", "1 story", "2 stories".
pub(crate) fn plural(n: u64, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

fn width<'a>(items: impl Iterator<Item = &'a str>) -> usize {
    items.map(|s| s.chars().count()).max().unwrap_or(0)
}

pub fn import(r: &crate::report::ImportReport) -> String {
    format!(
        "{} {} ({}, {}) into {}\n",
        paint(GREEN, "imported"),
        plural(r.imported as u64, "entry"),
        plural(r.stories as u64, "story"),
        plural(r.answers as u64, "answer"),
        r.dir.display()
    )
}

pub fn story_list(list: &crate::story::StoryList) -> String {
    let w = width(list.entries.iter().map(|e| e.id.as_str()));
    let mut out = String::new();
    for e in &list.entries {
        let cats = if e.categories.is_empty() {
            String::new()
        } else {
            paint(DIM, &format!("  [{}]", e.categories.join(", ")))
        };
        let kind = if e.kind == crate::story::Kind::Story {
            "story "
        } else {
            "answer"
        };
        let _ = writeln!(
            out,
            "{}  {}  {}{}",
            paint(BOLD, &pad(&e.id, w)),
            paint(DIM, kind),
            e.title,
            cats
        );
    }
    let _ = writeln!(
        out,
        "{}",
        paint(DIM, &plural(list.entries.len() as u64, "entry"))
    );
    out
}

pub fn entry(e: &Entry) -> String {
    let mut out = format!("{}  {}\n", paint(BOLD, &e.id), paint(BOLD, &e.title));
    let mut meta = vec![e.kind.as_str().to_string()];
    meta.extend(e.company.clone());
    if !e.categories.is_empty() {
        meta.push(format!("categories: {}", e.categories.join(", ")));
    }
    if !e.tags.is_empty() {
        meta.push(format!("tags: {}", e.tags.join(", ")));
    }
    let _ = writeln!(out, "{}", paint(DIM, &meta.join(" · ")));
    for s in &e.sections {
        let _ = writeln!(out, "\n{}\n{}", paint(CYAN, &s.name), s.text);
    }
    out
}

pub fn lint(r: &LintReport) -> String {
    let mut out = String::new();
    for p in &r.problems {
        let label = match p.severity {
            crate::story::Severity::Error => paint(RED, "error"),
            crate::story::Severity::Warning => paint(YELLOW, "warning"),
        };
        let _ = writeln!(
            out,
            "{}:{}: {label}: {}",
            p.file.display(),
            p.line,
            p.message
        );
    }
    let _ = writeln!(
        out,
        "{} checked: {}, {}",
        plural(r.entries as u64, "entry"),
        plural(r.errors as u64, "error"),
        plural(r.warnings as u64, "warning")
    );
    out
}
