//! The one entry point the binary calls: run a parsed command line and say how it ended.

use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{Cli, Exit, say};
use crate::plain;

/// Runs a command. `Ok` carries the exit code of a command that did its job (0, or 1 for lint
/// errors, an eval under its bar, or `--fail-on`); `Err` is bad usage or unreadable input (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // The engine's word lists are embedded data; a broken one is reported before any work.
    crate::engine::offline::data::check().context("the offline engine's data does not load")?;
    cli.run()
}

/// Prints an error and its whole cause chain to stderr, one cause a line, each said once.
pub fn print_error(err: &anyhow::Error) {
    let mut shown = plain::types_in_words(&err.to_string());
    say(format!("error: {shown}"));
    for cause in err.chain().skip(1) {
        let text = plain::types_in_words(&cause.to_string());
        // Many messages already quote their cause; printing it again adds nothing.
        if !shown.contains(&text) {
            say(format!("  caused by: {text}"));
            shown = text;
        }
    }
}

/// The exit code of a command that could not run: bad usage or unreadable input.
pub fn usage_error() -> ExitCode {
    Exit::Usage.into()
}
