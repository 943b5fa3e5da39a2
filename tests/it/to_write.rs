//! The to-write list of `tailor`: what a posting asks for that no entry shows, quoted from the
//! posting's own lines; never the employer's name, its places, a language spoken, or a fragment.

use starcoach::engine::TailorRequest;
use starcoach::engine::offline::Settings;
use starcoach::report::CompetencyId;
use starcoach::story::Entry;

use crate::tailor::{CORE_NOTE, JOB};
use crate::util::offline::{bank, engine, engine_with, story};

/// The to-write list of the sample test bank for a posting: requirement and evidence.
fn to_write(job: &str) -> Vec<(String, String)> {
    engine()
        .tailor_report(&TailorRequest {
            job: job.into(),
            count: None,
            max_reuse: None,
            target_seconds: None,
        })
        .expect("tailor")
        .uncovered
        .into_iter()
        .map(|u| (u.requirement, u.evidence))
        .collect()
}

#[test]
fn tailor_names_requirements_no_entry_covers() {
    let report = engine()
        .tailor_report(&TailorRequest {
            job: JOB.into(),
            count: None,
            max_reuse: None,
            target_seconds: None,
        })
        .expect("tailor");
    let cassandra = report
        .uncovered
        .iter()
        .find(|u| u.requirement == "Cassandra")
        .unwrap_or_else(|| panic!("{:?}", report.uncovered));
    assert_eq!(
        cassandra.evidence,
        "Experience operating Cassandra clusters in production"
    );
    for u in &report.uncovered {
        assert!(JOB.contains(&u.evidence), "{u:?}");
        // Rust is in the bank (the why-rust answer), so it is covered.
        assert!(!u.requirement.eq_ignore_ascii_case("rust"), "{u:?}");
    }
    // Adding an entry that shows the requirement covers it.
    let mut entries = bank();
    entries.push(story(
        "CS1",
        &["Technically Challenging"],
        &[
            (
                "Situation",
                "- Our Cassandra cluster ran out of disk every month",
            ),
            ("Action", "- I moved old partitions to cold storage"),
            ("Result", "- Disk use fell 60%"),
        ],
    ));
    let covered = engine_with(entries, None, Settings::default());
    let report = covered
        .tailor_report(&TailorRequest {
            job: JOB.into(),
            count: None,
            max_reuse: None,
            target_seconds: None,
        })
        .unwrap();
    assert!(
        report
            .uncovered
            .iter()
            .all(|u| u.requirement != "Cassandra"),
        "{:?}",
        report.uncovered
    );
}

#[test]
fn tailor_counts_a_skill_covered_by_the_users_own_category_but_not_a_product() {
    let job = "# Backend Engineer\n\n\
- Work closely with product managers and customer support\n\
- Operate Cassandra and ClickHouse clusters\n";
    let uncovered = |entries: Vec<Entry>| -> Vec<String> {
        engine_with(entries, None, Settings::default())
            .tailor_report(&TailorRequest {
                job: job.into(),
                count: None,
                max_reuse: None,
                target_seconds: None,
            })
            .unwrap()
            .uncovered
            .into_iter()
            .map(|u| u.requirement)
            .collect()
    };
    let lone = vec![story(
        "PX1",
        &["Performance"],
        &[("Action", "- I profiled the fares endpoint")],
    )];
    let before = uncovered(lone.clone());
    assert!(before.iter().any(|r| r == "Work closely"), "{before:?}");
    let mut with_teamwork = lone;
    with_teamwork.push(story(
        "TW1",
        &["Teamwork"],
        &[("Action", "- I paired with the support lead every week")],
    ));
    let after = uncovered(with_teamwork);
    assert!(!after.iter().any(|r| r == "Work closely"), "{after:?}");
    // A product name needs the word itself, whatever the categories say.
    assert!(after.iter().any(|r| r == "Cassandra"), "{after:?}");
}

