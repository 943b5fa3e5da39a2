//! `starcoach import`: turn the seed document format into a native story bank.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::Ctx;
use super::exit::Exit;
use crate::render;
use crate::report::ImportReport;
use crate::story::{self, Kind, seed};

/// Import your story document (YAML front matter + an HTML `Key | Value` table) as native files.
///
/// Each row becomes one Markdown file in DIR. Rows whose Summary or Project line starts with a
/// code like `IT1.` get that code as id; other rows get the slug of their key. Nothing is
/// written unless the whole document imports cleanly.
#[derive(Debug, Args)]
#[command(after_help = "Example:\n  starcoach import behavioral-questions.md --out stories")]
pub struct Import {
    /// The document to import
    pub file: PathBuf,
    /// Directory to write the entries to (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Overwrite entry files that already exist
    #[arg(long)]
    pub force: bool,
}

impl Import {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let bytes = std::fs::read(&self.file)
            .with_context(|| format!("cannot read {}", self.file.display()))?;
        let entries = seed::import_bytes(&bytes)
            .with_context(|| format!("cannot import {}", self.file.display()))?;
        story::publish(&self.out, &entries, self.force)
            .with_context(|| format!("cannot import into {}", self.out.display()))?;
        let stories = entries.iter().filter(|e| e.kind == Kind::Story).count();
        let report = ImportReport {
            dir: self.out.clone(),
            imported: entries.len(),
            stories,
            answers: entries.len() - stories,
            ids: entries.into_iter().map(|e| e.id).collect(),
        };
        ctx.emit(&report, render::import)?;
        Ok(Exit::Done.into())
    }
}
