//! `starcoach cache`: what the LLM response cache holds, and clearing it.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;

use super::Ctx;
use super::exit::Exit;
use crate::engine::llm::cache::{self as store, CacheStats};
use crate::render::{BOLD, paint};

/// Inspect or clear the LLM response cache (in `[cache] dir`, else the platform cache dir)
#[derive(Debug, Subcommand)]
pub enum Cache {
    /// Show the cache file, its entries, size on disk and hits served
    #[command(after_help = "Examples:\n  starcoach cache stats\n  starcoach cache stats --json")]
    Stats,
    /// Remove every cached reply (the next LLM run calls the model again)
    #[command(after_help = "Example:\n  starcoach cache clear")]
    Clear,
}

#[derive(Debug, Serialize)]
pub struct Cleared {
    pub path: PathBuf,
    pub removed: u64,
}

impl Cache {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let dir = ctx.config.cache_dir();
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!(
                "the cache dir {} is a file, not a folder: point `[cache] dir` at a folder",
                dir.display()
            );
        }
        let path = dir.join(store::FILE_NAME);
        // Looking must not create anything: without a cache file there is nothing to report.
        let cache = if path.is_file() {
            Some(store::Cache::open(&dir)?)
        } else {
            None
        };
        match self {
            Cache::Stats => {
                let stats = match &cache {
                    Some(cache) => cache.stats()?,
                    None => CacheStats {
                        path,
                        entries: 0,
                        bytes: 0,
                        hits: 0,
                        oldest: None,
                        newest: None,
                    },
                };
                ctx.emit(&stats, human_stats)?;
            }
            Cache::Clear => {
                let removed = match &cache {
                    Some(cache) => cache.clear()?,
                    None => 0,
                };
                ctx.emit(&Cleared { path, removed }, human_cleared)?;
            }
        }
        Ok(Exit::Done.into())
    }
}

fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

fn human_stats(s: &CacheStats) -> String {
    let mut rows = vec![
        ("cache", s.path.display().to_string()),
        ("entries", s.entries.to_string()),
        ("size", size(s.bytes)),
        ("hits", s.hits.to_string()),
    ];
    if let (Some(oldest), Some(newest)) = (&s.oldest, &s.newest) {
        rows.push(("oldest", oldest.clone()));
        rows.push(("newest", newest.clone()));
    }
    let mut out = String::new();
    for (label, value) in rows {
        let _ = writeln!(out, "{}  {value}", paint(BOLD, &format!("{label:<7}")));
    }
    out
}

fn human_cleared(c: &Cleared) -> String {
    let noun = if c.removed == 1 { "reply" } else { "replies" };
    format!(
        "removed {} cached {noun} from {}\n",
        c.removed,
        c.path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(1023), "1023 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(5 * 1024 * 1024), "5.0 MiB");
    }
}
