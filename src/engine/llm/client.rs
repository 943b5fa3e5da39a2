//! The connection to an OpenAI-compatible endpoint (async-openai over reqwest), with retries,
//! a per-call timeout, streaming, lenient reply parsing and errors that never carry the key.

use std::time::Duration;

use async_openai::Client;
use async_openai::error::OpenAIError;
use async_openai::middleware::ReqwestService;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::retry::{Backoff, RetryService};
use crate::config::{KeyError, LlmConfig, TokenLimitField, unusable_key};
use crate::engine::openai::ApiConfig;

#[derive(Debug, Clone, thiserror::Error)]
pub enum LlmError {
    #[error(
        "no LLM endpoint is configured: set [llm] base_url and model in the config, or use --engine offline"
    )]
    NotConfigured,
    #[error(
        "the API key variable {0} is not set or is empty: export it, or remove [llm] api_key_env for a local server"
    )]
    MissingKey(String),
    #[error("{}", unusable_key(.0))]
    UnusableKey(String),
    #[error(
        "cannot reach the LLM endpoint {url}: {reason} (is the server running? check [llm] base_url, or use --engine offline)"
    )]
    Unreachable { url: String, reason: String },
    #[error(
        "the endpoint refused the credentials ({status}): check the API key in the environment variable {env}"
    )]
    Auth { status: u16, env: String },
    #[error("the endpoint answered {status}: {message}")]
    Api { status: u16, message: String },
    #[error("no reply within {0} s (raise [llm] timeout_secs for slow local models)")]
    Timeout(u64),
    #[error("the reply stream ended before the reply was complete")]
    Truncated,
    #[error("the endpoint's reply is not an OpenAI chat completion: {0}")]
    Malformed(String),
}

