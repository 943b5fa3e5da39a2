//! `starcoach history`: the stored practice attempts: list, show, export, import, forget.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use super::Ctx;
use super::exit::{Exit, say};
use crate::history::{Forget, History, import_problem, parse_stamp, recordings};
use crate::render;
use crate::report::{Attempt, AttemptList, HistoryForget};

/// The practice history: every attempt with its question, story, score and findings
#[derive(Debug, Subcommand)]
pub enum HistoryCmd {
    /// List attempts, newest first
    List {
        /// Show at most N attempts (N >= 1)
        #[arg(long, value_name = "N", value_parser = super::at_least_one)]
        limit: Option<usize>,
    },
    /// Show one attempt whole, with the answer you gave
    Show {
        /// The attempt's id (`history list` shows them)
        id: i64,
    },
    /// Write every attempt as JSON Lines, oldest first (to stdout, or --out FILE)
    Export {
        /// Write to this file (replaced whole, or left untouched on an error) instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Read attempts exported as JSON Lines (`-` for stdin); attempts already stored are skipped
    Import {
        /// The export to read, JSON Lines; `-` reads stdin
        file: PathBuf,
    },
    /// Remove attempts: one by id, all before a date, or all; with them the recordings
    /// --keep-audio kept for them (in audio/ beside the history)
    #[command(group = clap::ArgGroup::new("which").required(true))]
    Forget(ForgetArgs),
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The attempt's id
    #[arg(group = "which")]
    id: Option<i64>,
    /// Every attempt before this date (YYYY-MM-DD, UTC) or time (RFC 3339)
    #[arg(long, value_name = "DATE", group = "which")]
    before: Option<String>,
    /// Every attempt
    #[arg(long, group = "which")]
    all: bool,
}

impl HistoryCmd {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let history = ctx.history()?;
        match self {
            HistoryCmd::List { limit } => {
                let attempts = history.list(limit)?;
                let list = AttemptList {
                    attempts: attempts.iter().map(Attempt::summary).collect(),
                };
                ctx.emit(&list, render::attempt_list)?;
            }
            HistoryCmd::Show { id } => {
                let attempt = history.get(id)?;
                ctx.emit(&attempt, render::attempt)?;
            }
            HistoryCmd::Export { out } => export(&history, out)?,
            HistoryCmd::Import { file } => {
                let attempts = read_jsonl(&file)?;
                let report = history.import(attempts)?;
                ctx.emit(&report, |r| {
                    format!(
                        "imported {} ({} already stored)\n",
                        render::plural(r.imported, "attempt"),
                        r.skipped
                    )
                })?;
            }
            HistoryCmd::Forget(args) => {
                let which = match (args.id, args.before, args.all) {
                    (Some(id), _, _) => Forget::Id(id),
                    (_, Some(date), _) => Forget::Before(parse_date(&date)?),
                    _ => Forget::All,
                };
                let forgotten = history.forget(which)?;
                let report = HistoryForget {
                    forgotten: forgotten.attempts,
                    recordings: remove_recordings(ctx, &forgotten.audio),
                };
                ctx.emit(&report, |r| match r.recordings {
                    0 => format!("forgot {}\n", render::plural(r.forgotten, "attempt")),
                    n => format!(
                        "forgot {} and deleted {}\n",
                        render::plural(r.forgotten, "attempt"),
                        render::plural(n, "kept recording")
                    ),
                })?;
            }
        }
        Ok(Exit::Done.into())
    }
}

/// Deletes the recordings `--keep-audio` kept for the forgotten attempts; one that cannot be
/// deleted is said, and the attempts stay forgotten.
fn remove_recordings(ctx: &Ctx, audio: &[String]) -> u64 {
    let removed = recordings::remove(&ctx.config.audio_dir(), audio);
    for (file, e) in &removed.failed {
        say(format!(
            "warning: cannot delete the recording {}: {e}",
            file.display()
        ));
    }
    removed.deleted
}

fn export(history: &impl History, out: Option<PathBuf>) -> anyhow::Result<()> {
    let mut attempts = history.list(None)?;
    attempts.reverse();
    let mut text = String::new();
    for a in &attempts {
        text.push_str(&serde_json::to_string(a)?);
        text.push('\n');
    }
    match out {
        Some(path) => {
            write_whole(&path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            say(format!(
                "exported {} to {}",
                render::plural(attempts.len() as u64, "attempt"),
                path.display()
            ));
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .context("cannot write to stdout")?;
        }
    }
    Ok(())
}

/// Writes a file whole or not at all: a temporary file beside it, renamed over it.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if !dir.is_dir() {
        let why = if dir.exists() {
            format!("{} is not a folder", dir.display())
        } else {
            format!("there is no folder {}; create it first", dir.display())
        };
        return Err(std::io::Error::new(std::io::ErrorKind::NotFound, why));
    }
    // The temporary file's name means nothing to the user: its errors are said without it.
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| std::io::Error::from(e.kind()))?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Every line of an export, parsed before anything is stored: one bad line stores nothing.
fn read_jsonl(path: &PathBuf) -> anyhow::Result<Vec<Attempt>> {
    let name = path.display().to_string();
    let reader: Box<dyn Read> = if super::is_stdin(path) {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("cannot read {name}"))?)
    };
    let mut attempts = Vec::new();
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {name} at line {}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        if line.trim_start().starts_with('[') {
            bail!(
                "{name} line {}: a JSON array; history import reads JSON Lines, one attempt \
                 object a line, as `history export` writes them",
                n + 1
            );
        }
        let mut attempt: Attempt = serde_json::from_str(&line)
            .with_context(|| format!("{name} line {}: not an exported attempt", n + 1))?;
        if parse_stamp(&attempt.at).is_none() {
            bail!(
                "{name} line {}: `at` {:?} is not an RFC 3339 time",
                n + 1,
                attempt.at
            );
        }
        if let Some(problem) = import_problem(&attempt, chrono::Utc::now()) {
            bail!(
                "{name} line {}: {problem}; correct or remove the line",
                n + 1
            );
        }
        // `competency` may be left out; progress groups attempts by it.
        if attempt.competency.is_none() {
            attempt.competency = crate::engine::offline::asked_competency(&attempt.question);
        }
        attempts.push(attempt);
    }
    Ok(attempts)
}

fn parse_date(text: &str) -> anyhow::Result<chrono::DateTime<chrono::Utc>> {
    if let Some(at) = parse_stamp(text) {
        return Ok(at);
    }
    let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").with_context(|| {
        format!("--before {text:?} is not a date: use YYYY-MM-DD or an RFC 3339 time")
    })?;
    Ok(day.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
}
