//! A real local server a test starts with one of `scripts/local-*.sh` (the LLM server, the
//! transcription server) over the shared install in `target/`, with a state dir of the
//! test's own for its PID file and log; stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

/// Real models share two cores: run one at a time, so neither starves the other past its
/// timeouts (a transcription slowed by a concurrent LLM run once took longer than the daemon
/// allowed).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

pub struct LocalService {
    _turn: MutexGuard<'static, ()>,
    script: PathBuf,
    dir_var: &'static str,
    dir: PathBuf,
    pub base_url: String,
    pub model: String,
}

/// Whether a service is installed; when not, the test is skipped, unless `require_var` is set
/// to `require` (CI), which makes the missing install a failure.
pub fn installed(found: bool, require_var: &str, what: &str) -> bool {
    let required = std::env::var(require_var).is_ok_and(|v| v == "require");
    assert!(
        found || !required,
        "{require_var}=require but {what} is not installed"
    );
    if !found {
        eprintln!("skipped: {what} is not installed");
    }
    found
}

impl LocalService {
    /// Runs `scripts/<script> start PORT` with `dir_var` pointing at `state`, where `parts` of
    /// `install` are linked, and reads the `base_url=... model=...` line it prints.
    pub fn start(
        script: &str,
        dir_var: &'static str,
        install: &Path,
        parts: &[&str],
        state: &Path,
        port: u16,
    ) -> LocalService {
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scripts")
            .join(script);
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        std::fs::create_dir_all(state).unwrap();
        for part in parts {
            std::os::unix::fs::symlink(install.join(part), state.join(part)).unwrap();
        }
        let out = Command::new("bash")
            .arg(&script)
            .args(["start", &port.to_string()])
            .env(dir_var, state)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "start failed: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = text
            .lines()
            .find(|l| l.starts_with("base_url="))
            .expect("base_url= line");
        let (url, model) = line.split_once(" model=").unwrap();
        LocalService {
            _turn: turn,
            script,
            dir_var,
            dir: state.to_path_buf(),
            base_url: url.trim_start_matches("base_url=").to_string(),
            model: model.trim().to_string(),
        }
    }

    pub fn stop(&self) {
        let status = Command::new("bash")
            .arg(&self.script)
            .arg("stop")
            .env(self.dir_var, &self.dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for LocalService {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(&self.script)
            .arg("stop")
            .env(self.dir_var, &self.dir)
            .status();
    }
}
