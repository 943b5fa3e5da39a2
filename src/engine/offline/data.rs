//! The engine's word lists as data (`data/*.toml`): parsed and checked once, at start, so a
//! broken list is an error that names its file and line, never a wrong answer.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::cues::Cues;
use super::intent::Intent;
use super::lexicon::Lexicon;
use super::sentences::{Moves, Reflection, Tone, Turns};
use super::shows::Shows;
use super::talk::Talks;
pub use super::words::{Implied, Words};

/// A data file that does not parse or does not check out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl DataError {
    pub fn at(file: &str, text: &str, offset: usize, message: impl Into<String>) -> DataError {
        let offset = offset.min(text.len());
        DataError {
            file: file.to_string(),
            line: text.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
            message: message.into(),
        }
    }
}

/// Parses one TOML data file; the error names the file and the line.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, DataError> {
    toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        DataError::at(file, text, offset, e.message().trim())
    })
}

/// A set of lowercase words, as a list in the data file.
#[derive(Debug, Default, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct WordList(FxHashSet<String>);

impl From<Vec<String>> for WordList {
    fn from(words: Vec<String>) -> WordList {
        WordList(words.into_iter().collect())
    }
}

impl WordList {
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

/// Phrases matched as whole words ("i'm a" is not in "i'm also"), each split into words as a
/// text is (`text::words`), so a typographic apostrophe or a capital in the list still matches.
#[derive(Debug, Default, Deserialize)]
#[serde(try_from = "Vec<String>")]
pub struct PhraseList(Vec<Vec<String>>);

impl TryFrom<Vec<String>> for PhraseList {
    type Error = String;

    fn try_from(phrases: Vec<String>) -> Result<PhraseList, String> {
        phrases
            .iter()
            .map(|p| {
                let words = crate::text::words(p);
                if words.is_empty() {
                    Err(format!("the phrase {p:?} has no words"))
                } else {
                    Ok(words)
                }
            })
            .collect::<Result<_, _>>()
            .map(PhraseList)
    }
}

impl PhraseList {
    /// Whether one of the phrases stands anywhere in the words.
    pub fn anywhere(&self, words: &[String]) -> bool {
        self.0
            .iter()
            .any(|p| words.windows(p.len()).any(|run| run == p.as_slice()))
    }

    /// Whether the words open with one of the phrases.
    pub fn opens(&self, words: &[String]) -> bool {
        self.0.iter().any(|p| words.starts_with(p))
    }

