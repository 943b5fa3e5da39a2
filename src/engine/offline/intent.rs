//! What a question asks about, read by a naive Bayes classifier trained on labelled questions
//! (`data/questions.tsv`), so words and word pairs no ask phrase names still count.
//!
//! The phrase lexicon is precise but literal: "a launch that didn't land the way you hoped"
//! holds none of the failure phrases. The classifier reads every word of the question against
//! a few hundred questions written for each competency, and a `none` class of questions a
//! story bank cannot answer (trivia, logistics, small talk). It is a second, independent
//! signal: the ranking fuses it with the lexicon's reading.

use rustc_hash::{FxHashMap, FxHashSet};

use super::bayes::{Bayes, labelled_lines};
use super::data::DataError;
use super::lexicon::Lexicon;
use crate::report::CompetencyId;
use crate::text;

/// The class of questions no story or prepared answer is for.
const NONE: &str = "none";

/// Additive smoothing of the word counts, chosen by cross-validation on the training
/// questions (`examples/intent-cv.rs`).
const SMOOTHING: f32 = 0.1;

/// What one question is read to ask about: the probability of each class, highest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Competency index (into the lexicon) and probability, highest first.
    pub competencies: Vec<(usize, f32)>,
    /// The probability that nothing in a story bank answers the question.
    pub none: f32,
}

pub struct Intent {
    bayes: Bayes,
    /// For each class of `bayes`, its competency index, or `None` for the `none` class.
    competency: Vec<Option<usize>>,
    /// Content stems the questions of nearly every class use ("team", "go", "manager"): the
    /// frame of a question, not what it is about.
    frame: FxHashSet<String>,
}

/// A stem in the questions of at least this share of the classes is part of the frame.
const FRAME_SHARE: f32 = 0.75;

impl Intent {
    /// Learns from the labelled questions of `text` (`competency<TAB>question` lines); an
    /// unknown label or a line without a tab is an error naming the line.
    pub fn train(file: &str, text: &str, lexicon: &Lexicon) -> Result<Intent, DataError> {
        let (bayes, competency) = train_on_competencies(file, text, SMOOTHING, lexicon, NONE)?;
        let frame = frame_words(text, bayes.labels());
        Ok(Intent {
            bayes,
            competency,
            frame,
        })
    }

    /// Whether a content stem belongs to the frame of questions (see [`Intent`]), so that a
    /// draft sharing it with a question says nothing of whether the draft answers it.
    pub fn is_frame_word(&self, stem: &str) -> bool {
        self.frame.contains(stem)
    }

    /// The classes' probabilities for `question`. Words the training never saw carry no
    /// evidence either way, so a question of unknown words reads as the prior.
    pub fn read(&self, question: &str) -> Reading {
        let mut none = 0.0;
        let mut competencies: Vec<(usize, f32)> = Vec::with_capacity(self.competency.len());
        for (class, p) in self.bayes.probabilities(question).into_iter().enumerate() {
            match self.competency[class] {
                Some(c) => competencies.push((c, p)),
                None => none = p,
            }
        }
        competencies.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Reading { competencies, none }
    }

    /// How many distinct features the training saw (for tests and reports).
    pub fn vocabulary(&self) -> usize {
        self.bayes.vocabulary()
    }
}

/// The content stems of `text`'s questions (already checked by training, and read as it reads
/// them) that the questions of at least `FRAME_SHARE` of the `labels` use.
fn frame_words(text: &str, labels: &[String]) -> FxHashSet<String> {
    let mut classes_of: FxHashMap<String, FxHashSet<usize>> = FxHashMap::default();
    for (label, question) in labelled_lines(text).filter_map(|(_, example)| example) {
        let Some(class) = labels.iter().position(|l| l == label) else {
            continue;
        };
        for stem in text::terms(question) {
            classes_of.entry(stem).or_default().insert(class);
        }
    }
    let needed = (FRAME_SHARE * labels.len() as f32).ceil() as usize;
    classes_of
        .into_iter()
        .filter(|(_, classes)| classes.len() >= needed)
        .map(|(stem, _)| stem)
        .collect()
}

/// Trains a model whose labels are lexicon ids or `other`; an unknown label is an error naming
/// its line. Returns, for each class of the model, its competency index (`None` for `other`).
pub(super) fn train_on_competencies(
    file: &str,
    text: &str,
    smoothing: f32,
    lexicon: &Lexicon,
    other: &str,
) -> Result<(Bayes, Vec<Option<usize>>), DataError> {
    let ids: Vec<CompetencyId> = lexicon.competencies.iter().map(|c| c.id).collect();
    let index = |label: &str| ids.iter().position(|id| id.as_str() == label);
    let bayes = Bayes::train(file, text, smoothing, |label| {
        if label == other || index(label).is_some() {
            Ok(())
        } else {
            Err(format!(
                "unknown competency {label:?}: use a lexicon id or `{other}`"
            ))
        }
    })?;
    let competency = bayes.labels().iter().map(|l| index(l)).collect();
    Ok((bayes, competency))
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
    fn words_the_questions_of_every_class_use_are_the_frame() {
        // "tell" and "time" ask in all three classes here; "launch" only in failure's.
        let toy = "failure\tTell me about a time a launch failed.\nconflict\tTell me about a \
                   time you argued.\nnone\tTell me what time zone you are in.\n";
        let intent = Intent::train("toy.tsv", toy, lexicon()).unwrap();
        assert!(intent.is_frame_word("tell") && intent.is_frame_word("time"));
        assert!(!intent.is_frame_word("launch") && !intent.is_frame_word("argu"));
        let questions = &crate::engine::offline::data::data().intent;
        assert!(questions.is_frame_word("team"));
        assert!(!questions.is_frame_word("custom") && !questions.is_frame_word("mentor"));
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
        assert!(err.message.contains("label<TAB>text"), "{err}");
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
