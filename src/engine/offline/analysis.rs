//! Reading an answer: which sentences carry Situation, Task, Action, Result and Learned, who acted, and what was measured.

use super::cues::{CueSet, cues};
use super::data;
use super::sentences::Move;
use crate::story::{Entry, Kind, Part};
use crate::text;

/// The reflection model's log-odds (per known feature) from which a sentence is a lesson
/// without a cue word, and from which a cued one says its lesson in words only; chosen on the
/// dev split.
const LESSON: f32 = 2.5;
const EMPTY_LESSON: f32 = 1.0;
/// Below this log-odds of `lesson` a sentence with a cue word is still not one: "ever since" in
/// "the jobs have run on Batch ever since" and "realised" in "realised it was mine" tell the
/// story, not what it taught.
const CUED_LESSON: f32 = -1.0;
/// From this log-odds of `deflect` a cued lesson is a dodge: "Looking back, the feedback was
/// about the team's level rather than how I work" looks back and learns nothing.
const DODGED_LESSON: f32 = 1.0;

/// From this log-odds of a claim, a habit or a hypothetical (the likeliest reading of the
/// moves model) a sentence with "I" and a verb is not a step; chosen on the dev split.
const NOT_A_STEP: f32 = 0.0;

/// Where a sentence stands in the answer.
#[derive(Debug, Clone, Copy)]
struct Place {
    index: usize,
    /// The last sentence, where an outcome may stand without a step before it.
    closing: bool,
    /// In the second half, where lessons are told.
    late: bool,
}

/// The STAR reading of one answer, from a draft's sentences or a stored entry's sections.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub words: usize,
    pub situation: usize,
    pub task: usize,
    /// Sentences where the speaker ("I") acts, and where "we" or nobody in particular acts.
    pub action_i: usize,
    pub action_other: usize,
    pub result: usize,
    pub learned: usize,
    pub result_metric: bool,
    /// A step of the speaker's timed or bounded by a measure ("I rolled it back in about ten
    /// minutes", "...and had latency back under 200 ms by noon"): the answer gives a number for
    /// what changed even when its outcome sentence does not.
    pub measured_step: bool,
    pub i_count: usize,
    pub we_count: usize,
    pub setback: bool,
    pub specific_context: bool,
    pub text: String,
}

impl Analysis {
    pub fn of_draft(draft: &str) -> Analysis {
        let mut a = Analysis {
            words: text::word_count(draft),
            text: draft.to_string(),
            ..Analysis::default()
        };
        let sentences = text::sentences(draft);
        let last = sentences.len().saturating_sub(1);
        for (i, sentence) in sentences.iter().enumerate() {
            let place = Place {
                index: i,
                closing: i == last,
                late: 2 * i >= sentences.len(),
            };
            a.add_sentence(sentence, place);
        }
        a
    }

