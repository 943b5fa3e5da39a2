//! What one sentence of a draft does, read by naive Bayes models trained at start-up: whether
//! it runs someone else down (`tone.tsv`), and whether it draws a lesson, says one in words
//! only, owns a failing or dodges one (`reflection.tsv`), and whether a sentence that sounds
//! like a step or an outcome is one (`moves.tsv`), and which way a story's sentence turns
//! (`turns.tsv`).
//!
//! The phrase lists of `cues.toml` and `words.toml` know the sentences written into them;
//! these models weigh every word of a few thousand labelled sentences, so "Before I touch a
//! schema now, I check the row count first" reads as a lesson without a cue word.

use super::bayes::Bayes;
use super::data::DataError;

/// Additive smoothing of the sentence models' word counts.
const SMOOTHING: f32 = 0.3;

/// Trains a model whose labels must be exactly `labels`, each with sentences; returns the
/// model's class for each of `labels`, in that order.
pub(super) fn train(
    file: &str,
    text: &str,
    labels: &[&str],
) -> Result<(Bayes, Vec<usize>), DataError> {
    let names = labels
        .iter()
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let bayes = Bayes::train(file, text, SMOOTHING, |label| {
        if labels.contains(&label) {
            Ok(())
        } else {
            Err(format!("unknown label {label:?}: use one of {names}"))
        }
    })?;
    let classes: Option<Vec<usize>> = labels
        .iter()
        .map(|l| bayes.labels().iter().position(|x| x == l))
        .collect();
    let classes = classes.ok_or_else(|| DataError {
        file: file.to_string(),
        line: text.lines().count(),
        message: format!("every label, {names}, needs sentences"),
    })?;
    Ok((bayes, classes))
}

/// For each class, its log-odds against the strongest other class, per known feature: naive
/// Bayes adds the evidence of every word as if each were independent, so without the division
/// a long sentence would be surer for being long.
pub(super) fn odds(bayes: &Bayes, sentence: &str) -> Vec<f32> {
    odds_and_known(bayes, sentence).0
}

/// The log-odds of `odds`, and how many features of the sentence the model knows.
pub(super) fn odds_and_known(bayes: &Bayes, sentence: &str) -> (Vec<f32>, usize) {
    let (scores, known) = bayes.scores(sentence);
    let norm = (known.max(1) as f32).sqrt();
    let odds = (0..scores.len())
        .map(|c| {
            let other = scores
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != c)
                .map(|(_, s)| *s)
                .fold(f32::NEG_INFINITY, f32::max);
            (scores[c] - other) / norm
        })
        .collect();
    (odds, known)
}

/// The likeliest of `labels` by `odds` (each label's class in `classes`, in order), or
/// `unknown` when the model knows no feature of the sentence: with no evidence, naive Bayes
/// would name the largest class.
pub(super) fn likeliest<T: Copy>(
    labels: &[T],
    classes: &[usize],
    (odds, known): (&[f32], usize),
    unknown: T,
) -> T {
    if known == 0 {
        return unknown;
    }
    labels
        .iter()
        .zip(classes)
        .max_by(|a, b| odds[*a.1].total_cmp(&odds[*b.1]))
        .map_or(unknown, |(&label, _)| label)
}

/// The tone of one sentence: how likely it blames or runs down someone else.
pub struct Tone {
    bayes: Bayes,
    blame: usize,
}

impl Tone {
    /// Sentences labelled `blame` or `neutral`; both labels must be there.
    pub fn train(file: &str, text: &str) -> Result<Tone, DataError> {
        let (bayes, classes) = train(file, text, &["blame", "neutral"])?;
        Ok(Tone {
            bayes,
            blame: classes[0],
        })
    }

    /// How strongly `sentence` reads as blaming someone else (log-odds per known feature).
    pub fn blame(&self, sentence: &str) -> f32 {
        odds(&self.bayes, sentence)[self.blame]
    }
}

/// Which way a sentence of a story turns: against the grain (something failed, a disagreement
/// voiced, bad news, a refusal, a risk) or along it (it went well, all agreed, a yes), trained
/// on `turns.tsv`.
pub struct Turns {
    bayes: Bayes,
    friction: usize,
    smooth: usize,
}

impl Turns {
    /// Sentences labelled `friction`, `smooth` or `plain`; every label must be there.
    pub fn train(file: &str, text: &str) -> Result<Turns, DataError> {
        let (bayes, classes) = train(file, text, &["friction", "smooth", "plain"])?;
        Ok(Turns {
            bayes,
            friction: classes[0],
            smooth: classes[1],
        })
    }

    /// How strongly `sentence` turns against the grain and along it (log-odds per known
    /// feature against the likeliest other reading).
    pub fn read(&self, sentence: &str) -> (f32, f32) {
        let odds = odds(&self.bayes, sentence);
        (odds[self.friction], odds[self.smooth])
    }
}

/// Whether a sentence draws a lesson or dodges one, as log-odds per known feature against the
/// likeliest other reading.
#[derive(Debug, Clone, Copy)]
pub struct Reflective {
    /// A specific lesson, or a change in how the speaker works since.
    pub lesson: f32,
    /// A lesson in words only ("it was a great learning experience").
    pub empty: f32,
    /// Owning nothing: a virtue as a habit, a hypothetical, "nothing changed".
    pub deflect: f32,
    /// A failing of the speaker's own, said plainly.
    pub own: f32,
}

