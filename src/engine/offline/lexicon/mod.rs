//! The domain lexicon: behavioral-interview competencies, how they are asked, and how they show in text.

use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::data::{self, DataError, parse};
use crate::report::{CompetencyId, Target};
use crate::text;

mod phrase;

pub use phrase::{Phrase, Tokens};

pub struct Competency {
    pub id: CompetencyId,
    pub label: String,
    pub question: String,
    pub core: f32,
    pub reflective: bool,
    pub open: bool,
    /// Asked of the person, not of the work ("Why are you looking?", "Where do you see
    /// yourself?"): a posting's line never makes it likelier, only every loop does.
    pub personal: bool,
    pub ask: Vec<Phrase>,
    pub signals: Vec<Phrase>,
    pub categories: Vec<Phrase>,
    /// The follow-up an experienced interviewer asks for this kind of question.
    pub probe: Option<Probe>,
    /// The stems of its phrases, each weighted by how few competencies share it (IDF), so a
    /// single telling word ("unclear", "vague") is evidence even outside a whole phrase.
    pub stems: FxHashMap<String, f32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    pub question: String,
    pub targets: Target,
}

impl Competency {
    /// How strongly a question asks for this competency: ask phrases in full, signals at a fraction.
    pub fn asked_in(&self, tokens: &Tokens) -> f32 {
        phrase_score(&self.ask, tokens) + 0.4 * phrase_score(&self.signals, tokens)
    }

    /// How strongly a story or job text shows this competency.
    pub fn shown_in(&self, tokens: &Tokens) -> f32 {
        phrase_score(&self.signals, tokens) + 0.5 * phrase_score(&self.ask, tokens)
    }

    /// Word-level evidence: the summed weight of this competency's distinctive stems in a text.
    pub fn words_in(&self, tokens: &Tokens) -> f32 {
        let mut seen: Vec<&str> = Vec::new();
        tokens
            .words()
            .iter()
            .zip(tokens.stems())
            .filter_map(|(word, stem)| {
                let key = text::family_key(word, stem);
                self.stems.get(key).map(|w| (key, *w))
            })
            .filter(|(key, _)| {
                let new = !seen.contains(key);
                seen.push(key);
                new
            })
            .map(|(_, w)| w)
            .sum()
    }

    /// Whether a phrase of this competency opens a requirement ("Mentor senior engineers and
    /// raise the bar on code review", "you mentor less experienced engineers"): the verb a line
    /// starts with is what it asks for, the rest says how.
    pub fn leads(&self, tokens: &Tokens) -> bool {
        let words = tokens.words();
        let framing = &data::words().framing_verbs;
        let skip = words
            .iter()
            .take_while(|w| matches!(w.as_str(), "you" | "and" | "will" | "ll" | "can" | "also"))
            .count();
        // A verb that only frames the line ("Handle disagreement with other leads") leaves what
        // comes after it to open; a phrase that begins with it ("lead a team") opens still.
        let framed = words.get(skip).is_some_and(|w| framing.contains(w));
        self.ask
            .iter()
            .chain(&self.signals)
            .filter_map(|p| p.span_in(tokens))
            .any(|(start, end)| {
                (start == skip && (end > start || !framed)) || (framed && start == skip + 1)
            })
    }

    /// Whether an entry category names this competency ("Weakness / Negative Feedback").
    pub fn names_category(&self, category: &Tokens) -> bool {
        self.categories.iter().any(|p| p.found_in(category))
    }

    /// The words of a text that show this competency ("incident commander"), for evidence and terms.
    pub fn spans_in(&self, tokens: &Tokens) -> Vec<String> {
        self.ask
            .iter()
            .chain(&self.signals)
            .filter_map(|p| p.span_in(tokens))
            .map(|(start, end)| tokens.words()[start..=end].join(" "))
            .collect()
    }
}

