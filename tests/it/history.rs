//! The practice history on a real SQLite file, through the library: storing and listing,
//! the last try, scheduling by score, progress, migrations, and export/forget/import.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use starcoach::history::{Forget, History, MIGRATIONS, NewAttempt, SqliteHistory};
use starcoach::report::{AnswerKind, CompetencyId, EngineKind, FindingCode};

fn t(minutes: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_785_000_000, 0).unwrap() + Duration::minutes(minutes)
}

fn attempt(
    at: DateTime<Utc>,
    story: Option<&str>,
    overall: u8,
    codes: &[FindingCode],
) -> NewAttempt {
    NewAttempt {
        at,
        question: format!("Tell me about {}", story.unwrap_or("yourself")),
        story: story.map(str::to_string),
        competency: Some(CompetencyId::Failure),
        answer_kind: AnswerKind::Story,
        engine: EngineKind::Offline,
        overall,
        scores: Default::default(),
        rubric: Default::default(),
        codes: codes.to_vec(),
        speaking_seconds: 60,
        timed_seconds: None,
        answer: format!("answer scored {overall} at {at}"),
        delivery: None,
        audio: None,
    }
}

fn open(dir: &tempfile::TempDir) -> SqliteHistory {
    SqliteHistory::open(&dir.path().join("data/history.sqlite")).unwrap()
}

#[test]
fn attempts_are_stored_listed_newest_first_and_previous_is_the_last_try() {
    let dir = tempfile::tempdir().unwrap();
    let history = open(&dir);
    let first = history.record(attempt(t(0), Some("A"), 40, &[])).unwrap();
    let other = history.record(attempt(t(1), Some("B"), 90, &[])).unwrap();
    let second = history.record(attempt(t(2), Some("A"), 65, &[])).unwrap();
    assert_eq!(first.previous, None);
    assert_eq!(
        other.previous, None,
        "another story's score is not a previous try"
    );
    assert_eq!(second.previous, Some(40));
    drop(history);

    let history = open(&dir);
    let ids: Vec<i64> = history.list(None).unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids, [second.attempt.id, other.attempt.id, first.attempt.id]);
    assert_eq!(history.list(Some(1)).unwrap().len(), 1);
    let stored = history.get(first.attempt.id).unwrap();
    assert_eq!(stored, first.attempt);
    assert_eq!(stored.answer, "answer scored 40 at 2026-07-25 17:20:00 UTC");
}

#[test]
fn a_weak_story_is_due_before_a_strong_one_and_trends_follow_the_scores() {
    let dir = tempfile::tempdir().unwrap();
    let history = open(&dir);
    for (i, score) in [40, 60, 80].into_iter().enumerate() {
        history
            .record(attempt(t(i as i64), Some("steady"), score, &[]))
            .unwrap();
    }
    let strong = history
        .record(attempt(t(5), Some("strong"), 95, &[]))
        .unwrap();
    let weak = history
        .record(attempt(t(5), Some("weak"), 25, &[]))
        .unwrap();
    assert!(
        weak.next_due < strong.next_due,
        "{:?} vs {:?}",
        weak.next_due,
        strong.next_due
    );

    let order: Vec<String> = history
        .schedule()
        .unwrap()
        .into_iter()
        .filter_map(|s| s.story)
        .collect();
    assert_eq!(order.first().map(String::as_str), Some("weak"));
    assert_eq!(order.last().map(String::as_str), Some("strong"));

    let progress = history.progress().unwrap();
    assert_eq!(progress.attempts, 5);
    let steady = progress.stories.iter().find(|s| s.id == "steady").unwrap();
    assert_eq!((steady.attempts, steady.last, steady.best), (3, 80, 80));
    assert_eq!(steady.trend, [40, 60, 80]);
    let due: Vec<Option<&str>> = progress.due.iter().map(|d| d.story.as_deref()).collect();
    assert_eq!(due.first(), Some(&Some("weak")));
    assert!(progress.due.windows(2).all(|w| w[0].due <= w[1].due));
    let failure = &progress.competencies[0];
    assert_eq!(
        (failure.competency, failure.attempts, failure.best),
        (CompetencyId::Failure, 5, 95)
    );
}