#[test]
fn evidence_is_the_postings_own_text_typographic_quotes_included() {
    let job = "Staff Engineer \u{2014} Payments\n\n\
        In this role you\u{2019}ll own the \u{201c}money movement\u{201d} services and you\u{2019}ll lead incident response when they fail.\n\n\
        \u{2022} You\u{2019}ve mentored engineers and reviewed their designs\n\
        \u{2022} Experience with Cassandra or another wide-column store helps\n";
    let report = engine()
        .tailor_report(&TailorRequest {
            job: job.into(),
            count: None,
            max_reuse: None,
            target_seconds: None,
        })
        .expect("tailor");
    let quoted: Vec<&String> = report
        .questions
        .iter()
        .flat_map(|q| &q.evidence)
        .filter(|e| !e.contains(CORE_NOTE))
        .chain(report.uncovered.iter().map(|u| &u.evidence))
        .collect();
    assert!(quoted.iter().any(|e| e.contains('\u{2019}')), "{quoted:?}");
    for evidence in quoted {
        assert!(
            job.contains(evidence.as_str()),
            "{evidence:?} is not the posting's text"
        );
    }
    // The lead-in and the tail of a skill are not part of it.
    assert!(
        report
            .uncovered
            .iter()
            .any(|u| u.requirement == "wide-column store"),
        "{:?}",
        report.uncovered
    );
}

#[test]
fn the_employers_name_and_its_perks_are_not_requirements() {
    // The name comes back in a "Why X?" heading over the perks and in the address to apply;
    // the perks name a city.
    let job = "# Senior Backend Engineer \u{2014} Quillmark \u{1f680}\n\n\
        Quillmark makes scheduling software for veterinary clinics.\n\n\
        What you\u{2019}ll bring:\n\
        \u{2022} Experience with Cassandra in production\n\
        \u{2022} You lead incident response and write blameless postmortems\n\n\
        Why Quillmark? \u{1f31f}\n\
        \u{2022} Quarterly on-sites in Tallinn\n\
        \u{2022} A learning budget for Quillmark engineers\n\n\
        Send your CV to hiring@quillmark.example.\n";
    let listed = to_write(job);
    let names: Vec<&str> = listed.iter().map(|(r, _)| r.as_str()).collect();
    assert!(names.contains(&"Cassandra"), "{listed:?}");
    for other in ["Quillmark", "Tallinn"] {
        assert!(
            !names.iter().any(|n| n.contains(other)),
            "{other}: {listed:?}"
        );
    }
}

/// Teams named together before "teams" are the employer's groups, and "X or a similar Y" asks
/// for Y only when the bank does not show X.
#[test]
fn joined_team_names_and_stand_ins_are_not_requirements() {
    let job = "# Backend Engineer\n\n\
        You will join the Platform group and work closely with our Billing and Ledger teams on \
        payment flows.\n\n\
        - Experience with Cassandra or a similar wide-column store\n\
        - Experience with dashboards or a similar reporting tool\n";
    let listed = to_write(job);
    let names: Vec<&str> = listed.iter().map(|(r, _)| r.as_str()).collect();
    for other in ["Billing", "Ledger", "reporting tool"] {
        assert!(!names.contains(&other), "{other}: {listed:?}");
    }
    // The bank shows dashboards (HL1), not Cassandra: its stand-in is still to write.
    assert!(names.contains(&"Cassandra"), "{listed:?}");
    assert!(names.contains(&"wide-column store"), "{listed:?}");
}

/// Whom the hire reports to is the organisation, and what the posting contrasts a skill with
/// is not asked for; a report to stakeholders is still a duty with its skills.
#[test]
fn the_reporting_line_and_a_contrasted_term_are_not_requirements() {
    let job = "# Data Engineer\n\n\
        - You'll report to Dana Reyes, Director of Mobile, on Route 9\n\
        - Works under the general direction of the Manager, Data Engineering\n\
        - Alert on what users feel rather than CPU, using Cassandra metrics\n\
        - Report to stakeholders on Snowflake costs\n";
    let listed = to_write(job);
    let names: Vec<&str> = listed.iter().map(|(r, _)| r.as_str()).collect();
    for other in ["Route", "Manager", "CPU"] {
        assert!(!names.contains(&other), "{other}: {listed:?}");
    }
    for asked in ["Cassandra", "Snowflake"] {
        assert!(names.contains(&asked), "{asked}: {listed:?}");
    }
}

