//! A job posting as copied from a job page: HTML leftovers, typographic quotes and bullets,
//! non-breaking spaces and emoji made plain, and the posting cut into sections, so the
//! requirements can be told from the company intro, the benefits and the legal text.

use super::data;
use crate::text;

mod lines;
mod paste;

use lines::{heading, lost_bullets, normalize, plain_heading, set_apart_heading, strip_bullet};

/// Where a line of a posting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Before the first heading: the company and the role introduced.
    Intro,
    /// Under a heading about the employer ("About Quayside", "Our mission"): only a line that
    /// speaks of the candidate or the work is a requirement, a bullet as much as a sentence.
    Company,
    /// Under a heading about the work or the candidate.
    Role,
    /// Under a heading of what is welcome but not required ("Nice to have", "Bonus points").
    Preferred,
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

/// The section a heading opens: benefits and legal text, what is welcome but not required, the
/// employer ("About Quayside"), or the role; and whether the heading said which, or the role
/// is only what is left ("🎁 The good stuff").
fn section_of(heading: &str) -> (Section, bool) {
    let w = data::words();
    let lower = heading.to_lowercase();
    let words = text::words(&lower);
    let about_work = || words.iter().any(|x| w.work_heading_words.contains(x));
    let section = if w.wrapper_headings.any_in(&lower) {
        Section::Intro
    } else if w.boilerplate_headings.any_in(&lower) || (lines::why_us(&lower) && !about_work()) {
        Section::Boilerplate
    } else if w.preferred_headings.any_in(&lower) && !says_required(&words) {
        Section::Preferred
    } else if w.company_headings.any_in(&lower) && !about_work() {
        Section::Company
    } else if downsides(&lower) {
        // "🙅 Why you might NOT want to join", "This role isn't for you if": the downsides
        // of the job or who should not apply, never what to prepare a story for ("Not just
        // code: what you'll do" is the role's).
        Section::Boilerplate
    } else {
        return (Section::Role, about_work());
    };
    (section, true)
}

/// Whether a heading's words say must-have ("Required and preferred qualifications"), and not
/// in a denial ("Not required, but a plus", "Not strictly required").
fn says_required(words: &[String]) -> bool {
    // Words between a denial and the word it denies ("not strictly required").
    const DENIED_WITHIN: usize = 2;
    let w = data::words();
    words.iter().enumerate().any(|(i, x)| {
        w.required_heading_words.contains(x)
            && !words[i.saturating_sub(DENIED_WITHIN)..i]
                .iter()
                .any(|n| w.heading_negations.contains(n))
    })
}

/// Whether a heading is about the job's downsides or who should not apply: a denial and a
/// word of fit outside brackets, and no word of what is asked ("Why you might NOT want to
/// join"; not "What you'll need (we won't expect all of it)" nor "Don't apply unless you
/// have").
fn downsides(lower: &str) -> bool {
    let w = data::words();
    let mut depth = 0usize;
    let outside: String = lower
        .chars()
        .map(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > 0 || c == ')' { ' ' } else { c }
        })
        .collect();
    let words = text::words(&outside);
    words.iter().any(|x| w.heading_negations.contains(x))
        && w.fit_headings.any_in(&outside)
        && !words.iter().any(|x| w.need_heading_words.contains(x))
}

/// The blocks under a heading that did not say what they are: benefits when most of them read
/// as such ("4 weeks PTO", "Lunch on Fridays", "Your choice of laptop"), a role's lines else.
fn settle(blocks: &mut [Block]) {
    let w = data::words();
    // A line that speaks of the work ("you'll", "experience with") is not a benefit.
    let benefit = |b: &Block| {
        let lower = b.text.to_lowercase();
        b.section == Section::Boilerplate
            || (!w.role_cues.any_in(&lower)
                && text::words(&lower)
                    .iter()
                    .any(|x| w.benefit_words.contains(x)))
    };
    let benefits = blocks.iter().filter(|b| benefit(b)).count();
    if benefits * 2 > blocks.len() {
        blocks
            .iter_mut()
            .for_each(|b| b.section = Section::Boilerplate);
    }
}

