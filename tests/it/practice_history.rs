//! The practice history file as a user runs `history` (the binary, a fixture bank, a history
//! file in the test's own data dir): export, forget and import, a writer killed mid-import, and
//! the daemon and `practice` processes writing one history at once; answers written in the
//! editor.

use std::process::{Command as StdCommand, Stdio};

use serde_json::{Value, json};

use crate::practice::{QUESTION, practise, sc};
use crate::util::{TestDir, fixture, json, run, stderr, stdout};

#[test]
fn export_forget_import_is_a_full_round_trip() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "short.txt");
    practise(&dir, "QB1", "complete.txt");
    let export = stdout(&run(sc(&dir).args(["history", "export"]), 0));
    assert_eq!(export.lines().count(), 2);
    dir.write("export.jsonl", &export);
    // A folder that is not there is named, not the temporary file that could not be made.
    let nowhere = run(
        sc(&dir).args(["history", "export", "--out", "missing/x.jsonl"]),
        2,
    );
    assert_eq!(
        stderr(&nowhere),
        "starcoach: error: cannot write missing/x.jsonl\nstarcoach:   caused by: there is no folder missing; create it first\n"
    );
    let before = stdout(&run(sc(&dir).args(["--json", "progress"]), 0));

    // No attempts to show is not "no attempts stored".
    let none = run(sc(&dir).args(["history", "list", "--limit", "0"]), 2);
    assert!(
        stderr(&none).contains("must be 1 or more"),
        "{}",
        stderr(&none)
    );
    let forgot = run(sc(&dir).args(["history", "forget", "--all"]), 0);
    assert_eq!(stdout(&forgot), "forgot 2 attempts\n");
    let imported = run(sc(&dir).args(["history", "import", "export.jsonl"]), 0);
    assert_eq!(
        stdout(&imported),
        "imported 2 attempts (0 already stored)\n"
    );
    assert_eq!(
        stdout(&run(sc(&dir).args(["history", "export"]), 0)),
        export
    );
    assert_eq!(
        stdout(&run(sc(&dir).args(["--json", "progress"]), 0)),
        before
    );
}

/// An exported attempt with a score out of range, a time in the future or an empty answer is
/// refused, naming its line and field, and nothing of the file is stored.
#[test]
fn an_impossible_attempt_is_refused_by_line_and_field() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "short.txt");
    let export = stdout(&run(sc(&dir).args(["history", "export"]), 0));
    let good: Value = serde_json::from_str(export.trim()).expect("one exported attempt");
    run(sc(&dir).args(["history", "forget", "--all"]), 0);
    let with = |field: &str, value: Value| {
        let mut bad = good.clone();
        bad[field] = value;
        format!("{export}{bad}\n")
    };
    for (text, said) in [
        (
            with("overall", json!(200)),
            "line 2: `overall` 200 is above 100",
        ),
        (
            with("at", json!("2999-01-01T00:00:00Z")),
            "line 2: `at` \"2999-01-01T00:00:00Z\" is in the future",
        ),
        (with("answer", json!("  ")), "line 2: `answer` is empty"),
        // Its card would come due asking ''.
        (with("question", json!("")), "line 2: `question` is empty"),
        // Its card would come due and be refused, holding up what is due behind it.
        (
            with("question", json!("🚀🚀 ?")),
            "line 2: `question` has no words in it, only symbols or emoji",
        ),
        (
            with(
                "delivery",
                json!({"seconds": -5.0, "words_per_minute": 150.0, "words_per_minute_spread": 0.0,
                       "long_pauses": 0, "longest_pause": 0.0, "fillers_per_100": 1.0}),
            ),
            "line 2: `delivery.seconds` -5 is not 0 or more",
        ),
        (
            format!("[{}]\n", export.trim()),
            "line 1: a JSON array; history import reads JSON Lines",
        ),
        (
            with(
                "rubric",
                json!({"structure": 9, "specificity": 1, "relevance": 1, "vision": 1, "delivery": 1}),
            ),
            "line 2: `rubric.structure` 9 is above 4; correct or remove the line",
        ),
        // serde's own message, with its Rust type name put in words.
        (
            with("overall", json!(-3)),
            "integer `-3`, expected a whole number at line 1",
        ),
    ] {
        dir.write("bad.jsonl", text);
        let output = run(sc(&dir).args(["history", "import", "bad.jsonl"]), 2);
        assert!(stderr(&output).contains(said), "{}", stderr(&output));
        assert!(!stderr(&output).contains("u8"), "{}", stderr(&output));
        let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
        assert_eq!(list, json!({"attempts": []}));
    }
    // A clock a little ahead (an hour) is not the future.
    let soon = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    dir.write("soon.jsonl", with("at", json!(soon)));
    let output = run(sc(&dir).args(["history", "import", "soon.jsonl"]), 0);
    assert_eq!(stdout(&output), "imported 2 attempts (0 already stored)\n");
}

