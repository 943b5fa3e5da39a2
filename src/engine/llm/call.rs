//! One LLM call from start to finish: render the prompt, fit it to the token budget, look in
//! the cache, call (or stream), parse and validate the reply, and ask once for a repair.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::LlmEngine;
use super::cache::{Cache, CachedReply};
use super::client::{ChatCall, ChatReply, LlmError, Message};
use super::schema::{extract_json, response_format};
use crate::config::Structured;
use crate::report::Usage;

/// Why one item (a question of a tailor run, or a whole command) got no answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ItemError {
    #[error(transparent)]
    Llm(#[from] LlmError),
    #[error("the model's reply for {item:?} was invalid twice ({error})")]
    Invalid { item: String, error: String },
    #[error(
        "the prompt for {item:?} needs {need} tokens but only {budget} fit ([llm] context_window minus reply_tokens): shorten the input or raise context_window"
    )]
    Budget {
        item: String,
        need: usize,
        budget: usize,
    },
    #[error("prompt template: {0}")]
    Prompt(String),
    #[error("dry run: no call made")]
    DryRun,
}

/// How far a prompt is shrunk to fit: fewer candidates first, then shorter sections.
#[derive(Debug, Clone, Copy)]
pub struct Shrink {
    pub candidates: usize,
    pub section_words: Option<usize>,
}

/// A call ready to send, with what fitting it to the budget left out.
#[derive(Debug, Clone, Serialize)]
pub struct Prepared {
    pub item: String,
    pub messages: Vec<Message>,
    #[serde(skip)]
    pub schema: Value,
    #[serde(skip)]
    pub schema_name: &'static str,
    pub tokens: usize,
    pub notes: Vec<String>,
}

/// Usage of one operation, counted as its calls complete; its retries are its own even when
/// other requests run at the same time (see [`Meter::count`]).
#[derive(Debug, Default)]
pub struct Meter {
    calls: AtomicU64,
    prompt: AtomicU64,
    completion: AtomicU64,
    hits: AtomicU64,
    retries: std::sync::Arc<AtomicU64>,
}

impl Meter {
    /// Runs an operation's calls with this meter counting their retries.
    pub async fn count<T>(&self, work: impl Future<Output = T>) -> T {
        super::retry::OPERATION_RETRIES
            .scope(std::sync::Arc::clone(&self.retries), work)
            .await
    }

    pub fn usage(&self, price: Option<crate::config::Price>) -> Usage {
        let retries = self.retries.load(Ordering::Relaxed);
        let prompt = self.prompt.load(Ordering::Relaxed);
        let completion = self.completion.load(Ordering::Relaxed);
        Usage {
            calls: self.calls.load(Ordering::Relaxed),
            prompt_tokens: prompt,
            completion_tokens: completion,
            cache_hits: self.hits.load(Ordering::Relaxed),
            retries,
            estimated_cost_usd: price.map(|p| {
                (prompt as f64 * p.prompt + completion as f64 * p.completion) / 1_000_000.0
            }),
        }
    }
}

/// One model call of an operation: the item it is for (named in errors), its template (also the
/// schema's name), its reply schema, and how many candidates the prompt may start with.
pub struct Call<'a> {
    pub item: &'a str,
    pub template: &'static str,
    pub schema: Value,
    pub candidates: usize,
}

impl LlmEngine {
    /// The whole life of a single-call operation: fit the prompt to the budget, send it, validate
    /// (with one repair), and count what it cost.
    pub async fn call_once<T: DeserializeOwned>(
        &self,
        call: Call<'_>,
        build: impl Fn(Shrink, Option<&Value>) -> Value,
        validate: impl Fn(&T) -> Result<(), String>,
        sink: Option<&(dyn Fn(&str) + Sync)>,
    ) -> Result<(T, Usage), ItemError> {
        if !self.opts.dry_run {
            // The prompt is written for the endpoint's structured-output mode: learn it first.
            self.abilities().await?;
        }
        let prepared = self.prepare(
            call.item,
            call.template,
            call.template,
            call.schema,
            call.candidates,
            build,
        )?;
        let meter = Meter::default();
        let reply = meter
            .count(self.run(&prepared, &meter, validate, sink))
            .await?;
        Ok((reply, meter.usage(self.opts.price)))
    }
}

