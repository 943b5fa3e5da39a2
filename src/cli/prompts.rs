//! `starcoach prompts`: list the LLM prompt templates and show their source.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;

use super::Ctx;
use super::exit::Exit;
use crate::engine::llm::prompt::{PROMPT_NAMES, PromptError, Prompts as Templates};
use crate::render::{BOLD, DIM, paint};

/// Inspect the LLM prompt templates (built in, or overridden from `[prompts] dir`)
#[derive(Debug, Subcommand)]
pub enum Prompts {
    /// List every template and where it comes from: built in, or an override file
    #[command(after_help = "Example:\n  starcoach prompts list --json")]
    List,
    /// Print a template's source, e.g. to start an override from it
    #[command(after_help = "\
Examples:
  starcoach prompts show critique
  starcoach prompts show critique > ~/.config/starcoach/prompts/critique.j2
    (then edit it; with `[prompts] dir = \"~/.config/starcoach/prompts\"` in the config
    it replaces the built-in critique prompt)
  starcoach prompts show tailor --json")]
    Show {
        /// The template's name (see `prompts list`)
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(PROMPT_NAMES))]
        name: String,
    },
}

#[derive(Debug, Serialize)]
pub struct PromptList {
    /// The override directory from `[prompts] dir`, if one is configured.
    pub dir: Option<PathBuf>,
    pub prompts: Vec<PromptInfo>,
}

#[derive(Debug, Serialize)]
pub struct PromptInfo {
    pub name: String,
    /// `builtin` or `override`.
    pub origin: &'static str,
    /// The override file, for an overridden template.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct PromptSource {
    pub name: String,
    pub origin: &'static str,
    pub path: Option<PathBuf>,
    pub source: String,
}

impl Prompts {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let dir = ctx.config.prompts_dir();
        let templates = Templates::load(dir.as_deref())?;
        match self {
            Prompts::List => {
                let prompts = PROMPT_NAMES
                    .iter()
                    .map(|&name| {
                        let (_, origin) = templates.source(name)?;
                        Ok(PromptInfo {
                            name: name.to_string(),
                            origin: origin.label(),
                            path: origin.path().map(Path::to_path_buf),
                        })
                    })
                    .collect::<Result<_, PromptError>>()?;
                ctx.emit(&PromptList { dir, prompts }, human_list)?;
            }
            Prompts::Show { name } => {
                let (source, origin) = templates.source(&name)?;
                let shown = PromptSource {
                    name,
                    origin: origin.label(),
                    path: origin.path().map(Path::to_path_buf),
                    source: source.to_string(),
                };
                ctx.emit(&shown, human_source)?;
            }
        }
        Ok(Exit::Done.into())
    }
}

fn human_list(list: &PromptList) -> String {
    let width = list.prompts.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for p in &list.prompts {
        let name = format!("{:width$}", p.name);
        let origin = match &p.path {
            Some(path) => format!("override  {}", path.display()),
            None => paint(DIM, "builtin"),
        };
        let _ = writeln!(out, "{}  {origin}", paint(BOLD, &name));
    }
    let note = match &list.dir {
        Some(dir) if dir.is_dir() => format!("overrides are read from {}", dir.display()),
        Some(dir) => format!("override dir {} does not exist", dir.display()),
        None => "no override dir: set [prompts] dir in the config to override <name>.j2 files"
            .to_string(),
    };
    let _ = writeln!(out, "{}", paint(DIM, &note));
    out
}

/// The source exactly as it is, so it can be redirected into an override file.
fn human_source(shown: &PromptSource) -> String {
    let mut out = shown.source.clone();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
