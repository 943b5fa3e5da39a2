//! The search index over a bank: BM25F postings with field weights, and each entry's competencies.

use std::collections::{HashMap, HashSet};

use super::lexicon::{Tokens, lexicon};
use super::why::{Appositives, WhyEntity};
use crate::story::{Entry, Kind};
use crate::text;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Title and categories say what an entry is for; tags a little less; the body is evidence; the
/// words of the competencies its categories, title or tags name (document expansion: a "Quick
/// Learn" entry is found by "unfamiliar") count as much as the body.
const FIELD_WEIGHTS: [f32; 5] = [3.0, 3.0, 2.0, 1.0, 1.0];

/// A competency this strongly linked lends the entry its words.
const EXPANSION_LINK: f32 = 0.5;

/// One entry's link to a competency, and where it came from (for `why`).
#[derive(Debug, Clone)]
pub struct CompetencyLink {
    pub competency: usize,
    pub weight: f32,
    pub via: &'static str,
}

struct Posting {
    entry: u32,
    tf: f32,
    key: bool,
    /// Whether the entry's own text holds the term, not only its competencies' expansion.
    own: bool,
}

/// Lexical relevance of every entry for one query.
pub struct Lexical {
    /// BM25F over all fields.
    pub scores: Vec<f32>,
    /// Summed IDF of the query terms in the entry's title, categories or tags, over the IDF of a
    /// term only one entry holds: 1.0 is one word that only this entry's key fields hold.
    pub key: Vec<f32>,
    /// Which query terms each entry's own text holds (a competency's expansion scores, but is
    /// not a word the entry says).
    pub hits: Vec<Vec<usize>>,
}

pub struct Index {
    /// Per stem: the entries holding it, its BM25F pseudo-frequency there, and whether it stands
    /// in a field that says what the entry is for (title, categories, tags).
    postings: HashMap<String, Vec<Posting>>,
    n: usize,
    pub entry_competencies: Vec<Vec<CompetencyLink>>,
    pub by_competency: Vec<Vec<(u32, f32)>>,
    pub why_entities: Vec<WhyEntity>,
    pub is_story: Vec<bool>,
    /// Whether an entry is a "Why X" answer (see [`WhyEntity`]).
    pub is_why_answer: Vec<bool>,
    /// The words of the whole bank (stems, and names as written), to tell whether any entry
    /// shows a job's term.
    vocabulary: text::Vocabulary,
    /// Each entry's words in order, lowercase, to find a job's phrase.
    texts: Vec<Vec<String>>,
}

impl Index {
    pub fn build(entries: &[Entry]) -> Index {
        let entry_competencies: Vec<Vec<CompetencyLink>> =
            entries.iter().map(competencies_of).collect();
        let fields: Vec<[Vec<String>; 5]> = entries
            .iter()
            .zip(&entry_competencies)
            .map(|(e, links)| field_terms(e, links))
            .collect();
        let mut avg = [0f32; 5];
        for f in &fields {
            for (a, terms) in avg.iter_mut().zip(f) {
                *a += terms.len() as f32;
            }
        }
        for a in &mut avg {
            *a = (*a / entries.len().max(1) as f32).max(1.0);
        }
        let mut postings: HashMap<String, Vec<Posting>> = HashMap::new();
        for (i, f) in fields.iter().enumerate() {
            let body: HashSet<&String> = f[3].iter().collect();
            for (term, tf) in weighted_tf(f, &avg) {
                let key = f[..3].iter().any(|field| field.contains(&term));
                let own = key || body.contains(&term);
                postings.entry(term).or_default().push(Posting {
                    entry: i as u32,
                    tf,
                    key,
                    own,
                });
            }
        }
        let mut by_competency = vec![Vec::new(); lexicon().competencies.len()];
        for (i, links) in entry_competencies.iter().enumerate() {
            for link in links {
                by_competency[link.competency].push((i as u32, link.weight));
            }
        }
        let searchable: Vec<String> = entries.iter().map(crate::story::searchable_text).collect();
        let vocabulary = text::Vocabulary::of(searchable.iter().map(String::as_str));
        let answers: Vec<&str> = entries
            .iter()
            .zip(&searchable)
            .filter(|(e, _)| e.kind != Kind::Story)
            .map(|(_, t)| t.as_str())
            .collect();
        let appositives = Appositives::of(&searchable).with_work_now(&answers);
        let mut why_entities: Vec<WhyEntity> = entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| WhyEntity::of(i, e, &appositives))
            .collect();
        // Two employers of now is one too many to tell which "your current company" means.
        if why_entities.iter().filter(|w| w.current).count() > 1 {
            why_entities.iter_mut().for_each(|w| w.current = false);
        }
        let mut is_why_answer = vec![false; entries.len()];
        why_entities
            .iter()
            .for_each(|w| is_why_answer[w.entry] = true);
        Index {
            is_why_answer,
            texts: searchable.iter().map(|t| text::words(t)).collect(),
            is_story: entries.iter().map(|e| e.kind == Kind::Story).collect(),
            vocabulary,
            postings,
            n: entries.len(),
            entry_competencies,
            by_competency,
            why_entities,
        }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether some entry uses every content word of a term.
    pub fn supports(&self, term: &str) -> bool {
        super::jobs::held_by(&self.vocabulary, term)
    }

