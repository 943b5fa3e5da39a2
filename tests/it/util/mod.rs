//! Shared helpers for the integration tests, in the spirit of ripgrep's `tests/util.rs`: every test
//! of the binary runs `starcoach` inside its own temporary directory, with the environment that
//! could change its behaviour (config, story bank, colors, LLM keys) removed or set on purpose.
//!
//! The submodules hold the rest: `offline` (the offline engine's fixture bank and drafts), `llm`
//! (the scripted model and setup for the LLM engine), `openai` (a mock OpenAI-compatible server),
//! `server` (the daemon in-process, the binary serving, and an OpenAPI schema checker),
//! `routes` (the router driven in process, for the `routes*` files), `browser` (headless
//! Chromium over WebDriver, for the `browser*` files), and `embeddings` and `speech` (mock
//! embeddings and transcription servers).

#[cfg(unix)]
pub mod browser;
#[allow(dead_code)] // used by `semantic` only
pub mod critique;
pub mod embeddings;
pub mod llm;
#[cfg(unix)]
pub mod local;
pub mod offline;
#[allow(dead_code)] // the mock's whole API, used in part (not `addr`, `last_request`, `pending`)
pub mod openai;
pub mod routes;
pub mod server;
pub mod speech;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The ids of `tests/fixtures/bank`, in the order `stories list` prints them (file-name order).
pub const BANK_IDS: [&str; 6] = ["HL1", "HL2", "QB1", "QB2", "vision", "why-us"];

/// The ids `tests/fixtures/seed/good.md` yields, in file-name order.
pub const SEED_IDS: [&str; 7] = [
    "AR1",
    "AR3",
    "BX2",
    "conflict",
    "vision",
    "why-acme",
    "why-robotics-software",
];

/// A file or directory under `tests/fixtures`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// A temporary working directory for one test; removed when dropped.
pub struct TestDir {
    dir: TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        let dir = tempfile::Builder::new()
            .prefix("starcoach-test-")
            .tempdir()
            .expect("cannot create a temporary directory");
        TestDir { dir }
    }

    /// A directory holding a copy of the fixture bank at `./bank`.
    pub fn with_bank() -> TestDir {
        let dir = TestDir::new();
        dir.copy_fixture("bank", "bank");
        dir
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Writes `contents` to `rel`, creating parent directories.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("cannot create parent directory");
        }
        fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Copies a fixture file, or a fixture directory (one level, files only), to `rel`.
    pub fn copy_fixture(&self, fixture_rel: &str, rel: &str) -> PathBuf {
        let from = fixture(fixture_rel);
        let to = self.join(rel);
        if from.is_dir() {
            fs::create_dir_all(&to).expect("cannot create directory");
            for entry in fs::read_dir(&from).expect("cannot list fixture directory") {
                let entry = entry.expect("cannot read fixture directory entry");
                if entry.path().is_file() {
                    fs::copy(entry.path(), to.join(entry.file_name()))
                        .expect("cannot copy fixture");
                }
            }
        } else {
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).expect("cannot create parent directory");
            }
            fs::copy(&from, &to).unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
        }
        to
    }

    /// The names of the `*.md` files directly in `rel`, sorted; empty when `rel` does not exist.
    pub fn md_files(&self, rel: &str) -> Vec<String> {
        let Ok(read) = fs::read_dir(self.join(rel)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = read
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        names
    }

    /// `starcoach` running in this directory; see [`cmd`].
    pub fn cmd(&self) -> Command {
        cmd(self)
    }
}

