//! Grounding: the numbers and names in generated text that appear nowhere in the bank, the job
//! or the question. They are reported as `unsupported`, never passed off as the user's facts.

use std::collections::HashSet;

/// Everything the model was allowed to draw facts from.
pub struct Corpus {
    words: HashSet<String>,
    numbers: Vec<f64>,
}

/// Capitalised words that are ordinary English or interview vocabulary, not names.
const COMMON_CAPITALS: &[&str] = &[
    "i",
    "i'm",
    "i've",
    "i'd",
    "the",
    "a",
    "an",
    "we",
    "our",
    "my",
    "in",
    "on",
    "at",
    "as",
    "after",
    "before",
    "when",
    "while",
    "then",
    "so",
    "but",
    "and",
    "because",
    "this",
    "that",
    "it",
    "they",
    "star",
    "situation",
    "task",
    "action",
    "result",
    "learned",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "q1",
    "q2",
    "q3",
    "q4",
    "ok",
];

impl Corpus {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Corpus {
        let mut words = HashSet::new();
        let mut numbers = Vec::new();
        for text in texts {
            for token in tokens(text) {
                words.insert(token.to_lowercase());
                numbers.extend(number_value(token));
            }
        }
        Corpus { words, numbers }
    }

    fn has_number(&self, value: f64) -> bool {
        self.numbers
            .iter()
            .any(|n| (n - value).abs() <= 1e-9 * value.abs().max(1.0))
    }
}

fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || "()[]{}\"“”,;:/".contains(c))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$'))
        .filter(|t| !t.is_empty())
}

/// The value of a numeric token: "40%", "$1.2M", "5k", "2,000", "99.9".
fn number_value(token: &str) -> Option<f64> {
    let t = token
        .trim_start_matches(['$', '€', '£', '~'])
        .trim_end_matches('%');
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let value: f64 = t[..end]
        .replace(',', "")
        .trim_end_matches('.')
        .parse()
        .ok()?;
    let suffix = t[end..].to_lowercase();
    let scale = match suffix.as_str() {
        "k" => 1e3,
        "m" | "mm" => 1e6,
        "b" | "bn" => 1e9,
        _ => 1.0,
    };
    Some(value * scale)
}

/// The unsupported numbers and names in `generated`, in order of appearance.
pub fn unsupported(generated: &str, corpus: &Corpus) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut sentence_start = true;
    for raw in generated.split_whitespace() {
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$');
        let flagged = if let Some(value) = number_value(token) {
            !corpus.has_number(value) && !corpus.words.contains(&token.to_lowercase())
        } else {
            is_name(token, sentence_start) && !corpus.words.contains(&token.to_lowercase())
        };
        if flagged && !out.iter().any(|o| o == token) {
            out.push(token.to_string());
        }
        sentence_start = raw.ends_with(['.', '!', '?', ':']) || raw.starts_with(['-', '*']);
    }
    out
}

/// A capitalised word past the start of a sentence, or an acronym / CamelCase word anywhere.
fn is_name(token: &str, sentence_start: bool) -> bool {
    let mut chars = token.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase()
        || token.len() < 2
        || COMMON_CAPITALS.contains(&token.to_lowercase().as_str())
    {
        return false;
    }
    let inner_capital = chars.any(char::is_uppercase);
    !sentence_start || inner_capital
}

/// Drops the sentences of `text` that carry an unsupported item (`--strict`).
pub fn strip_unsupported(text: &str, unsupported: &[String]) -> Option<String> {
    // Sentences end at `.!?` before a space, so "99.95%" and "$40,000" stay whole, and words
    // are cut the way `unsupported` cut them, so every flagged item is found again.
    let carries = |sentence: &str| {
        sentence
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$'))
            .any(|w| unsupported.iter().any(|u| u == w))
    };
    let kept: Vec<String> = crate::text::sentences(text)
        .into_iter()
        .filter(|s| !carries(s))
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        Corpus::new([
            "At Acme Robotics I cut p99 latency from 900 ms to 120 ms across 3k servers.",
            "We saved $40k a year; error rate fell 35%.",
        ])
    }

    #[test]
    fn numbers_from_the_bank_are_supported_in_any_spelling() {
        let c = corpus();
        assert!(unsupported("Latency fell from 900 ms to 120 ms on 3,000 servers.", &c).is_empty());
        assert!(unsupported("That saved $40,000 and cut errors by 35%.", &c).is_empty());
    }

    #[test]
    fn invented_numbers_and_names_are_flagged() {
        let c = corpus();
        let found = unsupported(
            "At Acme Robotics I cut latency by 80% and Google praised it.",
            &c,
        );
        assert_eq!(found, ["80%", "Google"]);
        assert_eq!(
            unsupported("I led 12 engineers at Initech.", &c),
            ["12", "Initech"]
        );
    }

    #[test]
    fn sentence_starts_and_common_words_are_not_names() {
        let c = corpus();
        assert!(unsupported("Then I led the effort. Because of it, we shipped.", &c).is_empty());
        assert_eq!(unsupported("Then AWS paged me.", &c), ["AWS"]);
    }

    #[test]
    fn strict_mode_drops_decimals_thousands_and_hyphenated_names_whole() {
        let text = "I raised availability to 99.95%. Acme-Corp paid $40,000. I kept 120 ms.";
        let flagged = [
            "99.95%".to_string(),
            "Acme-Corp".to_string(),
            "$40,000".to_string(),
        ];
        assert_eq!(
            strip_unsupported(text, &flagged).as_deref(),
            Some("I kept 120 ms.")
        );
    }

    #[test]
    fn strict_mode_drops_only_the_sentences_with_unsupported_items() {
        let text = "I cut latency to 120 ms. Google noticed. We saved $40k.";
        let kept = strip_unsupported(text, &["Google".to_string()]).unwrap();
        assert_eq!(kept, "I cut latency to 120 ms. We saved $40k.");
        assert_eq!(
            strip_unsupported("Google noticed.", &["Google".to_string()]),
            None
        );
    }
}