/// Cuts a posting into blocks: bullets (a wrapped line continues its bullet) and paragraphs,
/// each with the section it stands in. The first heading, or a short first line, is the title.
pub fn read(raw: &str) -> Posting {
    let text = normalize(raw);
    let lines: Vec<&str> = text.lines().collect();
    let alone = lost_bullets(&lines);
    let set_apart = sets_headings_apart(&lines);
    let mut posting = Posting {
        title: None,
        blocks: Vec::new(),
    };
    let mut section = Section::Intro;
    // How deep the heading that opened `section` is ("## Benefits" is 2), when it is marked.
    let mut depth: Option<usize> = None;
    // Where the blocks under a heading that did not say what they are begin.
    let mut unnamed: Option<usize> = None;
    let mut open = false;
    let mut n = 0;
    for (i, (raw_line, alone)) in lines.iter().zip(alone).enumerate() {
        let line = raw_line.trim();
        if line.is_empty() || alone {
            open = false;
        }
        if line.is_empty() {
            continue;
        }
        n += 1;
        let heading = line_heading(&lines, i, set_apart);
        if let Some(h) = heading {
            if posting.title.is_none() && n == 1 {
                posting.title = Some(h);
            } else {
                let (opened, named) = section_of(&h);
                let level = line.chars().take_while(|&c| c == '#').count();
                // "### 💻 Kit" under "## Benefits" is one of them, and so is a sub-heading under
                // a heading that named nothing either; under the role, the employer ("About
                // Acme", whose "### 🧰 Toolbox" lists skills) or a wrapper ("Job description"),
                // its lines still tell what it is.
                let inside = level > 0
                    && depth.is_some_and(|d| level > d)
                    && (unnamed.is_some()
                        || matches!(section, Section::Boilerplate | Section::Preferred));
                if named || !inside {
                    if let Some(from) = unnamed.take() {
                        settle(&mut posting.blocks[from..]);
                    }
                    section = opened;
                    unnamed = (!named).then_some(posting.blocks.len());
                    depth = (level > 0).then_some(level);
                }
            }
            open = false;
            continue;
        }
        if n == 1 && line.split_whitespace().count() <= 8 && !line.ends_with('.') {
            posting.title = Some(line.to_string());
            continue;
        }
        let here = line_section(line, section);
        // A line of a list that lost its marks is an item ("Mentoring juniors."); a header
        // fact in such a run ("Location: Leeds") is not, nor the lines above the first
        // paragraph, which are the page's header ("Acme · Dublin, Ireland · 2 weeks ago").
        let item = alone && !fact(line) && past_header(here, &posting.blocks);
        add_line(&mut posting.blocks, raw_line, here, open, item);
        open = true;
    }
    if let Some(from) = unnamed {
        settle(&mut posting.blocks[from..]);
    }
    posting
}

/// The heading a line is, if any: a marked one, or a plain line that heads a list or a block,
/// or, in a posting that `set_apart` its headings, one standing alone.
fn line_heading(lines: &[&str], i: usize, set_apart: bool) -> Option<String> {
    let line = lines[i].trim();
    // "What you'll do" over a list, or "About the role" on top of its paragraph, is a
    // heading whatever its case.
    let opens_list = || {
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| strip_bullet(l.trim()).is_some())
    };
    let tops_block = || {
        (i == 0 || lines[i - 1].trim().is_empty())
            && lines.get(i + 1).is_some_and(|l| !l.trim().is_empty())
    };
    heading(line).or_else(|| {
        plain_heading(line).filter(|_| {
            opens_list()
                || tops_block()
                || (set_apart && stands_alone(lines, i) && set_apart_heading(line))
        })
    })
}

/// Whether a line stands alone between blank lines, with more text after it.
fn stands_alone(lines: &[&str], i: usize) -> bool {
    let blank = |l: &&str| l.trim().is_empty();
    (i == 0 || blank(&lines[i - 1]))
        && lines.get(i + 1).is_none_or(blank)
        && lines[i + 1..].iter().any(|l| !blank(l))
}

