//! The response cache kept and read back: keys, hit counts, clearing, reopening, one file shared
//! by two handles, schema versions, and a directory it cannot use.

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
