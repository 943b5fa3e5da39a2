//! The native entry format: Markdown with TOML front matter between `+++` lines, one `##` heading per section.

use super::{Entry, Section, front};

/// A problem in one native file, with the 1-based line it was found on.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {message}")]
pub struct NativeError {
    pub line: usize,
    pub message: String,
}

impl NativeError {
    pub(super) fn at(line: usize, message: impl Into<String>) -> Self {
        NativeError {
            line,
            message: message.into(),
        }
    }
}

/// Parses one native file; the error is its first problem (line 1-based, counting the opening
/// `+++`). [`parse_all`] names every problem.
pub fn parse_entry(text: &str) -> Result<Entry, NativeError> {
    parse_all(text).map_err(|mut problems| problems.swap_remove(0))
}

/// Parses one native file, or names every problem in it, in line order (never an empty list).
pub fn parse_all(text: &str) -> Result<Entry, Vec<NativeError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("+++") {
        return Err(vec![NativeError::at(
            1,
            "missing front matter: the file must start with a `+++` line",
        )]);
    }
    let front: Vec<&str> = lines
        .by_ref()
        .take_while(|l| l.trim_end() != "+++")
        .collect();
    let body_start = front.len() + 2;
    if text.lines().nth(body_start - 1).map(str::trim_end) != Some("+++") {
        return Err(vec![NativeError::at(
            1,
            "front matter is not closed: add a `+++` line after it",
        )]);
    }
    let matter = front::read(&front)?;
    Ok(Entry {
        id: matter.id,
        kind: matter.kind,
        title: matter.title,
        company: matter.company,
        categories: matter.categories,
        tags: matter.tags,
        sections: parse_sections(lines),
    })
}

/// Splits the body at `## ` headings. Text before the first heading is kept as a `Notes` section.
fn parse_sections<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut name: Option<String> = None;
    let mut buf: Vec<&str> = Vec::new();
    let flush = |name: Option<String>, buf: &mut Vec<&str>, sections: &mut Vec<Section>| {
        let text = trim_blank_lines(buf);
        buf.clear();
        match name {
            Some(name) => sections.push(Section { name, text }),
            None if !text.is_empty() => sections.push(Section {
                name: "Notes".into(),
                text,
            }),
            None => {}
        }
    };
    for line in lines {
        if let Some(heading) = line.strip_prefix("## ") {
            flush(name.take(), &mut buf, &mut sections);
            name = Some(heading.trim().to_string());
        } else {
            buf.push(line);
        }
    }
    flush(name, &mut buf, &mut sections);
    sections
}

fn trim_blank_lines(lines: &[&str]) -> String {
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(s), Some(e)) => lines[s..=e]
            .iter()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// Renders an entry as a native file; `parse_entry(render_entry(e)) == e` for every valid entry.
pub fn render_entry(entry: &Entry) -> String {
    let matter = front::Front {
        id: entry.id.clone(),
        kind: entry.kind,
        title: entry.title.clone(),
        company: entry.company.clone(),
        categories: entry.categories.clone(),
        tags: entry.tags.clone(),
    };
    let front = toml::to_string(&matter).expect("front matter is plain strings");
    let mut out = format!("+++\n{front}+++\n");
    for section in &entry.sections {
        out.push_str(&format!("\n## {}\n", section.name.trim()));
        let text = trim_blank_lines(&section.text.lines().collect::<Vec<_>>());
        if !text.is_empty() {
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::Kind;

    const SAMPLE: &str = "+++\nid = \"AB1\"\nkind = \"story\"\ntitle = \"Cut deploy time\"\ncompany = \"Acme\"\ncategories = [\"Ownership\"]\ntags = [\"ci\"]\n+++\n\n## Situation\n- Deploys took an hour\n  - nested detail\n\n## Result\n- 10 minutes\n";

    #[test]
    fn parses_front_matter_and_sections_in_order() {
        let e = parse_entry(SAMPLE).unwrap();
        assert_eq!(e.id, "AB1");
        assert_eq!(e.kind, Kind::Story);
        assert_eq!(e.company.as_deref(), Some("Acme"));
        assert_eq!(e.sections.len(), 2);
        assert_eq!(e.sections[0].name, "Situation");
        assert_eq!(
            e.sections[0].text,
            "- Deploys took an hour\n  - nested detail"
        );
        assert_eq!(e.sections[1].text, "- 10 minutes");
    }

    #[test]
    fn round_trip_is_lossless() {
        let e = parse_entry(SAMPLE).unwrap();
        let again = parse_entry(&render_entry(&e)).unwrap();
        assert_eq!(e, again);
        assert_eq!(render_entry(&again), render_entry(&e));
    }

    #[test]
    fn unknown_kind_names_its_line() {
        let text = SAMPLE.replace("kind = \"story\"", "kind = \"essay\"");
        let err = parse_entry(&text).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("essay"), "{}", err.message);
    }

    #[test]
    fn toml_errors_name_the_file_line() {
        let text = SAMPLE.replace("tags = [\"ci\"]", "tags = [\"ci\"");
        let err = parse_entry(&text).unwrap_err();
        assert!(err.line >= 7, "line {}", err.line);
        let unknown = SAMPLE.replace("tags = [\"ci\"]", "tagz = []");
        let err = parse_entry(&unknown).unwrap_err();
        assert_eq!(err.line, 7);
        assert!(err.message.contains("tagz"), "{}", err.message);
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_an_error() {
        assert_eq!(parse_entry("## Situation\n").unwrap_err().line, 1);
        assert!(
            parse_entry("+++\nid = \"a\"\n")
                .unwrap_err()
                .message
                .contains("not closed")
        );
        assert!(parse_entry("").is_err());
    }
}
