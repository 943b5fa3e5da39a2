//! Stems and word families: "led" meets "lead", "fail" meets "failed", "product" does not meet "productivity".

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::words::{is_stopword, is_topicless, words};

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

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
    match (drifted(a), drifted(b)) {
        (None, None) => {}
        (x, y) => return x == y,
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

/// Words whose meaning drifted from the word they are built on, though their ending is a
/// regular one: "critical" is not about criticism, a "customer" not about a custom.
const DRIFTED: &[&str] = &["critical", "customer"];

/// The drifted word `word` is a form of ("customers", "critically"), if any.
fn drifted(word: &str) -> Option<&'static str> {
    DRIFTED.iter().copied().find(|d| {
        word.strip_prefix(d)
            .is_some_and(|rest| matches!(rest, "" | "s" | "ly"))
    })
}

/// The stem that keys a word's family: its stem, or for a drifted word the word itself
/// ("critical" is not keyed with "criticism").
pub fn family_stem(word: &str) -> String {
    drifted(word).map_or_else(|| stem(word), str::to_string)
}

/// [`family_stem`] for a word whose stem is already known, without stemming again.
pub fn family_key<'a>(word: &str, stem: &'a str) -> &'a str {
    drifted(word).unwrap_or(stem)
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

/// Content stems of a text: stopwords removed, every other word stemmed. The unit of all matching.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .iter()
        .filter(|w| !is_topicless(w))
        .map(|w| stem(w))
        .collect()
}

/// Stems of every word, stopwords included, for matching multi-word phrases ("tell me about yourself").
pub fn all_stems(text: &str) -> Vec<String> {
    words(text).iter().map(|w| stem(w)).collect()
}

/// What a text says, for asking whether it holds a term: the stems of its words, and its words
/// as written (lowercase, `+` and `#` kept: "C++" is not "C#").
#[derive(Debug, Default)]
pub struct Vocabulary {
    stems: std::collections::HashSet<String>,
    names: std::collections::HashSet<String>,
}

impl Vocabulary {
    /// The vocabulary of some texts together (a story's fields, a whole bank).
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        let mut v = Vocabulary::default();
        for text in texts {
            v.stems.extend(words(text).iter().map(|w| stem(w)));
            v.names.extend(name_parts(text));
        }
        v
    }

    /// Whether the text holds every content word of a term by its stem ("SLOs" is held by
    /// "SLO", "postmortem" by "postmortems").
    pub fn covers(&self, term: &str) -> bool {
        let words: Vec<String> = words(term)
            .into_iter()
            .filter(|w| !is_stopword(w))
            .collect();
        let known = |w: &String| {
            self.stems.contains(&stem(w))
                || w.strip_suffix('s')
                    .is_some_and(|one| self.stems.contains(&stem(one)))
        };
        !words.is_empty() && words.iter().all(known)
    }

    /// Whether the text says a name ("Go", "Node.js", "APIs") as written, in any case and either
    /// number: by its stem, "went" would hold Go and "reacted" React.
    pub fn names(&self, name: &str) -> bool {
        let parts = name_parts(name);
        let known = |p: &String| {
            self.names.contains(p)
                || self.names.contains(&format!("{p}s"))
                || p.strip_suffix('s')
                    .is_some_and(|one| self.names.contains(one))
        };
        !parts.is_empty() && parts.iter().all(known)
    }
}

/// The lowercase words of a text as a name is spelled: letters, digits, `+` and `#`.
fn name_parts(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A posting's term that names something ("Go", "Kafka", "Acme"): one word, capitalised.
pub fn is_name(term: &str) -> bool {
    term.chars().next().is_some_and(char::is_uppercase) && !term.contains(' ')
}
