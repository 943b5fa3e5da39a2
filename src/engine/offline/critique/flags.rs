//! What an interviewer notices before the structure: filler words, saying the same thing
//! again, and answers that could go to any employer (running others down is `blame.rs`).

use rustc_hash::FxHashMap as HashMap;

use super::super::data::{self, Words};
use super::{Reading, finding};
use crate::report::{Finding, FindingCode, Severity, Span};
use crate::text::{self, Located};

/// Filler words per 100 words above which delivery suffers.
const FILLER_RATE: f64 = 3.0;
/// Filler words per 100 words from which the answer is hard to follow at all (one word in ten).
const HEAVY_FILLER_RATE: f64 = 10.0;
/// A run of this many words said twice is a repeat.
const RUN: usize = 8;
/// A sentence this long or longer said twice is a repeat: "I underestimated the work." said
/// again is a refrain a listener hears (5 missed it on the fresh critique set, session 17).
const SENTENCE_WORDS: usize = 4;

pub(super) fn span(chars: &std::ops::Range<usize>) -> Span {
    Span {
        start: chars.start,
        end: chars.end,
    }
}

/// The draft with its filler words taken out, for reading its structure: "I, um, basically
/// forgot" says "I forgot".
pub fn without_fillers(draft: &str, fillers: &[Span]) -> String {
    if fillers.is_empty() {
        return draft.to_string();
    }
    let mut out = String::with_capacity(draft.len());
    let mut next = fillers.iter().peekable();
    for (i, c) in draft.chars().enumerate() {
        while next.peek().is_some_and(|s| s.end <= i) {
            next.next();
        }
        if next.peek().is_none_or(|s| i < s.start) {
            out.push(c);
        }
    }
    out
}

/// Filler words, when there are more than about three in a hundred; an error from one in ten,
/// where they are what the listener hears.
pub fn filler(r: &Reading) -> Option<Finding> {
    let hits = r.fillers.clone();
    let count = hits.len();
    let rate = 100.0 * count as f64 / r.analysis.words.max(1) as f64;
    (count >= 2 && rate > FILLER_RATE).then(|| Finding {
        spans: hits,
        ..finding(
            FindingCode::Filler,
            if rate >= HEAVY_FILLER_RATE {
                Severity::Error
            } else {
                Severity::Warning
            },
            format!("{count} filler words, about {rate:.0} in every 100"),
            "pause instead of filling: rehearse the answer aloud until the first words of each part come without \"um\" or \"like\"",
        )
    })
}

/// Where the fillers are: "um", "basically", "you know", and "like" where it pauses rather than
/// compares ("it was, like, slow", not "I'd like", "looks like").
pub fn filler_words(words: &[Located], w: &Words) -> Vec<Span> {
    let mut out = Vec::new();
    let at = |i: usize| words.get(i).map_or("", |l| l.word.as_str());
    let mut i = 0;
    // One buffer for every pair of words, since every word of a draft is looked at.
    let mut pair = String::new();
    while i < words.len() {
        let word = at(i);
        let prev = i.checked_sub(1).map_or("", at);
        pair.clear();
        pair.push_str(word);
        pair.push(' ');
        pair.push_str(at(i + 1));
        let pair_filler = w.fillers.contains(&pair)
            && match word {
                // "what kind of system" names a type; "it was kind of slow" hedges.
                "kind" | "sort" => !w.type_words.contains(prev),
                "you" => !matches!(
                    prev,
                    "do" | "did" | "if" | "as" | "don't" | "didn't" | "would"
                ),
                _ => words[i].comma_before || words.get(i + 2).is_some_and(|n| n.comma_before),
            };
        if pair_filler {
            out.push(span(&(words[i].chars.start..words[i + 1].chars.end)));
            i += 2;
            continue;
        }
        let single = match word {
            "like" => {
                let paused =
                    words[i].comma_before || words.get(i + 1).is_some_and(|n| n.comma_before);
                paused || (!w.like_not_filler_after.contains(prev) && w.fillers.contains(prev))
            }
            _ => w.fillers.contains(word) && !word.contains(' '),
        };
        if single {
            out.push(span(&words[i].chars));
        }
        i += 1;
    }
    out
}