/// Reports as a noun, a name after the contrast that only starts the same way, and "rather
/// than just" keep what the line asks for; letters whose lowercase is longer or shorter do not
/// break the reading.
#[test]
fn reports_and_near_contrasts_keep_their_requirements() {
    let job = "# Data Engineer\n\n\
        - Automate weekly reports to Leadership using Airflow and Looker\n\
        - Build Java services rather than JavaScript ones\n\
        - Script in Go rather than just Python\n\
        - \u{130}\u{130} team: you will report to \u{c9}mile Zola, Director of Data, \u{212a}\u{212a} ops \
        with Snowflake\n";
    let listed = to_write(job);
    let names: Vec<&str> = listed.iter().map(|(r, _)| r.as_str()).collect();
    for asked in ["Airflow", "Looker", "Java", "Python"] {
        assert!(names.contains(&asked), "{asked}: {listed:?}");
    }
    assert!(
        !names.contains(&"Snowflake"),
        "a reporting line: {listed:?}"
    );
}

/// The role's level, a group the candidate works with and what the candidate has not done are
/// not stories to write; the skill beside them is.
#[test]
fn a_level_a_group_and_a_negation_are_not_requirements() {
    let job = "# iOS Engineer\n\n\
        We're looking for a Senior iOS Engineer.\n\n\
        - Define SLOs together with product teams and several partner teams, in Swift\n\
        - You don't mind learning a tool you've never touched\n";
    let listed = to_write(job);
    let names: Vec<&str> = listed.iter().map(|(r, _)| r.as_str()).collect();
    assert!(names.contains(&"Swift"), "{listed:?}");
    for (requirement, _) in &listed {
        let lower = requirement.to_lowercase();
        assert!(
            !["senior", "never"].iter().any(|w| lower.contains(w)) && !lower.ends_with("teams"),
            "{listed:?}"
        );
    }
}

#[test]
fn a_skill_ends_where_the_clause_about_it_begins() {
    let job = "# Platform Engineer\n\n\
        - Experience with columnar storage is a big plus\n\
        - Fluent English; Finnish is a plus\n";
    let listed = to_write(job);
    let names: Vec<&str> = listed.iter().map(|(r, _)| r.as_str()).collect();
    assert!(names.contains(&"columnar storage"), "{listed:?}");
    // Neither a fragment ("columnar storage is a big") nor a language spoken is a story to write.
    for (requirement, _) in &listed {
        assert!(!requirement.contains(" is "), "{listed:?}");
        assert!(
            !["English", "Finnish"].contains(&requirement.as_str()),
            "{listed:?}"
        );
    }
}

/// A posting's named skill is woven into a story only where the story names it: by their
/// stems, "went" would hold Go and "reacted" React. A story that does name it gets it.
#[test]
fn a_named_skill_is_woven_in_only_where_the_story_names_it() {
    let job = "# Backend Engineer\n\n## You will\n- Lead incident response for our checkout APIs in Go and React\n";
    let incident = |id: &str, action: &str| {
        story(
            id,
            &["Incident"],
            &[
                (
                    "Situation",
                    "The checkout API went down during the spring sale.",
                ),
                ("Task", "I was on call and owned the recovery."),
                ("Action", action),
                (
                    "Result",
                    "Checkout was back within 20 minutes and no order was lost.",
                ),
            ],
        )
    };
    // The incident question's words to weave in, and the posting's requirements no story holds.
    let woven = |action: &str| {
        let e = engine_with(vec![incident("outage", action)], None, Settings::default());
        let report = e
            .tailor_report(&TailorRequest {
                job: job.into(),
                count: Some(3),
                max_reuse: Some(3),
                target_seconds: None,
            })
            .expect("tailor");
        let q = report
            .questions
            .iter()
            .find(|q| q.competency == CompetencyId::Incident)
            .expect("the posting asks for an incident");
        assert_eq!(q.story.as_ref().map(|s| s.id.as_str()), Some("outage"));
        let uncovered: Vec<String> = report
            .uncovered
            .iter()
            .map(|u| u.requirement.clone())
            .collect();
        (q.weave_in.clone(), uncovered)
    };
    let (plain, to_write) =
        woven("I reacted fast: I rolled back the release and went through the logs.");
    assert!(plain.iter().any(|t| t == "incident"), "{plain:?}");
    assert!(
        !plain.iter().any(|t| t == "Go" || t == "React"),
        "{plain:?}"
    );
    assert_eq!(to_write, ["Go", "React"]);
    let (named, to_write) =
        woven("I rolled back the Go service and the React checkout page, then read the logs.");
    assert!(
        named.iter().any(|t| t == "Go") && named.iter().any(|t| t == "React"),
        "{named:?}"
    );
    assert!(to_write.is_empty(), "{to_write:?}");
}