const SECTION_WORD_STEPS: [usize; 3] = [120, 60, 30];

impl LlmEngine {
    /// Renders `template` with the context `build` makes, shrinking until it fits the budget.
    pub fn prepare(
        &self,
        item: &str,
        template: &str,
        schema_name: &'static str,
        schema: Value,
        max_candidates: usize,
        build: impl Fn(Shrink, Option<&Value>) -> Value,
    ) -> Result<Prepared, ItemError> {
        let budget = self.context_window().saturating_sub(self.opts.reply_tokens);
        let inline_schema = (self.structured() != Structured::JsonSchema).then_some(&schema);
        let mut shrink = Shrink {
            candidates: max_candidates,
            section_words: None,
        };
        let mut notes = Vec::new();
        let mut steps = SECTION_WORD_STEPS.iter();
        loop {
            let messages = self.render(template, &build(shrink, inline_schema))?;
            let pairs: Vec<(&str, &str)> = messages
                .iter()
                .map(|m| (m.role.as_str(), m.content.as_str()))
                .collect();
            let tokens = super::tokens::count_messages(&self.endpoint.model, &pairs);
            if tokens <= budget {
                return Ok(Prepared {
                    item: item.to_string(),
                    messages,
                    schema,
                    schema_name,
                    tokens,
                    notes,
                });
            }
            if shrink.candidates > 1 {
                shrink.candidates -= 1;
                notes.push(format!(
                    "left out candidate {} (lowest ranked) to fit {budget} tokens",
                    shrink.candidates + 1
                ));
            } else if let Some(&words) = steps.next() {
                shrink.section_words = Some(words);
                notes.push(format!(
                    "shortened each story section to {words} words to fit {budget} tokens"
                ));
            } else {
                return Err(ItemError::Budget {
                    item: item.to_string(),
                    need: tokens,
                    budget,
                });
            }
        }
    }

    fn render(&self, template: &str, ctx: &Value) -> Result<Vec<Message>, ItemError> {
        let system = self
            .prompts
            .render("system", &json!({"vision": self.vision}))
            .map_err(|e| ItemError::Prompt(e.to_string()))?;
        let user = self
            .prompts
            .render(template, ctx)
            .map_err(|e| ItemError::Prompt(e.to_string()))?;
        Ok(vec![
            Message {
                role: "system".into(),
                content: system,
            },
            Message {
                role: "user".into(),
                content: user,
            },
        ])
    }

