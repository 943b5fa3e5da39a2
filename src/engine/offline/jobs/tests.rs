//! How a posting is read: which lines are requirements, what each asks for, its terms.

use super::*;

#[test]
fn terms_keep_their_spelling_and_every_word() {
    let terms = line_terms("Own features end to end, from design doc to SLOs", None);
    assert!(terms.iter().any(|t| t == "end to end"), "{terms:?}");
    let terms = line_terms(
        "We make data-driven decisions and own things end-to-end",
        None,
    );
    assert!(terms.iter().any(|t| t == "data-driven"), "{terms:?}");
    assert!(terms.iter().any(|t| t == "end-to-end"), "{terms:?}");
}

#[test]
fn the_tenure_a_line_asks_for_is_not_what_it_asks_about() {
    assert_eq!(
        without_tenure("5+ years with PostgreSQL, or three years of Go"),
        "with PostgreSQL, or of Go"
    );
    let job = Job::parse("# SRE\n\n## Requirements\n\n- 5+ years with PostgreSQL\n");
    let asked = likely_questions(&job, 20);
    assert!(
        !asked
            .iter()
            .any(|q| q.competency == CompetencyId::CareerGoal && !is_core(q)),
        "{asked:?}"
    );
}

#[test]
fn a_term_starts_at_a_word_not_inside_one() {
    let line = "Coach newer engineers until they're confident running on-call on their own";
    let terms = line_terms(line, None);
    assert!(terms.iter().any(|t| t.starts_with("on-call")), "{terms:?}");
    assert!(
        !terms.iter().any(|t| t.starts_with("onfident")),
        "{terms:?}"
    );
}

#[test]
fn a_sentence_that_asks_for_several_things_is_cut_where_you_speaks_again() {
    assert_eq!(
        clauses(
            "You give thoughtful code reviews, you mentor less experienced engineers, and you \
             can explain a trade-off to a designer."
        ),
        [
            "You give thoughtful code reviews",
            "you mentor less experienced engineers",
            "you can explain a trade-off to a designer.",
        ]
    );
    // A comma that does not open a clause about "you" keeps the sentence whole.
    assert_eq!(
        clauses("Go, Kafka and Postgres, on AWS; young team"),
        ["Go, Kafka and Postgres, on AWS; young team"]
    );
}

/// A prose posting without headings: its first paragraph is about the product, its second
/// speaks to the candidate.
const PROSE: &str = "Senior Engineer\n\nAcme helps you book a table in seconds. You pick the \
     time and we do the rest.\n\nYou'll join a team of five. You give careful code reviews, you \
     mentor less experienced engineers without making them feel small.\n";

#[test]
fn a_paragraph_that_speaks_to_the_candidate_is_read_in_its_you_sentences_too() {
    let job = Job::parse(PROSE);
    let texts: Vec<&str> = job.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts.contains(&"you mentor less experienced engineers without making them feel small."),
        "{texts:?}"
    );
    // The product paragraph's "you" is the customer.
    assert!(
        !texts.iter().any(|t| t.contains("pick the time")),
        "{texts:?}"
    );
    let asked = likely_questions(&job, 10);
    let mentoring = asked
        .iter()
        .find(|q| q.competency == CompetencyId::Mentoring)
        .expect("a mentoring question");
    assert_eq!(
        mentoring.evidence[0],
        "you mentor less experienced engineers without making them feel small."
    );
}

#[test]
fn a_line_is_evidence_first_for_the_competency_it_opens_with() {
    let job = Job::parse(
        "# Staff Engineer\n\n## The role\n\n- Mentor senior and mid-level engineers and raise \
         the bar on code review\n- Lead the migration of our legacy monolith to services\n",
    );
    let evidence = job.competency_evidence();
    let strength = |id: CompetencyId| {
        let i = lexicon()
            .competencies
            .iter()
            .position(|c| c.id == id)
            .unwrap();
        evidence[i].strength
    };
    assert!(
        strength(CompetencyId::Mentoring) > strength(CompetencyId::Leadership),
        "mentoring {} leadership {}",
        strength(CompetencyId::Mentoring),
        strength(CompetencyId::Leadership)
    );
    // "Lead" only frames the line: the migration is what it asks for.
    let lead = &job.lines[1].tokens;
    let leaders: Vec<CompetencyId> = lexicon()
        .competencies
        .iter()
        .filter(|c| c.leads(lead))
        .map(|c| c.id)
        .collect();
    assert!(!leaders.contains(&CompetencyId::Leadership), "{leaders:?}");
}

/// A part joined by ", and" opens on its own, and a verb that only frames it ("handle") does not
/// hide what it asks for: the line is evidence first for both of its asks.
#[test]
fn a_part_joined_by_and_opens_for_what_it_asks() {
    let job = Job::parse(
        "# Engineering Lead\n\n## The role\n\n- Make tough calls on priorities, and handle \
         disagreement with other leads and with management\n- Keep the team informed\n",
    );
    let joined = joined_parts(&job.lines[0].text);
    let leaders: Vec<CompetencyId> = lexicon()
        .competencies
        .iter()
        .filter(|c| joined.iter().any(|p| c.leads(p)))
        .map(|c| c.id)
        .collect();
    assert!(leaders.contains(&CompetencyId::Conflict), "{leaders:?}");
    assert!(joined_parts("Go, Kafka and Postgres, on AWS").is_empty());
    assert!(joined_parts("Partner with product, design, and leadership").is_empty());
    // A phrase that begins with the framing verb still opens its line.
    let leadership = lexicon().get(CompetencyId::Leadership);
    assert!(leadership.leads(&Tokens::new("Lead a team of six backend engineers")));
}

