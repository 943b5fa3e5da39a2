//! The `starcoach` binary: parse the command line, run it, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

/// The daemon and the critique allocate many small strings per request (words, stems,
/// sentences); mimalloc serves those faster than the system allocator under load.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = starcoach::cli::Cli::parse();
    match starcoach::run(cli) {
        Ok(code) => code,
        Err(err) => {
            starcoach::print_error(&err);
            starcoach::usage_error()
        }
    }
}
