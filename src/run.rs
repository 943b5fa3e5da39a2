//! The one entry point the binary calls: run a parsed command line and say how it ended.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::Cli;

/// Runs a command. `Ok` carries the exit code of a command that did its job (0, or 1 for lint
/// errors, an eval under its bar, or `--fail-on`); `Err` is bad usage or unreadable input (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // The engine's word lists are embedded data; a broken one is reported before any work.
    crate::engine::offline::data::check().context("the offline engine's data does not load")?;
    cli.run()
}

/// Prints an error and its whole cause chain to stderr, one cause a line.
pub fn print_error(err: &anyhow::Error) {
    let mut shown = err.to_string();
    eprintln!("error: {shown}");
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        // Many messages already quote their cause; printing it again adds nothing.
        if !shown.contains(&text) {
            eprintln!("  caused by: {text}");
            shown = text;
        }
    }
}
