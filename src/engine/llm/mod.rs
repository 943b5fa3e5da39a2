//! The LLM engine: the same five operations through any OpenAI-compatible endpoint. The offline
//! engine preselects candidates, so a prompt carries only what it needs; every reply is
//! validated, grounded against the bank and the job, and counted.

mod brief;
pub mod cache;
mod call;
pub mod client;
mod ground;
mod ops;
pub mod prompt;
mod retry;
pub mod schema;
mod tailor;
pub mod tokens;

use std::sync::{Arc, Mutex};

pub use call::{ItemError, Prepared};
pub use client::LlmError;

use crate::config::{Config, Price, Structured};
use crate::engine::offline::OfflineEngine;
use cache::Cache;
use client::Endpoint;
use prompt::Prompts;

/// What the command line adds to the config for one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunFlags {
    pub no_cache: bool,
    pub strict: bool,
    pub dry_run: bool,
}

#[derive(Debug, Clone)]
struct Options {
    structured: Structured,
    context_window: usize,
    reply_tokens: usize,
    candidates: usize,
    strict: bool,
    dry_run: bool,
    price: Option<Price>,
}

/// Called as tailor's per-question calls complete: (done, total).
pub type Progress = Arc<dyn Fn(usize, usize) + Send + Sync>;

pub struct LlmEngine {
    offline: Arc<OfflineEngine>,
    endpoint: Endpoint,
    prompts: Prompts,
    /// Shared with blocking tasks: SQLite waits on file locks, which must not stall tokio workers.
    cache: Option<Arc<Cache>>,
    opts: Options,
    vision: Option<String>,
    permits: tokio::sync::Semaphore,
    dry_log: Mutex<Vec<Prepared>>,
    progress: Option<Progress>,
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Llm(#[from] LlmError),
    #[error("prompts: {0}")]
    Prompts(String),
    #[error("response cache: {0}")]
    Cache(String),
}

impl LlmEngine {
    pub fn new(
        offline: Arc<OfflineEngine>,
        config: &Config,
        flags: RunFlags,
        progress: Option<Progress>,
    ) -> Result<LlmEngine, SetupError> {
        let llm = &config.llm;
        let endpoint = Endpoint::new(llm)?;
        let prompts = Prompts::load(config.prompts_dir().as_deref())
            .map_err(|e| SetupError::Prompts(e.to_string()))?;
        let cache = if flags.no_cache || flags.dry_run {
            None
        } else {
            Some(Arc::new(
                Cache::open(&config.cache_dir()).map_err(|e| SetupError::Cache(e.to_string()))?,
            ))
        };
        let vision = offline
            .bank()
            .vision()
            .or_else(|| config.profile.vision.clone());
        Ok(LlmEngine {
            permits: tokio::sync::Semaphore::new(llm.max_concurrency.max(1)),
            opts: Options {
                structured: llm.structured,
                context_window: llm.context_window,
                reply_tokens: llm.reply_tokens,
                candidates: llm.candidates.max(1),
                strict: flags.strict,
                dry_run: flags.dry_run,
                price: llm.prices.get(&endpoint.model).copied(),
            },
            offline,
            endpoint,
            prompts,
            cache,
            vision,
            dry_log: Mutex::new(Vec::new()),
            progress,
        })
    }

    /// The calls a `--dry-run` prepared instead of sending.
    pub fn dry_runs(&self) -> Vec<Prepared> {
        std::mem::take(&mut *self.dry_log.lock().expect("dry-run log lock"))
    }

    pub fn endpoint_url(&self) -> &str {
        &self.endpoint.base_url
    }
}
