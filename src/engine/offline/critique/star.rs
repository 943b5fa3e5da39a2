//! The STAR parts of a story: which are missing, and how well each is told (0 to 100).

use super::super::analysis::Analysis;
use super::finding;
use crate::report::{Finding, FindingCode, Scores, Severity};

pub fn star_findings(a: &Analysis) -> Vec<Finding> {
    let mut out = Vec::new();
    if a.situation == 0 {
        out.push(finding(FindingCode::MissingSituation, Severity::Warning,
            "no context: the listener does not learn where, when or what was at stake".into(),
            "open with one sentence of context: the company or team, the problem, and why it mattered"));
    }
    if !a.task_clear() {
        out.push(finding(
            FindingCode::MissingTask,
            Severity::Warning,
            "no statement of your goal or responsibility".into(),
            "say what you were responsible for: \"I owned...\", \"my goal was...\"",
        ));
    }
    if a.action_i == 0 && a.has_action() {
        out.push(finding(FindingCode::MissingAction, Severity::Warning,
            "the steps told are the team's (\"we\"): none says what you did yourself".into(),
            "say \"I\" for the steps you took yourself: the design you chose, the code you wrote, the call you made"));
    } else if a.action_i == 0 {
        out.push(finding(FindingCode::MissingAction, Severity::Error,
            "no concrete steps that you personally took".into(),
            "spend most of the answer on what you did: two or three steps, each with \"I\" and a verb"));
    }
    if a.result == 0 {
        out.push(finding(
            FindingCode::MissingResult,
            Severity::Error,
            "no outcome: the answer stops before saying what changed".into(),
            "end with the result: what changed, for whom, and by how much",
        ));
    } else if !a.result_metric && !a.measured_step && !a.measured_outside_scene {
        out.push(finding(
            FindingCode::NoMetrics,
            Severity::Warning,
            "there is an outcome but nothing measurable in it".into(),
            "put a number on the result: a percentage, a time saved, a count, or money",
        ));
    }
    out
}

pub fn part_scores(a: &Analysis) -> Scores {
    let steps = |n: usize| match n {
        0 => 0,
        1 => 60,
        2 => 80,
        _ => 100,
    };
    let situation = match (a.situation, a.specific_context) {
        (0, _) => 0,
        (_, true) => 100,
        (n, false) => steps(n).min(80),
    };
    let action = if a.action_i > 0 {
        steps(a.action_i + a.action_other / 2)
    } else if a.action_other > 0 {
        40
    } else {
        0
    };
    let result = match (a.result, a.result_metric) {
        (0, _) => 0,
        (_, true) => 100,
        (_, false) => 55,
    };
    Scores {
        situation,
        task: match (a.task > 0, a.task_clear()) {
            (true, _) => 100,
            (false, true) => 60,
            (false, false) => 0,
        },
        action,
        result,
        learned: if a.learned > 0 { 100 } else { 0 },
    }
}
