//! The to-write list: what a posting asks for that no entry of the bank shows. Candidates are
//! the names a requirement uses (technologies, products), the skills named after "experience
//! with", "knowledge of"..., and the lexicon's phrases; the employer's own names, places, bare
//! verbs and fragments never are.

use std::collections::{HashMap, HashSet};

use super::cues::cues;
use super::data;
use super::index::Index;
use super::jobs::{self, Job};
use super::lexicon::{Tokens, lexicon};
use crate::report::Uncovered;
use crate::text;
use said::{after_contrast, mentions, need_cues, only_a_cue, said_as_verb, said_welcome};
use terms::{names, skills};

/// The longest to-write list; a posting far from the bank would list every line.
const MAX_UNCOVERED: usize = 12;
/// The most distinct terms a posting's to-write list weighs. Each is looked for across the whole
/// posting; no posting of the corpus reaches this many, and a pasted wall of names would
/// otherwise cost terms times text.
const MAX_TERMS: usize = 500;

/// The to-write list: requirements of the posting that no entry of the bank shows, each with its
/// line, the must-haves before what the posting calls welcome ("nice to have", "a plus"), each
/// in the posting's order, and at most `MAX_UNCOVERED` of them; with how many more it leaves
/// off, so a reader knows the list was cut.
pub fn uncovered(job: &Job, index: &Index) -> (Vec<Uncovered>, usize) {
    let mut out = every_uncovered(job, index);
    // Stable: the posting's order holds within each.
    out.sort_by_key(|(preferred, _)| *preferred);
    let left_off = out.len().saturating_sub(MAX_UNCOVERED);
    let out = out
        .into_iter()
        .take(MAX_UNCOVERED)
        .map(|(_, u)| u)
        .collect();
    (out, left_off)
}

