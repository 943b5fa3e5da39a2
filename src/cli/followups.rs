//! `starcoach followups`: what an interviewer would ask next about a story or a draft.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Args};

use super::output::{self, block_on};
use super::{Ctx, Input, read_text};
use crate::engine::FollowupsRequest;
use crate::render;

/// Predict the follow-up questions for a stored story or a draft, weakest points first
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("entry").required(true).args(["story", "draft"])),
    after_help = "Examples:\n  starcoach followups --story CR2\n  starcoach followups --draft answer.txt --question \"Tell me about a conflict\""
)]
pub struct Followups {
    /// The id of a stored entry
    #[arg(long)]
    pub story: Option<String>,
    /// A draft answer file (`-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub draft: Option<PathBuf>,
    /// The question the answer is for
    #[arg(long)]
    pub question: Option<String>,
}

impl Followups {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let draft = self
            .draft
            .as_deref()
            .map(|p| read_text(Input::Draft, p))
            .transpose()?;
        let bank = if self.story.is_some() {
            ctx.bank()?
        } else {
            ctx.bank_if_any()?
        };
        let engine = ctx.coach(bank)?;
        let req = FollowupsRequest {
            story: self.story,
            draft,
            question: self.question,
        };
        let sink = output::stream_sink(ctx);
        let sink = sink.as_ref().map(|s| s as &(dyn Fn(&str) + Sync));
        output::finish(
            ctx,
            &engine,
            block_on(engine.followups_streaming(&req, sink)),
            render::followups,
        )
    }
}
