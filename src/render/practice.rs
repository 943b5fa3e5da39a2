//! The practice loop on a terminal: the flash card, the countdown, an attempt against the last
//! try, progress with sparklines, and the history list.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use super::{BOLD, CYAN, DIM, GREEN, RED, YELLOW, pad, paint};
use crate::report::{Attempt, AttemptList, PickReason, PracticePick, PracticeReport};

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// Scores as a sparkline, oldest first: one block a score, height by score.
pub fn sparkline(scores: &[u8]) -> String {
    scores
        .iter()
        .map(|&s| SPARKS[(usize::from(s.min(100)) * (SPARKS.len() - 1) + 50) / 100])
        .collect()
}

pub(super) fn score(s: u8) -> String {
    paint(super::score_style(s), &format!("{s:>3}"))
}

/// A stored time said the way a person plans: "now", "in 3 h", "tomorrow", "in 5 days",
/// "2 days ago".
pub fn when(stamp: &str, now: DateTime<Utc>) -> String {
    let Some(at) = crate::report::parse_stamp(stamp) else {
        return stamp.to_string();
    };
    // Rounded, not cut: a review set one day ahead, read a second later, is "tomorrow", not
    // "in 23 h", and fifteen days are not "14 days".
    let seconds = (at - now).num_seconds();
    let ago = seconds < 0;
    let m = (seconds.unsigned_abs() + 30) / 60;
    let (hours, days) = ((m + 30) / 60, (m + 720) / 1440);
    let span = match m {
        0..=1 => return "now".into(),
        2..=59 => format!("{m} min"),
        _ if hours < 24 => format!("{hours} h"),
        _ if days == 1 => return if ago { "yesterday" } else { "tomorrow" }.into(),
        _ => format!("{days} days"),
    };
    if ago {
        format!("{span} ago")
    } else {
        format!("in {span}")
    }
}

pub(super) fn due_word(stamp: &str, now: DateTime<Utc>) -> String {
    match crate::report::parse_stamp(stamp) {
        Some(at) if at <= now => paint(YELLOW, "due now"),
        _ => when(stamp, now),
    }
}

fn reason(pick: &PracticePick, now: DateTime<Utc>) -> String {
    let base = match pick.reason {
        PickReason::Asked => "the question you asked for".to_string(),
        PickReason::Due => "due for review".to_string(),
        PickReason::New => "a story you have not practised yet".to_string(),
        PickReason::Ahead => match &pick.due {
            Some(due) => format!("nothing is due; this one comes back {}", when(due, now)),
            None => "nothing is due".to_string(),
        },
        PickReason::Job => "a likely question of the posting".to_string(),
    };
    match pick.last {
        Some(last) => format!("{base} · last score {last}"),
        None => base,
    }
}

/// The question side of the flash card: why this one, the question, the story to use.
pub fn practice_card(pick: &PracticePick, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint(DIM, &format!("Practice · {}", reason(pick, now)))
    );
    let _ = writeln!(out, "\n  {}\n", paint(BOLD, &pick.question));
    match &pick.story {
        Some(s) => {
            let _ = writeln!(
                out,
                "{} {} {}",
                paint(DIM, "Story:"),
                s.title,
                paint(DIM, &format!("({})", s.id))
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                paint(DIM, "No story of yours fits; answer from memory.")
            );
        }
    }
    let _ = writeln!(
        out,
        "{}",
        paint(
            DIM,
            &format!("Target: {} of speech", clock(pick.target_seconds))
        )
    );
    out
}

/// The whole pick at once (for `--next` and non-interactive runs): the card and the key points.
pub fn practice_pick(pick: &PracticePick, now: DateTime<Utc>) -> String {
    let mut out = practice_card(pick, now);
    out.push_str(&key_points(&pick.key_points));
    out
}

pub fn key_points(points: &[String]) -> String {
    if points.is_empty() {
        return String::new();
    }
    let mut out = format!("{}\n", paint(CYAN, "Key points"));
    for p in points {
        let _ = writeln!(out, "  • {p}");
    }
    out
}

pub fn practice_hint(text: &str) -> String {
    paint(DIM, text)
}

fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// The prompt before each typed line: time left of the target and a bar that empties, or the
/// time over in red.
pub fn countdown(elapsed: u32, target: u32) -> String {
    if elapsed > target {
        return format!(
            "{} ",
            paint(RED, &format!("+{} over", clock(elapsed - target)))
        );
    }
    let left = target - elapsed;
    let cells = 10usize;
    let full = (left as usize * cells).div_ceil(target.max(1) as usize);
    let bar = format!("{}{}", "█".repeat(full), "░".repeat(cells - full));
    let style = if left * 4 < target { YELLOW } else { GREEN };
    format!(
        "{} {} ",
        paint(style, &bar),
        paint(DIM, &format!("{} left", clock(left)))
    )
}

