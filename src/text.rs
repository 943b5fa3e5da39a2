//! Text analysis shared by the bank, the engines and the critique: words, stems, sentences and measures.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "during", "each", "for", "from", "had", "has", "have", "having", "he", "her", "here",
    "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most",
    "my", "myself", "no", "nor", "not", "of", "on", "once", "only", "or", "other", "our", "ours",
    "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
    "i'm", "i've", "i'd", "you've", "you're", "you'd", "we're", "we've", "didn't", "don't",
    "doesn't", "wasn't", "weren't", "isn't", "aren't", "won't", "can't", "couldn't", "let's",
];

/// Irregular past forms mapped to their base, so "led" meets "lead" and "left" meets "leave".
const IRREGULAR: &[(&str, &str)] = &[
    ("led", "lead"),
    ("left", "leave"),
    ("made", "make"),
    ("took", "take"),
    ("built", "build"),
    ("ran", "run"),
    ("went", "go"),
    ("gave", "give"),
    ("chose", "choose"),
    ("grew", "grow"),
    ("taught", "teach"),
    ("thought", "think"),
    ("brought", "bring"),
    ("sold", "sell"),
    ("felt", "feel"),
    ("met", "meet"),
    ("wrote", "write"),
    ("began", "begin"),
    ("kept", "keep"),
    ("fell", "fall"),
    ("broke", "break"),
    ("spoke", "speak"),
    ("found", "find"),
    ("got", "get"),
    ("knew", "know"),
    ("saw", "see"),
    ("said", "say"),
    ("told", "tell"),
    ("drove", "drive"),
    ("won", "win"),
    ("lost", "lose"),
    ("failed", "fail"),
    ("learnt", "learn"),
    ("men", "man"),
];

static STOPWORD_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

pub fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

/// Lowercased words: letters, digits and inner apostrophes; a possessive `'s` is dropped.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase().replace('’', "'");
            match w.strip_suffix("'s") {
                Some(base) if !base.is_empty() => base.to_string(),
                _ => w,
            }
        })
        .collect()
}

/// The stem of one lowercase word, after undoing irregular past forms.
pub fn stem(word: &str) -> String {
    thread_local! {
        // Texts repeat the same few thousand words; stemming each once per thread is enough.
        static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    const MEMO_LIMIT: usize = 50_000;
    if let Some(hit) = MEMO.with(|m| m.borrow().get(word).cloned()) {
        return hit;
    }
    let base = IRREGULAR
        .iter()
        .find(|(form, _)| *form == word)
        .map_or(word, |(_, base)| base);
    let stemmed = STEMMER.stem(base).into_owned();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.insert(word.to_string(), stemmed.clone());
    });
    stemmed
}

/// Whether a word is a past-tense form: "was", "needed", "took".
pub fn is_past_form(word: &str) -> bool {
    matches!(word, "was" | "were" | "had" | "did")
        || (word.len() > 3 && word.ends_with("ed"))
        || IRREGULAR.iter().any(|(form, _)| *form == word)
}

/// Whether two words with the same stem are really one word family: "fail"/"failed" and
/// "collaborate"/"collaboration" are; "performer"/"performance", "product"/"productivity" and
/// "experience"/"experiment" are not. Past their shared letters, each word may only go on
/// with an ending that inflects or names the act.
pub fn same_word_family(a: &str, b: &str) -> bool {
    if a == b || IRREGULAR.iter().any(|(form, _)| *form == a || *form == b) {
        return true;
    }
    // Shared letters, counted in bytes of whole characters so the rests slice cleanly.
    let common: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (rest_a, rest_b) = (&a[common..], &b[common..]);
    if !ENDINGS.contains(&rest_a) || !ENDINGS.contains(&rest_b) {
        return false;
    }
    // A person ("performer", "manager") is not the activity ("performance", "manage").
    let agent = |w: &str| w.len() > 4 && ["er", "ers", "or", "ors"].iter().any(|s| w.ends_with(s));
    agent(a) == agent(b) || rest_a.is_empty() || rest_b.is_empty()
}

