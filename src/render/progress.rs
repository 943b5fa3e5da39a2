//! `progress` on a terminal: stories and competencies with sparklines, recurring findings,
//! what is due, and readiness for a posting.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::practice::{due_word, score, sparkline, when};
use super::{BOLD, DIM, GREEN, RED, YELLOW, pad, paint, plural, width};
use crate::report::{PostingReadiness, ProgressReport};

/// Progress: stories and competencies with sparklines, recurring findings, what is due, and
/// readiness for a posting.
pub fn progress(r: &ProgressReport, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    if r.attempts == 0 {
        out.push_str("No practice yet: `starcoach practice` starts with the story due first.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "{} {} on {}\n",
        paint(BOLD, "Practice:"),
        plural(r.attempts, "attempt"),
        plural(r.stories.len() as u64, "story")
    );
    let stories: Vec<Row<'_>> = r
        .stories
        .iter()
        .map(|s| Row {
            name: &s.id,
            attempts: s.attempts,
            last: s.last,
            best: s.best,
            trend: &s.trend,
            due: Some(
                s.due
                    .as_deref()
                    .map(|d| due_word(d, now))
                    .unwrap_or_default(),
            ),
        })
        .collect();
    table(&mut out, "Story", 5, &stories);
    let removed: Vec<&str> = r
        .stories
        .iter()
        .filter(|s| s.removed)
        .map(|s| s.id.as_str())
        .collect();
    if !removed.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            paint(
                DIM,
                &format!(
                    "Not in the bank now (renamed, deleted or unreadable; practice passes them over): {}",
                    removed.join(", ")
                )
            )
        );
    }
    let competencies: Vec<Row<'_>> = r
        .competencies
        .iter()
        .map(|c| Row {
            name: c.competency.as_str(),
            attempts: c.attempts,
            last: c.last,
            best: c.best,
            trend: &c.trend,
            due: None,
        })
        .collect();
    table(&mut out, "Competency", 10, &competencies);
    findings(&mut out, r, now);
    due(&mut out, r, now);
    if let Some(ready) = &r.readiness {
        readiness(&mut out, ready);
    }
    out
}

/// How ready the practice says the user is for a posting's questions, each with its last score.
fn readiness(out: &mut String, ready: &PostingReadiness) {
    let _ = writeln!(
        out,
        "{} {} %",
        paint(BOLD, "Readiness for the posting:"),
        ready.percent
    );
    for q in &ready.questions {
        let last = q.last.map_or_else(|| paint(DIM, "  –"), score);
        let story = q.story.as_deref().map_or_else(
            || paint(RED, "no story fits"),
            |s| paint(DIM, &format!("({s})")),
        );
        let _ = writeln!(out, "  {last}  {} {story}", q.question);
    }
}

/// A line of the stories or competencies table; `due` is the stories' extra column.
struct Row<'a> {
    name: &'a str,
    attempts: u64,
    last: u8,
    best: u8,
    trend: &'a [u8],
    due: Option<String>,
}

/// Tries, last and best score and the sparkline of each row, under a bold heading.
fn table(out: &mut String, heading: &str, min_width: usize, rows: &[Row<'_>]) {
    if rows.is_empty() {
        return;
    }
    let w = width(rows.iter().map(|r| r.name)).max(min_width);
    let head = format!("{}  tries  last  best  trend", pad(heading, w));
    let _ = writeln!(out, "{}", paint(BOLD, &head));
    for r in rows {
        let spark = sparkline(r.trend);
        let _ = match &r.due {
            Some(due) => writeln!(
                out,
                "{}  {:>5}   {}   {}  {}  {due}",
                pad(r.name, w),
                r.attempts,
                score(r.last),
                score(r.best),
                pad(&spark, crate::report::TREND_LEN),
            ),
            None => writeln!(
                out,
                "{}  {:>5}   {}   {}  {spark}",
                pad(r.name, w),
                r.attempts,
                score(r.last),
                score(r.best),
            ),
        };
    }
    out.push('\n');
}

fn findings(out: &mut String, r: &ProgressReport, now: DateTime<Utc>) {
    if r.findings.is_empty() {
        return;
    }
    let w = width(r.findings.iter().map(|f| f.code.as_str())).max(7);
    let recent_n = r.attempts.min(crate::report::RECENT_WINDOW as u64);
    let _ = writeln!(
        out,
        "{}",
        paint(
            BOLD,
            &format!("{}  times  last {recent_n}  last seen", pad("Finding", w))
        )
    );
    for f in &r.findings {
        let trend = if f.fading {
            paint(GREEN, "fading")
        } else if f.latest {
            paint(YELLOW, "still there")
        } else if f.recent > 0 {
            paint(GREEN, "gone last time")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{}  {:>5}  {:>6}  {}  {trend}",
            pad(f.code.as_str(), w),
            f.count,
            f.recent,
            pad(&when(&f.last_seen, now), 12),
        );
    }
    out.push('\n');
}

fn due(out: &mut String, r: &ProgressReport, now: DateTime<Utc>) {
    if r.due.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", paint(BOLD, "Next up"));
    let shown = &r.due[..r.due.len().min(8)];
    let words: Vec<(String, bool)> = shown
        .iter()
        .map(|d| match crate::report::parse_stamp(&d.due) {
            Some(at) if at <= now => ("due now".to_string(), true),
            _ => (when(&d.due, now), false),
        })
        .collect();
    let w = width(words.iter().map(|(s, _)| s.as_str()));
    for (d, (word, due)) in shown.iter().zip(&words) {
        let word = if *due {
            paint(YELLOW, &pad(word, w))
        } else {
            pad(word, w)
        };
        let story = d
            .story
            .as_deref()
            .map(|s| format!("{s}: "))
            .unwrap_or_default();
        let _ = writeln!(out, "  {word}  {}{}", paint(DIM, &story), d.question);
    }
    out.push('\n');
}
