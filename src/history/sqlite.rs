//! The history in one SQLite file: WAL and a busy timeout (the CLI and the daemon write it at
//! once), a versioned schema under `rusqlite_migration`, one transaction per call.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rs_fsrs::Card;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use rusqlite_migration::M;
use serde::de::DeserializeOwned;

use super::{
    Forget, History, HistoryError, NewAttempt, Recorded, Scheduled, card_key, parse_stamp,
    schedule, stamp,
};
use crate::report::{Attempt, FindingCode, HistoryImport, ProgressReport};

/// The schema, one step per version; a step is never edited once released, only added to.
pub const MIGRATIONS: &[M<'static>] = &[
    // 1: attempts, and the scheduling state of each story.
    M::up(
        "CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            card TEXT NOT NULL,
            question TEXT NOT NULL,
            story TEXT,
            competency TEXT,
            answer_kind TEXT NOT NULL,
            engine TEXT NOT NULL,
            overall INTEGER NOT NULL,
            scores TEXT,
            rubric TEXT,
            codes TEXT NOT NULL,
            speaking_seconds INTEGER NOT NULL,
            timed_seconds INTEGER,
            answer TEXT NOT NULL
        );
        CREATE INDEX attempts_card ON attempts (card, at, overall);
        CREATE INDEX attempts_at ON attempts (at);
        CREATE TABLE cards (
            card TEXT PRIMARY KEY,
            story TEXT,
            question TEXT NOT NULL,
            due TEXT NOT NULL,
            stability REAL NOT NULL,
            difficulty REAL NOT NULL,
            elapsed_days INTEGER NOT NULL,
            scheduled_days INTEGER NOT NULL,
            reps INTEGER NOT NULL,
            lapses INTEGER NOT NULL,
            state INTEGER NOT NULL,
            last_review TEXT NOT NULL,
            last INTEGER NOT NULL
        );
        CREATE INDEX cards_due ON cards (due);",
    ),
    // 2: findings in a table of their own (progress counts them without reading JSON), and
    // competency trends by index.
    M::up(
        "CREATE TABLE attempt_codes (
            attempt INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (attempt, code)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO attempt_codes (attempt, code, at)
            SELECT a.id, j.value, a.at FROM attempts a, json_each(a.codes) j;
        CREATE INDEX attempt_codes_code ON attempt_codes (code, at);
        CREATE INDEX attempts_competency ON attempts (competency, at, overall)
            WHERE competency IS NOT NULL;",
    ),
    // 3: running counts and best scores per story, competency and finding, so progress over a
    // long history reads a few rows instead of scanning every attempt.
    M::up(
        "CREATE TABLE tallies (
            dimension TEXT NOT NULL,
            key TEXT NOT NULL,
            count INTEGER NOT NULL,
            best INTEGER NOT NULL,
            PRIMARY KEY (dimension, key)
        ) WITHOUT ROWID;
        INSERT INTO tallies SELECT 'card', card, COUNT(*), MAX(overall) FROM attempts GROUP BY card;
        INSERT INTO tallies SELECT 'competency', competency, COUNT(*), MAX(overall) FROM attempts
            WHERE competency IS NOT NULL GROUP BY competency;
        INSERT INTO tallies SELECT 'code', code, COUNT(*), 0 FROM attempt_codes GROUP BY code;",
    ),
    // 4: spoken answers: how they were delivered (JSON), and where a kept recording is.
    M::up(
        "ALTER TABLE attempts ADD COLUMN delivery TEXT;
        ALTER TABLE attempts ADD COLUMN audio TEXT;",
    ),
];

/// Recounts the tallies from the attempts (after a forget); the same counts migration 3 made.
const RETALLY: &str = "DELETE FROM tallies;
    INSERT INTO tallies SELECT 'card', card, COUNT(*), MAX(overall) FROM attempts GROUP BY card;
    INSERT INTO tallies SELECT 'competency', competency, COUNT(*), MAX(overall) FROM attempts
        WHERE competency IS NOT NULL GROUP BY competency;
    INSERT INTO tallies SELECT 'code', code, COUNT(*), 0 FROM attempt_codes GROUP BY code;";

const FIX: &str = "set [history] path in the config to a writable file";

