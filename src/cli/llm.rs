//! `starcoach llm check`: the configured endpoint examined, and the config to use with it.

use std::process::ExitCode;

use anyhow::bail;
use clap::Subcommand;

use super::Ctx;
use super::exit::{Exit, say};
use super::output::block_on;
use crate::coach::EngineChoice;
use crate::render;
use crate::story::StoryBank;

/// The LLM endpoint
#[derive(Debug, Subcommand)]
pub enum LlmCmd {
    /// Probe the configured endpoint: reachability, its models, the structured-output mode and
    /// token-limit field it honours, streaming, the context it reports, its speed, and token
    /// counts against its own usage; prints the [llm] config it recommends and remembers what
    /// it found (exit 1 when the endpoint cannot be used)
    #[command(after_help = "Examples:\n  starcoach llm check\n  starcoach llm check --json")]
    Check,
}

impl LlmCmd {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let LlmCmd::Check = self;
        if !ctx.config.llm.is_configured() {
            bail!(
                "no LLM endpoint is configured: set [llm] base_url and model in the config (config.example.toml shows them)"
            );
        }
        // The check needs no stories: an empty bank keeps it independent of the story files.
        let bank = StoryBank::from_entries(&ctx.stories_dir(), Vec::new());
        let coach = crate::coach::Coach::new(bank, &ctx.config, EngineChoice::Llm)?;
        let llm = coach.llm().expect("the LLM engine was asked for");
        let Ok(report) = block_on(llm.doctor(&ctx.config.llm)) else {
            say("cancelled");
            return Ok(Exit::Interrupted.into());
        };
        ctx.emit(&report, render::llm_check)?;
        let usable = report.negotiated.as_ref().is_some_and(|n| {
            n.steps
                .iter()
                .any(|s| s.ok && s.kind == crate::report::ProbeKind::Structured)
        });
        Ok(if usable {
            Exit::Done
        } else {
            Exit::CheckFailed
        }
        .into())
    }
}
