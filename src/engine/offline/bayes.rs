//! Multinomial naive Bayes over a text's word stems and neighbouring pairs: the statistical
//! reader behind the question classifier (`intent.rs`) and the tone of a draft's sentences,
//! trained at start-up from labelled lines (`label<TAB>text`).
//!
//! A phrase list only knows the phrases written into it; this counts every word of a few
//! thousand labelled examples, so a sentence in words no list holds still has a reading.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::hash::Hasher;
use std::rc::Rc;

use rustc_hash::{FxHashMap, FxHasher};

use super::data::DataError;
use crate::text;

/// Log-probabilities are divided by this before the softmax: naive Bayes multiplies
/// dependent evidence as if independent, so its raw posteriors are near 0 or 1.
const TEMPERATURE: f32 = 2.5;

pub struct Bayes {
    labels: Vec<String>,
    /// Feature ids by feature hash (see [`text_features`]): reading a sentence looks up
    /// integers, not strings. Two features would share counts only on a hash collision, which
    /// at 64 bits (the targets we build for) is negligible for a few tens of thousands.
    vocab: FxHashMap<u64, u32>,
    /// `log P(feature | class)`, one value per class for each feature.
    log_likelihood: Vec<f32>,
    log_prior: Vec<f32>,
}

impl Bayes {
    /// Counts the labelled lines of `text`; blank lines and `#` comments are skipped. A line
    /// without a tab, or with a label `known` refuses, is an error naming the line. `smoothing`
    /// is the count every feature gets in every class (Lidstone).
    pub fn train(
        file: &str,
        text: &str,
        smoothing: f32,
        known: impl Fn(&str) -> Result<(), String>,
    ) -> Result<Bayes, DataError> {
        let counted = Counted::of_lines(file, text, known)?;
        Ok(counted.estimate(smoothing))
    }

    /// The labels, in the order [`Bayes::probabilities`] reports them.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Each label's probability for `text`. Words the training never saw carry no evidence
    /// either way, so a text of unknown words reads as the prior.
    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        softmax(&self.scores(text).0)
    }

    /// Each label's log-probability up to a constant (prior and the evidence of every known
    /// feature), and how many known features the text has.
    pub fn scores(&self, text: &str) -> (Vec<f32>, usize) {
        let classes = self.labels.len();
        // Summed in f64 so the order of the feature ids (hash order) cannot tip a near tie.
        let mut scores: Vec<f64> = self.log_prior.iter().map(|&p| f64::from(p)).collect();
        let ids = self.known_features(text);
        for &f in &ids {
            let row = &self.log_likelihood[f as usize * classes..][..classes];
            scores
                .iter_mut()
                .zip(row)
                .for_each(|(s, &l)| *s += f64::from(l));
        }
        (scores.into_iter().map(|s| s as f32).collect(), ids.len())
    }

    /// The ids of the text's features the training saw, each once.
    fn known_features(&self, text: &str) -> Vec<u32> {
        let mut ids: Vec<u32> = features_of(text)
            .iter()
            .filter_map(|f| self.vocab.get(f).copied())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// How many distinct features the training saw.
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }
}

/// What training counts before it estimates: the labels in the order first seen, the feature
/// ids, each feature's count in each class, and each class's number of examples.
struct Counted {
    labels: Vec<String>,
    vocab: FxHashMap<u64, u32>,
    counts: Vec<Vec<f32>>,
    examples: Vec<f32>,
}

impl Counted {
    /// Counts every labelled line of `text`, stopping at the first line that is not one or
    /// whose label `known` refuses.
    fn of_lines(
        file: &str,
        text: &str,
        known: impl Fn(&str) -> Result<(), String>,
    ) -> Result<Counted, DataError> {
        let mut counted = Counted {
            labels: Vec::new(),
            vocab: FxHashMap::default(),
            counts: Vec::new(),
            examples: Vec::new(),
        };
        for (line, example) in labelled_lines(text) {
            let error = |message: String| DataError {
                file: file.to_string(),
                line,
                message,
            };
            let (label, example) =
                example.ok_or_else(|| error("expected `label<TAB>text`".to_string()))?;
            known(label).map_err(error)?;
            let class = counted.class_of(label);
            counted.add(class, example);
        }
        Ok(counted)
    }

    /// The class of a label, a new one (with zero counts) when the label is new.
    fn class_of(&mut self, label: &str) -> usize {
        match self.labels.iter().position(|l| l == label) {
            Some(c) => c,
            None => {
                self.labels.push(label.to_string());
                self.examples.push(0.0);
                self.counts.iter_mut().for_each(|row| row.push(0.0));
                self.labels.len() - 1
            }
        }
    }