#[test]
fn a_finding_that_stopped_is_fading_and_one_that_stays_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let history = open(&dir);
    for i in 0..20 {
        let mut codes = vec![FindingCode::WeNotI];
        if i < 10 {
            codes.push(FindingCode::NoMetrics);
        }
        history
            .record(attempt(t(i), Some("A"), 50, &codes))
            .unwrap();
    }
    let findings = history.progress().unwrap().findings;
    let get = |code| findings.iter().find(|f| f.code == code).unwrap();
    let metrics = get(FindingCode::NoMetrics);
    assert_eq!(
        (metrics.count, metrics.recent, metrics.fading),
        (10, 0, true)
    );
    let we = get(FindingCode::WeNotI);
    assert_eq!((we.count, we.recent, we.fading), (20, 10, false));
    assert!(we.latest && !metrics.latest);
    // Fixed in the latest attempt: raised lately, but no longer there.
    history
        .record(attempt(t(20), Some("A"), 80, &[FindingCode::NoMetrics]))
        .unwrap();
    let findings = history.progress().unwrap().findings;
    let we = findings
        .iter()
        .find(|f| f.code == FindingCode::WeNotI)
        .unwrap();
    assert_eq!((we.recent, we.latest), (9, false));
    assert_eq!(findings[0].code, FindingCode::WeNotI, "most frequent first");
}

#[test]
fn export_forget_and_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let history = open(&dir);
    history
        .record(attempt(t(0), Some("A"), 30, &[FindingCode::NoMetrics]))
        .unwrap();
    history.record(attempt(t(1), None, 70, &[])).unwrap();
    history
        .record(attempt(t(2), Some("A"), 85, &[FindingCode::Filler]))
        .unwrap();
    let before = history.list(None).unwrap();
    let schedule = history.schedule().unwrap();
    let progress = history.progress().unwrap();

    let mut export = before.clone();
    export.reverse();
    assert_eq!(history.forget(Forget::All).unwrap().attempts, 3);
    assert!(history.list(None).unwrap().is_empty());
    assert!(
        history.schedule().unwrap().is_empty(),
        "no attempts, nothing scheduled"
    );

    let imported = history.import(export.clone()).unwrap();
    assert_eq!((imported.imported, imported.skipped), (3, 0));
    assert_eq!(history.list(None).unwrap(), before);
    assert_eq!(
        history.schedule().unwrap(),
        schedule,
        "replayed schedule equals the recorded one"
    );
    assert_eq!(history.progress().unwrap(), progress);

    let again = history.import(export).unwrap();
    assert_eq!((again.imported, again.skipped), (0, 3));
}

/// Two attempts in one second with the same answer (three `practice --answer` runs at once)
/// are two attempts: the round trip gives both back, and a second import neither.
#[test]
fn attempts_said_in_the_same_second_survive_the_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let history = open(&dir);
    history.record(attempt(t(0), Some("A"), 30, &[])).unwrap();
    history.record(attempt(t(0), Some("A"), 30, &[])).unwrap();
    let export = history.list(None).unwrap();
    assert_eq!(history.forget(Forget::All).unwrap().attempts, 2);
    let imported = history.import(export.clone()).unwrap();
    assert_eq!((imported.imported, imported.skipped), (2, 0));
    let again = history.import(export.clone()).unwrap();
    assert_eq!((again.imported, again.skipped), (0, 2));
    // One of the two lost: the import brings back that one only.
    history.forget(Forget::Id(export[0].id)).unwrap();
    let mended = history.import(export.clone()).unwrap();
    assert_eq!((mended.imported, mended.skipped), (1, 1));
    assert_eq!(history.list(None).unwrap().len(), 2);
    // Two exports appended to one file repeat each attempt: still two, not four.
    history.forget(Forget::All).unwrap();
    let twice: Vec<_> = export.iter().chain(&export).cloned().collect();
    let appended = history.import(twice).unwrap();
    assert_eq!((appended.imported, appended.skipped), (2, 2));
}

