//! `starcoach eval`: score the engine on labelled cases, with bars for CI.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::Ctx;
use super::output::block_on;
use crate::eval::{CritiqueCase, QuestionCase, eval_critique, eval_questions, read_cases};
use crate::render;

/// Score the engine on labelled JSON Lines cases (formats in docs/eval.md)
#[derive(Debug, Subcommand)]
pub enum Eval {
    /// Lines of {"question", "expect": [ids]}: top-1 and top-3 hit rates, and every miss
    #[command(
        after_help = "Example:\n  starcoach eval questions questions.jsonl --min-top1 95 --min-top3 100"
    )]
    Questions {
        file: PathBuf,
        /// Exit 1 when the top-1 rate (percent) is below this
        #[arg(long, value_name = "PCT")]
        min_top1: Option<f64>,
        /// Exit 1 when the top-3 rate (percent) is below this
        #[arg(long, value_name = "PCT")]
        min_top3: Option<f64>,
    },
    /// Lines of {"question", "draft", "expect": [codes], "forbid": [codes]}: recall and violations
    #[command(
        after_help = "Example:\n  starcoach eval critique critique.jsonl --min-recall 100 --max-violations 0"
    )]
    Critique {
        file: PathBuf,
        /// Exit 1 when recall of expected codes (percent) is below this
        #[arg(long, value_name = "PCT")]
        min_recall: Option<f64>,
        /// Exit 1 when more forbidden codes than this are raised
        #[arg(long, value_name = "N")]
        max_violations: Option<usize>,
    },
}

impl Eval {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let passed = match self {
            Eval::Questions {
                file,
                min_top1,
                min_top3,
            } => {
                let cases = read_cases::<QuestionCase>(&file)?;
                let engine = ctx.coach(ctx.bank()?)?;
                let result = block_on(eval_questions(&engine, &file, &cases))??;
                ctx.emit(&result, render::eval_questions)?;
                min_top1.is_none_or(|m| result.top1_pct >= m)
                    && min_top3.is_none_or(|m| result.top3_pct >= m)
            }
            Eval::Critique {
                file,
                min_recall,
                max_violations,
            } => {
                let cases = read_cases::<CritiqueCase>(&file)?;
                let engine = ctx.coach(ctx.bank_if_any()?)?;
                let result = block_on(eval_critique(&engine, &file, &cases))??;
                ctx.emit(&result, render::eval_critique)?;
                min_recall.is_none_or(|m| result.recall_pct >= m)
                    && max_violations.is_none_or(|m| result.violations <= m)
            }
        };
        if !passed {
            eprintln!("eval: below the bar");
            return Ok(ExitCode::from(1));
        }
        Ok(ExitCode::SUCCESS)
    }
}