    fn add_sentence(&mut self, sentence: &str, place: Place) {
        let Place { index, closing, .. } = place;
        let lower = sentence.to_lowercase();
        // Read once for every check below that looks at words.
        let words = text::words(sentence);
        let has = |cues: &CueSet| cues.any_in(&lower);
        let (i, we) = pronouns(sentence);
        self.i_count += i;
        self.we_count += we;
        let at_org = names_organisation(sentence);
        let dated = names_a_year(sentence);
        self.specific_context |= at_org || dated;
        // Context comes first: once the steps have begun, "used to" and "every time" describe
        // the outcome's before and after, not the scene.
        let opening = !self.has_action() || index <= 1;
        // The moves model reads a sentence at most once, and only where the words leave a
        // check below undecided.
        let reading = std::cell::OnceCell::new();
        let read = || *reading.get_or_init(|| data::data().moves.reading(sentence));
        if at_org
            || dated
            || opens_with_context(&lower)
            || (opening && (has(&cues().situation) || scene_in_progress(&words)))
            // Before any step, a scene told in words no cue lists ("I was the lead engineer on
            // a booking app for a chain of gyms"), as the moves model reads it.
            || (!self.has_action() && read().best == Move::Scene)
        {
            self.situation += 1;
        }
        let task = has(&cues().task);
        if task {
            self.task += 1;
        }
        // A step in verbs no list holds ("I pulled six months of job logs and showed..."), as
        // the moves model reads a sentence where the speaker is the subject.
        let mut acted =
            actor(&words).or_else(|| (i > 0 && read().best == Move::Step).then_some(Actor::Me));
        // "I led the migration", "I test everything twice", "I'd own it": the words of a step
        // and none of its substance. But "Since then I write a design note first", though it
        // reads as a habit, is a practice taken up about a failing: the step the answer owes.
        let dismissed = matches!(acted, Some(Actor::Me))
            && read().not_a_step >= NOT_A_STEP
            && !has(&cues().adopted);
        if dismissed {
            acted = None;
        }
        let had_action = self.has_action();
        // Told before any step, a past-tense sentence sets the scene, even one that states the
        // team's need ("We needed to leave MySQL 5.7"), but not the speaker's own goal ("I was
        // responsible for..."); a present-tense one is an opinion, not a situation.
        let own_goal = task && i > 0;
        if !had_action
            && acted.is_none()
            && !dismissed
            && !own_goal
            && self.situation == 0
            && told_in_past(&words)
            // "In my experience, teams that waited were too late" is a view, past tense or not.
            && read().best != Move::View
        {
            self.situation += 1;
        }
        match acted {
            Some(Actor::Me) => self.action_i += 1,
            Some(Actor::Others) => self.action_other += 1,
            None => {}
        }
        // Outcomes follow the first step, or close the answer; before that, "grew" and
        // "two days before launch" are the situation.
        if self.has_action() || closing {
            let my_step = matches!(acted, Some(Actor::Me));
            self.add_outcome(
                sentence,
                &lower,
                || read().best,
                my_step,
                had_action || closing,
            );
        }
        self.add_reflection(sentence, &lower, place.late);
    }

    /// After the first step, a measured sentence that is not itself a step of the speaker's is
    /// an outcome, cue word or not ("Departures were missing for 2 hours").
    /// "...restarted the group, and the lag was gone in forty minutes": a step whose last
    /// clause, without "I", measures what changed, tells an outcome too.
    fn add_outcome(
        &mut self,
        sentence: &str,
        lower: &str,
        read: impl Fn() -> Move,
        my_step: bool,
        after_step: bool,
    ) {
        let measured = text::has_metric(sentence);
        // A measured tail follows the step of its own sentence, so it needs no step before.
        let measured_outcome =
            measured && ((after_step && !my_step) || (my_step && measured_tail(sentence)));
        // An outcome told in words no cue lists ("the customer stayed with us and signed for
        // another year"), as the moves model reads it.
        let read_outcome = || after_step && !my_step && read() == Move::Outcome;
        if measured_outcome || cues().result.any_in(lower) || read_outcome() {
            self.result += 1;
            self.result_metric |= measured;
        }
        self.measured_step |= measured && my_step && timed(sentence);
    }

    /// A lesson is a cue of one that says something ("since then", "lesson") and that the
    /// reflection model reads neither as one in words only nor as a dodge, or, in the answer's
    /// second half where lessons are told, a sentence the model reads as a lesson with no cue
    /// at all ("These days I ask for the row count first").
    fn add_reflection(&mut self, sentence: &str, lower: &str, late: bool) {
        let has = |cues: &CueSet| cues.any_in(lower);
        let cued = has(&cues().learned) && !says_nothing(lower);
        // The model is read only where it can decide: on a cued sentence, or a late one.
        let lesson = (cued || late).then(|| data::data().reflection.read(sentence));
        let lesson = lesson.is_some_and(|read| {
            (cued
                && read.lesson >= CUED_LESSON
                && read.empty < EMPTY_LESSON
                && read.deflect < DODGED_LESSON)
                || (late && read.lesson >= LESSON)
        });
        if lesson {
            self.learned += 1;
        }
        self.setback |= has(&cues().setback);
    }

