//! Hot reload: rebuild the coach when the bank directory changes; a broken edit keeps the last
//! good coach serving, is logged (file and reason, never story text) and reported by `/readyz`.

use std::path::PathBuf;

use notify::{EventKind, RecursiveMode, Watcher};
use serde::Serialize;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::{AppState, metrics};
use crate::coach::Coach;
use crate::story::{BankError, StoryBank};

/// Why the bank on disk could not be loaded: the file at fault (when one is) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReloadFailure {
    pub file: Option<PathBuf>,
    pub reason: String,
}

impl ReloadFailure {
    fn from_bank(err: &BankError) -> ReloadFailure {
        ReloadFailure {
            file: err.path().map(PathBuf::from),
            reason: err.to_string(),
        }
    }

    /// One line for logs and error messages.
    pub fn describe(&self) -> String {
        match &self.file {
            Some(file) if !self.reason.contains(&*file.to_string_lossy()) => {
                format!("{}: {}", file.display(), self.reason)
            }
            _ => self.reason.clone(),
        }
    }
}

impl AppState {
    /// Reloads the bank and swaps in a new coach; on failure the current coach keeps serving.
    /// Returns the number of entries now served.
    pub async fn reload(&self) -> Result<usize, ReloadFailure> {
        let _one_at_a_time = self.shared.reloads.lock().await;
        let state = self.clone();
        let built = tokio::task::spawn_blocking(move || {
            let shared = &state.shared;
            let bank = StoryBank::load(&shared.dir).map_err(|e| ReloadFailure::from_bank(&e))?;
            let coach =
                Coach::new(bank, &shared.config, shared.engine).map_err(|e| ReloadFailure {
                    file: None,
                    reason: e.to_string(),
                })?;
            Ok::<_, ReloadFailure>(coach)
        })
        .await
        .unwrap_or_else(|e| {
            Err(ReloadFailure {
                file: None,
                reason: format!("the reload task failed: {e}"),
            })
        });
        metrics::reloaded(built.is_ok());
        match built {
            Ok(coach) => {
                let entries = coach.bank().len();
                self.swap(coach);
                self.set_failure(None);
                tracing::info!(entries, "story bank reloaded");
                Ok(entries)
            }
            Err(failure) => {
                tracing::warn!(
                    file = failure.file.as_ref().map(|f| f.display().to_string()),
                    reason = %failure.reason,
                    "story bank reload failed; the last good bank keeps serving"
                );
                self.set_failure(Some(failure.clone()));
                Err(failure)
            }
        }
    }
}

/// Watches the bank directory while alive; dropping it stops the watching.
pub struct WatchGuard {
    _watcher: Option<notify::RecommendedWatcher>,
    task: JoinHandle<()>,
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts watching `state`'s bank directory: changes are debounced, then reloaded.
/// If the platform cannot watch, the server still runs, without hot reload.
pub fn watch(state: AppState) -> WatchGuard {
    let (tx, rx) = mpsc::unbounded_channel::<()>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reads (including the reload's own) are not changes.
        if event.is_ok_and(|e| !matches!(e.kind, EventKind::Access(_))) {
            let _ = tx.send(());
        }
    })
    .and_then(|mut w| {
        w.watch(state.dir(), RecursiveMode::NonRecursive)
            .map(|()| w)
    });
    let watcher = match watcher {
        Ok(w) => Some(w),
        Err(e) => {
            tracing::warn!(dir = %state.dir().display(), "cannot watch the story bank ({e}); hot reload is off");
            None
        }
    };
    let task = tokio::spawn(debounced_reloads(state, rx));
    WatchGuard {
        _watcher: watcher,
        task,
    }
}

/// Reloads once the directory has been quiet for the debounce interval after a change.
async fn debounced_reloads(state: AppState, mut rx: mpsc::UnboundedReceiver<()>) {
    let quiet = state.options().debounce;
    while rx.recv().await.is_some() {
        loop {
            match tokio::time::timeout(quiet, rx.recv()).await {
                Ok(Some(())) => continue,
                Ok(None) => return,
                Err(_) => break,
            }
        }
        // Failures are logged, counted and kept for /readyz inside `reload`.
        let _ = state.reload().await;
    }
}