    /// Counts one example of `class`: the example itself and each of its features.
    fn add(&mut self, class: usize, example: &str) {
        self.examples[class] += 1.0;
        for feature in text_features(example) {
            let next = self.vocab.len() as u32;
            let f = *self.vocab.entry(feature).or_insert(next) as usize;
            if f == self.counts.len() {
                self.counts.push(vec![0.0; self.labels.len()]);
            }
            self.counts[f][class] += 1.0;
        }
    }

    /// The model from the counts: smoothed log-likelihoods and add-one log-priors.
    fn estimate(self, smoothing: f32) -> Bayes {
        let Counted {
            labels,
            vocab,
            counts,
            examples,
        } = self;
        let classes = labels.len();
        let mut totals = vec![0f32; classes];
        for row in &counts {
            totals.iter_mut().zip(row).for_each(|(t, c)| *t += c);
        }
        let features = vocab.len() as f32;
        let denominators: Vec<f32> = totals
            .iter()
            .map(|t| t + smoothing * (features + 1.0))
            .collect();
        let log_likelihood = counts
            .iter()
            .flat_map(|row| {
                row.iter()
                    .zip(&denominators)
                    .map(|(c, d)| ((c + smoothing) / d).ln())
            })
            .collect();
        let seen: f32 = examples.iter().sum();
        let log_prior = examples
            .iter()
            .map(|e| ((e + 1.0) / (seen + classes as f32)).ln())
            .collect();
        Bayes {
            labels,
            vocab,
            log_likelihood,
            log_prior,
        }
    }
}

/// The examples of a training file with their line numbers: each line that is neither blank nor
/// a `#` comment, split at its first tab into a trimmed label and its text (`None`: no tab).
pub(super) fn labelled_lines(text: &str) -> impl Iterator<Item = (usize, Option<(&str, &str)>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| {
            let example = l.split_once('\t').map(|(label, text)| (label.trim(), text));
            (n + 1, example)
        })
}

/// A text's features, each once, as hashes: each word's stem, and each pair of neighbouring
/// stems ("push back" is not "push" and "back"); the one place features are spelled, for
/// training and reading alike.
fn text_features(text: &str) -> Vec<u64> {
    let stems = text::all_stems(text);
    let hash = |parts: &[&str]| {
        let mut h = FxHasher::default();
        for part in parts {
            h.write(part.as_bytes());
            h.write_u8(0);
        }
        h.finish()
    };
    let mut out: Vec<u64> = Vec::with_capacity(2 * stems.len());
    for (i, s) in stems.iter().enumerate() {
        out.push(hash(&[s]));
        if let Some(next) = stems.get(i + 1) {
            out.push(hash(&[s, next]));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A text and its features.
type Featured = (Box<str>, Rc<[u64]>);

/// The features of a text. Within one critique each sentence is read by several models in
/// turn (tone, reflection, moves, shows), so each thread keeps the features of the last 32
/// texts rather than splitting, stemming and hashing the same sentence again for every model.
/// A draft of more sentences than that reads them again; a benchmark that repeats one draft
/// measures this memo, so `critique/fresh` and the load benchmark send new drafts.
fn features_of(text: &str) -> Rc<[u64]> {
    thread_local! {
        static RECENT: RefCell<VecDeque<Featured>> = RefCell::default();
    }
    const KEEP: usize = 32;
    let hit = RECENT.with(|recent| {
        let recent = recent.borrow();
        recent
            .iter()
            .find(|(t, _)| **t == *text)
            .map(|(_, features)| Rc::clone(features))
    });
    if let Some(features) = hit {
        return features;
    }
    let features: Rc<[u64]> = text_features(text).into();
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if recent.len() == KEEP {
            recent.pop_back();
        }
        recent.push_front((text.into(), Rc::clone(&features)));
    });
    features
}

fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores
        .iter()
        .map(|s| ((s - max) / TEMPERATURE).exp())
        .collect();
    let sum: f32 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every feature string of the shipped training files has a hash of its own, so no two
    /// features share counts.
    #[test]
    fn the_training_features_do_not_collide() {
        let files = [
            include_str!("data/questions.tsv"),
            include_str!("data/tone.tsv"),
            include_str!("data/reflection.tsv"),
            include_str!("data/moves.tsv"),
            include_str!("data/shows.tsv"),
        ];
        let mut spelled = rustc_hash::FxHashSet::default();
        let mut hashed = rustc_hash::FxHashSet::default();
        for line in files.iter().flat_map(|f| f.lines()) {
            let Some((_, example)) = line.split_once('\t') else {
                continue;
            };
            let stems = text::all_stems(example);
            spelled.extend(stems.iter().cloned());
            spelled.extend(stems.windows(2).map(|p| format!("{} {}", p[0], p[1])));
            hashed.extend(text_features(example));
        }
        assert!(spelled.len() > 20_000, "{}", spelled.len());
        assert_eq!(spelled.len(), hashed.len());
    }
}
