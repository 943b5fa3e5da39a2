//! A posting's sentence made ready to read: cut into its clauses, without the tenure it asks for.

use crate::text;

/// A sentence cut where a new clause speaks of "you" again: "You give thoughtful code reviews,
/// you mentor less experienced engineers, and you can explain a trade-off" asks for three
/// things, and each is evidence only for what it asks.
pub(super) fn clauses(sentence: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in sentence.match_indices([',', ';']) {
        let rest = sentence[i + 1..].trim_start();
        let rest = rest.strip_prefix("and ").unwrap_or(rest);
        if addressed_to_you(rest) {
            out.push(sentence[start..i].trim());
            start = sentence.len() - rest.len();
        }
    }
    out.push(sentence[start..].trim());
    out.into_iter()
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a sentence opens by speaking of "you": "You give thoughtful code reviews".
pub(super) fn addressed_to_you(sentence: &str) -> bool {
    sentence.split_whitespace().next().is_some_and(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .eq_ignore_ascii_case("you")
    })
}

/// A line without the tenure it asks for: "5+ years with PostgreSQL" asks for PostgreSQL, not
/// for where the candidate sees themselves in five years.
pub(super) fn without_tenure(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let years = |w: &str| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        matches!(w.as_str(), "year" | "years" | "yrs" | "yr")
    };
    let count = |w: &str| {
        let w = w
            .trim_end_matches('+')
            .trim_start_matches('(')
            .to_lowercase();
        w.chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
            && !w.is_empty()
            || text::numbers::is_number_word(&w)
    };
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if count(words[i]) && words.get(i + 1).is_some_and(|w| years(w)) {
            i += 2;
            continue;
        }
        kept.push(words[i]);
        i += 1;
    }
    kept.join(" ")
}
