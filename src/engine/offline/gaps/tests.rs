//! What the to-write list takes from a posting and what it leaves out.

use super::*;

/// Whether the posting asks for `term`, with its texts read for this one question.
fn is_requirement(term: &str, job: &Job) -> bool {
    super::is_requirement(term, job, &whose::Texts::of(job))
}

#[test]
fn names_and_skills_are_read_from_requirement_lines() {
    assert_eq!(
        names("5+ years of React and TypeScript, Web Audio API a bonus"),
        ["React", "TypeScript", "Web Audio API"]
    );
    assert_eq!(names("CSS skills, responsive layouts"), ["CSS"]);
    assert_eq!(
        names("Improve speed (Core Web Vitals, bundle size) on Kubernetes; Go, Java"),
        ["Core Web Vitals", "Kubernetes", "Go", "Java"]
    );
    assert_eq!(names("Meet WCAG 2.2 AA everywhere"), ["WCAG 2.2 AA"]);
    // "&" between names joins them, kept ("Trust & Safety"); a dash ends the name before it,
    // a double space does not.
    assert_eq!(
        names("Build screens in React & TypeScript – Storybook too"),
        ["React & TypeScript", "Storybook"]
    );
    assert_eq!(names("Lead our Trust & Safety tooling"), ["Trust & Safety"]);
    assert_eq!(names("Use React & data to teach"), ["React"]);
    assert_eq!(names("Partner with AT&T on billing"), ["AT&T"]);
    assert_eq!(
        names("Ship services in .NET and C#, (.NET Core) or ASP.NET"),
        [".NET", "C#", ".NET Core", "ASP.NET"]
    );
    assert_eq!(names("Then ...React apps"), ["React"]);
    assert_eq!(names("👋 Thanks for reading – we use Go"), ["Go"]);
    assert_eq!(names("Hi! 👋 Thanks for reading, e.g. Kafka"), ["Kafka"]);
    assert_eq!(
        names("Know the OWASP Top 10, Kafka 3.6, .NET 8 and Go 5 years"),
        ["OWASP Top 10", "Kafka 3.6", ".NET 8", "Go"]
    );
    assert_eq!(
        names("Run React 18 TypeScript 5 Node 20, Kafka 3 clusters, SOC 2 II"),
        ["React", "TypeScript 5", "Node", "Kafka", "SOC 2 II"]
    );
    assert_eq!(
        names("Improve Core  Web  Vitals on Google  Cloud"),
        ["Core Web Vitals", "Google Cloud"]
    );
    assert_eq!(
        names("Our systems sit inside SOC 2 and ISO 27001 scope, 3 regions"),
        ["SOC 2", "ISO 27001"]
    );
    assert_eq!(names("Build features for teachers"), Vec::<String>::new());
    assert_eq!(
        skills("Experience with Tableau (or Looker) and with dbt"),
        ["Tableau", "Looker", "dbt"]
    );
    assert_eq!(
        skills("Deep knowledge of accessibility and experience shipping accessible UI"),
        ["accessibility", "experience shipping accessible UI"]
    );
    assert_eq!(
        skills("Experience with Pub/Sub or another message broker helps."),
        ["Pub/Sub", "message broker"]
    );
    assert_eq!(skills("Experience with Terraform is a plus"), ["Terraform"]);
    // Where or how the skill is wanted is not the skill.
    assert_eq!(
        skills("Experience running Kafka and PostgreSQL at scale"),
        ["Kafka", "PostgreSQL"]
    );
    assert_eq!(skills("Experience with Go in production"), ["Go"]);
    // How many is not what: the skill is the provider, the broker.
    assert_eq!(
        skills("Experience with at least one major cloud provider"),
        ["cloud provider"]
    );
    assert_eq!(
        skills("Experience with two or more message brokers"),
        ["message brokers"]
    );
    assert_eq!(
        skills("Experience with 2+ major cloud providers"),
        ["cloud providers"]
    );
}

#[test]
fn the_employers_own_team_is_not_a_requirement() {
    let job = Job::parse(
        "# Staff Engineer\n\n## The role\n\n- Join the Payments Core team and own Kafka \
         consumers\n- Run Payments Core services on Kubernetes\n",
    );
    assert!(!is_requirement("Payments Core", &job));
    assert!(is_requirement("Kafka", &job));
    assert!(!is_requirement("Staff Engineer", &job), "the role itself");
    assert!(!is_requirement("5+ years", &job));
}

