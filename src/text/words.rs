//! Words: splitting text into lowercase words, stop words, and counting words.

use std::sync::LazyLock;

const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "during", "each", "for", "from", "had", "has", "have", "having", "he", "her", "here",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most",
    "my", "myself", "no", "nor", "not", "of", "on", "once", "only", "or", "other", "our", "ours",
    "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
    "i'm", "i've", "i'd", "you've", "you're", "you'd", "we're", "we've", "didn't", "don't",
    "doesn't", "wasn't", "weren't", "isn't", "aren't", "won't", "can't", "couldn't", "let's",
];

static STOPWORD_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

pub fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

/// Lowercased words: letters, digits and inner apostrophes; a possessive `'s` is dropped.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase().replace('’', "'");
            match w.strip_suffix("'s") {
                Some(base) if !base.is_empty() => base.to_string(),
                _ => w,
            }
        })
        .collect()
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}
