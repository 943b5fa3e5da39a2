//! The binary end to end, bank side: `stories list|show|lint`, global flags, config files and
//! `--help`.

use std::fs;

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::util::{BANK_IDS, SEED_IDS, TestDir, json, run, stdout};

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
    // Latin-1 "café" on line 7: the line named is where the text stops being UTF-8.
    dir.write(
        "bank/latin.md",
        b"+++\nid = \"l\"\nkind = \"story\"\ntitle = \"x\"\n+++\n## Situation\n- caf\xe9\n"
            .as_slice(),
    );
    let out = run(dir.cmd().args(["--stories", "bank", "stories", "lint"]), 1);
    let text = stdout(&out);
    for place in [
        "bank/broken.md:4:",
        "bank/essay.md:3:",
        "bank/zz-dup.md:2:",
        "bank/latin.md:7: error: not UTF-8",
    ] {
        assert!(text.contains(place), "lint output lacks {place}:\n{text}");
    }
    assert!(
        text.contains("essay") && text.contains("duplicate id \"HL2\""),
        "{text}"
    );
    assert!(text.contains("4 errors"), "{text}");
}

#[test]
fn section_headings_with_a_colon_are_the_star_parts() {
    let dir = TestDir::with_bank();
    dir.write(
        "bank/colon.md",
        "+++\nid = \"colon\"\nkind = \"story\"\ntitle = \"Colons\"\n+++\n\n\
         ## Situation:\n- Builds took 40 minutes\n\n## Task:\n- Make them fast\n\n\
         ## Action:\n- I cached the dependencies\n\n## Result:\n- Builds take 6 minutes\n",
    );
    let out = run(
        dir.cmd()
            .args(["--stories", "bank", "stories", "lint", "--json"]),
        0,
    );
    let report = json(&out);
    assert_eq!(report["warnings"], 0, "{report:#}");
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
            .any(|m| m.contains("has no task or action section")),
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

/// The layer of each key as `config show --json` gives it: (value, layer, from).
fn shown(dir: &TestDir, args: &[&str], env: &[(&str, &str)], key: &str) -> (Value, Value, Value) {
    let mut cmd = dir.cmd();
    cmd.args(args).args(["config", "show", "--json"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let report = json(&run(&mut cmd, 0));
    let found = report["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == key)
        .unwrap_or_else(|| panic!("no {key}: {report:#}"))
        .clone();
    (
        found["value"].clone(),
        found["layer"].clone(),
        found["from"].clone(),
    )
}

#[test]
fn config_show_names_the_layer_every_value_came_from() {
    let dir = TestDir::with_bank();
    dir.write(
        "starcoach.toml",
        "stories = \"bank\"\n[llm]\nmodel = \"m\"\n",
    );
    let (_, layer, _) = shown(&dir, &[], &[], "stories");
    assert_eq!(layer, "file");
    let (value, layer, from) = shown(&dir, &[], &[("STARCOACH_LLM__MODEL", "x")], "llm.model");
    assert_eq!(
        (value, layer, from),
        (json!("x"), json!("env"), json!("STARCOACH_LLM__MODEL"))
    );
    // The bank flag and its variable win over the file, and say so.
    let (value, layer, from) = shown(&dir, &["--stories", "other"], &[], "stories");
    assert_eq!(
        (value, layer, from),
        (json!("other"), json!("flag"), json!("--stories"))
    );
    let (_, layer, from) = shown(&dir, &[], &[("STARCOACH_STORIES", "b2")], "stories");
    assert_eq!((layer, from), (json!("env"), json!("STARCOACH_STORIES")));
    // Where the history and the cache are, though no key names them.
    let (value, layer, _) = shown(&dir, &[], &[], "history.path");
    assert_eq!(layer, "default");
    assert!(
        value.as_str().unwrap().ends_with("history.sqlite"),
        "{value}"
    );
    let (value, _, _) = shown(&dir, &[], &[], "cache.dir");
    assert!(value.as_str().is_some_and(|v| !v.is_empty()), "{value}");
}

#[test]
fn a_key_pasted_where_its_variable_name_belongs_is_refused_unshown() {
    let dir = TestDir::with_bank();
    let out = dir
        .cmd()
        .env("STARCOACH_LLM__API_KEY_ENV", "sk-QA-SECRET-123")
        .args(["--stories", "bank", "config", "show"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("llm.api_key_env"), "{err}");
    assert!(
        !err.contains("SECRET") && !String::from_utf8_lossy(&out.stdout).contains("SECRET"),
        "{err}"
    );
}

/// Every variable that holds a secret is listed, and one holding what a header cannot carry is
/// called unusable rather than set; no value is shown.
#[test]
fn config_show_says_which_secrets_are_set_and_which_cannot_be_sent() {
    let dir = TestDir::with_bank();
    dir.write(
        "starcoach.toml",
        "stories = \"bank\"\n[llm]\napi_key_env = \"K1\"\n[embeddings]\napi_key_env = \"K2\"\n\
         [speech]\napi_key_env = \"K3\"\n",
    );
    let mut cmd = dir.cmd();
    cmd.env("K1", "sk-fine-one\n")
        .env("K2", "sk-broken\nsk-broken")
        .env_remove("K3")
        .env_remove("STARCOACH_TOKEN");
    let out = run(cmd.args(["config", "show"]), 0);
    let text = stdout(&out);
    let secrets: Vec<&str> = text.lines().filter(|l| l.contains(" names ")).collect();
    assert_eq!(
        secrets,
        [
            "# llm.api_key_env names K1: set (value hidden)",
            "# embeddings.api_key_env names K2: set, but it holds a line break or another \
             character an HTTP header cannot carry: export the value alone",
            "# speech.api_key_env names K3: not set",
            "# server.token_env names STARCOACH_TOKEN: not set",
        ]
    );
    assert!(!text.contains("sk-"), "{text}");
    let mut cmd = dir.cmd();
    cmd.env("K1", "sk-fine-one")
        .env("K2", "sk-broken\nsk-broken");
    let report = json(&run(cmd.args(["config", "show", "--json"]), 0));
    let secrets = &report["secrets"];
    assert_eq!(secrets[0]["set"], true, "{report:#}");
    assert!(secrets[0].get("unusable").is_none(), "{report:#}");
    assert_eq!(secrets[1]["set"], true, "{report:#}");
    assert_eq!(secrets[1]["unusable"], true, "{report:#}");
}

/// Anyone's environment variable may hold bytes that are not UTF-8 (a stray export, a legacy
/// locale): the config still loads; one of ours is refused, naming it, not silently changed.
#[cfg(unix)]
#[test]
fn a_variable_that_is_not_utf8_is_passed_over_unless_it_is_ours() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TestDir::with_bank();
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9");
    for args in [
        &["match", "Tell me about a time you failed."][..],
        &["config", "show"],
    ] {
        run(
            dir.cmd()
                .env("SOME_OTHER_TOOL_SETTING", latin1)
                .args(["--stories", "bank"])
                .args(args),
            0,
        );
    }
    for args in [
        &["config", "show"][..],
        &["match", "Tell me about a time you failed."],
    ] {
        let out = run(
            dir.cmd()
                .env("STARCOACH_LLM__MODEL", latin1)
                .args(["--stories", "bank"])
                .args(args),
            2,
        );
        assert_eq!(
            crate::util::stderr(&out),
            "starcoach: error: environment variable STARCOACH_LLM__MODEL: the value is not UTF-8 \
             text: set it again as plain text\n"
        );
    }
}

#[test]
fn an_empty_config_or_bank_variable_is_not_set() {
    let dir = TestDir::with_bank();
    dir.write("starcoach.toml", "stories = \"bank\"\n");
    // Not "a value is required for '--config <FILE>'": the user typed no flag.
    let (value, layer, _) = shown(
        &dir,
        &[],
        &[("STARCOACH_CONFIG", ""), ("STARCOACH_STORIES", "")],
        "stories",
    );
    assert_eq!((value, layer), (json!("bank"), json!("file")));
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
    // A blank base_url is no endpoint either (it was sent to the HTTP client).
    dir.write("blank.toml", "[llm]\nbase_url = \"\"\nmodel = \"x\"\n");
    dir.cmd()
        .args([
            "--config",
            "blank.toml",
            "--stories",
            "bank",
            "--engine",
            "llm",
        ])
        .args(["match", "Tell me about a failure"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no LLM endpoint is configured"));
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
        .chain([(&eval, "questions"), (&eval, "critique"), (&eval, "kinds")])
    {
        assert!(help.contains(sub), "missing {sub}:\n{help}");
    }
}

#[test]
fn a_broken_file_is_a_warning_for_match_and_an_error_for_lint() {
    let dir = TestDir::with_bank();
    fs::write(
        dir.path().join("bank/ZZ1.md"),
        "+++\nid = \"ZZ1\"\nkind = \"tale\"\n+++\n",
    )
    .unwrap();
    // An editor's hidden copy of an entry is not a second entry with the same id.
    fs::copy(
        dir.path().join("bank/HL1.md"),
        dir.path().join("bank/.HL1.md"),
    )
    .unwrap();
    let out = run(
        dir.cmd().args([
            "--stories",
            "bank",
            "match",
            "Tell me about a time you failed",
            "--json",
        ]),
        0,
    );
    assert_eq!(json(&out)["matches"][0]["id"], "HL1");
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        err.starts_with("starcoach: warning: bank/ZZ1.md:2: front matter"),
        "{err}"
    );
    let out = run(dir.cmd().args(["--stories", "bank", "stories", "lint"]), 1);
    assert!(stdout(&out).contains("ZZ1.md:2"), "{}", stdout(&out));
}
