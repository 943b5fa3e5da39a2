//! The inputs of the engine benchmarks: synthetic banks generated deterministically (a seeded
//! LCG per entry), the questions and the job posting.

use std::path::Path;
use std::sync::Arc;

use starcoach::story::{Entry, Kind, Section, StoryBank};

/// Knuth's MMIX linear congruential generator: enough randomness for text, no dependency.
struct Lcg(u64);

impl Lcg {
    fn seeded(seed: u64) -> Lcg {
        let mut lcg = Lcg(seed ^ 0x9E37_79B9_7F4A_7C15);
        lcg.next();
        lcg
    }

    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() as usize) % (hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }

    /// `n` distinct items.
    fn several<'a>(&mut self, items: &[&'a str], n: usize) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        while out.len() < n.min(items.len()) {
            let item = self.pick(items);
            if !out.contains(&item) {
                out.push(item);
            }
        }
        out
    }
}

const CATEGORIES: &[&str] = &[
    "Conflict",
    "Failure",
    "Leadership",
    "Ownership",
    "Teamwork",
    "Tight Schedule",
    "Legacy",
    "Technically Challenging",
    "Mentoring",
    "Difficult Decision",
    "Customer Focus",
    "Innovation",
    "Business Impact",
    "Quick Learn",
    "Weakness / Negative Feedback",
    "Strength / Positive Feedback",
    "Incident Response",
    "Automation",
];
const ANSWER_CATEGORIES: &[&str] = &[
    "Introduction",
    "Why this company",
    "Why searching a new position",
    "Career Goal",
    "Vision",
    "My Questions",
    "Weakness / Negative Feedback",
    "Strength / Positive Feedback",
    "Ideal Role",
];
const COMPANIES: &[&str] = &[
    "Orchard Rail",
    "Pinetree Tickets",
    "Harbor Lights Analytics",
    "Quillfeather Books",
    "Bluefin Logistics",
    "Cobalt Health",
    "Mossgrove Bank",
    "Northwind Energy",
];
const TAGS: &[&str] = &[
    "incident",
    "postgres",
    "kafka",
    "kubernetes",
    "terraform",
    "latency",
    "migration",
    "on-call",
    "postmortem",
    "mentoring",
    "api",
    "payments",
    "search",
    "observability",
    "security",
    "cost",
    "ci",
    "rust",
    "go",
    "python",
];
const VERBS: &[&str] = &[
    "Migrated",
    "Rebuilt",
    "Led",
    "Fixed",
    "Automated",
    "Debugged",
    "Negotiated",
    "Shipped",
    "Redesigned",
    "Rescued",
    "Simplified",
    "Scaled",
];
const OBJECTS: &[&str] = &[
    "the billing service",
    "a flaky integration test suite",
    "the search index",
    "the nightly batch jobs",
    "the mobile login flow",
    "the deploy pipeline",
    "the payments gateway",
    "the customer data export",
    "the alerting rules",
    "a legacy reporting module",
    "the fares engine",
    "the warehouse sync",
];
const PROBLEMS: &[&str] = &[
    "kept timing out during the morning peak",
    "failed a few times every week without a clear cause",
    "was built on a framework that had reached end of life",
    "needed a full day of manual work before every release",
    "blocked two other teams from shipping their features",
    "cost far more to run than anyone had budgeted",
    "paged the on-call engineer almost every night",
    "had no owner after the original team moved on",
];
const GOALS: &[&str] = &[
    "I was responsible for bringing it back under control before the next release",
    "my goal was to cut the manual work without slowing anyone down",
    "I had to deliver the change before the contract deadline",
    "I owned the migration plan and the cutover",
    "I was asked to find the root cause and keep it from coming back",
    "my task was to get the other teams unblocked within a sprint",
];
const ACTIONS: &[&str] = &[
    "I profiled the slowest requests and rewrote the worst query as a single join",
    "I wrote a runbook and automated the three steps people kept getting wrong",
    "I set up a dashboard and an alert on the p95 latency",
    "I split the work into milestones and paired with the newest engineer",
    "I disagreed with the original plan and proposed a smaller first release",
    "I moved traffic over in steps of 5, 25 and 100 percent with a kill switch",
    "I ran a blameless postmortem and tracked every action item to done",
    "I interviewed the support team to learn which failures customers actually saw",
    "I added contract tests between the two services",
    "I cached the hottest keys in memory and removed a chatty dependency",
];
const RESULTS: &[&str] = &[
    "p95 latency fell from 2 seconds to 180 milliseconds",
    "release preparation went from a full day to 20 minutes",
    "pages to the on-call rotation dropped by 70 percent",
    "the migration finished 4 days early with no failed payments",
    "the team shipped the feature on time for the launch",
    "cloud spend fell by $14,000 a month",
    "the customer renewed a three-year contract",
    "two other teams adopted the same approach",
];
const POINTS: &[&str] = &[
    "I care most about systems people can depend on at three in the morning",
    "I like owning a product for years and living with my own decisions",
    "I am looking for a team that writes things down and reviews designs early",
    "I tend to say yes to too many requests, and I now keep a visible queue",
    "Colleagues say I am calm during incidents and explain trade-offs clearly",
    "I want to grow into a staff engineer who mentors other engineers",
    "How does the team decide what to work on next quarter?",
    "What does on-call look like, and how often does it page?",
];

