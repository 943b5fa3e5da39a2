//! The user's vision as words to look for: the key words of its core statement, widened by the
//! competencies it names (a reliability vision also counts "SLO", "outage", "on-call").

use super::data;
use super::lexicon::{Phrase, Tokens, lexicon};
use crate::report::CompetencyId;
use crate::text;

/// The words that stand for a vision: its own key words, widened by the competencies it names.
pub struct VisionTerms {
    pub statement: String,
    phrases: Vec<Phrase>,
}

impl VisionTerms {
    /// Uses the first line of the vision: the core statement, not the supporting mission text.
    pub fn new(vision: &str) -> Option<VisionTerms> {
        let statement = vision
            .lines()
            .map(|l| text::strip_bullet(l).replace("**", ""))
            .map(|l| match l.split_once(':') {
                Some((label, rest)) if label.split_whitespace().count() <= 3 => rest.trim().into(),
                _ => l.trim().to_string(),
            })
            .find(|l| !l.is_empty())?;
        let tokens = Tokens::new(&statement);
        let mut phrases: Vec<Phrase> = tokens
            .words()
            .iter()
            .filter(|w| !text::is_stopword(w) && !data::words().generic_vision_words.contains(w))
            .map(|w| Phrase::parse(w))
            .collect();
        for c in &lexicon().competencies {
            if c.id != CompetencyId::Vision && c.shown_in(&tokens) >= 1.0 {
                phrases.extend(
                    c.ask
                        .iter()
                        .chain(&c.signals)
                        .map(|p| Phrase::parse(&p.text)),
                );
            }
        }
        Some(VisionTerms { statement, phrases })
    }

    /// The vision phrases a text mentions.
    pub fn hits(&self, text: &str) -> Vec<String> {
        self.hits_in(&Tokens::new(text))
    }

    /// The vision phrases in a text already split into tokens.
    pub fn hits_in(&self, tokens: &Tokens) -> Vec<String> {
        let mut hits: Vec<String> = Vec::new();
        for p in &self.phrases {
            if !hits.contains(&p.text) && p.found_in(tokens) {
                hits.push(p.text.clone());
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vision_terms_widen_the_core_statement() {
        let v = VisionTerms::new("- **Core:** I believe reliability is a product's core feature\n- **Mission:** distributed systems").unwrap();
        assert_eq!(
            v.statement,
            "I believe reliability is a product's core feature"
        );
        assert!(!v.hits("we cut the error budget burn").is_empty());
        assert!(!v.hits("the system became reliable").is_empty());
        assert!(
            v.hits("we built a distributed system with nice features")
                .is_empty()
        );
    }
}
