//! The exit codes and the one voice on stderr, decided here and nowhere else (`--help` and
//! docs/cli.md list them).

use std::fmt::Display;
use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: the command did its job (a critique that finds problems still did).
    Done,
    /// 1: a check failed: lint errors, an eval below its bar, `--fail-on` findings, failed
    /// LLM items.
    CheckFailed,
    /// 2: bad usage, or input that cannot be read.
    Usage,
    /// 130: interrupted (Ctrl-C).
    Interrupted,
}

impl Exit {
    pub const fn code(self) -> u8 {
        match self {
            Exit::Done => 0,
            Exit::CheckFailed => 1,
            Exit::Usage => 2,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// A line for the user on stderr, in starcoach's one voice: `starcoach: ...`.
pub fn say(message: impl Display) {
    eprintln!("starcoach: {message}");
}
