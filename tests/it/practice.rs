//! `practice` and `progress` as a user runs them (the binary, a fixture bank, a history file
//! in the test's own data dir), and the practice routes over HTTP. The history file itself is in
//! `practice_history`.

use serde_json::{Value, json};

use crate::util::{TestDir, finding_codes, fixture, json, run, stderr, stdout};

pub(crate) const QUESTION: &str = "Tell me about a time you failed.";

/// `starcoach --stories bank ...` in a test dir whose history lives at `./history.sqlite`.
pub(crate) fn sc(dir: &TestDir) -> assert_cmd::Command {
    let mut cmd = dir.cmd();
    cmd.arg("--stories")
        .arg("bank")
        .env("STARCOACH_HISTORY__PATH", dir.join("history.sqlite"));
    cmd
}

pub(crate) fn practise(dir: &TestDir, story: &str, draft: &str) -> Value {
    let output = run(
        sc(dir)
            .args([
                "--json",
                "practice",
                "--question",
                QUESTION,
                "--story",
                story,
                "--answer",
            ])
            .arg(fixture(&format!("drafts/{draft}"))),
        0,
    );
    json(&output)
}

#[test]
fn practice_stores_the_attempt_and_compares_with_the_last_try() {
    let dir = TestDir::with_bank();
    let first = practise(&dir, "HL1", "short.txt");
    assert_eq!(first["attempt"]["id"], 1);
    assert_eq!(first["attempt"]["story"], "HL1");
    assert_eq!(first["attempt"]["question"], QUESTION);
    assert_eq!(first["attempt"]["engine"], "offline");
    assert_eq!(first["previous"], Value::Null);
    assert_eq!(first["critique"]["answer_kind"], "story");
    assert_eq!(first["attempt"]["overall"], first["critique"]["overall"]);
    let codes = finding_codes(&first["critique"]);
    let stored: Vec<&str> = first["attempt"]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(stored, codes);
    assert!(first["next_due"].as_str().unwrap().ends_with('Z'));

    let second = practise(&dir, "hl1", "complete.txt");
    assert_eq!(second["attempt"]["id"], 2);
    assert_eq!(
        second["attempt"]["story"], "HL1",
        "the bank's spelling of the id"
    );
    assert_eq!(second["previous"]["overall"], first["attempt"]["overall"]);
    assert!(second["attempt"]["overall"].as_u64() > first["attempt"]["overall"].as_u64());

    let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
    let ids: Vec<u64> = list["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [2, 1]);
    let stored = json(&run(sc(&dir).args(["--json", "history", "show", "1"]), 0));
    assert_eq!(stored["scores"], first["critique"]["scores"]);
    assert_eq!(stored["rubric"], first["critique"]["rubric"]);
    let show = stdout(&run(sc(&dir).args(["history", "show", "1"]), 0));
    let draft = std::fs::read_to_string(fixture("drafts/short.txt")).unwrap();
    assert!(show.contains(draft.trim()), "{show}");
}

#[test]
fn the_human_report_says_how_the_score_moved_and_when_to_come_back() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "short.txt");
    let output = run(
        sc(&dir)
            .args([
                "practice",
                "--question",
                QUESTION,
                "--story",
                "HL1",
                "--answer",
            ])
            .arg(fixture("drafts/complete.txt")),
        0,
    );
    let out = stdout(&output);
    let last = out.lines().rev().take(2).collect::<Vec<_>>();
    assert!(
        last[1].starts_with("Score ") && last[1].contains(" from your last try ("),
        "{out}"
    );
    assert!(
        last[0].starts_with("Saved as attempt 2; practise it again "),
        "{out}"
    );
    // The card goes to stderr, so stdout stays the report.
    assert!(stderr(&output).contains("Practice · the question you asked for"));
}

