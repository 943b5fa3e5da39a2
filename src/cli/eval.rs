//! `starcoach eval`: score the engine on labelled cases, with bars for CI.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::Ctx;
use super::exit::{Exit, say};
use super::output::block_on;
use crate::coach::{Coach, EngineChoice};
use crate::eval::{
    CritiqueCase, KindCase, PostingCase, QuestionCase, eval_critique, eval_kinds, eval_postings,
    eval_questions, read_cases,
};
use crate::render;
use crate::story::StoryBank;

/// Score the engine on labelled JSON Lines cases (formats and metrics in docs/eval.md)
///
/// Each subcommand prints every miss, then the figures; the `--min-*` and `--max-*` bars make
/// it exit 1 when a figure is out of bounds, for CI.
#[derive(Debug, Subcommand)]
pub enum Eval {
    /// Lines of {"question", "expect": [ids]} ([] = nothing fits): top-1, top-3, precision,
    /// "nothing fits" recall, per competency, and the confusions
    #[command(
        after_help = "Example:\n  starcoach eval questions questions.jsonl --min-top1 95 --min-top3 100"
    )]
    Questions {
        /// The labelled questions, JSON Lines (docs/eval.md)
        file: PathBuf,
        /// Exit 1 when the top-1 rate (percent) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_top1: Option<f64>,
        /// Exit 1 when the top-3 rate (percent) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_top3: Option<f64>,
        /// Exit 1 when the precision of offered first matches (percent) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_precision: Option<f64>,
        /// Exit 1 when the recall of "nothing fits" cases (percent) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_none_recall: Option<f64>,
    },
    /// Lines of {"question", "draft", "expect": [codes], "forbid": [codes], "kind"?, "quality"?}:
    /// recall, precision and violations per code, answer kinds, strong/weak scores
    #[command(
        after_help = "Example:\n  starcoach eval critique critique.jsonl --min-recall 100 --max-violations 0"
    )]
    Critique {
        /// The labelled drafts, JSON Lines (docs/eval.md)
        file: PathBuf,
        /// Exit 1 when recall of expected codes (percent) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_recall: Option<f64>,
        /// Exit 1 when precision (recalled over recalled plus forbidden raised) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_precision: Option<f64>,
        /// Exit 1 when more forbidden codes than this are raised
        #[arg(long, value_name = "N")]
        max_violations: Option<usize>,
        /// Exit 1 when the share of drafts labelled weak that score 35 or less (percent) is
        /// below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_weak_held: Option<f64>,
    },
    /// Lines of {"question", "kind"} (story, weakness, motivation or introduction): how often
    /// the kind the question asks for is read right, recall and precision per kind. Needs no
    /// bank and makes no LLM call: the kind is read offline by every engine
    #[command(after_help = "Example:\n  starcoach eval kinds kinds.jsonl --min-accuracy 90")]
    Kinds {
        /// The labelled questions, JSON Lines (docs/eval.md)
        file: PathBuf,
        /// Exit 1 when the share of questions whose kind is read right (percent) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_accuracy: Option<f64>,
    },
    /// Lines of {"job", "bank", "expect": [story ids], "uncovered": [words],
    /// "forbid_uncovered": [words]}: the coach's picks found in the plan, the to-write list
    #[command(
        after_help = "Example:\n  starcoach --stories stories eval postings postings.jsonl --bank sample --min-picks 80"
    )]
    Postings {
        /// The labelled postings, JSON Lines (docs/eval.md)
        file: PathBuf,
        /// Run only the cases labelled for this bank (their `bank` field)
        #[arg(long, value_name = "NAME")]
        bank: Option<String>,
        /// Exit 1 when the share of the coach's picks in the plan (percent) is below this
        #[arg(long, value_name = "PCT", value_parser = percent)]
        min_picks: Option<f64>,
        /// Exit 1 when more forbidden words than this are on the to-write lists
        #[arg(long, value_name = "N")]
        max_forbidden: Option<usize>,
    },
}

