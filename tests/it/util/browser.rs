//! Headless Chromium for the `browser*` tests, driven over WebDriver (chromedriver and
//! fantoccini): a session in its own process group, and waits and screenshots of the page.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A WebDriver session on headless Chromium, with its own chromedriver and profile.
pub struct Driver {
    /// Dropped first: the browser is gone before the profile is removed.
    _process: Spawned,
    pub client: Client,
    /// Chromium's profile: held only to be removed (when dropped) once the browser is gone.
    _profile: tempfile::TempDir,
}

impl Driver {
    pub async fn start() -> Option<Driver> {
        Self::start_with(&[]).await
    }

    /// A session with more Chromium flags (a fake microphone, say).
    pub async fn start_with(extra: &[String]) -> Option<Driver> {
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

pub async fn shot(c: &Client, label: &str, name: &str, width: u32) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{label}{name}-{width}.png")), png).unwrap();
}

pub async fn wait(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

/// Waits until `script` (a JS expression) is true in the page.
pub async fn until(c: &Client, what: &str, script: &str) {
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
