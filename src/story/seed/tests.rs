//! Tests against fictional fixtures in `tests/fixtures/seed/`, plus the user's real seed when present.

use super::*;
use crate::story::{Kind, valid_id};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/seed/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn good() -> Vec<Entry> {
    import_bytes(&fixture("good.md")).expect("good.md imports")
}

fn entry<'a>(entries: &'a [Entry], id: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no entry {id}"))
}

fn sections(e: &Entry) -> Vec<(&str, &str)> {
    e.sections
        .iter()
        .map(|s| (s.name.as_str(), s.text.as_str()))
        .collect()
}

fn err(name: &str) -> String {
    match import_bytes(&fixture(name)) {
        Ok(entries) => panic!("{name} imported {} entries", entries.len()),
        Err(e) => e.to_string(),
    }
}

/// A document of body rows `(key, value cell html)`, for cases too small to deserve a fixture.
fn doc(rows: &[(&str, &str)]) -> String {
    let body: String = rows
        .iter()
        .map(|(k, v)| format!("<tr>\n<td><strong>{k}</strong></td>\n<td>{v}</td>\n</tr>\n"))
        .collect();
    format!("<table>\n<tbody>\n{body}</tbody>\n</table>\n")
}

const ITEM: &str = "<ul><li><strong>Core:</strong> text</li></ul>";

#[test]
fn good_fixture_gives_entries_in_row_order() {
    let entries = good();
    let ids: Vec<(&str, Kind)> = entries.iter().map(|e| (e.id.as_str(), e.kind)).collect();
    assert_eq!(
        ids,
        [
            ("vision", Kind::Answer),
            ("why-robotics-software", Kind::Answer),
            ("AR1", Kind::Story),
            ("BX2", Kind::Story),
            ("conflict", Kind::Story),
            ("AR3", Kind::Story),
            ("why-acme", Kind::Answer),
        ]
    );
    assert!(entries.iter().all(|e| valid_id(&e.id) && e.tags.is_empty()));
}

#[test]
fn rows_sharing_a_code_merge_with_the_summary_row_winning() {
    let entries = good();
    let ar1 = entry(&entries, "AR1");
    assert_eq!(
        ar1.title,
        "Built a fleet telemetry pipeline at Acme Robotics"
    );
    assert_eq!(ar1.company.as_deref(), Some("Acme Robotics"));
    assert_eq!(ar1.categories, ["Strength", "Leadership"]);
    assert_eq!(
        sections(ar1),
        [
            (
                "Situation",
                "- **Blind Spots:** Nobody knew which robots were idle\n- **Pager Fatigue:** On-call got paged for noise"
            ),
            ("Task", "- Give the ops team one trustworthy dashboard"),
            (
                "Action",
                "- Wrote an RFC for the pipeline\n- Paired with two juniors on the collector"
            ),
            ("Result", "- Pages dropped by half within a month"),
            ("Strength", "- I turn vague alerts into clear runbooks"),
        ]
    );
}

#[test]
fn a_coded_project_line_gives_id_and_title_when_there_is_no_summary() {
    let entries = good();
    let bx2 = entry(&entries, "BX2");
    assert_eq!(bx2.kind, Kind::Story);
    assert_eq!(
        bx2.title,
        "Designed a battery swap scheduler at Bolt Exchange"
    );
    assert_eq!(bx2.company.as_deref(), Some("Bolt Exchange"));
    assert_eq!(bx2.categories, ["Interesting"]);
    assert_eq!(sections(bx2), [("Enjoy", "- I enjoy scheduling puzzles")]);
}

#[test]
fn a_new_story_without_code_takes_the_slug_and_loses_the_new_marker() {
    let entries = good();
    let conflict = entry(&entries, "conflict");
    assert_eq!(
        conflict.title,
        "Disagreed with a teammate about retry budgets at Acme Robotics"
    );
    assert_eq!(conflict.categories, ["Conflict"]);
    let names: Vec<&str> = conflict.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Situation", "Disagree", "Commit", "Result"]);
    assert_eq!(
        conflict.sections[1].text,
        "- I showed retries amplified an outage"
    );
}

#[test]
fn nested_lists_challenge_and_overcome_are_kept() {
    let entries = good();
    let ar3 = entry(&entries, "AR3");
    assert_eq!(ar3.title, "Cut sensor ingest latency at scale");
    assert_eq!(ar3.company, None, "\"at scale\" is not an employer");
    assert_eq!(
        sections(ar3),
        [
            ("Situation", "- Ingest lagged ten seconds behind the robots"),
            (
                "Action",
                "- Profiled the ingest path\n  - Batched writes per robot"
            ),
            (
                "Challenge",
                "- **Clock Drift:** Robots reported skewed timestamps"
            ),
            (
                "Overcome",
                "- Added a time sync layer:\n  - **Source:** GPS time on each dock\n  - **Fallback:** NTP when GPS was lost"
            ),
            ("Result", "- Latency fell below one second"),
            ("Learned", "- Measure before tuning"),
        ]
    );
}

