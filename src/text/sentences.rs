//! Sentences and bullet lines of a draft or an entry.

/// Sentences of a draft or an entry: split at `.!?` before a space, and at line breaks; bullet marks removed.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = strip_bullet(line.trim());
        let mut start = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ends = matches!(b, b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
            if ends && !is_abbreviation(&line[start..i], &line[i + 1..]) {
                push_sentence(&mut out, &line[start..=i]);
                start = i + 1;
            }
        }
        push_sentence(&mut out, &line[start..]);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s.to_string());
    }
}

/// Whether the `.` after `before` ends an abbreviation rather than the sentence. A title never
/// ends one ("Dr. Okafor"), nor a dated month before its day or year ("on Jan. 5"); "a.m.",
/// "U.S.", "Inc." and the like end one when a capital follows ("paged at 2 a.m. The pager"), not
/// when the sentence goes on ("at 2 a.m. to restart it").
pub fn is_abbreviation(before: &str, after: &str) -> bool {
    let last = before.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    if matches!(
        last.as_str(),
        "e.g" | "i.e" | "vs" | "approx" | "incl" | "mr" | "mrs" | "dr"
    ) {
        return true;
    }
    // Single letters joined by dots: "a.m", "p.m", "u.s".
    let dotted = last.contains('.')
        && last
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    let goes_on = after
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    // A month after a word of date goes on to its day or year ("On Jan. 5 we shipped", "since
    // Sept. 2024"); "We shipped in Jan. The next month..." ends one, as "I spoke with Jan. 2 of
    // you..." does (a name).
    let month = matches!(
        last.as_str(),
        "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    ) && dated(before)
        && day_or_year(after);
    month
        || (dotted || matches!(last.as_str(), "etc" | "inc" | "ltd" | "jr" | "sr"))
            && (goes_on || dotted && opening_phrase(before))
}

/// Whether the word before a month's abbreviation dates it: "on", "since", "by"...
fn dated(before: &str) -> bool {
    let mut words = before.rsplit(' ').filter(|w| !w.is_empty());
    words.next();
    words.next().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "on" | "in"
                | "since"
                | "from"
                | "by"
                | "until"
                | "till"
                | "before"
                | "after"
                | "of"
                | "starting"
                | "early"
                | "mid"
                | "late"
                | "end"
        )
    })
}

/// Whether the text after a month starts with a day (1 to 31, "5th") or a year ("2024").
fn day_or_year(after: &str) -> bool {
    let next = after.split_whitespace().next().unwrap_or("");
    let digits: String = next.chars().take_while(char::is_ascii_digit).collect();
    let rest = next[digits.len()..].trim_end_matches([',', '.', ';', ':', ')']);
    let day = digits.len() <= 2
        && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        && matches!(rest, "" | "st" | "nd" | "rd" | "th");
    day || (digits.len() == 4 && rest.is_empty())
}

/// "At 1:40 a.m.", "In the U.S.": a phrase of time or place that opens the sentence is no
/// sentence itself, so the capital after its abbreviation goes on with it ("At 1:40 a.m. I was
/// paged"), where "It broke at 3 a.m. The pager woke me" ends one.
fn opening_phrase(before: &str) -> bool {
    const MAX_WORDS: usize = 4;
    let mut words = before.split_whitespace();
    let opens = words.next().is_some_and(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "at" | "by"
                | "around"
                | "about"
                | "before"
                | "after"
                | "until"
                | "till"
                | "in"
                | "since"
                | "from"
                | "on"
        )
    });
    opens && words.count() < MAX_WORDS
}

/// A line to quote, cut at the last space before `max` characters with "…" when longer: a
/// posting pasted without punctuation can be one line of many kilobytes.
pub fn clip(line: &str, max: usize) -> String {
    if line.chars().count() <= max {
        return line.to_string();
    }
    // Room for the "…", and a space only where it keeps more than half the room.
    let room = max.saturating_sub(1);
    let end = line.char_indices().nth(room).map_or(line.len(), |(i, _)| i);
    let cut = line[..end]
        .rfind(char::is_whitespace)
        .filter(|&at| line[..at].chars().count() > room / 2)
        .unwrap_or(end);
    format!("{}…", line[..cut].trim_end())
}

/// Whether a sentence asks rather than tells: it ends with a question mark.
pub fn is_question(sentence: &str) -> bool {
    sentence.trim_end().ends_with('?')
}

pub fn strip_bullet(line: &str) -> &str {
    let t = line.trim_start();
    for mark in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(mark) {
            return rest.trim_start();
        }
    }
    match t.split_once(". ") {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => t,
    }
}

/// Sentences with where each stands in `text`, in characters (end exclusive), so a finding
/// about a sentence can point at it.
pub fn located_sentences(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let (mut byte, mut chars) = (0, 0);
    for sentence in sentences(text) {
        let Some(at) = text[byte..].find(&sentence) else {
            continue;
        };
        chars += text[byte..byte + at].chars().count();
        let len = sentence.chars().count();
        out.push((sentence.clone(), chars..chars + len));
        chars += len;
        byte += at + sentence.len();
    }
    out
}
