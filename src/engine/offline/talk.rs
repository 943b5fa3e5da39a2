//! What a sentence of an answer about the person talks of (a career, a reason to move, a
//! goal, a weakness of one's own, someone else's failing, pay and notice, life outside work,
//! the employer told back, a view, one incident), read by a naive Bayes model trained on
//! `data/talk.tsv`: an introduction, a motivation or a weakness answer with no sentence of what
//! was asked answers something else.

use super::bayes::Bayes;
use super::data::DataError;
use super::sentences::{odds_and_known, train};

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

    /// What `sentence` likeliest talks of; `Plain` when the model knows none of its words.
    pub fn read(&self, sentence: &str) -> Talk {
        self.reading(sentence).likeliest()
    }

    /// How `sentence` reads as each talk.
    pub fn reading(&self, sentence: &str) -> TalkReading {
        let (odds, known) = odds_and_known(&self.bayes, sentence);
        TalkReading {
            odds: std::array::from_fn(|i| odds[self.classes[i]]),
            known: known > 0,
        }
    }
}

/// How one sentence reads to the talk model.
#[derive(Debug, Clone)]
pub struct TalkReading {
    /// Each talk's log-odds per known feature against the likeliest other reading, in the
    /// order of `Talk::ALL`: above 0 for the likeliest.
    odds: [f32; Talk::ALL.len()],
    /// Whether the model knows any feature of the sentence.
    known: bool,
}

impl TalkReading {
    /// What the sentence likeliest talks of; `Plain` when the model knows none of its words.
    pub fn likeliest(&self) -> Talk {
        if !self.known {
            return Talk::Plain;
        }
        // The last of equal odds, as the other sentence models' `likeliest` takes it.
        Talk::ALL
            .iter()
            .zip(&self.odds)
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or(Talk::Plain, |(&talk, _)| talk)
    }

    /// How strongly the sentence talks of `talk`: its log-odds per known feature against the
    /// likeliest other reading (0 when the model knows none of its words is no evidence).
    pub fn odds(&self, talk: Talk) -> f32 {
        let at = Talk::ALL
            .iter()
            .position(|&t| t == talk)
            .unwrap_or_default();
        if self.known { self.odds[at] } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::data;
    use super::Talk;

    #[test]
    fn a_sentence_reads_as_what_it_talks_of() {
        let talk = &data().talk;
        assert_eq!(
            talk.read("I've been a data engineer for five years, mostly on hospital billing."),
            Talk::Career
        );
        assert_eq!(
            talk.read("My notice period is three months and I'd need two days at home."),
            Talk::Logistics
        );
        assert_eq!(
            talk.read("I rush my code reviews when I'm busy, so now I block an hour for them."),
            Talk::Weakness
        );
    }

    #[test]
    fn a_reading_gives_the_likeliest_talk_and_how_far_ahead_it_is() {
        let talk = &data().talk;
        let sentence = "My notice period is three months and I'd need two days at home.";
        let r = talk.reading(sentence);
        assert_eq!(r.likeliest(), talk.read(sentence));
        assert_eq!(r.likeliest(), Talk::Logistics);
        assert!(r.odds(Talk::Logistics) > 0.0, "{r:?}");
        assert!(r.odds(Talk::Career) < 0.0, "{r:?}");
        // Words the model never saw say nothing either way.
        let unknown = talk.reading("Zyxx qwvv.");
        assert_eq!(unknown.likeliest(), Talk::Plain);
        assert_eq!(unknown.odds(Talk::Plain), 0.0);
    }

    #[test]
    fn a_label_outside_the_set_is_an_error_naming_the_line() {
        let err = super::Talks::train("talk.tsv", "career\tI build apps.\nhobby\tI row.\n")
            .err()
            .expect("an unknown label");
        assert_eq!(err.line, 2, "{err}");
    }
}
