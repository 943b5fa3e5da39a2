//! Whose name a posting's term is: the employer's, one of its groups', or a person's. None of
//! them is a requirement to write a story for.

use super::super::data;
use super::super::jobs::Job;
use crate::text;

/// "Northvale", "Meridale's initiative", "Meridale Community Health Plan": the employer's name,
/// or a name it opens (its products and plans).
pub(super) fn employers(term: &str, job: &Job) -> bool {
    let employer = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let w = ["'s", "\u{2019}s"]
            .iter()
            .find_map(|s| w.strip_suffix(s))
            .unwrap_or(w);
        job.employer_words.iter().any(|e| e == w)
    };
    let mut words = term.split_whitespace();
    let first = words.next().is_some_and(employer);
    first && (term.split_whitespace().count() >= 3 || words.all(employer))
}

/// "Director", "Design Leads", "Senior Product Manager": a person's role. ("Manager" alone ends
/// product names too: "AWS Secrets Manager".)
pub(super) fn names_a_person(words: &[String]) -> bool {
    let w = data::words();
    let Some(last) = words.last() else {
        return false;
    };
    w.role_nouns.contains(last)
        || last == "manager" && words.iter().any(|x| w.manager_kinds.contains(x))
}

/// "the software behind Tidemark, our berth-scheduling platform": a name the posting calls its
/// own.
pub(super) fn called_ours(term: &str, job: &Job) -> bool {
    all_text(job).any(|text| {
        text.match_indices(term).any(|(at, m)| {
            // Only the few characters after it: a line may be long.
            let rest: String = text[at + m.len()..].chars().take(6).collect();
            let rest = rest.to_lowercase();
            rest.starts_with(", our ") || rest.starts_with(" (our ")
        })
    })
}

/// "work alongside Lea Aydın, Staff Engineer for Risk": a name with a person's title after it.
pub(super) fn before_a_role(term: &str, job: &Job) -> bool {
    const NEAR: usize = 3;
    let w = data::words();
    job.lines.iter().any(|line| {
        line.text.match_indices(term).any(|(at, m)| {
            // A title is written in capitals ("Lea Aydın, Staff Engineer"); "define SLOs, lead
            // incident response" goes on with a verb.
            let Some(rest) = line.text[at + m.len()..]
                .strip_prefix(", ")
                .filter(|r| r.starts_with(char::is_uppercase))
            else {
                return false;
            };
            // Only the first few tokens: the rest of a long line is read once per mention. A
            // token may hold no word ("Risk & Fraud Lead", "Sr. / Staff Engineer").
            let head: Vec<&str> = rest.split_whitespace().take(3 * NEAR).collect();
            text::words(&head.join(" "))
                .iter()
                .take(NEAR)
                .any(|x| w.role_nouns.contains(x) || matches!(x.as_str(), "engineer" | "manager"))
        })
    })
}

/// "You'll report to Dana Reyes, Director of Mobile", "Reports To: Manager, Data": a sentence
/// saying whom the hire reports to. A person's name (two capitalised words) or a title follows
/// the cue; "weekly reports to Leadership using Airflow" and "report to stakeholders" are work.
pub(super) fn reporting_line(line: &str) -> bool {
    const NEAR: usize = 3;
    let w = data::words();
    let (lower, at) = text::lowercase_mapped(line);
    let title = |t: &str| {
        let word = t.to_lowercase();
        w.role_nouns.contains(&word) || matches!(word.as_str(), "manager" | "head" | "lead")
    };
    w.reporting_cues.spans_in(&lower).any(|(_, end)| {
        let next: Vec<&str> = line[at[end]..]
            .split_whitespace()
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|t| !t.is_empty())
            .skip_while(|t| {
                matches!(
                    t.to_lowercase().as_str(),
                    "the" | "our" | "a" | "an" | "your"
                )
            })
            .take(NEAR)
            .collect();
        let capital = |i: usize| {
            next.get(i)
                .is_some_and(|t| t.starts_with(char::is_uppercase))
        };
        (capital(0) && capital(1)) || next.iter().any(|t| title(t))
    })
}

