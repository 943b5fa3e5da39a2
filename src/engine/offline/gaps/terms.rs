//! What a requirement line names: names written as names ("Web Audio API", ".NET", "Trust &
//! Safety") and the skills a cue introduces ("experience with Tableau (or Looker)").

use super::super::data;
use crate::text;

/// A skill longer than this many words is a clause, not a skill.
const MAX_SKILL_WORDS: usize = 4;

/// Names: capitalised words past the first ("React", "Looker"), and a first word written as
/// a name can only be ("TypeScript", "CSS", "C++"); runs of them are one name ("Web Audio API").
pub(super) fn names(line: &str) -> Vec<String> {
    let name_like = |i: usize, w: &str| {
        let w = w.strip_prefix('.').unwrap_or(w);
        let caps = w.chars().filter(|c| c.is_uppercase()).count();
        let odd = w
            .chars()
            .any(|c| c.is_ascii_digit() || c == '+' || c == '#');
        (w.starts_with(char::is_uppercase) && (i > 0 || caps >= 2 || odd))
            && !text::is_stopword(&w.to_lowercase())
    };
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut i = 0;
    let mut tokens = line.split(' ').peekable();
    while let Some(token) = tokens.next() {
        // Punctuation after a word ends the name it is in: "Kubernetes; Go, Java".
        let ends = token.ends_with([',', ';', ':', '.', ')', '!', '?']);
        let w = name_word(token);
        if token.starts_with(['(', '"', '[']) && !run.is_empty() {
            close(&mut run, &mut out);
        }
        // "Trust & Safety", "Procter & Gamble" are one name, "&" and all; a dash between names
        // ends the one before ("Swift – SwiftUI"). A double space is no token, and a mark is
        // no word before the first: "👋 Thanks for reading" opens on "Thanks".
        if w.is_empty() {
            if token == "&" && !run.is_empty() {
                run.push("&");
            } else if !token.is_empty() && !run.is_empty() {
                close(&mut run, &mut out);
            }
            continue;
        }
        // A version ends its name but for a grade after it ("WCAG 2.2 AA", "SOC 2 II"): "React
        // 18 TypeScript 5" is two names.
        let after_version = run.last().is_some_and(|l| is_number(l));
        let graded = after_version && is_grade(w);
        if after_version && !graded {
            close(&mut run, &mut out);
        }
        if graded || name_like(i, w) || (!run.is_empty() && version(w, &run, tokens.peek())) {
            run.push(w);
        } else if !run.is_empty() {
            close(&mut run, &mut out);
        }
        if ends && !run.is_empty() {
            close(&mut run, &mut out);
        }
        // "Hi! Thanks for reading": a word after "!" or "?" opens a sentence. Not after ".",
        // which ends "e.g." before a name as often as a sentence.
        i = if token.ends_with(['!', '?']) {
            0
        } else {
            i + 1
        };
    }
    close(&mut run, &mut out);
    out
}

/// Whether a number goes on the name before it as its version: one with a dot ("Kafka 3.6",
/// "WCAG 2.2"), or a whole number after a name with an acronym in it ("SOC 2", "OWASP Top 10",
/// ".NET 8"); not a count ("Kafka 3 clusters", "Go 5 years", "Redis 10 GB"), which a plain name
/// and a number are as often as a version, nor a number a measure follows.
fn version(w: &str, run: &[&str], next: Option<&&str>) -> bool {
    let measured = next.is_some_and(|n| text::numbers::is_measure(&name_word(n).to_lowercase()));
    let acronym = |x: &&str| x.chars().filter(|c| c.is_uppercase()).count() >= 2;
    is_number(w) && (w.contains('.') || run.iter().any(acronym)) && !measured
}

