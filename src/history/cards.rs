//! Each story's scheduling card: loaded, saved, and rebuilt by replaying its attempts.

use chrono::{DateTime, Utc};
use rs_fsrs::Card;
use rusqlite::{OptionalExtension, Transaction, params};

use super::rows::read_row;
use super::sqlite::ATTEMPT_COLUMNS;
use super::{HistoryError, parse_stamp, schedule, stamp};
use crate::report::Attempt;

pub(super) fn load_card(tx: &Transaction<'_>, key: &str) -> Result<Option<Card>, HistoryError> {
    let row = tx
        .query_row(
            "SELECT due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses,
                 state, last_review FROM cards WHERE card = ?1",
            [key],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, f64>(1)?,
                    row.get::<_, f64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i32>(5)?,
                    row.get::<_, i32>(6)?,
                    row.get::<_, i64>(7)?,
                    row.get::<_, String>(8)?,
                ))
            },
        )
        .optional()?;
    let Some((due, stability, difficulty, elapsed, scheduled, reps, lapses, state, last)) = row
    else {
        return Ok(None);
    };
    let time = |value: String, field| {
        parse_stamp(&value).ok_or(HistoryError::Corrupt {
            id: 0,
            field,
            value,
        })
    };
    Ok(Some(Card {
        due: time(due, "due")?,
        stability,
        difficulty,
        elapsed_days: elapsed,
        scheduled_days: scheduled,
        reps,
        lapses,
        state: schedule::state_from(state),
        last_review: time(last, "last_review")?,
    }))
}

/// What a card shows besides its schedule: the story, the question last asked, its score.
pub(super) struct CardAbout<'a> {
    pub story: Option<&'a str>,
    pub question: &'a str,
    pub last: u8,
}

pub(super) fn save_card(
    tx: &Transaction<'_>,
    key: &str,
    a: &CardAbout<'_>,
    card: &Card,
) -> Result<(), HistoryError> {
    tx.execute(
        "INSERT INTO cards (card, story, question, due, stability, difficulty, elapsed_days,
             scheduled_days, reps, lapses, state, last_review, last)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (card) DO UPDATE SET story = excluded.story, question = excluded.question,
             due = excluded.due, stability = excluded.stability,
             difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days,
             scheduled_days = excluded.scheduled_days, reps = excluded.reps,
             lapses = excluded.lapses, state = excluded.state,
             last_review = excluded.last_review, last = excluded.last",
        params![
            key,
            a.story,
            a.question,
            stamp(card.due),
            card.stability,
            card.difficulty,
            card.elapsed_days,
            card.scheduled_days,
            card.reps,
            card.lapses,
            schedule::state_number(card.state),
            stamp(card.last_review),
            a.last,
        ],
    )?;
    Ok(())
}

/// Replays a story's attempts, oldest first, through the scheduler: after an import or a
/// forget the card is what recording those attempts in order would have made it.
pub(super) fn rebuild_card(tx: &Transaction<'_>, key: &str) -> Result<(), HistoryError> {
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE card = ?1 ORDER BY at, id"
    ))?;
    let attempts: Vec<Attempt> = stmt
        .query_map([key], read_row)?
        .map(|row| row?)
        .collect::<Result<_, _>>()?;
    let mut card = None;
    let mut last = None;
    for a in attempts {
        let at: DateTime<Utc> = parse_stamp(&a.at).ok_or(HistoryError::Corrupt {
            id: a.id,
            field: "at",
            value: a.at.clone(),
        })?;
        card = Some(schedule::review(card, at, a.overall));
        last = Some(a);
    }
    match (card, last) {
        (Some(card), Some(a)) => {
            let about = CardAbout {
                story: a.story.as_deref(),
                question: &a.question,
                last: a.overall,
            };
            save_card(tx, key, &about, &card)
        }
        _ => {
            tx.execute("DELETE FROM cards WHERE card = ?1", [key])?;
            Ok(())
        }
    }
}
