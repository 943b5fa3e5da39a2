//! Prints the lexicon phrases each text meets, by competency (a development tool for finding
//! which phrase made a question or a posting line read as a competency).
//!
//! cargo run --release --example phrase-dump -- "text" ["text" ...]

use starcoach::engine::offline::lexicon::{Tokens, lexicon};

fn main() {
    for text in std::env::args().skip(1) {
        println!("{text}");
        let tokens = Tokens::new(&text);
        for c in &lexicon().competencies {
            let spans = c.spans_in(&tokens);
            if !spans.is_empty() {
                println!("  {}: {spans:?}", c.id);
            }
        }
    }
}