    /// A stored entry: its sections say which part is which; the text still says who acted.
    pub fn of_entry(entry: &Entry) -> Analysis {
        let body = entry.body();
        let draft = Analysis::of_draft(&body);
        let count = |part| {
            let text = entry.part_text(part);
            text::sentences(&text).len()
        };
        let result_text = entry.part_text(Part::Result);
        let is_story = entry.kind == Kind::Story;
        Analysis {
            situation: if is_story {
                count(Part::Situation)
            } else {
                draft.situation
            },
            task: if is_story {
                count(Part::Task)
            } else {
                draft.task
            },
            action_i: draft
                .action_i
                .max(usize::from(entry.has_part(Part::Action))),
            result: if is_story {
                count(Part::Result)
            } else {
                draft.result
            },
            learned: count(Part::Learned).max(draft.learned),
            result_metric: text::has_metric(&result_text) || draft.result_metric,
            specific_context: draft.specific_context || entry.company.is_some(),
            ..draft
        }
    }

    pub fn has_action(&self) -> bool {
        self.action_i + self.action_other > 0
    }

    /// The goal need not be said when the context, the speaker's steps and the outcome are all
    /// there: a listener infers it. Only a thinner answer needs it spelled out.
    pub fn task_clear(&self) -> bool {
        self.task > 0 || (self.situation > 0 && self.action_i > 0 && self.result > 0)
    }

    /// "We/our/us" clearly dominate "I/my/me".
    pub fn we_dominates(&self) -> bool {
        self.we_count >= 3 && self.we_count > 2 * self.i_count
    }
}

/// A lesson in words only ("we learned a lot", "it was a great learning experience"): nothing
/// is left once the stop words and the words of learning itself are taken out.
fn says_nothing(lower: &str) -> bool {
    let empty = &data::words().empty_lesson_words;
    text::words(lower)
        .iter()
        .filter(|w| !text::is_stopword(w) && !empty.contains(w))
        .count()
        < 2
}

/// Counts first-person singular and plural words; a capitalised "US" is the country, not "us".
fn pronouns(sentence: &str) -> (usize, usize) {
    let mut i = 0;
    let mut we = 0;
    // One buffer for every word: each sentence of every draft is counted.
    let mut w = String::new();
    for raw in sentence.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        // Pronouns are short; longer words need no lowercasing at all.
        if raw.is_empty() || raw.len() > 10 {
            continue;
        }
        w.clear();
        w.extend(raw.chars().map(|c| {
            if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            }
        }));
        match w.as_str() {
            "i" | "i'm" | "i've" | "i'd" | "i'll" | "my" | "me" | "myself" | "mine" => i += 1,
            "we" | "we're" | "we've" | "we'd" | "we'll" | "our" | "ours" | "ourselves" => we += 1,
            "us" if raw != "US" => we += 1,
            _ => {}
        }
    }
    (i, we)
}

/// "Our team was building...", "we were running...": a past in progress is a scene.
fn scene_in_progress(words: &[String]) -> bool {
    words
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "was" | "were") && w[1].len() > 4 && w[1].ends_with("ing"))
}

/// Whether a sentence tells something past: "was", "took", or an -ed verb ("we needed"), not an
/// -ed adjective ("nobody is surprised", "for the unexpected").
fn told_in_past(words: &[String]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let after_not_verb = i > 0 && data::words().not_before_verb.contains(&words[i - 1]);
        match w.as_str() {
            "was" | "were" | "had" | "did" => true,
            w if w.len() > 3 && w.ends_with("ed") => !after_not_verb,
            w => text::is_past_form(w),
        }
    })
}

/// Spoken openings that set a scene: "At a logistics startup, ...", "When I joined, ...".
fn opens_with_context(lower: &str) -> bool {
    let mut rest = lower.trim_start();
    while let Some((first, tail)) = rest.split_once([' ', ',']) {
        if !data::words()
            .spoken_fillers
            .contains(first.trim_matches(|c: char| !c.is_alphanumeric()))
        {
            break;
        }
        rest = tail.trim_start_matches([' ', ',']);
    }
    data::words()
        .context_openings
        .iter()
        .any(|o| rest.starts_with(o.as_str()))
}

/// "In 2022 ...": a year places the story in time.
fn names_a_year(sentence: &str) -> bool {
    sentence
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")))
}

