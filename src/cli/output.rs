//! Running an engine operation from the command line: Ctrl-C, notices, usage, `--dry-run`,
//! and the exit code (0 done, 1 failed LLM items, 2 bad input).

use std::future::Future;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use super::Ctx;
use super::exit::{Exit, say};
use crate::coach::Coach;
use crate::engine::EngineError;
use crate::engine::llm::{ItemError, Progress};
use crate::render;
use crate::report::{Outcome, PromptPreview, Usage};

/// Runs a future to completion; Ctrl-C cancels it promptly (exit 130).
pub fn block_on<F: Future>(future: F) -> Result<F::Output, Cancelled> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime can be built");
    runtime.block_on(async {
        tokio::select! {
            out = future => Ok(out),
            _ = tokio::signal::ctrl_c() => Err(Cancelled),
        }
    })
}

#[derive(Debug, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// Runs blocking work (reading the terminal) on a thread of its own, so Ctrl-C still ends the
/// command (exit 130) once a runtime has taken over the signal.
pub fn interruptible<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Cancelled> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    block_on(async move { rx.await.map_err(|_| Cancelled) })?
}

/// Prints the result of an operation and picks the exit code.
pub fn finish<T: Serialize + Outcome>(
    ctx: &Ctx,
    coach: &Coach,
    result: Result<Result<T, EngineError>, Cancelled>,
    human: fn(&T) -> String,
) -> anyhow::Result<ExitCode> {
    for notice in coach.take_notices() {
        say(notice);
    }
    let result = match result {
        Ok(result) => result,
        Err(Cancelled) => {
            say("cancelled");
            return Ok(Exit::Interrupted.into());
        }
    };
    match result {
        Ok(report) => {
            ctx.emit(&report, human)?;
            if let Some(usage) = report.usage().filter(|_| !ctx.global.json) {
                say(usage_line(usage));
            }
            let failed = report.failed_items();
            if failed > 0 {
                say(format!(
                    "{failed} item(s) failed; the rest of the run completed"
                ));
                return Ok(Exit::CheckFailed.into());
            }
            Ok(Exit::Done.into())
        }
        Err(EngineError::Item(ItemError::DryRun)) => {
            print_dry_run(ctx, &coach.dry_runs())?;
            Ok(Exit::Done.into())
        }
        Err(EngineError::Item(e)) => {
            crate::print_error(&anyhow::Error::new(e));
            Ok(Exit::CheckFailed.into())
        }
        Err(other) => Err(other.into()),
    }
}

fn usage_line(u: &Usage) -> String {
    let cost = u
        .estimated_cost_usd
        .map(|c| format!(", about ${c:.4}"))
        .unwrap_or_default();
    format!(
        "usage: {} calls, {} prompt + {} completion tokens, {} cache hits, {} retries{cost}",
        u.calls, u.prompt_tokens, u.completion_tokens, u.cache_hits, u.retries
    )
}

#[derive(Serialize)]
struct DryRun<'a> {
    dry_run: &'a [PromptPreview],
}

fn print_dry_run(ctx: &Ctx, calls: &[PromptPreview]) -> anyhow::Result<()> {
    ctx.emit(&DryRun { dry_run: calls }, |d| render::dry_run(d.dry_run))
}

/// A progress bar on stderr for multi-call runs, when stderr is a terminal.
pub fn progress() -> Option<Progress> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos}/{len} questions answered {elapsed}",
        )
        .expect("a valid progress template"),
    );
    Some(Arc::new(move |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done == total {
            bar.finish_and_clear();
        }
    }))
}

/// Where streamed model text goes in human mode: stderr, when it is a terminal.
pub fn stream_sink(ctx: &Ctx) -> Option<impl Fn(&str) + Sync> {
    (!ctx.global.json && std::io::stderr().is_terminal()).then_some(|text: &str| {
        use std::io::Write;
        let mut err = std::io::stderr();
        let _ = write!(err, "\x1b[2m{text}\x1b[0m");
        let _ = err.flush();
    })
}
