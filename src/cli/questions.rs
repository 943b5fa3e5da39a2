//! `starcoach questions`: the questions a job posting makes likely, with the evidence for each.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::output::{self, block_on};
use super::{Ctx, Input, read_text};
use crate::engine::{Engine, QuestionsRequest};
use crate::render;

/// Predict the likely questions for a job description, each with the job text behind it
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  starcoach questions --job posting.md --count 8")]
pub struct Questions {
    /// The job description (Markdown or plain text); `-` reads it from stdin
    #[arg(long, value_name = "FILE")]
    pub job: PathBuf,
    /// How many questions [default: `[tailor] count` in the config, 10]
    #[arg(long, value_parser = super::at_least_one)]
    pub count: Option<usize>,
}

impl Questions {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let job = read_text(Input::Job, &self.job)?;
        let engine = ctx.coach(ctx.bank_if_any()?)?;
        let req = QuestionsRequest {
            job,
            count: self.count,
        };
        output::finish(
            ctx,
            &engine,
            block_on(engine.questions(&req)),
            render::questions,
        )
    }
}
