//! `starcoach prompts` and `starcoach cache`, run as a user would, against temporary dirs only.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use starcoach::engine::llm::cache::{Cache, CachedReply};

/// A temp dir with a config file holding `extra`; the real cache and config stay untouched.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new(extra: &str) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let config = format!("[cache]\ndir = '{}'\n\n{extra}", cache.display());
        std::fs::write(dir.path().join("starcoach.toml"), config).unwrap();
        Sandbox { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("starcoach").unwrap();
        cmd.current_dir(self.dir.path())
            .env("XDG_CACHE_HOME", self.path("xdg-cache"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("NO_COLOR", "1")
            .env_remove("STARCOACH_STORIES")
            .env("STARCOACH_CONFIG", self.path("starcoach.toml"))
            .args(args);
        cmd
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd(args).arg("--json").assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }
}

fn builtin(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("prompts/{name}.j2"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn prompts_list_shows_every_template_as_builtin() {
    let sb = Sandbox::new("");
    let list = sb.json(&["prompts", "list"]);
    let names: Vec<&str> = list["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "system",
            "match",
            "questions",
            "tailor",
            "critique",
            "followups",
            "brief"
        ]
    );
    assert!(
        list["prompts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["origin"] == "builtin")
    );
    sb.cmd(&["prompts", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("followups").and(predicate::str::contains("builtin")));
}

#[test]
fn prompts_show_prints_the_source() {
    let sb = Sandbox::new("");
    sb.cmd(&["prompts", "show", "critique"])
        .assert()
        .success()
        .stdout(builtin("critique"));
    let shown = sb.json(&["prompts", "show", "tailor"]);
    assert_eq!(shown["name"], "tailor");
    assert_eq!(shown["origin"], "builtin");
    assert_eq!(shown["source"], builtin("tailor").as_str());
}

/// The help lists the templates from the one list the engine renders, so it cannot drift.
#[test]
fn prompts_show_help_names_every_template() {
    let sb = Sandbox::new("");
    let out = sb.cmd(&["prompts", "show", "--help"]).assert().success();
    let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for name in starcoach::engine::llm::prompt::PROMPT_NAMES {
        assert!(help.contains(name), "{name} missing from:\n{help}");
    }
}

#[test]
fn prompts_show_an_unknown_name_exits_2_listing_the_names() {
    let sb = Sandbox::new("");
    sb.cmd(&["prompts", "show", "critic"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("critic").and(predicate::str::contains(
                "system, match, questions, tailor, critique, followups",
            )),
        );
}

#[test]
fn an_override_dir_replaces_one_template() {
    let overrides = tempfile::tempdir().unwrap();
    let file = overrides.path().join("critique.j2");
    std::fs::write(&file, "Review this: {{ draft }}\n").unwrap();
    let sb = Sandbox::new(&format!(
        "[prompts]\ndir = '{}'\n",
        overrides.path().display()
    ));
    let list = sb.json(&["prompts", "list"]);
    for p in list["prompts"].as_array().unwrap() {
        let expected = if p["name"] == "critique" {
            "override"
        } else {
            "builtin"
        };
        assert_eq!(p["origin"], expected, "{p}");
    }
    let critique = &list["prompts"][4];
    assert_eq!(critique["path"], file.display().to_string().as_str());
    sb.cmd(&["prompts", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("override").and(predicate::str::contains("critique.j2")));
    sb.cmd(&["prompts", "show", "critique"])
        .assert()
        .success()
        .stdout("Review this: {{ draft }}\n");
}

#[test]
fn a_broken_override_is_reported_with_file_and_line() {
    let overrides = tempfile::tempdir().unwrap();
    std::fs::write(
        overrides.path().join("match.j2"),
        "Q: {{ question }}\n{% if x %}\n",
    )
    .unwrap();
    let sb = Sandbox::new(&format!(
        "[prompts]\ndir = '{}'\n",
        overrides.path().display()
    ));
    sb.cmd(&["prompts", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("match.j2").and(predicate::str::contains("line")));
}

#[test]
fn cache_stats_on_an_empty_cache_creates_nothing() {
    let sb = Sandbox::new("");
    let stats = sb.json(&["cache", "stats"]);
    assert_eq!(stats["entries"], 0);
    assert_eq!(stats["hits"], 0);
    let expected = sb.path("cache").join("responses.sqlite3");
    assert_eq!(stats["path"], expected.display().to_string().as_str());
    sb.cmd(&["cache", "stats"])
        .assert()
        .success()
        .stdout(predicate::str::contains("entries  0"));
    assert!(!sb.path("cache").exists());
    assert!(!sb.path("xdg-cache").exists());
}

#[test]
fn a_cache_dir_that_is_a_file_is_named_not_counted_empty() {
    let sandbox = Sandbox::new("");
    std::fs::write(sandbox.path("cache-file"), "not a folder").unwrap();
    let config = format!(
        "[cache]\ndir = '{}'\n",
        sandbox.path("cache-file").display()
    );
    std::fs::write(sandbox.path("starcoach.toml"), config).unwrap();
    for sub in ["stats", "clear"] {
        sandbox
            .cmd(&["cache", sub])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(
                "cache-file is a file, not a folder",
            ));
    }
}

#[test]
fn cache_clear_removes_entries_and_says_how_many() {
    let sb = Sandbox::new("");
    let cache = Cache::open(&sb.path("cache")).unwrap();
    let reply = CachedReply {
        content: "{}".into(),
        prompt_tokens: 10,
        completion_tokens: 2,
    };
    cache.put("a", &reply).unwrap();
    cache.put("b", &reply).unwrap();
    cache.get("a").unwrap().unwrap();
    let stats = sb.json(&["cache", "stats"]);
    assert_eq!(
        (stats["entries"].as_u64(), stats["hits"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(stats["oldest"].is_string());
    sb.cmd(&["cache", "clear"])
        .assert()
        .success()
        .stdout(predicate::str::contains("removed 2 cached replies"));
    assert_eq!(cache.stats().unwrap().entries, 0);
    let cleared = sb.json(&["cache", "clear"]);
    assert_eq!(cleared["removed"], 0);
    assert!(!sb.path("xdg-cache").exists());
}
