//! The command line: global flags, one file per subcommand, and the context they share.

mod cache;
mod config;
mod critique;
mod eval;
mod exit;
mod followups;
mod history;
pub mod import;
mod llm;
mod r#match;
mod output;
mod practice;
mod progress;
mod prompts;
mod questions;
mod serve;
pub mod stories;
mod tailor;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::coach::{Coach, CoachOptions, EngineChoice};
use crate::config::Config;
use crate::engine::llm::{Progress, RunFlags};
use crate::story::StoryBank;
pub use exit::{Exit, say};

const AFTER_HELP: &str = "\
Examples:
  starcoach import behavioral-questions.md --out stories
  starcoach match \"Tell me about a time you failed\"
  starcoach tailor --job posting.md
  starcoach critique --draft answer.txt --question \"Tell me about a conflict\"
  starcoach practice            # rehearse what is due; `starcoach progress` shows how it goes

Exit codes:
  0    the command did its job (a critique that finds problems still exits 0)
  1    lint errors, an eval below its bar, --fail-on findings, or failed LLM items
  2    usage errors and unreadable or malformed input
  130  interrupted (Ctrl-C)

Any config key can be set by an environment variable: STARCOACH_LLM__MODEL sets [llm] model
(`starcoach config show` prints what is in force and where it came from).";

/// Your interview stories, matched, tailored and critiqued.
///
/// Keep your STAR stories as Markdown files; starcoach picks the best one for each question,
/// tailors talk tracks to a job posting, critiques drafts against STAR and your stated vision,
/// and predicts the follow-ups. Works offline by default; any OpenAI-compatible endpoint is optional.
#[derive(Debug, Parser)]
#[command(name = "starcoach", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Story bank directory [default: `stories` in the config, else ./stories]
    #[arg(long, global = true, value_name = "DIR", env = "STARCOACH_STORIES", value_parser = any_path())]
    pub stories: Option<PathBuf>,
    /// Config file [default: ./starcoach.toml, else the platform config dir]
    #[arg(long, global = true, value_name = "FILE", env = "STARCOACH_CONFIG", value_parser = any_path())]
    pub config: Option<PathBuf>,
    /// Which engine answers: the LLM when configured and reachable (auto), or always one of them
    #[arg(long, global = true, value_enum, default_value_t = EngineChoice::Auto)]
    pub engine: EngineChoice,
    /// Machine output: JSON on stdout, nothing else there
    #[arg(long, global = true)]
    pub json: bool,
    /// LLM commands: print the prompts and their token counts instead of calling the endpoint
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// LLM commands: neither read nor write the response cache
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// LLM commands: drop generated sentences that carry numbers or names found nowhere in your stories or the job
    #[arg(long, global = true)]
    pub strict: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Import(import::Import),
    #[command(subcommand)]
    Stories(stories::Stories),
    Match(r#match::Match),
    Questions(questions::Questions),
    Tailor(tailor::Tailor),
    Critique(critique::Critique),
    Followups(followups::Followups),
    Practice(practice::Practice),
    Progress(progress::Progress),
    #[command(subcommand)]
    History(history::HistoryCmd),
    #[command(subcommand)]
    Eval(eval::Eval),
    Serve(serve::Serve),
    #[command(subcommand)]
    Prompts(prompts::Prompts),
    #[command(subcommand)]
    Cache(cache::Cache),
    #[command(subcommand)]
    Config(config::ConfigCmd),
    #[command(subcommand)]
    Llm(llm::LlmCmd),
}

/// A path that may be empty: clap's own parser refuses an empty one as "a value is required for
/// '--config <FILE>'", a flag the user never typed when `STARCOACH_CONFIG=` is set to nothing.
/// Empty is taken as not given (`Cli::run`), as for the config's `STARCOACH_*` variables.
fn any_path() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser;
    clap::builder::OsStringValueParser::new().map(PathBuf::from)
}