impl From<KeyError> for LlmError {
    fn from(e: KeyError) -> LlmError {
        match e {
            KeyError::Unset(name) => LlmError::MissingKey(name),
            KeyError::Unusable(name) => LlmError::UnusableKey(name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub role: String,
    pub content: String,
}

/// One chat call: the messages, the reply format and the reply budget (sent in the field
/// the endpoint honours).
#[derive(Debug, Clone, Serialize)]
pub struct ChatCall {
    pub messages: Vec<Message>,
    pub response_format: Option<Value>,
    pub max_tokens: usize,
    pub limit_field: TokenLimitField,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatReply {
    pub content: String,
    pub prompt_tokens: Option<u64>,
    pub completion_tokens: Option<u64>,
    /// Why the model stopped (`stop`, `length`...), when the server says.
    pub finish_reason: Option<String>,
}

pub struct Endpoint {
    client: Client<ApiConfig>,
    /// For the endpoint's other routes (`/models`, `/props`), read when negotiating.
    http: reqwest::Client,
    pub base_url: String,
    pub model: String,
    key_env: String,
    key: String,
    temperature: Option<f32>,
    timeout_secs: u64,
}

impl Endpoint {
    pub fn new(cfg: &LlmConfig) -> Result<Endpoint, LlmError> {
        // A blank base_url or model is no endpoint, as `llm check` and the coach read it.
        let Some((base_url, model)) = (cfg.base_url.as_deref())
            .zip(cfg.model.as_deref())
            .filter(|_| cfg.is_configured())
        else {
            return Err(LlmError::NotConfigured);
        };
        let (base_url, model) = (base_url.trim().to_string(), model.trim().to_string());
        let key = crate::config::api_key(cfg.api_key_env.as_deref())?;
        let timeout = Duration::from_secs(cfg.timeout_secs.max(1));
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| LlmError::Malformed(e.to_string()))?;
        let backoff = Backoff {
            max_retries: cfg.max_retries,
            base: Duration::from_millis(250),
            cap: Duration::from_secs(8),
        };
        let service = RetryService::new(ReqwestService::new(http.clone()), backoff);
        let config = ApiConfig::new(&base_url, &key);
        Ok(Endpoint {
            client: Client::with_config(config)
                .with_http_client(http.clone())
                .with_http_service(service),
            http,
            base_url,
            model,
            key_env: cfg.api_key_env.clone().unwrap_or_default(),
            key,
            temperature: cfg.temperature,
            timeout_secs: cfg.timeout_secs,
        })
    }

    /// The JSON body sent for a call; also what the cache key is computed from.
    pub fn body(&self, call: &ChatCall, stream: bool) -> Value {
        let mut body = json!({
            "model": self.model,
            "messages": call.messages,
            "stream": stream,
        });
        body[call.limit_field.as_str()] = json!(call.max_tokens);
        if let Some(format) = &call.response_format {
            body["response_format"] = format.clone();
        }
        if let Some(t) = self.temperature {
            body["temperature"] = json!(t);
        }
        if stream {
            body["stream_options"] = json!({"include_usage": true});
        }
        body
    }

    pub async fn chat(&self, call: &ChatCall) -> Result<ChatReply, LlmError> {
        let reply: Value = self
            .client
            .chat()
            .create_byot(self.body(call, false))
            .await
            .map_err(|e| self.map_error(e))?;
        parse_completion(&reply)
    }

    /// Streams the reply, handing each piece of text to `on_delta` as it arrives.
    pub async fn chat_stream(
        &self,
        call: &ChatCall,
        mut on_delta: impl FnMut(&str) + Send,
    ) -> Result<ChatReply, LlmError> {
        let mut stream = self
            .client
            .chat()
            .create_stream_byot::<Value, Value>(self.body(call, true))
            .await
            .map_err(|e| self.map_error(e))?;
        let mut reply = ChatReply::default();
        let mut finished = false;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| self.map_error(e))?;
            if let Some(delta) = chunk
                .pointer("/choices/0/delta/content")
                .and_then(Value::as_str)
            {
                on_delta(delta);
                reply.content.push_str(delta);
            }
            if let Some(reason) = chunk
                .pointer("/choices/0/finish_reason")
                .and_then(Value::as_str)
            {
                finished = true;
                reply.finish_reason = Some(reason.to_string());
            }
            read_usage(&chunk, &mut reply);
        }
        if !finished {
            return Err(LlmError::Truncated);
        }
        Ok(reply)
    }

    /// A GET of one of the endpoint's JSON routes (`models`, or `../props` for llama.cpp);
    /// `None` when the server has no such route or answers something else.
    pub async fn get_json(&self, path: &str) -> Option<Value> {
        let base = self.base_url.trim_end_matches('/');
        let url = match path.strip_prefix("../") {
            Some(rest) => format!("{}/{rest}", base.rsplit_once('/').map_or(base, |(b, _)| b)),
            None => format!("{base}/{path}"),
        };
        let mut req = self.http.get(url);
        if !self.key.is_empty() {
            req = req.bearer_auth(&self.key);
        }
        let resp = req.send().await.ok()?;
        if !resp.status().is_success() {
            return None;
        }
        resp.json().await.ok()
    }

    fn map_error(&self, err: OpenAIError) -> LlmError {
        let scrub = |text: String| scrub_secret(&text, &self.key);
        match err {
            OpenAIError::ApiError(api) => {
                let status = api.status_code.as_u16();
                if status == 401 || status == 403 {
                    let env = if self.key_env.is_empty() {
                        "(none: set [llm] api_key_env)".into()
                    } else {
                        self.key_env.clone()
                    };
                    return LlmError::Auth { status, env };
                }
                LlmError::Api {
                    status,
                    message: scrub(error_message(api.api_error.message)),
                }
            }
            OpenAIError::Reqwest(e) if e.is_timeout() => LlmError::Timeout(self.timeout_secs),
            OpenAIError::Reqwest(e) if e.is_connect() => LlmError::Unreachable {
                url: self.base_url.clone(),
                reason: scrub(root_cause(&e)),
            },
            OpenAIError::JSONDeserialize(e, _) => LlmError::Malformed(e.to_string()),
            OpenAIError::StreamError(e) => {
                let text = e.to_string();
                if text.contains("Timeout") || text.contains("timed out") {
                    LlmError::Timeout(self.timeout_secs)
                } else {
                    LlmError::Truncated
                }
            }
            other => LlmError::Malformed(scrub(other.to_string())),
        }
    }
}

/// On a streamed call async-openai hands over the whole error body; the message is inside it.
fn error_message(text: String) -> String {
    serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|body| {
            body.pointer("/error/message")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or(text)
}

/// The innermost cause ("Connection refused"), which says more than the wrappers around it.
pub(crate) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Removes the API key from any text that may be shown (servers sometimes echo it).
pub fn scrub_secret(text: &str, secret: &str) -> String {
    if secret.len() < 4 {
        return text.to_string();
    }
    text.replace(secret, "[redacted]")
}

/// Reads a chat completion leniently: servers that omit `object` or `id` still work.
fn parse_completion(reply: &Value) -> Result<ChatReply, LlmError> {
    let content = reply
        .pointer("/choices/0/message/content")
        .and_then(Value::as_str)
        .ok_or_else(|| LlmError::Malformed("no choices[0].message.content in the reply".into()))?;
    let mut out = ChatReply {
        content: content.to_string(),
        finish_reason: reply
            .pointer("/choices/0/finish_reason")
            .and_then(Value::as_str)
            .map(str::to_string),
        ..ChatReply::default()
    };
    read_usage(reply, &mut out);
    Ok(out)
}

fn read_usage(value: &Value, reply: &mut ChatReply) {
    if let Some(usage) = value.get("usage").filter(|u| u.is_object()) {
        reply.prompt_tokens = usage
            .get("prompt_tokens")
            .and_then(Value::as_u64)
            .or(reply.prompt_tokens);
        reply.completion_tokens = usage
            .get("completion_tokens")
            .and_then(Value::as_u64)
            .or(reply.completion_tokens);
    }
}