/// Whether `rest` can end a word begun by a lexicon fragment ("automat" + "ically", "resilien"
/// + "ce"), so that "drive" reaches "drives" but not "driven".
pub fn is_word_ending(rest: &str) -> bool {
    ENDINGS.contains(&rest) || FRAGMENT_ENDINGS.contains(&rest)
}

const FRAGMENT_ENDINGS: &[&str] = &[
    "ce", "cy", "t", "ts", "m", "sis", "ses", "tic", "tics", "ze", "zed", "ically", "ic", "ics",
    "ship", "ships", "ism", "ist", "ists", "ate", "ated", "ating",
];

const ENDINGS: &[&str] = &[
    "", "s", "es", "ed", "d", "ing", "ings", "e", "er", "ers", "ly", "al", "ally", "ion", "ions",
    "ation", "ations", "ment", "ments", "ive", "ness", "le", "ility", "able", "ible", "ity", "ies",
    "y", "ied", "ize", "ise", "ized", "ised", "izing", "ising", "ization", "isation", "ure",
];

/// Words a question means by another name: acronyms with their spelled-out forms, and the
/// everyday names of a few things ("America", "contracting"). A text that says the second of a
/// pair means the first too.
const IMPLIED: &[(&str, &str)] = &[
    ("swe", "software engineer"),
    ("sre", "site reliability"),
    ("cto", "chief technology officer"),
    ("ceo", "chief executive"),
    ("us", "united states"),
    ("ic", "individual contributor"),
    ("em", "engineering manager"),
    ("pm", "product manager"),
    ("ml", "machine learning"),
    ("ai", "artificial intelligence"),
    ("qa", "quality assurance"),
    ("oss", "open source"),
    ("k8s", "kubernetes"),
    ("us", "america"),
    ("us", "u.s."),
    ("freelance", "contractor"),
    ("freelance", "contracted"),
    ("freelance", "contracting"),
    ("freelance", "consultant"),
    ("freelance", "consulting"),
    ("freelance", "side job"),
    ("freelance", "side project"),
    ("backend", "back-end"),
    ("backend", "back end"),
    ("backend", "server-side"),
    ("sre", "reliability engineer"),
];

/// Words a text implies by another name ("software engineering" -> "swe").
pub fn implied_words(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    IMPLIED
        .iter()
        .filter(|(_, long)| lower.contains(long))
        .map(|(short, _)| *short)
        .collect()
}

/// Content stems of a text: stopwords removed, every other word stemmed. The unit of all matching.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .iter()
        .filter(|w| !is_stopword(w))
        .map(|w| stem(w))
        .collect()
}

/// Stems of every word, stopwords included, for matching multi-word phrases ("tell me about yourself").
pub fn all_stems(text: &str) -> Vec<String> {
    words(text).iter().map(|w| stem(w)).collect()
}