impl Cli {
    pub fn run(mut self) -> anyhow::Result<ExitCode> {
        let given = |path: Option<PathBuf>| path.filter(|p| !p.as_os_str().is_empty());
        self.global.config = given(self.global.config.take());
        self.global.stories = given(self.global.stories.take());
        let config = Config::load(self.global.config.as_deref())?;
        let ctx = Ctx {
            global: self.global,
            config,
        };
        match self.command {
            Command::Import(cmd) => cmd.run(&ctx),
            Command::Stories(cmd) => cmd.run(&ctx),
            Command::Match(cmd) => cmd.run(&ctx),
            Command::Questions(cmd) => cmd.run(&ctx),
            Command::Tailor(cmd) => cmd.run(&ctx),
            Command::Critique(cmd) => cmd.run(&ctx),
            Command::Followups(cmd) => cmd.run(&ctx),
            Command::Practice(cmd) => cmd.run(&ctx),
            Command::Progress(cmd) => cmd.run(&ctx),
            Command::History(cmd) => cmd.run(&ctx),
            Command::Eval(cmd) => cmd.run(&ctx),
            Command::Serve(cmd) => cmd.run(&ctx),
            Command::Prompts(cmd) => cmd.run(&ctx),
            Command::Cache(cmd) => cmd.run(&ctx),
            Command::Config(cmd) => cmd.run(&ctx),
            Command::Llm(cmd) => cmd.run(&ctx),
        }
    }
}

/// What every subcommand needs: the global flags and the loaded config.
pub struct Ctx {
    pub global: GlobalArgs,
    pub config: Config,
}

impl Ctx {
    pub fn stories_dir(&self) -> PathBuf {
        self.config.stories_dir(self.global.stories.as_deref())
    }

    /// The bank, without the entries that do not load: each of those is a warning naming its
    /// file and line, and the rest keeps working (`stories lint` fails on them).
    pub fn bank(&self) -> anyhow::Result<StoryBank> {
        let dir = self.stories_dir();
        let (bank, problems) = StoryBank::load_lenient(&dir)?;
        for problem in &problems {
            say(format!(
                "warning: {problem} (skipped; `starcoach stories lint` lists every problem)"
            ));
        }
        Ok(bank)
    }

    /// The bank when there is one; commands that can work without stories (critique) use this.
    pub fn bank_if_any(&self) -> anyhow::Result<StoryBank> {
        let dir = self.stories_dir();
        if self.global.stories.is_none() && !dir.exists() {
            return Ok(StoryBank::from_entries(&dir, Vec::new()));
        }
        self.bank()
    }

    /// The practice history (`[history] path`, else the platform data dir).
    pub fn history(&self) -> anyhow::Result<crate::history::SqliteHistory> {
        Ok(crate::history::SqliteHistory::open(
            &self.config.history_path(),
        )?)
    }

    /// The coach for this command: the bank and the engine the flags ask for.
    pub fn coach(&self, bank: StoryBank) -> anyhow::Result<Coach> {
        self.coach_with(bank, None)
    }

    pub fn coach_with(&self, bank: StoryBank, progress: Option<Progress>) -> anyhow::Result<Coach> {
        let options = CoachOptions {
            flags: RunFlags {
                no_cache: self.global.no_cache,
                strict: self.global.strict,
                dry_run: self.global.dry_run,
            },
            progress,
        };
        Ok(Coach::with_options(
            bank,
            &self.config,
            self.global.engine,
            options,
        )?)
    }

