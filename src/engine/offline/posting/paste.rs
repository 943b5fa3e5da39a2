//! What a page or a PDF leaves in a pasted posting: page footers and site links, words
//! hyphenated across line ends, Markdown tables, a heading run into its items.

use super::lines::known_heading;

/// The posting's lines without the page's furniture, with hyphenated words made whole, table
/// rows as items, and "Responsibilities: run X; own Y; ..." as a heading and its items.
pub(super) fn clean<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines.filter(|l| !chrome(l)) {
        let t = line.trim();
        // "infra-" + "structure" is one word broken by the page; "self-" + "service" keeps its
        // hyphen.
        if let Some(prev) = out.last_mut()
            && t.starts_with(char::is_lowercase)
            && let Some(head) = prev.trim_end().strip_suffix('-')
            && head.ends_with(char::is_alphabetic)
        {
            let word = head
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("");
            let keep = KEEP_HYPHEN.contains(&word.to_lowercase().as_str());
            *prev = format!("{head}{}{t}", if keep { "-" } else { "" });
            continue;
        }
        if t.starts_with('|') {
            match table_row(t) {
                Some(row) => out.push(row),
                // The row above the rule is the table's header ("| Area | Tools |").
                None if out.last().is_some_and(|l| l.starts_with("- ")) => {
                    out.pop();
                }
                None => {}
            }
            continue;
        }
        out.extend(heading_and_items(line));
    }
    out
}

/// Prefixes whose hyphen is the word's own: "self-service", "cross-team", "on-call".
const KEEP_HYPHEN: &[&str] = &[
    "self", "cross", "non", "co", "multi", "well", "high", "low", "real", "full", "end", "on",
    "off", "long", "short", "open", "event", "data", "cloud", "fast", "hands", "in",
];

/// Lines a job page or a PDF adds around the text: "Page 2 of 3", "Confidential – Acme Ltd.",
/// "Show more".
fn chrome(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let page = matches!(words.as_slice(), ["page", n, "of", m]
        if n.chars().all(|c| c.is_ascii_digit()) && m.chars().all(|c| c.is_ascii_digit()));
    let footer = lower.starts_with("confidential") && words.len() <= 8;
    let control = matches!(
        lower.as_str(),
        "show more" | "show less" | "see more" | "see less" | "read more" | "apply" | "apply now"
    );
    page || footer || control
}

/// A Markdown table row as an item ("| Streaming | Kafka, Flink |" -> "- Streaming: Kafka,
/// Flink"); the rule under the header row goes.
fn table_row(line: &str) -> Option<String> {
    let cells: Vec<&str> = line
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let rule = cells
        .iter()
        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
    (!cells.is_empty() && !rule).then(|| format!("- {}", cells.join(": ")))
}

/// "Responsibilities: design the pipeline; own the Kafka cluster; mentor two engineers" is a
/// heading and three items.
fn heading_and_items(line: &str) -> Vec<String> {
    let split = line.split_once(": ").filter(|(head, rest)| {
        head.split_whitespace().count() <= 4
            && known_heading(&head.to_lowercase())
            && rest.matches("; ").count() >= 2
    });
    match split {
        Some((head, rest)) => std::iter::once(format!("{}:", head.trim()))
            .chain(rest.split("; ").map(|item| format!("- {}", item.trim())))
            .collect(),
        None => vec![line.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn a_pasted_pdf_and_page_lose_their_furniture() {
        let got = clean(
            "We run the infra-\nstructure and self-\nservice tools.\nPage 2 of 3\n\
             Confidential \u{2013} Acme Ltd.\n| Area | Tools |\n|---|---|\n| Streaming | Kafka |\n\
             Responsibilities: run Kafka; own Flink; mentor juniors\nShow more"
                .lines(),
        );
        assert_eq!(
            got,
            [
                "We run the infrastructure and self-service tools.",
                "- Streaming: Kafka",
                "Responsibilities:",
                "- run Kafka",
                "- own Flink",
                "- mentor juniors",
            ]
        );
    }
}