    /// Whether some entry's text holds a phrase (lowercase) as whole words.
    pub fn has_phrase(&self, phrase: &str) -> bool {
        let words = text::words(phrase);
        !words.is_empty()
            && self
                .texts
                .iter()
                .any(|t| t.windows(words.len()).any(|w| w == words.as_slice()))
    }

    /// BM25F score of every entry for the query terms (stems), the IDF of the terms it holds in
    /// its title, categories or tags, and the terms that hit each entry.
    pub fn bm25(&self, query: &[String]) -> Lexical {
        let mut scores = vec![0f32; self.n];
        let mut key = vec![0f32; self.n];
        let mut hits: Vec<Vec<usize>> = vec![Vec::new(); self.n];
        let mut seen = Vec::new();
        let frame = &super::data::words().frame_nouns;
        for (qi, term) in query.iter().enumerate() {
            if seen.contains(term) {
                continue;
            }
            seen.push(term.clone());
            let Some(list) = self.postings.get(term) else {
                continue;
            };
            let df = list.len() as f32;
            let idf = (1.0 + (self.n as f32 - df + 0.5) / (df + 0.5)).ln();
            for p in list {
                let e = p.entry as usize;
                scores[e] += idf * p.tf / (K1 + p.tf);
                if p.key && !frame.has_stem(term) {
                    key[e] += idf;
                }
                // The words a match is explained by are the entry's own.
                if p.own {
                    hits[e].push(qi);
                }
            }
        }
        let rarest = (1.0 + (self.n as f32 - 0.5) / 1.5).ln();
        key.iter_mut().for_each(|k| *k /= rarest);
        Lexical { scores, key, hits }
    }
}

fn field_terms(e: &Entry, links: &[CompetencyLink]) -> [Vec<String>; 5] {
    let lexicon = lexicon();
    let mut expansion: Vec<String> = links
        .iter()
        .filter(|l| l.weight >= EXPANSION_LINK)
        .flat_map(|l| lexicon.competencies[l.competency].stems.keys().cloned())
        .collect();
    expansion.sort();
    expansion.dedup();
    [
        title_terms(&e.title),
        e.categories.iter().flat_map(|c| title_terms(c)).collect(),
        text::terms(&e.tags.join(" . ")),
        text::terms(&e.body()),
        expansion,
    ]
}

/// A title's (or category's) terms, less the career-move verb of a "Why <verb> X" title that
/// names X too: "Why left CTO" is about the CTO role, so "Why leave a job you like?" does not
/// hit its title.
fn title_terms(title: &str) -> Vec<String> {
    let moves = &super::data::words().moves;
    let words = text::words(title);
    let is_why = words.first().is_some_and(|w| w == "why");
    let named = words
        .iter()
        .skip(1)
        .any(|w| !moves.contains(w) && !text::is_stopword(w));
    if !(is_why && named) {
        return text::terms(title);
    }
    let kept: Vec<&str> = words
        .iter()
        .filter(|w| !moves.contains(w.as_str()))
        .map(String::as_str)
        .collect();
    text::terms(&kept.join(" "))
}

/// Per term, the field-weighted, length-normalised term frequency (the BM25F pseudo-frequency).
fn weighted_tf(fields: &[Vec<String>; 5], avg: &[f32; 5]) -> HashMap<String, f32> {
    let mut tf: HashMap<String, f32> = HashMap::new();
    for (f, terms) in fields.iter().enumerate() {
        let norm = 1.0 - B + B * terms.len() as f32 / avg[f];
        for term in terms {
            *tf.entry(term.clone()).or_default() += FIELD_WEIGHTS[f] / norm;
        }
    }
    tf
}

/// Which competencies an entry answers: its categories say it outright, title and tags strongly,
/// the body only as weak evidence.
pub fn competencies_of(e: &Entry) -> Vec<CompetencyLink> {
    let categories: Vec<Tokens> = e.categories.iter().map(|c| Tokens::new(c)).collect();
    let title = Tokens::new(&e.title);
    let tags = Tokens::new(&e.tags.join(" . "));
    let body = Tokens::new(&e.body());
    // A prepared answer's points range over many topics ("questions for them" lists half the
    // lexicon); only a story's body is evidence of what it is about.
    let body_weight = if e.kind == Kind::Story { 0.12 } else { 0.06 };
    let mut links = Vec::new();
    for (ci, c) in lexicon().competencies.iter().enumerate() {
        let (weight, via) = if categories.iter().any(|t| c.names_category(t)) {
            (1.0, "category")
        } else if c.names_category(&title) || c.shown_in(&title) >= 1.0 {
            (0.6, "title")
        } else if c.names_category(&tags) || c.shown_in(&tags) >= 1.0 {
            (0.5, "tags")
        } else {
            ((body_weight * c.shown_in(&body)).min(0.5), "story text")
        };
        if weight >= 0.1 {
            links.push(CompetencyLink {
                competency: ci,
                weight,
                via,
            });
        }
    }
    links
}