/// The SQLite history; see the module docs.
pub struct SqliteHistory {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteHistory")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteHistory {
    /// Opens the history at `path`, creating the file and its directory, and migrating an
    /// older schema; a file from a newer starcoach is refused untouched.
    pub fn open(path: &Path) -> Result<SqliteHistory, HistoryError> {
        let error = |reason: String, fix: &str| HistoryError::Open {
            path: path.to_path_buf(),
            reason,
            fix: fix.to_string(),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| error(format!("cannot create {}: {e}", dir.display()), FIX))?;
        }
        let conn = crate::db::open(path, MIGRATIONS).map_err(|e| match e {
            crate::db::DbError::Newer { .. } => error(e.to_string(), "upgrade starcoach"),
            _ => error(e.to_string(), FIX),
        })?;
        Ok(SqliteHistory {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent; keep going.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, HistoryError>,
    ) -> Result<T, HistoryError> {
        let mut conn = self.conn();
        // IMMEDIATE takes the write lock up front, so a busy file is waited for (busy timeout)
        // instead of failing when a read turns into a write.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

const ATTEMPT_COLUMNS: &str = "id, at, question, story, competency, answer_kind, engine, overall, \
     codes, speaking_seconds, timed_seconds, answer, scores, rubric, delivery, audio";

impl History for SqliteHistory {
    fn record(&self, attempt: NewAttempt) -> Result<Recorded, HistoryError> {
        self.write(|tx| {
            let key = card_key(attempt.story.as_deref(), &attempt.question);
            let previous: Option<u8> = tx
                .query_row(
                    "SELECT overall FROM attempts WHERE card = ?1 ORDER BY at DESC, id DESC LIMIT 1",
                    [&key],
                    |row| row.get(0),
                )
                .optional()?;
            let stored = insert(tx, None, &attempt)?;
            let card = load_card(tx, &key)?;
            let next = schedule::review(card, attempt.at, attempt.overall);
            let about = CardAbout {
                story: attempt.story.as_deref(),
                question: &attempt.question,
                last: attempt.overall,
            };
            save_card(tx, &key, &about, &next)?;
            Ok(Recorded {
                attempt: stored,
                previous,
                next_due: next.due,
            })
        })
    }

    fn list(&self, limit: Option<usize>) -> Result<Vec<Attempt>, HistoryError> {
        let conn = self.conn();
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        let mut stmt = conn.prepare(&format!(
            "SELECT {ATTEMPT_COLUMNS} FROM attempts ORDER BY at DESC, id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], read_row)?;
        rows.map(|row| row?).collect()
    }

    fn get(&self, id: i64) -> Result<Attempt, HistoryError> {
        let conn = self.conn();
        let row = conn
            .query_row(
                &format!("SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = ?1"),
                [id],
                read_row,
            )
            .optional()?;
        row.ok_or(HistoryError::NoSuchAttempt(id))?
    }

    fn import(&self, attempts: Vec<Attempt>) -> Result<HistoryImport, HistoryError> {
        self.write(|tx| {
            let mut report = HistoryImport {
                imported: 0,
                skipped: 0,
            };
            let mut keys = BTreeSet::new();
            for a in attempts {
                let at = parse_stamp(&a.at).ok_or_else(|| HistoryError::Corrupt {
                    id: a.id,
                    field: "at",
                    value: a.at.clone(),
                })?;
                let exists: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM attempts WHERE at = ?1 AND question = ?2 AND answer = ?3)",
                    params![stamp(at), a.question, a.answer],
                    |row| row.get(0),
                )?;
                if exists {
                    report.skipped += 1;
                    continue;
                }
                let id_free: bool = tx.query_row(
                    "SELECT NOT EXISTS (SELECT 1 FROM attempts WHERE id = ?1)",
                    [a.id],
                    |row| row.get(0),
                )?;
                let new = NewAttempt {
                    at,
                    question: a.question,
                    story: a.story,
                    competency: a.competency,
                    answer_kind: a.answer_kind,
                    engine: a.engine,
                    overall: a.overall.min(100),
                    scores: a.scores,
                    rubric: a.rubric,
                    codes: a.codes,
                    speaking_seconds: a.speaking_seconds,
                    timed_seconds: a.timed_seconds,
                    answer: a.answer,
                    delivery: a.delivery,
                    audio: a.audio,
                };
                keys.insert(card_key(new.story.as_deref(), &new.question));
                insert(tx, (id_free && a.id > 0).then_some(a.id), &new)?;
                report.imported += 1;
            }
            for key in &keys {
                rebuild_card(tx, key)?;
            }
            Ok(report)
        })
    }

    fn forget(&self, which: Forget) -> Result<u64, HistoryError> {
        self.write(|tx| {
            let (filter, arg) = match which {
                Forget::Id(id) => ("id = ?1", id.to_string()),
                Forget::Before(at) => ("at < ?1", stamp(at)),
                Forget::All => ("?1 IS NOT NULL", String::new()),
            };
            let keys: Vec<String> = tx
                .prepare(&format!(
                    "SELECT DISTINCT card FROM attempts WHERE {filter}"
                ))?
                .query_map([&arg], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let gone = tx.execute(&format!("DELETE FROM attempts WHERE {filter}"), [&arg])?;
            if let Forget::Id(id) = which
                && gone == 0
            {
                return Err(HistoryError::NoSuchAttempt(id));
            }
            for key in &keys {
                rebuild_card(tx, key)?;
            }
            tx.execute_batch(RETALLY)?;
            Ok(gone as u64)
        })
    }

    fn schedule(&self) -> Result<Vec<Scheduled>, HistoryError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT story, question, due, last FROM cards ORDER BY due, card")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, u8>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (story, question, due, last) = row?;
            let due = parse_stamp(&due).ok_or(HistoryError::Corrupt {
                id: 0,
                field: "due",
                value: due,
            })?;
            out.push(Scheduled {
                story,
                question,
                due,
                last,
            });
        }
        Ok(out)
    }

    fn progress(&self) -> Result<ProgressReport, HistoryError> {
        let conn = self.conn();
        super::progress::read(&conn)
    }
}

/// Inserts one attempt (with `id` when given) and its finding codes.
fn insert(tx: &Transaction<'_>, id: Option<i64>, a: &NewAttempt) -> Result<Attempt, HistoryError> {
    let at = stamp(a.at);
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
    let id = tx.last_insert_rowid();
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
    Ok(Attempt {
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
    })
}

fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<Attempt, HistoryError>> {
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

fn load_card(tx: &Transaction<'_>, key: &str) -> Result<Option<Card>, HistoryError> {
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
struct CardAbout<'a> {
    story: Option<&'a str>,
    question: &'a str,
    last: u8,
}

fn save_card(
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
fn rebuild_card(tx: &Transaction<'_>, key: &str) -> Result<(), HistoryError> {
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
