//! What an endpoint can do, learned by asking it instead of by hand-set keys: which token-limit
//! field it honours, how it takes structured output, whether it streams, how long its context
//! is, and how fast it generates. A refusal (4xx/5xx) of a feature means the next way is tried;
//! an endpoint that cannot be reached is an error. The result is kept per endpoint and model in
//! the cache database (`cache.rs`); config keys set to other than `auto` override it.

use std::time::Instant;

use serde_json::{Value, json};

use super::client::{ChatCall, ChatReply, Endpoint, LlmError, Message};
use super::schema::{extract_json, response_format};
use crate::config::{Structured, TokenLimitField};
pub use crate::report::{Abilities, Negotiated, ProbeKind, ProbeStep};

const PROBE_SCHEMA_NAME: &str = "probe";

fn probe_schema() -> Value {
    json!({"type": "object", "properties": {"ok": {"type": "boolean"}},
           "required": ["ok"], "additionalProperties": false})
}

fn user(text: &str) -> Vec<Message> {
    vec![Message {
        role: "user".into(),
        content: text.into(),
    }]
}

/// A refusal of what was asked for (the feature), as opposed to a server that is down or
/// rejects the credentials: only a refusal moves on to the next way.
fn refused(err: &LlmError) -> bool {
    matches!(err, LlmError::Api { status, .. } if *status != 404 && *status != 429)
        || matches!(err, LlmError::Malformed(_))
}

/// Asks the endpoint, step by step. `structured` and `field` other than `auto` are taken as
/// given (the config overrides): probed once, to report whether they work, and kept either way.
pub async fn negotiate(
    endpoint: &Endpoint,
    structured: Structured,
    field: TokenLimitField,
) -> Result<Negotiated, LlmError> {
    let mut steps = Vec::new();
    let (field, timing) = token_field(endpoint, field, &mut steps).await?;
    let structured = structure(endpoint, structured, field, &mut steps).await?;
    let streaming = streams(endpoint, field, &mut steps).await;
    let context = context_length(endpoint, &mut steps).await;
    let messages = user(COUNT_PROMPT);
    let pairs: Vec<(&str, &str)> = messages
        .iter()
        .map(|m| (m.role.as_str(), m.content.as_str()))
        .collect();
    Ok(Negotiated {
        abilities: Abilities {
            structured,
            token_limit_field: field,
            streaming,
            context,
            tokens_per_second: timing.1,
        },
        steps,
        server_prompt_tokens: timing.0,
        counted_prompt_tokens: super::tokens::count_messages(&endpoint.model, &pairs),
    })
}

/// A prompt whose natural reply is long enough to show a limit at work, and short enough
/// (about 60 tokens) that a server ignoring the limit is not kept busy.
const COUNT_PROMPT: &str = "Count from 1 to 30 in words, separated by commas.";
const PROBE_LIMIT: usize = 4;

/// `max_tokens` first (nearly every compatible server reads it); when it is refused by name or
/// ignored, `max_completion_tokens`. Returns the field and, from the probe, the server's prompt
/// token count and the generation speed.
async fn token_field(
    endpoint: &Endpoint,
    wanted: TokenLimitField,
    steps: &mut Vec<ProbeStep>,
) -> Result<(TokenLimitField, (Option<u64>, Option<f64>)), LlmError> {
    let order = match wanted {
        TokenLimitField::Auto => vec![
            TokenLimitField::MaxTokens,
            TokenLimitField::MaxCompletionTokens,
        ],
        given => vec![given],
    };
    let mut timing = (None, None);
    for field in &order {
        let call = ChatCall {
            messages: user(COUNT_PROMPT),
            response_format: None,
            max_tokens: PROBE_LIMIT,
            limit_field: *field,
        };
        let started = Instant::now();
        let probe = format!("token limit as `{}`", field.as_str());
        match endpoint.chat(&call).await {
            Ok(reply) => {
                let used = completion_tokens(&reply);
                let secs = started.elapsed().as_secs_f64().max(1e-3);
                timing = (reply.prompt_tokens, Some(used as f64 / secs));
                let honoured = used <= PROBE_LIMIT as u64;
                let verdict = if honoured { "honoured" } else { "ignored" };
                steps.push(step(
                    ProbeKind::TokenLimit,
                    probe,
                    format!("{verdict} ({used} tokens for a limit of {PROBE_LIMIT})"),
                    honoured,
                ));
                // A field the config pins is kept, honoured or not; `auto` tries the next.
                if honoured || wanted != TokenLimitField::Auto {
                    return Ok((*field, timing));
                }
            }
            Err(e) => note_refusal(steps, ProbeKind::TokenLimit, probe, e)?,
        }
    }
    // Neither is honoured: keep the first, the one most servers read, and say so.
    steps.push(step(
        ProbeKind::TokenLimit,
        "token limit".into(),
        "no field was honoured; replies may run to the server's own limit".into(),
        false,
    ));
    Ok((order[0], timing))
}

