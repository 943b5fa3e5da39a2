//! Critique helpers over the offline fixture bank: critiquing a draft, reading its codes and
//! spans, engines with a vision or a pace, and the drafts that more than one module critiques.
//! Re-exported by `util::offline`, where the tests import them from.

use starcoach::engine::CritiqueRequest;
use starcoach::engine::offline::{OfflineEngine, Pace, Settings};
use starcoach::report::{CritiqueReport, FindingCode};

use super::offline::engine_with;

#[track_caller]
pub fn critique(e: &OfflineEngine, draft: &str, question: Option<&str>) -> CritiqueReport {
    e.critique_report(&CritiqueRequest {
        draft: draft.into(),
        question: question.map(str::to_string),
        job: None,
        spoken_seconds: None,
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

/// The text of each span of a code's finding, which must be raised.
#[track_caller]
pub fn spans_of(draft: &str, r: &CritiqueReport, code: FindingCode) -> Vec<String> {
    spanned(draft, r, code).expect("finding")
}

/// Whether the report raises a code.
pub fn has(r: &CritiqueReport, code: FindingCode) -> bool {
    r.findings.iter().any(|f| f.code == code)
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
