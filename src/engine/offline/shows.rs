//! What a sentence of a story shows (mentoring, cost, an incident...), read by a naive Bayes
//! model trained on story sentences (`data/shows.tsv`): a draft about the asked competency need
//! not name it. (Read over a bank's stories as a link to more competencies than their
//! category, it did not help `match` on the dev split: 60 sentences a class are too few.)

use super::bayes::Bayes;
use super::data::DataError;
use super::intent::train_on_competencies;
use super::lexicon::Lexicon;
use super::sentences::odds;

/// The class of sentences that show no competency in particular.
const PLAIN: &str = "plain";

/// Additive smoothing of the word counts, as for the other sentence models.
const SMOOTHING: f32 = 0.3;

pub struct Shows {
    bayes: Bayes,
    /// For each class of `bayes`, its competency index, or `None` for `plain`.
    competency: Vec<Option<usize>>,
}

impl Shows {
    /// Learns from `competency<TAB>sentence` lines; a label that is neither a lexicon id nor
    /// `plain` is an error naming the line.
    pub fn train(file: &str, text: &str, lexicon: &Lexicon) -> Result<Shows, DataError> {
        let (bayes, competency) = train_on_competencies(file, text, SMOOTHING, lexicon, PLAIN)?;
        Ok(Shows { bayes, competency })
    }

    /// The competency `sentence` shows most, with its log-odds per known feature against the
    /// likeliest other reading; `None` when it reads as plain narrative.
    pub fn read(&self, sentence: &str) -> Option<(usize, f32)> {
        let odds = odds(&self.bayes, sentence);
        let (class, &best) = odds.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
        self.competency[class].map(|c| (c, best))
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::data;
    use super::super::lexicon::lexicon;

    fn shown(sentence: &str) -> Option<&'static str> {
        data()
            .shows
            .read(sentence)
            .filter(|&(_, odds)| odds > 0.0)
            .map(|(c, _)| lexicon().competencies[c].id.as_str())
    }

    #[test]
    fn a_sentence_shows_its_competency_without_naming_it() {
        assert_eq!(
            shown("Every Tuesday I went through her pull requests with her, line by line."),
            Some("mentoring")
        );
        assert_eq!(
            shown("I moved the reports to a smaller instance and the monthly bill halved."),
            Some("cost")
        );
        assert_eq!(shown("This was back in 2019, at my second job."), None);
    }
}
