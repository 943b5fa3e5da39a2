//! How precise each ask phrase of the lexicon is on labelled questions: how often it fires on a
//! question labelled with its own competency, and on which others it fires (a development tool
//! for measuring the lexicon on data it was not written next to).
//!
//! cargo run --release --example phrase-precision -- src/engine/offline/data/questions.tsv [MIN_FIRED]

use std::collections::BTreeMap;

use starcoach::engine::offline::lexicon::{Tokens, lexicon};

/// How a phrase fared: the questions it fired on, those of its own competency, and the other
/// labels it fired on.
#[derive(Default)]
struct Tally {
    fired: usize,
    own: usize,
    others: BTreeMap<String, usize>,
}

impl Tally {
    fn share(&self) -> f64 {
        self.own as f64 / self.fired as f64
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: phrase-precision FILE.tsv [MIN_FIRED]");
    let min: usize = args.next().map_or(3, |n| n.parse().expect("a number"));
    let text = std::fs::read_to_string(&path).expect("readable file");
    let mut counts: BTreeMap<(String, String), Tally> = BTreeMap::new();
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
                e.fired += 1;
                if label == c.id.as_str() {
                    e.own += 1;
                } else {
                    *e.others.entry(label.to_string()).or_default() += 1;
                }
            }
        }
    }
    let mut rows: Vec<_> = counts.into_iter().filter(|(_, t)| t.fired >= min).collect();
    rows.sort_by(|a, b| a.1.share().total_cmp(&b.1.share()));
    for ((c, p), t) in rows {
        let others: Vec<String> = t.others.iter().map(|(l, n)| format!("{l}={n}")).collect();
        println!(
            "{:5.1}%  {:3}/{:<3}  {c}: \"{p}\"  [{}]",
            100.0 * t.share(),
            t.own,
            t.fired,
            others.join(" ")
        );
    }
}
