//! Reading postings as pasted from job pages.

use super::lines::{heading, normalize};
use super::*;

/// Each block's text, whether it is a bullet, and its section.
fn items(p: &Posting) -> Vec<(&str, bool, Section)> {
    p.blocks
        .iter()
        .map(|b| (b.text.as_str(), b.bullet, b.section))
        .collect()
}

#[test]
fn html_entities_and_spaces_become_plain_text_and_quotes_stay_as_written() {
    let t = normalize(
        "<p>You&rsquo;ll own&nbsp;SLOs &amp; on\u{a0}call<br>and “postmortems”</p> 5 < 6",
    );
    assert_eq!(
        t.trim(),
        "You'll own SLOs & on call\nand \u{201c}postmortems\u{201d}\n 5 < 6"
    );
}

#[test]
fn a_heading_about_the_employer_opens_its_section_and_one_about_the_role_does_not() {
    let sections =
        |raw: &str| -> Vec<Section> { read(raw).blocks.iter().map(|b| b.section).collect() };
    let posting = "# SRE\n\n**About Quayside**\n\nWe serve Europe.\n\n\
                   **About the role**\n\nYou run Kafka.\n\nOur mission:\n\nSafe money.\n";
    assert_eq!(
        sections(posting),
        [Section::Company, Section::Role, Section::Company]
    );
    assert_eq!(
        sections("# SRE\n\n## About you\n\nYou run Kafka.\n"),
        [Section::Role]
    );
}

/// A heading that says nothing of what it is over is read by its lines: benefits when most of
/// them are, the role's otherwise.
#[test]
fn lines_under_a_heading_that_names_nothing_tell_its_section() {
    let sections =
        |raw: &str| -> Vec<Section> { read(raw).blocks.iter().map(|b| b.section).collect() };
    let perks = "# SRE\n\n## Requirements\n\n- Go\n\n## 🎁 The good stuff\n\n\
                 - 4 weeks PTO\n- Your choice of laptop\n- Lunch on Fridays\n- A garden\n";
    assert_eq!(
        sections(perks),
        [
            Section::Role,
            Section::Boilerplate,
            Section::Boilerplate,
            Section::Boilerplate,
            Section::Boilerplate
        ]
    );
    let work = "# SRE\n\n## Day to day\n\n- Run Kafka\n- Review designs\n\
                - Own the on-call budget and laptop fleet\n";
    assert_eq!(sections(work), [Section::Role; 3]);
    // Words a duty uses too, and lines that speak of the work, are no benefits.
    let duties = "# SRE\n\n## 🩺 The mission\n\n- Build services for medical insurance claims\n\
                  - Price equity options\n- You'll get a laptop budget to run the fleet\n";
    assert_eq!(sections(duties), [Section::Role; 3]);
}

/// A heading that says who should not apply, or the job's downsides, holds no requirement; one
/// that says what is not required but welcome is still read as welcome.
#[test]
fn a_heading_of_downsides_holds_no_requirements() {
    let sections =
        |raw: &str| -> Vec<Section> { read(raw).blocks.iter().map(|b| b.section).collect() };
    let posting = "# Founding engineer\n\n## You'll do\n\n- Ship React\n\n\
                   ## 🙅 Why you might NOT want to join\n\n- It's you, Ana and a Figma file\n\n\
                   ## This role isn't for you if\n\n- You need a spec for everything\n\n\
                   ## Not required, but a plus\n\n- Elixir\n\n\
                   ## Not just code\n\n- Run Kafka\n\n\
                   ## Don't apply unless you have\n\n- Go\n\n\
                   ## What you'll need (we won't expect all of it)\n\n- Rust\n\n\
                   ## Nice to have (not strictly required)\n\n- Zig\n";
    assert_eq!(
        sections(posting),
        [
            Section::Role,
            Section::Boilerplate,
            Section::Boilerplate,
            Section::Preferred,
            Section::Role,
            Section::Role,
            Section::Role,
            Section::Preferred
        ]
    );
}

