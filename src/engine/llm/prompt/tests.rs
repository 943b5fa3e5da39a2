//! Prompt templates: defaults, overrides, rendering and errors.

use serde_json::{Value, json};

use super::*;

fn candidates() -> Value {
    json!([{
        "id": "CR2", "kind": "story",
        "title": "Analyzed thread and heap dumps to stop a UI server crashing",
        "categories": ["Teamwork"],
        "sections": [
            {"name": "Situation", "text": "- The UI server crashed twice a day for a major customer."},
            {"name": "Result", "text": "- Crashes stopped; p99 latency fell from 4 s to 300 ms."}
        ]
    }])
}

fn context(name: &str) -> Value {
    let schema = json!({"type": "object", "properties": {"ranking": {"type": "array"}}});
    let q = "Tell me about a time you fixed a production problem.";
    match name {
        "system" => json!({"vision": "reliability is a product's core feature"}),
        "match" => json!({"question": q, "candidates": candidates(), "schema": schema}),
        "questions" => json!({
            "job": "We run payments.\nYou will own on-call and SLOs.", "count": 5,
            "seed_questions": [{"question": q, "competency": "ownership",
                "evidence": ["You will own on-call and SLOs."]}],
            "schema": null
        }),
        "tailor" => json!({
            "question": q, "evidence": ["You will own on-call and SLOs."],
            "job_title": "Senior SRE", "candidates": candidates(), "target_words": 300,
            "schema": serde_json::to_string_pretty(&schema).unwrap()
        }),
        "critique" => json!({
            "question": null, "draft": "We fixed it.", "vision": "reliability first",
            "job": null, "answer_kind": "story", "rubric": [{"code": "no-metrics", "meaning": "nothing measurable"}],
            "offline_findings": [{"code": "we-not-i", "message": "3 we, 0 I"}], "schema": schema
        }),
        "followups" => json!({
            "question": q, "answer": "I restarted the server.", "weak_points": ["no metric"],
            "vision": null, "count": 3, "schema": null
        }),
        "brief" => json!({
            "story": candidates()[0], "seconds": 30, "words": 75, "vision": null, "schema": schema
        }),
        other => panic!("no context for {other}"),
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn prompts_can_be_shared_across_tasks() {
    fn check<T: Send + Sync>() {}
    check::<Prompts>();
}

#[test]
fn every_builtin_compiles_and_renders() {
    let prompts = Prompts::builtin();
    for name in PROMPT_NAMES {
        let text = prompts.render(name, &context(name)).unwrap();
        assert!(text.len() > 100, "{name}: {text}");
        assert!(
            !text.contains("\n\n\n"),
            "{name} has stray blank lines:\n{text}"
        );
        assert_eq!(prompts.source(name).unwrap().1, &Origin::Builtin);
    }
    let tailor = prompts.render("tailor", &context("tailor")).unwrap();
    assert!(
        tailor.contains("<story id=\"CR2\" kind=\"story\">"),
        "{tailor}"
    );
    assert!(tailor.contains("at most 300 words"), "{tailor}");
    assert!(
        tailor.contains("Reply with JSON matching this schema:\n{"),
        "{tailor}"
    );
    let matched = prompts.render("match", &context("match")).unwrap();
    assert!(
        matched.contains("\"ranking\""),
        "schema objects print as JSON: {matched}"
    );
    let questions = prompts.render("questions", &context("questions")).unwrap();
    assert!(!questions.contains("schema"), "{questions}");
}

#[test]
fn optional_values_may_be_null() {
    let prompts = Prompts::builtin();
    let system = prompts.render("system", &json!({"vision": null})).unwrap();
    assert!(!system.contains("vision"), "{system}");
    assert!(!system.contains("none"), "{system}");
    let mut ctx = context("tailor");
    ctx["job_title"] = Value::Null;
    ctx["schema"] = Value::Null;
    let tailor = prompts.render("tailor", &ctx).unwrap();
    assert!(!tailor.contains("Role:"), "{tailor}");
}

#[test]
fn an_override_replaces_one_template() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "critique.j2", "Critique {{ draft }} now.");
    write(dir.path(), "notes.j2", "{% broken");
    let prompts = Prompts::load(Some(dir.path())).unwrap();
    let (source, origin) = prompts.source("critique").unwrap();
    assert_eq!(source, "Critique {{ draft }} now.");
    assert_eq!(origin, &Origin::Override(dir.path().join("critique.j2")));
    let text = prompts.render("critique", &context("critique")).unwrap();
    assert_eq!(text, "Critique We fixed it. now.");
    for name in PROMPT_NAMES.iter().filter(|n| **n != "critique") {
        assert_eq!(prompts.source(name).unwrap().1, &Origin::Builtin, "{name}");
    }
}

#[test]
fn a_missing_override_dir_overrides_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let prompts = Prompts::load(Some(&dir.path().join("absent"))).unwrap();
    assert!(
        PROMPT_NAMES
            .iter()
            .all(|n| prompts.source(n).unwrap().1 == &Origin::Builtin)
    );
    assert!(Prompts::load(None).is_ok());
}

#[test]
fn a_syntax_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "match.j2",
        "Question: {{ question }}\n\n{% for c in candidates %}\n",
    );
    let err = Prompts::load(Some(dir.path())).unwrap_err();
    assert!(matches!(err, PromptError::Syntax { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("match"), "{text}");
    assert!(text.contains("match.j2"), "{text}");
    assert!(text.contains("line 3") || text.contains("line 4"), "{text}");
}

#[test]
fn a_missing_variable_is_a_render_error_naming_the_template() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "followups.j2", "Answer:\n{{ answr }}\n");
    let prompts = Prompts::load(Some(dir.path())).unwrap();
    let err = prompts
        .render("followups", &context("followups"))
        .unwrap_err();
    let PromptError::Render { name, line, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((name.as_str(), *line), ("followups", 2));
    assert!(err.to_string().contains("followups.j2"), "{err}");
}

#[test]
fn an_unknown_name_lists_the_names() {
    let prompts = Prompts::builtin();
    let err = prompts.source("critic").unwrap_err().to_string();
    assert!(err.contains("critic"), "{err}");
    assert!(PROMPT_NAMES.iter().all(|n| err.contains(n)), "{err}");
    assert!(prompts.render("critic", &json!({})).is_err());
}

#[test]
fn an_unreadable_override_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("system.j2"), [0xff, 0xfe, 0x00]).unwrap();
    let err = Prompts::load(Some(dir.path())).unwrap_err().to_string();
    assert!(err.contains("system.j2"), "{err}");
}