#[test]
fn teams_people_functions_and_days_the_work_touches_are_not_requirements() {
    let job = Job::parse(
        "# Staff Engineer\n\n## The role\n\n- Lead three teams (Dispatch, Tracking, and \
         Billing & Settlement) on Kafka\n- Work with our Data Protection Officer and \
         stakeholders across Finance and Marketing\n- Run releases every Monday on Go \
         services (Gin, Echo)\n",
    );
    for term in [
        "Dispatch",
        "Billing Settlement",
        "Data Protection Officer",
        "Finance",
        "Monday",
    ] {
        assert!(!is_requirement(term, &job), "{term}");
    }
    // A parenthesis after anything but a group still lists skills.
    for term in ["Kafka", "Gin", "Data Protection"] {
        assert!(is_requirement(term, &job), "{term}");
    }
}

#[test]
fn skills_named_like_a_role_or_listed_for_one_team_stay_requirements() {
    let job = Job::parse(
        "# SRE\n\n## The role\n\n- Join the Platform team (Go, Kubernetes)\n\
         - Keep secrets in AWS Secrets Manager\n",
    );
    for term in ["Kubernetes", "AWS Secrets Manager"] {
        assert!(is_requirement(term, &job), "{term}");
    }
}

/// A word of welcome covers its own part of the line and the parts after it, or the whole line
/// when its part names no term.
#[test]
fn a_term_the_line_calls_welcome_is_told_from_the_required_ones() {
    let welcome = |line: &str, terms: &[&str]| -> Vec<bool> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let lower = line.to_lowercase();
        let cues = need_cues(&lower);
        terms
            .iter()
            .map(|t| said_welcome(t, &lower, &terms, &cues))
            .collect()
    };
    assert_eq!(
        welcome(
            "Solid SQL skills, PostgreSQL preferred",
            &["SQL", "PostgreSQL"]
        ),
        [false, true]
    );
    assert_eq!(
        welcome(
            "You know React well, and ideally you've shipped something with Next.js",
            &["React", "Next.js"]
        ),
        [false, true]
    );
    assert_eq!(
        welcome(
            "Experience with Kubernetes and a public cloud (GCP preferred)",
            &["Kubernetes", "public cloud", "GCP"]
        ),
        [false, false, true]
    );
    assert_eq!(
        welcome(
            "Knowledge of HL7, FHIR and CPT, is strongly preferred",
            &["HL7", "FHIR", "CPT"]
        ),
        [true, true, true]
    );
    assert_eq!(
        welcome(
            "It's a bonus if you've worked in payments, or been through a PCI audit",
            &["payments", "PCI"]
        ),
        [true, true]
    );
    assert_eq!(
        welcome(
            "Experience with Terraform and Kafka",
            &["Terraform", "Kafka"]
        ),
        [false, false]
    );
    // A dash is a cut of three bytes: the part after it begins past all three.
    assert_eq!(
        welcome(
            "Solid SQL skills — PostgreSQL preferred",
            &["SQL", "PostgreSQL"]
        ),
        [false, true]
    );
    assert_eq!(
        welcome("Haskell skills–OCaml is a plus", &["Haskell", "OCaml"]),
        [false, true]
    );
    // The reach of a word of welcome ends at a part that says what is required.
    assert_eq!(
        welcome(
            "Terraform preferred, but Kubernetes is required",
            &["Terraform", "Kubernetes"]
        ),
        [true, false]
    );
    // Each term takes the word said of its own part, whichever comes first in the line.
    assert_eq!(
        welcome(
            "Knowledge of Terraform ideally, Kubernetes is required, Ansible a plus",
            &["Terraform", "Kubernetes", "Ansible"]
        ),
        [true, false, true]
    );
    assert_eq!(
        welcome("Go (ideally) and Rust required", &["Go", "Rust"]),
        [true, false]
    );
    assert_eq!(
        welcome(
            "Preferred: Terraform, required: Kubernetes",
            &["Terraform", "Kubernetes"]
        ),
        [true, false]
    );
    // The pipeline never takes a line's first word as a term: the part with the word of
    // welcome then names none, and what is required stays so.
    assert_eq!(
        welcome(
            "Terraform preferred, but Kubernetes is required",
            &["Kubernetes"]
        ),
        [false]
    );
    // A term is found as a whole word: "go" is not in "google".
    assert_eq!(
        welcome(
            "Google Cloud in production; Go is a plus",
            &["Google Cloud", "Go"]
        ),
        [false, true]
    );
}

