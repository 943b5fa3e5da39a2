//! What a sentence of an answer about the person talks of (a career, a reason to move, a
//! goal, a weakness of one's own, someone else's failing, pay and notice, life outside work,
//! the employer told back, a view, one incident), read by a naive Bayes model trained on
//! `data/talk.tsv`: an introduction, a motivation or a weakness answer with no sentence of what
//! was asked answers something else.

use super::bayes::Bayes;
use super::data::DataError;
use super::sentences::{likeliest, odds_and_known, train};

/// What one sentence talks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Talk {
    /// Role, years, field, what the speaker works on and has worked on.
    Career,
    /// Why the speaker wants to move, join, leave or apply.
    Reason,
    /// Where the speaker wants to be later.
    Goal,
    /// What the speaker is good at or was praised for.
    Strength,
    /// A limitation or failing of the speaker's own, or feedback about them.
    Weakness,
    /// A failing of someone or something else: a colleague, a process, the product.
    Others,
    /// Pay, notice, start date, remote days, visa, relocation.
    Logistics,
    /// Life outside work.
    Personal,
    /// The interviewer's company told back to them.
    Employer,
    /// An opinion about technology or an industry in general.
    View,
    /// One moment of one story, as it happened.
    Incident,
    /// Talk that says nothing in particular.
    Plain,
}

impl Talk {
    const ALL: [Talk; 12] = [
        Talk::Career,
        Talk::Reason,
        Talk::Goal,
        Talk::Strength,
        Talk::Weakness,
        Talk::Others,
        Talk::Logistics,
        Talk::Personal,
        Talk::Employer,
        Talk::View,
        Talk::Incident,
        Talk::Plain,
    ];

    fn label(self) -> &'static str {
        match self {
            Talk::Career => "career",
            Talk::Reason => "reason",
            Talk::Goal => "goal",
            Talk::Strength => "strength",
            Talk::Weakness => "weakness",
            Talk::Others => "others",
            Talk::Logistics => "logistics",
            Talk::Personal => "personal",
            Talk::Employer => "employer",
            Talk::View => "view",
            Talk::Incident => "incident",
            Talk::Plain => "plain",
        }
    }
}

/// The talk model, trained on sentences labelled with each `Talk`.
pub struct Talks {
    bayes: Bayes,
    /// The model's class of each of `Talk::ALL`, in that order.
    classes: Vec<usize>,
}

impl Talks {
    /// Sentences labelled with every `Talk`; a label that is none of them is an error naming
    /// the line.
    pub fn train(file: &str, text: &str) -> Result<Talks, DataError> {
        let labels = Talk::ALL.map(Talk::label);
        let (bayes, classes) = train(file, text, &labels)?;
        Ok(Talks { bayes, classes })
    }

    /// How `sentence` reads as each talk.
    pub fn reading(&self, sentence: &str) -> TalkReading {
        let (odds, known) = odds_and_known(&self.bayes, sentence);
        TalkReading {
            likeliest: likeliest(&Talk::ALL, &self.classes, (&odds, known), Talk::Plain),
            // With no feature known, the odds would be the priors' alone: no evidence at all.
            odds: std::array::from_fn(|i| {
                if known > 0 {
                    odds[self.classes[i]]
                } else {
                    0.0
                }
            }),
        }
    }
}

/// How one sentence reads to the talk model.
#[derive(Debug, Clone)]
pub struct TalkReading {
    /// What the sentence likeliest talks of; `Plain` when the model knows none of its words.
    likeliest: Talk,
    /// Each talk's log-odds against the likeliest other reading, scaled down by the number of
    /// features known as every sentence model's are (`sentences::odds`), in the order of
    /// `Talk::ALL`: 0 or more for the likeliest (0 on a tie), and 0 for every talk when the
    /// model knows none of the sentence's words.
    odds: [f32; Talk::ALL.len()],
}

impl TalkReading {
    /// What the sentence likeliest talks of; `Plain` when the model knows none of its words.
    pub fn likeliest(&self) -> Talk {
        self.likeliest
    }

    /// How strongly the sentence talks of `talk` (its field `odds` says how).
    pub fn odds(&self, talk: Talk) -> f32 {
        let at = Talk::ALL
            .iter()
            .position(|&t| t == talk)
            .expect("Talk::ALL lists every talk");
        self.odds[at]
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::data;
    use super::super::sentences::{likeliest, odds_and_known};
    use super::Talk;

    #[test]
    fn a_sentence_reads_as_what_it_talks_of() {
        let talk = &data().talk;
        assert_eq!(
            talk.reading("I've been a data engineer for five years, mostly on hospital billing.")
                .likeliest(),
            Talk::Career
        );
        assert_eq!(
            talk.reading("My notice period is three months and I'd need two days at home.")
                .likeliest(),
            Talk::Logistics
        );
        assert_eq!(
            talk.reading("I rush my code reviews when I'm busy, so now I block an hour for them.")
                .likeliest(),
            Talk::Weakness
        );
    }

    #[test]
    fn a_reading_gives_the_likeliest_talk_and_how_far_ahead_it_is() {
        let talk = &data().talk;
        let r = talk.reading("My notice period is three months and I'd need two days at home.");
        assert_eq!(r.likeliest(), Talk::Logistics);
        assert!(r.odds(Talk::Logistics) > 0.0, "{r:?}");
        assert!(r.odds(Talk::Career) < 0.0, "{r:?}");
        // The likeliest is the one the other sentence models' `likeliest` would name.
        let classes: Vec<usize> = (0..Talk::ALL.len()).map(|i| talk.classes[i]).collect();
        for sentence in [
            "I've led the payments team for three years.",
            "Honestly the old manager there never listened to anyone.",
            "Sure, happy to.",
            "Zyxx qwvv.",
        ] {
            let (odds, known) = odds_and_known(&talk.bayes, sentence);
            let expected = likeliest(&Talk::ALL, &classes, (&odds, known), Talk::Plain);
            assert_eq!(talk.reading(sentence).likeliest(), expected, "{sentence}");
        }
        // Words the model never saw say nothing either way, of any talk.
        let unknown = talk.reading("Zyxx qwvv.");
        assert_eq!(unknown.likeliest(), Talk::Plain);
        assert!(
            Talk::ALL.iter().all(|&t| unknown.odds(t) == 0.0),
            "{unknown:?}"
        );
    }

    #[test]
    fn a_label_outside_the_set_is_an_error_naming_the_line() {
        let err = super::Talks::train("talk.tsv", "career\tI build apps.\nhobby\tI row.\n")
            .err()
            .expect("an unknown label");
        assert_eq!(err.line, 2, "{err}");
    }
}
