//! The history's schema as `rusqlite_migration` steps, and the recount of its tallies.

use rusqlite_migration::M;

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
pub(super) const RETALLY: &str = "DELETE FROM tallies;
    INSERT INTO tallies SELECT 'card', card, COUNT(*), MAX(overall) FROM attempts GROUP BY card;
    INSERT INTO tallies SELECT 'competency', competency, COUNT(*), MAX(overall) FROM attempts
        WHERE competency IS NOT NULL GROUP BY competency;
    INSERT INTO tallies SELECT 'code', code, COUNT(*), 0 FROM attempt_codes GROUP BY code;";
