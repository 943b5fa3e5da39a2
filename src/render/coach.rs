//! Renderings of the coach's reports: matches, questions, tailor plans, critiques, follow-ups.

use std::fmt::Write;

use super::{BOLD, CYAN, DIM, GREEN, RED, YELLOW, pad, paint, width};
use crate::report::{
    AnswerKind, CritiqueReport, Finding, FollowupsReport, MatchReport, QuestionsReport, Severity,
    TailorReport, TailoredQuestion,
};

pub fn matches(r: &MatchReport) -> String {
    let mut out = format!("{} {}\n", paint(BOLD, "Question:"), r.question);
    let w = width(r.matches.iter().map(|m| m.id.as_str()));
    for (i, m) in r.matches.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>2}. {}  {:.2}  {}",
            i + 1,
            paint(BOLD, &pad(&m.id, w)),
            m.score,
            m.title
        );
        if !m.why.is_empty() {
            let _ = writeln!(
                out,
                "    {}  {}",
                " ".repeat(w),
                paint(DIM, &m.why.join("; "))
            );
        }
    }
    if r.matches.is_empty() {
        out.push_str("No entry in your bank answers this question.\n");
    }
    if let Some(advice) = &r.advice {
        let _ = writeln!(out, "{}", paint(YELLOW, advice));
    }
    footer(&mut out, r.engine);
    out
}

/// The engine line that ends every report. Like it, each helper that adds to `out` is named
/// after the part it writes, as in the other renderers.
fn footer(out: &mut String, engine: crate::report::EngineKind) {
    let _ = writeln!(
        out,
        "{}",
        paint(DIM, &format!("engine: {}", engine.as_str()))
    );
}

pub fn questions(r: &QuestionsReport) -> String {
    let mut out = String::new();
    for (i, q) in r.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>2}. {}  {}",
            i + 1,
            paint(BOLD, &q.question),
            paint(
                DIM,
                &format!("({}, {:.0}%)", q.competency, q.likelihood * 100.0)
            )
        );
        for e in &q.evidence {
            let _ = writeln!(out, "      {} {e}", paint(DIM, "<"));
        }
    }
    footer(&mut out, r.engine);
    out
}

pub fn tailor(r: &TailorReport) -> String {
    let mut out = String::new();
    for (i, q) in r.questions.iter().enumerate() {
        tailored_question(&mut out, i, q);
    }
    for f in &r.failures {
        let _ = writeln!(out, "{} {}: {}", paint(RED, "failed:"), f.item, f.error);
    }
    if !r.uncovered.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint(BOLD, "Not covered by any story (your to-write list):")
        );
        for u in &r.uncovered {
            let _ = writeln!(
                out,
                "  - {}  {}",
                paint(YELLOW, &u.requirement),
                paint(DIM, &format!("< {}", u.evidence))
            );
        }
        if r.uncovered_left_off > 0 {
            let _ = writeln!(
                out,
                "  {}",
                paint(
                    DIM,
                    &format!("... and {} more not listed", r.uncovered_left_off)
                )
            );
        }
    }
    footer(&mut out, r.engine);
    out
}

/// One question of the plan (the `i`th, from 0), ending in a blank line.
fn tailored_question(out: &mut String, i: usize, q: &TailoredQuestion) {
    let _ = writeln!(
        out,
        "{}",
        paint(BOLD, &format!("{}. {}", i + 1, q.question))
    );
    for e in &q.evidence {
        let _ = writeln!(out, "   {} {e}", paint(DIM, "job:"));
    }
    story(out, q);
    talk_track(out, q);
    unsupported_line(out, "   ", &q.unsupported);
    for note in &q.budget_notes {
        let _ = writeln!(out, "   {} {note}", paint(DIM, "prompt budget:"));
    }
    if let Some(why) = &q.fallback {
        let _ = writeln!(out, "   {} {why}", paint(YELLOW, "offline:"));
    }
    if !q.talk_track.is_empty() {
        let _ = writeln!(
            out,
            "   {}",
            paint(DIM, &format!("about {} s", q.speaking_seconds))
        );
    }
    if !q.weave_in.is_empty() {
        let _ = writeln!(
            out,
            "   {} {}",
            paint(GREEN, "weave in:"),
            q.weave_in.join(", ")
        );
    }
    for g in &q.gaps {
        let _ = writeln!(out, "   {} {g}", paint(YELLOW, "gap:"));
    }
    out.push('\n');
}

/// The story to tell (or that none fits), then the alternates if there are any.
fn story(out: &mut String, q: &TailoredQuestion) {
    match &q.story {
        Some(s) => {
            let _ = writeln!(
                out,
                "   {} {} {}  {}",
                paint(GREEN, "story:"),
                paint(BOLD, &s.id),
                s.title,
                paint(DIM, &format!("({:.2})", s.score))
            );
        }
        None => {
            let _ = writeln!(out, "   {} none fits", paint(RED, "story:"));
        }
    }
    if !q.alternates.is_empty() {
        let alts: Vec<&str> = q.alternates.iter().map(|a| a.id.as_str()).collect();
        let _ = writeln!(out, "   {} {}", paint(DIM, "alternates:"), alts.join(", "));
    }
}

/// The talk track, each line tagged with the first letter of the story field it came from.
fn talk_track(out: &mut String, q: &TailoredQuestion) {
    for (line, from) in q.talk_track.iter().zip(&q.talk_track_from) {
        let tag = from
            .chars()
            .next()
            .map(|c| c.to_ascii_uppercase())
            .unwrap_or('?');
        let _ = writeln!(
            out,
            "   {} {}",
            paint(CYAN, &format!("[{tag}]")),
            mark_unsupported(line, &q.unsupported)
        );
    }
}

