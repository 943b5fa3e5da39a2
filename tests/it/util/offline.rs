//! The offline engine's fixtures, shared by `match_`, `tailor`, `critique`, `critique_wording` and
//! `followups`: a small fictional bank built in code, engines over it, critique helpers, and the
//! drafts that more than one of those modules critiques.

use std::path::Path;
use std::sync::Arc;

use starcoach::engine::CritiqueRequest;
use starcoach::engine::offline::{OfflineEngine, Pace, Settings};
use starcoach::report::{CritiqueReport, FindingCode};
use starcoach::story::{Entry, Kind, Section, StoryBank};

pub fn story(id: &str, categories: &[&str], sections: &[(&str, &str)]) -> Entry {
    entry(id, Kind::Story, id, categories, &[], sections)
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
        entry(
            "weakness-negative-feedback",
            Kind::Answer,
            "Weakness / Negative Feedback",
            &["Weakness / Negative Feedback"],
            &[],
            &[(
                "Points",
                "- **Weakness:** I tend to say yes to too many requests from other teams\n- **Feedback:** my manager told me my own roadmap items slipped because of it\n- **Working on it:** I now keep a visible queue and agree priorities with my manager every week",
            )],
        ),
        entry(
            "introduction",
            Kind::Answer,
            "Introduction",
            &["Introduction"],
            &[],
            &[(
                "Points",
                "- Backend engineer with eight years in transport ticketing\n- Most recently at Orchard Rail, where I own the fares and timetable services\n- I like systems that thousands of travellers depend on every morning",
            )],
        ),
        entry(
            "why-rust",
            Kind::Answer,
            "Why Rust",
            &["Why Rust"],
            &[],
            &[(
                "Points",
                "- Rust catches the class of bugs that used to page me at night\n- The compiler makes refactoring a large service much less scary",
            )],
        ),
        entry(
            "why-left-consulting",
            Kind::Answer,
            "Why left consulting",
            &["Why left consulting"],
            &[],
            &[(
                "Points",
                "- In consulting I handed systems over just as they became interesting\n- I wanted to own a product for years and live with my own decisions",
            )],
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

#[track_caller]
pub fn critique(e: &OfflineEngine, draft: &str, question: Option<&str>) -> CritiqueReport {
    e.critique_report(&CritiqueRequest {
        draft: draft.into(),
        question: question.map(str::to_string),
        job: None,
    })
    .expect("critique")
}

/// The text of each span of a code's finding, as the draft has it; `None` when the code is not
/// raised.
pub fn spanned(draft: &str, r: &CritiqueReport, code: FindingCode) -> Option<Vec<String>> {
    let chars: Vec<char> = draft.chars().collect();
    let finding = r.findings.iter().find(|f| f.code == code)?;
    Some(
        finding
            .spans
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect(),
    )
}

pub fn codes(r: &CritiqueReport) -> Vec<&str> {
    r.findings.iter().map(|f| f.code.as_str()).collect()
}

pub fn critique_engine() -> OfflineEngine {
    engine_with(Vec::new(), None, Settings::default())
}

pub fn vision_engine() -> OfflineEngine {
    engine_with(Vec::new(), Some(VISION), Settings::default())
}

pub fn paced(words_per_minute: u32, max_seconds: u32, min_seconds: u32) -> OfflineEngine {
    let settings = Settings {
        pace: Pace {
            words_per_minute,
            max_seconds,
            min_seconds,
        },
        ..Settings::default()
    };
    engine_with(Vec::new(), None, settings)
}

#[track_caller]
pub fn assert_raises(e: &OfflineEngine, draft: &str, question: Option<&str>, code: &str) {
    let r = critique(e, draft, question);
    assert!(
        codes(&r).contains(&code),
        "expected {code} for {question:?} / {draft:?}, got {:?}",
        codes(&r)
    );
}

#[track_caller]
pub fn assert_quiet(e: &OfflineEngine, draft: &str, question: Option<&str>, code: &str) {
    let r = critique(e, draft, question);
    assert!(
        !codes(&r).contains(&code),
        "did not expect {code} for {question:?} / {draft:?}, got {:?}",
        codes(&r)
    );
}

pub fn join(parts: &[&str]) -> String {
    parts.join(" ")
}

/// Words as the DESIGN counts them for speaking time: whitespace-separated, with a letter or digit.
pub fn spoken_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

pub const VISION: &str = "Reliability is a product's core feature";

// ---------------------------------------------------------------- drafts

// The parts of one complete answer about a slow journey planner.
pub const SIT: &str = "At Orchard Rail, our journey planner kept timing out every weekday morning when commuters all opened the app at once.";
pub const TASK: &str = "I was responsible for the planner's backend, and my goal was to keep it responsive through the rush.";
pub const ACT: &str = "I profiled the slowest requests and found that every search reloaded the whole timetable from the database. I moved the timetable into an in-memory cache that refreshes once a minute, and I added a load test to the release pipeline.";
pub const RES: &str = "As a result, p95 response time dropped from 3 seconds to 400 milliseconds and the morning outages stopped completely.";
pub const LEARN: &str = "I learned to measure under realistic load before touching any code.";

pub fn complete() -> String {
    join(&[SIT, TASK, ACT, RES, LEARN])
}

/// A performance story with no link to reliability.
pub const SEAT_MAP: &str = "At Pinetree Tickets the seat-map page took 4 seconds to load during the holiday sale, and shoppers were giving up before they had even picked a seat. \
My goal was to get it under half a second before the sale started. \
I profiled the endpoint on a copy of production, rewrote an N+1 query as a single join, and cached the venue layouts in memory, so that the page only fetched the seats that had changed. \
As a result the page loaded in 300 milliseconds and checkout conversion rose 9 percent. \
I learned to measure before optimising anything.";

pub const NO_ACTION: &str = "At Orchard Rail the journey planner kept timing out every weekday morning when commuters opened the app. \
I was responsible for the planner's backend, and my goal was to keep it responsive through the rush. \
It was a really hard problem with a lot of moving parts and a lot of pressure from management. \
In the end p95 response time went from 3 seconds to 400 milliseconds. \
I learned a lot about performance.";

pub const WE_HEAVY: &str = "At Orchard Rail our journey planner kept timing out every weekday morning. \
Our goal was to keep it responsive through the rush. \
We profiled the slowest requests and we found that every search reloaded the whole timetable. \
We moved the timetable into a cache and we added a load test to our pipeline. \
As a result p95 dropped from 3 seconds to 400 milliseconds. \
We learned to measure before touching code.";

/// `WE_HEAVY` with the goal and every step told as the speaker's own.
pub const WE_HEAVY_AS_MINE: &str = "At Orchard Rail our journey planner kept timing out every weekday morning. \
My goal was to keep it responsive through the rush. \
I profiled the slowest requests and I found that every search reloaded the whole timetable. \
I moved the timetable into a cache and I added a load test to our pipeline. \
As a result p95 dropped from 3 seconds to 400 milliseconds. \
I learned to measure before touching code.";

pub const MISTAKE: &str = "Last spring at Orchard Rail I shipped a new timetable parser without testing it against a full day of real data. \
I owned the importer, so fixing it was on me. \
When departures vanished from the app I rolled back the importer and reloaded the previous timetable, and I wrote a replay test for every feed change. \
Departures were missing for 2 hours, and the replay test has caught 4 bad feeds since.";

pub const SHORT: &str =
    "I fixed the slow journey planner by caching the timetable, and response times dropped a lot.";

/// The off-question finding of a critique, if raised.
pub fn off_question(r: &CritiqueReport) -> Option<&starcoach::report::Finding> {
    r.findings
        .iter()
        .find(|f| f.code == FindingCode::OffQuestion)
}

/// That the critique raises off-question, with a message that opens with `reading`.
#[track_caller]
pub fn assert_off_question(r: &CritiqueReport, reading: &str) {
    let f = off_question(r).unwrap_or_else(|| panic!("{:?}", codes(r)));
    assert!(f.message.starts_with(reading), "{}", f.message);
}
