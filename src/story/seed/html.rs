//! Finding the seed's HTML inside the Markdown, and checking its structural tags before html5ever
//! (which silently repairs anything) gets to see it.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::SeedError;

/// Every HTML chunk of a document, concatenated, remembering where each chunk came from so that
/// errors can name source lines.
pub(super) struct HtmlSource {
    pub html: String,
    /// `(offset in html, 1-based source line of that offset)`, one per chunk, in order.
    starts: Vec<(usize, usize)>,
}

impl HtmlSource {
    /// The source line of a byte offset into `html`.
    pub fn line_of(&self, pos: usize) -> usize {
        let i = self
            .starts
            .partition_point(|&(off, _)| off <= pos)
            .saturating_sub(1);
        let (off, line) = self.starts.get(i).copied().unwrap_or((0, 1));
        let upto = self.html.get(off..pos).unwrap_or("");
        line + upto.matches('\n').count()
    }
}

/// Collects the raw HTML (blocks and inline) that pulldown-cmark finds in `body`, whose first line
/// is line `first_line` of the file.
pub(super) fn extract(body: &str, first_line: usize) -> Result<HtmlSource, SeedError> {
    let mut src = HtmlSource {
        html: String::new(),
        starts: Vec::new(),
    };
    let mut in_indented_code = false;
    // Counting newlines incrementally keeps this linear on long documents.
    let (mut counted_to, mut newlines) = (0, 0);
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        if range.start < counted_to {
            (counted_to, newlines) = (0, 0);
        }
        newlines += body[counted_to..range.start].matches('\n').count();
        counted_to = range.start;
        let line = first_line + newlines;
        match event {
            Event::Html(chunk) | Event::InlineHtml(chunk) => {
                src.starts.push((src.html.len(), line));
                src.html.push_str(&chunk);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => in_indented_code = true,
            Event::End(TagEnd::CodeBlock) => in_indented_code = false,
            Event::Text(text) if in_indented_code && has_structural_tag(&text) => {
                return Err(SeedError::IndentedHtml { line });
            }
            _ => {}
        }
    }
    Ok(src)
}

/// A blank line inside the table followed by a line indented 4+ spaces (the seed indents `<tr>`
/// by 4) turns the rest into a Markdown code block; importing around it would drop rows silently.
fn has_structural_tag(text: &str) -> bool {
    tags(text).any(|t| STRUCTURAL.iter().any(|n| n.eq_ignore_ascii_case(t.name)))
}

/// The tags whose balance decides the shape of the table; anything else is inline decoration.
const STRUCTURAL: [&str; 11] = [
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "ul", "ol", "li", "strong",
];

/// What the balance check learned about the table on the way.
pub(super) struct Layout {
    /// Line of the first `<table>`, if there is one.
    pub table_line: Option<usize>,
    /// Line of each body row (`<tr>` directly in a `<tbody>` or `<table>`), in order.
    pub row_lines: Vec<usize>,
}

/// Checks that every structural tag is closed in the right order, since html5ever would quietly
/// move an unclosed `<li>`'s siblings into it and import garbage instead of failing.
pub(super) fn check_balance(src: &HtmlSource) -> Result<Layout, SeedError> {
    let mut layout = Layout {
        table_line: None,
        row_lines: Vec::new(),
    };
    let mut open: Vec<(&'static str, usize)> = Vec::new();
    for tag in tags(&src.html) {
        let Some(&name) = STRUCTURAL.iter().find(|n| n.eq_ignore_ascii_case(tag.name)) else {
            continue;
        };
        let line = src.line_of(tag.pos);
        if !tag.closing {
            note_open(&mut layout, &open, name, line);
            open.push((name, line));
            continue;
        }
        match open.iter().rposition(|&(n, _)| n == name) {
            Some(i) if i + 1 == open.len() => {
                open.pop();
            }
            Some(i) => {
                let (inner, opened) = open[i + 1];
                return Err(SeedError::ClosedTooEarly {
                    tag: inner.to_string(),
                    line: opened,
                    closer: name.to_string(),
                    closer_line: line,
                });
            }
            None => {
                return Err(SeedError::StrayClose {
                    tag: name.to_string(),
                    line,
                });
            }
        }
    }
    match open.last() {
        Some(&(tag, line)) => Err(SeedError::Unclosed {
            tag: tag.to_string(),
            line,
        }),
        None => Ok(layout),
    }
}

fn note_open(layout: &mut Layout, open: &[(&str, usize)], name: &str, line: usize) {
    if name == "table" && layout.table_line.is_none() {
        layout.table_line = Some(line);
    }
    // Mirrors the importer: rows of tables nested inside a cell are not seed rows.
    let in_cell = open.iter().any(|&(n, _)| n == "td" || n == "th");
    let parent = open.last().map(|&(n, _)| n);
    if name == "tr" && !in_cell && matches!(parent, Some("tbody" | "table")) {
        layout.row_lines.push(line);
    }
}

struct RawTag<'a> {
    name: &'a str,
    closing: bool,
    pos: usize,
}

/// The start and end tags of `html` in order, skipping comments and quoted attribute values; a
/// `<` not followed by a tag name is text.
fn tags(html: &str) -> impl Iterator<Item = RawTag<'_>> {
    let bytes = html.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(found) = html[i..].find('<') {
            let pos = i + found;
            if html[pos..].starts_with("<!--") {
                i = html[pos..].find("-->").map_or(html.len(), |e| pos + e + 3);
                continue;
            }
            let closing = bytes.get(pos + 1) == Some(&b'/');
            let name_start = pos + 1 + usize::from(closing);
            let name_len = bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
                i = name_start;
                continue;
            }
            i = tag_end(bytes, name_start + name_len);
            if bytes[..i].ends_with(b"/>") {
                continue;
            }
            let name = &html[name_start..name_start + name_len];
            return Some(RawTag { name, closing, pos });
        }
        i = html.len();
        None
    })
}

/// The offset just past the `>` that ends a tag, stepping over quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote = None;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return i,
            _ => {}
        }
    }
    i
}
