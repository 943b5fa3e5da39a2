//! The LLM engine's tailor through a loopback OpenAI-compatible mock with 300 ms of latency:
//! 12 questions with `max_concurrency = 4` against the same 12 one at a time. Before timing, it
//! prints the prompt tokens per question with the offline preselection against the whole bank.

#[allow(dead_code)] // the bench uses only part of the mock
#[path = "../tests/it/util/openai.rs"]
mod openai;

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use serde_json::{Value, json};
use starcoach::coach::{Coach, CoachOptions, EngineChoice};
use starcoach::config::Config;
use starcoach::engine::llm::RunFlags;
use starcoach::engine::{Engine, TailorRequest};
use starcoach::story::{Entry, Kind, Section, StoryBank};

use openai::{MockOpenAi, Reply};

const QUESTIONS: usize = 12;
const LATENCY: Duration = Duration::from_millis(300);

/// (title, category, tags, situation, action, result) of the bank's stories.
const TOPICS: [(&str, &str, &str, &str, &str, &str); 10] = [
    (
        "Cut search latency",
        "Technically Challenging",
        "performance latency search",
        "catalogue search took {n} seconds at p95 and shoppers left",
        "I profiled the query path, batched the price lookups and cached the hottest titles",
        "p95 latency fell by {n}0% and conversion rose",
    ),
    (
        "Led the response to a checkout outage",
        "Incident",
        "incident outage on-call",
        "checkout failed for {n} hours during a sale",
        "I took incident command, rolled back the release and ran the blameless postmortem",
        "we restored checkout and added a canary stage that caught {n} bad releases",
    ),
    (
        "Disagreed with my manager about a rewrite",
        "Conflict",
        "conflict disagreement",
        "my manager wanted to rewrite a service that had {n} open bugs",
        "I showed the bug data and proposed fixing the worst {n} modules first",
        "we shipped the fixes in {n} weeks and dropped the rewrite",
    ),
    (
        "Launched a backfill that overwrote data",
        "Failure",
        "failure mistake data",
        "a schema change meant {n} days of metrics had to be recomputed",
        "I stopped the job, restored from the snapshot and reran it in slices",
        "dashboards were wrong for {n} hours; I now dry-run every backfill",
    ),
    (
        "Mentored a new engineer",
        "Mentoring",
        "mentoring coaching",
        "a new hire had never deployed to production",
        "I paired with them for {n} weeks and wrote a deploy checklist together",
        "they shipped {n} deploys on their own within a month",
    ),
    (
        "Migrated a legacy billing system",
        "Technically Challenging",
        "migration legacy",
        "billing ran on a {n}-year-old server nobody wanted to touch",
        "I moved it table by table behind a dual-write and compared totals nightly",
        "we switched over with zero downtime and {n} fewer pages a month",
    ),
    (
        "Negotiated scope for a launch",
        "Leadership",
        "negotiation product scope",
        "sales promised a feature in {n} weeks that needed twice that",
        "I split the feature and offered a pilot to {n} customers on the date",
        "the pilot shipped on time and the rest followed a month later",
    ),
    (
        "Introduced service level objectives",
        "Leadership",
        "slo reliability observability",
        "teams argued about reliability with no shared numbers",
        "I defined SLOs for {n} services and set up error-budget alerts",
        "pages fell by {n}0% and releases stopped being blocked by opinion",
    ),
    (
        "Cut cloud costs",
        "Business Impact",
        "cost cloud",
        "the cloud bill grew {n}0% in a year",
        "I tagged every resource, right-sized the databases and removed idle clusters",
        "we saved ${n}00k a year",
    ),
    (
        "Handled critical feedback",
        "Feedback",
        "feedback weakness",
        "my lead said my design docs were too long to review",
        "I rewrote the template to {n} pages with a one-paragraph summary first",
        "reviews took {n} days instead of a week",
    ),
];

const COMPANIES: [&str; 3] = [
    "Quillfeather Books",
    "Harbor Lights Analytics",
    "Northwind Parcel",
];

fn entry(topic: usize, company: usize) -> Entry {
    let (title, category, tags, situation, action, result) = TOPICS[topic];
    let n = (topic + 2 * company + 2).to_string();
    let fill = |text: &str| format!("- At {}, {}", COMPANIES[company], text.replace("{n}", &n));
    let sections = [
        ("Situation", fill(situation)),
        (
            "Task",
            fill("I owned the fix and had to keep the team informed"),
        ),
        ("Action", fill(action)),
        ("Result", fill(result)),
        (
            "Learned",
            fill("measuring first saved me from changing the wrong thing"),
        ),
    ];
    Entry {
        id: format!("T{topic}C{company}"),
        kind: Kind::Story,
        title: format!("{title} at {}", COMPANIES[company]),
        company: Some(COMPANIES[company].into()),
        categories: vec![category.into()],
        tags: tags.split(' ').map(str::to_string).collect(),
        sections: sections
            .into_iter()
            .map(|(name, text)| Section {
                name: name.into(),
                text,
            })
            .collect(),
    }
}

