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
        text::last_words(&line[..at], 1)
            .last()
            .is_some_and(|before| data::words().verb_markers.contains(before))
    })
}

/// "Solid SQL skills, PostgreSQL preferred", "React, and ideally Next.js", "Preferred:
/// Terraform, required: Kubernetes": a term the line calls welcome rather than required. The
/// line is cut into parts (at commas, semicolons, colons, brackets and dashes); a term takes the
/// word of welcome (`preferred_cues`) or of need (`required_cues`) after it in its part ("GCP
/// preferred"), else the one before it there ("ideally Next.js"), else the last one of an
/// earlier part. Before any such word, a term is welcome only when the line's first one is a
/// word of welcome standing in a part that names no term ("HL7, FHIR and CPT, is strongly
/// preferred", "Go (ideally) and Rust required").
/// `cues` are the line's words of need and welcome, from [`need_cues`].
pub(super) fn said_welcome(term: &str, line: &str, terms: &[String], cues: &[NeedCue]) -> bool {
    if !cues.iter().any(|c| c.welcome) {
        return false;
    }
    let Some(&at) = mentions(line, term).first() else {
        return false;
    };
    let parts = parts(line);
    let part_of = |pos: usize| {
        parts
            .iter()
            .find(|r| r.contains(&pos))
            .cloned()
            .unwrap_or(pos..pos)
    };
    let here = part_of(at);
    let said = cues
        .iter()
        .find(|c| (at..here.end).contains(&c.start))
        .or_else(|| {
            cues.iter()
                .rev()
                .find(|c| (here.start..at).contains(&c.start))
        })
        .or_else(|| cues.iter().rev().find(|c| c.start < here.start));
    if let Some(c) = said {
        return c.welcome;
    }
    let first = cues[0];
    let part = &line[part_of(first.start)];
    first.welcome && !terms.iter().any(|t| !mentions(part, t).is_empty())
}

/// A word of need or of welcome in a line: where it starts, whether it welcomes, where it ends
/// (fields in that order, so cues sort by where they start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct NeedCue {
    pub start: usize,
    pub welcome: bool,
    pub end: usize,
}

/// The words of need and of welcome in a line (`required_cues`, `preferred_cues`) in the order
/// they start, found once for all of its terms.
pub(super) fn need_cues(line: &str) -> Vec<NeedCue> {
    let w = data::words();
    let cue = |welcome| {
        move |(start, end)| NeedCue {
            start,
            welcome,
            end,
        }
    };
    let mut cues: Vec<NeedCue> = w
        .preferred_cues
        .spans_in(line)
        .map(cue(true))
        .chain(w.required_cues.spans_in(line).map(cue(false)))
        .collect();
    cues.sort_unstable();
    cues
}

/// "Nice to have: Terraform. Must have: Kubernetes", "Preferred: Go, Required: Rust": a word
/// that says whether a term is required, capitalised at the head of a sentence or in brackets,
/// is no term itself. True when every mention of the term lies inside such a cue (`cues`, from
/// [`need_cues`]).
pub(super) fn only_a_cue(term: &str, line: &str, cues: &[NeedCue]) -> bool {
    let len = term.to_lowercase().len();
    let inside = |at: usize| cues.iter().any(|c| c.start <= at && at + len <= c.end);
    let mut at = mentions(line, term).into_iter().peekable();
    at.peek().is_some() && at.all(inside)
}

/// The line's parts: the text between commas, semicolons, colons, brackets, dashes and the
/// full stops that end a sentence (not the one in "Next.js" or "vs. Kafka").
fn parts(line: &str) -> Vec<std::ops::Range<usize>> {
    let cut = |at: usize, c: char| {
        matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–')
            || c == '.'
                && line[at + 1..].starts_with(char::is_whitespace)
                && !text::is_abbreviation(&line[..at], &line[at + 1..])
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in line.char_indices().filter(|&(at, c)| cut(at, c)) {
        out.push(start..at);
        // Past the cut's last byte: a dash is three.
        start = at + c.len_utf8();
    }
    out.push(start..line.len());
    out
}

/// "alert on what users feel rather than CPU": a term right after a contrast is what the
/// posting does not ask for, when every mention of it is one ("rather than just Python" still
/// wants Python; "Java rather than JavaScript" wants Java).
pub(super) fn after_contrast(term: &str, line: &str) -> bool {
    const NEAR: usize = 2;
    let w = data::words();
    let mut mentions = mentions(line, term).into_iter();
    // Found once for the line, not once per mention.
    let mut cues: Vec<usize> = w.contrast_cues.spans_in(line).map(|(_, end)| end).collect();
    cues.sort_unstable();
    // Only the nearest cue before a mention is read: the text between a farther one and the
    // mention holds the nearer one's, so it is never the shorter, cleaner reading. Reading
    // every cue made a line repeating "not COBOL" thousands of times take seconds.
    let contrasted = |at: usize| {
        let nearest = cues.partition_point(|&end| end <= at);
        nearest > 0 && {
            let between = &line[cues[nearest - 1]..at];
            // Read from the mention back, and no further than a word past the nearest.
            let words = text::last_words(between, NEAR + 1);
            words.len() <= NEAR
                && !between.contains([',', ';', '.', ':'])
                && !words.iter().any(|x| w.contrast_keeps.contains(x))
        }
    };
    let first = mentions.next();
    first.is_some_and(contrasted) && mentions.all(contrasted)
}

/// Where the line names the term as a whole word: "go" in "Go and Rust", not in "google".
pub(super) fn mentions(line: &str, term: &str) -> Vec<usize> {
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