/// "reports to the Manager, Data Engineering", "the Director of Mobile Engineering": the group
/// a person's title names.
pub(super) fn after_a_role(term: &str, job: &Job) -> bool {
    let w = data::words();
    let lower = term.to_lowercase();
    job.lines.iter().any(|line| {
        let text = line.text.to_lowercase();
        text.match_indices(&lower).any(|(at, _)| {
            let before: Vec<String> = text::last_words(&text[..at], 2);
            let mut back = before.iter().rev();
            let mut prev = back.next();
            if prev.is_some_and(|p| p == "of") {
                prev = back.next();
            }
            prev.is_some_and(|p| w.role_nouns.contains(p) || p == "manager")
        })
    })
}

/// The posting's texts as [`names_a_unit`] reads them, made once: every candidate term of a
/// posting is looked for in all of them, and a long posting has many.
pub(super) struct Texts(Vec<Text>);

struct Text {
    lower: String,
    words: Vec<String>,
    /// Whitespace-separated tokens without their edge punctuation, lowercased, and whether each
    /// was written with a capital.
    tokens: Vec<(String, bool)>,
}

impl Texts {
    pub(super) fn of(job: &Job) -> Texts {
        let texts = all_text(job).map(|line| {
            let lower = line.to_lowercase();
            let tokens = line
                .split_whitespace()
                .map(|t| t.trim_matches(|c: char| !(c.is_alphanumeric() || c == '&')))
                .filter(|t| !t.is_empty())
                .map(|t| (t.to_lowercase(), t.starts_with(char::is_uppercase)))
                .collect();
            Text {
                words: text::words(&lower),
                lower,
                tokens,
            }
        });
        Texts(texts.collect())
    }
}

/// Whether the posting calls `term` one of its own groups: "the Core Services team", "the
/// Mobile Checkout & Trips team", or one of the groups it lists: "three teams (Dispatch,
/// Tracking, and Billing & Settlement)".
pub(super) fn names_a_unit(term: &str, texts: &Texts) -> bool {
    let wanted = text::words(term);
    let units = &data::words().unit_nouns;
    if wanted.len() == 1 && units.contains(&wanted[0]) {
        return true;
    }
    let lower = term.to_lowercase();
    texts.0.iter().any(|t| {
        let named = t
            .words
            .windows(wanted.len() + 1)
            .any(|w| w[..wanted.len()] == wanted[..] && units.contains(&w[wanted.len()]));
        named || listed_after_unit(&t.lower, &lower) || coordinated_unit(&wanted, &t.tokens)
    })
}

/// Whether `wanted` (a term's words) is one of names joined before a unit noun: "our Dispatch
/// and Tracking teams", "the Search, Ads & Feed groups". The words between are capitalised
/// names or "and", "&", "or", with at least one of those joining words.
fn coordinated_unit(wanted: &[String], tokens: &[(String, bool)]) -> bool {
    const MAX_BETWEEN: usize = 6;
    let joins = |t: &str| matches!(t, "and" | "&" | "or");
    (0..tokens.len().saturating_sub(wanted.len())).any(|i| {
        let here = tokens[i..i + wanted.len()]
            .iter()
            .zip(wanted)
            .all(|((t, _), w)| t == w);
        if !here {
            return false;
        }
        let between: Vec<&(String, bool)> = tokens[i + wanted.len()..]
            .iter()
            .take_while(|(t, capital)| joins(t) || *capital)
            .take(MAX_BETWEEN + 1)
            .collect();
        let unit = tokens.get(i + wanted.len() + between.len());
        between.len() <= MAX_BETWEEN
            && between.iter().any(|(t, _)| joins(t))
            && unit.is_some_and(|(u, _)| data::words().unit_nouns.contains(u))
    })
}

