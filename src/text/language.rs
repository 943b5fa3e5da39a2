//! Whether a text is written in English: the offline engine reads English only, and a draft in
//! another language would be judged on words it cannot read.

use unicode_normalization::UnicodeNormalization;

use super::words::{is_stopword, words};

/// Fewer letters than this are too few to tell a language by: a one-line draft in a few words
/// stays the engine's to read.
const MIN_LETTERS: usize = 24;
/// As many English function words as this around text in another script make it English that
/// names something in that script: "I worked with Дмитрий Иванов on payments".
const ENGLISH_FRAME: usize = 2;
/// Fewer lowercase Latin-script words than this are too few to tell English notes ("Kafka lag,
/// fixed rebalance, p99 down 40%") from another language.
const MIN_WORDS: usize = 15;
/// Below this share of letters in the Latin script, the text is in another script (Japanese,
/// Cyrillic, Arabic...): an English draft naming a product or a company in its own script stays
/// far above it.
const LATIN_SHARE: f64 = 0.5;
/// English prose is a quarter or more English function words ("the", "we", "to") among its
/// lowercase words: 0.26 at the fewest in the evaluation corpus's drafts of 15 such words or
/// more. Spanish, German or French prose shares a few of them ("a", "in", "was") and stays
/// under this.
const STOPWORD_SHARE: f64 = 0.12;

/// The language a text reads as when it is plainly not English: another script with hardly an
/// English word around it, or Latin-script prose with almost no English function words that
/// the detector names with confidence. `None` for English, and for text too short or too mixed
/// to tell.
pub fn foreign_language(text: &str) -> Option<&'static str> {
    let (letters, latin) = count_letters(text);
    if letters < MIN_LETTERS {
        return None;
    }
    if (latin as f64) < LATIN_SHARE * letters as f64 {
        // Full-width ("Ｉ ｌｅｄ") and styled ("𝗜 𝗹𝗲𝗱") letters are Latin once normalised.
        let plain: String = text.nfkc().collect();
        let (letters, latin) = count_letters(&plain);
        let framed = words(&plain).iter().filter(|w| is_stopword(w)).count() >= ENGLISH_FRAME;
        if (latin as f64) >= LATIN_SHARE * letters as f64 || framed {
            return None;
        }
        return Some(
            whatlang::detect(&plain)
                .and_then(named)
                .unwrap_or("a language other than English"),
        );
    }
    // Names are capitalised and say nothing of the language around them ("Deutsche Telekom,
    // Allianz Versicherung"); nor do code and paths ("payments-api", "deploy/prod"). The words
    // are counted as they stand: an English draft allocates nothing here but for a word in mixed
    // case ("iPhone").
    let prose = || {
        text.split_whitespace()
            .map(|t| {
                t.trim_start_matches(['"', '\'', '(', '“', '‘'])
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '”', '’'])
            })
            .filter(|t| t.starts_with(char::is_lowercase) && t.chars().all(char::is_alphabetic))
    };
    let (count, function) = prose().fold((0, 0), |(all, function), w| {
        let stop = match w.chars().any(char::is_uppercase) {
            true => is_stopword(&w.to_lowercase()),
            false => is_stopword(w),
        };
        (all + 1, function + usize::from(stop))
    });
    if count < MIN_WORDS || function as f64 >= STOPWORD_SHARE * count as f64 {
        return None;
    }
    // Few function words alone is also a list of keywords; the detector must agree, and be sure.
    let lowered: Vec<String> = prose().map(str::to_lowercase).collect();
    whatlang::detect(&lowered.join(" "))
        .filter(whatlang::Info::is_reliable)
        .and_then(named)
}

/// The language's English name, when it is not English ("Chinese" for whatlang's "Mandarin").
fn named(info: whatlang::Info) -> Option<&'static str> {
    match info.lang() {
        whatlang::Lang::Eng => None,
        whatlang::Lang::Cmn => Some("Chinese"),
        lang => Some(lang.eng_name()),
    }
}

/// Letters, and of them Latin letters.
fn count_letters(text: &str) -> (usize, usize) {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .fold((0, 0), |(all, latin), c| {
            (all + 1, latin + usize::from(is_latin(c)))
        })
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
        // Names in another script or language inside English, styled or full-width English.
        for english in [
            "I worked with Дмитрий Александрович Иванов and Екатерина Сергеевна on payments.",
            "Moved from Сбербанк to Тинькофф Банк in 2021.",
            "Clients: Deutsche Telekom, Münchener Rückversicherungs-Gesellschaft, Allianz Versicherung, Bayerische Motoren Werke, Volkswagen Financial Services. Led platform migration, cut costs 30%.",
            "kubectl rollout undo deployment/payments-api -n prod; kubectl scale deploy payments-api --replicas=6; helm upgrade payments ./chart --atomic --wait; then the pager went quiet",
            "Ｉ ｌｅｄ ｔｈｅ ｍｉｇｒａｔｉｏｎ ｏｆ ｏｕｒ ｂｉｌｌｉｎｇ ｄａｔａｂａｓｅ ａｎｄ ｃｕｔ ｌａｔｅｎｃｙ",
            "𝗜 𝗹𝗲𝗱 𝘁𝗵𝗲 𝗺𝗶𝗴𝗿𝗮𝘁𝗶𝗼𝗻 𝗼𝗳 𝗼𝘂𝗿 𝗯𝗶𝗹𝗹𝗶𝗻𝗴 𝗱𝗮𝘁𝗮𝗯𝗮𝘀𝗲 𝗮𝗻𝗱 𝗰𝘂𝘁 𝗹𝗮𝘁𝗲𝗻𝗰𝘆",
        ] {
            assert_eq!(foreign_language(english), None, "{english}");
        }
    }

    #[test]
    fn another_script_or_latin_prose_in_another_language_is_named() {
        let japanese = "障害対応の時、私はチームと協力してデータベースの問題を解決しました。結果としてレイテンシが改善しました。";
        assert_eq!(foreign_language(japanese), Some("Japanese"));
        let spanish = "En mi trabajo anterior lideré la migración de la base de datos. Reduje la latencia un cuarenta por ciento y aprendí a planificar mejor las entregas del equipo.";
        assert_eq!(foreign_language(spanish), Some("Spanish"));
        let chinese = "在上一份工作中，我负责把计费数据库迁移到新的集群，最后延迟降低了四成，团队也学会了分阶段发布。";
        assert_eq!(foreign_language(chinese), Some("Chinese"));
    }
}
