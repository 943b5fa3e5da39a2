//! The `starcoach` binary: parse the command line, run it, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

/// The daemon and the critique allocate many small strings per request (words, stems,
/// sentences); mimalloc serves those faster than the system allocator under load.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match starcoach::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // A usage error reads like every other error of ours; help (also the help shown for a
        // missing subcommand) and the version are output, not errors.
        Err(e)
            if e.use_stderr()
                && e.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            eprint!("starcoach: ");
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
        Err(e) => e.exit(),
    };
    match starcoach::run(cli) {
        Ok(code) => code,
        Err(err) => {
            starcoach::print_error(&err);
            starcoach::usage_error()
        }
    }
}