/// Numbers and names the model produced that are nowhere in the user's material, in red.
fn mark_unsupported(line: &str, unsupported: &[String]) -> String {
    line.split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '%' && c != '$');
            if unsupported.iter().any(|u| u == bare) {
                paint(RED.underline(), word)
            } else {
                word.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn unsupported_line(out: &mut String, indent: &str, unsupported: &[String]) {
    if !unsupported.is_empty() {
        let _ = writeln!(
            out,
            "{indent}{} {} (not in your stories or the job: check before you say it)",
            paint(RED, "unsupported:"),
            unsupported.join(", ")
        );
    }
}

fn score_bar(score: u8) -> String {
    // A score is 0 to 100; a larger one fills the bar rather than break it.
    let filled = (usize::from(score) / 10).min(10);
    paint(
        super::score_style(score),
        &format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled)),
    )
}

pub fn critique(r: &CritiqueReport) -> String {
    let mut out = String::new();
    critique_header(&mut out, r);
    star_parts(&mut out, r);
    let _ = writeln!(
        out,
        "{}",
        paint(
            DIM,
            &format!(
                "{}, about {} s spoken",
                super::plural(r.words as u64, "word"),
                r.speaking_seconds
            )
        )
    );
    if r.findings.is_empty() {
        let _ = writeln!(out, "\n{}", paint(GREEN, "no findings: a complete answer"));
    } else {
        out.push('\n');
    }
    for f in &r.findings {
        finding(&mut out, f);
    }
    unsupported_line(&mut out, "", &r.unsupported);
    footer(&mut out, r.engine);
    out
}

/// The question if there is one, the answer kind, the overall score and the rubric.
fn critique_header(out: &mut String, r: &CritiqueReport) {
    if let Some(q) = &r.question {
        let _ = writeln!(out, "{} {q}", paint(BOLD, "Question:"));
    }
    let _ = writeln!(
        out,
        "{} {} answer",
        paint(BOLD, "Kind:"),
        r.answer_kind.as_str()
    );
    let _ = writeln!(
        out,
        "{}  {} {:>3}/100",
        paint(BOLD, "Overall  "),
        score_bar(r.overall),
        r.overall
    );
    let rubric: Vec<String> = r
        .rubric
        .dimensions()
        .iter()
        .map(|(name, score)| format!("{name} {score}/4"))
        .collect();
    let _ = writeln!(
        out,
        "{}",
        paint(DIM, &format!("Rubric: {}", rubric.join(", ")))
    );
}

/// A bar for each STAR part, for the kinds of answer that are told as a story.
fn star_parts(out: &mut String, r: &CritiqueReport) {
    // A prepared answer is not a STAR story: its parts are not shown as if they were missing.
    if matches!(r.answer_kind, AnswerKind::Story | AnswerKind::Weakness) {
        let s = &r.scores;
        for (name, score) in [
            ("Situation", s.situation),
            ("Task", s.task),
            ("Action", s.action),
            ("Result", s.result),
            ("Learned", s.learned),
        ] {
            let _ = writeln!(out, "{}  {} {:>3}", pad(name, 9), score_bar(score), score);
        }
    }
}

/// A finding coloured by its severity, with its suggestion on the line below.
fn finding(out: &mut String, f: &Finding) {
    let style = match f.severity {
        Severity::Error => RED,
        Severity::Warning => YELLOW,
        Severity::Info => CYAN,
    };
    let _ = writeln!(
        out,
        "{} {} {}",
        paint(style, &pad(f.severity.as_str(), 7)),
        paint(BOLD, f.code.as_str()),
        f.message
    );
    let _ = writeln!(out, "        {} {}", paint(DIM, "try:"), f.suggestion);
}

pub fn followups(r: &FollowupsReport) -> String {
    let mut out = String::new();
    for (i, f) in r.followups.iter().enumerate() {
        let target = serde_json::to_value(f.targets)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(out, "{:>2}. {}", i + 1, paint(BOLD, &f.question));
        let _ = writeln!(out, "    {}", paint(DIM, &format!("{} ({target})", f.why)));
    }
    unsupported_line(&mut out, "", &r.unsupported);
    footer(&mut out, r.engine);
    out
}

pub fn dry_run(calls: &[crate::report::PromptPreview]) -> String {
    let mut out = String::new();
    for call in calls {
        let _ = writeln!(
            out,
            "{}",
            paint(BOLD, &format!("── {} ({} tokens)", call.item, call.tokens))
        );
        for note in &call.notes {
            let _ = writeln!(out, "{}", paint(YELLOW, &format!("budget: {note}")));
        }
        for m in &call.messages {
            let _ = writeln!(
                out,
                "{}\n{}\n",
                paint(CYAN, &format!("[{}]", m.role)),
                m.content
            );
        }
    }
    let total: usize = calls.iter().map(|c| c.tokens).sum();
    let _ = writeln!(
        out,
        "{}",
        paint(
            DIM,
            &format!(
                "dry run: {} calls, {total} prompt tokens, nothing sent",
                calls.len()
            )
        )
    );
    out
}

#[cfg(test)]
mod tests {
    use super::score_bar;

    #[test]
    fn a_score_bar_is_ten_cells_whatever_the_score() {
        for (score, filled) in [(0, 0), (55, 5), (100, 10), (255, 10)] {
            let bar = score_bar(score);
            assert_eq!(bar.matches('█').count(), filled, "{score}");
            assert_eq!(bar.matches('░').count(), 10 - filled, "{score}");
        }
    }
}
