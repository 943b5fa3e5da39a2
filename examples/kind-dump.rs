//! Prints how a question's answer kind is read: the kind, whether it is a story prompt or a
//! why, the fused competencies, and the classifier's own probabilities (a development tool for
//! the dev split of `tests/corpus/kinds.*.jsonl`).
//!
//! cargo run --release --example kind-dump -- tests/corpus/kinds.dev.jsonl > /tmp/kind-readings.jsonl

use starcoach::engine::offline::Query;
use starcoach::engine::offline::data::data;
use starcoach::engine::offline::lexicon::lexicon;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: kind-dump KINDS.jsonl");
    let text = std::fs::read_to_string(&path).expect("corpus file");
    let name = |c: usize| lexicon().competencies[c].id.as_str();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let question = v["question"].as_str().unwrap_or_default();
        let q = Query::new(question);
        let read = data().intent.read(question);
        let pairs = |list: &[(usize, f32)]| {
            list.iter()
                .take(6)
                .map(|&(c, s)| (name(c), (s * 100.0).round() / 100.0))
                .collect::<Vec<_>>()
        };
        let row = serde_json::json!({
            "line": i + 1, "kind": v["kind"], "question": question,
            "story": q.wants_story(), "why": q.is_why(),
            "fused": pairs(&q.competencies), "phrased": pairs(&q.phrased),
            "classifier": pairs(&read.competencies), "none": read.none,
        });
        println!("{row}");
    }
}
