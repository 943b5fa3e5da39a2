//! Grounding: the numbers and names in generated text that appear nowhere in the bank, the job
//! or the question. They are reported as `unsupported`, never passed off as the user's facts.

use std::collections::HashSet;

use crate::text::numbers::{is_claim, numeral_value, words_value};

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
            let lower: Vec<String> = tokens(text).map(str::to_lowercase).collect();
            let refs: Vec<&str> = lower.iter().map(String::as_str).collect();
            for (i, token) in tokens(text).enumerate() {
                numbers.extend(numeral_value(token));
                numbers.extend(words_value(&refs[i..]).map(|(v, _)| v));
            }
            words.extend(lower);
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

/// The unsupported numbers and names in `generated`, in order of appearance.
pub fn unsupported(generated: &str, corpus: &Corpus) -> Vec<String> {
    let raws: Vec<&str> = generated.split_whitespace().collect();
    let tokens: Vec<&str> = raws.iter().map(|r| trim_token(r)).collect();
    let lower: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let mut out: Vec<String> = Vec::new();
    let mut sentence_start = true;
    let mut i = 0;
    while i < raws.len() {
        let (flagged, span) = if let Some(value) = numeral_value(tokens[i]) {
            let known = corpus.has_number(value) || corpus.words.contains(lower[i]);
            (!known, 1)
        } else if let Some((value, span)) = words_value(&lower[i..]) {
            let claim = is_claim(value, lower.get(i + span).copied());
            (claim && !corpus.has_number(value), span)
        } else {
            let name = is_name(tokens[i], sentence_start) && !corpus.words.contains(lower[i]);
            (name, 1)
        };
        let item = tokens[i..i + span].join(" ");
        if flagged && !out.contains(&item) {
            out.push(item);
        }
        let last = raws[i + span - 1];
        sentence_start = last.ends_with(['.', '!', '?', ':']) || raws[i].starts_with(['-', '*']);
        i += span;
    }
    out
}

/// A word as grounding reads it: outer punctuation off, `%` and `$` kept.
fn trim_token(raw: &str) -> &str {
    raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$')
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
        let words: Vec<&str> = sentence.split_whitespace().map(trim_token).collect();
        unsupported.iter().any(|item| {
            let item: Vec<&str> = item.split(' ').collect();
            words.windows(item.len()).any(|w| w == item.as_slice())
        })
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
    fn numbers_in_words_are_checked_like_numerals() {
        let c =
            Corpus::new(["It took three weeks and 12 engineers; we served forty thousand users."]);
        assert!(unsupported("Twelve engineers worked 3 weeks for 40,000 users.", &c).is_empty());
        assert_eq!(
            unsupported("We saved twenty-five hours for two hundred teams.", &c),
            ["twenty-five", "two hundred"]
        );
        assert_eq!(unsupported("It took five weeks.", &c), ["five"]);
        assert!(unsupported("I weighed two approaches with one colleague.", &c).is_empty());
    }

    #[test]
    fn strict_mode_drops_sentences_with_numbers_in_words() {
        let text = "I profiled the service. It saved two hundred hours. I kept 120 ms.";
        assert_eq!(
            strip_unsupported(text, &["two hundred".to_string()]).as_deref(),
            Some("I profiled the service. I kept 120 ms.")
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

    proptest::proptest! {
        /// Any generated text against any corpus: no panic, and what is flagged is a piece of
        /// the generated text.
        #[test]
        fn grounding_reads_any_text(generated in "\\PC{0,300}", bank in "\\PC{0,300}") {
            let corpus = Corpus::new([bank.as_str()]);
            for flagged in unsupported(&generated, &corpus) {
                proptest::prop_assert!(!flagged.is_empty());
            }
        }
    }
}
