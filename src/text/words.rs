//! Words: splitting text into lowercase words, stop words, and counting words.

use std::sync::LazyLock;

// One line per word would be 150 lines of a list read as a whole.
#[rustfmt::skip]
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
    "i'll", "you'll", "we'll", "they'll", "he'll", "she'll", "it'll", "they're", "they've", "we'd",
    "they'd", "he'd", "she'd", "haven't", "hasn't", "hadn't", "shouldn't", "wouldn't", "mustn't",
    "needn't",
];

/// Words that say nothing of what a text is about, left out of the terms it is matched by
/// (BM25, a question's key words) but kept by the posting and gap readers, where a line that
/// ends in "per" or "two" and a term like "per-tenant isolation" mean something.
const TOPICLESS: &[&str] = &[
    // "across" in a question is no link to an entry titled "...across 3k servers".
    "across", "against", "along", "among", "between", "despite", "few", "many", "much", "onto",
    "per", "several", "toward", "towards", "upon", "via", "within", "without",
    // "two" of "two of your reports" is no link to "...in two weeks".
    "one", "two", "three", "four", "six", "seven", "eight", "nine", "ten",
];

static STOPWORD_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

pub fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

/// Stop words and [`TOPICLESS`] words in one set: `terms` asks it of every word it reads.
static TOPICLESS_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().chain(TOPICLESS).copied().collect());

/// A stop word, or a preposition, quantifier or counting word (see [`TOPICLESS`]).
pub fn is_topicless(word: &str) -> bool {
    TOPICLESS_SET.contains(word)
}

/// A word without the accents of its Latin letters ("résumé" -> "resume", "naïve" -> "naive"):
/// people type both, and the lexicon, the training data and the banks spell most words one
/// way. Other scripts keep their marks (the dakuten of "で" is a different letter).
pub fn fold_accents(word: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    if word.is_ascii() {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let mut parts = Vec::with_capacity(3);
        decompose_canonical(c, |p| parts.push(p));
        let latin = |p: &char| p.is_ascii_alphabetic();
        if parts.len() > 1 && latin(&parts[0]) && parts[1..].iter().all(|&p| is_combining_mark(p)) {
            out.push(parts[0]);
        } else if !(is_combining_mark(c) && out.chars().last().is_some_and(|p| latin(&p))) {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A word in lowercase, copied only when it has capitals: most words of a draft have none, and
/// every word of every sentence is looked at.
pub(super) fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// Lowercased words without accents: letters, digits and inner apostrophes; a possessive `'s`
/// is dropped.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            // Most words are plain ASCII: one copy, lowercased in place, no Unicode tables.
            let mut w = if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                fold_accents(&w.to_lowercase()).replace('’', "'")
            };
            if w.len() > 2 && w.ends_with("'s") {
                w.truncate(w.len() - 2);
            }
            w
        })
        .collect()
}

/// The last `n` of [`words`] of a text, read from its end: looking back from a place in a long
/// line costs what the few words before it cost, not the whole line.
pub fn last_words(text: &str, n: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Whitespace always separates words, so the words of the last tokens end the text's words.
    for token in text.split_whitespace().rev() {
        if out.len() >= n {
            break;
        }
        let mut these = words(token);
        these.append(&mut out);
        out = these;
    }
    out.split_off(out.len().saturating_sub(n))
}

/// Whether the speaker opens a sentence, given its [`words`] in order: "I" among the first two
/// ("I moved on...", "Then I killed..."), where an answer tells a step of its own.
pub fn speaker_opens<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    words.into_iter().take(2).any(|w| w == "i")
}

/// Lowercase, typographic apostrophes made plain: the form cue lists and openings are matched
/// in ("what’s the reason" finds "what's the reason").
pub fn lowered(text: &str) -> String {
    text.to_lowercase().replace('’', "'")
}

/// A text in lowercase, with the byte offset in `text` of each byte of the lowercase form (and
/// of its end): a match found in the lowercase text maps back to the text as written, even
/// where lowercasing changes a character's length ("İ" grows, the Kelvin sign shrinks).
pub fn lowercase_mapped(text: &str) -> (String, Vec<usize>) {
    let mut lower = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            at.extend(std::iter::repeat_n(i, l.len_utf8()));
            lower.push(l);
        }
    }
    at.push(text.len());
    (lower, at)
}

/// Words as they are spoken, for speaking time. Japanese and Chinese put no spaces between
/// words; their characters are said at about twice the rate of English words, so two count as
/// one word.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().map(spoken_words).sum()
}

/// The words of one space-delimited token: one ("on-call", "p99"), or, holding letters written
/// without spaces, those two to a word and each run of other letters or digits one
/// ("Kafkaを直した" is Kafka and two more).
fn spoken_words(token: &str) -> usize {
    if !token.chars().any(unspaced) {
        return usize::from(token.chars().any(char::is_alphanumeric));
    }
    let (mut unspaced_letters, mut runs, mut in_run) = (0, 0, false);
    for c in token.chars() {
        let spaced = c.is_alphanumeric() && !unspaced(c);
        runs += usize::from(spaced && !in_run);
        in_run = spaced;
        unspaced_letters += usize::from(unspaced(c));
    }
    runs + unspaced_letters.div_ceil(2)
}

/// Letters of Han, hiragana and katakana: the scripts written without spaces between words.
/// Their punctuation ("・", "。") is no letter.
fn unspaced(c: char) -> bool {
    c.is_alphabetic()
        && matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF66}'..='\u{FF9F}' | '\u{20000}'..='\u{2A6DF}')
}

/// One word of a text as written: lowercase (typographic apostrophes made plain), where it
/// stands in characters, and whether a comma separates it from the word before.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub word: String,
    pub chars: std::ops::Range<usize>,
    pub comma_before: bool,
}

/// The word itself, so that a reader of words takes located words and plain ones alike.
impl AsRef<str> for Located {
    fn as_ref(&self) -> &str {
        &self.word
    }
}

/// Every word of a text with its place, for findings that point at words (fillers, repeats).
pub fn located_words(text: &str) -> Vec<Located> {
    let mut out: Vec<Located> = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut comma = false;
    let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’';
    for (i, c) in text.chars().enumerate() {
        if is_word(c) {
            if current.is_empty() {
                start = i;
            }
            current.push(c);
            continue;
        }
        if !current.is_empty() {
            push_located(&mut out, &mut current, start..i, comma);
            comma = false;
        }
        comma |= c == ',' || c == ';' || c == '—' || c == '…';
    }
    let end = start + current.chars().count();
    push_located(&mut out, &mut current, start..end, comma);
    out
}

fn push_located(
    out: &mut Vec<Located>,
    current: &mut String,
    chars: std::ops::Range<usize>,
    comma_before: bool,
) {
    let trimmed = current.trim_matches(['\'', '’']);
    // Most words are lowercase ASCII already: copy them once, convert only what needs it.
    let mut word = lowercase(trimmed).into_owned();
    if word.contains('’') {
        word = word.replace('’', "'");
    }
    if !word.is_ascii() {
        word = fold_accents(&word).into_owned();
    }
    current.clear();
    if !word.is_empty() {
        out.push(Located {
            word,
            chars,
            comma_before,
        });
    }
}