/// Every uncovered requirement in the posting's order, with whether its line is a nice-to-have.
fn every_uncovered(job: &Job, index: &Index) -> Vec<(bool, Uncovered)> {
    let mut out: Vec<(bool, Uncovered)> = Vec::new();
    // `out`'s requirements in lowercase, made once each.
    let mut lowered: Vec<String> = Vec::new();
    // Whether a term is a requirement reads the whole posting: once per term, not per line.
    let mut verdicts: HashMap<String, bool> = HashMap::new();
    let texts = whose::Texts::of(job);
    for line in job.lines.iter().filter(|l| l.is_requirement) {
        let lower = line.text.to_lowercase();
        if data::words().not_required_cues.any_in(&lower) || whose::reporting_line(&line.text) {
            continue;
        }
        let cues = need_cues(&lower);
        let terms: Vec<String> = candidates(&line.text)
            .into_iter()
            .filter(|term| match verdicts.get(term) {
                Some(&verdict) => verdict,
                // A posting with more terms than any real one is read no further.
                None if verdicts.len() >= MAX_TERMS => false,
                None => *verdicts
                    .entry(term.clone())
                    .or_insert_with(|| is_requirement(term, job, &texts)),
            })
            .filter(|term| !only_a_cue(term, &lower, &cues))
            .collect();
        for term in terms.iter().cloned() {
            if said_as_verb(&term, &lower)
                || after_contrast(&term, &lower)
                || covered(&term, index)
                || stands_in_for_covered(&term, &line.text, index)
            {
                continue;
            }
            let welcome = line.preferred || said_welcome(&term, &lower, &terms, &cues);
            // As whole words: "Java" is not "JavaScript".
            let term_lower = term.to_lowercase();
            let same = |listed: &String| {
                !mentions(listed, &term_lower).is_empty()
                    || !mentions(&term_lower, listed).is_empty()
            };
            match lowered.iter().position(same) {
                // Required anywhere in the posting, it is a must-have, shown with that line.
                Some(i) => {
                    let (preferred, listed) = &mut out[i];
                    if *preferred && !welcome {
                        *preferred = false;
                        listed.evidence = line.text.clone();
                    }
                }
                None => {
                    lowered.push(term_lower);
                    out.push((
                        welcome,
                        Uncovered {
                            requirement: term,
                            evidence: line.text.clone(),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// What a requirement line asks for: its names, its named skills, its lexicon phrases.
fn candidates(line: &str) -> Vec<String> {
    let mut out = names(line);
    out.extend(skills(line));
    // A lexicon phrase is a requirement when it says something whole ("code review",
    // "incident response"); one word of it ("clear", "spend") is not.
    out.extend(
        jobs::line_terms(line, None)
            .into_iter()
            .filter(|t| t.contains(' ')),
    );
    let mut seen: HashSet<String> = HashSet::new();
    out.retain(|t| seen.insert(t.to_lowercase()));
    out
}

/// Not the employer's own name or place, not a bare verb, not a fragment, not a generic word.
fn is_requirement(term: &str, job: &Job, texts: &whose::Texts) -> bool {
    let words = text::words(term);
    let Some(first) = words.first() else {
        return false;
    };
    let last = words.last().map_or("", String::as_str);
    let employer =
        whose::employers(term, job) || whose::called_ours(term, job) || whose::made_here(term, job);
    let generic = words
        .iter()
        .all(|w| text::is_stopword(w) || data::words().generic_terms.contains(w));
    let own_unit = whose::names_a_unit(term, texts)
        || whose::inside_a_unit_name(term, job)
        || whose::only_quoted(term, job);
    // "our Data Protection Officer", "stakeholders across Finance": people and functions the
    // candidate works with.
    let person = whose::names_a_person(&words)
        || whose::after_a_role(term, job)
        || whose::before_a_role(term, job);
    let function = words
        .iter()
        .all(|w| data::words().business_functions.contains(w));
    // "together with product teams", "the platform group": a group is whom the candidate
    // works with or joins; what it does is the requirement.
    let group = words.len() >= 2 && data::words().unit_nouns.contains(last);
    // "Fluent English; German is a plus": a language spoken is asked, but no story shows it.
    let language = words
        .iter()
        .all(|w| data::words().spoken_languages.contains(w));
    // "customers in Ottawa", "a second European language": where, not what. A name in
    // capitals is an acronym ("AJAX", "DALI"), unless it is a country's ("UK").
    let capitals = term
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let place = (data::data().places.contains(&words)
        && (!capitals || data::words().region_codes.contains(term)))
        || words.iter().all(|w| data::words().regions.contains(w));
    // "5+ years", "Five or more years" is how long, not what; "Staff Backend Engineer" is the
    // role itself.
    let tenure = words.iter().all(|w| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || text::numbers::is_number_word(w)
            || data::words().tenure_words.contains(w)
    });
    // "platform roles" is a kind of job; "Information Systems" a degree's field.
    let background = data::words().job_nouns.contains(last) || whose::field_of_study(term, texts);
    let title = text::words(&job.title.as_deref().unwrap_or_default().to_lowercase());
    let the_role = (words.len() >= 2 && words.iter().all(|w| title.contains(w)))
        || words.iter().all(|w| data::words().level_words.contains(w));
    let verb = words.len() == 1 && !jobs::is_name(term) && is_verb(first);
    // "across three backend teams" says where, not what.
    // "never touched": what the candidate has not done is no requirement.
    let fragment = text::is_stopword(first)
        || data::words().negations.contains(first)
        || text::is_stopword(last)
        || term.contains([',', ';'])
        || text::numbers::is_number_word(last)
        || data::words().prepositions.contains(first)
        || term.chars().count() < 2;
    !(employer
        || own_unit
        || person
        || function
        || group
        || language
        || place
        || tenure
        || background
        || the_role
        || generic
        || verb
        || fragment)
}

/// "Kafka or a similar streaming platform": the term stands in for the name before it, so a
/// bank that shows that name shows the term.
fn stands_in_for_covered(term: &str, line: &str, index: &Index) -> bool {
    let lower = line.to_lowercase();
    let alternative = &data::words().alternative_words;
    lower.match_indices(&term.to_lowercase()).any(|(at, _)| {
        let before = text::last_words(&lower[..at], 4);
        let mut back = before.iter().rev();
        let marked = back.next().is_some_and(|w| alternative.contains(w));
        let mut next = back.next();
        if next.is_some_and(|w| w == "a" || w == "an") {
            next = back.next();
        }
        marked
            && next.is_some_and(|w| w == "or")
            && back.next().is_some_and(|named| covered(named, index))
    })
}

fn is_verb(word: &str) -> bool {
    let c = cues();
    c.action_verbs.contains(word)
        || c.not_actions.contains(word)
        || (word.len() > 4 && (word.ends_with("ing") || word.ends_with("ed")))
}

/// Whether the bank shows a term: a single word by its stem anywhere (a name by the word
/// itself, `jobs::held_by`), a longer term as a phrase
/// in one entry, a lexicon phrase by an entry the competency's category names.
fn covered(term: &str, index: &Index) -> bool {
    let words = text::words(term);
    let lower = term.to_lowercase();
    let shown = if words.len() <= 1 {
        index.supports(term)
    } else {
        index.has_phrase(&lower)
    };
    // "SRE" is shown by "site reliability", and the other way round.
    let other_name = data::words().implied.iter().any(|i| {
        (i.short == lower && index.has_phrase(&i.long))
            || (i.long == lower && index.supports(&i.short))
    });
    if shown || other_name {
        return true;
    }
    if jobs::is_name(term) {
        return false;
    }
    let tokens = Tokens::new(term);
    lexicon()
        .competencies
        .iter()
        .enumerate()
        .any(|(c, competency)| {
            competency.shown_in(&tokens) >= 0.5
                && index.by_competency[c]
                    .iter()
                    .any(|&(_, weight)| weight >= 1.0)
        })
}

mod said;
mod terms;
#[cfg(test)]
mod tests;
mod whose;
