//! `stories lint`: every problem in a bank, errors (the bank cannot load) and warnings (a weak story).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{BankError, Entry, Kind, Part, StoryBank};
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintProblem {
    pub file: PathBuf,
    pub line: usize,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LintReport {
    pub entries: usize,
    pub errors: usize,
    pub warnings: usize,
    pub problems: Vec<LintProblem>,
}

impl StoryBank {
    /// Checks a story directory. Only an unreadable directory is an `Err`; everything else is a problem.
    pub fn lint(dir: &Path) -> Result<LintReport, BankError> {
        let scan = StoryBank::scan(dir)?;
        let mut problems: Vec<LintProblem> =
            scan.problems.iter().flat_map(error_problems).collect();
        for (path, entry) in &scan.entries {
            let source = std::fs::read_to_string(path).unwrap_or_default();
            problems.extend(entry_warnings(path, &source, entry));
        }
        problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        let errors = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        Ok(LintReport {
            entries: scan.entries.len(),
            errors,
            warnings: problems.len() - errors,
            problems,
        })
    }
}

/// The lint problems of a file that does not load: every problem of a malformed one.
fn error_problems(problem: &BankError) -> Vec<LintProblem> {
    let file = problem.path().map(Path::to_path_buf).unwrap_or_default();
    let error = |line: usize, message: String| LintProblem {
        file: file.clone(),
        line,
        severity: Severity::Error,
        message,
    };
    match problem {
        BankError::Malformed { problems, .. } => problems
            .iter()
            .map(|p| error(p.line, p.message.clone()))
            .collect(),
        BankError::Duplicate { id, first, .. } => vec![error(
            2,
            format!("duplicate id {id:?}, already used by {}", first.display()),
        )],
        other => vec![error(1, other.to_string())],
    }
}

fn entry_warnings(path: &Path, source: &str, entry: &Entry) -> Vec<LintProblem> {
    let mut out = Vec::new();
    if entry.kind != Kind::Story {
        return out;
    }
    let warn = |line: usize, message: String| LintProblem {
        file: path.to_path_buf(),
        line,
        severity: Severity::Warning,
        message,
    };
    let missing: Vec<&str> = [Part::Situation, Part::Task, Part::Action, Part::Result]
        .into_iter()
        .filter(|p| !entry.has_part(*p))
        .map(Part::name)
        .collect();
    if !missing.is_empty() {
        out.push(warn(
            1,
            format!(
                "story {:?} has no {} section: interviewers listen for all four STAR parts",
                entry.id,
                either(&missing)
            ),
        ));
    }
    if entry.has_part(Part::Result) && !text::has_metric(&entry.part_text(Part::Result)) {
        let line = heading_line(source, Part::Result).unwrap_or(1);
        out.push(warn(
            line,
            format!(
                "story {:?}: the result has no number; add a measure (%, time, count, money)",
                entry.id
            ),
        ));
    }
    out
}

/// The 1-based line of the first `##` heading of a STAR part.
fn heading_line(source: &str, part: Part) -> Option<usize> {
    source
        .lines()
        .position(|l| {
            l.strip_prefix("## ")
                .is_some_and(|name| Part::of_section(name) == part)
        })
        .map(|i| i + 1)
}

/// "task", "task or action", "situation, task or action".
fn either(parts: &[&str]) -> String {
    match parts.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
