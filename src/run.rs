//! The one entry point the binary calls: run a parsed command line and say how it ended.

use std::process::ExitCode;

use crate::cli::Cli;

/// Runs a command. `Ok` carries the exit code of a command that did its job (0, or 1 for lint
/// errors, an eval under its bar, or `--fail-on`); `Err` is bad usage or unreadable input (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    cli.run()
}

/// Prints an error and its whole cause chain to stderr, one cause a line.
pub fn print_error(err: &anyhow::Error) {
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