impl Eval {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let mut missed = Bars::default();
        match self {
            Eval::Questions {
                file,
                min_top1,
                min_top3,
                min_precision,
                min_none_recall,
            } => {
                let cases = read_cases::<QuestionCase>(&file)?;
                let engine = ctx.coach(ctx.bank()?)?;
                let r = block_on(eval_questions(&engine, &file, &cases))??;
                ctx.emit(&r, render::eval_questions)?;
                missed.min("top-1", r.top1_pct, min_top1);
                missed.min("top-3", r.top3_pct, min_top3);
                missed.min("precision", r.precision_pct, min_precision);
                missed.min(
                    "nothing-fits recall",
                    r.none_fits_recall_pct,
                    min_none_recall,
                );
            }
            Eval::Critique {
                file,
                min_recall,
                min_precision,
                max_violations,
                min_weak_held,
            } => {
                let cases = read_cases::<CritiqueCase>(&file)?;
                let engine = ctx.coach(ctx.bank_if_any()?)?;
                let r = block_on(eval_critique(&engine, &file, &cases))??;
                ctx.emit(&r, render::eval_critique)?;
                missed.min("recall", r.recall_pct, min_recall);
                missed.min("precision", r.precision_pct, min_precision);
                missed.max("violations", r.violations, max_violations);
                missed.min("weak drafts held", r.weak.weak_band_pct, min_weak_held);
            }
            Eval::Kinds { file, min_accuracy } => {
                let accuracy = kinds(ctx, &file)?;
                missed.min("accuracy", accuracy, min_accuracy);
            }
            Eval::Postings {
                file,
                bank,
                min_picks,
                max_forbidden,
            } => {
                let cases = read_cases::<PostingCase>(&file)?;
                let engine = ctx.coach(ctx.bank()?)?;
                let r = block_on(eval_postings(&engine, &file, &cases, bank.as_deref()))??;
                ctx.emit(&r, render::eval_postings)?;
                missed.min("picks", r.picks_pct, min_picks);
                missed.max("forbidden words", r.forbidden_found, max_forbidden);
            }
        }
        if !missed.0.is_empty() {
            say(format!("eval: below the bar: {}", missed.0.join("; ")));
            return Ok(Exit::CheckFailed.into());
        }
        Ok(Exit::Done.into())
    }
}

/// The bars a run missed, each said with the figure and the bar.
#[derive(Default)]
struct Bars(Vec<String>);

impl Bars {
    fn min(&mut self, name: &str, got: f64, bar: Option<f64>) {
        if let Some(bar) = bar.filter(|&bar| got < bar) {
            self.0.push(format!("{name} {got:.1} % is under {bar} %"));
        }
    }

    fn max(&mut self, name: &str, got: usize, bar: Option<usize>) {
        if let Some(bar) = bar.filter(|&bar| got > bar) {
            self.0.push(format!("{got} {name}, over {bar}"));
        }
    }
}

/// A bar on the command line (`--min-top1 90`): a percentage from 0 to 100.
fn percent(value: &str) -> Result<f64, String> {
    match value.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "`{value}` is not a percentage; give a number from 0 to 100"
        )),
    }
}

/// `eval kinds`, read offline whatever the engine: the LLM engine reports the offline reading of
/// the kind, so asking it would cost a call per question and measure the same code.
fn kinds(ctx: &Ctx, file: &Path) -> anyhow::Result<f64> {
    let cases = read_cases::<KindCase>(file)?;
    let bank = StoryBank::from_entries(Path::new("."), Vec::new());
    let engine = Coach::new(bank, &ctx.config, EngineChoice::Offline)?;
    let r = block_on(eval_kinds(&engine, file, &cases))??;
    ctx.emit(&r, render::eval_kinds)?;
    Ok(r.accuracy_pct)
}
