//! `starcoach match`: rank the bank's entries for one interview question.

use std::process::ExitCode;

use clap::Args;

use super::Ctx;
use super::output::{self, block_on};
use crate::engine::{Engine, MatchRequest};
use crate::render;

/// Rank your entries for one question, best first, with why each fits
///
/// Only entries that answer the question are listed: a behavioral question ("tell me about a
/// time...") never gets a prepared answer, and a word shared by chance is not a match. When
/// nothing fits, the list is empty and the advice says what story to write.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  starcoach match \"Tell me about a time you disagreed with your manager\"\n  starcoach match \"Why do you want to join us?\" --top 3 --json"
)]
pub struct Match {
    /// The interview question
    pub question: String,
    /// Show at most this many entries (only those that fit are listed)
    #[arg(long, default_value_t = 5, value_parser = super::at_least_one)]
    pub top: usize,
}

impl Match {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let engine = ctx.coach(ctx.bank()?)?;
        let req = MatchRequest {
            question: self.question,
            top: Some(self.top),
        };
        output::finish(ctx, &engine, block_on(engine.rank(&req)), render::matches)
    }
}
