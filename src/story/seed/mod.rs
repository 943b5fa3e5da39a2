//! Importer for the user's seed document: YAML front matter, then an HTML `<table>` of `Key | Value`
//! rows whose values are `<ul>` lists of `<strong>Label:</strong> text` items (docs/story-format.md, "Importing
//! the seed format").

mod build;
mod html;
mod rows;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::fmt;

use encoding_rs::WINDOWS_1252;

use super::Entry;

/// Where a row is: its 1-based number among the table's body rows, its key once known, and the
/// source line of its `<tr>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub number: usize,
    pub key: Option<String>,
    pub line: Option<usize>,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}", self.number)?;
        match (&self.key, self.line) {
            (Some(key), Some(line)) => write!(f, " ({key:?}, line {line})"),
            (Some(key), None) => write!(f, " ({key:?})"),
            (None, Some(line)) => write!(f, " (line {line})"),
            (None, None) => Ok(()),
        }
    }
}

/// Why a seed document could not be imported. Nothing is imported when any row is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedError {
    #[error("the file is empty; export the seed document with its table and import that")]
    Empty,
    #[error(
        "line {line}: the file contains a NUL byte, so it is binary or UTF-16, not a Markdown seed document; save it as UTF-8 text"
    )]
    Nul { line: usize },
    #[error("line {line} (byte {offset}): the file is not valid UTF-8; save it as UTF-8 text")]
    NotUtf8 { line: usize, offset: usize },
    #[error(
        "line {line}: the file is mostly control characters, so it is not a Markdown seed document; check you picked the right file"
    )]
    Binary { line: usize },
    #[error(
        "line {line}: the front matter opened with `---` is never closed; add a `---` line after it"
    )]
    UnclosedFrontMatter { line: usize },
    #[error(
        "lines 1-{lines}: no HTML <table> found; the seed rows must be in a <table> of <tr><td>Key</td><td><ul><li>...</li></ul></td></tr> rows"
    )]
    NoTable { lines: usize },
    #[error(
        "line {line}: the <table> has no body rows; add <tr> rows with a key cell and a value cell"
    )]
    NoRows { line: usize },
    #[error(
        "line {line}: table HTML indented 4 or more spaces after a blank line is a Markdown code block, so its rows would be lost; remove the blank line before it"
    )]
    IndentedHtml { line: usize },
    #[error("line {line}: <{tag}> is never closed; add </{tag}>")]
    Unclosed { tag: String, line: usize },
    #[error(
        "line {line}: <{tag}> is not closed before </{closer}> on line {closer_line}; add </{tag}>"
    )]
    ClosedTooEarly {
        tag: String,
        line: usize,
        closer: String,
        closer_line: usize,
    },
    #[error("line {line}: </{tag}> closes nothing; remove it or add the missing <{tag}>")]
    StrayClose { tag: String, line: usize },
    #[error("{row}: the row has no key cell; put the key in a first <td> before the value")]
    NoKey { row: RowRef },
    #[error("{row}: the row has no value cell; add a second <td> with a <ul> of items")]
    NoValue { row: RowRef },
    #[error(
        "{row}: the value has no list items; write it as <ul><li><strong>Label:</strong> text</li></ul>"
    )]
    NoItems { row: RowRef },
    #[error("{row}: the key has no letters or digits to make an id from; rename the key")]
    EmptyId { row: RowRef },
    #[error("{row}: the id {id:?} made from the key is longer than 64 characters; shorten the key")]
    InvalidId { row: RowRef, id: String },
    #[error(
        "{second}: the code {code} is a story {first} already tells, told here in other words; give this story its own code, or keep only the code here"
    )]
    CodeRetold {
        code: String,
        first: RowRef,
        second: RowRef,
    },
    #[error("{second}: its id {id:?} is already used by {first}; rename one of the keys")]
    DuplicateId {
        id: String,
        first: RowRef,
        second: RowRef,
    },
}

/// Imports a seed file read as raw bytes: refuses binary and non-UTF-8 input, naming the line.
pub fn import_bytes(bytes: &[u8]) -> Result<Vec<Entry>, SeedError> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(SeedError::Nul {
            line: crate::story::line_of_byte(bytes, pos),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| SeedError::NotUtf8 {
        line: crate::story::line_of_byte(bytes, e.valid_up_to()),
        offset: e.valid_up_to(),
    })?;
    import(text)
}

/// Imports a seed document. Entries come in the order of their first row; every id is valid.
pub fn import(text: &str) -> Result<Vec<Entry>, SeedError> {
    if text.trim().is_empty() {
        return Err(SeedError::Empty);
    }
    check_text(text)?;
    let repaired = repair_mojibake(text);
    let text = repaired.strip_prefix('\u{feff}').unwrap_or(&repaired);
    let (body, first_line) = split_front_matter(text)?;
    let src = html::extract(body, first_line)?;
    let layout = html::check_balance(&src)?;
    let Some(table_line) = layout.table_line else {
        return Err(SeedError::NoTable {
            lines: text.lines().count(),
        });
    };
    let rows = rows::rows(&src.html, &layout.row_lines)?;
    if rows.is_empty() {
        return Err(SeedError::NoRows { line: table_line });
    }
    build::entries(&rows)
}

/// Undoes UTF-8 that was decoded as Windows-1252 ("â†’" back to "→"), run by run, so that a
/// document mixing repaired and genuine non-ASCII text ("café") keeps the genuine text.
pub fn repair_mojibake(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_ascii()) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c: char| c.is_ascii()).unwrap_or(run.len());
        out.push_str(&repair_run(&run[..end]));
        rest = &run[end..];
    }
    out.push_str(rest);
    out
}

fn repair_run(run: &str) -> Cow<'_, str> {
    let (bytes, _, unmappable) = WINDOWS_1252.encode(run);
    if unmappable {
        return Cow::Borrowed(run);
    }
    match std::str::from_utf8(&bytes) {
        Ok(fixed) if fixed != run => Cow::Owned(fixed.to_string()),
        _ => Cow::Borrowed(run),
    }
}

/// Rejects text that is not a document at all, before the HTML parser turns it into silence.
fn check_text(text: &str) -> Result<(), SeedError> {
    if let Some(pos) = text.find('\0') {
        return Err(SeedError::Nul {
            line: crate::story::line_of_byte(text.as_bytes(), pos),
        });
    }
    let is_junk = |c: char| c.is_control() && !c.is_whitespace();
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    let junk = text.chars().filter(|&c| is_junk(c)).count();
    match text.find(is_junk) {
        Some(pos) if junk * 10 > visible => Err(SeedError::Binary {
            line: crate::story::line_of_byte(text.as_bytes(), pos),
        }),
        _ => Ok(()),
    }
}

/// The Markdown after any `---` front matter, and the file line it starts on.
fn split_front_matter(text: &str) -> Result<(&str, usize), SeedError> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        return Ok((text, 1));
    }
    let mut offset = text.find('\n').map_or(text.len(), |n| n + 1);
    for (n, line) in lines.enumerate() {
        offset += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return Ok((&text[offset..], n + 3));
        }
    }
    Err(SeedError::UnclosedFrontMatter { line: 1 })
}