#[test]
fn ways_of_working_places_and_tenure_are_not_requirements() {
    let line = "you write tests because they let you move faster";
    assert!(said_as_verb("move faster", line));
    assert!(said_as_verb(
        "learn new technology quickly",
        "the ability to learn new technology quickly"
    ));
    assert!(!said_as_verb("code review", "you give careful code review"));
    let job = Job::parse("# SRE\n\n## The role\n\n- Coordinate across three backend teams\n");
    for term in [
        "across three backend teams",
        "five years",
        "Five or more years",
        "10 or more years of experience",
    ] {
        assert!(!is_requirement(term, &job), "{term}");
    }
}

#[test]
fn the_employers_products_its_people_and_its_groups_are_not_requirements() {
    let job = Job::parse(
        "Data Engineer\nMeridale Health Partners\n\nMeridale Health Partners runs clinics and \
         the Meridale Community Health Plan.\n\n## What you'll do\n\n- Build Meridale's \
         pipelines in Snowflake\n- Report to the Manager, Data Engineering, and partner with a \
         Senior Product Manager and a Director\n- Lead the Mobile Checkout & Trips team on Kotlin\n\
         - Write code, review it and test it\n\nMeridale Health Partners is an equal \
         opportunity employer.\n",
    );
    for term in [
        "Meridale's",
        "Meridale Community Health Plan",
        "Data Engineering",
        "Senior Product Manager",
        "Director",
        "Mobile Checkout Trips",
        "code, review",
    ] {
        assert!(!is_requirement(term, &job), "{term}");
    }
    for term in ["Snowflake", "Kotlin", "AWS Secrets Manager", "code review"] {
        assert!(is_requirement(term, &job), "{term}");
    }
}

#[test]
fn names_the_posting_calls_its_own_or_gives_a_title_and_counts_are_not_requirements() {
    let job = Job::parse(
        "# Staff Engineer\n\n## The role\n\n- Build the software behind Tidemark, our booking \
         platform, in Kotlin\n- Work alongside Lea Aydın, Staff Engineer for Risk\n- Six years \
         in platform roles, including two as a lead\n- Pair with Omar Haddad, Risk & Fraud Lead\n",
    );
    // A title's word may come after a token with no word in it ("&").
    for term in ["Tidemark", "Lea Aydın", "including two", "Omar Haddad"] {
        assert!(!is_requirement(term, &job), "{term}");
    }
    assert!(is_requirement("Kotlin", &job));
    // A verb after the comma is the next requirement, not a title.
    let job = Job::parse("# SRE\n\n## The role\n\n- Define SLOs, lead incident response\n");
    assert!(is_requirement("SLOs", &job));
}

#[test]
fn the_employers_product_a_unit_it_names_a_kind_of_job_and_a_degree_field_are_not_requirements() {
    let job = Job::parse(
        "# Data Engineer\n\nHarrowby builds Lanternly, a clinic scheduling platform. You work \
         with the Office of Quality and Patient Safety.\n\n## What you'll do\n\n- Run \
         pipelines on Snowflake for Lanternly clinics\n- Five years in data or platform \
         roles\n- A degree in Computer Science, Information Systems or a related field; \
         experience with Airflow\n- Partner with the Department of Clinical Research\n",
    );
    for term in [
        "Lanternly",
        "Patient Safety",
        "Clinical Research",
        "platform roles",
        "Information Systems",
    ] {
        assert!(!is_requirement(term, &job), "{term}");
    }
    for term in ["Snowflake", "Airflow"] {
        assert!(is_requirement(term, &job), "{term}");
    }
    // A technology described the same way is still a requirement when nobody makes it here.
    let job = Job::parse(
        "# Backend Engineer\n\n## The role\n\n- Run Temporal, a workflow engine, in production\n",
    );
    assert!(is_requirement("Temporal", &job));
}
