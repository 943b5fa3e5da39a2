//! Text analysis shared by the bank, the engines and the critique: words, stems, sentences,
//! measures and numbers. Domain word lists live with the engine's data, not here.

mod language;
mod measures;
pub mod numbers;
mod sentences;
mod stems;
mod words;

pub use language::foreign_language;
pub use measures::{has_count, has_duration, has_metric};
pub use sentences::{
    clip, is_abbreviation, is_question, located_sentences, sentences, strip_bullet,
};
pub use stems::{
    Vocabulary, all_stems, family_key, family_stem, is_name, is_past_form, is_word_ending,
    same_word_family, stem, terms,
};
pub use words::{
    Located, is_stopword, is_topicless, last_words, located_words, lowercase_mapped, lowered,
    speaker_opens, word_count, words,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_clipped_at_a_word_and_a_short_one_kept() {
        assert_eq!(clip("short line", 20), "short line");
        assert_eq!(clip("mentor engineers daily", 19), "mentor engineers…");
        assert_eq!(clip("ééééé ééééé", 8), "ééééé…");
        // No space to cut at, or only one near the start: the characters are cut.
        assert_eq!(clip("abcdefghij", 5), "abcd…");
        assert_eq!(clip("Skills: a,b,c,d,e,f,g,h", 16), "Skills: a,b,c,d…");
        for line in ["word ".repeat(40_000), "x".repeat(1000), " é".repeat(500)] {
            let clipped = clip(&line, 300);
            assert!(
                clipped.chars().count() <= 300 && clipped.ends_with('…'),
                "{clipped}"
            );
        }
    }

    #[test]
    fn words_are_counted_as_spoken_in_any_script() {
        assert_eq!(word_count("I fixed it — twice, in 2024."), 6);
        assert_eq!(word_count("🚀 ok ✨"), 1);
        // Twelve characters without spaces, said in about the time of six English words.
        assert_eq!(word_count("私はデータベースを直した"), 6);
        assert_eq!(word_count("Kafka を 直した"), 4);
        assert_eq!(word_count("Kafkaを直した"), 3);
        assert_eq!(word_count("・ 。"), 0);
        assert_eq!(word_count("on-call, p99 x2"), 3);
        // Korean puts spaces between its words.
        assert_eq!(word_count("나는 버그를 고쳤다"), 3);
    }

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
            "Complaints fell by about two-thirds.",
            "Three quarters of the alerts went away.",
            "We cut the build time in half.",
            "The new index halved the query time.",
        ] {
            assert!(has_metric(text), "{text}");
        }
        for text in [
            "Customers were much happier.",
            "I then tried a second approach.",
            "It took a few tries.",
            "Two third-party libraries were involved.",
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
            ("customer", "customers"),
            ("critical", "critically"),
        ] {
            assert!(same_word_family(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("product", "productivity"),
            ("experience", "experiment"),
            ("performer", "performance"),
            ("critical", "criticized"),
            ("customers", "custom"),
            ("café", "cafè"),
        ] {
            assert!(!same_word_family(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn words_drop_possessives_and_keep_contractions() {
        assert_eq!(
            words("The team's API didn't fail."),
            ["the", "team", "api", "didn't", "fail"]
        );
        // Pasted text: a typographic apostrophe, capitals and an accent in one word.
        assert_eq!(words("ZOË’S Team’s didn’t"), ["zoe", "team", "didn't"]);
        assert_eq!(words("s's 's API'S"), ["s", "s", "api"]);
    }

    #[test]
    fn last_words_are_the_end_of_the_words() {
        let text = "reports to the Director of—Mobile  (Tracking/Billing), team's \u{a0} ";
        let all = words(text);
        for n in 0..all.len() + 2 {
            assert_eq!(
                last_words(text, n),
                all[all.len().saturating_sub(n)..],
                "n = {n}"
            );
        }
        assert!(last_words("— , ", 2).is_empty());
    }

    #[test]
    fn words_lose_their_accents_and_keep_their_letters() {
        assert_eq!(
            words("Walk me through your Résumé"),
            ["walk", "me", "through", "your", "resume"]
        );
        // Decomposed input (e + combining acute) reads the same as precomposed.
        assert_eq!(words("cafe\u{301} naïve"), ["cafe", "naive"]);
        assert_eq!(words("東京 での仕事"), ["東京", "での仕事"]);
    }

    #[test]
    fn stems_meet_across_forms_and_irregular_pasts() {
        assert_eq!(stem("freelancer"), stem("freelance"));
        assert_eq!(stem("led"), stem("lead"));
        assert_eq!(stem("left"), stem("leave"));
        assert_eq!(terms("Why did you leave?"), ["leav"]);
    }

    #[test]
    fn prepositions_and_quantifiers_are_no_terms() {
        assert_eq!(
            terms("Worked across many time zones, between two teams"),
            terms("Worked time zones teams")
        );
    }

    #[test]
    fn located_words_and_sentences_count_characters_not_bytes() {
        let text = "Café, um… we’re done. Next one!";
        let w = located_words(text);
        assert_eq!((w[0].word.as_str(), w[0].chars.clone()), ("cafe", 0..4));
        assert_eq!(
            (w[1].word.as_str(), w[1].chars.clone(), w[1].comma_before),
            ("um", 6..8, true)
        );
        assert_eq!(w[2].word, "we're");
        let s = located_sentences(text);
        assert_eq!(s[1].0, "Next one!");
        let chars: Vec<char> = text.chars().collect();
        let back: String = chars[s[1].1.clone()].iter().collect();
        assert_eq!(back, "Next one!");
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
    fn abbreviations_do_not_end_a_sentence() {
        let s = sentences(
            "I got paged at 2 a.m. to restart it, i.e. again. Mrs. Okafor ran the U.S. team. \
             It broke at 3 a.m. The pager woke me. At 1:40 a.m. I was paged. In the U.S. I led \
             it. I cut latency to 120 ms. On Jan. 5 we shipped. We shipped in Jan. Done. Since Sept. \
             2024, fine. I spoke with Jan. 2 of you own it. Revenue peaked in Dec. 40% came late.",
        );
        assert_eq!(
            s,
            [
                "I got paged at 2 a.m. to restart it, i.e. again.",
                "Mrs. Okafor ran the U.S. team.",
                "It broke at 3 a.m.",
                "The pager woke me.",
                "At 1:40 a.m. I was paged.",
                "In the U.S. I led it.",
                "I cut latency to 120 ms.",
                "On Jan. 5 we shipped.",
                "We shipped in Jan.",
                "Done.",
                "Since Sept. 2024, fine.",
                "I spoke with Jan.",
                "2 of you own it.",
                "Revenue peaked in Dec.",
                "40% came late."
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
            "expanded to two more locations",
            "it now runs three new services",
        ] {
            assert!(has_metric(yes), "{yes}");
        }
    }

    #[test]
    fn durations_are_measures_of_time_not_counts() {
        assert!(has_duration("about ten minutes"));
        assert!(has_duration("200 ms by noon"));
        assert!(!has_duration("three scripts"));
        assert!(!has_duration("a team of 5"));
        assert!(!has_duration("the minutes of the meeting"));
    }

    #[test]
    fn counts_of_people_and_things_size_the_scope() {
        for yes in [
            "About 1,200 carriers could not post scan events",
            "custom metrics across 3k servers",
            "I ran the review with the three teams involved",
            "I drained the 400k-event backlog",
            "a dozen services",
            "we served 2000 shops",
            "1500 customers",
        ] {
            assert!(has_count(yes), "{yes}");
        }
        for no in [
            "Service was restored in 48 minutes",
            "availability went from 99.5% to 99.95%",
            "we saved $20,000 a month",
            "in 2021 we shipped it",
            "two regressions",
            "every 15 minutes",
            "three of us",
            "it took 3-4 weeks",
            "3-5 years of Go",
            "we moved to Python 3.11 services",
            "we run Java 17 services",
            "version 3 endpoints",
            "3rd party libraries",
            "we saw HTTP 500 errors",
            "20,000 dollars",
        ] {
            assert!(!has_count(no), "{no}");
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
            "one more thing",
            "one new approach to reviews",
            "one more pass over the logs",
            "one new process for releases",
        ] {
            assert!(!has_metric(no), "{no}");
        }
    }
}
