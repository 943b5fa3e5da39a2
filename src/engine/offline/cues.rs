//! The phrases that mark each STAR part in spoken answers, and the verbs that mark a step taken;
//! the lists themselves are data, in `data/cues.toml`.

use rustc_hash::FxHashSet as HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use serde::Deserialize;

use super::data::{DataError, parse};

/// A list of cue phrases searched in one pass (Aho-Corasick), matched on word boundaries.
#[derive(Debug, Deserialize)]
#[serde(from = "Vec<String>")]
pub struct CueSet(AhoCorasick);

impl From<Vec<String>> for CueSet {
    fn from(cues: Vec<String>) -> CueSet {
        CueSet::new(&cues)
    }
}

impl CueSet {
    /// Pasted text writes apostrophes typographically ("you’ll"), so each cue with one is
    /// also looked for that way; offsets stay those of the text as given.
    fn new(cues: &[String]) -> CueSet {
        let typographic = cues
            .iter()
            .filter(|c| c.contains('\''))
            .map(|c| c.replace('\'', "\u{2019}"));
        let all: Vec<String> = cues.iter().cloned().chain(typographic).collect();
        // Every sentence of a draft is searched for several lists. The crate picks a DFA only
        // for lists of up to 100 patterns; the longer ones (`disparaging`) would be searched
        // as an NFA, and all of them are small enough that a DFA's size does not matter.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(all)
            .expect("cue lists are small literal sets");
        CueSet(automaton)
    }

    /// Whether any cue occurs in `lower` (already lowercase) as whole words.
    pub fn any_in(&self, lower: &str) -> bool {
        self.find_in(lower).is_some()
    }

    /// The byte range of the first cue in `lower` that stands as whole words.
    pub fn find_in(&self, lower: &str) -> Option<(usize, usize)> {
        self.spans_in(lower).next()
    }

    /// The byte ranges of every cue in `lower` that stands as whole words ("custom" in "custom
    /// kernels", not in "customers"), in order of their ends; they may overlap.
    pub fn spans_in<'a>(&'a self, lower: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        self.0
            .find_overlapping_iter(lower)
            .filter(move |m| {
                boundary(lower[..m.start()].chars().next_back())
                    && boundary(lower[m.end()..].chars().next())
            })
            .map(|m| (m.start(), m.end()))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    situation: Vec<String>,
    task: Vec<String>,
    result: Vec<String>,
    learned: Vec<String>,
    setback: Vec<String>,
    adopted: Vec<String>,
    not_actions: Vec<String>,
    action_verbs: Vec<String>,
    participles: Vec<String>,
    modals: Vec<String>,
    clause_subjects: Vec<String>,
}

/// Every cue list, built once.
pub struct Cues {
    pub situation: CueSet,
    pub task: CueSet,
    pub result: CueSet,
    pub learned: CueSet,
    pub setback: CueSet,
    /// A practice taken up since ("since then", "these days"): told after one, what the
    /// speaker now does is a step taken, not a habit claimed.
    pub adopted: CueSet,
    pub not_actions: HashSet<String>,
    pub action_verbs: HashSet<String>,
    /// Irregular past participles: after "I'd" one is a step done ("I'd rewritten"), where a
    /// base form is only a step that would be taken ("I'd own it").
    pub participles: HashSet<String>,
    /// Words after a subject that make the clause hypothetical or habitual, not a step taken.
    pub modals: HashSet<String>,
    /// Words that open a clause with a subject of its own ("the lag was gone"), unlike a
    /// second verb of the speaker's ("and broke the work into four milestones").
    pub clause_subjects: HashSet<String>,
}

impl Cues {
    pub fn load(file: &str, text: &str) -> Result<Cues, DataError> {
        let raw: RawCues = parse(file, text)?;
        Ok(Cues {
            situation: CueSet::new(&raw.situation),
            task: CueSet::new(&raw.task),
            result: CueSet::new(&raw.result),
            learned: CueSet::new(&raw.learned),
            setback: CueSet::new(&raw.setback),
            adopted: CueSet::new(&raw.adopted),
            not_actions: raw.not_actions.into_iter().collect(),
            action_verbs: raw.action_verbs.into_iter().collect(),
            participles: raw.participles.into_iter().collect(),
            modals: raw.modals.into_iter().collect(),
            clause_subjects: raw.clause_subjects.into_iter().collect(),
        })
    }
}

pub fn cues() -> &'static Cues {
    &super::data::data().cues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_load_and_match_on_word_boundaries() {
        let c = cues();
        assert!(c.learned.any_in("looking back, i would do it sooner"));
        assert!(!c.result.any_in("the cutover plan")); // "cut" inside a word
        assert!(c.result.any_in("we cut the bill"));
        assert!(c.not_actions.contains("handled") && c.action_verbs.contains("built"));
        let set = CueSet::new(&["you'll".to_string()]);
        assert_eq!(
            set.find_in("in this role you\u{2019}ll ship"),
            Some((13, 21))
        );
        assert_eq!(set.find_in("you'll"), Some((0, 6)));
    }
}
