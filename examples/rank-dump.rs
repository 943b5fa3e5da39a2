//! Prints how the offline ranking reads questions and scores every entry (a development tool
//! for diagnosing a miss on the dev split).
//!
//! cargo run --release --example rank-dump -- BANK_DIR "question" ["question" ...]
//! cargo run --release --example rank-dump -- BANK_DIR --corpus FILE.jsonl   (JSON lines: every
//! entry's signals for every corpus question, for fitting a blend outside Rust)

use std::path::Path;
use std::sync::Arc;

use starcoach::engine::offline::lexicon::lexicon;
use starcoach::engine::offline::{OfflineEngine, Query, Settings, WEIGHTS};
use starcoach::story::StoryBank;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: rank-dump BANK_DIR QUESTION...");
    let bank = StoryBank::load(Path::new(&dir)).expect("bank loads");
    let engine = OfflineEngine::new(Arc::new(bank), None, Settings::default());
    let entries = engine.bank().entries();
    let name = |c: usize| lexicon().competencies[c].id.as_str();
    let args: Vec<String> = args.collect();
    if args.first().map(String::as_str) == Some("--corpus") {
        let text = std::fs::read_to_string(&args[1]).expect("corpus file");
        for (line, case) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(case).expect("json line");
            let question = v["question"].as_str().unwrap_or_default();
            let q = Query::new(question);
            for s in engine.ranked_with(question, &WEIGHTS) {
                let e = &entries[s.entry];
                let row = serde_json::json!({
                    "line": line + 1, "entry": e.id, "story": e.kind == starcoach::story::Kind::Story,
                    "label": v["expect"].as_array().is_some_and(|a| a.iter().any(|x| x == e.id.as_str())),
                    "none_case": v["expect"].as_array().is_none_or(|a| a.is_empty()),
                    "qnone": q.none, "none": q.reads_as_none(&WEIGHTS), "qwhy": q.is_why(), "qstory": q.wants_story(),
                    "qphrased": q.phrased.first().map_or(0.0, |p| p.1),
                    "qtop": q.competencies.first().map_or(0.0, |p| p.1),
                    "lex": s.lexical, "key": s.key, "comp": s.competency,
                    "why": s.why, "why_entity": s.why_entity,
                    "score": s.score, "fits": s.fits,
                });
                println!("{row}");
            }
        }
        return;
    }
    for question in args {
        let q = Query::new(&question);
        let read = |v: &[(usize, f32)]| {
            v.iter()
                .map(|&(c, s)| format!("{}={s:.2}", name(c)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!("{question}");
        println!("  phrased: {}", read(&q.phrased));
        println!("  fused:   {}  none={:.2}", read(&q.competencies), q.none);
        println!(
            "  terms:   {:?} why={} story={}",
            q.terms,
            q.is_why(),
            q.wants_story()
        );
        for s in engine.ranked_with(&question, &WEIGHTS).iter().take(8) {
            println!(
                "  {:>5} {:<28} score={:.2} lex={:.2} key={:.2} comp={:.2} why={:.2} {:?}",
                if s.fits { "fits" } else { "" },
                entries[s.entry].id,
                s.score,
                s.lexical,
                s.key,
                s.competency,
                s.why,
                s.terms
            );
        }
    }
}