/// The store refuses an import holding an attempt no export has (here a rubric score of 9 of
/// 4), whoever calls it, and stores none of the others with it.
#[test]
fn an_import_with_an_impossible_attempt_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let history = open(&dir);
    history.record(attempt(t(0), Some("A"), 30, &[])).unwrap();
    history.record(attempt(t(1), Some("B"), 60, &[])).unwrap();
    let mut export = history.list(None).unwrap();
    history.forget(Forget::All).unwrap();
    export[1].rubric.structure = 9;
    let err = history.import(export).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("attempt {}: `rubric.structure` 9 is above 4", 1)
    );
    assert!(history.list(None).unwrap().is_empty());
}

#[test]
fn forget_by_id_and_date_reschedules_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let history = open(&dir);
    let old = history.record(attempt(t(0), Some("A"), 20, &[])).unwrap();
    let new = history
        .record(attempt(t(60 * 24 * 3), Some("A"), 90, &[]))
        .unwrap();
    assert_eq!(history.schedule().unwrap()[0].last, 90);

    assert_eq!(
        history.forget(Forget::Id(new.attempt.id)).unwrap().attempts,
        1
    );
    let card = &history.schedule().unwrap()[0];
    assert_eq!(card.last, 20);
    assert_eq!(
        card.due, old.next_due,
        "the schedule is what the old attempt alone made"
    );
    let progress = history.progress().unwrap();
    assert_eq!(
        (progress.stories[0].attempts, progress.stories[0].best),
        (1, 20)
    );
    assert_eq!(progress.competencies[0].attempts, 1);
    let err = history
        .forget(Forget::Id(new.attempt.id))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not in the history"), "{err}");

    assert_eq!(history.forget(Forget::Before(t(1))).unwrap().attempts, 1);
    assert!(history.schedule().unwrap().is_empty());
}

#[test]
fn migrations_run_from_an_empty_file_and_from_the_first_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    {
        let mut conn = Connection::open(&path).unwrap();
        rusqlite_migration::Migrations::from_slice(&MIGRATIONS[..1])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute(
            "INSERT INTO attempts (id, at, card, question, story, competency, answer_kind, engine,
                 overall, codes, speaking_seconds, timed_seconds, answer)
             VALUES (7, '2026-11-30T10:00:00Z', 'story:a', 'Tell me about A', 'A', 'failure',
                 'story', 'offline', 55, '[\"no-metrics\",\"we-not-i\"]', 40, NULL, 'an answer')",
            [],
        )
        .unwrap();
    }
    let history = SqliteHistory::open(&path).unwrap();
    let progress = history.progress().unwrap();
    let codes: Vec<(FindingCode, u64)> = progress
        .findings
        .iter()
        .map(|f| (f.code, f.count))
        .collect();
    assert_eq!(
        codes,
        [(FindingCode::NoMetrics, 1), (FindingCode::WeNotI, 1)]
    );
    assert_eq!(history.get(7).unwrap().overall, 55);
    drop(history);
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);

    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let history = SqliteHistory::open(&empty).unwrap();
    assert_eq!(history.progress().unwrap().attempts, 0);
}

#[test]
fn a_file_from_a_newer_starcoach_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite");
    drop(SqliteHistory::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = SqliteHistory::open(&path).unwrap_err().to_string();
    assert!(
        err.contains("schema version 99") && err.contains("upgrade starcoach"),
        "{err}"
    );
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn an_unwritable_place_names_the_path_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let err = SqliteHistory::open(&file.join("history.sqlite"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("file") && err.contains("[history] path"),
        "{err}"
    );
}