#[test]
fn next_offers_new_stories_in_bank_order_then_what_is_due() {
    let dir = TestDir::with_bank();
    let pick = json(&run(sc(&dir).args(["--json", "practice", "--next"]), 0));
    assert_eq!(pick["reason"], "new");
    assert_eq!(pick["story"]["id"], "HL1");
    assert_eq!(pick["due"], Value::Null);
    let long = pick["key_points"].as_array().unwrap().len();
    let short = json(&run(
        sc(&dir).args(["--json", "practice", "--next", "--seconds", "30"]),
        0,
    ));
    let short = short["key_points"].as_array().unwrap().len();
    assert!(
        short >= 4 && short < long,
        "30 s keeps one line a part, no more: {short} vs {long}"
    );

    practise(&dir, "HL1", "complete.txt");
    let pick = json(&run(sc(&dir).args(["--json", "practice", "--next"]), 0));
    assert_eq!(pick["reason"], "new");
    assert_eq!(
        pick["story"]["id"], "HL2",
        "the practised story is not due yet"
    );
}

#[test]
fn an_unknown_story_is_an_error_and_nothing_is_stored() {
    let dir = TestDir::with_bank();
    let output = run(
        sc(&dir)
            .args([
                "practice",
                "--question",
                QUESTION,
                "--story",
                "nope",
                "--answer",
            ])
            .arg(fixture("drafts/complete.txt")),
        2,
    );
    assert_eq!(
        stderr(&output),
        "starcoach: error: no entry \"nope\" in the story bank (`starcoach stories list` shows the ids)\n"
    );
    let list = json(&run(sc(&dir).args(["--json", "history", "list"]), 0));
    assert_eq!(list, json!({"attempts": []}));
}

#[test]
fn progress_shows_trends_sparklines_and_what_is_due() {
    let dir = TestDir::with_bank();
    let empty = run(sc(&dir).arg("progress"), 0);
    assert_eq!(
        stdout(&empty),
        "No practice yet: `starcoach practice` starts with the story due first.\n"
    );
    for draft in ["short.txt", "we-heavy.txt", "complete.txt"] {
        practise(&dir, "HL1", draft);
    }
    let report = json(&run(sc(&dir).args(["--json", "progress"]), 0));
    assert_eq!(report["attempts"], 3);
    let story = &report["stories"][0];
    assert_eq!(story["id"], "HL1");
    assert_eq!(story["attempts"], 3);
    assert_eq!(story["trend"].as_array().unwrap().len(), 3);
    assert_eq!(story["last"], story["trend"][2]);
    assert_eq!(report["due"][0]["story"], "HL1");
    assert_eq!(report["competencies"][0]["competency"], "failure");

    let human = stdout(&run(sc(&dir).arg("progress"), 0));
    assert!(
        human.starts_with("Practice: 3 attempts on 1 story\n"),
        "{human}"
    );
    let row = human.lines().find(|l| l.starts_with("HL1 ")).unwrap();
    assert_eq!(
        row.chars().filter(|c| ('▁'..='█').contains(c)).count(),
        3,
        "{row}"
    );
}

/// A story renamed or deleted from the bank keeps its history, is marked as gone, and is no
/// longer offered as due (practice passes it over).
#[test]
fn progress_marks_a_story_no_longer_in_the_bank() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "complete.txt");
    practise(&dir, "QB1", "complete.txt");
    std::fs::remove_file(dir.join("bank/QB1.md")).unwrap();
    let report = json(&run(sc(&dir).args(["--json", "progress"]), 0));
    let stories = report["stories"].as_array().unwrap();
    let by_id = |id: &str| stories.iter().find(|s| s["id"] == id).unwrap();
    assert_eq!(by_id("QB1")["removed"], true, "{report:#}");
    assert_eq!(by_id("QB1")["attempts"], 1, "{report:#}");
    assert!(by_id("HL1").get("removed").is_none(), "{report:#}");
    let due: Vec<&str> = report["due"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["story"].as_str())
        .collect();
    assert_eq!(due, ["HL1"], "{report:#}");
    let human = stdout(&run(sc(&dir).arg("progress"), 0));
    assert!(
        human.contains(
            "\nNot in the bank now (renamed, deleted or unreadable; practice passes them over): QB1\n"
        ),
        "{human}"
    );
}

