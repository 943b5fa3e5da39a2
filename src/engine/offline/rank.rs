//! Ranking entries for a question: BM25F relevance, shared competencies, and "Why X" entities.

use super::data;
use super::index::Index;
use super::lexicon::{Tokens, lexicon};
use crate::text;

/// How much a shared competency counts next to lexical relevance (which is scaled to 0..1).
const COMPETENCY_WEIGHT: f32 = 2.0;
/// A "Why X" question naming an entry's entity is the strongest signal there is.
const WHY_WEIGHT: f32 = 2.0;

/// A story (not a prepared answer) is what "Tell me about a time..." asks for, and the other
/// way round for "Why...?".
const STORY_BONUS: f32 = 0.3;

/// What a question asks for, computed once and reused for every entry.
pub struct Query {
    pub words: Vec<String>,
    pub terms: Vec<String>,
    /// Competency index and strength, strongest first, scaled so the strongest is 1.
    pub competencies: Vec<(usize, f32)>,
    raw: String,
    stems: Vec<String>,
    is_why: bool,
    wants_story: bool,
}

impl Query {
    pub fn new(question: &str) -> Query {
        let tokens = Tokens::new(question);
        let mut competencies: Vec<(usize, f32)> = lexicon()
            .competencies
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.asked_in(&tokens)))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        competencies.sort_by(|a, b| b.1.total_cmp(&a.1));
        if let Some(&(_, top)) = competencies.first() {
            competencies.retain(|(_, s)| *s >= top * 0.3);
            // One ask phrase is a full-strength ask; a stray signal word ("decide") stays faint.
            let scale = top.max(1.0);
            competencies.iter_mut().for_each(|(_, s)| *s /= scale);
        }
        let words: Vec<String> = text::words(question)
            .into_iter()
            .filter(|w| !text::is_stopword(w) && !data::words().query_filler.contains(w))
            .collect();
        let lower = question.to_lowercase();
        // "Why" anywhere: "You left a CTO role for SRE. Why?", "...: why a vendor like X?"
        let is_why = tokens.words().iter().any(|w| w == "why")
            || data::words()
                .why_openings
                .iter()
                .any(|o| lower.contains(o.as_str()));
        let mut stems = text::all_stems(question);
        let mut raw = question.to_string();
        for implied in data::words().implied_words(question) {
            stems.push(text::stem(implied));
            raw.push_str(&format!(" {}", implied.to_uppercase()));
        }
        let wants_story = data::words()
            .story_prompts
            .iter()
            .any(|p| lower.contains(p.as_str()));
        Query {
            wants_story,
            terms: words.iter().map(|w| text::stem(w)).collect(),
            words,
            competencies,
            stems,
            is_why,
            raw,
        }
    }

    /// Whether the question asks why ("Why backend?", "What made you join X?").
    pub fn is_why(&self) -> bool {
        self.is_why
    }

    /// Whether the question asks for a story ("tell me about a time...").
    pub fn wants_story(&self) -> bool {
        self.wants_story
    }

    /// Competency strength of this query for competency `c` (0 when not asked).
    pub fn strength(&self, c: usize) -> f32 {
        self.competencies
            .iter()
            .find(|(i, _)| *i == c)
            .map_or(0.0, |(_, s)| *s)
    }
}

/// One entry's score for a query, with the parts that explain it.
#[derive(Debug, Clone)]
pub struct Scored {
    pub entry: usize,
    pub score: f32,
    pub terms: Vec<String>,
    pub competencies: Vec<(usize, &'static str)>,
    pub why_entity: bool,
    /// The question asks for a story and this entry is one.
    pub story_bonus: bool,
}

/// Scores every entry; best first, ties broken by entry order for stable output.
pub fn rank(index: &Index, query: &Query) -> Vec<Scored> {
    let mut scored = base_scores(index, query);
    // "Tell me about a time..." wants a story; "Why...?" wants a prepared answer.
    let wants_story = match (query.wants_story, query.is_why) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    };
    if let Some(wants_story) = wants_story {
        for s in &mut scored {
            if index.is_story[s.entry] == wants_story {
                s.score += STORY_BONUS;
                s.story_bonus = wants_story;
            }
        }
    }
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
    scored
}

fn base_scores(index: &Index, query: &Query) -> Vec<Scored> {
    let (bm25, hits) = index.bm25(&query.terms);
    let max = bm25.iter().copied().fold(0f32, f32::max);
    let mut scored: Vec<Scored> = (0..index.len())
        .map(|i| Scored {
            entry: i,
            score: if max > 0.0 { bm25[i] / max } else { 0.0 },
            terms: dedup(hits[i].iter().map(|&q| query.words[q].clone())),
            competencies: Vec::new(),
            why_entity: false,
            story_bonus: false,
        })
        .collect();
    for &(c, strength) in &query.competencies {
        for &(entry, weight) in &index.by_competency[c] {
            let s = &mut scored[entry as usize];
            s.score += COMPETENCY_WEIGHT * strength * weight;
            let via = index.entry_competencies[entry as usize]
                .iter()
                .find(|l| l.competency == c)
                .map_or("story text", |l| l.via);
            s.competencies.push((c, via));
        }
    }
    if query.is_why {
        add_why_entities(index, query, &mut scored);
    }
    scored
}

fn add_why_entities(index: &Index, query: &Query, scored: &mut [Scored]) {
    for why in &index.why_entities {
        let named = why.stems.iter().filter(|s| query.stems.contains(s)).count()
            + why
                .capitals
                .iter()
                .filter(|c| {
                    query
                        .raw
                        .split(|ch: char| !ch.is_alphanumeric())
                        .any(|w| w == *c)
                })
                .count();
        if named == 0 {
            continue;
        }
        // Naming the whole entity counts far more than a part of it ("leave" of "left CTO").
        let coverage = named as f32 / (why.stems.len() + why.capitals.len()) as f32;
        let s = &mut scored[why.entry];
        s.score += WHY_WEIGHT * (named as f32 + coverage) * coverage;
        s.why_entity = true;
    }
}

fn dedup(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Maps an unbounded score to 0..1 for reports, keeping the order.
pub fn squash(score: f32) -> f64 {
    let s = f64::from(score.max(0.0));
    ((s / (s + 1.0)) * 1000.0).round() / 1000.0
}
