//! The history in one SQLite file: WAL and a busy timeout (the CLI and the daemon write it at
//! once), a versioned schema under `rusqlite_migration`, one transaction per call.

use std::collections::BTreeSet;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::cards::{CardAbout, load_card, rebuild_card, save_card};
use super::rows::{insert, read_row};
use super::schema::{MIGRATIONS, RETALLY};
use super::{
    Forget, Forgotten, History, HistoryError, NewAttempt, Recorded, Scheduled, card_key,
    parse_stamp, schedule, stamp,
};
use crate::report::{Attempt, HistoryImport, ProgressReport};

const FIX: &str = "set [history] path in the config to a writable file";

/// How many stored attempts have this time, question and answer.
fn held_copies(
    tx: &Transaction,
    (at, question, answer): &(String, String, String),
) -> rusqlite::Result<i64> {
    tx.query_row(
        "SELECT COUNT(*) FROM attempts WHERE at = ?1 AND question = ?2 AND answer = ?3",
        params![at, question, answer],
        |row| row.get(0),
    )
}

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

pub(super) const ATTEMPT_COLUMNS: &str = "id, at, question, story, competency, answer_kind, engine, overall, \
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
            // Attempts given twice in one second with the same answer are one key: the file's
            // n-th attempt of a key (by id: a line repeated, as two exports appended to one
            // file repeat it, is one attempt) is new when the history held fewer than n before
            // the import. So export, `forget --all`, import gives them all back, and a second
            // import none.
            let mut copies: HashMap<(String, String, String), (i64, HashSet<i64>)> = HashMap::new();
            for a in attempts {
                if let Some(problem) = super::import_problem(&a, chrono::Utc::now()) {
                    return Err(HistoryError::Invalid { id: a.id, problem });
                }
                let at = parse_stamp(&a.at).ok_or_else(|| HistoryError::Corrupt {
                    id: a.id,
                    field: "at",
                    value: a.at.clone(),
                })?;
                let key = (stamp(at), a.question.clone(), a.answer.clone());
                let (held, ids) = match copies.entry(key) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => {
                        let held = held_copies(tx, e.key())?;
                        e.insert((held, HashSet::new()))
                    }
                };
                let repeated = !ids.insert(a.id);
                if repeated || ids.len() as i64 <= *held {
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
                    overall: a.overall,
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

    fn forget(&self, which: Forget) -> Result<Forgotten, HistoryError> {
        self.write(|tx| {
            let (filter, arg) = match which {
                Forget::Id(id) => ("id = ?1", id.to_string()),
                Forget::Before(at) => ("at < ?1", stamp(at)),
                Forget::All => ("?1 IS NOT NULL", String::new()),
            };
            // One column of the attempts about to go: `also` narrows the filter.
            let column = |what: &str, also: &str| -> rusqlite::Result<Vec<String>> {
                tx.prepare(&format!("SELECT {what} FROM attempts WHERE {also}{filter}"))?
                    .query_map([&arg], |row| row.get(0))?
                    .collect()
            };
            let keys = column("DISTINCT card", "")?;
            // A recording an attempt that stays still names is not the forgotten ones' to take.
            let audio = column(
                "DISTINCT audio",
                &format!(
                    "audio IS NOT NULL AND audio NOT IN \
                     (SELECT audio FROM attempts WHERE audio IS NOT NULL AND NOT ({filter})) AND "
                ),
            )?;
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
            Ok(Forgotten {
                attempts: gone as u64,
                audio,
            })
        })
    }

    fn schedule(&self) -> Result<Vec<Scheduled>, HistoryError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT card, story, question, due, last FROM cards ORDER BY due, card")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, u8>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, story, question, due, last) = row?;
            let due = parse_stamp(&due).ok_or(HistoryError::Corrupt {
                id: 0,
                field: "due",
                value: due,
            })?;
            out.push(Scheduled {
                key,
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
