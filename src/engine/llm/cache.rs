//! The LLM response cache: one SQLite file (`responses.sqlite3`, WAL mode) in the cache dir,
//! keyed by a blake3 hash of everything that determines a reply (endpoint, model, request body).
//!
//! A [`Cache`] is `Send + Sync`: one connection behind a mutex, shared by concurrent tasks. Several
//! processes (the daemon and a CLI run) may use one file at once; SQLite's locking and a busy
//! timeout keep that safe.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::M;
use serde::{Deserialize, Serialize};

/// The cache file inside the cache dir.
pub const FILE_NAME: &str = "responses.sqlite3";

const FIX: &str = "set [cache] dir in the config to a writable directory";

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot open the response cache {path}: {reason}; {fix}")]
    Open {
        path: PathBuf,
        reason: String,
        fix: String,
    },
    #[error("response cache query failed: {0}")]
    Query(#[from] rusqlite::Error),
}

/// One cached model reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedReply {
    pub content: String,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// What is in the cache. `bytes` is the size on disk (database plus write-ahead log); `hits` the
/// replies served from it; `oldest`/`newest` the entries' creation times (UTC, RFC 3339).
#[derive(Debug, Clone, Serialize)]
pub struct CacheStats {
    pub path: PathBuf,
    pub entries: u64,
    pub bytes: u64,
    pub hits: u64,
    pub oldest: Option<String>,
    pub newest: Option<String>,
}

/// The response cache; see the module docs.
pub struct Cache {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("path", &self.path).finish()
    }
}

/// The schema, one step per version (`rusqlite_migration`, as the practice history); older
/// files are upgraded, newer ones refused untouched.
pub const MIGRATIONS: &[M<'static>] = &[
    // 1: replies by key. `IF NOT EXISTS`: files from before migrations already have the table.
    M::up(
        "CREATE TABLE IF NOT EXISTS responses (
            key TEXT PRIMARY KEY,
            content TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            hits INTEGER NOT NULL DEFAULT 0
        );",
    ),
    // 2: the hand-made version table of those files gives way to `user_version`.
    M::up("DROP TABLE IF EXISTS schema_version;"),
    // 3: what each endpoint and model was found to do (`negotiate.rs`), as JSON.
    M::up(
        "CREATE TABLE endpoints (
            base_url TEXT NOT NULL,
            model TEXT NOT NULL,
            abilities TEXT NOT NULL,
            probed_at INTEGER NOT NULL,
            PRIMARY KEY (base_url, model)
        );",
    ),
    // 4: embedding vectors (`engine/semantic.rs`), little-endian f32, by a hash of endpoint,
    // model and text.
    M::up(
        "CREATE TABLE vectors (
            key TEXT PRIMARY KEY,
            vector BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );",
    ),
];

/// How long a negotiation is trusted before the endpoint is asked again (servers get upgraded).
pub const ABILITIES_TTL_SECS: i64 = 7 * 24 * 3600;

pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Cache {
    /// Opens (creating `dir` and the file if needed) the cache in `dir`.
    pub fn open(dir: &Path) -> Result<Cache, CacheError> {
        let path = dir.join(FILE_NAME);
        let open_error = |reason: String, fix: String| CacheError::Open {
            path: path.clone(),
            reason,
            fix,
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| open_error(format!("cannot create {}: {e}", dir.display()), FIX.into()))?;
        let conn = crate::db::open(&path, MIGRATIONS).map_err(|e| match e {
            crate::db::DbError::Newer { .. } => open_error(
                e.to_string(),
                format!("upgrade starcoach, or delete {}", path.display()),
            ),
            _ => open_error(
                e.to_string(),
                format!("delete {} if it is damaged, or {FIX}", path.display()),
            ),
        })?;
        Ok(Cache {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// The cache file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A key for the parts that determine a reply: blake3 (hex) over each part's length and
    /// bytes, so `("ab", "c")` and `("a", "bc")` differ.
    pub fn key(parts: &[&str]) -> String {
        let mut hasher = blake3::Hasher::new();
        for part in parts {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher.finalize().to_hex().to_string()
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent; keep going.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The reply stored under `key`, counting the hit.
    pub fn get(&self, key: &str) -> Result<Option<CachedReply>, CacheError> {
        let conn = self.conn();
        let reply = conn
            .query_row(
                "UPDATE responses SET hits = hits + 1 WHERE key = ?1
                 RETURNING content, prompt_tokens, completion_tokens",
                [key],
                |row| {
                    Ok(CachedReply {
                        content: row.get(0)?,
                        prompt_tokens: row.get(1)?,
                        completion_tokens: row.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(reply)
    }

    /// Stores `reply` under `key`, replacing what was there (its hit count is kept).
    pub fn put(&self, key: &str, reply: &CachedReply) -> Result<(), CacheError> {
        let now = now_secs();
        self.conn().execute(
            "INSERT INTO responses (key, content, prompt_tokens, completion_tokens, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(key) DO UPDATE SET content = excluded.content,
                 prompt_tokens = excluded.prompt_tokens,
                 completion_tokens = excluded.completion_tokens,
                 created_at = excluded.created_at",
            params![
                key,
                reply.content,
                reply.prompt_tokens,
                reply.completion_tokens,
                now
            ],
        )?;
        Ok(())
    }

    /// What `base_url` and `model` were last found to do (JSON), when found within the TTL.
    pub fn abilities(&self, base_url: &str, model: &str) -> Result<Option<String>, CacheError> {
        let oldest = now_secs() - ABILITIES_TTL_SECS;
        let found = self
            .conn()
            .query_row(
                "SELECT abilities FROM endpoints WHERE base_url = ?1 AND model = ?2 AND probed_at >= ?3",
                params![base_url, model, oldest],
                |row| row.get(0),
            )
            .optional()?;
        Ok(found)
    }

    pub fn set_abilities(&self, base_url: &str, model: &str, json: &str) -> Result<(), CacheError> {
        self.conn().execute(
            "INSERT INTO endpoints (base_url, model, abilities, probed_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (base_url, model) DO UPDATE SET abilities = excluded.abilities,
                 probed_at = excluded.probed_at",
            params![base_url, model, json, now_secs()],
        )?;
        Ok(())
    }

    /// Entries, size on disk, hits served, and the oldest and newest entry.
    pub fn stats(&self) -> Result<CacheStats, CacheError> {
        let conn = self.conn();
        let (entries, hits, oldest, newest) = conn.query_row(
            "SELECT COUNT(*), COALESCE(SUM(hits), 0),
                 strftime('%Y-%m-%dT%H:%M:%SZ', MIN(created_at), 'unixepoch'),
                 strftime('%Y-%m-%dT%H:%M:%SZ', MAX(created_at), 'unixepoch')
             FROM responses",
            [],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get(2)?,
                    row.get(3)?,
                ))
            },
        )?;
        Ok(CacheStats {
            path: self.path.clone(),
            entries: entries.max(0) as u64,
            bytes: disk_size(&self.path),
            hits: hits.max(0) as u64,
            oldest,
            newest,
        })
    }

    /// Removes every entry and returns how many there were; the file shrinks when no other
    /// process is reading it.
    pub fn clear(&self) -> Result<u64, CacheError> {
        let conn = self.conn();
        let removed = conn.execute("DELETE FROM responses", [])?;
        conn.execute("DELETE FROM vectors", [])?;
        // Best effort: reclaiming space fails harmlessly while another process reads the file.
        let _ = conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);");
        Ok(removed as u64)
    }
}

fn disk_size(path: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    [path, wal.as_path()]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

#[cfg(test)]
mod tests;
