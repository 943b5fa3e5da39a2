//! Reading a question: which competencies it asks about (the lexicon's phrases fused with the
//! classifier), its content words, and whether it asks why or for a story; a cache of recent
//! readings, and the competency and the advice a report names when nothing answers it.

use super::data;
use super::lexicon::{Tokens, lexicon};
use super::rank::{WEIGHTS, Weights};
use crate::text;

/// How much one distinctive word of a competency ("unclear", "mentor") adds to reading it in a
/// question, next to a whole ask phrase (1.0).
const WORD_EVIDENCE: f32 = 0.25;

/// Questions read recently, by their text: the same question comes back while a draft is
/// edited and critiqued again, and reading it (every competency's phrases) is a good share of
/// a critique's time.
pub struct QueryCache(std::sync::Mutex<rustc_hash::FxHashMap<String, std::sync::Arc<Query>>>);

/// More distinct questions than this and the cache starts over.
const QUERY_CACHE_SIZE: usize = 512;

impl Default for QueryCache {
    fn default() -> Self {
        QueryCache(std::sync::Mutex::new(rustc_hash::FxHashMap::default()))
    }
}

impl QueryCache {
    pub fn get(&self, question: &str) -> std::sync::Arc<Query> {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(q) = map.get(question) {
            return std::sync::Arc::clone(q);
        }
        if map.len() >= QUERY_CACHE_SIZE {
            map.clear();
        }
        let q = std::sync::Arc::new(Query::new(question));
        map.insert(question.to_string(), std::sync::Arc::clone(&q));
        q
    }
}

/// What a question asks for, computed once and reused for every entry.
pub struct Query {
    pub words: Vec<String>,
    pub terms: Vec<String>,
    /// Competency index and strength, strongest first: the lexicon's reading (a whole ask
    /// phrase is 1, a lone signal word less) fused with the classifier's.
    pub competencies: Vec<(usize, f32)>,
    /// The competencies the lexicon's phrases alone read, before the classifier's reading is
    /// fused in: the precise reading, for checks that raise an error. The strongest is 1 for a
    /// whole ask phrase.
    pub phrased: Vec<(usize, f32)>,
    /// The classifier's probability that no story answers the question.
    pub none: f32,
    /// The question with the words it implies appended ("SWE" for "software engineering"):
    /// what a "Why X" entity is looked for in.
    pub(super) raw: String,
    /// Every word's stem, and the implied words', for the same lookup.
    pub(super) stems: Vec<String>,
    is_why: bool,
    /// A "what" question with a verb of wanting or choosing, not denied: see `motive_words`.
    asks_motive: bool,
    wants_story: bool,
    asks_approach: Approach,
}

/// Whether a question asks how the candidate works or would act rather than for a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approach {
    /// It asks for a story, or for a prepared answer.
    No,
    /// "How do you handle disagreement?": a story on its topic is the example the answer needs.
    Habit,
    /// "What would you do if...?", "Do you think...?": a story may illustrate, but is no answer.
    Hypothetical,
}

impl Query {
    pub fn new(question: &str) -> Query {
        Query::with(question, &WEIGHTS)
    }

