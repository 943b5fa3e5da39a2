//! What one sentence says on its face: who acts in it, its tense, its context words, and
//! whether its last clause or a step's time measures what changed.

use super::super::cues::cues;
use super::super::data;
use crate::text;

/// Counts first-person singular and plural words; a capitalised "US" is the country, not "us".
pub(super) fn pronouns(sentence: &str) -> (usize, usize) {
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
pub(super) fn scene_in_progress(words: &[String]) -> bool {
    words
        .windows(2)
        .any(|w| matches!(w[0].as_str(), "was" | "were") && w[1].len() > 4 && w[1].ends_with("ing"))
}

/// Whether a sentence tells something past: "was", "took", or an -ed verb ("we needed"), not an
/// -ed adjective ("nobody is surprised", "for the unexpected").
pub(super) fn told_in_past(words: &[String]) -> bool {
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
pub(super) fn opens_with_context(lower: &str) -> bool {
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
pub(super) fn names_a_year(sentence: &str) -> bool {
    sentence
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")))
}

/// "At Eukarya", "at Acme Robotics": a named place makes the situation concrete.
pub(super) fn names_organisation(sentence: &str) -> bool {
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
pub(super) fn measured_tail(sentence: &str) -> bool {
    const AND: &str = ", and ";
    let cut = [AND, "; ", " — ", " – ", " - "]
        .iter()
        .filter_map(|sep| sentence.rfind(sep).map(|at| (at + sep.len(), *sep)))
        .max();
    cut.is_some_and(|(at, sep)| {
        let tail = &sentence[at..];
        // "..., and 14 affected customers were notified": after "and", a count opens a clause
        // of its own; after a semicolon or a dash it may still describe the work ("two
        // scripts; one per queue").
        let opens_on_subject = text::words(tail).first().is_some_and(|w| {
            cues().clause_subjects.contains(w)
                || (sep == AND
                    && (w.starts_with(|c: char| c.is_ascii_digit())
                        || text::numbers::is_number_word(w)))
        });
        opens_on_subject && pronouns(tail).0 == 0 && text::has_metric(tail)
    })
}

/// "I rolled back the deploy and restored service in 12 minutes": a step whose second verb,
/// joined by "and" without a subject of its own, measures what changed (as the moves model
/// reads that clause), tells an outcome in the step's own sentence.
pub(super) fn measured_second_verb(sentence: &str) -> bool {
    let Some(at) = sentence.rfind(" and ") else {
        return false;
    };
    let tail = &sentence[at + " and ".len()..];
    // "...and restored service": a second verb, not a second noun ("the orders and payments
    // tables in two days").
    text::words(tail).first().is_some_and(|w| is_action(w))
        && pronouns(tail).0 == 0
        && text::has_metric(tail)
        && data::data().moves.read(tail) == super::super::sentences::Move::Outcome
}

/// Whether a step says how long it took or how far it got: a span of time right after "in",
/// "within" or "under" ("in about ten minutes", "under 200 ms"), not a measure that describes
/// the work ("a cache that refreshes once a minute", "in three scripts", "in a team of 5").
pub(super) fn timed(sentence: &str) -> bool {
    const REACH: usize = 4;
    let raw: Vec<&str> = sentence.split_whitespace().collect();
    raw.iter().enumerate().any(|(i, w)| {
        ["in", "within", "under"]
            .iter()
            .any(|p| w.eq_ignore_ascii_case(p))
            && text::has_duration(&raw[i + 1..(i + 1 + REACH).min(raw.len())].join(" "))
    })
}

#[derive(Debug, PartialEq)]
pub(super) enum Actor {
    Me,
    Others,
}

/// Whether a word is a step's verb: a listed action verb, or a past form ("migrated").
fn is_action(w: &str) -> bool {
    let cues = cues();
    !cues.not_actions.contains(w)
        && (cues.action_verbs.contains(w) || (w.len() > 4 && w.ends_with("ed")))
}

/// Who takes a concrete step in a sentence: "I rolled back", "we built", or a bullet "Enhanced CI".
pub(super) fn actor(words: &[String]) -> Option<Actor> {
    let cues = cues();
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
