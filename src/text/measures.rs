//! Whether a text holds something measurable: numerals, units, money, spoken measures.

use std::borrow::Cow;

use super::numbers;
use super::words::lowercase;

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
/// Units that are not of time, or whose short forms are too ambiguous to mark a span of time
/// on their own ("s", "h"; "a quarter" may be a share).
const OTHER_UNITS: &[&str] = &[
    "s", "h", "quarter", "quarters", "x", "times", "k", "m", "gb", "tb", "mb", "rps", "qps",
];

/// Whether a word is a unit a number measures: of time, size, rate or repetition.
fn is_unit(word: &str) -> bool {
    TIME_UNITS.contains(&word) || OTHER_UNITS.contains(&word)
}

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
                    if matches!(a.as_str(), "a" | "an" | "per" | "each") && is_unit(&unit) =>
                {
                    Some(unit)
                }
                // "two more locations", "three new services": a count of things, plural ("one
                // more pass" is not a count).
                (Some(a), Some(things))
                    if matches!(
                        a.as_str(),
                        "more" | "fewer" | "new" | "extra" | "additional"
                    ) && things.ends_with('s')
                        && !things.ends_with("ss")
                        && !things.ends_with("us") =>
                {
                    Some(things)
                }
                (next, _) => next,
            };
            let prev = i.checked_sub(1).and_then(|j| raw.get(j)).copied();
            is_numeric_measure(word, prev, next.as_deref())
                || is_word_measure(word, next.as_deref())
        })
}

/// Units of time, for a measure of how long something took ("in about ten minutes").
const TIME_UNITS: &[&str] = &[
    "ms",
    "millisecond",
    "milliseconds",
    "second",
    "seconds",
    "sec",
    "secs",
    "minute",
    "minutes",
    "min",
    "mins",
    "hour",
    "hours",
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
];

/// Whether a text measures a span of time: a measure with a unit of time ("about ten minutes",
/// "under 200 ms"), not a count of things ("three scripts", "a team of 5").
pub fn has_duration(text: &str) -> bool {
    has_metric(text)
        && text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| TIME_UNITS.contains(&&*lowercase(w)))
}

/// Whether a text sizes what it touched by counting three or more people or things: "about
/// 1,200 carriers", "3k servers", "three backend teams", "a 400k-event backlog". A span of time,
/// a share, money, a range, a version or a year does not ("48 minutes", "99.95%", "20,000
/// dollars", "3-5 years", "Python 3.11 services", "in 2021").
pub fn has_count(text: &str) -> bool {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let words: Vec<Cow<str>> = raw
        .iter()
        .map(|t| lowercase(t.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    let plain: Vec<&str> = words.iter().map(|w| &**w).collect();
    (0..plain.len()).any(|i| counts_at(&raw, &plain, i))
}

/// Whether the number at `i` counts the plural noun after it (in the token, "400k-event", or
/// within two words, "three backend teams"), unless a unit comes first ("15 minutes").
fn counts_at(raw: &[&str], plain: &[&str], i: usize) -> bool {
    const LEAST: f64 = 3.0;
    const MONEY: &[&str] = &["dollars", "euros", "pounds", "usd", "eur", "gbp", "bucks"];
    const YEAR_BEFORE: &[&str] = &[
        "in", "since", "by", "of", "from", "until", "till", "during", "before", "after", "early",
        "late", "mid",
    ];
    let not_counted = |w: &str| is_unit(w) || TIME_UNITS.contains(&w) || MONEY.contains(&w);
    let plural = |w: &str| {
        w.len() > 3
            && w.ends_with('s')
            && !["ss", "us", "is"].iter().any(|e| w.ends_with(e))
            && !not_counted(w)
    };
    let (number, counted) = plain[i].split_once('-').unwrap_or((plain[i], ""));
    // "3-5 years": a range, what follows it is counted.
    let counted = if numbers::numeral_value(counted).is_some() {
        ""
    } else {
        counted
    };
    // A count is whole ("1,200", "3k"): not "3.11", "3rd" nor "HTTP 500", "version 3".
    let whole = number
        .trim_end_matches(['k', 'm'])
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',');
    let prev = i.checked_sub(1).map(|j| (raw[j], plain[j]));
    // A capital that only opens the sentence ("Served 2000 shops") names nothing.
    let opens = i < 2 || raw[i - 2].ends_with(['.', '!', '?', ':']);
    let named = prev.is_some_and(|(r, p)| {
        (r.starts_with(char::is_uppercase) && !opens && !super::is_stopword(p))
            || matches!(p, "version" | "v" | "release")
    });
    let money_or_share = raw[i].contains(['%', '$', '€', '£']);
    let (value, used) = match numbers::numeral_value(number) {
        Some(v) if whole && !named => (v, 1),
        Some(_) => return false,
        None => numbers::words_value(&plain[i..]).unwrap_or((0.0, 1)),
    };
    let year = (1900.0..=2100.0).contains(&value)
        && number.len() == 4
        && prev.is_some_and(|(_, p)| YEAR_BEFORE.contains(&p));
    if value < LEAST || money_or_share || year {
        return false;
    }
    (!counted.is_empty() && !not_counted(counted))
        || plain[i + used..]
            .iter()
            .take(2)
            .take_while(|w| !not_counted(w))
            .any(|w| plural(w))
}

/// Measures said without a numeral: "a week early", "a full quarter", "by a third", "two-thirds",
/// "cut in half", "halved", "a couple of hours", "from weekly to daily", "from days to hours".
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
    let words: Vec<Cow<str>> = raw
        .iter()
        .map(|t| lowercase(t.trim_matches(|c: char| !c.is_alphanumeric())))
        .collect();
    let at = |i: usize| words.get(i).map_or("", |w| &**w);
    let time_plural = |w: &str| TIME.iter().any(|t| w.strip_suffix('s') == Some(t));
    // "two-thirds", "three quarters": a number of parts.
    let parts = |w: &str, next: &str| match w.split_once('-') {
        Some((n, f)) => numbers::is_number_word(n) && FRACTIONS.contains(&f),
        None => numbers::is_number_word(w) && w != "one" && FRACTIONS.contains(&next),
    };
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
            || parts(at(i), at(i + 1))
            || (matches!(at(i), "in" | "by") && at(i + 1) == "half")
            || at(i) == "halved"
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
    numeric || listed(MAGNITUDE_WORDS) || numbers::is_number_word(&lowercase(word))
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
    let has_unit = next.is_some_and(|n| is_unit(n) || n.ends_with('s'));
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
    let w = lowercase(word);
    if MAGNITUDE_WORDS.contains(&&*w) {
        return true;
    }
    numbers::is_number_word(&w)
        && next.is_some_and(|n| is_unit(n) || (n.len() > 3 && n.ends_with('s')))
}
