//! The story bank: entries (STAR stories and prepared answers), their native file format and the seed importer.

mod bank;
mod front;
mod lint;
mod native;
mod publish;
pub mod seed;

use serde::{Deserialize, Serialize};

pub use bank::{BankError, Scan, StoryBank, entry_path, write_entry, write_entry_over};
pub use lint::{LintProblem, LintReport, Severity};
pub use native::{NativeError, parse_all, parse_entry, render_entry};
pub use publish::{PublishError, publish};

/// What an entry is: a STAR story, or a prepared answer that is not a story (why-us, visa...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Story,
    Answer,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Story => "story",
            Kind::Answer => "answer",
        }
    }
}

/// One named part of an entry, kept in file order. `text` is Markdown (usually a bullet list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Section {
    pub name: String,
    pub text: String,
}

/// One entry of the bank, in the shape `stories show --json` prints and `PUT /v1/stories/{id}` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// The STAR part a section name stands for; sections outside STAR (Points, Enjoy...) are `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
    Learned,
    Other,
}

impl Part {
    /// Maps the section names people actually use (the seed's Problem/Mission, Overcome...) to STAR,
    /// with or without a colon after them ("## Result:").
    pub fn of_section(name: &str) -> Part {
        let name = name.trim().trim_end_matches([':', '.']).trim_end();
        match name.to_ascii_lowercase().as_str() {
            "situation" | "problem" | "context" | "background" | "challenge" => Part::Situation,
            "task" | "mission" | "goal" | "objective" | "responsibility" => Part::Task,
            "action" | "actions" | "overcome" | "approach" | "decision" | "commit" | "disagree" => {
                Part::Action
            }
            "result" | "results" | "outcome" | "impact" => Part::Result,
            "learned" | "learning" | "lesson" | "lessons" | "reflection" | "takeaway" => {
                Part::Learned
            }
            _ => Part::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Task => "task",
            Part::Action => "action",
            Part::Result => "result",
            Part::Learned => "learned",
            Part::Other => "other",
        }
    }
}

/// The 1-based line holding byte `pos` of a file, for naming where it stops being text.
pub(crate) fn line_of_byte(bytes: &[u8], pos: usize) -> usize {
    1 + bytes[..pos.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

impl Entry {
    /// The text of every section of a STAR part, joined.
    pub fn part_text(&self, part: Part) -> String {
        let texts: Vec<&str> = self
            .sections
            .iter()
            .filter(|s| Part::of_section(&s.name) == part)
            .map(|s| s.text.as_str())
            .collect();
        texts.join("\n")
    }

    pub fn has_part(&self, part: Part) -> bool {
        self.sections
            .iter()
            .any(|s| Part::of_section(&s.name) == part && !s.text.trim().is_empty())
    }

    /// All section text, for analysis that does not care which part a sentence came from.
    pub fn body(&self) -> String {
        let texts: Vec<&str> = self.sections.iter().map(|s| s.text.as_str()).collect();
        texts.join("\n")
    }
}

/// The bank as `stories list --json` and `GET /v1/stories` show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StoryList {
    pub entries: Vec<Summary>,
}

/// One line of the story list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

impl StoryList {
    pub fn of(bank: &StoryBank) -> StoryList {
        let entries = bank
            .entries()
            .iter()
            .map(|e| Summary {
                id: e.id.clone(),
                kind: e.kind,
                title: e.title.clone(),
                categories: e.categories.clone(),
                tags: e.tags.clone(),
            })
            .collect();
        StoryList { entries }
    }
}

/// Everything of an entry a search may look at: title, categories, tags, section names, text.
pub fn searchable_text(e: &Entry) -> String {
    let headings: Vec<&str> = e.sections.iter().map(|s| s.name.as_str()).collect();
    format!(
        "{}\n{}\n{}\n{}\n{}",
        e.title,
        e.categories.join(" . "),
        e.tags.join(" . "),
        headings.join(" . "),
        e.body()
    )
}

/// An id is 1-64 characters of ASCII letters, digits, `-` and `_` (docs/story-format.md); it doubles as a file name.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether a front matter string (a title, company, category or tag) is one line, as `stories
/// list` prints it: no line or paragraph break of any kind.
pub fn is_one_line(text: &str) -> bool {
    !text.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
}

/// Lowercase ASCII letters and digits; every other run of characters becomes one `-`, trimmed.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_follows_design_examples() {
        assert_eq!(
            slug("Weakness / Negative Feedback"),
            "weakness-negative-feedback"
        );
        assert_eq!(
            slug("Why searching a new position"),
            "why-searching-a-new-position"
        );
        assert_eq!(slug("Why SRE → SWE"), "why-sre-swe");
        assert_eq!(
            slug("  Refactor/Rearchitecture "),
            "refactor-rearchitecture"
        );
    }

    #[test]
    fn ids_are_checked_before_they_become_file_names() {
        assert!(valid_id("CR2"));
        assert!(valid_id("why-sre_swe"));
        assert!(!valid_id(""));
        assert!(!valid_id("../etc"));
        assert!(!valid_id("a b"));
        assert!(!valid_id(&"x".repeat(65)));
    }

    #[test]
    fn section_names_map_to_star_parts() {
        assert_eq!(Part::of_section("Problem"), Part::Situation);
        assert_eq!(Part::of_section("Mission"), Part::Task);
        assert_eq!(Part::of_section("Overcome"), Part::Action);
        assert_eq!(Part::of_section("Points"), Part::Other);
        assert_eq!(Part::of_section("Result:"), Part::Result);
        assert_eq!(Part::of_section(" Lessons :"), Part::Learned);
        assert_eq!(Part::of_section(":"), Part::Other);
    }
}