/// A posting far from the bank lists its first twelve requirements and says how many more it
/// left off, in the JSON and in the text; a short list says nothing of the kind.
#[test]
fn a_cut_list_says_how_much_it_left_off() {
    let dir = crate::util::TestDir::with_bank();
    let langs = [
        "Erlang",
        "Haskell",
        "COBOL",
        "Fortran",
        "OCaml",
        "Clojure",
        "Julia",
        "Elixir",
        "Prolog",
        "Smalltalk",
        "Ada",
        "Racket",
        "Idris",
        "Agda",
        "Forth",
    ];
    let bullets: String = langs
        .iter()
        .map(|l| format!("- Write {l} daily\n"))
        .collect();
    dir.write(
        "far.md",
        format!("# Polyglot Engineer\n\n## Requirements\n\n{bullets}"),
    );
    dir.write(
        "near.md",
        "# Engineer\n\n## Requirements\n\n- Write Erlang daily\n",
    );
    let tailor = |job: &str, json: bool| {
        let mut cmd = crate::cli_coach::coach(&dir, &["tailor", "--job", job]);
        if json {
            cmd.arg("--json");
        }
        crate::util::run(&mut cmd, 0)
    };
    let report = crate::util::json(&tailor("far.md", true));
    let listed: Vec<&str> = report["uncovered"]
        .as_array()
        .expect("uncovered is an array")
        .iter()
        .map(|u| u["requirement"].as_str().unwrap())
        .collect();
    assert_eq!(listed, langs[..12], "{report:#}");
    assert_eq!(report["uncovered_left_off"], 3, "{report:#}");
    let text = String::from_utf8(tailor("far.md", false).stdout).unwrap();
    assert!(text.contains("  ... and 3 more not listed\n"), "{text}");
    let near = crate::util::json(&tailor("near.md", true));
    assert!(near.get("uncovered_left_off").is_none(), "{near:#}");
    let text = String::from_utf8(tailor("near.md", false).stdout).unwrap();
    assert!(
        text.contains("Erlang") && !text.contains("more not listed"),
        "{text}"
    );
}

/// The must-haves come first, each in the posting's order, then what the posting calls welcome:
/// a "Nice to have" section (even one above the requirements) and a term a line says is
/// preferred; so a cut list keeps what the role needs.
#[test]
fn what_is_required_comes_before_what_is_welcome() {
    let listed: Vec<String> = to_write(
        "# Engineer\n\n## Nice to have\n\n- Experience with Elixir\n\n## Requirements\n\n\
         - Solid Haskell skills, OCaml preferred\n- Experience with Erlang\n",
    )
    .into_iter()
    .map(|(requirement, _)| requirement)
    .collect();
    assert_eq!(listed, ["Haskell", "Erlang", "Elixir", "OCaml"]);
}

