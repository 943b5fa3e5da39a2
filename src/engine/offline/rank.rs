//! Ranking entries for a question: BM25F relevance, shared competencies, and "Why X" entities.

use super::index::Index;
use super::lexicon::lexicon;
use super::query::{Approach, Query};

/// How the ranking's independent signals are blended, and how much evidence makes a fit.
/// Fitted on the dev split of `tests/corpus` (`cargo run --example fit-rank`), reported on the
/// test split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Lexical relevance relative to the best entry (BM25F / max), 0 to 1.
    pub lexical: f32,
    /// Lexical relevance in absolute terms, ln(1 + BM25F): how much text is really shared.
    pub lexical_raw: f32,
    /// Shared competencies: question strength times entry link, summed.
    pub competency: f32,
    /// A "Why X" question naming the entity of a "Why X" answer.
    pub why: f32,
    /// The kind the question asks for: a story for "tell me about a time", an answer for "why".
    pub kind: f32,
    /// More for a "Why X" answer when a why question asks for no story: "Why a master's while
    /// working?" wants the answer that gives reasons, not the résumé that lists the degree.
    pub why_answer: f32,
    /// The least shared-competency strength that makes a fit on its own.
    pub fit_competency: f32,
    /// The least raw BM25F that makes a fit on its own; one incidental shared word stays under.
    pub fit_lexical: f32,
    /// The least (relative) IDF of question words in the entry's title, categories or tags that
    /// makes a fit: one rare word there ("broke" in "...broke appointment reminders") is what
    /// the entry is about.
    pub fit_key: f32,
    /// How much the classifier's probability of a competency counts next to the lexicon's
    /// reading (a whole ask phrase is 1).
    pub intent: f32,
    /// The least classifier probability that counts at all.
    pub intent_floor: f32,
    /// The classifier's probability of "no story answers this" above which only a named
    /// entity or an ask phrase makes a fit.
    pub none_bar: f32,
    /// The classifier's probability of "no story answers this" from which even an ask phrase
    /// does not make a fit: "favorite" asks for the favorite project, not the favorite language.
    pub none_sure: f32,
}

pub const WEIGHTS: Weights = Weights {
    lexical: 1.0,
    lexical_raw: 0.0,
    competency: 2.0,
    why: 2.0,
    kind: 0.3,
    why_answer: 0.5,
    fit_competency: 0.6,
    fit_lexical: 2.5,
    fit_key: 0.8,
    intent: 0.8,
    intent_floor: 0.25,
    none_bar: 0.25,
    none_sure: 0.5,
};

/// One entry's score for a query, with the parts that explain it.
#[derive(Debug, Clone)]
pub struct Scored {
    pub entry: usize,
    pub score: f32,
    /// The signals behind the score: raw BM25F relevance, shared-competency strength, and how
    /// much of a "Why X" entity the question names.
    pub lexical: f32,
    /// IDF of the question's words that the entry's title, categories or tags hold.
    pub key: f32,
    pub competency: f32,
    pub why: f32,
    /// Whether the evidence is enough for the entry to answer the question at all.
    pub fits: bool,
    /// A story that would fit, for a question that asks how the candidate works: an example
    /// for the answer, not the answer.
    pub illustrates: bool,
    pub terms: Vec<String>,
    pub competencies: Vec<(usize, &'static str)>,
    pub why_entity: bool,
    /// The question asks for a story and this entry is one.
    pub story_bonus: bool,
    /// A "Why X" answer to a question about leaving X: it gives the reverse of what is asked.
    pub reversed: bool,
    /// Cosine similarity in meaning to the question, when `[embeddings]` is configured.
    pub similarity: Option<f32>,
}

impl Scored {
    /// `why` of a match: the competencies shared with the question, then the words that hit.
    pub(crate) fn explain(&self) -> Vec<String> {
        let mut why: Vec<String> = self
            .competencies
            .iter()
            .map(|(c, via)| format!("{} ({via})", lexicon().competencies[*c].label))
            .collect();
        if self.why_entity {
            why.push("names what the question asks about".into());
        }
        if !self.terms.is_empty() {
            why.push(format!("words: {}", self.terms.join(", ")));
        }
        if self.story_bonus {
            why.push("a story, as the question asks for".into());
        }
        if let Some(similarity) = self.similarity {
            why.push(format!("similar in meaning ({similarity:.2})"));
        }
        if why.is_empty() {
            why.push("nothing in common with the question".into());
        }
        why
    }