#[test]
fn answers_list_every_item_as_points() {
    let entries = good();
    let why = entry(&entries, "why-acme");
    assert_eq!(
        (why.title.as_str(), why.company.as_deref()),
        ("Why Acme", None)
    );
    assert_eq!(why.categories, ["Why Acme"]);
    assert_eq!(
        sections(why),
        [(
            "Points",
            "- **Mission:** Acme ships robots that work in hospitals\n- **Values:**\n  - **Ownership:** Teams run what they build\n  - **Candor:** Postmortems are blameless\n- Close to home"
        )]
    );
    let vision = entry(&entries, "vision");
    assert_eq!(
        vision.sections[0].text,
        "- **Core:** Robots earn trust by failing safely\n- **Mission:** Build fleet software that degrades gracefully"
    );
}

#[test]
fn mojibake_key_is_repaired_before_the_id_is_made() {
    let entries = good();
    let why = entry(&entries, "why-robotics-software");
    assert_eq!(why.title, "Why Robotics → Software");
    assert_eq!(
        why.sections[0].text,
        "- **Hardware:** Soldering taught me patience\n- **Software:** I wanted faster feedback loops\n  - Python & Rust let me iterate *daily*"
    );
}

#[test]
fn repair_mojibake_fixes_misread_utf8_and_keeps_real_text() {
    assert_eq!(repair_mojibake("SRE â†’ SWE"), "SRE → SWE");
    assert_eq!(repair_mojibake("donâ€™t"), "don’t");
    assert_eq!(repair_mojibake("café → 東京"), "café → 東京");
    assert_eq!(repair_mojibake("plain ascii"), "plain ascii");
}

#[test]
fn empty_file_is_refused() {
    assert!(err("empty.md").contains("empty"));
    assert_eq!(import(""), Err(SeedError::Empty));
}

#[test]
fn document_without_html_table_is_refused() {
    let message = err("no-table.md");
    assert!(
        message.starts_with("lines 1-9: no HTML <table>"),
        "{message}"
    );
}

#[test]
fn row_without_key_cell_names_the_row_and_line() {
    let message = err("no-key.md");
    assert_eq!(
        message,
        "row 2 (line 11): the row has no key cell; put the key in a first <td> before the value"
    );
    let empty_key = import(&doc(&[("  ", ITEM)])).unwrap_err();
    assert!(matches!(empty_key, SeedError::NoKey { .. }), "{empty_key}");
}

#[test]
fn row_without_items_names_the_row() {
    let message = err("no-items.md");
    assert!(
        message.starts_with("row 2 (\"Why Acme\", line 7): the value has no list items"),
        "{message}"
    );
}

#[test]
fn unclosed_tag_names_the_line_it_was_opened_on() {
    let message = err("unclosed.md");
    assert_eq!(
        message,
        "line 10: <li> is not closed before </ul> on line 12; add </li>"
    );
    let stray = import("<table><tbody><tr><td>A</td></td></tr></tbody></table>").unwrap_err();
    assert_eq!(
        stray.to_string(),
        "line 1: </td> closes nothing; remove it or add the missing <td>"
    );
    let open = import("<table>\n<tbody>\n").unwrap_err();
    assert_eq!(
        open.to_string(),
        "line 2: <tbody> is never closed; add </tbody>"
    );
}

#[test]
fn binary_junk_is_refused_with_its_line() {
    let message = err("junk.bin");
    assert!(
        message.starts_with("line 3: the file contains a NUL byte"),
        "{message}"
    );
    let bad_utf8 = import_bytes(b"<table>\n<tbody>\n\xff\xfe</tbody></table>").unwrap_err();
    assert_eq!(
        bad_utf8,
        SeedError::NotUtf8 {
            line: 3,
            offset: 16
        }
    );
    let controls = import("ok\n\u{1}\u{2}\u{3}\u{4}\u{5}").unwrap_err();
    assert_eq!(controls, SeedError::Binary { line: 2 });
}

#[test]
fn rows_swallowed_by_an_indented_code_block_are_refused() {
    let row = |key| {
        format!("    <tr>\n      <td>{key}</td>\n      <td><ul><li>x</li></ul></td>\n    </tr>\n")
    };
    let (a, b) = (row("A"), row("B"));
    let text = format!("<table>\n  <tbody>\n{a}\n{b}  </tbody>\n</table>\n");
    assert_eq!(import(&text), Err(SeedError::IndentedHtml { line: 8 }));
    let unindented = text.replace("\n\n    <tr>", "\n\n<tr>");
    assert_eq!(import(&unindented).map(|e| e.len()), Ok(2));
}

