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
    wants_story: bool,
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
        Query {
            phrased,
            none: reading.none,
            wants_story,
            terms: words.iter().map(|w| text::stem(w)).collect(),
            words,
            competencies,
            stems,
            is_why,
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

    /// Whether the question asks for a story ("tell me about a time...").
    pub fn wants_story(&self) -> bool {
        self.wants_story
    }

    /// Competency strength of this query for competency `c` (0 when not asked).
    pub fn strength(&self, c: usize) -> f32 {
        self.competencies
            .iter()
            .find(|(i, _)| *i == c)
            .map_or(0.0, |(_, s)| *s)
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
    let query = Query::new(question);
    let read = query
        .competencies
        .first()
        .filter(|(_, strength)| *strength >= WEIGHTS.fit_competency);
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
mod tests {
    use super::*;

    #[test]
    fn advice_names_only_a_plain_reading_and_an_answer_for_a_question_of_the_person() {
        let hiring = advice("Tell me about a time you hired and built out a team from scratch.");
        assert!(hiring.starts_with("write a story for"), "{hiring}");
        assert!(hiring.contains("reads as hiring"), "{hiring}");
        let goal = advice("Where do you see yourself in five years?");
        assert!(goal.starts_with("write an answer for"), "{goal}");
        let faint = advice("Describe your ideal team.");
        assert!(
            faint.starts_with("write an entry that answers it"),
            "{faint}"
        );
    }

    /// The new topics' words in their other senses: a visa question about the time zone you
    /// would work from, a strength seen by your reports, being hired to do something.
    #[test]
    fn lookalike_words_do_not_make_a_question_about_a_new_topic() {
        use crate::report::CompetencyId::{Hiring, PeopleManagement, RemoteWork};
        for question in [
            "Which time zone would you be working from?",
            "What would your direct reports say is your biggest strength?",
            "What were you hired to do at your current company?",
            "Why should we hire you over someone with more experience?",
        ] {
            let asked = asked_competency(question);
            assert!(
                !matches!(asked, Some(Hiring | PeopleManagement | RemoteWork)),
                "{question}: {asked:?}"
            );
        }
        assert_eq!(
            asked_competency("Tell me about a time you had to let someone go."),
            Some(PeopleManagement)
        );
    }

    /// Finding a bug's cause is its own topic, and "weight" is not "weigh" (a trade-off).
    #[test]
    fn a_bug_hunt_reads_as_debugging_and_a_teammates_weight_as_no_decision() {
        use crate::report::CompetencyId::{Debugging, Decision};
        for question in [
            "What's the nastiest bug you've ever hunted down?",
            "How did you track down a memory leak that only showed up after days of uptime?",
        ] {
            assert_eq!(asked_competency(question), Some(Debugging), "{question}");
        }
        let weight = "How have you handled a teammate who wasn't pulling their weight?";
        assert_ne!(asked_competency(weight), Some(Decision));
        assert_eq!(
            asked_competency("Tell me about a time you had to weigh up two options."),
            Some(Decision)
        );
    }

    /// Feedback the speaker gives is not the feedback of a weakness; feedback given to them is.
    #[test]
    fn feedback_given_by_the_speaker_reads_as_no_weakness() {
        use crate::report::CompetencyId::Weakness;
        let weakness = |q: &str| {
            Query::new(q)
                .plainly_phrased()
                .any(|c| lexicon().competencies[c].id == Weakness)
        };
        for given in [
            "Tell me about a time you gave difficult upward feedback to your manager.",
            "Describe a time you had to give a teammate tough feedback.",
        ] {
            assert!(!weakness(given), "{given}");
        }
        for received in [
            "What's the toughest feedback a manager gave you?",
            "Tell me about a time you got tough feedback from your lead.",
        ] {
            assert!(weakness(received), "{received}");
        }
    }

    #[test]
    fn a_frame_word_in_a_hyphenated_compound_is_content() {
        assert!(!query_terms("Tell me about a time you built a queue.").contains(&"time".into()));
        let terms = query_terms("Describe something real-time you built.");
        assert!(
            terms.contains(&"real".into()) && terms.contains(&"time".into()),
            "{terms:?}"
        );
    }

    /// The competencies the lexicon reads in a question.
    fn asked(q: &str) -> Vec<&'static str> {
        Query::new(q)
            .phrased
            .iter()
            .map(|&(c, _)| lexicon().competencies[c].id.as_str())
            .collect()
    }

    #[test]
    fn a_word_that_drifted_from_its_root_is_not_read_as_the_root() {
        // "critical" shares its stem with "criticism", "customer" with "custom".
        assert!(
            !asked("Tell me about a time you kept a critical service up.").contains(&"weakness")
        );
        assert!(asked("How have you handled criticism of your work?").contains(&"weakness"));
        assert!(!asked("Tell me about the custom metrics you designed.").contains(&"customer"));
        assert!(asked("Tell me about a time you helped a customer.").contains(&"customer"));
    }

    #[test]
    fn teaching_you_asks_what_you_learned_not_how_you_taught() {
        assert!(!asked("Describe a failure and what it taught you.").contains(&"mentoring"));
        assert!(!asked("Who mentored you early on, and how?").contains(&"mentoring"));
        assert!(asked("Tell me about a time you taught a junior engineer.").contains(&"mentoring"));
    }

    #[test]
    fn the_most_of_anything_you_have_ever_done_asks_for_a_story_whatever_the_apostrophe() {
        for q in [
            "What’s the toughest call you’ve ever had to make on call?",
            "What's the toughest call you've ever had to make on call?",
            "Which outage have you ever regretted most?",
        ] {
            assert!(Query::new(q).wants_story(), "{q}");
        }
        assert!(!Query::new("What’s your favourite editor?").wants_story());
        // "When did you last..." asks for the last time it happened: a story.
        for q in [
            "When did you last delegate a critical piece of work, and how did it go?",
            "When was the last time you had to roll back a release?",
        ] {
            assert!(Query::new(q).wants_story(), "{q}");
        }
        assert!(!Query::new("When did you start programming?").wants_story());
        // A curly apostrophe does not hide a why opening either.
        assert!(Query::new("What’s the reason you applied?").is_why());
    }

    #[test]
    fn leading_to_something_is_a_cause_not_leadership() {
        assert!(
            !asked("You moved from a startup to a bank; what led to that?").contains(&"leadership")
        );
        assert!(
            !asked("Walk me through a decision that led to an outage.").contains(&"leadership")
        );
        assert!(
            asked("Tell me about a time you led a team through a hard quarter.")
                .contains(&"leadership")
        );
        assert!(Query::new("You moved from a startup to a bank; what led to that?").is_why());
    }

    #[test]
    fn a_design_task_reads_as_nothing_fits_even_when_a_phrase_names_a_competency() {
        use super::super::rank::WEIGHTS;
        for task in [
            "Design a photo-sharing backend and explain how you'd scale its storage.",
            "How would you design a stadium ticketing service that has to scale to a million fans?",
        ] {
            let q = Query::new(task);
            assert!(q.phrased.first().is_some_and(|p| p.1 >= 1.0), "{task}");
            assert!(q.reads_as_none(&WEIGHTS), "{task}: none={}", q.none);
        }
        let story =
            Query::new("Tell me about a time you redesigned a service so that it could scale.");
        assert!(!story.reads_as_none(&WEIGHTS), "none={}", story.none);
    }
}