/// The same sentence, or a long run of words, said again.
pub fn repetition(r: &Reading) -> Option<Finding> {
    let mut spans = repeated_sentences(r);
    if spans.is_empty() {
        spans = repeated_runs(&r.words);
    }
    let repeated: usize = spans.iter().map(|s| s.end - s.start).sum();
    let whole = r.analysis.text.chars().count().max(1);
    // A quarter of the answer said again is the answer said again, not a phrase echoed.
    let severity = if repeated * 4 >= whole {
        Severity::Error
    } else {
        Severity::Warning
    };
    (!spans.is_empty()).then(|| Finding {
        spans,
        ..finding(
            FindingCode::Repetition,
            severity,
            "part of the answer is said again".into(),
            "say each point once; use the time for a detail you have not given yet",
        )
    })
}

/// The words of the draft that stand inside a range of it (a sentence's).
pub(super) fn words_of<'a>(words: &'a [Located], chars: &std::ops::Range<usize>) -> &'a [Located] {
    let start = words.partition_point(|w| w.chars.start < chars.start);
    let end = words.partition_point(|w| w.chars.end <= chars.end);
    &words[start..end.max(start)]
}

fn repeated_sentences(r: &Reading) -> Vec<Span> {
    let mut seen: HashMap<Vec<&str>, usize> = HashMap::default();
    let mut out = Vec::new();
    for (_, chars) in &r.sentences {
        let words: Vec<&str> = words_of(&r.words, chars)
            .iter()
            .map(|l| l.word.as_str())
            .collect();
        if words.len() < SENTENCE_WORDS {
            continue;
        }
        let n = seen.entry(words).or_default();
        if *n > 0 {
            out.push(span(chars));
        }
        *n += 1;
    }
    out
}

fn repeated_runs(words: &[Located]) -> Vec<Span> {
    // Each run is keyed by the hashes of its words, computed once; a key met again is then
    // checked word by word, so a hash collision can never make a repeat.
    let hashes: Vec<u64> = words.iter().map(|l| hash_one(&l.word)).collect();
    let mut first: HashMap<&[u64], usize> = HashMap::default();
    let mut out: Vec<Span> = Vec::new();
    let mut covered_until = 0;
    for (i, run) in words.windows(RUN).enumerate() {
        let key = &hashes[i..i + RUN];
        let same = |j: usize| (0..RUN).all(|k| words[j + k].word == run[k].word);
        match first.get(key).filter(|&&j| same(j)) {
            Some(&j) if i >= j + RUN && i >= covered_until => {
                out.push(span(&(run[0].chars.start..run[RUN - 1].chars.end)));
                covered_until = i + RUN;
            }
            Some(_) => {}
            None => {
                first.insert(key, i);
            }
        }
    }
    out
}

fn hash_one(word: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(word)
}

/// A motivation or introduction answer with nothing specific: no name, number or posting term.
pub fn generic(r: &Reading, job_terms: &[String]) -> Option<Finding> {
    let w = data::words();
    let names = r.sentences.iter().any(|(s, _)| names_something(s, w));
    let numbers =
        r.analysis.text.chars().any(|c| c.is_ascii_digit()) || text::has_metric(&r.analysis.text);
    let lower = &r.lower;
    let posting = job_terms.iter().any(|t| lower.contains(t.as_str()));
    (!names && !numbers && !posting).then(|| {
        finding(
            FindingCode::Generic,
            Severity::Warning,
            "nothing in the answer is specific to you or to them: it could be said to any employer".into(),
            "name the company, the team or product, a technology or a number, and one line of the posting that drew you",
        )
    })
}

/// A capitalised word inside a sentence (not its first word): a company, product or technology.
fn names_something(sentence: &str, w: &Words) -> bool {
    sentence
        .split_whitespace()
        .skip(1)
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .any(|t| {
            t.chars().next().is_some_and(char::is_uppercase)
                && !w.generic_capitals.iter().any(|g| g == t)
                && !t.starts_with("I'")
                && !t.starts_with("I’")
        })
}