/// A probe the server refused is one step of the negotiation, and the next way is tried; any
/// other failure ends it.
fn note_refusal(
    steps: &mut Vec<ProbeStep>,
    kind: ProbeKind,
    probe: String,
    e: LlmError,
) -> Result<(), LlmError> {
    if !refused(&e) {
        return Err(e);
    }
    let result = format!("refused: {}", first_line(&e.to_string()));
    steps.push(step(kind, probe, result, false));
    Ok(())
}

fn completion_tokens(reply: &ChatReply) -> u64 {
    reply
        .completion_tokens
        .unwrap_or_else(|| reply.content.split_whitespace().count() as u64)
}

/// A strict schema, then a JSON object constrained by a `schema` field, then any JSON object,
/// then nothing: the first the server takes and answers with the asked-for JSON.
async fn structure(
    endpoint: &Endpoint,
    wanted: Structured,
    field: TokenLimitField,
    steps: &mut Vec<ProbeStep>,
) -> Result<Structured, LlmError> {
    let order = match wanted {
        Structured::Auto => vec![
            Structured::JsonSchema,
            Structured::JsonObjectSchema,
            Structured::JsonObject,
        ],
        given => vec![given],
    };
    // A mode taken but answered with other JSON is kept only if no later mode does better.
    let mut taken = None;
    for mode in order {
        let call = ChatCall {
            messages: user(
                "Is the sky blue on a clear day? Reply with the JSON object {\"ok\": true} or {\"ok\": false}.",
            ),
            response_format: response_format(mode, PROBE_SCHEMA_NAME, &probe_schema()),
            max_tokens: 24,
            limit_field: field,
        };
        let probe = format!("structured output as `{}`", mode.as_str());
        match endpoint.chat(&call).await {
            Ok(reply) => {
                let valid = serde_json::from_str::<Value>(extract_json(&reply.content))
                    .is_ok_and(|v| v.get("ok").is_some_and(Value::is_boolean));
                let result = if valid {
                    "accepted; the reply was the JSON asked for".to_string()
                } else {
                    format!(
                        "accepted, but the reply was not the JSON asked for: {:?}",
                        clip(&reply.content)
                    )
                };
                steps.push(step(ProbeKind::Structured, probe, result, valid));
                if valid {
                    return Ok(mode);
                }
                taken.get_or_insert(mode);
            }
            // Once a mode was taken, a failure of the next (a 429, a timeout) ends the search
            // with that mode, not the negotiation.
            Err(e) if taken.is_some() && !refused(&e) => {
                let result = format!("failed: {}", first_line(&e.to_string()));
                steps.push(step(ProbeKind::Structured, probe, result, false));
                break;
            }
            Err(e) => note_refusal(steps, ProbeKind::Structured, probe, e)?,
        }
    }
    if let Some(mode) = taken {
        return Ok(mode);
    }
    steps.push(step(
        ProbeKind::Structured,
        "structured output".into(),
        "none taken: the prompt alone asks for JSON".into(),
        false,
    ));
    Ok(Structured::None)
}

async fn streams(endpoint: &Endpoint, field: TokenLimitField, steps: &mut Vec<ProbeStep>) -> bool {
    let call = ChatCall {
        messages: user("Say ok."),
        response_format: None,
        max_tokens: 2,
        limit_field: field,
    };
    let result = endpoint.chat_stream(&call, |_| {}).await;
    let ok = result.is_ok();
    let text = match result {
        Ok(_) => "works".to_string(),
        Err(e) => format!("does not work ({e}); replies come whole"),
    };
    steps.push(step(ProbeKind::Streaming, "streaming".into(), text, ok));
    ok
}

/// The context length where the server tells it: llama.cpp's `/props`, or the model's entry in
/// `/models` (vLLM `max_model_len`, LM Studio and others `context_length`).
async fn context_length(endpoint: &Endpoint, steps: &mut Vec<ProbeStep>) -> Option<usize> {
    let from_props = endpoint.get_json("../props").await.and_then(|p| {
        p.pointer("/default_generation_settings/n_ctx")
            .or_else(|| p.get("n_ctx"))
            .and_then(Value::as_u64)
    });
    let from_models = || async {
        let models = endpoint.get_json("models").await?;
        let entry = models
            .get("data")?
            .as_array()?
            .iter()
            .find(|m| m.get("id").and_then(Value::as_str) == Some(endpoint.model.as_str()))?
            .clone();
        [
            "max_model_len",
            "context_length",
            "max_context_length",
            "n_ctx",
        ]
        .iter()
        .find_map(|k| entry.get(*k).and_then(Value::as_u64))
    };
    let found = match from_props {
        Some(n) => Some(n),
        None => from_models().await,
    };
    let result = match found {
        Some(n) => format!("{n} tokens, as the server reports"),
        None => "not reported; [llm] context_window is used".to_string(),
    };
    steps.push(step(
        ProbeKind::Context,
        "context length".into(),
        result,
        found.is_some(),
    ));
    found.map(|n| n as usize)
}

fn step(kind: ProbeKind, probe: String, result: String, ok: bool) -> ProbeStep {
    ProbeStep {
        kind,
        probe,
        result,
        ok,
    }
}

/// The first line of an error, at most 160 characters: servers send whole tracebacks.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(160).collect();
    if out.len() < line.len() {
        out.push('…');
    }
    out
}

fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}