fn bullets(rng: &mut Lcg, pool: &[&str]) -> String {
    let n = rng.between(2, 4);
    rng.several(pool, n)
        .iter()
        .map(|line| format!("- {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn section(name: &str, text: String) -> Section {
    Section {
        name: name.into(),
        text,
    }
}

/// Entry `i` of a synthetic bank: about three stories for every prepared answer.
fn synthetic_entry(i: usize) -> Entry {
    let mut rng = Lcg::seeded(i as u64);
    let company = rng.pick(COMPANIES);
    let is_story = rng.between(0, 3) != 0;
    if is_story {
        let object = rng.pick(OBJECTS);
        let title = format!("{} {object} at {company}", rng.pick(VERBS));
        let n_categories = rng.between(1, 2);
        let n_problems = rng.between(2, 4);
        let situation: Vec<String> = rng
            .several(PROBLEMS, n_problems)
            .iter()
            .map(|p| format!("- At {company}, {object} {p}"))
            .collect();
        Entry {
            id: format!("S{i}"),
            kind: Kind::Story,
            title,
            company: Some(company.to_string()),
            categories: rng
                .several(CATEGORIES, n_categories)
                .iter()
                .map(|c| c.to_string())
                .collect(),
            tags: rng.several(TAGS, 3).iter().map(|t| t.to_string()).collect(),
            sections: vec![
                section("Situation", situation.join("\n")),
                section("Task", bullets(&mut rng, GOALS)),
                section("Action", bullets(&mut rng, ACTIONS)),
                section("Result", bullets(&mut rng, RESULTS)),
            ],
        }
    } else {
        let category = rng.pick(ANSWER_CATEGORIES);
        Entry {
            id: format!("a{i}"),
            kind: Kind::Answer,
            title: category.to_string(),
            company: None,
            categories: vec![category.to_string()],
            tags: rng.several(TAGS, 2).iter().map(|t| t.to_string()).collect(),
            sections: vec![
                section("Points", bullets(&mut rng, POINTS)),
                section("Background", bullets(&mut rng, PROBLEMS)),
                section("Example", bullets(&mut rng, ACTIONS)),
                section("Close", bullets(&mut rng, RESULTS)),
            ],
        }
    }
}

pub fn synthetic_bank(n: usize) -> Arc<StoryBank> {
    let entries = (0..n).map(synthetic_entry).collect();
    Arc::new(StoryBank::from_entries(
        Path::new("synthetic-bank"),
        entries,
    ))
}

pub const QUESTIONS: &[&str] = &[
    "Tell me about a time you disagreed with a colleague.",
    "What is your biggest failure, and what did you learn?",
    "Tell me about a time you led a team through a difficult project.",
    "Describe a time you delivered under a tight deadline.",
    "How have you dealt with a legacy system nobody wanted to touch?",
    "What is your greatest weakness?",
    "Why are you looking for a new position?",
    "Tell me about a production incident you handled.",
];

pub const JOB: &str = "# Senior Backend Engineer, Platform

We run the booking platform for 40 regional transport operators.

## What you will do
- Own the reliability of our booking APIs and define SLOs with product teams
- Join the on-call rotation and lead incident response during outages
- Migrate legacy payment flows to a new provider under a tight deadline
- Mentor junior engineers and review their designs
- Work across teams to automate manual release steps

## What we look for
- Experience with Kafka, Postgres and Kubernetes in production
- You disagree openly and commit once a decision is made
- Clear written communication with non-engineers
";