    /// The most words a phrase has: how many of a text's first words `opens` can need.
    pub fn longest(&self) -> usize {
        self.0.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// A set of words matched by stem: "rushed", "rushing" and "rush" are one entry.
#[derive(Debug, Default, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct StemList(FxHashSet<String>);

impl From<Vec<String>> for StemList {
    fn from(words: Vec<String>) -> StemList {
        StemList(words.iter().map(|w| crate::text::stem(w)).collect())
    }
}

impl StemList {
    /// Whether a lowercase word has the stem of one of the list's words.
    pub fn has(&self, word: &str) -> bool {
        self.0.contains(&crate::text::stem(word))
    }

    /// Whether a stem (already stemmed, as index terms are) is one of the list's.
    pub fn has_stem(&self, stem: &str) -> bool {
        self.0.contains(stem)
    }
}

/// Names of one or more words, one per line (`#` lines are comments), each kept as
/// `text::words` reads it: "Kraków" is found as "krakow", "New York" as "new york".
pub struct NameSet(FxHashSet<String>);

impl NameSet {
    fn load(text: &str) -> NameSet {
        let names = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| crate::text::words(l).join(" "))
            .filter(|n| !n.is_empty());
        NameSet(names.collect())
    }

    /// Whether the words, all of them, are one of the names.
    pub fn contains(&self, words: &[String]) -> bool {
        !words.is_empty() && self.0.contains(&words.join(" "))
    }
}

/// Every data file, loaded.
pub struct Data {
    pub lexicon: Lexicon,
    /// The question classifier, trained on `questions.tsv` against the lexicon's competencies.
    pub intent: Intent,
    /// Whether a draft's sentence runs others down, trained on `tone.tsv`.
    pub tone: Tone,
    /// Whether a draft's sentence draws a lesson, says one in words only or dodges one,
    /// trained on `reflection.tsv`.
    pub reflection: Reflection,
    /// Whether a sentence that sounds like a step or an outcome is one, trained on `moves.tsv`.
    pub moves: Moves,
    /// What a story's sentence shows, trained on `shows.tsv` against the lexicon's competencies.
    pub shows: Shows,
    /// Which way a story's sentence turns (a setback or a smooth ride), trained on `turns.tsv`.
    pub turns: Turns,
    /// What a sentence of an answer about the person talks of, trained on `talk.tsv`.
    pub talk: Talks,
    pub cues: Cues,
    pub words: Words,
    /// Cities, countries, states and provinces (`places.txt`, from GeoNames).
    pub places: NameSet,
}

pub const LEXICON_FILE: &str = "src/engine/offline/data/lexicon.toml";
pub const CUES_FILE: &str = "src/engine/offline/data/cues.toml";
pub const WORDS_FILE: &str = "src/engine/offline/data/words.toml";
pub const QUESTIONS_FILE: &str = "src/engine/offline/data/questions.tsv";
pub const TONE_FILE: &str = "src/engine/offline/data/tone.tsv";
pub const REFLECTION_FILE: &str = "src/engine/offline/data/reflection.tsv";
pub const MOVES_FILE: &str = "src/engine/offline/data/moves.tsv";
pub const SHOWS_FILE: &str = "src/engine/offline/data/shows.tsv";
pub const TURNS_FILE: &str = "src/engine/offline/data/turns.tsv";
pub const TALK_FILE: &str = "src/engine/offline/data/talk.tsv";

impl Data {
    fn load() -> Result<Data, DataError> {
        let lexicon = Lexicon::load(LEXICON_FILE, include_str!("data/lexicon.toml"))?;
        Ok(Data {
            intent: Intent::train(QUESTIONS_FILE, include_str!("data/questions.tsv"), &lexicon)?,
            tone: Tone::train(TONE_FILE, include_str!("data/tone.tsv"))?,
            reflection: Reflection::train(REFLECTION_FILE, include_str!("data/reflection.tsv"))?,
            moves: Moves::train(MOVES_FILE, include_str!("data/moves.tsv"))?,
            shows: Shows::train(SHOWS_FILE, include_str!("data/shows.tsv"), &lexicon)?,
            turns: Turns::train(TURNS_FILE, include_str!("data/turns.tsv"))?,
            talk: Talks::train(TALK_FILE, include_str!("data/talk.tsv"))?,
            lexicon,
            cues: Cues::load(CUES_FILE, include_str!("data/cues.toml"))?,
            words: parse(WORDS_FILE, include_str!("data/words.toml"))?,
            places: NameSet::load(include_str!("data/places.txt")),
        })
    }
}

static DATA: LazyLock<Result<Data, DataError>> = LazyLock::new(Data::load);

/// Loads and checks the data; `run` calls it first, so a broken list stops the program with
/// its file and line instead of surfacing in the middle of a command.
pub fn check() -> Result<(), DataError> {
    DATA.as_ref().map(|_| ()).map_err(Clone::clone)
}

pub fn data() -> &'static Data {
    match DATA.as_ref() {
        Ok(data) => data,
        Err(e) => panic!("embedded engine data is broken: {e}"),
    }
}

pub fn words() -> &'static Words {
    &data().words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads() {
        assert_eq!(check(), Ok(()));
    }

    #[test]
    fn a_phrase_list_matches_whole_words_anywhere_or_as_the_opening() {
        let list = PhraseList::try_from(vec!["I’m a".to_string(), "my name is".into()]).unwrap();
        let words = |t: &str| crate::text::words(t);
        assert!(list.opens(&words("I'm a backend engineer")));
        assert!(!list.opens(&words("I'm also on call")));
        assert!(!list.opens(&words("So, I'm a backend engineer")));
        assert!(list.anywhere(&words("So, I'm a backend engineer")));
        assert!(!list.anywhere(&words("I'm")));
        assert!(!list.opens(&[]));
        assert_eq!(list.longest(), 3);
        assert!(PhraseList::try_from(vec![" ".to_string()]).is_err());
    }

    #[test]
    fn places_are_found_by_their_words_whatever_the_accents() {
        let places = &data().places;
        let words = crate::text::words;
        assert!(places.contains(&words("Kraków")));
        assert!(places.contains(&words("krakow")));
        assert!(places.contains(&words("New York")));
        assert!(places.contains(&words("Mississauga")));
        // Technologies and English words that are also places are left out.
        assert!(!places.contains(&words("Aurora")));
        assert!(!places.contains(&words("Mobile")));
        assert!(!places.contains(&words("York Kafka")));
        assert!(!places.contains(&[]));
    }

    #[test]
    fn a_parse_error_names_the_file_and_line() {
        let text = "moves = [\"left\"]\nquestion_filler = [\"tell\",\n  42]\n";
        let err = parse::<Words>("words.toml", text).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("words.toml", 3), "{err}");
    }
}