/// A term one line calls welcome and another requires is a must-have, listed where the posting
/// first names it.
#[test]
fn a_term_required_anywhere_is_a_must_have() {
    let listed: Vec<String> = to_write(
        "# Engineer\n\n## Nice to have\n\n- Experience with Elixir\n\n## Requirements\n\n\
         - Experience with Erlang\n- Production experience with Elixir\n",
    )
    .into_iter()
    .map(|(requirement, _)| requirement)
    .collect();
    assert_eq!(listed, ["Elixir", "Erlang"]);
    // The same name as a whole word only: "Java" required leaves "JavaScript" welcome.
    let listed = to_write(
        "# Engineer\n\n## Nice to have\n\n- Experience with JavaScript\n\n## Requirements\n\n\
         - Production experience with Java\n- Experience with Erlang\n",
    );
    assert_eq!(
        listed,
        [
            (
                "Java".to_string(),
                "Production experience with Java".to_string()
            ),
            ("Erlang".to_string(), "Experience with Erlang".to_string()),
            (
                "JavaScript".to_string(),
                "Experience with JavaScript".to_string()
            ),
        ]
    );
    // A must-have first called welcome is shown with the line that requires it.
    let elixir = to_write(
        "# Engineer\n\n## Nice to have\n\n- Experience with Elixir\n\n## Requirements\n\n\
         - Production experience with Elixir\n",
    );
    assert_eq!(elixir[0].1, "Production experience with Elixir");
}

/// A word that says whether a term is required is no term, even capitalised at the head of a
/// sentence; what it speaks of is listed, with the must-have first.
#[test]
fn words_of_need_and_welcome_are_not_terms() {
    let listed = |line: &str| -> Vec<String> {
        to_write(&format!("# Engineer\n\n## Requirements\n\n- {line}\n"))
            .into_iter()
            .map(|(requirement, _)| requirement)
            .collect()
    };
    assert_eq!(
        listed("Nice to have: Haskell. Must have: Erlang"),
        ["Erlang", "Haskell"]
    );
    // In brackets, capitalised or not, the word is no term and still says what is welcome.
    assert_eq!(
        listed("Knows Elixir (Preferred)\n- Knows OCaml (REQUIRED)"),
        ["OCaml", "Elixir"]
    );
    // "vs." does not end a sentence: the welcome after it reaches Haskell.
    assert_eq!(
        listed("Some Haskell vs. Erlang is a plus; Zig required"),
        ["Zig", "Haskell", "Erlang"]
    );
    // "Desired" and "Bonus" are words of welcome too, never terms.
    assert_eq!(
        listed("Bonus: Elm\n- Knows Idris (Desired)\n- Knows Agda"),
        ["Agda", "Elm", "Idris"]
    );
}

/// A posting copied from a job page, headings set apart by blank lines and a wave to open it:
/// the skills of its prose are listed, acronyms that are also places among them ("AJAX"), and
/// none of the places or regions its role text names, the employer's own app, the greeting or
/// a clause of "we'll talk".
#[test]
fn a_pasted_page_lists_its_prose_skills_and_no_places_or_greetings() {
    let job = "Data Analyst\nLumenbox — Toronto, ON\n\nAbout us\n\n\
        Hi! 👋 Thanks for reading. Lumenbox ships groceries across Europe, and our team builds \
        the Lumenbox Driver app.\n\nThe role\n\n\
        You’ll dig into why customers in Ottawa reorder less than those in Mississauga, \
        and you’ll help the Lumenbox Driver team.\n\nWhat we’re looking for\n\n\
        You write SQL every day. Experience with dbt and Looker is preferred, though if \
        you’ve used Tableau, we’ll talk. Knowledge of the OWASP Top 10 is a plus. You know \
        AJAX and Jakarta EE, and you have worked with teams across the UK and EMEA.\n";
    let mut listed: Vec<String> = to_write(job).into_iter().map(|(r, _)| r).collect();
    listed.sort();
    assert_eq!(
        listed,
        [
            "AJAX",
            "Jakarta EE",
            "Looker",
            "OWASP Top 10",
            "SQL",
            "Tableau",
            "dbt"
        ]
    );
}