/// How many known headings standing alone make a posting one whose headings are all set apart
/// by blank lines.
const SET_APART_HEADINGS: usize = 2;

/// Whether the posting sets its headings apart by blank lines on both sides, as a job page
/// copied as text does ("About us", blank, the paragraph): past its title, no heading sits on
/// top of its text or list, and at least `SET_APART_HEADINGS` headings stand alone. Only then
/// does a heading standing alone head what follows: in a posting with other headings, a short
/// line alone is more likely a list item ("Experience with Flink") or a tagline ("Join our
/// growing team").
fn sets_headings_apart(lines: &[&str]) -> bool {
    let (mut marked, mut apart) = (0, 0);
    for (i, l) in lines.iter().enumerate() {
        let line = l.trim();
        if line.is_empty() {
            continue;
        }
        if stands_alone(lines, i) && (heading(line).is_some() || set_apart_heading(line)) {
            apart += 1;
        } else if line_heading(lines, i, false).is_some() {
            marked += 1;
        }
    }
    // The title may be marked or on top of its text.
    marked <= 1 && apart >= SET_APART_HEADINGS
}

/// The section a line stands in: boilerplate when it reads as such (or gives a contact),
/// else the section its heading opened.
fn line_section(line: &str, section: Section) -> Section {
    let boilerplate = data::words().boilerplate_cues.any_in(&line.to_lowercase()) || contact(line);
    if boilerplate {
        Section::Boilerplate
    } else {
        section
    }
}

/// Whether a line is past the page's header: outside the intro, or after the first paragraph.
fn past_header(here: Section, blocks: &[Block]) -> bool {
    here != Section::Intro || blocks.iter().any(|b| !b.bullet && paragraph(&b.text))
}

/// A line of text: a bullet item of its own, or the next line of the open block. A paragraph
/// goes on until a blank line; a bullet wraps onto indented or lowercase lines.
fn add_line(blocks: &mut Vec<Block>, raw_line: &str, here: Section, open: bool, item: bool) {
    let line = raw_line.trim();
    if let Some(text) = strip_bullet(line).or(item.then_some(line)) {
        blocks.push(Block {
            text: text.to_string(),
            bullet: true,
            section: here,
        });
        return;
    }
    // An item cut by a page's line width ("...stakeholders, including our" / "Operations
    // Director and ...") goes on after a word no sentence ends with.
    let cut = |text: &str| {
        text.rsplit(' ').next().is_some_and(|w| {
            crate::text::is_stopword(&w.to_lowercase()) && !w.ends_with(['.', ':', ';', '!', '?'])
        })
    };
    let wraps = raw_line.starts_with([' ', '\t'])
        || line.starts_with(char::is_lowercase)
        || blocks.last().is_some_and(|last| cut(&last.text));
    match blocks.last_mut() {
        Some(last) if open && (!last.bullet || wraps) => {
            last.text.push(' ');
            last.text.push_str(line);
            if here == Section::Boilerplate {
                last.section = here;
            }
        }
        _ => blocks.push(Block {
            text: line.to_string(),
            bullet: false,
            section: here,
        }),
    }
}

/// "Call Rob on 01632 960418 or email rob@acme.example": how to reach the employer.
fn contact(line: &str) -> bool {
    line.split_whitespace().any(|w| {
        w.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    })
}

/// Whether a block is prose: a dozen words or more, not header facts run together with
/// separators ("Acme · Dublin, Ireland (Hybrid) · Reposted 2 weeks ago · Over 100 applicants").
fn paragraph(text: &str) -> bool {
    const PARAGRAPH_WORDS: usize = 12;
    text.split_whitespace().count() >= PARAGRAPH_WORDS && !text.contains(['·', '|', '•'])
}

/// "Location: Leeds", "Reports To: Manager, Data", "Job type: Full-time": a short name, a colon
/// and its value.
fn fact(line: &str) -> bool {
    line.split_once(':').is_some_and(|(key, value)| {
        !value.trim().is_empty()
            && key.split_whitespace().count() <= 3
            && key.starts_with(char::is_uppercase)
    })
}

#[cfg(test)]
mod tests;
