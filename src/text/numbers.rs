//! Reading quantities for grounding: numerals in any spelling ("40%", "$1.2M", "5k", "2,000")
//! and numbers written as words ("twelve", "three thousand", "forty-five").

/// The value of a numeric token: "40%", "$1.2M", "5k", "2,000", "99.9".
pub fn numeral_value(token: &str) -> Option<f64> {
    let t = token
        .trim_start_matches(['$', '€', '£', '~'])
        .trim_end_matches('%');
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let value: f64 = t[..end]
        .replace(',', "")
        .trim_end_matches('.')
        .parse()
        .ok()?;
    let suffix = t[end..].to_lowercase();
    let scale = match suffix.as_str() {
        "k" => 1e3,
        "m" | "mm" => 1e6,
        "b" | "bn" => 1e9,
        _ => 1.0,
    };
    Some(value * scale)
}

const UNITS: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
];

/// Words after which even a small number is a claim ("three weeks", "five percent").
const MEASURES: &[&str] = &[
    "percent",
    "per",
    "seconds",
    "second",
    "minutes",
    "minute",
    "hours",
    "hour",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "year",
    "times",
    "x",
    "engineers",
    "people",
    "servers",
    "customers",
    "users",
    "teams",
    "services",
    "incidents",
    "outages",
];

/// Whether a lowercase word is a number from one to ninety ("three", "fifteen", "dozen").
pub fn is_number_word(word: &str) -> bool {
    UNITS.iter().any(|(w, _)| *w == word)
}

fn part_value(word: &str) -> Option<(f64, bool)> {
    if let Some(&(_, v)) = UNITS.iter().find(|(w, _)| *w == word) {
        return Some((v, false));
    }
    SCALES
        .iter()
        .find(|(w, _)| *w == word)
        .map(|&(_, v)| (v, true))
}

/// A number written in words at the start of `words` (lowercase, punctuation trimmed): its
/// value and how many words it spans. "a dozen" and "a hundred" start with "a".
pub fn words_value(words: &[&str]) -> Option<(f64, usize)> {
    let (mut total, mut current, mut used, mut seen) = (0.0, 0.0, 0, false);
    for (i, word) in words.iter().enumerate() {
        let mut parts = word.split('-');
        let mut value_here = false;
        for part in parts.by_ref() {
            match part_value(part) {
                Some((v, false)) => current += v,
                Some((v, true)) if v >= 1e3 => {
                    total += current.max(1.0) * v;
                    current = 0.0;
                }
                Some((v, true)) => current = current.max(1.0) * v,
                None => break,
            }
            value_here = true;
        }
        let connector = (*word == "and" || *word == "a") && seen;
        let leading_a = *word == "a" && i == 0;
        if value_here {
            seen = true;
            used = i + 1;
        } else if !(connector || leading_a) {
            break;
        }
    }
    seen.then_some((total + current, used))
}

/// Whether a number in words is a claim worth checking: ten or more, or a measure follows.
pub fn is_claim(value: f64, next: Option<&str>) -> bool {
    value >= 10.0 || next.is_some_and(is_measure)
}

/// Whether a lowercase word measures the number before it ("weeks", "percent", "engineers").
pub fn is_measure(word: &str) -> bool {
    MEASURES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Option<(f64, usize)> {
        let words: Vec<&str> = text.split(' ').collect();
        words_value(&words)
    }

    #[test]
    fn numerals_read_in_any_spelling() {
        assert_eq!(numeral_value("$40,000"), Some(40_000.0));
        assert_eq!(numeral_value("5k"), Some(5_000.0));
        assert_eq!(numeral_value("99.95%"), Some(99.95));
        assert_eq!(numeral_value("$1.2M"), Some(1_200_000.0));
        assert_eq!(numeral_value("p95"), None);
    }

    #[test]
    fn words_read_as_numbers() {
        assert_eq!(value("twelve engineers"), Some((12.0, 1)));
        assert_eq!(value("forty-five minutes"), Some((45.0, 1)));
        assert_eq!(value("three thousand servers"), Some((3_000.0, 2)));
        assert_eq!(value("two hundred and fifty"), Some((250.0, 4)));
        assert_eq!(value("a dozen teams"), Some((12.0, 2)));
        assert_eq!(value("one million users"), Some((1e6, 2)));
        assert_eq!(value("a few teams"), None);
        assert_eq!(value("the service"), None);
    }

    #[test]
    fn small_numbers_are_claims_only_before_a_measure() {
        assert!(is_claim(12.0, None));
        assert!(is_claim(3.0, Some("weeks")));
        assert!(!is_claim(2.0, Some("approaches")));
        assert!(!is_claim(1.0, None));
    }
}
