//! The binary end to end, bank side: `import`, `stories list|show|lint`, global flags, config
//! files and `--help`.

mod util;

use std::fs;

use predicates::prelude::*;
use serde_json::json;

use util::{BANK_IDS, TestDir, fixture, json, run, stderr, stdout};

/// The ids `tests/fixtures/seed/good.md` yields, in file-name order.
const SEED_IDS: [&str; 7] = [
    "AR1",
    "AR3",
    "BX2",
    "conflict",
    "vision",
    "why-acme",
    "why-robotics-software",
];

fn seed_md_files() -> Vec<String> {
    let mut files: Vec<String> = SEED_IDS.iter().map(|id| format!("{id}.md")).collect();
    files.sort();
    files
}

fn list_ids(dir: &TestDir, bank: &str) -> Vec<String> {
    let out = run(
        dir.cmd()
            .args(["stories", "list", "--json", "--stories", bank]),
        0,
    );
    json(&out)["entries"]
        .as_array()
        .expect("entries is an array")
        .iter()
        .map(|e| e["id"].as_str().expect("id is a string").to_string())
        .collect()
}

#[test]
fn import_writes_one_file_per_entry_and_refuses_to_overwrite() {
    let dir = TestDir::new();
    dir.copy_fixture("seed/good.md", "notes.md");
    let out = run(dir.cmd().args(["import", "notes.md", "--out", "bank"]), 0);
    assert!(stdout(&out).contains("7 entries"), "{}", stdout(&out));
    assert_eq!(dir.md_files("bank"), seed_md_files());
    assert_eq!(list_ids(&dir, "bank"), SEED_IDS);

    // A hand edit must survive a re-import without --force: nothing is written at all.
    dir.write("bank/vision.md", "edited by hand\n");
    let before: Vec<_> = seed_md_files()
        .iter()
        .map(|f| {
            let meta = fs::metadata(dir.join(&format!("bank/{f}"))).unwrap();
            (dir.read(&format!("bank/{f}")), meta.modified().unwrap())
        })
        .collect();
    dir.cmd()
        .args(["import", "notes.md", "--out", "bank"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--force"));
    let after: Vec<_> = seed_md_files()
        .iter()
        .map(|f| {
            let meta = fs::metadata(dir.join(&format!("bank/{f}"))).unwrap();
            (dir.read(&format!("bank/{f}")), meta.modified().unwrap())
        })
        .collect();
    assert_eq!(before, after);
    assert_eq!(dir.md_files("bank"), seed_md_files());

    run(
        dir.cmd()
            .args(["import", "notes.md", "--out", "bank", "--force"]),
        0,
    );
    assert!(dir.read("bank/vision.md").starts_with("+++\n"));
    assert_eq!(list_ids(&dir, "bank"), SEED_IDS);
}

#[test]
fn import_json_reports_counts_and_ids() {
    let dir = TestDir::new();
    let out = run(
        dir.cmd()
            .arg("import")
            .arg(fixture("seed/good.md"))
            .args(["--out", "bank", "--json"]),
        0,
    );
    let report = json(&out);
    assert_eq!(report["imported"], 7);
    assert_eq!(report["stories"], 4);
    assert_eq!(report["answers"], 3);
    let mut ids: Vec<&str> = report["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, SEED_IDS);
}

#[test]
fn malformed_seed_documents_exit_2_naming_the_place_and_write_nothing() {
    // (fixture, where the problem is, why)
    let cases = [
        ("empty.md", "", "empty"),
        ("junk.bin", "line 3", "binary"),
        ("no-table.md", "line", "<table>"),
        ("no-key.md", "row 2", "no key cell"),
        ("unclosed.md", "line 10", "not closed"),
        ("no-items.md", "row 2", "no list items"),
    ];
    for (name, place, reason) in cases {
        let dir = TestDir::new();
        dir.copy_fixture(&format!("seed/{name}"), name);
        let out = run(dir.cmd().args(["import", name, "--out", "bank"]), 2);
        let err = stderr(&out);
        assert!(
            err.contains(place),
            "{name}: stderr lacks {place:?}:\n{err}"
        );
        assert!(
            err.contains(reason),
            "{name}: stderr lacks {reason:?}:\n{err}"
        );
        assert!(stdout(&out).is_empty(), "{name}: stdout: {}", stdout(&out));
        assert!(dir.md_files("bank").is_empty(), "{name}: files written");
    }
}

#[test]
fn stories_list_json_is_exact() {
    let dir = TestDir::with_bank();
    let out = run(
        dir.cmd()
            .args(["stories", "list", "--json", "--stories", "bank"]),
        0,
    );
    let expected = json!({"entries": [
        {"id": "HL1", "kind": "story",
         "title": "A backfill job I launched overwrote a week of dashboard data",
         "categories": ["Failure"], "tags": ["failure", "data-pipeline", "backfill"]},
        {"id": "HL2", "kind": "story",
         "title": "Pushed back on a product manager's launch date for the alerts feature",
         "categories": ["Conflict"], "tags": ["conflict", "disagreement", "product", "negotiation"]},
        {"id": "QB1", "kind": "story",
         "title": "Cut catalogue search latency from 2 seconds to 150 milliseconds",
         "categories": ["Technically Challenging"],
         "tags": ["performance", "search", "elasticsearch", "latency"]},
        {"id": "QB2", "kind": "story", "title": "Taught the warehouse team to own their deploys",
         "categories": ["Mentoring"], "tags": ["mentoring", "ci", "deploys", "coaching"]},
        {"id": "vision", "kind": "answer", "title": "Vision",
         "categories": ["Vision"], "tags": ["vision"]},
        {"id": "why-us", "kind": "answer", "title": "Why Northwind Parcel",
         "categories": ["Why this company"], "tags": ["motivation"]},
    ]});
    assert_eq!(json(&out), expected);
}

#[test]
fn stories_show_json_has_every_section_in_order() {
    let dir = TestDir::with_bank();
    let out = run(
        dir.cmd()
            .args(["--stories", "bank", "--json", "stories", "show", "QB2"]),
        0,
    );
    let entry = json(&out);
    assert_eq!(entry["id"], "QB2");
    assert_eq!(entry["kind"], "story");
    assert_eq!(
        entry["title"],
        "Taught the warehouse team to own their deploys"
    );
    assert_eq!(entry["company"], "Quillfeather Books");
    assert_eq!(entry["categories"], json!(["Mentoring"]));
    assert_eq!(
        entry["tags"],
        json!(["mentoring", "ci", "deploys", "coaching"])
    );
    let sections = entry["sections"].as_array().unwrap();
    let names: Vec<&str> = sections
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Situation", "Task", "Action", "Result", "Learned"]);
    assert_eq!(
        sections[1]["text"],
        "- I volunteered to teach them to deploy their own services safely"
    );
    for s in sections {
        let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "text"]);
    }
}

#[test]
fn stories_show_unknown_id_exits_2_naming_it() {
    let dir = TestDir::with_bank();
    dir.cmd()
        .args(["--stories", "bank", "stories", "show", "nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("\"nope\""));
}

#[test]
fn lint_clean_bank_exits_0() {
    let dir = TestDir::with_bank();
    let out = run(
        dir.cmd()
            .args(["--stories", "bank", "stories", "lint", "--json"]),
        0,
    );
    assert_eq!(
        json(&out),
        json!({"entries": 6, "errors": 0, "warnings": 0, "problems": []})
    );
    dir.cmd()
        .args(["--stories", "bank", "stories", "lint"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors"));
}

#[test]
fn lint_errors_exit_1_naming_file_and_line() {
    let dir = TestDir::with_bank();
    // An unterminated string on line 4 of the front matter.
    dir.write(
        "bank/broken.md",
        "+++\nid = \"t\"\nkind = \"story\"\ntitle = \"x\n+++\n",
    );
    dir.write(
        "bank/essay.md",
        "+++\nid = \"e\"\nkind = \"essay\"\ntitle = \"x\"\n+++\n",
    );
    let dup = dir
        .read("bank/HL1.md")
        .replace("id = \"HL1\"", "id = \"HL2\"");
    dir.write("bank/zz-dup.md", dup);
    let out = run(dir.cmd().args(["--stories", "bank", "stories", "lint"]), 1);
    let text = stdout(&out);
    for place in ["bank/broken.md:4:", "bank/essay.md:3:", "bank/zz-dup.md:2:"] {
        assert!(text.contains(place), "lint output lacks {place}:\n{text}");
    }
    assert!(
        text.contains("essay") && text.contains("duplicate id \"HL2\""),
        "{text}"
    );
    assert!(text.contains("3 errors"), "{text}");
}

#[test]
fn lint_warnings_alone_exit_0() {
    let dir = TestDir::with_bank();
    dir.write(
        "bank/weak.md",
        "+++\nid = \"weak\"\nkind = \"story\"\ntitle = \"Half a story\"\n+++\n\n\
         ## Situation\n- The build was slow\n\n## Result\n- Everyone was happier\n",
    );
    let out = run(
        dir.cmd()
            .args(["--stories", "bank", "stories", "lint", "--json"]),
        0,
    );
    let report = json(&out);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 2, "{report:#}");
    let messages: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|p| assert_eq!(p["severity"], "warning"))
        .map(|p| p["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("task") && m.contains("action")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("no number")),
        "{messages:?}"
    );
}

#[test]
fn global_flags_work_after_the_subcommand() {
    let dir = TestDir::with_bank();
    let out = run(
        dir.cmd()
            .args(["stories", "list", "--stories", "bank", "--json"]),
        0,
    );
    assert_eq!(
        json(&out)["entries"].as_array().unwrap().len(),
        BANK_IDS.len()
    );
}

#[test]
fn stories_env_var_is_used_and_the_flag_overrides_it() {
    let dir = TestDir::with_bank();
    dir.copy_fixture("seed/good.md", "notes.md");
    run(dir.cmd().args(["import", "notes.md", "--out", "other"]), 0);
    let ids = |cmd: &mut assert_cmd::Command| -> Vec<String> {
        json(&run(cmd, 0))["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    let env_only = ids(dir
        .cmd()
        .env("STARCOACH_STORIES", "other")
        .args(["stories", "list", "--json"]));
    assert_eq!(env_only, SEED_IDS);
    let flag_wins = ids(dir.cmd().env("STARCOACH_STORIES", "other").args([
        "stories",
        "list",
        "--json",
        "--stories",
        "bank",
    ]));
    assert_eq!(flag_wins, BANK_IDS);
    // Without a flag, env, config or ./stories there is no bank: a clear exit 2.
    dir.cmd()
        .args(["stories", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--stories"));
}

#[test]
fn config_file_in_the_cwd_names_the_bank() {
    let dir = TestDir::with_bank();
    dir.write("starcoach.toml", "stories = \"bank\"\n");
    let out = run(dir.cmd().args(["stories", "list", "--json"]), 0);
    assert_eq!(
        json(&out)["entries"].as_array().unwrap().len(),
        BANK_IDS.len()
    );
    // --config and STARCOACH_CONFIG name other files; the bank path follows the file.
    dir.write("conf/c.toml", "stories = \"../bank\"\n");
    fs::remove_file(dir.join("starcoach.toml")).unwrap();
    run(
        dir.cmd()
            .args(["--config", "conf/c.toml", "stories", "list"]),
        0,
    );
    run(
        dir.cmd()
            .env("STARCOACH_CONFIG", "conf/c.toml")
            .args(["stories", "list"]),
        0,
    );
}

#[test]
fn config_with_an_unknown_key_exits_2_naming_it() {
    let dir = TestDir::with_bank();
    dir.write("starcoach.toml", "stories = \"bank\"\nstoreis = \"typo\"\n");
    dir.cmd()
        .args(["stories", "list"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("storeis"));
}

#[test]
fn missing_config_file_exits_2() {
    let dir = TestDir::with_bank();
    dir.cmd()
        .args([
            "--config",
            "missing.toml",
            "--stories",
            "bank",
            "stories",
            "list",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn llm_engine_without_an_endpoint_is_a_config_error() {
    let dir = TestDir::with_bank();
    dir.cmd()
        .args([
            "--stories",
            "bank",
            "--engine",
            "llm",
            "match",
            "Tell me about a failure",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no LLM endpoint is configured"))
        .stderr(predicate::str::contains("base_url"));
}

#[test]
fn help_lists_every_command_and_the_exit_codes() {
    let dir = TestDir::new();
    let out = run(dir.cmd().arg("--help"), 0);
    let help = stdout(&out);
    for command in [
        "import",
        "stories",
        "match",
        "questions",
        "tailor",
        "critique",
        "followups",
        "eval",
        "serve",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{command} "))),
            "--help does not list {command}:\n{help}"
        );
    }
    for flag in ["--stories", "--config", "--engine", "--json"] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    assert!(help.contains("Exit codes:"), "{help}");
    for code in ["  0  ", "  1  ", "  2  "] {
        assert!(
            help.contains(code),
            "--help lacks exit code {code:?}:\n{help}"
        );
    }
    let stories = stdout(&run(dir.cmd().args(["stories", "--help"]), 0));
    let eval = stdout(&run(dir.cmd().args(["eval", "--help"]), 0));
    for (help, sub) in [(&stories, "list"), (&stories, "show"), (&stories, "lint")]
        .into_iter()
        .chain([(&eval, "questions"), (&eval, "critique")])
    {
        assert!(help.contains(sub), "missing {sub}:\n{help}");
    }
}