/// What is due is cut to its 50 after the stories gone from the bank leave it: 60 stories
/// practised long ago and since deleted, all due sooner, do not hide the ones still in the bank.
#[test]
fn stories_gone_from_the_bank_do_not_crowd_out_what_is_due() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "complete.txt");
    let export = stdout(&run(sc(&dir).args(["history", "export"]), 0));
    let template: Value = serde_json::from_str(export.lines().next().unwrap()).unwrap();
    let older: String = (0..60)
        .map(|i| {
            let mut a = template.clone();
            a["story"] = json!(format!("GONE{i}"));
            a["at"] = json!("2020-01-01T00:00:00Z");
            a["id"] = json!(1000 + i);
            format!("{a}\n")
        })
        .collect();
    std::fs::write(dir.join("older.jsonl"), older).unwrap();
    run(sc(&dir).args(["history", "import", "older.jsonl"]), 0);
    let due_stories = |report: &Value| -> Vec<String> {
        let due = report["due"].as_array().unwrap();
        due.iter()
            .filter_map(|d| d["story"].as_str().map(str::to_owned))
            .collect()
    };
    let report = json(&run(sc(&dir).args(["--json", "progress"]), 0));
    assert_eq!(due_stories(&report), ["HL1"], "{report:#}");
    let gone = report["stories"].as_array().unwrap();
    let gone = gone.iter().filter(|s| s["removed"] == true).count();
    assert_eq!(gone, 60, "{report:#}");
}

#[test]
fn progress_for_a_posting_gives_readiness() {
    let dir = TestDir::with_bank();
    practise(&dir, "HL1", "complete.txt");
    let report = json(&run(
        sc(&dir)
            .args(["--json", "progress", "--job"])
            .arg(fixture("job.md")),
        0,
    ));
    let ready = &report["readiness"];
    let questions = ready["questions"].as_array().unwrap();
    assert!(!questions.is_empty());
    let sum: u64 = questions
        .iter()
        .map(|q| q["last"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        ready["percent"].as_u64().unwrap(),
        sum / questions.len() as u64
    );
}

#[tokio::test]
async fn the_practice_routes_answer_as_the_cli_does() {
    use starcoach::coach::EngineChoice;
    use starcoach::config::Config;
    use starcoach::server::ServerOptions;

    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.history.path = Some(dir.path().join("h.sqlite"));
    let server =
        crate::util::server::start_with(&config, EngineChoice::Offline, ServerOptions::default())
            .await;

    let (status, pick) = server.get("/v1/practice/next?seconds=30").await;
    assert_eq!(status, 200, "{pick}");
    assert_eq!(
        (pick["reason"].as_str(), pick["story"]["id"].as_str()),
        (Some("new"), Some("KT1"))
    );
    assert_eq!(pick["target_seconds"], 30);

    let body =
        json!({"question": pick["question"], "story": "KT1", "answer": crate::util::server::DRAFT});
    let (status, first) = server.post("/v1/attempts", &body).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["previous"], Value::Null);
    let (_, second) = server.post("/v1/attempts", &body).await;
    assert_eq!(second["previous"]["overall"], first["attempt"]["overall"]);

    let (status, list) = server.get("/v1/attempts?limit=1").await;
    assert_eq!(status, 200);
    assert_eq!(list["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(list["attempts"][0]["id"], second["attempt"]["id"]);
    // Out of range is refused, as the CLI refuses it, not moved into range.
    for (path, said) in [
        ("/v1/attempts?limit=0", "`limit` 0 lists nothing"),
        (
            "/v1/practice/next?seconds=5",
            "`seconds` 5 is outside 15 to 600",
        ),
        (
            "/v1/practice/next?seconds=100000",
            "`seconds` 100000 is outside",
        ),
    ] {
        let (status, body) = server.get(path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"]["code"], "invalid_query", "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(said), "{path}: {message}");
    }
    let (_, progress) = server.get("/v1/progress").await;
    assert_eq!(progress["attempts"], 2);
    assert_eq!(progress["stories"][0]["id"], "KT1");

    let bad = json!({"question": "Why?", "story": "nope", "answer": "An answer."});
    let (status, err) = server.post("/v1/attempts", &bad).await;
    assert_eq!(
        (status.as_u16(), err["error"]["code"].as_str()),
        (404, Some("unknown_story"))
    );
    let empty = json!({"question": " ", "answer": "An answer."});
    let (status, err) = server.post("/v1/attempts", &empty).await;
    assert_eq!(
        (status.as_u16(), err["error"]["code"].as_str()),
        (400, Some("invalid_request"))
    );
    let (status, err) = server.get("/v1/attempts?limit=x").await;
    assert_eq!(
        (status.as_u16(), err["error"]["code"].as_str()),
        (400, Some("invalid_query"))
    );
}