#[test]
fn unclosed_front_matter_is_refused() {
    let message = import("---\ntitle: x\n<table></table>\n")
        .unwrap_err()
        .to_string();
    assert!(message.starts_with("line 1: the front matter"), "{message}");
}

#[test]
fn table_without_body_rows_is_refused() {
    let message =
        import("\n<table>\n<thead><tr><th>Key</th></tr></thead>\n</table>\n").unwrap_err();
    assert_eq!(message, SeedError::NoRows { line: 2 });
}

#[test]
fn key_of_only_symbols_cannot_make_an_id() {
    let message = import(&doc(&[("→ / ?", ITEM)])).unwrap_err().to_string();
    assert!(
        message.starts_with("row 1 (\"→ / ?\", line 3): the key has no letters"),
        "{message}"
    );
}

#[test]
fn two_rows_with_one_slug_are_refused_naming_both() {
    let text = doc(&[("Why US", ITEM), ("Vision", ITEM), ("Why US?", ITEM)]);
    let message = import(&text).unwrap_err().to_string();
    assert_eq!(
        message,
        "row 3 (\"Why US?\", line 11): its id \"why-us\" is already used by row 1 (\"Why US\", line 3); rename one of the keys"
    );
}

#[test]
fn a_code_told_twice_in_other_words_is_refused_naming_both_rows() {
    let story = |summary: &str, result: &str| {
        format!(
            "<ul><li><strong>Summary:</strong> {summary}</li><li><strong>Result:</strong> {result}</li></ul>"
        )
    };
    let first = story("FA1. Broke the billing job", "fixed in 2 days");
    let retold = story("FA1. Led the mobile team", "shipped 3 apps");
    let message = import(&doc(&[("Failure", &first), ("Leadership", &retold)]))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "row 2 (\"Leadership\", line 7): the code FA1 is a story row 1 (\"Failure\", line 3) already tells, told here in other words; give this story its own code, or keep only the code here"
    );
    // The same part said otherwise is refused too; the same words again merge.
    let other_result = story("FA1. Broke the billing job", "fixed in 3 days");
    assert!(import(&doc(&[("Failure", &first), ("Again", &other_result)])).is_err());
    // Rows that only point at the story are held to it too.
    let pointer = |strength: &str| {
        format!(
            "<ul><li><strong>Project:</strong> FA1. Broke the billing job</li><li><strong>Strength:</strong> {strength}</li></ul>"
        )
    };
    let rows = [
        ("Failure", first.clone()),
        ("Strength", pointer("calm")),
        ("Grit", pointer("stubborn")),
    ];
    let rows: Vec<(&str, &str)> = rows.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let message = import(&doc(&rows)).unwrap_err().to_string();
    assert!(message.starts_with("row 3 (\"Grit\""), "{message}");
    let entries = import(&doc(&[("Failure", &first), ("Again", &first)])).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].categories, ["Failure", "Again"]);
}

#[test]
fn real_seed_yields_32_entries() {
    let path = format!(
        "{}/../shared/seed/behavioral-questions.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping: {path} is absent");
        return;
    };
    let entries = import_bytes(&bytes).expect("the real seed imports");
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    let expected = "vision career-goal introduction past-job why-searching-a-new-position \
        why-applied why-sre-swe why-cu-boulder why-cybereason why-left-cto why-sre why-backend \
        why-freelance why-us career-path visa CR1 IT1 weakness-negative-feedback failure EN1 CR2 \
        EU2 conflict low-performer IT4 GU1 EU1 IT5 EN2 IT2 my-question";
    let expected: Vec<&str> = expected.split_whitespace().collect();
    assert_eq!(ids, expected);
    let stories = entries.iter().filter(|e| e.kind == Kind::Story).count();
    assert_eq!((stories, entries.len() - stories), (15, 17));
    let it1 = entries.iter().find(|e| e.id == "IT1").expect("IT1");
    assert_eq!(
        it1.categories,
        [
            "Strength / Positive Feedback",
            "Leadership / Business Impact"
        ]
    );
    for e in &entries {
        assert!(valid_id(&e.id), "{}", e.id);
        assert!(!e.title.contains("(New)"), "{}: {}", e.id, e.title);
        assert!(
            build::headline(&e.title).0.is_none(),
            "{}: {}",
            e.id,
            e.title
        );
    }
}
