//! Whether a text is written in English: the offline engine reads English only, and a draft in
//! another language would be judged on words it cannot read.

use super::words::{is_stopword, words};

/// Fewer letters than this are too few to tell a language by: a one-line draft in a few words
/// stays the engine's to read.
const MIN_LETTERS: usize = 24;
/// Fewer Latin-script words than this are too few to tell English notes ("Kafka lag, fixed
/// rebalance, p99 down 40%") from another language.
const MIN_WORDS: usize = 12;
/// Below this share of letters in the Latin script, the text is in another script (Japanese,
/// Cyrillic, Arabic...): an English draft naming a product or a company in its own script stays
/// far above it.
const LATIN_SHARE: f64 = 0.5;
/// An English answer is a third or more English function words ("I", "the", "we", "to"); the
/// fewest in the evaluation corpus's drafts is about 0.2. Spanish, German or French prose shares
/// a few of them ("a", "in", "was") and stays under this.
const STOPWORD_SHARE: f64 = 0.12;

/// The language a text reads as when it is plainly not English: another script, or Latin-script
/// prose with almost no English function words that the detector names with confidence. `None`
/// for English, and for text too short or too mixed to tell.
pub fn foreign_language(text: &str) -> Option<&'static str> {
    let (mut letters, mut latin) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        latin += usize::from(is_latin(c));
    }
    if letters < MIN_LETTERS {
        return None;
    }
    let named = || {
        whatlang::detect(text)
            .filter(|info| info.lang() != whatlang::Lang::Eng)
            .map(|info| info.lang().eng_name())
    };
    if (latin as f64) < LATIN_SHARE * letters as f64 {
        return Some(named().unwrap_or("another script than English"));
    }
    let all = words(text);
    let function = all.iter().filter(|w| is_stopword(w)).count();
    if all.len() < MIN_WORDS || function as f64 >= STOPWORD_SHARE * all.len() as f64 {
        return None;
    }
    // Few function words alone is also a list of keywords; the detector must agree, and be sure.
    whatlang::detect(text)
        .filter(|info| info.is_reliable() && info.lang() != whatlang::Lang::Eng)
        .map(|info| info.lang().eng_name())
}

/// Latin letters: ASCII and the accented ones of Latin-1 and Latin Extended.
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_prose_and_short_text_are_not_foreign() {
        let english = "I led the migration of our billing database, and we cut latency by 40%.";
        assert_eq!(foreign_language(english), None);
        assert_eq!(foreign_language("Kafka, Terraform, Go"), None);
        assert_eq!(foreign_language("私はリードしました"), None);
        // A company named in its own script inside an English answer.
        let named = "At エネチェーン I owned the deploy pipeline, and I cut release time in half.";
        assert_eq!(foreign_language(named), None);
        // Notes with few function words, still English.
        let notes = "Kafka consumers lagging two hours. Found partition rebalance looping. Raised session timeout, restarted group. Lag gone in forty minutes. Wrote postmortem. Added lag alert.";
        assert_eq!(foreign_language(notes), None);
    }

    #[test]
    fn another_script_or_latin_prose_in_another_language_is_named() {
        let japanese = "障害対応の時、私はチームと協力してデータベースの問題を解決しました。結果としてレイテンシが改善しました。";
        assert_eq!(foreign_language(japanese), Some("Japanese"));
        let spanish = "En mi trabajo anterior lideré la migración de la base de datos. Reduje la latencia un cuarenta por ciento y aprendí a planificar mejor las entregas del equipo.";
        assert_eq!(foreign_language(spanish), Some("Spanish"));
    }
}