#[test]
fn an_attempt_without_a_competency_gets_its_questions() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "short.txt");
    let export = stdout(&run(sc(&dir).args(["history", "export"]), 0));
    let mut attempt: Value = serde_json::from_str(export.trim()).unwrap();
    let asked = attempt["competency"].clone();
    assert!(asked.is_string(), "{attempt}");
    attempt.as_object_mut().unwrap().remove("competency");
    run(sc(&dir).args(["history", "forget", "--all"]), 0);
    dir.write("bare.jsonl", format!("{attempt}\n"));
    run(sc(&dir).args(["history", "import", "bare.jsonl"]), 0);
    let progress = json(&run(sc(&dir).args(["--json", "progress"]), 0));
    assert_eq!(
        progress["competencies"][0]["competency"], asked,
        "{progress:#}"
    );
}

/// `forget` deletes the recordings `--keep-audio` kept beside the history, and nothing an
/// imported attempt names elsewhere.
#[test]
fn forget_deletes_the_kept_recordings_and_only_those() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "short.txt");
    let export = stdout(&run(sc(&dir).args(["history", "export"]), 0));
    let kept = dir.join("audio/20261201T090000Z.wav");
    std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
    std::fs::write(&kept, "RIFF").unwrap();
    dir.write("elsewhere.wav", "RIFF");
    let mut lines = String::new();
    for (i, audio) in [kept.clone(), dir.join("elsewhere.wav")].iter().enumerate() {
        let mut a: Value = serde_json::from_str(export.trim()).unwrap();
        a["audio"] = json!(audio);
        a["answer"] = json!(format!("spoken answer {i}"));
        lines.push_str(&format!("{a}\n"));
    }
    // A third attempt names the kept recording too: forgetting it alone keeps the file.
    let mut third: Value = serde_json::from_str(export.trim()).unwrap();
    third["audio"] = json!(kept);
    third["answer"] = json!("spoken answer, said again");
    third["id"] = json!(90);
    lines.push_str(&format!("{third}\n"));
    run(sc(&dir).args(["history", "forget", "--all"]), 0);
    dir.write("spoken.jsonl", lines);
    run(sc(&dir).args(["history", "import", "spoken.jsonl"]), 0);
    let forgot = run(sc(&dir).args(["history", "forget", "90"]), 0);
    assert_eq!(stdout(&forgot), "forgot 1 attempt\n");
    assert!(kept.exists());
    let forgot = run(sc(&dir).args(["history", "forget", "--all"]), 0);
    assert_eq!(
        stdout(&forgot),
        "forgot 2 attempts and deleted 1 kept recording\n"
    );
    assert!(!kept.exists());
    assert!(dir.join("elsewhere.wav").exists());
}

#[test]
fn a_bad_import_line_is_named_and_stores_nothing() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "short.txt");
    let export = stdout(&run(sc(&dir).args(["history", "export"]), 0));
    let forgot = run(sc(&dir).args(["history", "forget", "1"]), 0);
    assert_eq!(stdout(&forgot), "forgot 1 attempt\n");
    dir.write("bad.jsonl", format!("{export}{{\"id\": 2}}\n"));
    let output = run(sc(&dir).args(["history", "import", "bad.jsonl"]), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("starcoach: error: bad.jsonl line 2: not an exported attempt\n"),
        "{err}"
    );
    let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
    assert_eq!(list, json!({"attempts": []}));
    let output = run(
        sc(&dir).args(["history", "forget", "--before", "yesterday"]),
        2,
    );
    assert!(stderr(&output).contains("--before \"yesterday\" is not a date"));
}

