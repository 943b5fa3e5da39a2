//! How precise each ask phrase of the lexicon is on labelled questions: how often it fires on a
//! question labelled with its own competency, and on which others it fires (a development tool
//! for measuring the lexicon on data it was not written next to).
//!
//! cargo run --release --example phrase-precision -- src/engine/offline/data/questions.tsv [MIN_FIRED]

use std::collections::BTreeMap;

use starcoach::engine::offline::lexicon::{Tokens, lexicon};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: phrase-precision FILE.tsv [MIN_FIRED]");
    let min: usize = args.next().map_or(3, |n| n.parse().expect("a number"));
    let text = std::fs::read_to_string(&path).expect("readable file");
    // (competency, phrase) -> (fired, own, the other labels it fired on)
    let mut counts: BTreeMap<(String, String), (usize, usize, BTreeMap<String, usize>)> =
        BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let Some((label, question)) = line.split_once('\t') else {
            continue;
        };
        let tokens = Tokens::new(question);
        for c in &lexicon().competencies {
            for p in c.ask.iter().filter(|p| p.found_in(&tokens)) {
                let e = counts
                    .entry((c.id.to_string(), p.text.clone()))
                    .or_default();
                e.0 += 1;
                if label == c.id.as_str() {
                    e.1 += 1;
                } else {
                    *e.2.entry(label.to_string()).or_default() += 1;
                }
            }
        }
    }
    let mut rows: Vec<_> = counts.into_iter().filter(|(_, v)| v.0 >= min).collect();
    rows.sort_by(|a, b| {
        let share = |v: &(usize, usize, BTreeMap<String, usize>)| v.1 as f64 / v.0 as f64;
        share(&a.1).total_cmp(&share(&b.1))
    });
    for ((c, p), (fired, own, others)) in rows {
        let others: Vec<String> = others.iter().map(|(l, n)| format!("{l}={n}")).collect();
        println!(
            "{:5.1}%  {own:3}/{fired:<3}  {c}: \"{p}\"  [{}]",
            100.0 * own as f64 / fired as f64,
            others.join(" ")
        );
    }
}