/// A deeper heading that names nothing stays in the section above it ("### 💻 Kit" under "##
/// Benefits", "### Tools" under "## Nice to have"); a deeper one that names its own opens it.
#[test]
fn a_sub_heading_that_names_nothing_stays_in_its_section() {
    let sections =
        |raw: &str| -> Vec<Section> { read(raw).blocks.iter().map(|b| b.section).collect() };
    let kit = "# SRE\n\n## Requirements\n\n- Go\n\n## Benefits\n\n- Pension\n\n\
               ### 💻 Kit\n\n- MacBook Pro\n- Herman Miller chair\n\n## What you'll do\n\n- Run Kafka\n";
    assert_eq!(
        sections(kit),
        [
            Section::Role,
            Section::Boilerplate,
            Section::Boilerplate,
            Section::Boilerplate,
            Section::Role
        ]
    );
    let tools = "# SRE\n\n## Nice to have\n\n### Tools\n\n- Terraform\n\n\
                 ### Requirements\n\n- Go\n";
    assert_eq!(sections(tools), [Section::Preferred, Section::Role]);
    // Under a role's heading, a sub-heading's lines tell what it is: these are benefits.
    let extras = "# SRE\n\n## The role\n\n- Go\n\n### 🎁 Extras\n\n- 4 weeks PTO\n\
                  - Lunch on Fridays\n";
    assert_eq!(
        sections(extras),
        [Section::Role, Section::Boilerplate, Section::Boilerplate]
    );
    // Under the employer's heading too: this toolbox asks for skills.
    let toolbox = "# SRE\n\n## About Acme\n\nWe make kilns.\n\n### 🧰 Toolbox\n\n\
                   - Deep Morvella knowledge\n";
    assert_eq!(sections(toolbox), [Section::Company, Section::Role]);
    // A sub-heading under a heading that named nothing joins its lines to that heading's.
    let good = "# SRE\n\n## 🎁 The good stuff\n\n- 4 weeks PTO\n- Lunch on Fridays\n\n\
                ### 💻 Kit\n\n- MacBook Pro\n";
    assert_eq!(sections(good), [Section::Boilerplate; 3]);
}

/// What is welcome but not required has its own section, whether the heading is marked or plain
/// over its list; a salary's bonus stays benefits.
#[test]
fn a_nice_to_have_heading_opens_a_section_of_its_own() {
    let sections =
        |raw: &str| -> Vec<Section> { read(raw).blocks.iter().map(|b| b.section).collect() };
    for heading in [
        "## Nice to have",
        "**Bonus points:**",
        "Preferred Qualifications",
    ] {
        let posting = format!("# SRE\n\n## Requirements\n\n- Go\n\n{heading}\n- Rust\n");
        assert_eq!(
            sections(&posting),
            [Section::Role, Section::Preferred],
            "{heading}"
        );
    }
    assert_eq!(
        sections("# SRE\n\n## Salary and bonus\n\n- Good pay\n"),
        [Section::Boilerplate]
    );
    // Over both, it is a section of must-haves; a line that only opens with such a word heads
    // nothing.
    assert_eq!(
        sections("# SRE\n\n## Required and preferred qualifications\n\n- Go\n"),
        [Section::Role]
    );
    assert_eq!(
        sections("# SRE\n\n## Requirements\n\n- Go\n\nIdeally PostgreSQL\n- Rust\n"),
        [Section::Role, Section::Role, Section::Role]
    );
}

#[test]
fn headings_in_capitals_and_bullets_run_into_one_line_are_read_as_written() {
    let p = read(
        "Backend Engineer at Acme. Responsibilities: • Build Go services • Own Kafka. \
         Requirements: • 5+ years with Go\r\n\r\nBENEFITS\r\n\r\n- Free lunch\r\n",
    );
    assert_eq!(
        items(&p),
        [
            ("Backend Engineer at Acme.", false, Section::Intro),
            ("Build Go services", true, Section::Role),
            ("Own Kafka.", true, Section::Role),
            ("5+ years with Go", true, Section::Role),
            ("Free lunch", true, Section::Boilerplate),
        ]
    );
    for not_a_heading in [
        "SQL, AWS, GCP",
        "GDPR",
        "- HIPAA",
        "AWS / GCP",
        "FULL TIME",
        "100% REMOTE",
    ] {
        assert_eq!(heading(not_a_heading), None, "{not_a_heading}");
    }
    assert_eq!(heading("WHAT YOU'LL DO").as_deref(), Some("WHAT YOU'LL DO"));
    // An emoji after bold text is the heading's; bold words in a sentence make none.
    assert_eq!(heading("**Benefits** 🎒").as_deref(), Some("Benefits"));
    assert_eq!(heading("**Go** and **Rust** 🦀"), None);
    // A bold label ending in a colon is a heading, and so is one whose colon opens a subtitle.
    assert_eq!(
        heading("**Requirements:**").as_deref(),
        Some("Requirements")
    );
    assert_eq!(
        heading("**Benefits: what we offer**").as_deref(),
        Some("Benefits: what we offer")
    );
}