/// A writer killed mid-transaction (SIGKILL, no cleanup) leaves a file that opens, holding
/// everything or nothing of what it was writing.
#[cfg(unix)]
#[test]
fn a_killed_writer_leaves_a_file_that_opens() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "short.txt");
    let line = stdout(&run(sc(&dir).args(["history", "export"]), 0));
    let attempt: Value = serde_json::from_str(line.trim()).unwrap();
    let mut big = String::new();
    for i in 0..40_000 {
        let mut a = attempt.clone();
        a["id"] = json!(100 + i);
        a["story"] = json!(format!("S{}", i % 500));
        a["answer"] = json!(format!("answer {i} {}", "words ".repeat(40)));
        big.push_str(&a.to_string());
        big.push('\n');
    }
    dir.write("big.jsonl", big);
    let bin = assert_cmd::cargo::cargo_bin("starcoach");
    let mut child = StdCommand::new(bin)
        .current_dir(dir.path())
        .args(["--stories", "bank", "history", "import", "big.jsonl"])
        .env("STARCOACH_HISTORY__PATH", dir.join("history.sqlite"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    child.kill().unwrap(); // SIGKILL on unix
    child.wait().unwrap();

    let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
    let n = list["attempts"].as_array().unwrap().len();
    assert!(n == 1 || n == 40_001, "all or nothing, found {n}");
    let conn = rusqlite::Connection::open(dir.join("history.sqlite")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// The daemon and the CLI writing one history at once: 100 `POST /v1/attempts` from 10
/// threads while 10 `practice` processes store theirs. Every attempt lands; nobody sees
/// "database is locked".
#[test]
fn the_daemon_and_practice_processes_share_one_history() {
    use starcoach::coach::EngineChoice;
    use starcoach::config::Config;
    use starcoach::server::ServerOptions;

    let dir = TestDir::with_bank();
    let path = dir.join("history.sqlite");
    let mut config = Config::default();
    config.history.path = Some(path.clone());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(crate::util::server::start_with(
        &config,
        EngineChoice::Offline,
        ServerOptions::default(),
    ));
    let draft = std::fs::read_to_string(fixture("drafts/complete.txt")).unwrap();

    let bin = assert_cmd::cargo::cargo_bin("starcoach");
    let processes: Vec<_> = (0..10)
        .map(|_| {
            StdCommand::new(&bin)
                .current_dir(dir.path())
                .args([
                    "--stories",
                    "bank",
                    "--json",
                    "practice",
                    "--question",
                    QUESTION,
                    "--story",
                    "HL1",
                    "--answer",
                ])
                .arg(fixture("drafts/complete.txt"))
                .env("STARCOACH_HISTORY__PATH", &path)
                .env("XDG_CONFIG_HOME", dir.join(".xdg/config"))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Ten clients at once, ten requests each, on the runtime's worker threads.
    let clients = (0..10).map(|t| {
        let server = &server;
        let draft = draft.clone();
        async move {
            let mut answers = Vec::new();
            for i in 0..10 {
                let body = json!({"question": format!("Tell me about a time you failed ({t}.{i})"),
                    "story": "PB1", "answer": draft});
                answers.push(server.post("/v1/attempts", &body).await);
            }
            answers
        }
    });
    let answers = runtime.block_on(futures::future::join_all(clients));
    for (status, body) in answers.into_iter().flatten() {
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["attempt"]["story"], "PB1");
    }
    for child in processes {
        let output = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success() && !err.contains("locked"), "{err}");
    }
    let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
    let attempts = list["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 110);
    let mut ids: Vec<u64> = attempts.iter().map(|a| a["id"].as_u64().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 110);
    drop(server);
}

/// `practice --editor` as a user runs it, with a script for an editor that appends `said.txt`
/// to the file it is given (below the `#` lines that head it).
fn practise_in_editor(dir: &TestDir, said: &str, visual: &str, code: i32) -> std::process::Output {
    dir.write("said.txt", said);
    dir.write("editor.sh", "cat said.txt >> \"$1\"\n");
    run(
        sc(dir)
            .env("VISUAL", visual)
            .env("EDITOR", "sh editor.sh")
            .args(["practice", "--question", QUESTION, "--story", "HL1"])
            .arg("--editor"),
        code,
    )
}

/// A blank `$VISUAL` names no editor: `$EDITOR` is used, not the answer file run as a command;
/// the `#` lines the file is headed by are left out of the answer.
#[test]
fn the_editor_answer_is_stored_and_a_blank_visual_falls_back_to_editor() {
    let dir = TestDir::with_bank();
    let said = std::fs::read_to_string(fixture("drafts/complete.txt")).unwrap();
    practise_in_editor(&dir, &said, " ", 0);
    let shown = json(&run(sc(&dir).args(["--json", "history", "show", "1"]), 0));
    assert_eq!(
        shown["answer"].as_str().unwrap().trim(),
        said.trim(),
        "{shown:#}"
    );
}

#[test]
fn an_editor_answer_of_emoji_alone_is_refused_naming_the_editor() {
    let dir = TestDir::with_bank();
    let out = practise_in_editor(&dir, "🚀 🚀 ✅\n", "", 2);
    assert_eq!(
        stderr(&out),
        "starcoach: error: the answer from the editor has no words in it, only symbols or emoji: \
         nothing stored\n"
    );
    let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
    assert_eq!(list["attempts"], json!([]));
}

/// Zero-width spaces and a byte-order mark are as blank as spaces: the answer is empty, not one
/// of symbols.
#[test]
fn an_editor_answer_of_invisible_marks_alone_is_empty() {
    let dir = TestDir::with_bank();
    let out = practise_in_editor(&dir, "\u{200B}\u{FEFF} \u{200D}\n", "", 2);
    assert_eq!(
        stderr(&out),
        "starcoach: error: the answer from the editor is empty: nothing stored\n"
    );
}
