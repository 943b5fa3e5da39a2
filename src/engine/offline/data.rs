//! The engine's word lists as data (`data/*.toml`): parsed and checked once, at start, so a
//! broken list is an error that names its file and line, never a wrong answer.

use rustc_hash::FxHashSet;
use std::sync::LazyLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::cues::{CueSet, Cues};
use super::intent::Intent;
use super::lexicon::Lexicon;
use super::sentences::{Moves, Reflection, Tone, Turns};
use super::shows::Shows;
use super::talk::Talks;

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

/// Two names for one thing: a text that says `long` means `short` too.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Implied {
    pub short: String,
    pub long: String,
}

/// The word lists of `data/words.toml` (each list's comment there says what it is for).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub moves: WordList,
    pub question_filler: WordList,
    pub generic_terms: WordList,
    pub not_before_verb: WordList,
    pub context_openings: Vec<String>,
    pub spoken_fillers: WordList,
    pub query_filler: WordList,
    pub frame_nouns: StemList,
    pub organisation_nouns: WordList,
    pub story_prompts: Vec<String>,
    pub why_openings: Vec<String>,
    pub generic_vision_words: WordList,
    pub implied: Vec<Implied>,
    pub disparaging: CueSet,
    pub others: WordList,
    pub third_parties: WordList,
    pub plural_pronouns: WordList,
    pub people_nouns: WordList,
    pub deflections: CueSet,
    pub veiled_cues: CueSet,
    pub dodges: CueSet,
    pub excuses: CueSet,
    pub owned_failings: CueSet,
    pub bad_outcomes: CueSet,
    pub causal_verbs: WordList,
    pub own_artifacts: WordList,
    pub omission_verbs: WordList,
    pub failing_words: StemList,
    pub split_verbs: WordList,
    pub split_particles: WordList,
    pub split_objects: WordList,
    pub first_person: WordList,
    pub denied_or_feared: WordList,
    pub imagined: WordList,
    pub negations: WordList,
    pub others_failing: WordList,
    pub failure_question_words: StemList,
    pub repair_verbs: WordList,
    pub fillers: WordList,
    pub type_words: WordList,
    pub like_not_filler_after: WordList,
    pub empty_lesson_words: WordList,
    pub generic_capitals: Vec<String>,
    pub unit_nouns: WordList,
    pub role_nouns: WordList,
    pub job_nouns: WordList,
    pub making_verbs: WordList,
    pub business_functions: WordList,
    pub framing_verbs: WordList,
    pub manager_kinds: WordList,
    pub region_codes: WordList,
    pub other_senses: CueSet,
    pub giving_verbs: WordList,
    pub teaching_verbs: WordList,
    pub causing_leads: WordList,
    pub acts_on_others: Vec<StemList>,
    pub act_doers: WordList,
    pub act_nouns: WordList,
    pub act_receiving: WordList,
    pub determiners: WordList,
    pub generic_determiners: WordList,
    pub subject_pronouns: WordList,
    pub object_pronouns: WordList,
    pub other_subjects: WordList,
    pub disagreement_words: StemList,
    pub disagreement_asked: StemList,
    pub disagreement_cues: CueSet,
    pub agreement_cues: CueSet,
    pub friction_asked: StemList,
    pub friction_asked_cues: CueSet,
    pub outcome_asked: StemList,
    pub outcome_asked_cues: CueSet,
    pub refusal_asked: StemList,
    pub refusal_asked_cues: CueSet,
    pub assent_cues: CueSet,
    pub verb_markers: WordList,
    pub prepositions: WordList,
    pub skill_lead_words: WordList,
    pub skill_tail_words: WordList,
    pub introduction_openings: PhraseList,
    pub motivation_cues: CueSet,
    pub forced_moves: CueSet,
    pub motivation_words: WordList,
    pub career_words: WordList,
    pub work_words: WordList,
    pub weakness_cues: CueSet,
    pub company_headings: CueSet,
    pub wrapper_headings: CueSet,
    pub work_heading_words: WordList,
    pub boilerplate_headings: CueSet,
    pub boilerplate_cues: CueSet,
    pub not_required_cues: CueSet,
    pub skill_cues: CueSet,
    pub role_cues: CueSet,
}