/// A version number: digits, with dots between them or not ("17", "2.2").
fn is_number(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A grade after a version: a short word in capitals ("AA", "II").
fn is_grade(w: &str) -> bool {
    w.chars().count() <= 3 && w.chars().all(|c| c.is_ascii_uppercase())
}

/// A token without the marks around it, but with a dot that begins a name: ".NET" is a
/// name, "NET" is not; a dot after another mark ("...React") stays punctuation.
fn name_word(token: &str) -> &str {
    let mark = |c: char| !(c.is_alphanumeric() || matches!(c, '+' | '#'));
    let start = token.len() - token.trim_start_matches(mark).len();
    let w = token[start..].trim_end_matches(mark);
    let lead = &token[..start];
    let dotted = lead.ends_with('.')
        && !lead[..lead.len() - 1].ends_with('.')
        && w.starts_with(char::is_uppercase);
    if dotted {
        &token[start - 1..start + w.len()]
    } else {
        w
    }
}

/// Ends a run of name words as one name, without an "&" it ended on ("React & data work").
fn close(run: &mut Vec<&str>, out: &mut Vec<String>) {
    if run.last() == Some(&"&") {
        run.pop();
    }
    if !run.is_empty() {
        out.push(run.join(" "));
    }
    run.clear();
}

/// Skills named after a cue: "experience with Tableau (or Looker) and with dbt" names
/// Tableau, Looker and dbt; "deep knowledge of accessibility" names accessibility.
pub(super) fn skills(line: &str) -> Vec<String> {
    let lower = line.to_lowercase();
    let mapped = text::lowercase_mapped(line);
    // The items come in the line's order: each is looked for after the one before.
    let mut from = 0;
    let Some((_, end)) = data::words().skill_cues.find_in(&lower) else {
        return Vec::new();
    };
    let clause = lower[end..]
        .split(['.', ';', ':'])
        .next()
        .unwrap_or_default();
    clause
        .split([',', '(', ')'])
        .flat_map(|part| part.split(" and ").flat_map(|p| p.split(" or ")))
        .map(|item| trim_tail(&trim_lead(item.trim())))
        .filter(|item| {
            let n = item.split_whitespace().count();
            (1..=MAX_SKILL_WORDS).contains(&n)
        })
        .map(|item| original(line, &mapped, &item, &mut from))
        .collect()
}

/// An item without the words that lead into it ("with", "a", "deep", "maintaining"), nor how
/// many ("one", "2+"): `skill_lead_words` and counts.
fn trim_lead(item: &str) -> String {
    let lead = &data::words().skill_lead_words;
    let count = |w: &str| {
        text::numbers::is_number_word(w) || w.trim_end_matches('+').parse::<u32>().is_ok()
    };
    let words: Vec<&str> = item.split_whitespace().collect();
    let start = words
        .iter()
        .take_while(|w| lead.contains(w) || count(w))
        .count();
    words[start..].join(" ")
}

/// An item without the clause after it (`skill_clause_verbs`: "Go is a big plus" names Go; and
/// `skill_qualifiers`: "PostgreSQL at scale" names PostgreSQL) and
/// without the words that say how much it is wanted (`skill_tail_words`: "preferred"):
/// "another message broker helps" names a message broker.
fn trim_tail(item: &str) -> String {
    let w = data::words();
    let tail = &w.skill_tail_words;
    let all: Vec<&str> = item.split_whitespace().collect();
    // "Go is a big plus": the skill ends where the clause about it begins.
    let clause = all
        .iter()
        .skip(1)
        .position(|x| w.skill_clause_verbs.contains(x) || w.skill_qualifiers.contains(x))
        .map_or(all.len(), |at| at + 1);
    let words = &all[..clause];
    let end = words.len() - words.iter().rev().take_while(|w| tail.contains(w)).count();
    words[..end].join(" ")
}

/// The item as the line writes it ("dbt", "Tableau"), found case-insensitively in the line's
/// `lowercase_mapped` form at or after `from`, which moves up to where it was found.
fn original(
    line: &str,
    (lower, at): &(String, Vec<usize>),
    item: &str,
    from: &mut usize,
) -> String {
    match lower[*from..].find(item) {
        Some(found) => {
            let start = *from + found;
            *from = start;
            line[at[start]..at[start + item.len()]].to_string()
        }
        None => item.to_string(),
    }
}