#[test]
fn a_posting_line_never_makes_a_question_about_the_person_likelier() {
    let job = Job::parse(
        "# SRE\n\n## The role\n\n- This is why we're looking for a new engineer\n- Keep logs \
         cheap for long-term retention\n- Strong Go skills\n- Lead the review when a \
         pipeline fails\n",
    );
    for q in likely_questions(&job, 40) {
        // A failure question asks for the candidate's own failing; a posting's systems fail.
        let personal = matches!(
            q.competency,
            CompetencyId::Leaving
                | CompetencyId::CareerGoal
                | CompetencyId::Strength
                | CompetencyId::Failure
        );
        assert!(!personal || is_core(&q), "{q:?}");
    }
}

#[test]
fn the_word_most_lines_use_is_the_postings_domain_not_a_competency() {
    let job = Job::parse(
        "# Data Engineer\n\n## The role\n\n- Build data pipelines in Airflow\n- Model data in \
         dbt\n- Keep data quality high with checks\n- Document data lineage\n- Answer pages \
         for the data platform\n",
    );
    let asked = likely_questions(&job, 20);
    assert!(
        !asked
            .iter()
            .any(|q| q.competency == CompetencyId::DataDriven && !is_core(q)),
        "{asked:?}"
    );
    // One line about deciding from data is still evidence.
    let job = Job::parse("# PM\n\n## The role\n\n- Make decisions based on data\n");
    assert!(
        likely_questions(&job, 20)
            .iter()
            .any(|q| q.competency == CompetencyId::DataDriven && !is_core(q))
    );
}

#[test]
fn words_of_another_sense_are_no_evidence() {
    let job = Job::parse(
        "# ML Engineer\n\n## The role\n\n- Write custom CUDA kernels\n- Run the performance \
         management cycle for your team\n- Spend most of your days on model training\n- Track \
         the error budget of the inference service\n",
    );
    let from_job: Vec<CompetencyId> = likely_questions(&job, 20)
        .into_iter()
        .filter(|q| !is_core(q))
        .map(|q| q.competency)
        .collect();
    for other in [
        CompetencyId::Customer,
        CompetencyId::Performance,
        CompetencyId::Mentoring,
        CompetencyId::Cost,
    ] {
        assert!(!from_job.contains(&other), "{other:?} in {from_job:?}");
    }
    // Another sense is a whole phrase: "custom" is not inside "customers".
    let job = Job::parse("# Engineer\n\n## The role\n\n- Talk to customers every week\n");
    assert!(
        likely_questions(&job, 20)
            .iter()
            .any(|q| q.competency == CompetencyId::Customer && !is_core(q))
    );
}

#[test]
fn among_equally_likely_topics_the_one_a_line_asks_for_plainly_comes_first() {
    // Both topics are as likely as it gets; automation is what two lines ask for outright,
    // the migration only what four lines mention on the way (lexicon order has it first).
    let job = Job::parse(
        "# Platform Engineer\n\n## What you'll do\n\n- Automate the manual release steps and \
         remove toil from deploys\n- Automate certificate rotation with scripts\n- Keep builds \
         fast during the migration off the legacy build system\n- Keep the old services running \
         during the migration off the deprecated queue\n- Write runbooks for the migration of \
         legacy services\n- Support teams through the migration of the legacy monolith\n",
    );
    let asked: Vec<(CompetencyId, f64)> = likely_questions(&job, 10)
        .iter()
        .map(|q| (q.competency, q.likelihood))
        .collect();
    assert_eq!(asked[0].1, asked[1].1, "{asked:?}");
    assert_eq!(
        (asked[0].0, asked[1].0),
        (CompetencyId::Automation, CompetencyId::LegacyMigration),
        "{asked:?}"
    );
}

/// A posting asks for hiring or remote work in those words; "async/await" is a language
/// feature and "no recruiters" a notice to agencies, neither a topic of the loop.
#[test]
fn hiring_and_remote_work_come_from_what_the_role_does_not_from_lookalike_words() {
    let asks = |line: &str, id: CompetencyId| {
        let job = Job::parse(&format!("# Engineer\n\n## About the role\n\n- {line}\n"));
        likely_questions(&job, 20)
            .iter()
            .any(|q| q.competency == id)
    };
    assert!(asks(
        "Hire and grow a team of five engineers over the next year",
        CompetencyId::Hiring
    ));
    assert!(asks(
        "Work with a distributed team across three time zones",
        CompetencyId::RemoteWork
    ));
    assert!(!asks(
        "You understand Swift concurrency (async/await, actors) in a real codebase",
        CompetencyId::RemoteWork
    ));
    assert!(!asks("NO RECRUITERS, please", CompetencyId::Hiring));
    assert!(!asks(
        "Candidates should have shipped Python services; we use pip and poetry",
        CompetencyId::Hiring
    ));
    assert!(!asks(
        "Build weekly reports for finance and sales leadership",
        CompetencyId::PeopleManagement
    ));
}