#[test]
fn bullets_that_only_separate_header_facts_and_abbreviations_stay_on_their_line() {
    for line in [
        "Senior Engineer • Berlin • Full-time",
        "- Experience with cloud, e.g. AWS or GCP:",
        "1. What you'll do:",
    ] {
        assert_eq!(normalize(line), line);
    }
    assert_eq!(normalize("• Go • Kafka"), "• Go\n• Kafka");
    assert_eq!(normalize("Go\rKafka"), "Go\nKafka");
}

#[test]
fn lines_of_a_list_that_lost_its_bullets_are_items_and_wrapped_prose_is_one_paragraph() {
    let texts =
        |raw: &str| -> Vec<String> { read(raw).blocks.into_iter().map(|b| b.text).collect() };
    assert_eq!(
        texts(
            "# SRE\n\nWhat you'll do:\nOwn the ledger\nLead incident reviews\n\
             Mentor two engineers\n"
        ),
        [
            "Own the ledger",
            "Lead incident reviews",
            "Mentor two engineers"
        ]
    );
    assert_eq!(
        texts(
            "# SRE\n\nYou will run our Kafka clusters and\nlead the on-call rotation for\nPayments.\n"
        ),
        ["You will run our Kafka clusters and lead the on-call rotation for Payments."]
    );
}

#[test]
fn bullets_of_every_kind_are_items_and_sections_are_told_apart() {
    let p = read(
        "<h1>Staff Engineer</h1>\nAcme builds rockets in Lisbon.\n\n**What you'll do**\n• Own the on-call rotation\n  for the launch services\n● Mentor engineers\n2) Write postmortems\n\nBenefits 🎁:\n- Free lunch\nAcme is an equal opportunity employer.",
    );
    assert_eq!(p.title.as_deref(), Some("Staff Engineer"));
    assert_eq!(
        items(&p),
        [
            ("Acme builds rockets in Lisbon.", false, Section::Intro),
            (
                "Own the on-call rotation for the launch services",
                true,
                Section::Role
            ),
            ("Mentor engineers", true, Section::Role),
            ("Write postmortems", true, Section::Role),
            ("Free lunch", true, Section::Boilerplate),
            (
                "Acme is an equal opportunity employer.",
                false,
                Section::Boilerplate
            ),
        ]
    );
}

#[test]
fn a_list_marked_with_emoji_is_a_list_and_a_lone_emoji_is_not() {
    let p = read(
        "# Founding Engineer\n\n📍 Brooklyn · 💵 $150k\n\n## What you'll do\n\n🚀 Ship \
         features\n🚀 Own deploys\n\n✅ You know React\n✅ You know Postgres\n",
    );
    assert_eq!(
        items(&p),
        [
            ("📍 Brooklyn · 💵 $150k", false, Section::Intro),
            ("Ship features", true, Section::Role),
            ("Own deploys", true, Section::Role),
            ("You know React", true, Section::Role),
            ("You know Postgres", true, Section::Role),
        ]
    );
}

#[test]
fn a_numbered_item_in_a_list_tag_loses_its_number() {
    let p = read("# EM\n\nRESPONSIBILITIES\n<ul><li>1. Lead the team</li><li>2. Hire</li></ul>");
    let texts: Vec<&str> = p.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["Lead the team", "Hire"]);
}

#[test]
fn a_short_line_naming_a_section_is_a_heading_over_its_list_or_paragraph() {
    let sections = |raw: &str| -> Vec<(String, Section)> {
        read(raw)
            .blocks
            .iter()
            .map(|b| (b.text.clone(), b.section))
            .collect()
    };
    // Sentence case over a list, on top of a paragraph, and Title Case in a LinkedIn paste.
    let got = sections(
        "Data Engineer\n\nWho we are\nWe sell groceries.\n\nAbout the role\nYou run \
         Spark.\n\nWhat you'll do\n\n- Own Airflow\n\nBenefits at Acme\nFree lunch\n",
    );
    assert_eq!(
        got,
        [
            ("We sell groceries.".to_string(), Section::Boilerplate),
            ("You run Spark.".to_string(), Section::Role),
            ("Own Airflow".to_string(), Section::Role),
            ("Free lunch".to_string(), Section::Boilerplate),
        ]
    );
    // A header fact and a requirement in a list that lost its marks are not headings.
    let got = sections(
        "Data Engineer\nDepartment: Data & Analytics\nReports To: Manager, Data\n\nAbout the \
         job\n\nAt Acme we sell groceries.\n",
    );
    assert!(got.iter().all(|(_, s)| *s == Section::Intro), "{got:?}");
    assert_eq!(plain_heading_of("Strong Go skills, Kafka"), None);
}