    /// A score given from outside the ranking (a model's fit), taken as a fit.
    pub fn given(entry: usize, score: f32) -> Scored {
        Scored {
            entry,
            score,
            lexical: 0.0,
            key: 0.0,
            competency: 0.0,
            why: 0.0,
            fits: true,
            illustrates: false,
            terms: Vec::new(),
            competencies: Vec::new(),
            why_entity: false,
            story_bonus: false,
            reversed: false,
            similarity: None,
        }
    }
}

/// Scores every entry; best first, ties broken by entry order for stable output. A behavioral
/// question ("tell me about a time...") is never answered by a prepared answer, so those are
/// left out of its ranking.
pub fn rank(index: &Index, query: &Query) -> Vec<Scored> {
    rank_with(index, query, &WEIGHTS)
}

/// [`rank`] with other weights, for fitting them.
pub fn rank_with(index: &Index, query: &Query, w: &Weights) -> Vec<Scored> {
    let mut scored = base_scores(index, query);
    if query.wants_story() && !query.is_why() {
        scored.retain(|s| index.is_story[s.entry]);
    }
    let max = scored.iter().map(|s| s.lexical).fold(0f32, f32::max);
    let none = query.reads_as_none(w);
    for s in &mut scored {
        let relative = if max > 0.0 { s.lexical / max } else { 0.0 };
        s.score = w.lexical * relative
            + w.lexical_raw * s.lexical.ln_1p()
            + w.competency * s.competency
            + w.why * s.why;
        // "Why Google?" is not answered by a story that happened on Google Cloud: for a why
        // question that asks for no story, shared words make a story fit only with a shared
        // competency. "Have you ever split a monolith? Walk me through why" asks for the story.
        let words_fit = !(query.is_why() && !query.wants_story() && index.is_story[s.entry])
            && (s.lexical >= w.fit_lexical || s.key >= w.fit_key);
        // "What would you do if...?" asks how the candidate would act: a story may illustrate
        // the answer but is not it. "How do you handle disagreement?" is answered by a story
        // plainly on its topic; "How do you handle stress?" by none that only shares a reading.
        let approach_story = index.is_story[s.entry]
            && match query.asks_approach() {
                Approach::Hypothetical => true,
                Approach::Habit => s.competency < w.fit_competency || s.terms.is_empty(),
                Approach::No => false,
            };
        let evidence = !none && (s.competency >= w.fit_competency || words_fit);
        s.fits = s.why_entity || (evidence && !approach_story && !s.reversed);
        s.illustrates = evidence && approach_story;
    }
    // "Tell me about a time..." wants a story; "Why...?" wants a prepared answer.
    let wants_story = match (query.wants_story(), query.is_why()) {
        (true, _) => Some(true),
        (false, true) => Some(false),
        (false, false) => None,
    };
    if let Some(wants_story) = wants_story {
        for s in &mut scored {
            if index.is_story[s.entry] == wants_story {
                s.score += w.kind;
                s.story_bonus = wants_story;
            }
        }
    }
    if wants_story == Some(false) {
        for s in &mut scored {
            if index.is_why_answer[s.entry] {
                s.score += w.why_answer;
            }
        }
    }
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
    scored
}

fn base_scores(index: &Index, query: &Query) -> Vec<Scored> {
    let lexical = index.bm25(&query.terms);
    let mut scored: Vec<Scored> = (0..index.len())
        .map(|i| Scored {
            entry: i,
            score: 0.0,
            lexical: lexical.scores[i],
            key: lexical.key[i],
            competency: 0.0,
            why: 0.0,
            fits: false,
            illustrates: false,
            terms: dedup(lexical.hits[i].iter().map(|&q| query.words[q].clone())),
            competencies: Vec::new(),
            why_entity: false,
            story_bonus: false,
            reversed: false,
            similarity: None,
        })
        .collect();
    for &(c, strength) in &query.competencies {
        for &(entry, weight) in &index.by_competency[c] {
            let s = &mut scored[entry as usize];
            s.competency += strength * weight;
            let via = index.entry_competencies[entry as usize]
                .iter()
                .find(|l| l.competency == c)
                .map_or("story text", |l| l.via);
            s.competencies.push((c, via));
        }
    }
    // "What makes the United States the place you want to be?" asks why without the word: a
    // question that wants no story and names a "Why X" entity in full ranks that answer up.
    if !query.wants_story() {
        add_why_entities(index, query, &mut scored);
    }
    scored
}

fn add_why_entities(index: &Index, query: &Query, scored: &mut [Scored]) {
    let moves = &super::data::words().leaving_moves;
    let leaving = query.words.iter().any(|w| moves.contains(w));
    for why in &index.why_entities {
        let named = why.named_in(query);
        if named == 0 {
            continue;
        }
        let all = why.stems.len() + why.capitals.len();
        // "Why are you looking to leave Quillmark?" asks why one goes, which "Why Quillmark",
        // the reasons one went there, does not answer; "leave your current position" names
        // only a word of "Why searching a new position".
        if leaving && !why.left && named == all {
            scored[why.entry].reversed = true;
            continue;
        }
        // Naming the whole entity counts far more than a part of it ("leave" of "left CTO").
        if named < all && !query.is_why() {
            continue;
        }
        let coverage = named as f32 / all as f32;
        let s = &mut scored[why.entry];
        s.why = (named as f32 + coverage) * coverage;
        // Without "why" the name only ranks: "your favourite Rust feature" names "Why Rust"
        // and asks no reason, so the answer fits only on the evidence any entry needs; named
        // (whole, here) in a question of what one wants, it asks the reasons ("What makes the
        // US the place you want to be?").
        s.why_entity = query.is_why() || query.asks_motive();
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
