//! Phrases matched in text by word stems and word families, in order, with small gaps: the
//! unit the lexicon, the cue lists and the vision are matched with.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::text;

/// A text prepared for phrase matching: its words and their stems, in order.
#[derive(Clone)]
pub struct Tokens {
    words: Vec<String>,
    stems: Vec<String>,
    /// (hash, position) of each stem and each five-letter prefix, sorted, so a phrase that is
    /// absent costs two binary searches instead of a scan (the lexicon has hundreds of phrases
    /// per text), and a text is indexed in two allocations. A hash collision only adds a
    /// candidate; `meets` still compares the words.
    by_stem: Vec<(u64, usize)>,
    by_prefix: Vec<(u64, usize)>,
    /// One bit per stem key and prefix key of the text: a phrase with a word whose keys are
    /// both unset cannot occur, and nearly all of the lexicon's phrases are ruled out so,
    /// before any search.
    bits: Bits,
}

/// A fixed-size bit set over key hashes (a one-hash Bloom filter): "maybe" or "surely not".
#[derive(Clone)]
struct Bits([u64; BITS / 64]);

const BITS: usize = 4096;

impl Bits {
    fn slot(key: u64) -> (usize, u64) {
        // The high bits: FxHash mixes them best.
        let bit = (key >> 52) as usize % BITS;
        (bit / 64, 1 << (bit % 64))
    }

    fn insert(&mut self, key: u64) {
        let (word, mask) = Bits::slot(key);
        self.0[word] |= mask;
    }

    fn may_hold(&self, key: u64) -> bool {
        let (word, mask) = Bits::slot(key);
        self.0[word] & mask != 0
    }
}

const PREFIX: usize = 5;

fn prefix(word: &str) -> Option<&str> {
    word.char_indices()
        .nth(PREFIX - 1)
        .map(|(i, c)| &word[..i + c.len_utf8()])
}

/// The entries of a sorted (hash, position) index under `key`.
fn positions(index: &[(u64, usize)], key: u64) -> &[(u64, usize)] {
    let start = index.partition_point(|&(k, _)| k < key);
    let len = index[start..].partition_point(|&(k, _)| k == key);
    &index[start..start + len]
}

