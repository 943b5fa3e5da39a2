//! Prints, for every critique corpus case with a question, the signals of whether the draft is
//! about the competency asked (a development tool for fitting the off-question topic check).
//!
//! cargo run --release --example topic-dump -- tests/corpus/critique.dev.jsonl > signals.jsonl

use starcoach::engine::offline::Query;
use starcoach::engine::offline::data::data;
use starcoach::engine::offline::lexicon::{Tokens, lexicon};

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: topic-dump CRITIQUE.jsonl");
    let text = std::fs::read_to_string(&path).expect("corpus file");
    for (i, line) in text.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(question) = v["question"].as_str() else {
            continue;
        };
        let draft = v["draft"].as_str().unwrap_or_default();
        let has = |field: &str| {
            v[field]
                .as_array()
                .is_some_and(|a| a.iter().any(|c| c == "off-question"))
        };
        let label = if has("expect") {
            1
        } else if has("forbid") {
            0
        } else {
            -1
        };
        let mut row = signals(question, draft);
        row["line"] = (i + 1).into();
        row["label"] = label.into();
        println!("{row}");
    }
}

/// The topic signals of one draft for its question.
fn signals(question: &str, draft: &str) -> serde_json::Value {
    let d = data();
    let n_comp = lexicon().competencies.len();
    let q = Query::new(question);
    let asked: Vec<usize> = q.plainly_phrased().collect();
    let open = asked.iter().any(|&c| lexicon().competencies[c].open);
    let tokens = Tokens::new(draft);
    let comps = &lexicon().competencies;
    let lex_asked = asked
        .iter()
        .map(|&c| comps[c].shown_in(&tokens))
        .fold(0f32, f32::max);
    let words_asked = asked
        .iter()
        .map(|&c| comps[c].words_in(&tokens))
        .fold(0f32, f32::max);
    let lex_other = (0..n_comp)
        .filter(|c| !asked.contains(c))
        .map(|c| comps[c].shown_in(&tokens))
        .fold(0f32, f32::max);
    let sentences = starcoach::text::sentences(draft);
    let reads: Vec<_> = sentences.iter().map(|s| d.shows.read(s)).collect();
    let shows_asked = reads
        .iter()
        .filter(|r| r.is_some_and(|(c, o)| o >= 0.0 && asked.contains(&c)))
        .count() as f32
        / sentences.len().max(1) as f32;
    let shows_asked_max = reads
        .iter()
        .filter_map(|r| r.filter(|(c, _)| asked.contains(c)).map(|(_, o)| o))
        .fold(-9f32, f32::max);
    let shows_other = reads
        .iter()
        .filter(|r| r.is_some_and(|(c, o)| o >= 0.0 && !asked.contains(&c)))
        .count() as f32
        / sentences.len().max(1) as f32;
    let intent = d.intent.read(draft);
    let rank = intent
        .competencies
        .iter()
        .position(|(c, _)| asked.contains(c))
        .unwrap_or(n_comp);
    let p_asked = intent
        .competencies
        .iter()
        .filter(|(c, _)| asked.contains(c))
        .map(|(_, p)| *p)
        .fold(0f32, f32::max);
    let p_top = intent.competencies.first().map_or(0.0, |(_, p)| *p);
    let draft_terms = starcoach::text::terms(draft);
    let shared = q
        .terms
        .iter()
        .filter(|t| !d.intent.is_frame_word(t))
        .filter(|t| draft_terms.contains(t))
        .count();
    serde_json::json!({
            "asked": asked.len(), "open": open,
            "lex_asked": lex_asked, "words_asked": words_asked, "lex_other": lex_other,
            "shows_asked": shows_asked, "shows_asked_max": shows_asked_max,
            "shows_other": shows_other, "rank": rank, "p_asked": p_asked, "p_top": p_top,
            "shared": shared, "sentences": sentences.len(),
    })
}
