//! The LLM engine's tailor runs through the library, against a real loopback OpenAI-compatible
//! server (`util/openai.rs`): one failing question among many, grounding of the talk track, the
//! response cache, the concurrency bound and the token budget.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use starcoach::coach::EngineChoice;
use starcoach::engine::Engine;
use starcoach::engine::llm::{ItemError, RunFlags};
use starcoach::story::{Entry, Kind, Section, StoryBank};

use crate::util::llm::{
    Harness, TRACK, answer, candidate_ids, coach_for, fail_one, likely_questions, match_req,
    operation, tailor_reply, tailor_req, unwrap_item, user_text,
};
use crate::util::openai::Reply;

// ---------- one failing question ----------

#[tokio::test]
async fn in_tailor_one_failing_question_does_not_stop_the_others() {
    let h = Harness::start().await;
    let questions = likely_questions(4);
    let victim = questions[1].clone();
    h.mock.set_default(fail_one(victim.clone()));
    let report = h
        .llm()
        .tailor(&tailor_req(4))
        .await
        .expect("a partial report");
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    assert_eq!(report.failures[0].item, victim);
    assert!(
        report.failures[0].error.contains("invalid twice"),
        "{:?}",
        report.failures
    );
    let answered: Vec<&str> = report
        .questions
        .iter()
        .map(|q| q.question.as_str())
        .collect();
    let expected: Vec<&str> = questions
        .iter()
        .filter(|q| **q != victim)
        .map(String::as_str)
        .collect();
    assert_eq!(answered, expected);
}

// ---------- grounding ----------

const FABRICATED: &str = "I cut costs by 73% at Initech.";

/// A line whose numbers the fixture story `id` holds, and one whose numbers only another holds.
fn own_and_borrowed(id: &str) -> (&'static str, &'static str) {
    let own = match id {
        "QB1" => "p95 latency fell from 2 seconds to 150 milliseconds.",
        "QB2" => "Lead time for changes dropped from 2 days to 3 hours.",
        "HL1" => "The rerun finished 6 hours before the Monday report.",
        "HL2" => "The pilot went to 10 customers on the original date.",
        other => panic!("no own line for {other}"),
    };
    let borrowed = if id == "HL1" {
        "The warehouse team shipped 30 deploys."
    } else {
        "I recomputed 90 days of metrics."
    };
    (own, borrowed)
}

/// The model's first pick: `ranking` reverses the candidates.
fn model_pick(req: &Value) -> String {
    candidate_ids(user_text(req)).pop().expect("candidates")
}

fn fabricating(req: &Value) -> Reply {
    if operation(req) != "tailor" {
        return answer(req);
    }
    let ids = candidate_ids(user_text(req));
    let (own, borrowed) = own_and_borrowed(&model_pick(req));
    let lines = [
        ("action", TRACK),
        ("result", FABRICATED),
        ("result", own),
        ("result", borrowed),
    ];
    Reply::Json(tailor_reply(&ids, &lines).to_string())
}

#[tokio::test]
async fn invented_and_borrowed_facts_are_flagged_and_strict_drops_them() {
    let h = Harness::start().await;
    h.mock.set_default(fabricating);
    let report = h.llm().tailor(&tailor_req(1)).await.expect("tailor");
    let q = &report.questions[0];
    let picked = q.story.as_ref().expect("a story").id.clone();
    let tailor_call = h
        .mock
        .requests()
        .into_iter()
        .find(|r| operation(r) == "tailor")
        .expect("a tailor call");
    assert_eq!(picked, model_pick(&tailor_call), "the model's pick stands");
    let (own, borrowed) = own_and_borrowed(&picked);
    assert_eq!(q.talk_track, [TRACK, FABRICATED, own, borrowed]);
    let borrowed_number = if picked == "HL1" { "30" } else { "90" };
    assert_eq!(
        q.unsupported,
        ["73%", "Initech", borrowed_number],
        "the story's own numbers pass; another story's are not this story's facts"
    );
    let strict = RunFlags {
        strict: true,
        no_cache: true,
        ..RunFlags::default()
    };
    let report = h
        .coach(&[], strict)
        .tailor(&tailor_req(1))
        .await
        .expect("strict tailor");
    let q = &report.questions[0];
    assert_eq!(
        q.talk_track,
        [TRACK, own],
        "the invented and the borrowed sentences are dropped"
    );
    assert_eq!(q.talk_track_from, ["action", "result"]);
}