/// Words before an act's noun within which a giving verb has the question ask the speaker to
/// give it ("give a peer some difficult feedback"; 3 missed that one on dev).
const GIVING_WINDOW: usize = 5;
/// Words after an act's noun within which "you" and a verb say who gave it ("feedback that
/// you delivered", "feedback you received").
const NOUN_AFTER: usize = 3;
/// Words after a verb of breaking within which a particle makes it split work ("broke the
/// nightly job into", "broke it down").
const SPLIT_WINDOW: usize = 3;

impl Words {
    /// Words a text implies by another name ("software engineering" -> "swe").
    pub fn implied_words(&self, text: &str) -> Vec<&str> {
        let lower = text.to_lowercase();
        // From the start of a word, any ending ("reliability engineering", "American"): a
        // "subcontractor" is no freelancer.
        let whole = |long: &str| {
            lower.match_indices(long).any(|(at, _)| {
                !lower[..at]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            })
        };
        self.implied
            .iter()
            .filter(|i| whole(&i.long))
            .map(|i| i.short.as_str())
            .collect()
    }

    /// Whether the word at `i` fails in its sense here: a word of failing, unless it is a verb
    /// of breaking that splits work ("I broke the migration into weekly batches", "broke it
    /// down"). "The server broke down" fails: "down" right after the verb splits only an
    /// object that follows it ("broke down the problem").
    pub fn fails_at(&self, words: &[&str], i: usize) -> bool {
        let word = words[i];
        if !self.failing_words.has(word) {
            return false;
        }
        if !self.split_verbs.contains(word) {
            return true;
        }
        let after = &words[i + 1..(i + 1 + SPLIT_WINDOW).min(words.len())];
        let splits = after.iter().enumerate().any(|(at, x)| {
            self.split_particles.contains(x)
                && (at > 0 || after.get(1).is_some_and(|o| self.split_objects.contains(o)))
        });
        !splits
    }

    /// Whether the noun at `i` is given by the speaker: a giving verb close before it with no
    /// "you" between ("give your manager feedback" gives; "a peer gave you feedback" does not), and
    /// no "you" and a receiving verb after it; or "you" and a giving verb after it.
    pub fn noun_given(&self, words: &[String], i: usize) -> bool {
        let before = &words[i.saturating_sub(GIVING_WINDOW)..i];
        let after = &words[i + 1..(i + 1 + NOUN_AFTER).min(words.len())];
        let you = |x: &String| matches!(x.as_str(), "you" | "you've" | "you'd" | "you're");
        let by_you = after.iter().position(you).map(|y| {
            let rest = &after[y + 1..];
            let given = rest.iter().position(|x| self.giving_verbs.contains(x));
            let taken = rest.iter().position(|x| self.act_receiving.contains(x));
            match (given, taken) {
                (Some(g), Some(t)) => g < t,
                (given, _) => given.is_some(),
            }
        });
        let before_given = before
            .iter()
            .rposition(|x| self.giving_verbs.contains(x))
            .is_some_and(|g| !before[g..].iter().any(you));
        by_you.unwrap_or(before_given)
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
    fn a_parse_error_names_the_file_and_line() {
        let text = "moves = [\"left\"]\nquestion_filler = [\"tell\",\n  42]\n";
        let err = parse::<Words>("words.toml", text).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("words.toml", 3), "{err}");
    }

    #[test]
    fn implied_words_name_the_same_thing_another_way() {
        let w = words();
        assert_eq!(w.implied_words("Why move to America?"), ["us"]);
        assert_eq!(
            w.implied_words("You were a contractor for startups"),
            ["freelance"]
        );
        assert_eq!(w.implied_words("Why site reliability?"), ["sre"]);
        assert!(
            w.implied_words("Tell us about the usage of your API")
                .is_empty()
        );
    }

    #[test]
    fn breaking_work_into_parts_is_no_failing() {
        let w = words();
        let fails = |text: &str, word: &str| {
            let split = crate::text::words(text);
            let plain: Vec<&str> = split.iter().map(String::as_str).collect();
            let at = plain.iter().position(|x| *x == word).unwrap();
            w.fails_at(&plain, at)
        };
        assert!(!fails("i broke the migration into weekly batches", "broke"));
        assert!(!fails("so i broke it down for them", "broke"));
        assert!(!fails("i broke down the problem first", "broke"));
        assert!(fails("the server broke down twice", "broke"));
        assert!(fails("i broke the build on friday", "broke"));
        assert!(fails("i missed the deadline", "missed"));
    }
}
