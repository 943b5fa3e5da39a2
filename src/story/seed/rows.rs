//! Walking the parsed table: body rows become a key and a tree of labelled list items.

use scraper::{ElementRef, Html, Node};

use super::{RowRef, SeedError};

/// One `<li>`: `<strong>Label:</strong> text`, with any nested list as children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Item {
    pub label: Option<String>,
    /// Inline Markdown (`**bold**`, `*em*`, `` `code` ``), whitespace collapsed.
    pub text: String,
    pub children: Vec<Item>,
}

/// One body row of the seed table.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub at: RowRef,
    pub key: String,
    pub items: Vec<Item>,
}

/// The body rows of every top-level table in `html`; `row_lines` are the source lines the balance
/// check found for the same rows, in the same order.
pub(super) fn rows(html: &str, row_lines: &[usize]) -> Result<Vec<Row>, SeedError> {
    let doc = Html::parse_fragment(html);
    let mut out = Vec::new();
    let mut number = 0;
    for tr in doc.root_element().descendent_elements() {
        if tr.value().name() != "tr" || !is_body_row(tr) {
            continue;
        }
        number += 1;
        let at = RowRef {
            number,
            key: None,
            line: row_lines.get(number - 1).copied(),
        };
        if let Some(row) = row(tr, at)? {
            out.push(row);
        }
    }
    Ok(out)
}

fn is_body_row(tr: ElementRef) -> bool {
    let parent = tr.parent().and_then(ElementRef::wrap);
    let in_body = parent.is_some_and(|p| p.value().name() == "tbody");
    let in_cell = tr
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| matches!(a.value().name(), "td" | "th"));
    in_body && !in_cell
}

/// `Ok(None)` for a header row that html5ever put in an implicit `<tbody>`.
fn row(tr: ElementRef, mut at: RowRef) -> Result<Option<Row>, SeedError> {
    let cells: Vec<ElementRef> = tr
        .child_elements()
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .collect();
    if !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th") {
        return Ok(None);
    }
    let (key_cell, value_cell) = match cells.as_slice() {
        [] => return Err(SeedError::NoKey { row: at }),
        [only] if !lists(*only).is_empty() => return Err(SeedError::NoKey { row: at }),
        [only] => (*only, None),
        [key, value, ..] => (*key, Some(*value)),
    };
    let key = collapse(&key_cell.text().collect::<String>());
    if key.is_empty() {
        return Err(SeedError::NoKey { row: at });
    }
    at.key = Some(key.clone());
    let Some(value_cell) = value_cell else {
        return Err(SeedError::NoValue { row: at });
    };
    let items: Vec<Item> = lists(value_cell).into_iter().flat_map(list).collect();
    if items.is_empty() {
        return Err(SeedError::NoItems { row: at });
    }
    Ok(Some(Row { at, key, items }))
}

/// The outermost `<ul>`/`<ol>` elements inside `el`, in document order.
fn lists(el: ElementRef) -> Vec<ElementRef> {
    let mut found = Vec::new();
    for child in el.child_elements() {
        if matches!(child.value().name(), "ul" | "ol") {
            found.push(child);
        } else {
            found.extend(lists(child));
        }
    }
    found
}

fn list(ul: ElementRef) -> Vec<Item> {
    ul.child_elements()
        .filter(|li| li.value().name() == "li")
        .map(item)
        .collect()
}

/// A child of an element that matters for import: comments and the like are dropped.
#[derive(Clone, Copy)]
enum Piece<'a> {
    Text(&'a str),
    El(ElementRef<'a>),
}

fn pieces(el: ElementRef<'_>) -> Vec<Piece<'_>> {
    el.children()
        .filter_map(|n| match n.value() {
            Node::Text(t) => Some(Piece::Text(t)),
            _ => ElementRef::wrap(n).map(Piece::El),
        })
        .collect()
}

fn item(li: ElementRef) -> Item {
    let nodes: Vec<Piece> = pieces(li)
        .into_iter()
        .filter(|p| !matches!(p, Piece::Text(t) if t.trim().is_empty()))
        .collect();
    let (label, rest, colon_follows) = split_label(&nodes);
    let mut text = String::new();
    let mut children = Vec::new();
    for piece in rest {
        match piece {
            Piece::El(el) if matches!(el.value().name(), "ul" | "ol") => children.extend(list(*el)),
            _ => inline(*piece, &mut text),
        }
    }
    let mut text = collapse(&text);
    if colon_follows {
        text = text.trim_start_matches(':').trim_start().to_string();
    }
    Item {
        label,
        text,
        children,
    }
}

/// A leading `<strong>Label:</strong>` (or `<strong>Label</strong>:`) is the item's label; the
/// flag says the colon is still at the start of the remaining text.
fn split_label<'a, 'b>(nodes: &'b [Piece<'a>]) -> (Option<String>, &'b [Piece<'a>], bool) {
    let Some(Piece::El(strong)) = nodes.first() else {
        return (None, nodes, false);
    };
    if !matches!(strong.value().name(), "strong" | "b") {
        return (None, nodes, false);
    }
    let inner = collapse(&strong.text().collect::<String>());
    if let Some(label) = inner.strip_suffix(':').map(str::trim_end)
        && !label.is_empty()
    {
        return (Some(label.to_string()), &nodes[1..], false);
    }
    let colon_next =
        matches!(nodes.get(1), Some(Piece::Text(t)) if t.trim_start().starts_with(':'));
    if colon_next && !inner.is_empty() {
        return (Some(inner), &nodes[1..], true);
    }
    (None, nodes, false)
}

/// Renders inline HTML as inline Markdown, so emphasis inside an item survives the import.
fn inline(piece: Piece, out: &mut String) {
    let el = match piece {
        Piece::Text(t) => return out.push_str(t),
        Piece::El(el) => el,
    };
    let marker = match el.value().name() {
        "strong" | "b" => "**",
        "em" | "i" => "*",
        "code" => "`",
        "br" => return out.push(' '),
        _ => "",
    };
    let mut inner = String::new();
    for child in pieces(el) {
        inline(child, &mut inner);
    }
    wrap(&inner, marker, out);
}

/// Markdown emphasis must hug its text, so surrounding spaces go outside the markers.
fn wrap(inner: &str, marker: &str, out: &mut String) {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        out.push_str(inner);
        return;
    }
    if inner.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push_str(marker);
    out.push_str(trimmed);
    out.push_str(marker);
    if inner.ends_with(char::is_whitespace) {
        out.push(' ');
    }
}

pub(super) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