    /// The competencies the lexicon's phrases ask plainly (strength 0.5 or more: half an ask
    /// phrase's weight), strongest first: what an error about the question may rest on.
    pub fn plainly_phrased(&self) -> impl Iterator<Item = usize> + '_ {
        self.phrased
            .iter()
            .filter(|&&(_, s)| s >= 0.5)
            .map(|&(c, _)| c)
    }

    /// Reads `question` with the lexicon and the classifier, fused by `w`.
    pub fn with(question: &str, w: &Weights) -> Query {
        let tokens = Tokens::new(&without_other_senses(question));
        let mut competencies: Vec<(usize, f32)> = lexicon()
            .competencies
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.asked_in(&tokens) + WORD_EVIDENCE * c.words_in(&tokens)))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        competencies.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let Some(&(_, top)) = competencies.first() {
            competencies.retain(|(_, s)| *s >= top * 0.3);
            // One ask phrase is a full-strength ask; a stray signal word ("decide") stays faint.
            let scale = top.max(1.0);
            competencies.iter_mut().for_each(|(_, s)| *s /= scale);
        }
        let phrased = competencies.clone();
        let reading = data::data().intent.read(question);
        fuse(&mut competencies, &reading.competencies, w);
        let words = content_words(question);
        let lower = text::lowered(question);
        // "Why" anywhere: "You left a CTO role for SRE. Why?", "...: why a vendor like X?"
        let is_why = tokens.words().iter().any(|w| w == "why")
            || data::words()
                .why_openings
                .iter()
                .any(|o| lower.contains(o.as_str()));
        let asks_motive = asks_motive(&text::words(question));
        let mut stems = text::all_stems(question);
        let mut raw = question.to_string();
        for implied in data::words().implied_words(question) {
            stems.push(text::stem(implied));
            raw.push_str(&format!(" {}", implied.to_uppercase()));
        }
        let wants_story = data::words()
            .story_prompts
            .iter()
            .any(|p| lower.contains(p.as_str()));
        let asks_approach = if wants_story {
            Approach::No
        } else {
            opens_with_approach(&lower)
        };
        Query {
            phrased,
            none: reading.none,
            wants_story,
            asks_approach,
            terms: words.iter().map(|w| text::stem(w)).collect(),
            words,
            competencies,
            stems,
            is_why,
            asks_motive,
            raw,
        }
    }

    /// Whether the classifier reads the question as one no story answers, and no ask phrase
    /// says otherwise (unless the classifier is sure).
    pub fn reads_as_none(&self, w: &Weights) -> bool {
        let asked = self.phrased.first().map_or(0.0, |&(_, s)| s);
        self.none >= w.none_bar && (asked < 1.0 || self.none >= w.none_sure)
    }

    /// Whether the question asks why ("Why backend?", "What made you join X?").
    pub fn is_why(&self) -> bool {
        self.is_why
    }

    /// Whether the question asks what someone wants or chose, in a "what" question ("What makes
    /// Lisbon the city you want to live in?"): with a "Why X" entity named whole, it asks why.
    pub fn asks_motive(&self) -> bool {
        self.asks_motive
    }

    /// Whether the question asks for a story ("tell me about a time...").
    pub fn wants_story(&self) -> bool {
        self.wants_story
    }

    /// Whether the question asks how the candidate works or would act ("How do you handle
    /// stress?", "What would you do if..."), not for a story.
    pub fn asks_approach(&self) -> Approach {
        self.asks_approach
    }

    /// Competency strength of this query for competency `c` (0 when not asked).
    pub fn strength(&self, c: usize) -> f32 {
        self.competencies
            .iter()
            .find(|(i, _)| *i == c)
            .map_or(0.0, |(_, s)| *s)
    }
}

/// A "what" question with a verb of wanting or choosing and no denial: "What makes the US the
/// place you want to be?", not "Do you want to relocate?" nor "What would make you not want to
/// join?".
fn asks_motive(words: &[String]) -> bool {
    let has = |f: &dyn Fn(&str) -> bool| words.iter().any(|w| f(w));
    has(&|w| w == "what")
        && has(&|w| data::words().motive_words.contains(w))
        && !has(&|w| w == "not" || w == "never" || w.ends_with("n't"))
}

/// Whether the first sentence of `lower` (a lowercased question), after a leading label such as
/// "bias for action:" or "“dive deep” —", opens as a hypothetical or a habit question.
fn opens_with_approach(lower: &str) -> Approach {
    let first = lower
        .split_inclusive(['.', '?', '!'])
        .next()
        .unwrap_or_default();
    let body = match first.find([':', '—', '–']) {
        Some(at) if first[..at].split_whitespace().count() <= 5 => &first[at..],
        _ => first,
    };
    let body = body.trim_start_matches(|c: char| !c.is_alphanumeric());
    let opens = |openings: &[String]| {
        openings.iter().any(|o| {
            body.starts_with(o.as_str()) && !body[o.len()..].starts_with(char::is_alphanumeric)
        })
    };
    let words = data::words();
    if opens(&words.hypothetical_openings) {
        Approach::Hypothetical
    } else if opens(&words.habit_openings) {
        Approach::Habit
    } else {
        Approach::No
    }
}

