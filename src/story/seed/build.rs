//! Turning rows into entries: story or answer, sections, ids, and merging rows that share a code.

use std::collections::HashMap;

use super::rows::{Item, Row};
use super::{RowRef, SeedError};
use crate::story::{Entry, Kind, Section, slug, valid_id};

/// Labels whose presence alone makes a row a STAR story.
const STAR_LABELS: [&str; 4] = ["situation", "problem", "action", "result"];

/// One row's entry, before rows that name the same code are merged.
struct Draft {
    at: RowRef,
    code: Option<String>,
    has_summary: bool,
    has_star: bool,
    entry: Entry,
}

pub(super) fn entries(rows: &[Row]) -> Result<Vec<Entry>, SeedError> {
    let mut groups: Vec<Vec<Draft>> = Vec::new();
    // Ids become file names, and some file systems ignore case, so `IT1` and `it1` collide.
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let draft = draft(row)?;
        match by_id.get(&draft.entry.id.to_ascii_lowercase()) {
            Some(&g) if draft.code.is_some() && groups[g][0].code == draft.code => {
                groups[g].push(draft);
            }
            Some(&g) => {
                return Err(SeedError::DuplicateId {
                    id: draft.entry.id,
                    first: groups[g][0].at.clone(),
                    second: draft.at,
                });
            }
            None => {
                by_id.insert(draft.entry.id.to_ascii_lowercase(), groups.len());
                groups.push(vec![draft]);
            }
        }
    }
    for group in &groups {
        check_one_story(group)?;
    }
    Ok(groups.into_iter().map(merge).collect())
}

/// Rows that share a code are one story told once: a row that tells it again in other words
/// (another summary, or a section another row of the code has, saying something else) would be
/// dropped by the merge, so it is refused instead. Every row is held against every earlier one.
fn check_one_story(group: &[Draft]) -> Result<(), SeedError> {
    let mut summary: Option<(&str, &RowRef)> = None;
    let mut sections: HashMap<&str, (&str, &RowRef)> = HashMap::new();
    for d in group {
        let retold = |first: &RowRef| SeedError::CodeRetold {
            code: d.entry.id.clone(),
            first: first.clone(),
            second: d.at.clone(),
        };
        if d.has_summary {
            match summary {
                Some((title, first)) if title != d.entry.title => return Err(retold(first)),
                Some(_) => {}
                None => summary = Some((&d.entry.title, &d.at)),
            }
        }
        for section in &d.entry.sections {
            match sections.get(section.name.as_str()) {
                Some(&(text, first)) if text != section.text => return Err(retold(first)),
                Some(_) => {}
                None => {
                    sections.insert(&section.name, (&section.text, &d.at));
                }
            }
        }
    }
    Ok(())
}

/// The row that tells the story (Summary first, then STAR content) wins; the other rows add
/// their categories and any section it lacks (e.g. the Strength row's "Strength").
fn merge(mut group: Vec<Draft>) -> Entry {
    let primary = group
        .iter()
        .position(|d| d.has_summary)
        .or_else(|| group.iter().position(|d| d.has_star))
        .unwrap_or(0);
    let categories: Vec<String> = group
        .iter()
        .flat_map(|d| d.entry.categories.iter().cloned())
        .collect();
    let mut entry = group.remove(primary).entry;
    for other in group {
        for section in other.entry.sections {
            if !entry.sections.iter().any(|s| s.name == section.name) {
                entry.sections.push(section);
            }
        }
    }
    entry.categories = categories;
    entry
}

fn draft(row: &Row) -> Result<Draft, SeedError> {
    let summary = row.items.iter().position(|i| has_label(i, "summary"));
    let project = row
        .items
        .iter()
        .position(|i| has_label(i, "project") && headline(&i.text).0.is_some());
    let has_star = row.items.iter().any(|i| {
        i.label
            .as_deref()
            .is_some_and(|l| STAR_LABELS.iter().any(|s| l.eq_ignore_ascii_case(s)))
    });
    if summary.is_none() && project.is_none() && !has_star {
        return answer(row);
    }
    let (summary_code, summary_title) =
        summary.map_or((None, String::new()), |i| headline(&row.items[i].text));
    let (project_code, project_title) =
        project.map_or((None, String::new()), |i| headline(&row.items[i].text));
    let code = summary_code.or(project_code.clone());
    let id = match &code {
        Some(code) => code.clone(),
        None => slug_id(row)?,
    };
    // A coded Project line that names this entry's code is metadata, not content.
    let project_is_meta = project_code.as_ref() == Some(&id);
    let title = [summary_title, project_title]
        .into_iter()
        .enumerate()
        .find(|(n, t)| !t.is_empty() && (*n == 0 || project_is_meta))
        .map(|(_, t)| t);
    let mut sections = Vec::new();
    for (n, item) in row.items.iter().enumerate() {
        if Some(n) != summary && !(Some(n) == project && project_is_meta) {
            add_section(
                &mut sections,
                section_name(item.label.as_deref()),
                item_text(item),
            );
        }
    }
    let entry = Entry {
        id,
        kind: Kind::Story,
        company: title.as_deref().and_then(company),
        title: title.unwrap_or_else(|| row.key.clone()),
        categories: vec![row.key.clone()],
        tags: Vec::new(),
        sections,
    };
    Ok(Draft {
        at: row.at.clone(),
        code,
        has_summary: summary.is_some(),
        has_star,
        entry,
    })
}