/// 30 stories: ten topics told at three companies.
fn bank() -> StoryBank {
    let entries = (0..TOPICS.len())
        .flat_map(|t| (0..COMPANIES.len()).map(move |c| entry(t, c)))
        .collect();
    StoryBank::from_entries(Path::new("bench-bank"), entries)
}

fn job() -> String {
    "# Senior Backend Engineer, Delivery Platform\n\n\
     ## What you will do\n\
     - Own production reliability: define SLOs, lead incident response and blameless postmortems\n\
     - Improve the latency of the tracking API and our search\n\
     - Mentor engineers on the team and review their designs\n\
     - Work with product managers to negotiate scope and launch dates\n\
     - Keep our cloud costs in check\n\n\
     ## What we look for\n\
     - Experience migrating legacy systems without downtime\n\
     - Clear written communication and openness to feedback\n"
        .to_string()
}

/// A valid tailor reply for the candidates the prompt lists.
fn answer(req: &Value) -> Reply {
    let user = req
        .pointer("/messages/1/content")
        .and_then(Value::as_str)
        .unwrap_or("");
    let ranking: Vec<Value> = user
        .split("<story id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .enumerate()
        .map(|(i, id)| json!({"id": id, "fit": 90 - 10 * i.min(8), "reason": "it fits"}))
        .collect();
    let track =
        [json!({"from": "action", "text": "I measured first and changed one thing at a time."})];
    let reply = json!({"ranking": ranking, "talk_track": track, "weave_in": [], "gaps": []});
    Reply::Json(reply.to_string())
}

fn coach(base_url: &str, llm: &[(&str, &str)], flags: RunFlags) -> Coach {
    // The loopback endpoint speaks OpenAI's dialect: the modes are given, not negotiated.
    let mut text = format!(
        "[llm]\nbase_url = {base_url:?}\nmodel = \"mock-model\"\nstructured = \"json_schema\"\ntoken_limit_field = \"max_completion_tokens\"\n"
    );
    for (key, value) in llm {
        text.push_str(&format!("{key} = {value}\n"));
    }
    let config = Config::parse(&text).expect("the bench config parses");
    let options = CoachOptions {
        flags,
        progress: None,
    };
    Coach::with_options(bank(), &config, EngineChoice::Llm, options).expect("the coach starts")
}

fn tailor_req() -> TailorRequest {
    TailorRequest {
        job: job(),
        count: Some(QUESTIONS),
        max_reuse: None,
        target_seconds: None,
    }
}

/// Average prompt tokens per question of a dry run, and the budget notes it produced.
fn dry_run_tokens(rt: &tokio::runtime::Runtime, base_url: &str, candidates: &str) -> (f64, usize) {
    let dry = RunFlags {
        dry_run: true,
        ..RunFlags::default()
    };
    let llm = [("candidates", candidates), ("context_window", "200000")];
    let coach = coach(base_url, &llm, dry);
    let _ = rt.block_on(coach.tailor(&tailor_req()));
    let calls = coach.dry_runs();
    assert_eq!(calls.len(), QUESTIONS, "one prepared call per question");
    let total: usize = calls.iter().map(|c| c.tokens).sum();
    let notes = calls.iter().map(|c| c.notes.len()).sum();
    (total as f64 / calls.len() as f64, notes)
}

fn print_prompt_sizes(rt: &tokio::runtime::Runtime, base_url: &str) {
    let entries = bank().len();
    let (preselected, notes_a) = dry_run_tokens(rt, base_url, "4");
    let (whole, notes_b) = dry_run_tokens(rt, base_url, "1000");
    eprintln!(
        "prompt tokens per question (tailor, {QUESTIONS} questions, {entries}-entry bank): \
         {preselected:.0} with 4 preselected candidates vs {whole:.0} with the whole bank \
         ({:.1}x; budget notes: {notes_a} / {notes_b})",
        whole / preselected
    );
}

fn bench_tailor(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let mock = rt.block_on(MockOpenAi::start());
    mock.set_default(answer);
    mock.set_latency(LATENCY);
    print_prompt_sizes(&rt, &mock.base_url());
    let no_cache = RunFlags {
        no_cache: true,
        ..RunFlags::default()
    };
    let mut group = c.benchmark_group("llm_tailor_12_questions_300ms");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500));
    for (name, concurrency) in [("concurrent_4", 4), ("sequential_1", 1)] {
        // Ten one-run samples, with room to spare: rounds of calls x latency x 11.
        let rounds = QUESTIONS.div_ceil(concurrency) as u32;
        group.measurement_time(LATENCY * rounds * 11);
        let max = concurrency.to_string();
        let coach = coach(&mock.base_url(), &[("max_concurrency", &max)], no_cache);
        group.bench_function(name, |b| {
            b.iter(|| {
                let report = rt.block_on(coach.tailor(&tailor_req())).expect("tailor");
                assert!(report.failures.is_empty(), "{:?}", report.failures);
                report
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_tailor);
criterion_main!(benches);