/// The question without the words whose sense there is not the competency they name: a
/// teaching verb whose object is "you" ("what did it teach you" asks for a lesson of the
/// candidate's, not mentoring), a form of "lead" followed by "to" ("what led to that?" asks
/// for a cause, not leadership), an act's noun the speaker gives ("you gave your manager
/// difficult feedback" asks how they gave it, not for a weakness).
fn without_other_senses(question: &str) -> String {
    let w = data::words();
    let words: Vec<&str> = question.split_whitespace().collect();
    // Lowered as `text::words` lowers ("you’ve" is "you've"), so the act readers see the words
    // they know.
    let bare_words: Vec<String> = words
        .iter()
        .map(|x| {
            text::lowered(x)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .collect();
    let next_is = |i: usize, word: &str| bare_words.get(i + 1).is_some_and(|n| n == word);
    words
        .iter()
        .enumerate()
        .filter(|&(i, _)| {
            let word = &bare_words[i];
            !(w.teaching_verbs.contains(word) && next_is(i, "you")
                || w.causing_leads.contains(word) && next_is(i, "to")
                || w.act_nouns.contains(word) && w.noun_given(&bare_words, i))
        })
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a question that carry its content: no stopwords, no question frame ("tell",
/// "example"). A frame word joined to another by a hyphen is content: the "time" of
/// "real-time", the "day" of "day-to-day".
fn content_words(text: &str) -> Vec<String> {
    let compounds: Vec<String> = text
        .split_whitespace()
        .filter(|t| t.trim_matches('-').contains('-'))
        .flat_map(text::words)
        .collect();
    text::words(text)
        .into_iter()
        .filter(|w| {
            !text::is_topicless(w)
                && (!data::words().query_filler.contains(w) || compounds.contains(w))
        })
        .collect()
}

/// The stems a text is matched by in BM25, as a question's terms are.
pub fn query_terms(text: &str) -> Vec<String> {
    content_words(text).iter().map(|w| text::stem(w)).collect()
}

/// Adds the classifier's reading to the lexicon's: a competency's strength is the larger of
/// the two, so either signal alone can carry a question the other cannot read.
fn fuse(competencies: &mut Vec<(usize, f32)>, intent: &[(usize, f32)], w: &Weights) {
    for &(c, p) in intent.iter().filter(|(_, p)| *p >= w.intent_floor) {
        let strength = (w.intent * p).min(1.0);
        match competencies.iter_mut().find(|(i, _)| *i == c) {
            Some((_, s)) => *s = s.max(strength),
            None => competencies.push((c, strength)),
        }
    }
    competencies.sort_by(|a, b| b.1.total_cmp(&a.1));
}

/// The competency a question reads as first (the lexicon's phrases and the classifier,
/// fused), if any.
pub fn asked_competency(question: &str) -> Option<crate::report::CompetencyId> {
    let query = Query::new(question);
    let &(c, _) = query.competencies.first()?;
    Some(lexicon().competencies[c].id)
}

/// What to write when no entry answers a question: a story (or, for a question asked of the
/// person, an answer) about what it asks, named by the competency the question reads as when it
/// reads as one as plainly as a match needs; a faint reading ("Describe your ideal team" as
/// career path) would name a topic the question is not about.
pub fn advice(question: &str) -> String {
    advice_with_example(&Query::new(question), None)
}

/// [`advice`], naming `example`, a story of the bank that would illustrate an answer to a
/// question about how the candidate works or would act; such a question is told to get an
/// approach and one short example, since no story is its answer.
pub fn advice_with_example(query: &Query, example: Option<&str>) -> String {
    let read = query
        .competencies
        .first()
        .filter(|(_, strength)| *strength >= WEIGHTS.fit_competency);
    // "What would you bring to the team?" reads as strengths, which a prepared answer answers.
    let wants_answer = read.is_some_and(|&(c, _)| {
        let c = &lexicon().competencies[c];
        let asked = text::lowered(&c.question);
        c.personal
            && !data::words()
                .story_prompts
                .iter()
                .any(|p| asked.contains(p.as_str()))
    });
    if query.asks_approach() != Approach::No && !wants_answer {
        let example = match (example, read) {
            (Some(id), _) => format!(" (your story {id} would do)"),
            (None, Some(&(c, _))) => format!(
                " (a story of yours about {} would do)",
                lexicon().competencies[c].label.to_lowercase()
            ),
            (None, None) => String::new(),
        };
        return format!(
            "the question asks how you work or would act, not for a story: give your approach in a few sentences, then one short example{example}"
        );
    }
    match read {
        Some(&(c, _)) => {
            let c = &lexicon().competencies[c];
            let what = if c.personal { "an answer" } else { "a story" };
            format!(
                "write {what} for \"{}\": the question reads as {}, and no entry of yours answers it (or tag the entry that does with the question's words)",
                c.question,
                c.label.to_lowercase()
            )
        }
        None => "write an entry that answers it, or add the question's words to the tags of the entry that does".to_string(),
    }
}

#[cfg(test)]
mod tests;