fn plain_heading_of(line: &str) -> Option<String> {
    super::lines::plain_heading(line)
}

#[test]
fn a_pdf_pastes_its_bullets_as_odd_marks_and_cuts_items_at_the_page_width() {
    let p = read(
        "# Platform Engineer\n\nWhat you will do\n\u{f0b7} Explain trade-offs to stakeholders, \
         including our\nOperations Director, in plain language.\no Run Terraform\nPage 2 of 3\n",
    );
    let texts: Vec<(&str, bool)> = p
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.bullet))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "Explain trade-offs to stakeholders, including our Operations Director, in plain \
                 language.",
                true
            ),
            ("Run Terraform", true),
        ]
    );
}

#[test]
fn a_list_without_marks_is_a_list_past_the_header_and_contacts_are_boilerplate() {
    let p = read(
        "ACME – Senior Go Engineer\nAcme · Leeds, UK · Reposted 2 days ago\nFull-time · Senior\n\
         Skills: Go, +3 more\n\nWe build booking and stock systems for independent shops across the north of England.\n\n\
         Go.\nPostgres.\ngRPC and REST APIs.\nMentoring juniors.\nCall Rob or email rob@acme.example\n",
    );
    let items: Vec<(&str, bool, Section)> = items(&p);
    assert!(
        items.contains(&("Mentoring juniors.", true, Section::Intro)),
        "{items:?}"
    );
    assert!(
        items.contains(&("gRPC and REST APIs.", true, Section::Intro)),
        "{items:?}"
    );
    assert!(
        items.contains(&(
            "Call Rob or email rob@acme.example",
            true,
            Section::Boilerplate
        )),
        "{items:?}"
    );
    // The header above the first paragraph stays header: not items.
    assert!(
        items
            .iter()
            .all(|(t, bullet, _)| !t.starts_with("Full-time") || !bullet),
        "{items:?}"
    );
}

/// A job page copied as text sets each heading apart by blank lines: the heading still opens
/// its section, so the paragraph under "What we’re looking for" is the role's, and the
/// benefits under theirs are boilerplate.
#[test]
fn a_heading_set_apart_by_blank_lines_opens_its_section() {
    let p = read(
        "Data Analyst\n\nAbout Acme\n\nAcme sells bread.\n\nWhat we’re looking for\n\n\
         You write SQL and know dbt.\n\nCompensation & benefits\n\nDental cover from day one.\n",
    );
    assert_eq!(
        items(&p),
        [
            ("Acme sells bread.", false, Section::Company),
            ("You write SQL and know dbt.", false, Section::Role),
            ("Dental cover from day one.", false, Section::Boilerplate),
        ]
    );
}

/// Set apart by blank lines, a list item ("Experience with Flink", "You ship Rust") or a line
/// of text ("Your team travels together", "Schedule is flexible") is no heading: the section
/// goes on.
#[test]
fn a_short_line_set_apart_is_a_heading_only_when_it_names_a_section() {
    let p = read(
        "Backend Engineer\n\nAbout the role\n\nYou will build our pipeline.\n\nRequirements\n\n\
         Experience with Flink\n\nYou ship Rust services\n\nSchedule is flexible\n\n\
         Benefits\n\nYour team travels together\n\nTrips to KubeCon every year\n",
    );
    let (role, boilerplate) = (Section::Role, Section::Boilerplate);
    assert_eq!(
        items(&p),
        [
            ("You will build our pipeline.", false, role),
            ("Experience with Flink", false, role),
            ("You ship Rust services", false, role),
            ("Schedule is flexible", false, role),
            ("Your team travels together", false, boilerplate),
            ("Trips to KubeCon every year", false, boilerplate),
        ]
    );
}
