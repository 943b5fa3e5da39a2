//! What a question asks about, read by a naive Bayes classifier trained on labelled questions
//! (`data/questions.tsv`), so words and word pairs no ask phrase names still count.
//!
//! The phrase lexicon is precise but literal: "a launch that didn't land the way you hoped"
//! holds none of the failure phrases. The classifier reads every word of the question against
//! a few hundred questions written for each competency, and a `none` class of questions a
//! story bank cannot answer (trivia, logistics, small talk). It is a second, independent
//! signal: the ranking fuses it with the lexicon's reading.

use rustc_hash::FxHashMap;

use super::data::DataError;
use super::lexicon::Lexicon;
use crate::report::CompetencyId;
use crate::text;

/// The class of questions no story or prepared answer is for.
const NONE: &str = "none";

/// Additive smoothing of the word counts (Lidstone).
const SMOOTHING: f32 = 0.1;

/// Log-probabilities are divided by this before the softmax: naive Bayes multiplies
/// dependent evidence as if independent, so its raw posteriors are near 0 or 1.
const TEMPERATURE: f32 = 2.5;

/// What one question is read to ask about: the probability of each class, highest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Competency index (into the lexicon) and probability, highest first.
    pub competencies: Vec<(usize, f32)>,
    /// The probability that nothing in a story bank answers the question.
    pub none: f32,
}

pub struct Intent {
    /// Class `i < competencies` is lexicon competency `i`; the last class is `none`.
    classes: usize,
    vocab: FxHashMap<String, u32>,
    /// `log P(feature | class)`, `classes` values per feature.
    log_likelihood: Vec<f32>,
    log_prior: Vec<f32>,
}

impl Intent {
    /// Counts the labelled questions of `text` (`competency<TAB>question` lines); an unknown
    /// label or a line without a tab is an error naming the line.
    pub fn train(file: &str, text: &str, lexicon: &Lexicon) -> Result<Intent, DataError> {
        let ids: Vec<CompetencyId> = lexicon.competencies.iter().map(|c| c.id).collect();
        let classes = ids.len() + 1;
        let mut vocab: FxHashMap<String, u32> = FxHashMap::default();
        let mut counts: Vec<Vec<f32>> = Vec::new();
        let mut totals = vec![0f32; classes];
        let mut questions = vec![0f32; classes];
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| DataError {
                file: file.to_string(),
                line: n + 1,
                message,
            };
            let (label, question) = line
                .split_once('\t')
                .ok_or_else(|| error("expected `competency<TAB>question`".to_string()))?;
            let class = class_of(label.trim(), &ids).ok_or_else(|| {
                error(format!(
                    "unknown competency {:?}: use a lexicon id or `none`",
                    label.trim()
                ))
            })?;
            questions[class] += 1.0;
            for feature in features(question) {
                let next = vocab.len() as u32;
                let f = *vocab.entry(feature).or_insert(next) as usize;
                if f == counts.len() {
                    counts.push(vec![0.0; classes]);
                }
                counts[f][class] += 1.0;
                totals[class] += 1.0;
            }
        }
        let features = vocab.len() as f32;
        let denominators: Vec<f32> = totals
            .iter()
            .map(|t| t + SMOOTHING * (features + 1.0))
            .collect();
        let log_likelihood = counts
            .iter()
            .flat_map(|row| {
                row.iter()
                    .zip(&denominators)
                    .map(|(c, d)| ((c + SMOOTHING) / d).ln())
            })
            .collect();
        let asked: f32 = questions.iter().sum();
        let log_prior = questions
            .iter()
            .map(|q| ((q + 1.0) / (asked + classes as f32)).ln())
            .collect();
        Ok(Intent {
            classes,
            vocab,
            log_likelihood,
            log_prior,
        })
    }

    /// The classes' probabilities for `question`. Words the training never saw carry no
    /// evidence either way, so a question of unknown words reads as the prior.
    pub fn read(&self, question: &str) -> Reading {
        let mut scores = self.log_prior.clone();
        for feature in features(question) {
            let Some(&f) = self.vocab.get(&feature) else {
                continue;
            };
            let row = &self.log_likelihood[f as usize * self.classes..][..self.classes];
            scores.iter_mut().zip(row).for_each(|(s, l)| *s += l);
        }
        let probs = softmax(&scores);
        let none = probs[self.classes - 1];
        let mut competencies: Vec<(usize, f32)> = probs[..self.classes - 1]
            .iter()
            .copied()
            .enumerate()
            .collect();
        competencies.sort_by(|a, b| b.1.total_cmp(&a.1));
        Reading { competencies, none }
    }

    /// How many distinct features the training saw (for tests and reports).
    pub fn vocabulary(&self) -> usize {
        self.vocab.len()
    }
}

