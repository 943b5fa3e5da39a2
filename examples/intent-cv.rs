//! Five-fold cross-validation of the question classifier on its own training data
//! (`src/engine/offline/data/questions.tsv`): how often it names the labelled competency first,
//! or among its first three (a development tool; the corpus's test split is the measure of
//! record).
//!
//! cargo run --release --example intent-cv

use starcoach::engine::offline::data::QUESTIONS_FILE;
use starcoach::engine::offline::intent::Intent;
use starcoach::engine::offline::lexicon::lexicon;

const FOLDS: usize = 5;

fn main() {
    let text = std::fs::read_to_string(QUESTIONS_FILE).expect("run from the repository root");
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let ids: Vec<&str> = lexicon()
        .competencies
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    let (mut top1, mut top3, mut total) = (0, 0, 0);
    for fold in 0..FOLDS {
        let train: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, l)| *l)
            .collect();
        let intent = Intent::train("fold", &train.join("\n"), lexicon()).expect("trains");
        for line in lines.iter().skip(fold).step_by(FOLDS) {
            let (label, question) = line.split_once('\t').expect("labelled line");
            let read = intent.read(question);
            // `none` stands first when its probability beats every competency's.
            let mut ranked: Vec<(&str, f32)> = read
                .competencies
                .iter()
                .map(|&(c, p)| (ids[c], p))
                .collect();
            ranked.push(("none", read.none));
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            top1 += usize::from(ranked[0].0 == label);
            top3 += usize::from(ranked.iter().take(3).any(|(id, _)| *id == label));
            total += 1;
        }
    }
    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    println!(
        "{total} questions, {} classes: top-1 {:.1}%, top-3 {:.1}%",
        ids.len() + 1,
        pct(top1),
        pct(top3)
    );
}
