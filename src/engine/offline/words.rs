//! The word lists of `data/words.toml`, and the readings that need more than a lookup: the
//! names a text implies, whether a noun is given by the speaker, whether a word of failing
//! fails in its sense there.

use serde::Deserialize;

use super::cues::CueSet;
use super::data::{PhraseList, StemList, WordList};

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
    pub leaving_moves: WordList,
    pub motive_words: WordList,
    pub question_filler: WordList,
    pub generic_terms: WordList,
    pub not_before_verb: WordList,
    pub context_openings: Vec<String>,
    pub spoken_fillers: WordList,
    pub query_filler: WordList,
    pub frame_nouns: StemList,
    pub organisation_nouns: WordList,
    pub present_work_cues: Vec<String>,
    pub current_words: WordList,
    pub employer_nouns: WordList,
    pub joining_moves: WordList,
    pub story_prompts: Vec<String>,
    pub study_words: Vec<String>,
    pub hypothetical_openings: Vec<String>,
    pub habit_openings: Vec<String>,
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
    pub split_verbs: StemList,
    pub split_particles: WordList,
    pub first_person: WordList,
    pub denied_or_feared: WordList,
    pub imagined: WordList,
    pub negations: WordList,
    pub denials: WordList,
    pub retractions: WordList,
    pub weakness_frames: CueSet,
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
    pub level_words: WordList,
    pub tenure_words: WordList,
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
    pub own_view_cues: CueSet,
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
    pub skill_clause_verbs: WordList,
    pub skill_qualifiers: WordList,
    pub alternative_words: WordList,
    pub spoken_languages: WordList,
    pub regions: WordList,
    pub shared_hosts: WordList,
    pub introduction_openings: PhraseList,
    pub motivation_cues: CueSet,
    pub asking_cues: CueSet,
    pub forced_moves: CueSet,
    pub motivation_words: WordList,
    pub career_words: WordList,
    pub work_words: WordList,
    pub weakness_cues: CueSet,
    pub company_headings: CueSet,
    pub wrapper_headings: CueSet,
    pub work_heading_words: WordList,
    pub boilerplate_headings: CueSet,
    pub heading_negations: WordList,
    pub fit_headings: CueSet,
    pub need_heading_words: WordList,
    pub boilerplate_cues: CueSet,
    pub benefit_words: WordList,
    pub preferred_headings: CueSet,
    pub preferred_cues: CueSet,
    pub required_heading_words: WordList,
    pub required_cues: CueSet,
    pub not_required_cues: CueSet,
    pub reporting_cues: CueSet,
    pub contrast_cues: CueSet,
    pub contrast_keeps: WordList,
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

/// Words before a weakness frame within which "my" makes it the speaker's own ("I'd say my
/// biggest weakness is"); further off, the frame belongs to a clause of its own.
const FRAME_OWNER_WORDS: usize = 6;
/// Words after a weakness frame within which a "that" opens what is named ("is really that").
const THAT_WITHIN: usize = 3;

