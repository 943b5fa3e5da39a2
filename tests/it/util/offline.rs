//! The offline engine's fixtures, shared by `match_`, `match_none`, `tailor`, the critique
//! modules and `followups`: a small fictional bank built in code and engines over it; the
//! critique helpers live in `util::critique` and are re-exported here.

use std::path::Path;
use std::sync::Arc;

use starcoach::engine::MatchRequest;
use starcoach::engine::offline::{OfflineEngine, Settings};
use starcoach::story::{Entry, Kind, Section, StoryBank};

pub fn story(id: &str, categories: &[&str], sections: &[(&str, &str)]) -> Entry {
    entry(id, Kind::Story, id, categories, &[], sections)
}

/// A prepared answer whose one category is its title and whose points are one section, as an
/// import writes "Why X" answers.
pub fn answer(id: &str, title: &str, points: &str) -> Entry {
    entry(
        id,
        Kind::Answer,
        title,
        &[title],
        &[],
        &[("Points", points)],
    )
}

pub fn entry(
    id: &str,
    kind: Kind,
    title: &str,
    categories: &[&str],
    tags: &[&str],
    sections: &[(&str, &str)],
) -> Entry {
    Entry {
        id: id.into(),
        kind,
        title: title.into(),
        company: None,
        categories: categories.iter().map(|c| c.to_string()).collect(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        sections: sections
            .iter()
            .map(|(name, text)| Section {
                name: name.to_string(),
                text: text.to_string(),
            })
            .collect(),
    }
}

pub fn titled(mut e: Entry, title: &str, company: Option<&str>, tags: &[&str]) -> Entry {
    e.title = title.into();
    e.company = company.map(str::to_string);
    e.tags = tags.iter().map(|t| t.to_string()).collect();
    e
}

pub fn bank() -> Vec<Entry> {
    vec![
        titled(
            story(
                "OR1",
                &["Conflict"],
                &[
                    (
                        "Situation",
                        "- Orchard Rail's staff architect wanted to split the fares service into six microservices before the spring timetable change\n- I thought the split would put the timetable launch at risk",
                    ),
                    (
                        "Task",
                        "- I had to change the plan without turning it into a fight between the two teams",
                    ),
                    (
                        "Action",
                        "- I disagreed in a one-on-one instead of in the design review\n- I built a small prototype that showed the two services that really needed to move\n- I proposed that we split those two now and the rest after the launch",
                    ),
                    (
                        "Result",
                        "- The architect agreed to the compromise and the timetable launched on time\n- The remaining split finished 3 months later with no customer-facing errors",
                    ),
                    (
                        "Learned",
                        "- Disagreeing in private, with data and an alternative, keeps the relationship intact",
                    ),
                ],
            ),
            "Disagreed with the staff architect about splitting the fares service",
            Some("Orchard Rail"),
            &["disagreement", "architecture", "compromise"],
        ),
        titled(
            story(
                "OR2",
                &["Failure"],
                &[
                    (
                        "Situation",
                        "- Orchard Rail imported the next day's timetable every night from a partner feed",
                    ),
                    (
                        "Task",
                        "- I owned the importer and was asked to support a new feed format",
                    ),
                    (
                        "Action",
                        "- I shipped the new parser without testing it against a full day of real data\n- When departures vanished from the app, I rolled back the importer and reloaded the previous timetable\n- I wrote a replay test that runs every feed change against a week of recorded feeds",
                    ),
                    (
                        "Result",
                        "- Departures were missing for 2 hours on a Sunday morning\n- The replay test has caught 4 bad feed changes since",
                    ),
                    (
                        "Learned",
                        "- I test data changes against real data before they ship, not after",
                    ),
                ],
            ),
            "A timetable import I shipped wiped next-day departures for two hours",
            Some("Orchard Rail"),
            &["mistake", "rollback", "data"],
        ),
        titled(
            story(
                "OR3",
                &["Leadership"],
                &[
                    (
                        "Situation",
                        "- Orchard Rail still computed delay statistics in a nightly batch that finished at 9 am",
                    ),
                    (
                        "Task",
                        "- I was asked to lead five engineers to replace the batch with event streaming",
                    ),
                    (
                        "Action",
                        "- I split the work into three milestones and gave each engineer a part they could own\n- I ran a weekly demo so the operations team saw progress early\n- I paired with the two engineers new to Kafka during the first month",
                    ),
                    (
                        "Result",
                        "- Delay statistics became available within 2 minutes instead of the next morning\n- Two of the engineers now lead streaming projects of their own",
                    ),
                    (
                        "Learned",
                        "- Giving people whole parts to own did more than any status meeting",
                    ),
                ],
            ),
            "Led five engineers from a nightly batch to event streaming",
            Some("Orchard Rail"),
            &["team lead", "kafka", "streaming"],
        ),
        titled(
            story(
                "PT1",
                &["Technically Challenging"],
                &[
                    (
                        "Situation",
                        "- At Pinetree Tickets the seat-map API took 4 seconds at p95 during the holiday rush",
                    ),
                    (
                        "Task",
                        "- I was responsible for getting p95 latency under 500 milliseconds before the sale",
                    ),
                    (
                        "Action",
                        "- I profiled the endpoint and found an N+1 query per seat row\n- I rewrote it as one query and cached the venue layouts in memory\n- I added a latency dashboard with an alert on p95",
                    ),
                    (
                        "Result",
                        "- p95 latency fell from 4 seconds to 300 milliseconds\n- Checkout conversion rose 9% during the sale",
                    ),
                    (
                        "Learned",
                        "- Measuring before optimising kept me from rewriting the parts that were already fast",
                    ),
                ],
            ),
            "Made the seat-map API fast enough for the holiday rush",
            Some("Pinetree Tickets"),
            &["performance", "latency", "profiling", "postgres"],
        ),
        titled(
            story(
                "PT2",
                &["Tight Schedule", "Legacy"],
                &[
                    (
                        "Situation",
                        "- Pinetree Tickets' payment gateway reached end of life with six weeks' notice",
                    ),
                    (
                        "Task",
                        "- I had to move every payment to the new provider before the cutoff",
                    ),
                    (
                        "Action",
                        "- I wrote an adapter so both gateways could run side by side\n- I moved traffic over in steps of 5%, 25% and 100% with a kill switch",
                    ),
                    (
                        "Result",
                        "- The migration finished 4 days before the cutoff with no failed payments",
                    ),
                    (
                        "Learned",
                        "- A kill switch made every step small enough to be calm about",
                    ),
                ],
            ),
            "Moved ticket payments off an end-of-life gateway in six weeks",
            Some("Pinetree Tickets"),
            &["migration", "payments", "deadline"],
        ),
        titled(
            story(
                "PT3",
                &["Teamwork"],
                &[
                    (
                        "Situation",
                        "- One Friday evening nobody could log in to the Pinetree Tickets mobile app",
                    ),
                    ("Task", "- I was on call and became the incident commander"),
                    (
                        "Action",
                        "- I opened an incident channel and brought in the identity and mobile teams\n- I found that an expired signing certificate broke token refresh and rotated it\n- I wrote the blameless postmortem and added certificate expiry alerts",
                    ),
                    (
                        "Result",
                        "- Logins were back within 50 minutes\n- No certificate has expired unnoticed since",
                    ),
                ],
            ),
            "Ran the incident when nobody could log in to the mobile app",
            Some("Pinetree Tickets"),
            &["incident", "on-call", "postmortem"],
        ),
        titled(
            story(
                "OR4",
                &["Low Performer"],
                &[
                    (
                        "Situation",
                        "- A new engineer on the fares team kept missing review comments and her changes bounced back again and again",
                    ),
                    (
                        "Task",
                        "- As her onboarding buddy I wanted her to become independent on the fares code",
                    ),
                    (
                        "Action",
                        "- I paired with her twice a week on real tickets instead of toy exercises\n- I wrote a short guide to the fare rules that tripped up every newcomer\n- I asked her to review my changes too, so reviews became a conversation",
                    ),
                    (
                        "Result",
                        "- Her changes started passing review on the first round\n- She went on to mentor the next new hire herself",
                    ),
                    (
                        "Learned",
                        "- Pairing on real work builds confidence faster than any document",
                    ),
                ],
            ),
            "Helped a struggling new engineer become independent on the fares code",
            Some("Orchard Rail"),
            &["mentoring", "onboarding"],
        ),
        answer(
            "weakness-negative-feedback",
            "Weakness / Negative Feedback",
            "- **Weakness:** I tend to say yes to too many requests from other teams\n- **Feedback:** my manager told me my own roadmap items slipped because of it\n- **Working on it:** I now keep a visible queue and agree priorities with my manager every week",
        ),
        answer(
            "introduction",
            "Introduction",
            "- Backend engineer with eight years in transport ticketing\n- Most recently at Orchard Rail, where I own the fares and timetable services\n- I like systems that thousands of travellers depend on every morning",
        ),
        answer(
            "why-rust",
            "Why Rust",
            "- Rust catches the class of bugs that used to page me at night\n- The compiler makes refactoring a large service much less scary",
        ),
        answer(
            "why-left-consulting",
            "Why left consulting",
            "- In consulting I handed systems over just as they became interesting\n- I wanted to own a product for years and live with my own decisions",
        ),
        entry(
            "my-questions",
            Kind::Answer,
            "My questions",
            &["My Questions"],
            &[],
            &[(
                "Points",
                "- How does the team decide what to work on next quarter?\n- What does on-call look like, and how often does it page?",
            )],
        ),
    ]
}

pub fn engine_with(entries: Vec<Entry>, vision: Option<&str>, settings: Settings) -> OfflineEngine {
    let bank = StoryBank::from_entries(Path::new("/nonexistent-bank"), entries);
    OfflineEngine::new(Arc::new(bank), vision, settings)
}

pub fn engine() -> OfflineEngine {
    engine_with(bank(), None, Settings::default())
}

/// The matches `match` gives for a question, best first.
pub fn ranked(
    e: &OfflineEngine,
    question: &str,
    top: Option<usize>,
) -> Vec<starcoach::report::Match> {
    e.match_report(&MatchRequest {
        question: question.into(),
        top,
    })
    .expect("match")
    .matches
}

pub use super::critique::*;
