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
mod tests {
    use super::*;

    fn reply(text: &str) -> CachedReply {
        CachedReply {
            content: text.into(),
            prompt_tokens: 120,
            completion_tokens: 30,
        }
    }

    #[test]
    fn cache_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Cache>();
    }

    #[test]
    fn put_then_get_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("nested/cache")).unwrap();
        assert!(cache.path().ends_with(FILE_NAME));
        let key = Cache::key(&["http://localhost", "gpt-4o", "{}"]);
        assert_eq!(cache.get(&key).unwrap(), None);
        cache.put(&key, &reply("{\"ok\":true}")).unwrap();
        assert_eq!(cache.get(&key).unwrap(), Some(reply("{\"ok\":true}")));
        cache.put(&key, &reply("second")).unwrap();
        assert_eq!(cache.get(&key).unwrap().unwrap().content, "second");
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(Cache::key(&["ab", "c"]), Cache::key(&["a", "bc"]));
        assert_ne!(Cache::key(&["abc"]), Cache::key(&["abc", ""]));
        assert_eq!(Cache::key(&["a", "b"]), Cache::key(&["a", "b"]));
        assert_eq!(Cache::key(&["a"]).len(), 64);
    }

    #[test]
    fn hits_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let empty = cache.stats().unwrap();
        assert_eq!((empty.entries, empty.hits), (0, 0));
        assert_eq!((empty.oldest, empty.newest), (None, None));
        cache.put("a", &reply("A")).unwrap();
        cache.put("b", &reply("B")).unwrap();
        for _ in 0..3 {
            cache.get("a").unwrap().unwrap();
        }
        cache.get("b").unwrap().unwrap();
        assert_eq!(cache.get("missing").unwrap(), None);
        let stats = cache.stats().unwrap();
        assert_eq!((stats.entries, stats.hits), (2, 4));
        assert!(stats.bytes > 0);
        let oldest = stats.oldest.unwrap();
        assert!(oldest.ends_with('Z') && oldest.len() == 20, "{oldest}");
    }

    #[test]
    fn clear_removes_everything() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        cache.put("a", &reply("A")).unwrap();
        cache.put("b", &reply("B")).unwrap();
        assert_eq!(cache.clear().unwrap(), 2);
        assert_eq!(cache.get("a").unwrap(), None);
        assert_eq!(cache.stats().unwrap().entries, 0);
        assert_eq!(cache.clear().unwrap(), 0);
    }

    #[test]
    fn data_survives_reopening() {
        let dir = tempfile::tempdir().unwrap();
        Cache::open(dir.path())
            .unwrap()
            .put("k", &reply("kept"))
            .unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.get("k").unwrap(), Some(reply("kept")));
    }

    #[test]
    fn two_handles_share_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = Cache::open(dir.path()).unwrap();
        let b = Cache::open(dir.path()).unwrap();
        a.put("k", &reply("from a")).unwrap();
        assert_eq!(b.get("k").unwrap(), Some(reply("from a")));
        let threads: Vec<_> = (0..4)
            .map(|i| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let c = Cache::open(&dir).unwrap();
                    c.put(&format!("t{i}"), &reply("t")).unwrap();
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(a.stats().unwrap().entries, 5);
        assert_eq!(b.clear().unwrap(), 5);
        assert_eq!(a.get("k").unwrap(), None);
    }

    #[test]
    fn a_newer_schema_is_refused_with_a_fix() {
        let dir = tempfile::tempdir().unwrap();
        drop(Cache::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(FILE_NAME)).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Cache::open(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("version 99") && err.contains("delete"),
            "{err}"
        );
    }

    #[test]
    fn a_file_from_before_migrations_is_upgraded_with_its_replies() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join(FILE_NAME)).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER NOT NULL);
             INSERT INTO schema_version VALUES (1);
             CREATE TABLE responses (key TEXT PRIMARY KEY, content TEXT NOT NULL,
                 prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
                 created_at INTEGER NOT NULL, hits INTEGER NOT NULL DEFAULT 0);
             INSERT INTO responses VALUES ('k', 'kept', 3, 4, 0, 0);",
        )
        .unwrap();
        drop(conn);
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.get("k").unwrap().unwrap().content, "kept");
        let conn = Connection::open(dir.path().join(FILE_NAME)).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let old: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(old, 0);
    }

    #[test]
    fn an_unusable_dir_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let err = Cache::open(&file).unwrap_err().to_string();
        assert!(err.contains("file") && err.contains("[cache] dir"), "{err}");
    }
}
