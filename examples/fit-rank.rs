//! Fits the offline ranking's blend weights on the dev split of the corpus and reports the
//! test split for the best few (a development tool; the test split never chooses).
//!
//! cargo run --release --example fit-rank -- SEED_BANK_DIR [intent]
//! (`intent`: fit only the classifier's weights and the fit bars, the rest as they are.)
//! (SEED_BANK_DIR: the seed document imported with `starcoach import`; the sample bank is
//! `stories/`.)

use std::path::Path;
use std::sync::Arc;

use starcoach::engine::offline::{OfflineEngine, Settings, WEIGHTS, Weights};
use starcoach::story::StoryBank;

struct Case {
    question: String,
    expect: Vec<String>,
}

fn cases(path: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            Case {
                question: v["question"].as_str().unwrap_or_default().to_string(),
                expect: v["expect"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

fn engine(dir: &str) -> OfflineEngine {
    let bank = StoryBank::load(Path::new(dir)).expect("bank loads");
    OfflineEngine::new(Arc::new(bank), None, Settings::default())
}

/// Top-1 hits (an empty result counts for a case nothing answers).
fn hits(e: &OfflineEngine, cases: &[Case], w: &Weights) -> usize {
    let entries = e.bank().entries();
    cases
        .iter()
        .filter(|c| {
            let first = e.ranked_with(&c.question, w).into_iter().find(|s| s.fits);
            match first {
                Some(s) => c.expect.contains(&entries[s.entry].id),
                None => c.expect.is_empty(),
            }
        })
        .count()
}

fn main() {
    let seed = std::env::args()
        .nth(1)
        .expect("usage: fit-rank SEED_BANK_DIR");
    let banks = [(engine(&seed), "seed"), (engine("stories"), "sample")];
    let split = |name: &str| -> Vec<(usize, Vec<Case>)> {
        banks
            .iter()
            .enumerate()
            .map(|(i, (_, b))| {
                (
                    i,
                    cases(&format!("tests/corpus/questions.{b}.{name}.jsonl")),
                )
            })
            .collect()
    };
    let (dev, test) = (split("dev"), split("test"));
    let score = |set: &[(usize, Vec<Case>)], w: &Weights| -> (usize, usize) {
        let got = set.iter().map(|(i, c)| hits(&banks[*i].0, c, w)).sum();
        (got, set.iter().map(|(_, c)| c.len()).sum())
    };
    let mut results = Vec::new();
    if std::env::args().nth(2).as_deref() == Some("intent") {
        for intent in [0.0, 0.5, 0.8, 1.0, 1.5] {
            for intent_floor in [0.15, 0.25, 0.35, 0.5] {
                for none_bar in [0.3, 0.5, 0.7, 2.0] {
                    for fit_competency in [0.35, 0.45, 0.6, 0.8] {
                        let w = Weights {
                            intent,
                            intent_floor,
                            none_bar,
                            fit_competency,
                            ..WEIGHTS
                        };
                        results.push((score(&dev, &w).0, w));
                    }
                }
            }
        }
    }
    let full = results.is_empty();
    for lexical in [0.5, 1.0, 1.5].into_iter().filter(|_| full) {
        for lexical_raw in [0.0, 0.25, 0.5] {
            for competency in [0.5, 1.0, 2.0] {
                for kind in [0.0, 0.3] {
                    for fit_competency in [0.35, 0.45, 0.6, 0.8] {
                        for fit_lexical in [1.5, 2.0, 2.5, 3.0, 3.5] {
                            for fit_key in [0.6, 0.8, 1.0, 9.0] {
                                let w = Weights {
                                    lexical,
                                    lexical_raw,
                                    competency,
                                    kind,
                                    fit_competency,
                                    fit_lexical,
                                    fit_key,
                                    ..WEIGHTS
                                };
                                results.push((score(&dev, &w).0, w));
                            }
                        }
                    }
                }
            }
        }
    }
    results.sort_by_key(|r| std::cmp::Reverse(r.0));
    let (base_dev, n_dev) = score(&dev, &WEIGHTS);
    let (base_test, n_test) = score(&test, &WEIGHTS);
    println!("current: dev {base_dev}/{n_dev}  test {base_test}/{n_test}  {WEIGHTS:?}");
    for (dev_hits, w) in results.iter().take(8) {
        let (t, _) = score(&test, w);
        println!("dev {dev_hits}/{n_dev}  test {t}/{n_test}  {w:?}");
    }
}