/// Whether every word of `term` stands in a closed parenthesis right after a plural unit noun:
/// "three teams (Dispatch, Tracking)" lists groups, where "the Platform team (Go, AWS)" lists
/// what one group uses.
fn listed_after_unit(text: &str, term: &str) -> bool {
    // Where each ')' is, found once: a line with many '(' is read once, not once per '('.
    let closes: Vec<usize> = text.match_indices(')').map(|(at, _)| at).collect();
    text.match_indices('(').any(|(at, _)| {
        let Some(&close) = closes.get(closes.partition_point(|&c| c <= at)) else {
            return false;
        };
        let listed = text::words(&text[at + 1..close]);
        text::last_words(&text[..at], 1)
            .last()
            .is_some_and(|w| w.ends_with('s') && data::words().unit_nouns.contains(w))
            && text::words(term).iter().all(|w| listed.contains(w))
    })
}

/// Whether the posting gives the term only in quotes: a label on a screen (tap "Book") or a
/// word it quotes (say "no"), not a skill.
pub(super) fn only_quoted(term: &str, job: &Job) -> bool {
    const QUOTES: &[char] = &['"', '\'', '\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}'];
    let mut seen = false;
    let all_quoted = job.lines.iter().all(|line| {
        line.text.match_indices(term).all(|(at, m)| {
            seen = true;
            line.text[..at].ends_with(QUOTES) && line.text[at + m.len()..].starts_with(QUOTES)
        })
    });
    seen && all_quoted
}

/// "Lumenfold builds Beacon, a scheduling platform", "our team builds RouteLedger, the dispatch
/// system": the employer's own product, said by what it does with it and what it is.
pub(super) fn made_here(term: &str, job: &Job) -> bool {
    let w = data::words();
    all_text(job).any(|text| {
        text.match_indices(term).any(|(at, m)| {
            let rest = &text[at + m.len()..];
            let described = [", a ", ", an ", ", the "]
                .iter()
                .any(|p| rest.starts_with(p));
            let made = text::last_words(&text[..at], 1)
                .last()
                .is_some_and(|v| w.making_verbs.contains(v));
            described && made
        })
    })
}

/// The most words a unit's name has before its "of" ("Office of Quality and Patient Safety").
const UNIT_NAME_WORDS: usize = 8;

/// "the Office of Quality and Patient Safety", "the Department of Health": a name inside the
/// name of one of the employer's units.
pub(super) fn inside_a_unit_name(term: &str, job: &Job) -> bool {
    let units = &data::words().unit_nouns;
    all_text(job).any(|text| {
        text.match_indices(term).any(|(at, _)| {
            // A unit's name is a few words long: reading further back made a line of thousands
            // of capitalised words ("Go, Go, Go, ...") take seconds.
            let mut back = text[..at]
                .split_whitespace()
                .rev()
                .take(UNIT_NAME_WORDS + 2)
                .skip_while(|w| w.starts_with(char::is_uppercase) || matches!(*w, "and" | "&"));
            back.next() == Some("of")
                && back.next().is_some_and(|u| {
                    u.starts_with(char::is_uppercase) && units.contains(&u.to_lowercase())
                })
        })
    })
}

/// How far after "degree in " the fields of study are looked for.
const FIELDS_BYTES: usize = 300;

/// "a degree in Computer Science, Information Systems or a related field": a field of study the
/// degree names, not a skill. Read in the posting's texts already lowercased once (`texts`).
pub(super) fn field_of_study(term: &str, texts: &Texts) -> bool {
    const ENDS: [&str; 5] = [".", ";", " or a related", " or related", " or equivalent"];
    let lower = term.to_lowercase();
    texts.0.iter().any(|t| {
        let text = &t.lower;
        text.match_indices("degree in ").any(|(at, m)| {
            // The fields follow within a sentence; a long line is not read to its end for each.
            let rest = &text[at + m.len()..];
            let fields = &rest[..rest.floor_char_boundary(FIELDS_BYTES)];
            let end = ENDS
                .iter()
                .filter_map(|e| fields.find(e))
                .min()
                .unwrap_or(fields.len());
            fields[..end].contains(&lower)
        })
    })
}

/// Every text of the posting: its requirement lines, then the text around the role.
fn all_text(job: &Job) -> impl Iterator<Item = &String> {
    job.lines.iter().map(|l| &l.text).chain(&job.context)
}
