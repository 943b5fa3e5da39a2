//! The binary end to end: `import` of a seed document into a bank of one file per entry.

use std::fs;

use predicates::prelude::*;

use crate::util::{SEED_IDS, TestDir, fixture, json, run, stderr, stdout};

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
