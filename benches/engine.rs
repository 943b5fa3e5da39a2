//! Offline engine benchmarks on synthetic banks of 100, 1,000 and 10,000 entries.
//!
//! `cargo bench --bench engine` runs them all; `cargo bench --bench engine -- match` only the
//! match group. Banks are generated deterministically (a seeded LCG per entry), so numbers are
//! comparable from run to run. The banks, the questions and the posting are in
//! `engine/fixtures.rs`.

#[path = "engine/fixtures.rs"]
mod fixtures;

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use starcoach::engine::offline::{OfflineEngine, Settings};
use starcoach::engine::{CritiqueRequest, MatchRequest, TailorRequest};
use starcoach::story::StoryBank;

use fixtures::{JOB, QUESTIONS, synthetic_bank};

const SIZES: [usize; 3] = [100, 1_000, 10_000];
const VISION: &str = "Reliability is a product's core feature";

/// About 150 words, the length of a typical spoken answer.
const DRAFT: &str = "At Orchard Rail, our journey planner kept timing out every weekday morning when \
commuters all opened the app at once, and support was getting dozens of complaints a day. I was \
responsible for the planner's backend, and my goal was to keep it responsive through the rush \
without buying more hardware. I profiled the slowest requests and found that every search reloaded \
the whole timetable from the database. I moved the timetable into an in-memory cache that refreshes \
once a minute, made the refresh atomic, and added a load test that replays a recorded morning rush \
to the release pipeline. We rolled it out to one server first, then to all of them. As a result, p95 \
response time dropped from 3 seconds to 400 milliseconds and the morning outages stopped. The support \
team noticed within two days. I learned \
to measure under realistic load before touching any code.";

/// `DRAFT` with a place name made of `n`'s letters closing each sentence ("... at site kab."),
/// so no sentence repeats between iterations.
fn fresh_draft(n: u32) -> String {
    let mut tag = String::new();
    let mut rest = n;
    loop {
        tag.push(char::from(b'a' + (rest % 26) as u8));
        rest /= 26;
        if rest == 0 {
            break;
        }
    }
    let body = DRAFT.strip_suffix('.').unwrap_or(DRAFT);
    format!(
        "{} at site {tag}.",
        body.replace(". ", &format!(" at site {tag}. "))
    )
}

fn engine(bank: &Arc<StoryBank>) -> OfflineEngine {
    OfflineEngine::new(Arc::clone(bank), Some(VISION), Settings::default())
}

/// Small banks get more samples; the 10k bank runs the minimum criterion allows.
fn tune(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    if n >= 10_000 {
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(3));
    } else {
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(2));
    }
}