/// The reflection model: sentences labelled `lesson`, `empty`, `deflect`, `own` or `story`.
/// The last three are what a lesson is told from: a virtue stated as a habit ("I test everything
/// twice") or a hypothetical ("if I made a mistake, I'd own it") reads as `deflect`, not as a
/// change in how the speaker works.
pub struct Reflection {
    bayes: Bayes,
    classes: Vec<usize>,
}

impl Reflection {
    pub fn train(file: &str, text: &str) -> Result<Reflection, DataError> {
        let (bayes, classes) = train(file, text, &["lesson", "empty", "deflect", "own", "story"])?;
        Ok(Reflection { bayes, classes })
    }

    pub fn read(&self, sentence: &str) -> Reflective {
        let odds = odds(&self.bayes, sentence);
        let of = |i: usize| odds[self.classes[i]];
        Reflective {
            lesson: of(0),
            empty: of(1),
            deflect: of(2),
            own: of(3),
        }
    }
}

/// What one sentence of a story does, as the moves model reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// A concrete step the speaker took.
    Step,
    /// A role or a virtue with no step in it: "I led the migration".
    Claim,
    /// What the speaker always does: "I test everything twice".
    Habit,
    /// What the speaker would do: "I'd own it straight away".
    Hypothetical,
    /// The speaker's own slip, told before the steps.
    Mistake,
    /// A concrete result.
    Outcome,
    /// An outcome in words only: "it went really well".
    Vague,
    /// Context, the goal, and what others did.
    Scene,
    /// An opinion about how work goes in general.
    View,
}

impl Move {
    const ALL: [Move; 9] = [
        Move::Step,
        Move::Claim,
        Move::Habit,
        Move::Hypothetical,
        Move::Mistake,
        Move::Outcome,
        Move::Vague,
        Move::Scene,
        Move::View,
    ];

    fn label(self) -> &'static str {
        match self {
            Move::Step => "step",
            Move::Claim => "claim",
            Move::Habit => "habit",
            Move::Hypothetical => "hypothetical",
            Move::Mistake => "mistake",
            Move::Outcome => "outcome",
            Move::Vague => "vague",
            Move::Scene => "scene",
            Move::View => "view",
        }
    }

    /// Whether the move tells the story (the scene, a step, a slip or an outcome) rather than
    /// claiming, generalising or imagining.
    pub fn tells(self) -> bool {
        matches!(
            self,
            Move::Step | Move::Mistake | Move::Outcome | Move::Scene
        )
    }

    /// Moves that sound like a step of the speaker's ("I" and a verb) without being one.
    fn sounds_like_a_step(self) -> bool {
        matches!(
            self,
            Move::Claim | Move::Habit | Move::Hypothetical | Move::View
        )
    }
}

/// The moves model, trained on sentences labelled with each `Move`.
pub struct Moves {
    bayes: Bayes,
    /// The model's class of each of `Move::ALL`, in that order.
    classes: Vec<usize>,
}

impl Moves {
    pub fn train(file: &str, text: &str) -> Result<Moves, DataError> {
        let labels = Move::ALL.map(Move::label);
        let (bayes, classes) = train(file, text, &labels)?;
        Ok(Moves { bayes, classes })
    }

    /// The likeliest reading of a sentence (see [`MoveReading`]).
    pub fn read(&self, sentence: &str) -> Move {
        self.reading(sentence).best
    }

    /// A sentence read once, for every question asked of it.
    pub fn reading(&self, sentence: &str) -> MoveReading {
        let (odds, known) = odds_and_known(&self.bayes, sentence);
        let best = likeliest(&Move::ALL, &self.classes, (&odds, known), Move::Scene);
        let not_a_step = Move::ALL
            .into_iter()
            .zip(&self.classes)
            .filter(|(m, _)| m.sounds_like_a_step())
            .map(|(_, &c)| odds[c])
            .fold(f32::NEG_INFINITY, f32::max);
        MoveReading {
            best,
            known: known > 0,
            not_a_step,
        }
    }
}

/// What the moves model reads in one sentence.
#[derive(Debug, Clone, Copy)]
pub struct MoveReading {
    /// The likeliest move. A sentence with no word the model knows (another language, bare
    /// jargon) would read as the largest class; it is taken as the scene, which tells the story
    /// and claims nothing.
    pub best: Move,
    /// Whether the model knows any word of the sentence, so `best` is its reading, not the
    /// default.
    pub known: bool,
    /// How strongly the sentence sounds like a step without being one: a claim ("I led the
    /// migration", "I made sure it went well"), a habit ("I test everything twice"), a
    /// hypothetical ("I'd own it straight away") or a view ("I think estimates are mostly
    /// theatre"), as log-odds per known feature against the likeliest other reading. A slip is
    /// something the speaker did: a story of failure may have no other step, and that is told.
    pub not_a_step: f32,
}

#[cfg(test)]
mod tests;
