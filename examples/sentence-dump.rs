//! Prints how the critique's sentence models read each sentence of a draft: blame log-odds, the
//! reflection readings, which way it turns, the move, and what it talks of with its odds (a
//! development tool for diagnosing a critique miss).
//!
//! cargo run --release --example sentence-dump -- DRAFT_FILE

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: sentence-dump DRAFT_FILE");
    let text = std::fs::read_to_string(&path).expect("draft file");
    let data = starcoach::engine::offline::data::data();
    println!(
        "blame  lesson  empty deflect   own  against along  move          talk            sentence"
    );
    for s in starcoach::text::sentences(&text) {
        let r = data.reflection.read(&s);
        let (against, along) = data.turns.read(&s);
        let reading = data.talk.reading(&s);
        let talk = reading.likeliest();
        let talk_odds = reading.odds(talk);
        println!(
            "{:5.2} {:7.2} {:6.2} {:7.2} {:5.2} {:8.2} {:5.2}  {:<12}  {:<14}  {s}",
            data.tone.blame(&s),
            r.lesson,
            r.empty,
            r.deflect,
            r.own,
            against,
            along,
            format!("{:?}", data.moves.read(&s)),
            format!("{talk:?} {talk_odds:.2}"),
        );
    }
}