fn phrase_score(phrases: &[Phrase], tokens: &Tokens) -> f32 {
    phrases
        .iter()
        .filter(|p| p.found_in(tokens))
        .map(Phrase::weight)
        .sum()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    competency: Vec<RawCompetency>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompetency {
    id: CompetencyId,
    label: String,
    question: String,
    #[serde(default)]
    core: f32,
    #[serde(default)]
    reflective: bool,
    #[serde(default)]
    open: bool,
    #[serde(default)]
    personal: bool,
    ask: Vec<String>,
    signals: Vec<String>,
    categories: Vec<String>,
    #[serde(default)]
    probe: Option<Probe>,
}

pub struct Lexicon {
    pub competencies: Vec<Competency>,
}

impl Lexicon {
    /// Builds the lexicon from its data file: every competency exactly once.
    pub fn load(file: &str, text: &str) -> Result<Lexicon, DataError> {
        let raw: RawLexicon = parse(file, text)?;
        let mut seen = Vec::new();
        for c in &raw.competency {
            if seen.contains(&c.id) {
                let at = text.match_indices(&format!("id = \"{}\"", c.id)).nth(1);
                let offset = at.map_or(0, |(i, _)| i);
                return Err(DataError::at(
                    file,
                    text,
                    offset,
                    format!("competency `{}` is described twice", c.id),
                ));
            }
            seen.push(c.id);
        }
        if let Some(missing) = CompetencyId::ALL.iter().find(|id| !seen.contains(id)) {
            return Err(DataError::at(
                file,
                text,
                text.len(),
                format!(
                    "competency `{missing}` has no entry: add a [[competency]] with id = \"{missing}\""
                ),
            ));
        }
        let phrases = |list: Vec<String>| list.iter().map(|p| Phrase::parse(p)).collect();
        let stems = distinctive_stems(&raw.competency);
        let competencies = raw
            .competency
            .into_iter()
            .enumerate()
            .map(|(i, c)| Competency {
                id: c.id,
                label: c.label,
                question: c.question,
                core: c.core,
                reflective: c.reflective,
                open: c.open,
                personal: c.personal,
                ask: phrases(c.ask),
                signals: phrases(c.signals),
                categories: phrases(c.categories),
                probe: c.probe,
                stems: stems[i].clone(),
            })
            .collect();
        Ok(Lexicon { competencies })
    }

    pub fn get(&self, id: CompetencyId) -> &Competency {
        &self.competencies[self.index_of(id)]
    }

    pub fn index_of(&self, id: CompetencyId) -> usize {
        self.competencies
            .iter()
            .position(|c| c.id == id)
            .expect("load checks that every competency is described")
    }
}

/// Per competency, the stems of its one-word asks and one-word category names, weighted by ln(N / competencies sharing
/// the stem): a stem only one competency uses weighs most, one most of them use nearly nothing.
fn distinctive_stems(raw: &[RawCompetency]) -> Vec<FxHashMap<String, f32>> {
    let per: Vec<Vec<String>> = raw
        .iter()
        .map(|c| {
            // One-word asks and category names ("conflict", "unclear") are the competency's own
            // words; the words of longer phrases and compounds ("get" of "get buy-in", "time" of
            // "time management", "team" of "cross-team") are not.
            let mut stems: Vec<String> = c
                .ask
                .iter()
                .chain(&c.categories)
                .filter(|p| !p.contains([' ', '-']))
                .flat_map(|p| text::words(p))
                .filter(|w| !text::is_stopword(w) && w.chars().count() > 2)
                .map(|w| text::family_stem(&w))
                .collect();
            stems.sort();
            stems.dedup();
            stems
        })
        .collect();
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    for stems in &per {
        for s in stems {
            *df.entry(s).or_default() += 1;
        }
    }
    let n = raw.len() as f32;
    per.iter()
        .map(|stems| {
            stems
                .iter()
                .map(|s| (s.clone(), (n / df[s.as_str()] as f32).ln()))
                .filter(|(_, w)| *w > 1.0)
                .collect()
        })
        .collect()
}

pub fn lexicon() -> &'static Lexicon {
    &super::data::data().lexicon
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "[[competency]]\nid = \"conflict\"\nlabel = \"C\"\nquestion = \"Q?\"\nask = []\nsignals = []\ncategories = []\n";

    #[test]
    fn an_unknown_competency_id_is_an_error_with_file_and_line() {
        let text = ONE.replace("\"conflict\"", "\"juggling\"");
        let err = Lexicon::load("lexicon.toml", &text).err().expect("refused");
        assert_eq!((err.file.as_str(), err.line), ("lexicon.toml", 2), "{err}");
        assert!(err.message.contains("juggling"), "{err}");
    }

    #[test]
    fn a_competency_described_twice_or_not_at_all_is_an_error() {
        let twice = format!("{ONE}\n{ONE}");
        let err = Lexicon::load("lexicon.toml", &twice)
            .err()
            .expect("refused");
        assert_eq!(err.line, 10, "{err}");
        assert!(
            err.message.contains("`conflict` is described twice"),
            "{err}"
        );
        let err = Lexicon::load("lexicon.toml", ONE).err().expect("refused");
        assert!(err.message.contains("has no entry"), "{err}");
    }

    #[test]
    fn lexicon_loads_with_at_least_thirty_distinct_competencies() {
        let lex = lexicon();
        assert!(lex.competencies.len() >= 30);
        let mut ids: Vec<_> = lex.competencies.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), lex.competencies.len());
        assert!(
            lex.competencies
                .iter()
                .all(|c| !c.ask.is_empty() || !c.categories.is_empty())
        );
    }

    #[test]
    fn phrases_match_across_small_gaps_and_word_forms() {
        let p = Phrase::parse("learn quickly");
        assert!(p.found_in(&Tokens::new("I had to learn something quickly")));
        assert!(p.found_in(&Tokens::new("learned it quickly")));
        assert!(!p.found_in(&Tokens::new(
            "learn the whole stack and then much later quickly"
        )));
        assert!(Phrase::parse("automat").found_in(&Tokens::new("we automated the runbook")));
        assert!(Phrase::parse("automat").found_in(&Tokens::new("it ran automatically")));
        // A whole word reaches its inflections, not other words that start with it.
        assert!(Phrase::parse("drive").found_in(&Tokens::new("she drives the roadmap")));
        assert!(!Phrase::parse("drive").found_in(&Tokens::new("data-driven decisions")));
        assert!(!Phrase::parse("automat").found_in(&Tokens::new("an auto mat")));
    }

    #[test]
    fn questions_reach_their_competency() {
        let lex = lexicon();
        let best = |q: &str| {
            let t = Tokens::new(q);
            lex.competencies
                .iter()
                .max_by(|a, b| a.asked_in(&t).total_cmp(&b.asked_in(&t)))
                .map(|c| c.id.as_str())
                .unwrap()
        };
        assert_eq!(
            best("Describe a time you pushed back on your manager."),
            "conflict"
        );
        assert_eq!(best("Walk me through your resume."), "introduction");
        assert_eq!(
            best("What would your colleagues say is your superpower?"),
            "strength"
        );
        assert_eq!(best("Have you ever had to sponsor a visa move?"), "visa");
        assert_eq!(
            best("Tell me about a time you received positive feedback."),
            "strength"
        );
        assert_eq!(
            best("Why do you want to join our company?"),
            "motivation-role"
        );
        assert_eq!(
            best("What would your manager say is your weakest area?"),
            "weakness"
        );
    }
}
