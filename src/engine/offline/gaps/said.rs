//! How a requirement line speaks of one of its terms: as something done ("let you move
//! faster"), as welcome rather than required ("PostgreSQL preferred"), or as what is not asked
//! for ("rather than CPU"). `line` is the line lowercased.

use super::super::data;
use crate::text;

/// Whether the line says the term as what someone does: "they let you move faster", "the
/// ability to learn unfamiliar technology quickly". A verb phrase is a way of working, not a
/// skill or a domain to write a story for.
pub(super) fn said_as_verb(term: &str, line: &str) -> bool {
    let lower = term.to_lowercase();
    line.match_indices(&lower).any(|(at, _)| {
        text::words(&line[..at])
            .last()
            .is_some_and(|before| data::words().verb_markers.contains(before))
    })
}

/// "Solid SQL skills, PostgreSQL preferred", "React, and ideally Next.js", "It's a bonus if
/// you've worked in payments, banking...": a term the line calls welcome rather than required.
/// A word of welcome (`preferred_cues`) covers the part of the line it stands in (between commas,
/// semicolons, colons, brackets and dashes) and the parts after it, up to a part that calls
/// something required ("Terraform preferred, but Kubernetes is required"); standing in a part
/// that names no term ("HL7, FHIR and CPT, is strongly preferred", "SQL: 2 years (Preferred)")
/// it covers the whole line.
pub(super) fn said_welcome(term: &str, line: &str, terms: &[String]) -> bool {
    let w = data::words();
    let Some((cue, _)) = w.preferred_cues.find_in(line) else {
        return false;
    };
    let cut = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–');
    // The part begins past the cut's last byte: a dash is three.
    let start = line[..cue]
        .char_indices()
        .rfind(|&(_, c)| cut(c))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let end = line[cue..].find(cut).map_or(line.len(), |at| cue + at);
    let names_a_term = |part: &str| terms.iter().any(|t| !mentions(part, t).is_empty());
    if !names_a_term(&line[start..end]) {
        return true;
    }
    // The reach ends where a later part says what is required.
    let mut reach = end;
    for part in line[end..].split_inclusive(cut) {
        if w.required_cues.any_in(part) {
            break;
        }
        reach += part.len();
    }
    mentions(line, term)
        .first()
        .is_some_and(|&at| (start..reach).contains(&at))
}

/// "alert on what users feel rather than CPU": a term right after a contrast is what the
/// posting does not ask for, when every mention of it is one ("rather than just Python" still
/// wants Python; "Java rather than JavaScript" wants Java).
pub(super) fn after_contrast(term: &str, line: &str) -> bool {
    const NEAR: usize = 2;
    let w = data::words();
    let mut mentions = mentions(line, term).into_iter();
    let contrasted = |at: usize| {
        w.contrast_cues.spans_in(&line[..at]).any(|(_, end)| {
            let between = &line[end..at];
            let words = text::words(between);
            !between.contains([',', ';', '.', ':'])
                && words.len() <= NEAR
                && !words.iter().any(|x| w.contrast_keeps.contains(x))
        })
    };
    let first = mentions.next();
    first.is_some_and(contrasted) && mentions.all(contrasted)
}

/// Where the line names the term as a whole word: "go" in "Go and Rust", not in "google".
fn mentions(line: &str, term: &str) -> Vec<usize> {
    let lower = term.to_lowercase();
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    line.match_indices(&lower)
        .filter(|&(at, m)| {
            boundary(line[..at].chars().next_back())
                && boundary(line[at + m.len()..].chars().next())
        })
        .map(|(at, _)| at)
        .collect()
}