fn key(text: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

impl Tokens {
    pub fn new(text: &str) -> Tokens {
        let words = text::words(text);
        let stems: Vec<String> = words.iter().map(|w| text::stem(w)).collect();
        let mut by_stem: Vec<(u64, usize)> = Vec::with_capacity(words.len());
        let mut by_prefix: Vec<(u64, usize)> = Vec::with_capacity(words.len());
        let mut bits = Bits([0; BITS / 64]);
        for (i, (word, stem)) in words.iter().zip(&stems).enumerate() {
            let stem_key = key(stem);
            bits.insert(stem_key);
            by_stem.push((stem_key, i));
            if let Some(p) = prefix(word) {
                let prefix_key = key(p);
                bits.insert(prefix_key);
                by_prefix.push((prefix_key, i));
            }
        }
        by_stem.sort_unstable();
        by_prefix.sort_unstable();
        Tokens {
            words,
            stems,
            by_stem,
            by_prefix,
            bits,
        }
    }

    /// Whether a pattern word may stand somewhere in the text: `meets` needs its stem or, for
    /// a word of five letters or more, its prefix. (A pattern of five bytes but fewer letters
    /// has no prefix key and cannot be ruled out.)
    fn may_meet(&self, pattern: &PatternWord) -> bool {
        self.bits.may_hold(pattern.stem_key)
            || pattern
                .prefix_key
                .map_or(pattern.word.len() >= PREFIX, |p| self.bits.may_hold(p))
    }

    /// Positions where a pattern word may stand.
    fn candidates(&self, pattern: &PatternWord) -> impl Iterator<Item = usize> + '_ {
        let by_stem = positions(&self.by_stem, pattern.stem_key);
        // No prefix key for words shorter than PREFIX, which the prefix rule skips too.
        let by_prefix = pattern
            .prefix_key
            .map_or(&[][..], |p| positions(&self.by_prefix, p));
        by_stem.iter().chain(by_prefix).map(|&(_, i)| i)
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn stems(&self) -> &[String] {
        &self.stems
    }

    fn meets(&self, i: usize, pattern: &PatternWord) -> bool {
        let word = &self.words[i];
        (self.stems[i] == pattern.stem && text::same_word_family(word, &pattern.word))
            || (pattern.word.len() >= 5
                && word.starts_with(&pattern.word)
                && text::is_word_ending(&word[pattern.word.len()..]))
    }
}

struct PatternWord {
    word: String,
    stem: String,
    stem_key: u64,
    prefix_key: Option<u64>,
}

/// A phrase of the lexicon: its words must appear in order, at most two words apart.
pub struct Phrase {
    pub text: String,
    words: Vec<PatternWord>,
}

const MAX_GAP: usize = 2;

impl Phrase {
    /// Prepares a phrase for matching (the lexicon's own phrases are prepared once, at load).
    pub fn parse(text: &str) -> Phrase {
        Phrase::new(text)
    }

    fn new(text: &str) -> Phrase {
        let words = text::words(text)
            .into_iter()
            .map(|w| {
                let stem = text::stem(&w);
                PatternWord {
                    stem_key: key(&stem),
                    prefix_key: prefix(&w).map(key),
                    stem,
                    word: w,
                }
            })
            .collect();
        Phrase {
            text: text.to_string(),
            words,
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the phrase occurs in the tokens, allowing small gaps ("learn something quickly").
    pub fn found_in(&self, tokens: &Tokens) -> bool {
        self.span_in(tokens).is_some()
    }

    /// The first place the phrase occurs, as a range of word positions (inclusive).
    pub fn span_in(&self, tokens: &Tokens) -> Option<(usize, usize)> {
        if !self.may_occur(tokens) {
            return None;
        }
        self.search(tokens)
    }

    /// False when some word of the phrase surely stands nowhere in the text.
    fn may_occur(&self, tokens: &Tokens) -> bool {
        self.words.iter().all(|w| tokens.may_meet(w))
    }

    fn search(&self, tokens: &Tokens) -> Option<(usize, usize)> {
        let first = self.words.first()?;
        tokens
            .candidates(first)
            .filter(|&i| tokens.meets(i, first))
            .find_map(|start| self.rest_follows(tokens, start).map(|end| (start, end)))
    }

    fn rest_follows(&self, tokens: &Tokens, start: usize) -> Option<usize> {
        let mut at = start;
        for pattern in &self.words[1..] {
            let window = (at + 1)..(at + 2 + MAX_GAP).min(tokens.stems.len());
            at = window.into_iter().find(|&j| tokens.meets(j, pattern))?;
        }
        Some(at)
    }

    /// Longer phrases are more specific, so they count for more.
    pub fn weight(&self) -> f32 {
        1.0 + 0.25 * (self.len().saturating_sub(1)) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The bit filter only ever rules out phrases the search would not find: a phrase of
        /// words taken from the text (any letters, inflected or not) is never filtered out when
        /// the full search finds it.
        #[test]
        fn the_filter_never_hides_a_match(
            text in "([a-zA-Zéüß’']{1,9} ){1,40}",
            picks in proptest::collection::vec((0usize..40, 0usize..4), 1..4),
        ) {
            let tokens = Tokens::new(&text);
            let words = text::words(&text);
            prop_assume!(!words.is_empty());
            let phrase: Vec<String> = picks
                .iter()
                .map(|&(i, cut)| {
                    let w = &words[i % words.len()];
                    let keep = w.chars().count().saturating_sub(cut).max(1);
                    w.chars().take(keep).collect()
                })
                .collect();
            let phrase = Phrase::parse(&phrase.join(" "));
            if phrase.search(&tokens).is_some() {
                prop_assert!(phrase.may_occur(&tokens));
            }
            prop_assert_eq!(phrase.span_in(&tokens), phrase.search(&tokens));
        }
    }

    #[test]
    fn an_absent_phrase_is_ruled_out_and_a_present_one_found() {
        let tokens = Tokens::new("We rolled the deploy back within ten minutes.");
        assert_eq!(Phrase::parse("roll back").span_in(&tokens), Some((1, 4)));
        assert!(!Phrase::parse("incident commander").may_occur(&tokens));
    }
}
