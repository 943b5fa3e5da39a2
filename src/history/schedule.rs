//! Spaced repetition over the user's stories: FSRS (the `rs-fsrs` scheduler) rates each attempt
//! by its score, so a weak answer comes back sooner than a strong one.

use chrono::{DateTime, Utc};
use rs_fsrs::{Card, FSRS, Parameters, Rating, State};

/// The FSRS rating an attempt's overall score stands for. The cut points follow the rubric's
/// bands (docs/critique.md): under 50 the answer needs rework, 50-69 it holds with gaps,
/// 70-84 it is sound, 85 and up it is ready.
pub fn rating(overall: u8) -> Rating {
    match overall {
        0..50 => Rating::Again,
        50..70 => Rating::Hard,
        70..85 => Rating::Good,
        _ => Rating::Easy,
    }
}

/// The scheduler: day-level intervals (no same-session learning steps), since a story is
/// rehearsed across days before a loop, not drilled in minutes.
fn fsrs() -> FSRS {
    FSRS::new(Parameters {
        enable_short_term: false,
        ..Parameters::default()
    })
}

/// The card after an attempt scored `overall` at `at`; `card` is its state before (none for a
/// story never practised).
pub fn review(card: Option<Card>, at: DateTime<Utc>, overall: u8) -> Card {
    let card = card.unwrap_or_else(|| Card {
        due: at,
        last_review: at,
        ..Card::default()
    });
    // A clock set back (an import of older attempts) must not schedule into the past.
    let at = at.max(card.last_review);
    fsrs().next(card, at, rating(overall)).card
}

/// The card's state as stored: its number in the `cards.state` column.
pub fn state_number(state: State) -> i64 {
    state as i64
}

pub fn state_from(number: i64) -> State {
    match number {
        1 => State::Learning,
        2 => State::Review,
        3 => State::Relearning,
        _ => State::New,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000 + day * 86_400, 0).unwrap()
    }

    #[test]
    fn a_weak_first_attempt_comes_back_sooner_than_a_strong_one() {
        let weak = review(None, at(0), 30);
        let fair = review(None, at(0), 60);
        let strong = review(None, at(0), 95);
        assert!(weak.due < fair.due, "{:?} {:?}", weak.due, fair.due);
        assert!(fair.due < strong.due, "{:?} {:?}", fair.due, strong.due);
        assert!(weak.due > at(0));
    }

    #[test]
    fn steady_good_answers_space_out_and_a_lapse_pulls_the_story_back() {
        let mut card = review(None, at(0), 80);
        let mut gaps = Vec::new();
        for _ in 0..4 {
            let before = card.due;
            card = review(Some(card), before, 80);
            gaps.push((card.due - before).num_days());
        }
        assert!(gaps.windows(2).all(|w| w[0] <= w[1]), "{gaps:?}");
        let now = card.due;
        let lapsed = review(Some(card), now, 20);
        assert!(
            (lapsed.due - now).num_days() < *gaps.last().unwrap(),
            "{gaps:?}"
        );
    }

    #[test]
    fn ratings_follow_the_score_bands() {
        assert_eq!(rating(0), Rating::Again);
        assert_eq!(rating(49), Rating::Again);
        assert_eq!(rating(50), Rating::Hard);
        assert_eq!(rating(70), Rating::Good);
        assert_eq!(rating(85), Rating::Easy);
        assert_eq!(rating(100), Rating::Easy);
    }
}
