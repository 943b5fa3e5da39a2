//! The web page in real headless Chromium, driven over WebDriver (chromedriver and
//! fantoccini): each view loads, a story is created, a tailor runs, a typed draft gets a
//! highlighted finding, a practice attempt shows up in progress. Screenshots of every view at
//! 390 and 1280 px go to `target/screenshots/`.
//!
//! Runs when `chromedriver` is installed; `STARCOACH_BROWSER=require` (CI) makes its absence a
//! failure.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use starcoach::coach::EngineChoice;
use starcoach::config::Config;
use starcoach::server::ServerOptions;

use crate::util::server::{Server, start_with};

const WIDTHS: [u32; 2] = [1280, 390];
const DRAFT: &str = "So, um, at Kestrel Travel I was, like, basically running the booking API, \
    and it, uh, kept failing, you know, every night. I, um, rewrote the retry logic and, like, \
    the failures stopped, and the job has run cleanly for 90 days since.";

struct Driver {
    /// Dropped first: the browser is gone before the profile is removed.
    _process: Spawned,
    client: Client,
    /// Chromium's profile: held only to be removed (when dropped) once the browser is gone.
    _profile: tempfile::TempDir,
}

impl Driver {
    async fn start() -> Option<Driver> {
        Self::start_with(&[]).await
    }

    /// A session with more Chromium flags (a fake microphone, say).
    async fn start_with(extra: &[String]) -> Option<Driver> {
        let binary = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| Path::new(p).exists());
        let required = std::env::var("STARCOACH_BROWSER").is_ok_and(|v| v == "require");
        let Some(binary) = binary else {
            assert!(
                !required,
                "STARCOACH_BROWSER=require but chromedriver is not installed (apt-get install chromium chromium-driver)"
            );
            eprintln!("skipped: chromedriver is not installed");
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // Declared first, so a session that never starts drops it after the browser is gone.
        let profile = tempfile::tempdir().unwrap();
        // Its own process group: chromedriver starts Chromium, and killing chromedriver alone
        // would leave the browser running after the test. (The price: Ctrl-C on `cargo test`
        // no longer reaches them; a run cut short can leave a browser behind.)
        let spawned = Spawned(Some(
            Command::new(binary)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("chromedriver starts"),
        ));
        // The flags a sandboxed CI machine with no network needs (see the machine notes).
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ];
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"args": args.iter().map(|a| a.to_string()).chain([format!("--user-data-dir={}", profile.path().display())]).chain(extra.iter().cloned()).collect::<Vec<_>>()}),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last = None;
        for _ in 0..50 {
            match ClientBuilder::rustls()
                .unwrap()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Some(Driver {
                        _process: spawned,
                        client,
                        _profile: profile,
                    });
                }
                Err(e) => last = Some(e.to_string()),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("cannot start a Chromium session: {last:?}");
    }
}

/// Kills chromedriver and every Chromium process it started (its process group), and waits
/// until they are gone, so the profile can be removed after. When the group cannot be
/// signalled (no `kill` on the machine), chromedriver alone is killed, as before.
fn stop_group(process: &mut Child) {
    let group = format!("-{}", process.id());
    let signalled = Command::new("kill")
        .args(["-KILL", "--", &group])
        .status()
        .is_ok_and(|s| s.success());
    if !signalled {
        let _ = process.kill();
    }
    let _ = process.wait();
    // `kill -0` fails once no process of the group is left; Chromium's take a moment.
    for _ in 0..50 {
        let alive = Command::new("kill")
            .args(["-0", "--", &group])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !alive {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Chromedriver, stopped with its group when dropped: at the end of a test, or when the
/// session never starts.
struct Spawned(Option<Child>);

impl Drop for Spawned {
    fn drop(&mut self) {
        if let Some(mut process) = self.0.take() {
            stop_group(&mut process);
        }
    }
}

fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, label: &str, name: &str, width: u32) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{label}{name}-{width}.png")), png).unwrap();
}

async fn wait(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

/// Waits until `script` (a JS expression) is true in the page.
async fn until(c: &Client, what: &str, script: &str) {
    for _ in 0..100 {
        let value = c
            .execute(&format!("return !!({script});"), vec![])
            .await
            .unwrap();
        if value == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let html = c.source().await.unwrap_or_default();
    panic!(
        "{what}: `{script}` never held; the page:\n{}",
        &html[..html.len().min(4000)]
    );
}

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

/// Recording in the page, as far as a machine without a sound card allows: Chromium's fake
/// microphone plays a WAV spoken by espeak-ng into MediaRecorder; the page uploads the
/// recording to `POST /v1/attempts`, the daemon has the local transcription server hear it,
/// and the page shows the transcript and the delivery figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_answer_is_heard_and_scored_in_the_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stt_installed = root.join("target/local-stt/model/model.bin").exists()
        && Path::new("/usr/bin/espeak-ng").exists();
    if !stt_installed {
        eprintln!("skipped: the local transcription server or espeak-ng is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    let spoken = "At Kestrel Travel our booking service went down after a change I made. I rolled it back in eight minutes and added a canary region.";
    assert!(
        Command::new("espeak-ng")
            .args(["-s", "150", "-w"])
            .arg(&wav)
            .arg(spoken)
            .status()
            .unwrap()
            .success()
    );
    let flags = [
        "--use-fake-ui-for-media-stream".to_string(),
        "--use-fake-device-for-media-stream".to_string(),
        format!("--use-file-for-fake-audio-capture={}", wav.display()),
    ];
    let Some(driver) = Driver::start_with(&flags).await else {
        return;
    };
    let stt = crate::util::local::LocalService::start(
        "local-stt.sh",
        "STARCOACH_LOCAL_STT_DIR",
        &root.join("target/local-stt"),
        &["venv", "model"],
        &dir.path().join("stt"),
        18097,
    );
    let mut config = Config::default();
    config.history.path = Some(dir.path().join("history.sqlite"));
    config.speech.base_url = Some(stt.base_url.clone());
    config.speech.model = Some(stt.model.clone());
    let server = start_with(&config, EngineChoice::Offline, ServerOptions::default()).await;
    let c = &driver.client;
    c.set_window_size(1280, 1000).await.unwrap();
    c.goto(&server.url("/#practice")).await.unwrap();
    until(
        c,
        "a question",
        "document.querySelector('#practice-question').textContent.trim().length > 10",
    )
    .await;
    wait(c, "#practice-record").await.click().await.unwrap();
    until(
        c,
        "recording",
        "document.querySelector('#practice-record').getAttribute('aria-pressed') === 'true'",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(9)).await;
    c.find(Locator::Css("#practice-record"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let heard = c
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("#practice-transcript"))
        .await;
    c.execute(
        "document.querySelector('#practice-result').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    shot(c, "", "practice-recorded", 1280).await;
    stt.stop();
    let transcript = heard
        .expect("the transcript appears")
        .text()
        .await
        .unwrap()
        .to_lowercase();
    assert!(
        transcript.contains("rolled it back") || transcript.contains("canary"),
        "{transcript}"
    );
    until(
        c,
        "the delivery figures",
        "document.querySelector('#practice-result').textContent.includes('words a minute')",
    )
    .await;
    let (_, attempts) = server.get("/v1/attempts").await;
    assert_eq!(attempts["attempts"].as_array().unwrap().len(), 1);
}
