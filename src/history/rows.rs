//! An attempt's row: written with its finding codes and tallies, read back with every stored
//! name checked against its closed set.

use rusqlite::{Row, Transaction, params};
use serde::de::DeserializeOwned;

use super::{HistoryError, NewAttempt, card_key, stamp};
use crate::report::{Attempt, FindingCode};

/// Inserts one attempt (with `id` when given) and its finding codes.
pub(super) fn insert(
    tx: &Transaction<'_>,
    id: Option<i64>,
    a: &NewAttempt,
) -> Result<Attempt, HistoryError> {
    let at = stamp(a.at);
    insert_attempt(tx, id, &at, a)?;
    let id = tx.last_insert_rowid();
    count_attempt(tx, id, &at, a)?;
    Ok(inserted(id, at, a))
}

/// Writes the attempt's own row, every field as its column holds it.
fn insert_attempt(
    tx: &Transaction<'_>,
    id: Option<i64>,
    at: &str,
    a: &NewAttempt,
) -> Result<(), HistoryError> {
    let codes = serde_json::to_string(&a.codes).expect("codes serialize");
    tx.execute(
        "INSERT INTO attempts (id, at, card, question, story, competency, answer_kind, engine,
             overall, codes, speaking_seconds, timed_seconds, answer, scores, rubric, delivery,
             audio)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            id,
            at,
            card_key(a.story.as_deref(), &a.question),
            a.question,
            a.story,
            a.competency.map(|c| c.as_str()),
            a.answer_kind.as_str(),
            a.engine.as_str(),
            a.overall,
            codes,
            a.speaking_seconds,
            a.timed_seconds,
            a.answer,
            serde_json::to_string(&a.scores).expect("scores serialize"),
            serde_json::to_string(&a.rubric).expect("a rubric serializes"),
            a.delivery
                .map(|d| serde_json::to_string(&d).expect("delivery serializes")),
            a.audio,
        ],
    )?;
    Ok(())
}

/// Records the attempt's finding codes and adds it to the code, card and competency tallies.
fn count_attempt(
    tx: &Transaction<'_>,
    id: i64,
    at: &str,
    a: &NewAttempt,
) -> Result<(), HistoryError> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO attempt_codes (attempt, code, at) VALUES (?1, ?2, ?3)",
    )?;
    let mut tally = tx.prepare_cached(
        "INSERT INTO tallies (dimension, key, count, best) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (dimension, key) DO UPDATE SET count = count + 1,
             best = MAX(best, excluded.best)",
    )?;
    for code in &a.codes {
        if stmt.execute(params![id, code.as_str(), at])? == 1 {
            tally.execute(params!["code", code.as_str(), 0])?;
        }
    }
    let key = card_key(a.story.as_deref(), &a.question);
    tally.execute(params!["card", key, a.overall])?;
    if let Some(c) = a.competency {
        tally.execute(params!["competency", c.as_str(), a.overall])?;
    }
    Ok(())
}

/// The attempt as just stored, under the id the database gave it.
fn inserted(id: i64, at: String, a: &NewAttempt) -> Attempt {
    Attempt {
        id,
        at,
        question: a.question.clone(),
        story: a.story.clone(),
        competency: a.competency,
        answer_kind: a.answer_kind,
        engine: a.engine,
        overall: a.overall,
        scores: a.scores,
        rubric: a.rubric,
        codes: a.codes.clone(),
        speaking_seconds: a.speaking_seconds,
        timed_seconds: a.timed_seconds,
        answer: a.answer.clone(),
        delivery: a.delivery,
        audio: a.audio.clone(),
    }
}

pub(super) fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<Attempt, HistoryError>> {
    let id: i64 = row.get(0)?;
    let competency: Option<String> = row.get(4)?;
    let kind: String = row.get(5)?;
    let engine: String = row.get(6)?;
    let codes: String = row.get(8)?;
    let scores: Option<String> = row.get(12)?;
    let rubric: Option<String> = row.get(13)?;
    let delivery: Option<String> = row.get(14)?;
    let parsed = (|| {
        Ok(Attempt {
            id,
            at: row.get(1)?,
            question: row.get(2)?,
            story: row.get(3)?,
            competency: competency
                .map(|c| closed(id, "competency", &c))
                .transpose()?,
            answer_kind: closed(id, "answer_kind", &kind)?,
            engine: closed(id, "engine", &engine)?,
            overall: row.get(7)?,
            scores: json_or_default(id, "scores", scores)?,
            rubric: json_or_default(id, "rubric", rubric)?,
            codes: serde_json::from_str::<Vec<FindingCode>>(&codes).map_err(|_| {
                HistoryError::Corrupt {
                    id,
                    field: "codes",
                    value: codes.clone(),
                }
            })?,
            speaking_seconds: row.get(9)?,
            timed_seconds: row.get(10)?,
            answer: row.get(11)?,
            delivery: delivery
                .map(|d| {
                    serde_json::from_str(&d).map_err(|_| HistoryError::Corrupt {
                        id,
                        field: "delivery",
                        value: d.clone(),
                    })
                })
                .transpose()?,
            audio: row.get(15)?,
        })
    })();
    Ok(parsed)
}

/// A JSON column that may be empty (rows written before it was filled in).
fn json_or_default<T: DeserializeOwned + Default>(
    id: i64,
    field: &'static str,
    value: Option<String>,
) -> Result<T, HistoryError> {
    match value {
        None => Ok(T::default()),
        Some(text) => serde_json::from_str(&text).map_err(|_| HistoryError::Corrupt {
            id,
            field,
            value: text,
        }),
    }
}

/// A stored name of a closed set (answer kind, engine, competency) read back as its enum.
pub(super) fn closed<T: DeserializeOwned>(
    id: i64,
    field: &'static str,
    value: &str,
) -> Result<T, HistoryError> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).map_err(|_| {
        HistoryError::Corrupt {
            id,
            field,
            value: value.to_string(),
        }
    })
}