// ---------- cache and concurrency ----------

#[tokio::test]
async fn a_repeated_tailor_run_is_answered_from_the_cache() {
    let h = Harness::start().await;
    let first = h.llm().tailor(&tailor_req(3)).await.expect("first run");
    let calls = h.mock.calls();
    assert_eq!(calls, 3);
    let second = h.llm().tailor(&tailor_req(3)).await.expect("cached run");
    assert_eq!(h.mock.calls(), calls, "no endpoint call on a cache hit");
    let usage = second.usage.expect("usage");
    assert_eq!((usage.cache_hits, usage.calls), (3, 0));
    assert_eq!(second.questions, first.questions);
    let no_cache = RunFlags {
        no_cache: true,
        ..RunFlags::default()
    };
    let third = h
        .coach(&[], no_cache)
        .tailor(&tailor_req(3))
        .await
        .expect("uncached run");
    assert_eq!(h.mock.calls(), calls + 3);
    assert_eq!(third.usage.expect("usage").cache_hits, 0);
}

#[tokio::test]
async fn tailor_keeps_at_most_max_concurrency_requests_in_flight() {
    let h = Harness::start().await;
    h.mock.set_latency(Duration::from_millis(200));
    let coach = h.coach(&[("max_concurrency", "3")], RunFlags::default());
    let report = coach.tailor(&tailor_req(8)).await.expect("tailor");
    assert_eq!(report.questions.len() + report.failures.len(), 8);
    assert_eq!(h.mock.calls(), 8);
    let peak = h.mock.max_in_flight();
    assert!((2..=3).contains(&peak), "peak in flight {peak}");
}

// ---------- token budget ----------

fn long_entry(i: usize) -> Entry {
    let text = |part: &str| {
        format!(
            "- In round {i} of the {part} I measured search latency on every shard, compared \
             the slow queries with the fast ones, and wrote down what each change did to the \
             p95 so the team could see the effect of one change at a time."
        )
    };
    Entry {
        id: format!("L{i}"),
        kind: Kind::Story,
        title: format!("Made catalogue search faster, round {i}"),
        company: None,
        categories: vec!["Technically Challenging".into()],
        tags: vec!["latency".into(), "performance".into(), "search".into()],
        sections: ["Situation", "Task", "Action", "Result"]
            .map(|name| Section {
                name: name.into(),
                text: text(name),
            })
            .into(),
    }
}

#[tokio::test]
async fn a_tight_budget_drops_candidates_and_says_so() {
    let h = Harness::start().await;
    let bank = StoryBank::from_entries(Path::new("bank"), (1..=6).map(long_entry).collect());
    let text = h.config(&[("context_window", "900"), ("reply_tokens", "200")]);
    let coach = coach_for(&text, EngineChoice::Llm, RunFlags::default(), bank);
    let report = coach.tailor(&tailor_req(1)).await.expect("tailor");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let notes = &report.questions[0].budget_notes;
    assert!(!notes.is_empty(), "the budget notes say what was left out");
    assert!(
        notes.iter().all(|n| n.contains("left out candidate")),
        "{notes:?}"
    );
    let sent = candidate_ids(user_text(&h.mock.requests()[0]));
    assert_eq!(sent.len(), 4 - notes.len(), "{sent:?} {notes:?}");
    assert!(!sent.is_empty());
}

#[tokio::test]
async fn an_impossible_budget_fails_the_item_naming_the_tokens_needed() {
    let h = Harness::start().await;
    let coach = h.coach(
        &[("context_window", "300"), ("reply_tokens", "200")],
        RunFlags::default(),
    );
    let report = coach
        .tailor(&tailor_req(1))
        .await
        .expect("a report with a failure");
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    let error = &report.failures[0].error;
    assert!(
        error.contains("needs") && error.contains("tokens") && error.contains("only 100 fit"),
        "{error}"
    );
    let err = unwrap_item(coach.rank(&match_req()).await);
    assert!(
        matches!(err, ItemError::Budget { budget: 100, need, .. } if need > 100),
        "{err:?}"
    );
    assert_eq!(h.mock.calls(), 0, "nothing is sent over budget");
}