fn answer(row: &Row) -> Result<Draft, SeedError> {
    let mut lines = Vec::new();
    bullets(&row.items, 0, &mut lines);
    let entry = Entry {
        id: slug_id(row)?,
        kind: Kind::Answer,
        title: row.key.clone(),
        company: None,
        categories: vec![row.key.clone()],
        tags: Vec::new(),
        sections: vec![Section {
            name: "Points".to_string(),
            text: lines.join("\n"),
        }],
    };
    Ok(Draft {
        at: row.at.clone(),
        code: None,
        has_summary: false,
        has_star: false,
        entry,
    })
}

fn slug_id(row: &Row) -> Result<String, SeedError> {
    let id = slug(&row.key);
    if id.is_empty() {
        return Err(SeedError::EmptyId {
            row: row.at.clone(),
        });
    }
    if !valid_id(&id) {
        return Err(SeedError::InvalidId {
            row: row.at.clone(),
            id,
        });
    }
    Ok(id)
}

fn has_label(item: &Item, label: &str) -> bool {
    item.label
        .as_deref()
        .is_some_and(|l| l.eq_ignore_ascii_case(label))
}

/// Splits `(New) IT1. Designed ...` into the code (`IT1`: capitals, digits, a dot) and the title.
pub(super) fn headline(text: &str) -> (Option<String>, String) {
    let text = strip_new(text);
    let letters = text.bytes().take_while(u8::is_ascii_uppercase).count();
    let digits = text[letters..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let after = &text[letters + digits..];
    let ends_code = after
        .strip_prefix('.')
        .is_some_and(|rest| rest.chars().next().is_none_or(char::is_whitespace));
    if (1..=8).contains(&letters) && (1..=6).contains(&digits) && ends_code {
        let code = text[..letters + digits].to_string();
        return (Some(code), strip_new(&after[1..]).to_string());
    }
    (None, text.to_string())
}

fn strip_new(text: &str) -> &str {
    let text = text.trim();
    match text.get(..5) {
        Some(prefix) if prefix.eq_ignore_ascii_case("(new)") => text[5..].trim_start(),
        _ => text,
    }
}

/// The employer named by a trailing "at Acme Robotics"; lowercase tails ("at scale") are not names.
pub(super) fn company(title: &str) -> Option<String> {
    let (_, tail) = title.rsplit_once(" at ")?;
    let name = tail.trim().trim_end_matches('.');
    let words: Vec<&str> = name.split_whitespace().collect();
    let connector = |w: &str| matches!(w, "&" | "of" | "and" | "the" | "for");
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    let ok = (1..=4).contains(&words.len())
        && name.len() <= 40
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(|w| connector(w) || capital(w))
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || " &.-'".contains(c));
    ok.then(|| name.to_string())
}

fn section_name(label: Option<&str>) -> String {
    let Some(label) = label else {
        return "Points".to_string();
    };
    let canonical = match label.to_ascii_lowercase().as_str() {
        "problem" | "situation" => "Situation",
        "mission" | "task" => "Task",
        "action" => "Action",
        "challenge" => "Challenge",
        "overcome" => "Overcome",
        "result" => "Result",
        "learned" => "Learned",
        _ => label,
    };
    canonical.to_string()
}

/// Two labels can map to one section (Problem and Situation), so their bullets are appended.
fn add_section(sections: &mut Vec<Section>, name: String, text: String) {
    match sections.iter_mut().find(|s| s.name == name) {
        Some(section) => {
            if !section.text.is_empty() && !text.is_empty() {
                section.text.push('\n');
            }
            section.text.push_str(&text);
        }
        None => sections.push(Section { name, text }),
    }
}

/// A labelled item's content without its label: its text as one bullet with the nested list
/// under it, or, when it has no text of its own, the nested list itself.
fn item_text(item: &Item) -> String {
    let mut lines = Vec::new();
    if item.text.is_empty() {
        bullets(&item.children, 0, &mut lines);
    } else {
        lines.push(format!("- {}", item.text));
        bullets(&item.children, 1, &mut lines);
    }
    lines.join("\n")
}

fn bullets(items: &[Item], depth: usize, lines: &mut Vec<String>) {
    for item in items {
        let body = match (&item.label, item.text.is_empty()) {
            (Some(label), true) => format!("**{label}:**"),
            (Some(label), false) => format!("**{label}:** {}", item.text),
            (None, false) => item.text.clone(),
            (None, true) => {
                bullets(&item.children, depth, lines);
                continue;
            }
        };
        lines.push(format!("{}- {body}", "  ".repeat(depth)));
        bullets(&item.children, depth + 1, lines);
    }
}