    /// Prints a report: JSON with `--json`, else the human rendering (colored on a terminal).
    pub fn emit<T: Serialize>(
        &self,
        report: &T,
        human: impl FnOnce(&T) -> String,
    ) -> anyhow::Result<()> {
        let text = if self.global.json {
            serde_json::to_string_pretty(report)? + "\n"
        } else {
            human(report)
        };
        let mut out = anstream::stdout();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .or_else(|e| {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .context("cannot write to stdout")
    }
}

/// A count on the command line (`--top`, `--count`, `--max-reuse`): a whole number, 1 or more.
pub fn at_least_one(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{value}` is not a whole number; give 1 or more")),
    }
}

/// What a text given on the command line is: it names the text in errors and sets its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A draft answer to critique or to ask follow-ups of.
    Draft,
    /// A practice answer, typed or from a file.
    Answer,
    /// A job description.
    Job,
    /// A recorded answer.
    Recording,
}

impl Input {
    /// The option that names a file for it.
    fn flag(self) -> &'static str {
        match self {
            Input::Draft => "--draft",
            Input::Answer => "--answer",
            Input::Job => "--job",
            Input::Recording => "--audio",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Input::Draft => "draft",
            Input::Answer => "answer",
            Input::Job => "job description",
            Input::Recording => "recording",
        }
    }

    /// The most it may hold, and what to do when it is over: a draft or an answer is a spoken
    /// answer, a job a posting.
    fn limit(self) -> (usize, &'static str) {
        match self {
            Input::Draft | Input::Answer => (
                crate::engine::MAX_DRAFT_BYTES,
                "shorten it to the part that matters",
            ),
            Input::Recording => (
                crate::engine::speech::MAX_AUDIO_BYTES,
                "record a shorter answer",
            ),
            Input::Job => (
                crate::engine::MAX_JOB_BYTES,
                "shorten it to the part that matters",
            ),
        }
    }
}

/// Whether a file named on the command line is `-`, stdin.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a text input named on the command line (a job description, a draft); `-` is stdin.
pub fn read_text(what: Input, path: &Path) -> anyhow::Result<String> {
    if is_stdin(path) {
        return read_stdin(what);
    }
    let name = what.name();
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read {name} {}", path.display()))?;
    let bytes = read_limited(file, what, &path.display().to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{name} {} is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    if crate::engine::is_blank(&text) {
        bail!("{name} {} is empty", path.display());
    }
    if !crate::engine::has_words(&text) {
        bail!(
            "{name} {} has no words in it, only symbols or emoji: give the text itself",
            path.display()
        );
    }
    Ok(text)
}

/// Reads at most the limit for `what` (and one byte more, to know), so a huge file is refused
/// before it is read whole.
fn read_limited(reader: impl std::io::Read, what: Input, name: &str) -> anyhow::Result<Vec<u8>> {
    let (limit, fix) = what.limit();
    let what = what.name();
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what} {name}"))?;
    if bytes.len() > limit {
        let size = if limit >= 1024 * 1024 {
            format!("{} MB", limit / (1024 * 1024))
        } else {
            format!("{} KiB", limit / 1024)
        };
        bail!("{what} {name} is larger than {size}, the limit: {fix}");
    }
    Ok(bytes)
}

/// Reads a draft or an answer from a file, or from stdin when no file is given.
pub fn read_draft(what: Input, path: Option<&Path>) -> anyhow::Result<String> {
    match path {
        Some(path) => read_text(what, path),
        None => read_stdin(what),
    }
}

/// Which input stdin was read for, once: a second `-` would read nothing.
static STDIN_READ_FOR: std::sync::OnceLock<Input> = std::sync::OnceLock::new();

/// Reads an input from stdin, saying so when it is a terminal.
fn read_stdin(what: Input) -> anyhow::Result<String> {
    let name = what.name();
    let flag = what.flag();
    if let Some(first) = STDIN_READ_FOR.get() {
        bail!(
            "stdin is already read for the {}: pass the {name} as a file ({flag} FILE)",
            first.name()
        );
    }
    let _ = STDIN_READ_FOR.set(what);
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        say(format!(
            "reading the {name} from stdin; finish with Ctrl-D (or pass {flag} FILE)"
        ));
    }
    let bytes = read_limited(stdin.lock(), what, "on stdin")?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("the {name} on stdin is not UTF-8 text"))?;
    if crate::engine::is_blank(&text) {
        bail!(
            "the {name} on stdin is empty: pipe {} in, or pass {flag} FILE",
            article(name)
        );
    }
    if !crate::engine::has_words(&text) {
        bail!(
            "the {name} on stdin has no words in it, only symbols or emoji: give the text itself"
        );
    }
    Ok(text)
}

/// "a draft", "an answer".
fn article(name: &str) -> String {
    let an = name.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {name}", if an { "an" } else { "a" })
}
