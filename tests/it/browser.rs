//! The web page in real headless Chromium (`util/browser.rs`): each view loads, a story is
//! created, a tailor runs, a typed draft gets a highlighted finding, a practice attempt shows up
//! in progress; and the page is self-contained under a strict CSP. Screenshots of every view at
//! 390 and 1280 px go to `target/screenshots/`. A recorded answer is in `browser_recording`.
//!
//! Runs when `chromedriver` is installed; `STARCOACH_BROWSER=require` (CI) makes its absence a
//! failure.

use std::path::Path;
use std::process::{Command, Stdio};

use fantoccini::{Client, Locator};
use serde_json::json;
use starcoach::coach::EngineChoice;
use starcoach::config::Config;
use starcoach::server::ServerOptions;

use crate::util::browser::{Driver, shot, until, wait};
use crate::util::server::{Server, start_with};

const WIDTHS: [u32; 2] = [1280, 390];
const DRAFT: &str = "So, um, at Kestrel Travel I was, like, basically running the booking API, \
    and it, uh, kept failing, you know, every night. I, um, rewrote the retry logic and, like, \
    the failures stopped, and the job has run cleanly for 90 days since.";

async fn server() -> (Server, tempfile::TempDir) {
    let history = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.history.path = Some(history.path().join("history.sqlite"));
    let server = start_with(&config, EngineChoice::Offline, ServerOptions::default()).await;
    (server, history)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_four_views_work_in_chromium_at_both_widths() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let c = &driver.client;
    let (server, _history) = server().await;
    let job = std::fs::read_to_string(crate::util::fixture("job.md")).unwrap();

    for width in WIDTHS {
        exercise(
            c,
            &server,
            width,
            "A config push I made took the booking API down",
            &job,
            "",
        )
        .await;
    }
    let (_, attempts) = server.get("/v1/attempts").await;
    assert_eq!(
        attempts["attempts"].as_array().unwrap().len(),
        2,
        "one attempt per width"
    );
}

/// One pass over the four views at one width: the bank's titles (`title` among them), a new
/// story saved, a plan for `job`, a highlighted finding, a practice attempt in progress.
async fn exercise(c: &Client, server: &Server, width: u32, title: &str, job: &str, label: &str) {
    c.set_window_size(width, 1000).await.unwrap();
    // Stories: the bank's titles, then a new entry saved through PUT.
    c.goto(&server.url("/#stories")).await.unwrap();
    wait(c, ".story-item").await;
    until(
        c,
        "the titles",
        &format!(
            "document.querySelector('#story-list').textContent.includes({})",
            json!(title)
        ),
    )
    .await;
    shot(c, label, "stories", width).await;
    let id = format!("WEB{width}");
    c.find(Locator::Css("#new-story"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let field = wait(c, "#story-id").await;
    field.send_keys(&id).await.unwrap();
    c.find(Locator::Css("#story-title"))
        .await
        .unwrap()
        .send_keys(&format!("Story from the page at {width}"))
        .await
        .unwrap();
    let first = wait(c, ".section-text").await;
    first
        .send_keys("I owned the migration of the billing cron to a queue.")
        .await
        .unwrap();
    c.find(Locator::Css("#save-story"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(c, "the new story in the list", &format!("document.querySelector('#story-list').textContent.includes('Story from the page at {width}')")).await;
    shot(c, label, "story-saved", width).await;
    let (status, _) = server.get(&format!("/v1/stories/{id}")).await;
    assert_eq!(status, 200, "the story was stored");

    // Tailor: the plan of the fixture posting.
    c.goto(&server.url("/#tailor")).await.unwrap();
    let text = wait(c, "#job-text").await;
    c.execute("document.querySelector('#job-text').value = arguments[0]; document.querySelector('#job-text').dispatchEvent(new Event('input'));", vec![json!(job)]).await.unwrap();
    text.send_keys(" ").await.unwrap();
    c.find(Locator::Css("#run-tailor"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait(c, "#tailor-result .plan-question").await;
    shot(c, label, "tailor", width).await;

    // Critique: typing a draft full of fillers highlights them.
    c.goto(&server.url("/#critique")).await.unwrap();
    let draft = wait(c, "#critique-draft").await;
    draft.clear().await.unwrap();
    draft.send_keys(DRAFT).await.unwrap();
    wait(c, "#critique-mirror mark.finding-mark").await;
    until(
        c,
        "a filler finding",
        "document.querySelector('#critique-result').textContent.includes('filler')",
    )
    .await;
    shot(c, label, "critique", width).await;

    // Practice: the next question, an answer, the attempt in progress.
    c.goto(&server.url("/#practice")).await.unwrap();
    wait(c, "#practice-next").await.click().await.unwrap();
    until(
        c,
        "a question",
        "document.querySelector('#practice-question').textContent.trim().length > 10",
    )
    .await;
    c.find(Locator::Css("#practice-start"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let answer = c.find(Locator::Css("#practice-answer")).await.unwrap();
    answer.clear().await.unwrap();
    answer.send_keys(crate::util::server::DRAFT).await.unwrap();
    c.find(Locator::Css("#practice-submit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait(c, "#practice-result").await;
    until(
        c,
        "a score",
        "/\\d/.test(document.querySelector('#practice-result').textContent)",
    )
    .await;
    wait(c, "#progress .progress-story").await;
    // A typed answer has no delivery or transcript; those parts leave no trace.
    let result: String = c
        .execute(
            "return document.querySelector('#practice-result').textContent",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    assert!(!result.contains("null"), "{result}");
    shot(c, label, "practice", width).await;
}

/// The first user's own bank (imported from `../shared`, when it is there): the same four views.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_four_views_work_over_the_seed_bank() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/behavioral-questions.md");
    let posting = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/jobs/sre-platform.md");
    if !seed.exists() || !posting.exists() {
        eprintln!("skipped: no ../shared/seed");
        return;
    }
    let Some(driver) = Driver::start().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("bank");
    let status = Command::new(assert_cmd::cargo::cargo_bin("starcoach"))
        .arg("import")
        .arg(&seed)
        .arg("--out")
        .arg(&bank)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut config = Config::default();
    config.history.path = Some(dir.path().join("history.sqlite"));
    let state = starcoach::server::AppState::load(
        &bank,
        &config,
        EngineChoice::Offline,
        ServerOptions::default(),
    )
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(starcoach::server::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let server = Server {
        base,
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        bank: tempfile::tempdir().unwrap(),
        stop: Some(stop),
        task,
    };
    let first = starcoach::story::StoryBank::load(&bank).unwrap().entries()[0]
        .title
        .clone();
    let job = std::fs::read_to_string(posting).unwrap();
    exercise(&driver.client, &server, 1280, &first, &job, "seed-").await;
}

/// What any browser gets: a strict CSP on the page and its assets, and nothing that points
/// outside this server.
#[tokio::test]
async fn the_page_is_self_contained_under_a_strict_csp() {
    let (server, _history) = server().await;
    for path in ["/", "/assets/app.js", "/assets/style.css"] {
        let resp = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let csp = resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        let body = resp.text().await.unwrap();
        for outside in ["http://", "https://", "//cdn", "fonts.googleapis"] {
            assert!(!body.contains(outside), "{path} refers to {outside}");
        }
    }
    let (status, _) = server.get("/assets/index.html").await;
    assert_eq!(status, 404);
}
