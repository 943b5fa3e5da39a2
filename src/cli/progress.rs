//! `starcoach progress`: how practice is going, per story and competency, what keeps coming
//! up, what is due, and how ready you are for a posting.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::Args;

use super::exit::Exit;
use super::{Ctx, Input, read_text};
use crate::history::History;
use crate::practice;
use crate::render;

/// Show progress from the practice history: attempts, last and best score and the trend per
/// story and competency, recurring findings (and whether they fade), what is due
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  starcoach progress\n  starcoach progress --job posting.md\n  starcoach progress --json"
)]
pub struct Progress {
    /// Also show readiness for this posting: its likely questions and your latest scores (`-`:
    /// stdin)
    #[arg(long, value_name = "FILE")]
    pub job: Option<PathBuf>,
}

impl Progress {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let history = ctx.history()?;
        let mut report = history.progress()?;
        // Progress is the history's; without a readable bank it is shown unmarked.
        let bank = ctx.bank_if_any();
        practice::against_bank(&mut report, bank.as_ref().ok());
        if let Some(path) = &self.job {
            let job = read_text(Input::Job, path)?;
            let coach = ctx.coach(bank?)?;
            report.readiness = Some(practice::readiness(&coach, &history, job)?);
        }
        let now = Utc::now();
        ctx.emit(&report, |r| render::progress(r, now))?;
        Ok(Exit::Done.into())
    }
}
