//! `starcoach import`: turn the seed document format into a native story bank.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use serde::Serialize;

use super::Ctx;
use crate::render;
use crate::story::{Kind, entry_path, render_entry, seed};

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

#[derive(Debug, Serialize)]
pub struct ImportReport {
    pub dir: PathBuf,
    pub imported: usize,
    pub stories: usize,
    pub answers: usize,
    pub ids: Vec<String>,
}

impl Import {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let bytes = std::fs::read(&self.file)
            .with_context(|| format!("cannot read {}", self.file.display()))?;
        let entries = seed::import_bytes(&bytes)
            .with_context(|| format!("cannot import {}", self.file.display()))?;
        if self.out.exists() && !self.out.is_dir() {
            bail!(
                "--out {} is a file; give a directory for the entries",
                self.out.display()
            );
        }
        let existing: Vec<PathBuf> = entries
            .iter()
            .map(|e| entry_path(&self.out, &e.id))
            .filter(|p| p.exists())
            .collect();
        if !self.force && !existing.is_empty() {
            bail!(
                "{} of the {} entry files already exist in {} (first: {}): nothing was written; pass --force to overwrite",
                existing.len(),
                entries.len(),
                self.out.display(),
                existing[0].display()
            );
        }
        std::fs::create_dir_all(&self.out)
            .with_context(|| format!("cannot create {}", self.out.display()))?;
        // Every file is fully written to a temporary name first, so a failure leaves no half bank.
        let mut staged = Vec::with_capacity(entries.len());
        for entry in &entries {
            let mut tmp = tempfile::NamedTempFile::new_in(&self.out)
                .with_context(|| format!("cannot write in {}", self.out.display()))?;
            tmp.write_all(render_entry(entry).as_bytes())
                .with_context(|| format!("cannot write in {}", self.out.display()))?;
            staged.push((tmp, entry_path(&self.out, &entry.id)));
        }
        for (tmp, path) in staged {
            tmp.persist(&path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        let stories = entries.iter().filter(|e| e.kind == Kind::Story).count();
        let report = ImportReport {
            dir: self.out.clone(),
            imported: entries.len(),
            stories,
            answers: entries.len() - stories,
            ids: entries.into_iter().map(|e| e.id).collect(),
        };
        ctx.emit(&report, render::import)?;
        Ok(ExitCode::SUCCESS)
    }
}
