//! `starcoach tailor`: a whole interview loop planned from a job posting.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{self, block_on};
use super::{Ctx, Input, read_text};
use crate::engine::{Engine, TailorRequest};
use crate::render;

/// Plan the loop for a job: per likely question the best story (no story overused), a talk
/// track from the story's own fields, job terms to weave in, and the gaps; plus the job
/// requirements no story covers.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  starcoach tailor --job posting.md --max-reuse 1 --json")]
pub struct Tailor {
    /// The job description (Markdown or plain text); `-` reads it from stdin
    #[arg(long, value_name = "FILE")]
    pub job: PathBuf,
    /// How many questions to plan [default: `[tailor] count`, 10]
    #[arg(long, value_parser = super::at_least_one)]
    pub count: Option<usize>,
    /// Use no story for more than this many questions [default: `[tailor] max_reuse`, 2]; below
    /// that, a fresh story that fits nearly as well is told instead of one told already
    #[arg(long, value_parser = super::at_least_one)]
    pub max_reuse: Option<usize>,
    /// Trim each talk track to about this many seconds [default: `[tailor] target_seconds`, 120], from 10 to 600
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(10..=600))]
    pub target_seconds: Option<u32>,
}

impl Tailor {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let job = read_text(Input::Job, &self.job)?;
        let engine = ctx.coach_with(ctx.bank()?, output::progress())?;
        let req = TailorRequest {
            job,
            count: self.count,
            max_reuse: self.max_reuse,
            target_seconds: self.target_seconds,
        };
        output::finish(ctx, &engine, block_on(engine.tailor(&req)), render::tailor)
    }
}
