//! `starcoach critique`: a draft answer scored against STAR, your vision and the question.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::exit::Exit;
use super::output::{self, block_on};
use super::{Ctx, Input, read_draft, read_text};
use crate::engine::CritiqueRequest;
use crate::render;
use crate::report::Severity;

/// Critique a draft answer: rubric findings with a suggestion each, part scores, an overall
/// score and the speaking time
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  starcoach critique --draft answer.txt --question \"Tell me about a failure\"\n  pbpaste | starcoach critique --fail-on error"
)]
pub struct Critique {
    /// The draft; read from stdin when left out or `-`
    #[arg(long, value_name = "FILE")]
    pub draft: Option<PathBuf>,
    /// The question the draft answers (enables the off-question and reflection checks)
    #[arg(long)]
    pub question: Option<String>,
    /// The job description the answer is for; `-` reads it from stdin
    #[arg(long, value_name = "FILE")]
    pub job: Option<PathBuf>,
    /// Exit 1 when a finding of this severity (or worse) is raised, for scripts
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

impl Critique {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let draft = read_draft(Input::Draft, self.draft.as_deref())?;
        let job = self
            .job
            .as_deref()
            .map(|p| read_text(Input::Job, p))
            .transpose()?;
        let engine = ctx.coach(ctx.bank_if_any()?)?;
        let req = CritiqueRequest {
            draft,
            question: self.question,
            job,
            spoken_seconds: None,
        };
        let sink = output::stream_sink(ctx);
        let sink = sink.as_ref().map(|s| s as &(dyn Fn(&str) + Sync));
        let result = block_on(engine.critique_streaming(&req, sink));
        let bar = self.fail_on.map(|f| match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        });
        let failed = matches!((&result, bar), (Ok(Ok(r)), Some(bar)) if r.findings.iter().any(|f| f.severity >= bar));
        let code = output::finish(ctx, &engine, result, render::critique)?;
        Ok(if failed && code == ExitCode::from(Exit::Done) {
            Exit::CheckFailed.into()
        } else {
            code
        })
    }
}
