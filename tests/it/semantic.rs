//! The optional semantic signal (`[embeddings]`) end to end: the binary against a loopback
//! embeddings server (`util/embeddings.rs`). The signal reorders a match, vectors are kept in
//! the cache, and a failing or misconfigured endpoint costs the signal, never the answer.

use std::path::PathBuf;
use std::process::Output;

use crate::util::embeddings::MockEmbeddings;
use crate::util::{self, TestDir, json, stderr};

const QUESTION: &str = "Tell me about a time you led a team.";
const SECRET: &str = "sk-embed-SECRET456";

/// The repository's sample bank: three stories fit the question, the mentoring story first.
fn sample_bank() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("stories")
}

/// A model that reads "led a team" as leading an incident: only the outage story (LF1) is near
/// the question.
fn favours_the_outage(text: &str) -> Vec<f32> {
    if text.contains("shipment-tracking outage") || text == QUESTION {
        vec![1.0, 0.0]
    } else {
        vec![0.0, 1.0]
    }
}

fn config(dir: &TestDir, base_url: &str, extra: &str) {
    let cache = dir.join("cache");
    dir.write(
        "starcoach.toml",
        format!(
            "[cache]\ndir = {cache:?}\n\n[embeddings]\nbase_url = {base_url:?}\nmodel = \"mini\"\n{extra}"
        ),
    );
}

/// `match --json` on the sample bank, run off the runtime's threads so the mock keeps serving.
async fn run_match(dir: &TestDir, env: &[(&str, &str)]) -> Output {
    let mut cmd = dir.cmd();
    cmd.args([
        "--config",
        "starcoach.toml",
        "--engine",
        "offline",
        "--stories",
    ])
    .arg(sample_bank())
    .args(["match", QUESTION, "--json"]);
    for (key, value) in env {
        cmd.env(key, value);
    }
    tokio::task::spawn_blocking(move || util::run(&mut cmd, 0))
        .await
        .expect("the binary ran")
}

fn ids(out: &Output) -> Vec<String> {
    json(out)["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_semantic_signal_reorders_the_fitting_stories_and_is_cached() {
    let mock = MockEmbeddings::start(favours_the_outage).await;
    let dir = TestDir::new();
    config(&dir, &mock.base_url(), "");
    let plain = TestDir::new();
    plain.write("starcoach.toml", "");
    let offline = ids(&run_match(&plain, &[]).await);
    assert_eq!(offline[0], "TH3", "{offline:?}");
    assert!(offline.contains(&"LF1".to_string()), "{offline:?}");

    let out = run_match(&dir, &[]).await;
    let first = ids(&out);
    assert_eq!(first[0], "LF1", "{first:?}");
    let why = &json(&out)["matches"][0]["why"];
    assert!(
        why.as_array()
            .is_some_and(|w| w.iter().any(|x| x == "similar in meaning (1.00)")),
        "{why}"
    );
    let mut sorted = first.clone();
    sorted.sort();
    let mut expected = offline.clone();
    expected.sort();
    assert_eq!(sorted, expected, "the signal reorders; it adds no story");
    // The bank in one request (8 entries), then the question.
    let requests = mock.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0]["input"].as_array().map(Vec::len), Some(8));
    assert_eq!(requests[0]["model"], "mini");
    assert_eq!(requests[1]["input"][0], QUESTION);

    // A second run reads every vector from the cache.
    let again = ids(&run_match(&dir, &[]).await);
    assert_eq!(again, first);
    assert_eq!(mock.requests().len(), 2, "nothing is embedded twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_endpoint_costs_the_signal_not_the_answer() {
    let mock = MockEmbeddings::start(favours_the_outage).await;
    // The first try and both retries.
    for _ in 0..3 {
        mock.fail_next(503);
    }
    let dir = TestDir::new();
    config(&dir, &mock.base_url(), "");
    let out = run_match(&dir, &[]).await;
    let err = stderr(&out);
    assert!(
        err.contains(&mock.base_url()) && err.contains("ranking without the semantic signal"),
        "{err}"
    );
    assert_eq!(ids(&out)[0], "TH3", "the offline order");
    assert_eq!(
        mock.requests().len(),
        3,
        "a failed request is retried twice"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_with_the_wrong_number_of_vectors_is_refused() {
    let mock = MockEmbeddings::start(|_| Vec::new()).await;
    let dir = TestDir::new();
    config(&dir, &mock.base_url(), "");
    let out = run_match(&dir, &[]).await;
    let err = stderr(&out);
    assert!(err.contains("vectors that are empty"), "{err}");
    assert_eq!(ids(&out)[0], "TH3");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_is_sent_as_a_bearer_token_and_never_shown() {
    let mock = MockEmbeddings::start(favours_the_outage).await;
    for _ in 0..3 {
        mock.fail_next(500);
    }
    let dir = TestDir::new();
    config(&dir, &mock.base_url(), "api_key_env = \"SC_EMBED_KEY\"\n");
    let out = run_match(&dir, &[("SC_EMBED_KEY", SECRET)]).await;
    assert!(!stderr(&out).contains("SECRET456") && !util::stdout(&out).contains("SECRET456"));
    let auth = mock.authorization();
    assert_eq!(
        auth[0].as_deref(),
        Some(format!("Bearer {SECRET}").as_str())
    );

    // Without the variable nothing is sent, and the notice names it.
    let silent = MockEmbeddings::start(favours_the_outage).await;
    let dir = TestDir::new();
    config(&dir, &silent.base_url(), "api_key_env = \"SC_EMBED_KEY\"\n");
    let out = run_match(&dir, &[]).await;
    assert!(stderr(&out).contains("SC_EMBED_KEY"), "{}", stderr(&out));
    assert!(silent.requests().is_empty());
}