/// "At Eukarya", "at Acme Robotics": a named place makes the situation concrete.
fn names_organisation(sentence: &str) -> bool {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    words.windows(2).any(|w| {
        w[0].eq_ignore_ascii_case("at")
            && w[1].starts_with(|c: char| c.is_uppercase())
            && !matches!(
                w[1].trim_matches(|c: char| !c.is_alphanumeric()),
                "I" | "First" | "The"
            )
    })
}

/// Whether the sentence's last clause (after ", and", ";" or a dash) opens on a subject of its
/// own, not "I", and measures something: the outcome told after a step in the same sentence.
fn measured_tail(sentence: &str) -> bool {
    let cut = [", and ", "; ", " — ", " – ", " - "]
        .iter()
        .filter_map(|sep| sentence.rfind(sep).map(|at| at + sep.len()))
        .max();
    cut.is_some_and(|at| {
        let tail = &sentence[at..];
        // "...and 14 affected customers were notified": a count opens a clause of its own too.
        let opens_on_subject = text::words(tail).first().is_some_and(|w| {
            cues().clause_subjects.contains(w)
                || w.starts_with(|c: char| c.is_ascii_digit())
                || text::numbers::is_number_word(w)
        });
        opens_on_subject && pronouns(tail).0 == 0 && text::has_metric(tail)
    })
}

/// Whether a step says how long it took or how far it got: a measure right after "in",
/// "within" or "under" ("in about ten minutes"), not one that describes the work ("a cache
/// that refreshes once a minute", "three scripts").
fn timed(sentence: &str) -> bool {
    const REACH: usize = 4;
    let raw: Vec<&str> = sentence.split_whitespace().collect();
    raw.iter().enumerate().any(|(i, w)| {
        matches!(w.to_lowercase().as_str(), "in" | "within" | "under")
            && text::has_metric(&raw[i + 1..(i + 1 + REACH).min(raw.len())].join(" "))
    })
}

#[derive(Debug, PartialEq)]
enum Actor {
    Me,
    Others,
}

/// Who takes a concrete step in a sentence: "I rolled back", "we built", or a bullet "Enhanced CI".
fn actor(words: &[String]) -> Option<Actor> {
    let cues = cues();
    let is_action = |w: &str| {
        !cues.not_actions.contains(w)
            && (cues.action_verbs.contains(w) || (w.len() > 4 && w.ends_with("ed")))
    };
    // After "I've" a participle is a step ("I've rewritten"); after "I'd" only a participle is
    // ("I'd rewritten"), a base form would be ("I'd own it").
    let is_participle = |w: &str| {
        !cues.not_actions.contains(w)
            && (cues.participles.contains(w) || (w.len() > 4 && w.ends_with("ed")))
            || (w.len() > 5 && w.ends_with("en") && !cues.not_actions.contains(w))
    };
    // A sentence that opens on a verb ("Rewrote the importer") leaves out its subject: the speaker.
    if words.first().is_some_and(|w| is_action(w)) {
        return Some(Actor::Me);
    }
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        let (subject, perfect) = match w.as_str() {
            "i" => (Actor::Me, false),
            "i've" | "i'd" => (Actor::Me, true),
            "we" => (Actor::Others, false),
            "we've" | "we'd" => (Actor::Others, true),
            _ => continue,
        };
        let window = &words[i + 1..(i + 5).min(words.len())];
        // "I would tell", "I usually fix": a hypothetical or a habit, not a step taken.
        if window.first().is_some_and(|n| cues.modals.contains(n)) {
            continue;
        }
        // "We needed to migrate": a verb after "to" is an intention, not a step.
        let acts = window
            .iter()
            .enumerate()
            .take_while(|(_, n)| {
                !matches!(n.as_str(), "i" | "we" | "i've" | "we've" | "i'd" | "we'd")
            })
            .filter(|&(j, _)| j == 0 || window[j - 1] != "to")
            .any(|(_, n)| {
                if perfect {
                    is_participle(n)
                } else {
                    is_action(n)
                }
            });
        if acts {
            if matches!(subject, Actor::Me) {
                return Some(Actor::Me);
            }
            found = Some(subject);
        }
    }
    found
}

#[cfg(test)]
mod tests;
