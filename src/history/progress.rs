//! Progress read straight from the history's indexes: counts, best and latest scores and trends
//! per story and competency, recurring findings and whether they fade, what is due.

use rusqlite::Connection;

use super::{HistoryError, rows};
use crate::report::{
    CompetencyProgress, DueItem, FindingTrend, ProgressReport, RECENT_WINDOW, StoryProgress,
    TREND_LEN,
};

pub(super) fn read(conn: &Connection) -> Result<ProgressReport, HistoryError> {
    let attempts: i64 = conn.query_row("SELECT COUNT(*) FROM attempts", [], |r| r.get(0))?;
    Ok(ProgressReport {
        attempts: attempts.max(0) as u64,
        stories: stories(conn)?,
        competencies: competencies(conn)?,
        findings: findings(conn, attempts.max(0) as u64)?,
        due: due(conn)?,
        readiness: None,
    })
}

fn stories(conn: &Connection) -> Result<Vec<StoryProgress>, HistoryError> {
    let mut groups = conn.prepare(
        "SELECT c.card, c.story, t.count, t.best, c.due
         FROM tallies t JOIN cards c ON c.card = t.key
         WHERE t.dimension = 'card' AND c.story IS NOT NULL ORDER BY c.story",
    )?;
    let mut trend = conn.prepare(&format!(
        "SELECT overall FROM attempts WHERE card = ?1 ORDER BY at DESC, id DESC LIMIT {TREND_LEN}"
    ))?;
    let rows = groups.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, i64>(2)?,
            row.get::<_, u8>(3)?,
            row.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (card, id, count, best, due) = row?;
        let scores = latest(&mut trend, &card)?;
        out.push(StoryProgress {
            id,
            attempts: count.max(0) as u64,
            last: scores.last().copied().unwrap_or(0),
            best,
            trend: scores,
            due: Some(due),
            removed: false,
        });
    }
    Ok(out)
}

fn competencies(conn: &Connection) -> Result<Vec<CompetencyProgress>, HistoryError> {
    let mut groups = conn.prepare(
        "SELECT key, count, best FROM tallies WHERE dimension = 'competency' ORDER BY key",
    )?;
    let mut trend = conn.prepare(&format!(
        "SELECT overall FROM attempts WHERE competency = ?1
         ORDER BY at DESC, id DESC LIMIT {TREND_LEN}"
    ))?;
    let rows = groups.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, u8>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, count, best) = row?;
        let competency = rows::closed(0, "competency", &name)?;
        let scores = latest(&mut trend, &name)?;
        out.push(CompetencyProgress {
            competency,
            attempts: count.max(0) as u64,
            last: scores.last().copied().unwrap_or(0),
            best,
            trend: scores,
        });
    }
    Ok(out)
}

/// The latest scores under one key, oldest to newest.
fn latest(stmt: &mut rusqlite::Statement<'_>, key: &str) -> Result<Vec<u8>, HistoryError> {
    let mut scores: Vec<u8> = stmt
        .query_map([key], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    scores.reverse();
    Ok(scores)
}

/// Findings by how often they were raised; `fading` when the latest attempts raise one at most
/// half as often as the attempts before them did.
fn findings(conn: &Connection, total: u64) -> Result<Vec<FindingTrend>, HistoryError> {
    let recent_n = total.min(RECENT_WINDOW as u64);
    let mut recent = conn.prepare(&format!(
        "SELECT code, COUNT(*) FROM attempt_codes WHERE attempt IN
             (SELECT id FROM attempts ORDER BY at DESC, id DESC LIMIT {RECENT_WINDOW})
         GROUP BY code"
    ))?;
    let recent: std::collections::HashMap<String, u32> = recent
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let latest: Vec<String> = conn
        .prepare(
            "SELECT code FROM attempt_codes WHERE attempt =
                 (SELECT id FROM attempts ORDER BY at DESC, id DESC LIMIT 1)",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut all = conn.prepare(
        "SELECT key, count, (SELECT MAX(at) FROM attempt_codes WHERE code = key) FROM tallies
         WHERE dimension = 'code' AND count > 0 ORDER BY count DESC, key",
    )?;
    let rows = all.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, count, last_seen) = row?;
        let code = rows::closed(0, "code", &name)?;
        let count = count.max(0) as u64;
        let lately = recent.get(&name).copied().unwrap_or(0);
        let earlier = count - u64::from(lately);
        let earlier_n = total - recent_n;
        let fading = earlier > 0
            && earlier_n > 0
            && (f64::from(lately) / recent_n as f64) <= 0.5 * (earlier as f64 / earlier_n as f64);
        out.push(FindingTrend {
            code,
            count,
            last_seen,
            recent: lately,
            fading,
            latest: latest.contains(&name),
        });
    }
    Ok(out)
}

/// Every card, soonest first: the list is cut to [`DUE_SHOWN`](crate::report::DUE_SHOWN) only
/// after the stories gone from the bank leave it (`practice::against_bank`).
fn due(conn: &Connection) -> Result<Vec<DueItem>, HistoryError> {
    let mut stmt = conn.prepare("SELECT story, question, due FROM cards ORDER BY due, card")?;
    let rows = stmt.query_map([], |row| {
        Ok(DueItem {
            story: row.get(0)?,
            question: row.get(1)?,
            due: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