impl Words {
    /// `sentence` after the frame in which the speaker names a weakness of their own ("My
    /// greatest weakness is that I rush reviews" -> "I rush reviews"), or the whole sentence
    /// when it has none; a frame about someone else ("the team's weakness is") stays.
    pub fn without_weakness_frame<'s>(&self, sentence: &'s str) -> &'s str {
        // ASCII lowering keeps every byte offset of the sentence.
        let lower = sentence.to_ascii_lowercase();
        let owned = |at: usize| {
            let before: Vec<&str> = lower[..at].split_whitespace().collect();
            before.len() <= FRAME_OWNER_WORDS && before.contains(&"my")
        };
        let frame = self
            .weakness_frames
            .spans_in(&lower)
            .find(|&(at, _)| owned(at));
        let Some((_, end)) = frame else {
            return sentence;
        };
        let rest =
            sentence[end..].trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == ':');
        // "...is really that I rush": a "that" among the first words opens what is named.
        let that = rest
            .to_ascii_lowercase()
            .match_indices("that ")
            .map(|(at, _)| at)
            .find(|&at| {
                (at == 0 || rest[..at].ends_with(' '))
                    && rest[..at].split_whitespace().count() < THAT_WITHIN
            });
        match that {
            Some(at) => &rest[at + "that ".len()..],
            None if rest.is_empty() => sentence,
            None => rest,
        }
    }

    /// Words a text implies by another name ("software engineering" -> "swe").
    pub fn implied_words(&self, text: &str) -> Vec<&str> {
        let lower = text.to_lowercase();
        self.implied
            .iter()
            .filter(|i| starts_a_word(&lower, &i.long))
            .map(|i| i.short.as_str())
            .collect()
    }

    /// Whether a text names formal study ("a master's", "degrees", "grad school").
    pub fn names_study(&self, text: &str) -> bool {
        let lower = text.to_lowercase().replace('’', "'");
        self.study_words.iter().any(|w| starts_a_word(&lower, w))
    }

    /// Whether the word at `i` fails in its sense here: a word of failing, unless it is a verb
    /// of breaking that splits work, its object before the particle ("I broke the migration
    /// into weekly batches", "breaking it down"). Right after the verb the particle is read as
    /// failing: "the server broke down the night before" fails, "broke into the office" splits
    /// nothing, and "broke down the problem" is the price of that.
    pub fn fails_at(&self, words: &[impl AsRef<str>], i: usize) -> bool {
        let word = words[i].as_ref();
        if !self.failing_words.has(word) {
            return false;
        }
        if !self.split_verbs.has(word) {
            return true;
        }
        let after = &words[i + 1..(i + 1 + SPLIT_WINDOW).min(words.len())];
        !after
            .iter()
            .skip(1)
            .any(|x| self.split_particles.contains(x.as_ref()))
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

/// Whether `needle` stands in `lower` from the start of a word, with any ending ("reliability
/// engineering", "American"): a "subcontractor" is no freelancer.
fn starts_a_word(lower: &str, needle: &str) -> bool {
    lower.match_indices(needle).any(|(at, _)| {
        !lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::super::data::words;

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
    fn a_weakness_is_read_after_the_frame_that_names_it() {
        fn cut(s: &str) -> &str {
            words().without_weakness_frame(s)
        }
        assert_eq!(
            cut("My greatest weakness is that I rush reviews."),
            "I rush reviews."
        );
        assert_eq!(
            cut("I'd say my biggest weakness is, public speaking."),
            "public speaking."
        );
        assert_eq!(
            cut("My weak spot is really that I over-plan."),
            "I over-plan."
        );
        // Not the speaker's, not a frame, or the frame with nothing after it.
        for s in [
            "The team's weakness is testing.",
            "Its weakness is that nobody owns it.",
            "My weaknesses include patience.",
            "My weakness is",
            "Name your weakness isn't a fair question.",
        ] {
            assert_eq!(cut(s), s);
        }
    }

    #[test]
    fn breaking_work_into_parts_is_no_failing() {
        let w = words();
        let fails = |text: &str, word: &str| {
            let split = crate::text::words(text);
            let at = split.iter().position(|x| x == word).unwrap();
            w.fails_at(&split, at)
        };
        assert!(!fails("i broke the migration into weekly batches", "broke"));
        assert!(!fails("so i broke it down for them", "broke"));
        assert!(!fails("we were breaking the monolith apart", "breaking"));
        assert!(!fails("she breaks every epic down", "breaks"));
        assert!(fails("the server broke down twice", "broke"));
        assert!(fails("it broke down the night before launch", "broke"));
        assert!(fails("someone broke into the office", "broke"));
        assert!(fails("i broke the build on friday", "broke"));
        assert!(fails("i missed the deadline", "missed"));
    }
}
