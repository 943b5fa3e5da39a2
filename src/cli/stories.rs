//! `starcoach stories`: list, show and lint the story bank.

use std::process::ExitCode;

use anyhow::anyhow;
use clap::Subcommand;

use super::Ctx;
use super::exit::Exit;
use crate::render;
use crate::story::{StoryBank, StoryList};

/// Inspect and check the story bank
#[derive(Debug, Subcommand)]
pub enum Stories {
    /// List every entry: id, kind, title, categories
    List,
    /// Show one entry with all its sections
    #[command(after_help = "Example:\n  starcoach stories show IT1 --json")]
    Show {
        /// The entry's id (see `stories list`)
        id: String,
    },
    /// Check every file: errors (bad front matter, duplicate ids, unknown kind) exit 1;
    /// warnings flag stories missing a STAR part or a result without a number
    Lint,
}

impl Stories {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        match self {
            Stories::List => {
                let list = StoryList::of(&ctx.bank()?);
                ctx.emit(&list, render::story_list)?;
            }
            Stories::Show { id } => {
                let bank = ctx.bank()?;
                let entry = bank.get(&id).ok_or_else(|| {
                    anyhow!(
                        "no entry with id {id:?} in {} (see `starcoach stories list`)",
                        bank.dir().display()
                    )
                })?;
                ctx.emit(entry, render::entry)?;
            }
            Stories::Lint => {
                let report = StoryBank::lint(&ctx.stories_dir())?;
                ctx.emit(&report, render::lint)?;
                if report.errors > 0 {
                    return Ok(Exit::CheckFailed.into());
                }
            }
        }
        Ok(Exit::Done.into())
    }
}
