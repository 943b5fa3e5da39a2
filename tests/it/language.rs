//! Drafts in another language than English: the offline engine, which reads English only,
//! refuses them with the language named (CLI exit 2, HTTP 400), and an answer typed in
//! `practice` is kept in a file, not lost.

use axum::http::StatusCode;
use serde_json::json;

use starcoach::engine::{CritiqueRequest, Engine};
use starcoach::report::EngineKind;

use crate::practice::{QUESTION, sc};
use crate::util::llm::{Harness, critique_req};
use crate::util::routes::{app, call, message};
use crate::util::{TestDir, json, run, stderr};

const JAPANESE: &str = "障害対応の時、私はチームと協力してデータベースの問題を解決しました。\
    結果として、レイテンシが半分になりました。";
const SPANISH: &str = "En mi trabajo anterior lideré la migración de la base de datos de \
    facturación. Reduje la latencia un cuarenta por ciento y aprendí a planificar mejor.";

fn refusal(language: &str) -> String {
    format!(
        "the draft reads as {language}, and the offline engine reads English only: write the \
         draft in English, or configure an LLM endpoint ([llm] in the config)"
    )
}

#[test]
fn a_draft_in_another_language_is_refused_naming_it() {
    let dir = TestDir::with_bank();
    dir.write("es.txt", SPANISH);
    for (args, input, language) in [
        (vec!["--draft", "es.txt"], "", "Spanish"),
        (vec!["--draft", "-"], JAPANESE, "Japanese"),
    ] {
        dir.check(
            ["--stories", "bank", "--engine", "offline", "critique"]
                .into_iter()
                .chain(args),
        )
        .stdin(input)
        .code(2)
        .stderr(format!("starcoach: error: {}\n", refusal(language)))
        .run();
    }
}

/// An English answer that names a place in its own script, or is written as terse notes, is
/// still read.
#[test]
fn english_with_a_name_in_another_script_or_in_notes_is_read() {
    let dir = TestDir::with_bank();
    for draft in [
        "At エネチェーン I owned the deploy pipeline. I rewrote the release scripts, and release \
         time fell from two hours to twenty minutes.",
        "Kafka consumers lagging two hours. Found partition rebalance looping. Raised session \
         timeout, restarted group. Lag gone in forty minutes. Wrote postmortem. Added alert.",
    ] {
        let out = run(
            dir.cmd()
                .args(["--stories", "bank", "--json", "critique"])
                .write_stdin(draft),
            0,
        );
        assert!(json(&out)["overall"].is_u64(), "{}", stderr(&out));
    }
}

#[tokio::test]
async fn the_daemon_refuses_a_draft_in_another_language() {
    let (app, _bank) = app().await;
    let (status, body) = call(
        &app,
        "POST",
        "/v1/critique",
        Some(json!({"draft": JAPANESE})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(message(&body), refusal("Japanese"), "{body}");
}

/// The LLM engine reads a draft in any language the model does: the draft reaches the model.
#[tokio::test]
async fn the_llm_engine_critiques_a_draft_in_another_language() {
    let h = Harness::start().await;
    let req = CritiqueRequest {
        draft: JAPANESE.into(),
        ..critique_req()
    };
    let report = h.llm().critique(&req).await.expect("critique");
    assert_eq!(report.engine, EngineKind::Llm);
    assert!(
        h.mock
            .requests()
            .iter()
            .any(|r| r.to_string().contains("データベース")),
        "the draft never reached the model"
    );
}

/// Typed in the editor, a refused answer exists nowhere else: it is written beside the history
/// and the error says where, and nothing is stored.
#[test]
fn a_refused_answer_from_the_editor_is_kept_in_a_file() {
    let dir = TestDir::with_bank();
    let out = answer_in_japanese(&dir);
    let kept: Vec<_> = std::fs::read_dir(dir.join("answers"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        stderr(&out),
        format!(
            "starcoach: error: nothing was stored; your answer is kept in {}\n\
             starcoach:   caused by: {}\n",
            kept[0].display(),
            refusal("Japanese")
        )
    );
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap().trim(), JAPANESE);
    let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
    assert_eq!(list["attempts"], json!([]));
}

/// When the answer cannot be kept either, the refusal is still what the error says.
#[test]
fn an_answer_that_cannot_be_kept_still_shows_why_it_was_refused() {
    let dir = TestDir::with_bank();
    dir.write("answers", "a file where the folder would go");
    let out = answer_in_japanese(&dir);
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "starcoach: error: nothing was stored; your answer could not be kept (cannot create "
        ),
        "{err}"
    );
    assert!(
        err.ends_with(&format!("caused by: {}\n", refusal("Japanese"))),
        "{err}"
    );
}

/// `practice --editor` offline, with a script for an editor that writes the Japanese draft.
fn answer_in_japanese(dir: &TestDir) -> std::process::Output {
    dir.write("said.txt", JAPANESE);
    dir.write("editor.sh", "cat said.txt >> \"$1\"\n");
    run(
        sc(dir)
            .env("EDITOR", "sh editor.sh")
            .env_remove("VISUAL")
            .args(["--engine", "offline", "practice", "--question", QUESTION])
            .args(["--story", "HL1", "--editor"]),
        2,
    )
}