/// One rehearsal done: the critique, then the score against the last try and when the story
/// comes back.
pub fn practice(r: &PracticeReport, now: DateTime<Utc>) -> String {
    let mut out = super::critique(&r.critique);
    let overall = r.attempt.overall;
    let compare = match r.previous {
        Some(p) if overall > p.overall => paint(
            GREEN,
            &format!(
                "up {} from your last try ({})",
                overall - p.overall,
                p.overall
            ),
        ),
        Some(p) if overall < p.overall => paint(
            RED,
            &format!(
                "down {} from your last try ({})",
                p.overall - overall,
                p.overall
            ),
        ),
        Some(p) => format!("the same as your last try ({})", p.overall),
        None => "your first try on this one".to_string(),
    };
    if let Some(d) = &r.delivery {
        let _ = writeln!(out, "\n{}", delivery(d));
    }
    if let Some(t) = &r.transcript {
        let _ = writeln!(out, "{} {t}", paint(DIM, "Heard:"));
    }
    let _ = writeln!(out, "\n{} {overall}/100, {compare}", paint(BOLD, "Score"));
    if let Some(due) = &r.next_due {
        let _ = writeln!(
            out,
            "{}",
            paint(
                DIM,
                &format!(
                    "Saved as attempt {}; practise it again {}.",
                    r.attempt.id,
                    when(due, now)
                )
            )
        );
    }
    out
}

pub fn attempt_list(list: &AttemptList) -> String {
    if list.attempts.is_empty() {
        return "No attempts stored yet.\n".into();
    }
    let mut out = String::new();
    for a in &list.attempts {
        let story = a.story.as_deref().unwrap_or("-");
        let _ = writeln!(
            out,
            "{:>5}  {}  {}  {}  {}",
            a.id,
            paint(DIM, &a.at),
            score(a.overall),
            pad(story, 20),
            a.question
        );
    }
    out
}

/// A spoken answer's delivery figures on one line.
fn delivery(d: &crate::report::Delivery) -> String {
    format!(
        "{} {:.0} words a minute (spread {:.0}) over {:.0} s, {} long pause(s) (longest {:.1} s), {:.1} fillers per 100 words",
        paint(BOLD, "Delivery:"),
        d.words_per_minute,
        d.words_per_minute_spread,
        d.seconds,
        d.long_pauses,
        d.longest_pause,
        d.fillers_per_100
    )
}

pub fn attempt(a: &Attempt) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {}",
        paint(BOLD, &format!("Attempt {}", a.id)),
        a.at,
        a.engine.as_str()
    );
    let _ = writeln!(out, "{} {}", paint(BOLD, "Question:"), a.question);
    if let Some(s) = &a.story {
        let _ = writeln!(out, "{} {s}", paint(BOLD, "Story:"));
    }
    let codes: Vec<&str> = a.codes.iter().map(|c| c.as_str()).collect();
    let _ = writeln!(
        out,
        "{} {}/100 ({} answer){}",
        paint(BOLD, "Score:"),
        a.overall,
        a.answer_kind.as_str(),
        if codes.is_empty() {
            String::new()
        } else {
            format!(": {}", codes.join(", "))
        }
    );
    // A spoken answer: how it was said, and where the recording is when it was kept.
    if let Some(d) = &a.delivery {
        let _ = writeln!(out, "{}", delivery(d));
    }
    if let Some(path) = &a.audio {
        let _ = writeln!(out, "{} {path}", paint(BOLD, "Recording:"));
    }
    let _ = writeln!(out, "\n{}", a.answer.trim_end());
    out
}

#[cfg(test)]
mod tests {
    use super::when;
    use chrono::{DateTime, Duration, Utc};

    #[test]
    fn a_time_is_said_rounded_to_the_unit_a_person_plans_in() {
        let now: DateTime<Utc> = "2026-12-01T09:00:00Z".parse().unwrap();
        let said = |d: Duration| when(&crate::report::stamp(now + d), now);
        // Read a few seconds after it was set, a whole-day interval keeps its days.
        assert_eq!(said(Duration::days(1) - Duration::seconds(3)), "tomorrow");
        assert_eq!(
            said(Duration::days(15) - Duration::seconds(3)),
            "in 15 days"
        );
        assert_eq!(said(Duration::hours(47)), "in 2 days");
        assert_eq!(said(Duration::minutes(150)), "in 3 h");
        assert_eq!(said(Duration::minutes(20)), "in 20 min");
        assert_eq!(said(Duration::seconds(40)), "now");
        assert_eq!(said(-Duration::days(3)), "3 days ago");
        assert_eq!(said(-Duration::hours(30)), "yesterday");
    }
}