fn class_of(label: &str, ids: &[CompetencyId]) -> Option<usize> {
    if label == NONE {
        return Some(ids.len());
    }
    ids.iter().position(|id| id.as_str() == label)
}

/// A question's features: each word's stem once, and each pair of neighbouring stems once
/// ("push back" is not "push" and "back").
fn features(question: &str) -> Vec<String> {
    let stems: Vec<String> = text::words(question)
        .iter()
        .map(|w| text::stem(w))
        .collect();
    let mut out: Vec<String> = Vec::with_capacity(stems.len() * 2);
    for (i, s) in stems.iter().enumerate() {
        out.push(s.clone());
        if let Some(next) = stems.get(i + 1) {
            out.push(format!("{s} {next}"));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
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
    use crate::engine::offline::lexicon::lexicon;

    const TOY: &str = "# a comment\nfailure\tTell me about a time you failed.\nfailure\tWhat went wrong on a launch?\nconflict\tTell me about a disagreement with your manager.\nconflict\tHow did you push back on a peer?\nnone\tHow does a hash map work?\nnone\tWhat is the difference between TCP and UDP?\n";

    fn toy() -> Intent {
        Intent::train("toy.tsv", TOY, lexicon()).unwrap()
    }

    fn id(c: usize) -> &'static str {
        lexicon().competencies[c].id.as_str()
    }

    #[test]
    fn a_question_reads_as_the_class_whose_words_it_shares() {
        let intent = toy();
        let r = intent.read("Describe a launch that went wrong.");
        assert_eq!(id(r.competencies[0].0), "failure");
        let r = intent.read("Walk me through a disagreement you had with a peer.");
        assert_eq!(id(r.competencies[0].0), "conflict");
        let r = intent.read("How does a B-tree work, and what is the difference from a hash map?");
        assert!(r.none > r.competencies[0].1, "{r:?}");
    }

    #[test]
    fn word_pairs_count_beyond_their_words() {
        // "push back" as a pair is conflict evidence that neither word alone carries as much.
        let intent = toy();
        let pair = intent.read("Did you push back?");
        let apart = intent.read("Did you back, push?");
        let conflict = |r: &Reading| {
            r.competencies
                .iter()
                .find(|(c, _)| id(*c) == "conflict")
                .unwrap()
                .1
        };
        assert!(conflict(&pair) > conflict(&apart), "{pair:?} {apart:?}");
    }

    #[test]
    fn unknown_words_leave_the_prior_and_probabilities_sum_to_one() {
        let intent = toy();
        let r = intent.read("Zzyzx qwerty?");
        let total: f32 = r.none + r.competencies.iter().map(|(_, p)| p).sum::<f32>();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
        // Two questions each for three classes: equal priors, and the rest share what is left.
        let failure = r
            .competencies
            .iter()
            .find(|(c, _)| id(*c) == "failure")
            .unwrap()
            .1;
        assert!((failure - r.none).abs() < 1e-6, "{r:?}");
        let empty = intent.read("");
        assert_eq!(empty, r);
    }

    #[test]
    fn a_bad_line_names_the_file_line_and_fix() {
        let err = Intent::train(
            "q.tsv",
            "failure\tWhy?\njuggling\tCan you juggle?\n",
            lexicon(),
        )
        .err()
        .unwrap();
        assert_eq!((err.file.as_str(), err.line), ("q.tsv", 2));
        assert!(err.message.contains("\"juggling\""), "{err}");
        assert!(err.message.contains("lexicon id or `none`"), "{err}");
        let err = Intent::train("q.tsv", "failure Why did it fail?\n", lexicon())
            .err()
            .unwrap();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("competency<TAB>question"), "{err}");
    }

    #[test]
    fn the_shipped_questions_cover_every_competency_and_none() {
        let text = include_str!("data/questions.tsv");
        for c in &lexicon().competencies {
            let label = format!("{}\t", c.id.as_str());
            let n = text.lines().filter(|l| l.starts_with(&label)).count();
            assert!(n >= 10, "{} has {n} questions", c.id.as_str());
        }
        assert!(text.lines().filter(|l| l.starts_with("none\t")).count() >= 50);
        assert!(super::super::data::data().intent.vocabulary() > 1000);
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_as_probabilities(question in "\\PC{0,300}") {
            let r = super::super::data::data().intent.read(&question);
            let total: f32 = r.none + r.competencies.iter().map(|(_, p)| p).sum::<f32>();
            proptest::prop_assert!((total - 1.0).abs() < 1e-3, "{}", total);
            proptest::prop_assert!(r.competencies.iter().all(|(_, p)| p.is_finite() && *p >= 0.0));
            proptest::prop_assert!(r.competencies.windows(2).all(|w| w[0].1 >= w[1].1));
        }
    }
}