/// `starcoach` with `current_dir` = the test directory and an environment that cannot leak the
/// user's setup in: no STARCOACH_* variables, no color switches, no LLM keys, and XDG dirs inside
/// the test directory so the platform config file is never read.
pub fn cmd(dir: &TestDir) -> Command {
    let mut cmd = Command::cargo_bin("starcoach").expect("the starcoach binary is built");
    cmd.current_dir(dir.path());
    for var in [
        "STARCOACH_CONFIG",
        "STARCOACH_STORIES",
        "STARCOACH_TOKEN",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("XDG_CONFIG_HOME", dir.join(".xdg/config"));
    cmd.env("XDG_CACHE_HOME", dir.join(".xdg/cache"));
    cmd.env("XDG_DATA_HOME", dir.join(".xdg/data"));
    cmd
}

#[track_caller]
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

#[track_caller]
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Parses the whole of stdout as one JSON value: fails when anything else is printed there.
#[track_caller]
pub fn json(output: &Output) -> serde_json::Value {
    match serde_json::from_slice(&output.stdout) {
        Ok(value) => value,
        Err(e) => panic!(
            "stdout is not one JSON value ({e}):\n{}\nstderr:\n{}",
            stdout(output),
            stderr(output)
        ),
    }
}

/// The finding codes of a critique report as JSON, in the report's order.
#[track_caller]
pub fn finding_codes(report: &serde_json::Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| f["code"].as_str().expect("a finding's code is a string"))
        .collect()
}

/// Runs the command, asserts its exit code, and returns the output.
#[track_caller]
pub fn run(cmd: &mut Command, code: i32) -> Output {
    let output = cmd.output().expect("cannot run starcoach");
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
        stdout(&output),
        stderr(&output)
    );
    output
}

/// A run of the binary whose exit code, stdout and stderr are compared whole: the one way
/// exact-output tests are written. A mismatch panics with a line diff of each stream that
/// differs (and both streams, so the cause is in view).
///
/// ```ignore
/// dir.check(["stories", "show", "nope"]).code(2)
///     .stderr("starcoach: error: no entry \"nope\" ...\n")
///     .run();
/// ```
pub struct Check {
    cmd: Command,
    code: i32,
    stdout: String,
    stderr: String,
}

impl TestDir {
    /// `starcoach ARGS` in this directory, expected to exit 0 with empty stdout and stderr
    /// until told otherwise.
    pub fn check<I, S>(&self, args: I) -> Check
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = self.cmd();
        cmd.args(args);
        Check {
            cmd,
            code: 0,
            stdout: String::new(),
            stderr: String::new(),
        }
    }
}

impl Check {
    pub fn code(mut self, code: i32) -> Check {
        self.code = code;
        self
    }

    pub fn stdout(mut self, text: impl Into<String>) -> Check {
        self.stdout = text.into();
        self
    }

    /// What the run reads on stdin (none: the test's own stdin is not passed on).
    pub fn stdin(mut self, text: impl Into<Vec<u8>>) -> Check {
        self.cmd.write_stdin(text);
        self
    }

    pub fn stderr(mut self, text: impl Into<String>) -> Check {
        self.stderr = text.into();
        self
    }

    #[track_caller]
    pub fn run(mut self) -> Output {
        let output = self.cmd.output().expect("cannot run starcoach");
        let (out, err) = (stdout(&output), stderr(&output));
        let mut problems = Vec::new();
        if output.status.code() != Some(self.code) {
            problems.push(format!(
                "exit status: expected {}, got {:?}",
                self.code,
                output.status.code()
            ));
        }
        for (name, want, got) in [
            ("stdout", &self.stdout, &out),
            ("stderr", &self.stderr, &err),
        ] {
            if want != got {
                let diff = similar::TextDiff::from_lines(want.as_str(), got.as_str())
                    .unified_diff()
                    .header("expected", "actual")
                    .to_string();
                problems.push(format!("{name} differs:\n{diff}"));
            }
        }
        assert!(
            problems.is_empty(),
            "{}\n--- whole stdout ---\n{out}--- whole stderr ---\n{err}",
            problems.join("\n")
        );
        output
    }
}

/// Serves `app` on `listener` from a background task until the returned sender is dropped: the
/// loopback mock servers' lifetime is their handle's.
pub fn serve_until_dropped(
    listener: tokio::net::TcpListener,
    app: axum::Router,
) -> tokio::sync::watch::Sender<bool> {
    let (stop, mut signal) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        let stopped = async move {
            // Err means the sender was dropped: stop as well.
            let _ = signal.wait_for(|s| *s).await;
        };
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
            .await;
    });
    stop
}
