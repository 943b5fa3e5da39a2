//! The LLM engine: the same five operations through any OpenAI-compatible endpoint. The offline
//! engine preselects candidates, so a prompt carries only what it needs; every reply is
//! validated, grounded against the bank and the job, and counted.

mod brief;
pub mod cache;
mod call;
pub mod client;
mod critique;
mod doctor;
mod ground;
pub mod negotiate;
mod ops;
pub mod prompt;
pub(crate) mod retry;
pub mod schema;
mod tailor;
pub mod tokens;

use std::sync::{Arc, Mutex};

pub use call::{ItemError, Prepared};
pub use client::LlmError;

use crate::config::{Config, Price, Structured, TokenLimitField};
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
    /// As configured: `auto` means negotiated with the endpoint.
    structured: Structured,
    token_limit_field: TokenLimitField,
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
    /// What the endpoint does, learned once per process (or read from the cache database).
    abilities: tokio::sync::OnceCell<negotiate::Abilities>,
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
                token_limit_field: llm.token_limit_field,
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
            abilities: tokio::sync::OnceCell::new(),
        })
    }

    /// The calls a `--dry-run` prepared instead of sending.
    pub fn dry_runs(&self) -> Vec<Prepared> {
        std::mem::take(&mut *self.dry_log.lock().expect("dry-run log lock"))
    }

    pub fn endpoint_url(&self) -> &str {
        &self.endpoint.base_url
    }

    /// What the endpoint does: the config's keys where they are not `auto`, else what an
    /// earlier negotiation stored in the cache database, else a negotiation now (stored).
    pub async fn abilities(&self) -> Result<negotiate::Abilities, LlmError> {
        self.abilities
            .get_or_try_init(|| async {
                let (structured, field) = (self.opts.structured, self.opts.token_limit_field);
                if structured != Structured::Auto && field != TokenLimitField::Auto {
                    return Ok(negotiate::Abilities {
                        structured,
                        token_limit_field: field,
                        streaming: true,
                        context: None,
                        tokens_per_second: None,
                    });
                }
                if let Some(known) = self.stored_abilities().await {
                    return Ok(known);
                }
                Ok(self.check().await?.abilities)
            })
            .await
            .copied()
    }

    /// Negotiates afresh (for `llm check`), stores the result, and returns every step.
    pub async fn check(&self) -> Result<negotiate::Negotiated, LlmError> {
        let found = negotiate::negotiate(
            &self.endpoint,
            self.opts.structured,
            self.opts.token_limit_field,
        )
        .await?;
        self.store_abilities(&found.abilities).await;
        Ok(found)
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The structured-output mode prompts are written for: the negotiated one once known.
    fn structured(&self) -> Structured {
        match self.abilities.get() {
            Some(a) => a.structured,
            None if self.opts.structured == Structured::Auto => Structured::JsonSchema,
            None => self.opts.structured,
        }
    }

    fn limit_field(&self) -> TokenLimitField {
        self.abilities
            .get()
            .map_or(self.opts.token_limit_field, |a| a.token_limit_field)
    }

    /// The context the prompts must fit: the config's, or the server's when that is shorter.
    fn context_window(&self) -> usize {
        let reported = self.abilities.get().and_then(|a| a.context);
        reported.map_or(self.opts.context_window, |n| {
            n.min(self.opts.context_window)
        })
    }

    async fn stored_abilities(&self) -> Option<negotiate::Abilities> {
        let cache = self.cache.clone()?;
        let (url, model) = (self.endpoint.base_url.clone(), self.endpoint.model.clone());
        let json = tokio::task::spawn_blocking(move || cache.abilities(&url, &model))
            .await
            .ok()?
            .ok()??;
        serde_json::from_str(&json).ok()
    }

    async fn store_abilities(&self, abilities: &negotiate::Abilities) {
        let Some(cache) = self.cache.clone() else {
            return;
        };
        let (url, model) = (self.endpoint.base_url.clone(), self.endpoint.model.clone());
        let json = serde_json::to_string(abilities).expect("abilities serialize");
        let stored =
            tokio::task::spawn_blocking(move || cache.set_abilities(&url, &model, &json)).await;
        if let Ok(Err(e)) = stored {
            tracing::warn!("cannot store the endpoint's abilities: {e}");
        }
    }
}