    /// Sends a prepared call and returns the validated reply. `sink` receives streamed text.
    pub async fn run<T: DeserializeOwned>(
        &self,
        p: &Prepared,
        meter: &Meter,
        validate: impl Fn(&T) -> Result<(), String>,
        sink: Option<&(dyn Fn(&str) + Sync)>,
    ) -> Result<T, ItemError> {
        if self.opts.dry_run {
            self.dry_log
                .lock()
                .expect("dry-run log lock")
                .push(p.clone());
            return Err(ItemError::DryRun);
        }
        let call = ChatCall {
            messages: p.messages.clone(),
            response_format: response_format(self.structured(), p.schema_name, &p.schema),
            max_tokens: self.opts.reply_tokens,
            limit_field: self.limit_field(),
        };
        let key = self.cache_key(&call);
        if let Some(value) = self
            .cache_get(&key)
            .await
            .and_then(|hit| parse::<T>(&hit.content, &validate).ok())
        {
            meter.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(value);
        }
        let reply = self.send(&call, meter, sink).await?;
        match parse::<T>(&reply.content, &validate) {
            Ok(value) => {
                self.cache_put(&key, &reply).await;
                Ok(value)
            }
            Err(error) => {
                self.repair(
                    &p.item,
                    call,
                    &reply.content,
                    &error,
                    meter,
                    &validate,
                    &key,
                )
                .await
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn repair<T: DeserializeOwned>(
        &self,
        item: &str,
        mut call: ChatCall,
        bad: &str,
        error: &str,
        meter: &Meter,
        validate: &impl Fn(&T) -> Result<(), String>,
        key: &str,
    ) -> Result<T, ItemError> {
        call.messages.push(Message {
            role: "assistant".into(),
            content: bad.to_string(),
        });
        call.messages.push(Message {
            role: "user".into(),
            content: format!("That reply was not valid: {error}. Reply again with only the JSON object, exactly matching the schema."),
        });
        let reply = self.send(&call, meter, None).await?;
        let value = parse::<T>(&reply.content, validate).map_err(|error| ItemError::Invalid {
            item: item.to_string(),
            error,
        })?;
        self.cache_put(key, &reply).await;
        Ok(value)
    }

    async fn send(
        &self,
        call: &ChatCall,
        meter: &Meter,
        sink: Option<&(dyn Fn(&str) + Sync)>,
    ) -> Result<ChatReply, LlmError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let streams = self.abilities.get().is_none_or(|a| a.streaming);
        let reply = match sink {
            Some(sink) if streams => self.endpoint.chat_stream(call, |d| sink(d)).await?,
            _ => self.endpoint.chat(call).await?,
        };
        meter.calls.fetch_add(1, Ordering::Relaxed);
        let pairs: Vec<(&str, &str)> = call
            .messages
            .iter()
            .map(|m| (m.role.as_str(), m.content.as_str()))
            .collect();
        let prompt = reply
            .prompt_tokens
            .unwrap_or_else(|| super::tokens::count_messages(&self.endpoint.model, &pairs) as u64);
        let completion = reply
            .completion_tokens
            .unwrap_or_else(|| super::tokens::count(&self.endpoint.model, &reply.content) as u64);
        meter.prompt.fetch_add(prompt, Ordering::Relaxed);
        meter.completion.fetch_add(completion, Ordering::Relaxed);
        Ok(reply)
    }

    fn cache_key(&self, call: &ChatCall) -> String {
        let body = self.endpoint.body(call, false);
        Cache::key(&[
            &self.endpoint.base_url,
            &self.endpoint.model,
            &body.to_string(),
        ])
    }

    /// SQLite may wait up to its busy timeout on another process's lock, so cache I/O runs on
    /// the blocking pool rather than on the worker that drives other requests.
    async fn cache_get(&self, key: &str) -> Option<CachedReply> {
        let cache = self.cache.clone()?;
        let key = key.to_string();
        tokio::task::spawn_blocking(move || cache.get(&key).ok().flatten())
            .await
            .ok()
            .flatten()
    }

    async fn cache_put(&self, key: &str, reply: &ChatReply) {
        let Some(cache) = self.cache.clone() else {
            return;
        };
        let key = key.to_string();
        let cached = CachedReply {
            content: reply.content.clone(),
            prompt_tokens: reply.prompt_tokens.unwrap_or(0) as u32,
            completion_tokens: reply.completion_tokens.unwrap_or(0) as u32,
        };
        let written = tokio::task::spawn_blocking(move || cache.put(&key, &cached)).await;
        if let Ok(Err(e)) = written {
            tracing::warn!("cannot write the response cache: {e}");
        }
    }
}

fn parse<T: DeserializeOwned>(
    content: &str,
    validate: &impl Fn(&T) -> Result<(), String>,
) -> Result<T, String> {
    let value: T = serde_json::from_str(extract_json(content))
        .map_err(|e| format!("not the JSON asked for: {e}"))?;
    validate(&value)?;
    Ok(value)
}