fn benches(c: &mut Criterion) {
    let banks: Vec<(usize, Arc<StoryBank>)> =
        SIZES.iter().map(|&n| (n, synthetic_bank(n))).collect();
    let engines: Vec<(usize, OfflineEngine)> =
        banks.iter().map(|(n, bank)| (*n, engine(bank))).collect();

    let requests: Vec<MatchRequest> = QUESTIONS
        .iter()
        .map(|q| MatchRequest {
            question: q.to_string(),
            top: Some(5),
        })
        .collect();
    let mut group = c.benchmark_group("match");
    group.warm_up_time(Duration::from_secs(1));
    for (n, engine) in &engines {
        tune(&mut group, *n);
        group.bench_with_input(BenchmarkId::from_parameter(n), engine, |b, engine| {
            let mut next = 0;
            b.iter(|| {
                let req = &requests[next % requests.len()];
                next += 1;
                black_box(engine.match_report(black_box(req)).unwrap())
            });
        });
    }
    group.finish();

    let tailor = TailorRequest {
        job: JOB.to_string(),
        count: Some(15),
        max_reuse: None,
        target_seconds: None,
    };
    let mut group = c.benchmark_group("tailor15");
    group.warm_up_time(Duration::from_secs(1));
    for (n, engine) in &engines {
        tune(&mut group, *n);
        group.bench_with_input(BenchmarkId::from_parameter(n), engine, |b, engine| {
            b.iter(|| black_box(engine.tailor_report(black_box(&tailor)).unwrap()));
        });
    }
    group.finish();

    let critique = CritiqueRequest {
        draft: DRAFT.to_string(),
        question: Some("Tell me about a time you made a slow system faster.".to_string()),
        job: None,
        spoken_seconds: None,
    };
    let mut group = c.benchmark_group("critique");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    let (_, small) = &engines[0];
    group.bench_function("draft", |b| {
        b.iter(|| black_box(small.critique_report(black_box(&critique)).unwrap()));
    });
    // A new draft every time, as real use sends: every sentence differs from the last
    // iteration's, so nothing a reader keeps per text carries over between critiques.
    let mut n = 0u32;
    group.bench_function("fresh", |b| {
        b.iter_batched(
            || {
                n += 1;
                CritiqueRequest {
                    draft: fresh_draft(n),
                    ..critique.clone()
                }
            },
            |req| black_box(small.critique_report(&req).unwrap()),
            BatchSize::SmallInput,
        );
    });
    group.finish();

    let mut group = c.benchmark_group("index_build");
    group.warm_up_time(Duration::from_secs(1));
    for (n, bank) in &banks {
        tune(&mut group, *n);
        group.bench_with_input(BenchmarkId::from_parameter(n), bank, |b, bank| {
            b.iter(|| black_box(engine(bank)));
        });
    }
    group.finish();
}

/// Tailor of the largest posting accepted: the fixture's text repeated up to the posting limit,
/// as one line per repeat and as a single bullet, so a cost that grows with the square of the
/// length shows.
fn long_posting_benches(c: &mut Criterion) {
    use starcoach::engine::MAX_JOB_BYTES;
    let engine = engine(&synthetic_bank(100));
    let body: Vec<&str> = JOB.lines().filter(|l| !l.trim().is_empty()).collect();
    let repeats = MAX_JOB_BYTES / (JOB.len() + 1);
    let lines = format!("{}\n", JOB).repeat(repeats);
    let one_line = format!("# Engineer\n\n- {}\n", body.join(" ").repeat(repeats));
    // Names followed by ", " and a capital, thousands of times in one bullet: each mention was
    // once read against the whole rest of the line, or walked back over every name before it.
    let clause = "Experience with Fortran and not COBOL, Go, Lea Aydin, ";
    let names = format!(
        "# Engineer\n\n- {}\n",
        clause.repeat((MAX_JOB_BYTES - 64) / clause.len())
    );
    let mut group = c.benchmark_group("tailor_256k");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for (name, job) in [("lines", lines), ("one-line", one_line), ("names", names)] {
        assert!(job.len() <= MAX_JOB_BYTES, "{name}: {} bytes", job.len());
        let req = TailorRequest {
            job,
            count: Some(15),
            max_reuse: None,
            target_seconds: None,
        };
        group.bench_function(name, |b| {
            b.iter(|| black_box(engine.tailor_report(black_box(&req)).unwrap()));
        });
    }
    group.finish();
}

/// The question classifier: training at start-up, and reading one question.
fn intent_benches(c: &mut Criterion) {
    use starcoach::engine::offline::data::{QUESTIONS_FILE, data};
    use starcoach::engine::offline::intent::Intent;
    use starcoach::engine::offline::lexicon::lexicon;
    let text = std::fs::read_to_string(QUESTIONS_FILE).expect("run from the repository root");
    let mut group = c.benchmark_group("intent");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("train", |b| {
        b.iter(|| black_box(Intent::train("questions.tsv", black_box(&text), lexicon()).unwrap()));
    });
    let intent = &data().intent;
    let mut next = 0;
    group.bench_function("read", |b| {
        b.iter(|| {
            next += 1;
            black_box(intent.read(black_box(QUESTIONS[next % QUESTIONS.len()])))
        });
    });
    group.finish();
}

criterion_group!(
    engine_benches,
    benches,
    long_posting_benches,
    intent_benches
);
criterion_main!(engine_benches);
