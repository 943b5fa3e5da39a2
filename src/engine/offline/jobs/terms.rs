//! The terms a job line uses: the names it gives (products, technologies) and the lexicon's
//! phrases, as the posting writes them.

use super::super::data;
use super::super::lexicon::{Competency, Tokens, lexicon};
use crate::text;

/// The terms a job line uses: product or technology names, and the lexicon phrases it
/// contains (only those of `competency`, when given).
pub fn line_terms(line: &str, competency: Option<&Competency>) -> Vec<String> {
    let tokens = Tokens::new(line);
    let mut terms: Vec<String> = Vec::new();
    let mut push = |t: String| {
        let lower = t.to_lowercase();
        let specific = text::words(&lower)
            .iter()
            .any(|w| !text::is_stopword(w) && !data::words().generic_terms.contains(w));
        if specific && !terms.iter().any(|x| x.to_lowercase() == lower) {
            terms.push(t);
        }
    };
    for name in proper_names(line) {
        push(name);
    }
    let competencies: Vec<&Competency> = match competency {
        Some(c) => vec![c],
        None => lexicon().competencies.iter().collect(),
    };
    for c in competencies {
        for span in c.spans_in(&tokens) {
            push(original_case(line, &span));
        }
    }
    drop_contained(terms)
}

/// The span as written in the line ("SLOs", "24/7", "end-to-end"): from an occurrence of its
/// first word, each next word found shortly after the last, up to the end of its last word.
fn original_case(line: &str, span: &str) -> String {
    let lower = line.to_lowercase();
    let words = text::words(span);
    // Lowercasing can move byte offsets; such a line keeps the span as matched.
    if words.is_empty() || lower.len() != line.len() {
        return span.to_string();
    }
    const GAP: usize = 24;
    // A word starts where no letter or digit stands before it: the "on" of "on-call" is not
    // the one inside "confident".
    let starts_word = |at: usize| {
        lower[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    let located = lower
        .match_indices(words[0].as_str())
        .filter(|&(start, _)| starts_word(start))
        .find_map(|(start, first)| {
            let mut end = start + first.len();
            for word in &words[1..] {
                // The window ends on a character boundary: the line may hold any script.
                let mut limit = (end + GAP + word.len()).min(lower.len());
                while !lower.is_char_boundary(limit) {
                    limit -= 1;
                }
                let window = lower.get(end..limit)?;
                let (at, _) = window
                    .match_indices(word.as_str())
                    .find(|&(at, _)| starts_word(end + at))?;
                end += at + word.len();
            }
            Some((start, end))
        });
    located
        .and_then(|(start, end)| line.get(start..end))
        .map_or_else(|| span.to_string(), str::to_string)
}

/// Whether a text holds a posting's term: a name ("Go", "React") by the word itself, since by
/// its stem "went" holds Go; a lexicon phrase ("Mentor", capitalised where it opens its line)
/// or any other term by its stems, so "mentoring" holds it.
pub fn held_by(vocabulary: &text::Vocabulary, term: &str) -> bool {
    if text::is_name(term) && !is_lexicon_phrase(term) {
        vocabulary.names(term)
    } else {
        vocabulary.covers(term)
    }
}

/// Whether a term is one of the lexicon's phrases, in any case. The phrases are gathered once:
/// tailor asks this of every term of every planned question.
fn is_lexicon_phrase(term: &str) -> bool {
    static PHRASES: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            lexicon()
                .competencies
                .iter()
                .flat_map(|c| c.ask.iter().chain(&c.signals))
                .map(|p| p.text.as_str())
                .collect()
        });
    PHRASES.contains(term.to_lowercase().as_str())
}

/// "postmortems" adds nothing next to "blameless postmortems".
fn drop_contained(terms: Vec<String>) -> Vec<String> {
    let lower: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
    terms
        .into_iter()
        .enumerate()
        .filter(|(i, _)| {
            !lower.iter().enumerate().any(|(j, other)| {
                j != *i && other.len() > lower[*i].len() && other.contains(&lower[*i])
            })
        })
        .map(|(_, t)| t)
        .collect()
}

/// Capitalised words of a text, its first word included ("Acme", "Lisbon").
pub(super) fn capitalised(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_string)
        .collect()
}

/// Capitalised or mixed-case words past the first: "EKS", "Terraform", "OpenTelemetry". A line
/// in Title Case (a heading, a job title) has no names to find this way.
fn proper_names(line: &str) -> Vec<String> {
    let words: Vec<&str> = line
        .split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    if words.len() >= 3 && capitalised * 3 > words.len() * 2 {
        return Vec::new();
    }
    words
        .iter()
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && w.len() > 1)
        .filter(|w| !text::is_stopword(&w.to_lowercase()))
        .map(|w| w.to_string())
        .collect()
}
