//! The lines of a posting pasted from a job page made plain: entities and odd spaces, bullets
//! run into one line, headings in any of the forms job sites use, lists that lost their marks.

use super::data;
use crate::text;

const ENTITIES: &[(&str, &str)] = &[
    ("&amp;", "&"),
    ("&nbsp;", " "),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", "\""),
    ("&#39;", "'"),
    ("&apos;", "'"),
    ("&rsquo;", "'"),
    ("&lsquo;", "'"),
    ("&rdquo;", "\""),
    ("&ldquo;", "\""),
    ("&mdash;", "-"),
    ("&ndash;", "-"),
    ("&hellip;", "..."),
    ("&bull;", "- "),
];

/// Plain text: tags become line breaks or bullets, entities their characters, invisible and
/// odd spaces ordinary ones, any line end a newline, and bullets run into one line are put
/// back on lines of their own (see [`unfold`]). Typographic quotes stay as written, so a
/// posting's line quoted as evidence is its own text; the readers take both forms.
pub fn normalize(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let after = &rest[open..];
        match after.find('>') {
            // A tag is short and has no line break; anything else is a literal "<".
            Some(close) if close < 80 && !after[..close].contains('\n') => {
                let tag = after[1..close].trim_start_matches('/').to_ascii_lowercase();
                let name = tag.split([' ', '/']).next().unwrap_or("");
                text.push_str(match name {
                    "li" if !after[1..].starts_with('/') => "\n- ",
                    "h1" | "h2" | "h3" | "h4" if !after[1..].starts_with('/') => "\n# ",
                    "br" | "p" | "div" | "ul" | "ol" | "li" | "h1" | "h2" | "h3" | "h4" | "tr" => {
                        "\n"
                    }
                    _ => "",
                });
                rest = &after[close + 1..];
            }
            _ => {
                text.push('<');
                rest = &after[1..];
            }
        }
    }
    text.push_str(rest);
    for (entity, plain) in ENTITIES {
        if text.contains(entity) {
            text = text.replace(entity, plain);
        }
    }
    let plain: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\t' => Some(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{fe0f}' => None,
            '\r' => Some('\n'),
            c => Some(c),
        })
        .collect();
    let pasted = super::paste::clean(plain.lines());
    let lines: Vec<&str> = pasted.iter().map(String::as_str).collect();
    emoji_lists(&lines)
        .iter()
        .map(|l| unfold(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lists whose items open with an emoji ("🚀 Ship features", "✅ You know React"): a line
/// that opens with the same symbol as the line before or after it is a bullet. A lone symbol
/// ("📍 Brooklyn · 💵 $150k") marks a header fact, not a list.
fn emoji_lists(lines: &[&str]) -> Vec<String> {
    let mark = |l: &str| {
        let t = l.trim_start();
        let c = t.chars().next().filter(|&c| pictograph(c))?;
        t[c.len_utf8()..].starts_with(' ').then_some(c)
    };
    let marks: Vec<Option<char>> = lines.iter().map(|l| mark(l)).collect();
    let near = |i: usize| {
        let before = lines[..i].iter().rposition(|l| !l.trim().is_empty());
        let after = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
        [before, after].into_iter().flatten().map(|j| marks[j])
    };
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| match marks[i] {
            Some(c) if near(i).any(|m| m == Some(c)) => {
                let t = line.trim_start();
                format!("- {}", t[c.len_utf8()..].trim_start())
            }
            _ => line.to_string(),
        })
        .collect()
}

/// Symbols and emoji that job pages use as bullet marks: arrows, dingbats ("✅"), pictographs
/// ("🚀", "👉").
fn pictograph(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x21FF | 0x2300..=0x23FF | 0x25A0..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

/// Bullets a job page ran into one line put back on lines of their own: "Skills: • Go •
/// Kafka" is a heading and two items. Marks that only separate the parts of a header ("Senior
/// Engineer • Berlin • Full-time") are left alone: a list starts the line or follows a colon or
/// a full stop. A sentence that ends on a heading ("...pipelines. Requirements:") is split too.
fn unfold(line: &str) -> String {
    const INLINE: &[&str] = &[" • ", " ● ", " ▪ ", " ◦ "];
    let first = INLINE.iter().filter_map(|m| line.find(m)).min();
    let leading = strip_bullet(line).is_some();
    let marks = INLINE
        .iter()
        .map(|m| line.matches(m).count())
        .sum::<usize>()
        + usize::from(leading);
    let starts_list = first.is_some_and(|at| {
        let before = line[..at].trim_end();
        leading || before.ends_with(':') || before.ends_with('.')
    });
    let mut out = line.to_string();
    if marks >= 2 && starts_list {
        for mark in INLINE {
            out = out.replace(mark, &format!("\n{}", mark.trim_start()));
        }
    }
    out.lines()
        .flat_map(split_trailing_heading)
        .collect::<Vec<_>>()
        .join("\n")
}

/// "Own our Kafka pipelines. Requirements:" is a sentence and a heading; "Experience with
/// cloud, e.g. AWS or GCP:" and "1. What you'll do:" are one line each.
fn split_trailing_heading(line: &str) -> Vec<String> {
    let split = line
        .trim_end()
        .ends_with(':')
        .then(|| line.rfind(". "))
        .flatten()
        .filter(|&at| {
            let head = line[..at].trim_start_matches(|c: char| !c.is_alphanumeric());
            let last = head.rsplit(' ').next().unwrap_or_default().to_lowercase();
            let abbreviation = matches!(last.as_str(), "e.g" | "i.e" | "etc" | "incl");
            !abbreviation
                && !head.chars().all(|c| c.is_ascii_digit())
                && known_heading(&line[at + 2..].to_lowercase())
        });
    match split {
        Some(at) => vec![line[..=at].to_string(), line[at + 2..].to_string()],
        None => vec![line.to_string()],
    }
}

/// Whether a heading's words are ones postings head their sections with: benefits, the
/// employer, the work or the candidate ("Requirements", "What you'll do", "About us").
pub(super) fn known_heading(lower: &str) -> bool {
    let w = data::words();
    names_a_section(lower)
        || w.role_cues.any_in(lower)
        || text::words(lower)
            .iter()
            .any(|x| w.work_heading_words.contains(x))
}

/// Whether a lowercased heading names its section in the section lists' words: benefits, what
/// is welcome, the employer, the job site's wrapper ("About the job"), or "Why Acme?".
fn names_a_section(lower: &str) -> bool {
    let w = data::words();
    why_us(lower)
        || w.boilerplate_headings.any_in(lower)
        || w.preferred_headings.any_in(lower)
        || w.company_headings.any_in(lower)
        || w.wrapper_headings.any_in(lower)
}

/// "Why Harborline?", "Why us? 🌟": a short question heading over what the employer offers.
pub(super) fn why_us(lower: &str) -> bool {
    let t = lower
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '?')
        .trim_end();
    let words = text::words(t);
    t.ends_with('?') && words.first().is_some_and(|w| w == "why") && (2..=3).contains(&words.len())
}

/// Bullet marks as they come from job pages: "- ", "• ", "● ", "– ", "1. ", "2) "...
pub(super) fn strip_bullet(line: &str) -> Option<&str> {
    // Word processors' bullets come out of a PDF as private-use characters ('\u{f0b7}').
    const MARKS: &[char] = &[
        '-', '*', '+', '•', '●', '◦', '▪', '■', '–', '—', '·', '‣', '✓', '✔', '➤', '►', '→', '▸',
        '▹', '◆', '◇', '❖', '➢', '⁃', '\u{f0b7}', '\u{f0a7}', '\u{f076}', '\u{f0d8}', '\u{f0fc}',
    ];
    let t = line.trim_start();
    // "o Item": the letter o as a mark, as a PDF's second-level bullets come out.
    if let Some(rest) = t.strip_prefix("o ")
        && rest.starts_with(char::is_uppercase)
    {
        return Some(rest.trim_start());
    }
    if let Some(rest) = t.strip_prefix(MARKS)
        && rest.starts_with(' ')
    {
        // "<li>1. Lead the team</li>" keeps its number after the mark.
        let rest = rest.trim_start();
        return Some(numbered(rest).unwrap_or(rest));
    }
    numbered(t)
}

/// The item of a numbered line: "1. Lead the team", "2) Hire".
fn numbered(t: &str) -> Option<&str> {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[digits..];
    ((1..=2).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then(|| rest[2..].trim_start())
}

/// A heading: Markdown `#`, a wholly bold line, or a short line ending with a colon.
pub(super) fn heading(line: &str) -> Option<String> {
    let t = line.trim();
    let clean = |h: &str| {
        h.trim_matches(|c: char| {
            c == '*'
                || c == '_'
                || c == ':'
                || c == '#'
                || c.is_whitespace()
                || !c.is_alphanumeric() && !c.is_ascii_punctuation()
        })
        .trim_end_matches(':')
        .trim()
        .to_string()
    };
    if let Some(h) = t.strip_prefix('#') {
        return Some(clean(h));
    }
    let words = t.split_whitespace().count();
    // "RESPONSIBILITIES", "WHAT YOU'LL DO": a short line in capitals that heads a section, not
    // an acronym ("- GDPR", "AWS / GCP") or a header fact ("FULL TIME", "100% REMOTE").
    let capitals = t.chars().filter(|c| c.is_uppercase()).count();
    if capitals >= 4
        && words <= 6
        && !t.chars().any(|c| c.is_lowercase() || c.is_ascii_digit())
        && strip_bullet(t).is_none()
        && known_heading(&t.to_lowercase())
    {
        return Some(clean(t));
    }
    // "What You'll Do", "Minimum Qualifications", "Benefits at Northvale": a short line in
    // Title Case that names a section.
    let title_case = t
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .all(|w| w.starts_with(char::is_uppercase));
    if title_case && let Some(h) = plain_heading(t) {
        return Some(h);
    }
    // "**Benefits** 🎒": an emoji after the bold text is part of the heading.
    let marked = t.trim_end_matches(|c: char| !c.is_ascii()).trim_end();
    let bold = t.starts_with("**") && marked.ends_with("**");
    // "**A** and **B**" is bold text in a sentence, not a heading.
    let inner = marked.strip_prefix("**").unwrap_or(marked);
    if (bold || t.ends_with(':'))
        && words <= 8
        && !inner.trim_end_matches(['*', ' ']).contains("**")
    {
        return Some(clean(t));
    }
    None
}

/// A heading that can stand alone with nothing under it to say so: one the section lists name
/// ("Benefits", "About Acme", "Nice to have"), or a few words of the role's that name nothing
/// and ask nothing ("The role", "What we're looking for"), not a list item ("Experience with
/// Flink", "You ship Rust") nor a line of text ("Your team travels together").
pub(super) fn set_apart_heading(t: &str) -> bool {
    const WORDS: usize = 4;
    let w = data::words();
    let lower = t.to_lowercase();
    let listed = names_a_section(&lower);
    let words = text::words(&lower);
    // "Schedule is flexible" says something; a heading names.
    let states = words
        .iter()
        .any(|x| matches!(x.as_str(), "is" | "are" | "was" | "were"));
    let names = t
        .split_whitespace()
        .skip(1)
        .any(|x| x.starts_with(char::is_uppercase));
    let opens = words.first().is_some_and(|x| {
        matches!(
            x.as_str(),
            "what" | "who" | "why" | "how" | "where" | "about" | "the"
        )
    });
    plain_heading(t).is_some()
        && !states
        && (listed
            || (words.len() <= WORDS
                && !names
                && !w.skill_cues.any_in(&lower)
                && (words.len() <= 2 || opens)))
}

/// A short line without punctuation that names a section ("What you'll do", "Nice to haves"),
/// read as a heading when its case or the list under it says so; not a header fact
/// ("Department: Data & Analytics") nor a requirement ("Strong Go skills, Kafka").
pub(super) fn plain_heading(t: &str) -> Option<String> {
    (t.split_whitespace().count() <= 6
        && t.starts_with(char::is_uppercase)
        && !t.ends_with(['.', ',', ';'])
        && !t.contains([':', ',', '|'])
        && !t.chars().any(|c| c.is_ascii_digit())
        && strip_bullet(t).is_none()
        && known_heading(&t.to_lowercase()))
    .then(|| t.trim().to_string())
}

/// The lines of a list whose bullet marks were lost in copying (a job site's list pasted as
/// plain lines): a run of three or more lines, neither headings nor bullets, each opening with a
/// capital or a digit and none ending on a comma. Each such line is an item of its own, not a
/// wrapped line of one paragraph; wrapped prose seldom opens every line with a capital.
pub(super) fn lost_bullets(lines: &[&str]) -> Vec<bool> {
    let plain = |l: &str| {
        let t = l.trim();
        !t.is_empty() && heading(t).is_none() && strip_bullet(t).is_none()
    };
    // "gRPC and REST APIs", "iOS release trains": a name in mixed case opens an item too.
    let item = |l: &str| {
        let t = l.trim();
        let first = t.split_whitespace().next().unwrap_or_default();
        let name = first.chars().skip(1).any(char::is_uppercase);
        (t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || name)
            && !t.ends_with(',')
    };
    let mut alone = vec![false; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let run = lines[start..].iter().take_while(|l| plain(l)).count();
        if run >= 3 && lines[start..start + run].iter().all(|l| item(l)) {
            alone[start..start + run].fill(true);
        }
        start += run.max(1);
    }
    alone
}
