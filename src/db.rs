//! SQLite files the program keeps (the practice history, the LLM response cache): opened with
//! WAL, a busy timeout and their migrations, so several processes can share one file.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// How long a writer waits for another process's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    Sql(#[from] rusqlite::Error),
    #[error("it has schema version {found}, written by a newer starcoach (this one knows {known})")]
    Newer { found: usize, known: usize },
    #[error("cannot bring its schema up to date: {0}")]
    Migrate(String),
}

/// Opens `path` (creating it), sets WAL, the busy timeout and foreign keys, and runs the
/// migrations. Two processes opening a new file at once both try to migrate; the loser's
/// attempt fails on the winner's tables, so a failure is checked against the version again.
pub fn open(path: &Path, steps: &[M<'_>]) -> Result<Connection, DbError> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&mut conn, steps)?;
    Ok(conn)
}

/// Brings the schema to the latest version; a file from a newer build is refused untouched.
pub fn migrate(conn: &mut Connection, steps: &[M<'_>]) -> Result<(), DbError> {
    let migrations = Migrations::from_slice(steps);
    let known = steps.len();
    let mut tries = 0;
    loop {
        let found = version(conn)?;
        if found > known {
            return Err(DbError::Newer { found, known });
        }
        if found == known {
            return Ok(());
        }
        match migrations.to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(e) if tries < 3 => {
                tracing::debug!("migration raced another process ({e}); checking again");
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => return Err(DbError::Migrate(e.to_string())),
        }
    }
}

fn version(conn: &Connection) -> Result<usize, DbError> {
    let v: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(usize::try_from(v).unwrap_or(usize::MAX))
}