/// Whether a set of stems holds every content word of a term ("SLOs" is held by "SLO").
pub fn covers(stems: &std::collections::HashSet<String>, term: &str) -> bool {
    let words: Vec<String> = words(term)
        .into_iter()
        .filter(|w| !is_stopword(w))
        .collect();
    let known = |w: &String| {
        stems.contains(&stem(w))
            || w.strip_suffix('s')
                .is_some_and(|one| stems.contains(&stem(one)))
    };
    !words.is_empty() && words.iter().all(known)
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

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
            if ends && !is_abbreviation(&line[start..i]) {
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

fn is_abbreviation(before: &str) -> bool {
    let last = before.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    matches!(
        last.as_str(),
        "e.g" | "i.e" | "vs" | "etc" | "approx" | "mr" | "dr"
    )
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

const MAGNITUDE_WORDS: &[&str] = &[
    "zero",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "dozen",
    "dozens",
    "half",
    "twice",
    "double",
    "doubled",
    "tripled",
    "halved",
    "tenfold",
    "percent",
    "percentage",
];
const SMALL_NUMBERS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety",
];
const UNITS: &[&str] = &[
    "ms",
    "millisecond",
    "milliseconds",
    "second",
    "seconds",
    "sec",
    "secs",
    "s",
    "minute",
    "minutes",
    "min",
    "mins",
    "hour",
    "hours",
    "h",
    "hr",
    "hrs",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "sprint",
    "sprints",
    "quarter",
    "quarters",
    "x",
    "times",
    "k",
    "m",
    "gb",
    "tb",
    "mb",
    "rps",
    "qps",
];

/// Whether a text holds something measurable: a number, percentage, time, count or money.
/// Product versions ("MySQL 5.7") and bare years are not measures.
pub fn has_metric(text: &str) -> bool {
    let raw: Vec<&str> = text.split_whitespace().collect();
    has_spoken_measure(&raw)
        || raw.iter().enumerate().any(|(i, tok)| {
            let word = tok.trim_matches(|c: char| !c.is_alphanumeric() && !"$€£%~+.".contains(c));
            let word = word.trim_end_matches('.');
            if !could_be_measure(word) {
                return false;
            }
            let clean = |j: usize| {
                raw.get(j).map(|n| {
                    n.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
            };
            // "fifty a week", "three per day": the unit may follow "a" or "per".
            let next = match (clean(i + 1), clean(i + 2)) {
                (Some(a), Some(unit))
                    if matches!(a.as_str(), "a" | "an" | "per" | "each")
                        && UNITS.contains(&unit.as_str()) =>
                {
                    Some(unit)
                }
                (next, _) => next,
            };
            let prev = i.checked_sub(1).and_then(|j| raw.get(j)).copied();
            is_numeric_measure(word, prev, next.as_deref())
                || is_word_measure(word, next.as_deref())
        })
}

/// Measures said without a numeral: "a week early", "a full quarter", "by a third", "a couple of
/// hours", "from weekly to daily", "from days to hours".
fn has_spoken_measure(raw: &[&str]) -> bool {
    const TIME: &[&str] = &[
        "second", "minute", "hour", "day", "week", "month", "year", "sprint", "quarter",
    ];
    const FRACTIONS: &[&str] = &[
        "half", "third", "thirds", "quarter", "quarters", "fifth", "tenth",
    ];
    const FREQUENCIES: &[&str] = &[
        "hourly",
        "daily",
        "nightly",
        "weekly",
        "monthly",
        "quarterly",
        "yearly",
        "annually",
    ];
    let words: Vec<String> = raw
        .iter()
        .map(|t| {
            t.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let at = |i: usize| words.get(i).map_or("", String::as_str);
    let time_plural = |w: &str| TIME.iter().any(|t| w.strip_suffix('s') == Some(t));
    (0..words.len()).any(|i| {
        let article = matches!(at(i), "a" | "an" | "one");
        // "a second approach" is an ordinal; "under a second" is a time.
        let ordinal = at(i + 1) == "second"
            && !matches!(
                i.checked_sub(1).map_or("", at),
                "within" | "under" | "in" | "than"
            );
        // "a full quarter", "a whole week": one word may stand between.
        let skip = usize::from(matches!(at(i + 1), "full" | "whole" | "single"));
        (article && !ordinal && TIME.contains(&at(i + 1 + skip)))
            || (article && FRACTIONS.contains(&at(i + 1)) && at(i + 1) != "quarter")
            || (at(i) == "by" && at(i + 1) == "a" && FRACTIONS.contains(&at(i + 2)))
            || (at(i) == "couple" && at(i + 1) == "of" && time_plural(at(i + 2)))
            || (matches!(at(i), "from" | "to")
                && (FREQUENCIES.contains(&at(i + 1)) || time_plural(at(i + 1))))
    })
}

/// A cheap first look, so most words never reach the checks that look at their neighbours.
fn could_be_measure(word: &str) -> bool {
    let numeric = word
        .trim_start_matches(['$', '€', '£', '~', '+'])
        .starts_with(|c: char| c.is_ascii_digit());
    let listed = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    numeric || listed(MAGNITUDE_WORDS) || listed(SMALL_NUMBERS)
}

fn is_numeric_measure(word: &str, prev: Option<&str>, next: Option<&str>) -> bool {
    if word.contains('%') && word.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    let digits = word.trim_start_matches(['$', '€', '£', '~', '+']);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if word.starts_with(['$', '€', '£']) {
        return true;
    }
    let has_unit = next.is_some_and(|n| UNITS.contains(&n) || n.ends_with('s'));
    let is_decimal = digits.contains('.');
    let prev_is_name = prev.is_some_and(|p| p.starts_with(|c: char| c.is_uppercase()));
    if is_decimal && prev_is_name && !has_unit {
        return false;
    }
    let is_year = digits.len() == 4
        && (digits.starts_with("19") || digits.starts_with("20"))
        && digits.bytes().all(|b| b.is_ascii_digit());
    !is_year || has_unit
}

fn is_word_measure(word: &str, next: Option<&str>) -> bool {
    let w = word.to_lowercase();
    if MAGNITUDE_WORDS.contains(&w.as_str()) {
        return true;
    }
    SMALL_NUMBERS.contains(&w.as_str())
        && next.is_some_and(|n| UNITS.contains(&n) || (n.len() > 3 && n.ends_with('s')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_measures_count_as_metrics() {
        for text in [
            "The migration finished a week early.",
            "We had no outages for a full quarter.",
            "Costs fell by a third.",
            "It saved a couple of hours every week.",
            "Deploys went from weekly to daily.",
            "Onboarding went from days to hours.",
            "Pages now load in under a second.",
        ] {
            assert!(has_metric(text), "{text}");
        }
        for text in [
            "Customers were much happier.",
            "I then tried a second approach.",
            "It took a few tries.",
        ] {
            assert!(!has_metric(text), "{text}");
        }
    }

    #[test]
    fn word_families_go_on_only_with_real_endings() {
        for (a, b) in [
            ("collaborate", "collaboration"),
            ("migrate", "migration"),
            ("fail", "failed"),
            ("deploy", "deployment"),
            ("lead", "leader"),
            ("led", "lead"),
        ] {
            assert!(same_word_family(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("product", "productivity"),
            ("experience", "experiment"),
            ("performer", "performance"),
            ("café", "cafè"),
        ] {
            assert!(!same_word_family(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn implied_words_name_the_same_thing_another_way() {
        assert_eq!(implied_words("Why move to America?"), ["us"]);
        assert_eq!(
            implied_words("You were a contractor for startups"),
            ["freelance"]
        );
        assert_eq!(implied_words("Why site reliability?"), ["sre"]);
        assert!(implied_words("Tell us about the usage of your API").is_empty());
    }

    #[test]
    fn words_drop_possessives_and_keep_contractions() {
        assert_eq!(
            words("The team's API didn't fail."),
            ["the", "team", "api", "didn't", "fail"]
        );
    }

    #[test]
    fn stems_meet_across_forms_and_irregular_pasts() {
        assert_eq!(stem("freelancer"), stem("freelance"));
        assert_eq!(stem("led"), stem("lead"));
        assert_eq!(stem("left"), stem("leave"));
        assert_eq!(terms("Why did you leave?"), ["leav"]);
    }

    #[test]
    fn sentences_split_on_punctuation_and_lines_not_decimals() {
        let s =
            sentences("We ran MySQL 5.7 in prod. It broke! Did it?\n- I fixed it, e.g. the schema");
        assert_eq!(
            s,
            [
                "We ran MySQL 5.7 in prod.",
                "It broke!",
                "Did it?",
                "I fixed it, e.g. the schema"
            ]
        );
    }

    #[test]
    fn metrics_are_numbers_units_and_money() {
        for yes in [
            "cut latency by 40%",
            "from 30 minutes to 5 minutes",
            "within about one second",
            "saved $12k a year",
            "three thousand servers",
            "median fell from three days to one",
            "5k servers",
            "served 2 teams",
        ] {
            assert!(has_metric(yes), "{yes}");
        }
    }

    #[test]
    fn versions_years_and_vague_words_are_not_metrics() {
        for no in [
            "moved from MySQL 5.7 to MySQL 8.0",
            "Everything went fine in the end.",
            "in 2021 we shipped it",
            "one of the hardest projects",
            "It reduced the first deployment time for all teams",
        ] {
            assert!(!has_metric(no), "{no}");
        }
    }
}
