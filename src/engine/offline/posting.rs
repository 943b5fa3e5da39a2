//! A job posting as copied from a job page: HTML leftovers, typographic quotes and bullets,
//! non-breaking spaces and emoji made plain, and the posting cut into sections, so the
//! requirements can be told from the company intro, the benefits and the legal text.

use super::data;
use crate::text;

/// Where a line of a posting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before the first heading: the company and the role introduced.
    Intro,
    /// Under a heading about the work or the candidate.
    Role,
    /// Benefits, compensation, equal-opportunity and application text.
    Boilerplate,
}

/// One block of a posting: a bullet item (with its wrapped lines) or a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub text: String,
    pub bullet: bool,
    pub section: Section,
}

/// The posting read: its title (the first heading or short first line) and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Posting {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
}

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
/// odd spaces ordinary ones. Typographic quotes stay as written, so a posting's line quoted as
/// evidence is its own text; the readers take both forms.
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
        .chars()
        .filter_map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\t' => Some(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{fe0f}' | '\r' => None,
            c => Some(c),
        })
        .collect();
    plain.lines().map(unfold).collect::<Vec<_>>().join("\n")
}

/// Bullets a job page ran into one line put back on lines of their own: "Skills: • Go •
/// Kafka" is a heading and two items, and "...pipelines. Requirements:" ends on a heading.
fn unfold(line: &str) -> String {
    const INLINE: &[&str] = &[" • ", " ● ", " ▪ ", " ◦ "];
    let mut out = line.to_string();
    if INLINE
        .iter()
        .map(|m| line.matches(m).count())
        .sum::<usize>()
        >= 2
    {
        for mark in INLINE {
            out = out.replace(mark, &format!("\n{}", mark.trim_start()));
        }
    }
    out.lines()
        .flat_map(|l| {
            // A sentence followed by a short heading on the same line: "Own it. Requirements:".
            let split = l.trim_end().ends_with(':').then(|| l.rfind(". ")).flatten();
            match split {
                Some(at) if l[at + 2..].split_whitespace().count() <= 3 => {
                    vec![l[..=at].to_string(), l[at + 2..].to_string()]
                }
                _ => vec![l.to_string()],
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Bullet marks as they come from job pages: "- ", "• ", "● ", "– ", "1. ", "2) "...
fn strip_bullet(line: &str) -> Option<&str> {
    const MARKS: &[char] = &[
        '-', '*', '+', '•', '●', '◦', '▪', '■', '–', '—', '·', '‣', '✓', '✔', '➤', '►', '→',
    ];
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(MARKS)
        && rest.starts_with(' ')
    {
        return Some(rest.trim_start());
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[digits..];
    if (1..=2).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")) {
        return Some(rest[2..].trim_start());
    }
    None
}

/// A heading: Markdown `#`, a wholly bold line, or a short line ending with a colon.
fn heading(line: &str) -> Option<String> {
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
    // "RESPONSIBILITIES", "WHAT YOU'LL DO": a short line in capitals, not a list of acronyms.
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 4 && words <= 6 && !t.contains(',') && !t.chars().any(char::is_lowercase) {
        return Some(clean(t));
    }
    let bold = t.starts_with("**")
        && t.trim_end_matches(|c: char| !c.is_ascii())
            .trim_end()
            .ends_with("**");
    // "**A** and **B**" is bold text in a sentence, not a heading.
    let inner = t.strip_prefix("**").unwrap_or(t);
    if (bold || t.ends_with(':'))
        && words <= 8
        && !inner.trim_end_matches(['*', ' ']).contains("**")
    {
        return Some(clean(t));
    }
    None
}

/// The section a heading opens: benefits and legal text, the employer ("About Quayside"), or
/// the role.
fn section_of(heading: &str) -> Section {
    let w = data::words();
    let lower = heading.to_lowercase();
    let about_work = || {
        text::words(&lower)
            .iter()
            .any(|x| w.work_heading_words.contains(x))
    };
    if w.boilerplate_headings.any_in(&lower) {
        Section::Boilerplate
    } else if w.company_headings.any_in(&lower) && !about_work() {
        Section::Intro
    } else {
        Section::Role
    }
}

/// Cuts a posting into blocks: bullets (a wrapped line continues its bullet) and paragraphs,
/// each with the section it stands in. The first heading, or a short first line, is the title.
pub fn read(raw: &str) -> Posting {
    let text = normalize(raw);
    let lines: Vec<&str> = text.lines().collect();
    let alone = lost_bullets(&lines);
    let mut title: Option<String> = None;
    let mut blocks: Vec<Block> = Vec::new();
    let mut section = Section::Intro;
    let mut open = false;
    let mut n = 0;
    for (raw_line, alone) in lines.into_iter().zip(alone) {
        let line = raw_line.trim();
        if line.is_empty() {
            open = false;
            continue;
        }
        if alone {
            open = false;
        }
        n += 1;
        if let Some(h) = heading(line) {
            if title.is_none() && n == 1 {
                title = Some(h);
            } else {
                section = section_of(&h);
            }
            open = false;
            continue;
        }
        if n == 1 && line.split_whitespace().count() <= 8 && !line.ends_with('.') {
            title = Some(line.to_string());
            continue;
        }
        let boilerplate = data::words().boilerplate_cues.any_in(&line.to_lowercase());
        let here = if boilerplate {
            Section::Boilerplate
        } else {
            section
        };
        if let Some(item) = strip_bullet(line) {
            blocks.push(Block {
                text: item.to_string(),
                bullet: true,
                section: here,
            });
            open = true;
            continue;
        }
        // A paragraph goes on until a blank line; a bullet wraps onto indented or lowercase lines.
        let wraps = raw_line.starts_with([' ', '\t']) || line.starts_with(char::is_lowercase);
        match blocks.last_mut() {
            Some(last) if open && (!last.bullet || wraps) => {
                last.text.push(' ');
                last.text.push_str(line);
                if here == Section::Boilerplate {
                    last.section = here;
                }
            }
            _ => {
                blocks.push(Block {
                    text: line.to_string(),
                    bullet: false,
                    section: here,
                });
                open = true;
            }
        }
    }
    Posting { title, blocks }
}

/// The lines of a list whose bullet marks were lost in copying (a job site's list pasted as
/// plain lines): a run of three or more lines, neither headings nor bullets, each opening with a
/// capital or a digit and none ending on a comma. Each such line is an item of its own, not a
/// wrapped line of one paragraph; wrapped prose seldom opens every line with a capital.
fn lost_bullets(lines: &[&str]) -> Vec<bool> {
    let plain = |l: &str| {
        let t = l.trim();
        !t.is_empty() && heading(t).is_none() && strip_bullet(t).is_none()
    };
    let item = |l: &str| {
        let t = l.trim();
        t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) && !t.ends_with(',')
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_entities_and_spaces_become_plain_text_and_quotes_stay_as_written() {
        let t = normalize(
            "<p>You&rsquo;ll own&nbsp;SLOs &amp; on\u{a0}call<br>and “postmortems”</p> 5 < 6",
        );
        assert_eq!(
            t.trim(),
            "You'll own SLOs & on call\nand \u{201c}postmortems\u{201d}\n 5 < 6"
        );
    }

    #[test]
    fn a_heading_about_the_employer_opens_its_intro_and_one_about_the_role_does_not() {
        let sections =
            |raw: &str| -> Vec<Section> { read(raw).blocks.iter().map(|b| b.section).collect() };
        let posting = "# SRE\n\n**About Quayside**\n\nWe serve Europe.\n\n\
                       **About the role**\n\nYou run Kafka.\n\nOur mission:\n\nSafe money.\n";
        assert_eq!(
            sections(posting),
            [Section::Intro, Section::Role, Section::Intro]
        );
        assert_eq!(
            sections("# SRE\n\n## About you\n\nYou run Kafka.\n"),
            [Section::Role]
        );
    }

    #[test]
    fn headings_in_capitals_and_bullets_run_into_one_line_are_read_as_written() {
        let p = read(
            "Backend Engineer at Acme. Responsibilities: • Build Go services • Own Kafka. \
             Requirements: • 5+ years with Go\r\n\r\nBENEFITS\r\n\r\n- Free lunch\r\n",
        );
        let items: Vec<(&str, bool, Section)> = p
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.bullet, b.section))
            .collect();
        assert_eq!(
            items,
            [
                ("Backend Engineer at Acme.", false, Section::Intro),
                ("Build Go services", true, Section::Role),
                ("Own Kafka.", true, Section::Role),
                ("5+ years with Go", true, Section::Role),
                ("Free lunch", true, Section::Boilerplate),
            ]
        );
        assert_eq!(heading("SQL, AWS, GCP"), None);
        assert_eq!(heading("AWS"), None);
    }

    #[test]
    fn lines_of_a_list_that_lost_its_bullets_are_items_and_wrapped_prose_is_one_paragraph() {
        let texts =
            |raw: &str| -> Vec<String> { read(raw).blocks.into_iter().map(|b| b.text).collect() };
        assert_eq!(
            texts(
                "# SRE\n\nWhat you'll do:\nOwn the ledger\nLead incident reviews\n\
                 Mentor two engineers\n"
            ),
            [
                "Own the ledger",
                "Lead incident reviews",
                "Mentor two engineers"
            ]
        );
        assert_eq!(
            texts(
                "# SRE\n\nYou will run our Kafka clusters and\nlead the on-call rotation for\nPayments.\n"
            ),
            ["You will run our Kafka clusters and lead the on-call rotation for Payments."]
        );
    }

    #[test]
    fn bullets_of_every_kind_are_items_and_sections_are_told_apart() {
        let p = read(
            "<h1>Staff Engineer</h1>\nAcme builds rockets in Lisbon.\n\n**What you'll do**\n• Own the on-call rotation\n  for the launch services\n● Mentor engineers\n2) Write postmortems\n\nBenefits 🎁:\n- Free lunch\nAcme is an equal opportunity employer.",
        );
        assert_eq!(p.title.as_deref(), Some("Staff Engineer"));
        let items: Vec<(&str, bool, Section)> = p
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.bullet, b.section))
            .collect();
        assert_eq!(
            items,
            [
                ("Acme builds rockets in Lisbon.", false, Section::Intro),
                (
                    "Own the on-call rotation for the launch services",
                    true,
                    Section::Role
                ),
                ("Mentor engineers", true, Section::Role),
                ("Write postmortems", true, Section::Role),
                ("Free lunch", true, Section::Boilerplate),
                (
                    "Acme is an equal opportunity employer.",
                    false,
                    Section::Boilerplate
                ),
            ]
        );
    }
}
