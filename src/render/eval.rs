//! Eval results for people: every miss, then the figures, then the breakdowns.

use std::fmt::Write;

use super::{BOLD, DIM, RED, YELLOW, paint};
use crate::report::{Counts, CritiqueEval, KindsEval, PostingsEval, QuestionsEval};

pub fn eval_questions(r: &QuestionsEval) -> String {
    let mut out = String::new();
    for m in &r.misses {
        let mark = if m.in_top3 {
            paint(YELLOW, "top-3")
        } else {
            paint(RED, "miss ")
        };
        let expected = if m.expect.is_empty() {
            "nothing".to_string()
        } else {
            m.expect.join("|")
        };
        let got = if m.got.is_empty() {
            "nothing".to_string()
        } else {
            m.got.join(", ")
        };
        let _ = writeln!(
            out,
            "{mark} line {}: {}  expected {expected}, got {got}",
            m.line, m.question
        );
    }
    if !r.confusions.is_empty() {
        let _ = writeln!(out, "{}", paint(BOLD, "confusions (expected -> first):"));
        for c in r.confusions.iter().take(10) {
            let _ = writeln!(out, "  {} x {} -> {}", c.count, c.expected, c.got);
        }
    }
    let _ = writeln!(out, "{}", paint(BOLD, "per competency (top-1):"));
    for g in &r.per_competency {
        let _ = writeln!(
            out,
            "  {:<22} {}/{}  offered right {}/{}",
            g.group, g.top1, g.cases, g.offered_right, g.offered
        );
    }
    let _ = writeln!(out, "cases: {}", r.cases);
    let _ = writeln!(out, "top-1: {}/{} ({:.1}%)", r.top1, r.cases, r.top1_pct);
    let _ = writeln!(out, "top-3: {}/{} ({:.1}%)", r.top3, r.cases, r.top3_pct);
    let _ = writeln!(
        out,
        "precision (offered first matches): {:.1}%",
        r.precision_pct
    );
    let _ = writeln!(
        out,
        "nothing fits: {}/{} ({:.1}%)",
        r.none_fits_hits, r.none_fits, r.none_fits_recall_pct
    );
    out
}

pub fn eval_kinds(r: &KindsEval) -> String {
    let mut out = String::new();
    for m in &r.misses {
        let _ = writeln!(
            out,
            "{} line {}: {}  expected {}, got {}",
            paint(RED, "miss"),
            m.line,
            m.question,
            m.expected,
            m.got
        );
    }
    let _ = writeln!(out, "{}", paint(BOLD, "per kind:"));
    for k in &r.per_kind {
        counts_line(&mut out, k.kind.as_str(), &k.counts);
    }
    let _ = writeln!(
        out,
        "answer kinds: {}/{} ({:.1}%)",
        r.right, r.cases, r.accuracy_pct
    );
    out
}

pub fn eval_critique(r: &CritiqueEval) -> String {
    let mut out = String::new();
    let list = |codes: &[crate::report::FindingCode]| {
        codes
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for m in &r.misses {
        let kind = m.kind.as_ref().map_or(String::new(), |k| {
            format!(", kind {} read as {}", k.expected, k.got)
        });
        let _ = writeln!(
            out,
            "{} line {}: missing [{}], forbidden raised [{}], raised [{}]{kind}",
            paint(RED, "miss"),
            m.line,
            list(&m.missing),
            list(&m.forbidden),
            list(&m.raised)
        );
    }
    let _ = writeln!(out, "{}", paint(BOLD, "per code:"));
    for c in &r.per_code {
        counts_line(&mut out, c.code.as_str(), &c.counts);
    }
    let _ = writeln!(out, "{}", paint(BOLD, "per family:"));
    for f in &r.per_family {
        counts_line(&mut out, f.family.as_str(), &f.counts);
    }
    let _ = writeln!(out, "cases: {}", r.cases);
    if r.kinds_labelled > 0 {
        let _ = writeln!(out, "answer kinds: {}/{}", r.kinds_right, r.kinds_labelled);
    }
    for (label, s) in [("strong", &r.strong), ("weak", &r.weak)] {
        if s.cases > 0 {
            let _ = writeln!(
                out,
                "{label} drafts: {} scored {}..{} (median {}), {} at {} or less",
                s.cases, s.min, s.max, s.median, s.weak_band, s.weak_max
            );
        }
    }
    let _ = writeln!(out, "precision: {:.1}%", r.precision_pct);
    let _ = writeln!(
        out,
        "recall: {}/{} ({:.1}%)",
        r.recalled, r.expected, r.recall_pct
    );
    let _ = writeln!(out, "violations: {}", r.violations);
    out
}

pub fn eval_postings(r: &PostingsEval) -> String {
    let mut out = String::new();
    for p in &r.postings {
        let _ = writeln!(out, "{} (line {})", paint(BOLD, &p.job), p.line);
        for (style, label, items) in [
            (RED, "not chosen:", &p.missing_picks),
            (YELLOW, "not on the to-write list:", &p.missing_uncovered),
            (
                RED,
                "must not be on the to-write list:",
                &p.forbidden_uncovered,
            ),
        ] {
            if !items.is_empty() {
                let _ = writeln!(out, "  {} {}", paint(style, label), items.join(", "));
            }
        }
        let _ = writeln!(
            out,
            "  {}",
            paint(DIM, &format!("to write: {}", p.to_write.join("; ")))
        );
    }
    let _ = writeln!(out, "postings: {}", r.cases);
    let _ = writeln!(
        out,
        "coach picks in the plan: {}/{} ({:.1}%)",
        r.picks_found, r.picks_expected, r.picks_pct
    );
    let _ = writeln!(
        out,
        "gaps on the to-write list: {}/{}",
        r.uncovered_found, r.uncovered_expected
    );
    let _ = writeln!(
        out,
        "forbidden words on the to-write list: {}",
        r.forbidden_found
    );
    out
}

/// One code's or one family's counts, in aligned columns.
fn counts_line(out: &mut String, name: &str, c: &Counts) {
    let _ = writeln!(
        out,
        "  {name:<18} recall {}/{} ({:.0}%)  false alarms {}  precision {:.0}%",
        c.recalled, c.expected, c.recall_pct, c.false_alarms, c.precision_pct
    );
}
