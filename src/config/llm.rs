//! The `[llm]` table: where the OpenAI-compatible endpoint is, how to ask it for JSON, and
//! what it costs; and the API key an `api_key_env` setting names, shared by every endpoint.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LlmConfig {
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub api_key_env: Option<String>,
    pub context_window: usize,
    pub max_concurrency: usize,
    pub timeout_secs: u64,
    pub max_retries: u32,
    pub candidates: usize,
    pub structured: Structured,
    /// Tokens kept free for the reply; prompts are fitted to `context_window - reply_tokens`.
    pub reply_tokens: usize,
    /// The request field that limits the reply: OpenAI reads `max_completion_tokens`, some
    /// compatible servers only `max_tokens`.
    pub token_limit_field: TokenLimitField,
    pub temperature: Option<f32>,
    /// USD per million tokens, by model name, for the cost estimate.
    pub prices: std::collections::BTreeMap<String, Price>,
}

/// How the endpoint is asked for JSON: learned from the endpoint (`auto`), or one of the ways
/// servers accept: a strict schema (OpenAI, vLLM, Ollama), a JSON object constrained by a
/// `schema` field (llama.cpp-family servers), any JSON object, or only by the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Structured {
    #[default]
    Auto,
    JsonSchema,
    JsonObjectSchema,
    JsonObject,
    None,
}

impl Structured {
    pub fn as_str(self) -> &'static str {
        match self {
            Structured::Auto => "auto",
            Structured::JsonSchema => "json_schema",
            Structured::JsonObjectSchema => "json_object_schema",
            Structured::JsonObject => "json_object",
            Structured::None => "none",
        }
    }
}

/// The request field that limits the reply's length: learned from the endpoint (`auto`), or
/// the one it honours (OpenAI reads `max_completion_tokens`, many local servers only
/// `max_tokens`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenLimitField {
    #[default]
    Auto,
    MaxCompletionTokens,
    MaxTokens,
}

impl TokenLimitField {
    /// The field's name in a request; `auto` sends `max_tokens`, the one nearly every
    /// compatible server reads, until the endpoint's own is known.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenLimitField::MaxCompletionTokens => "max_completion_tokens",
            TokenLimitField::Auto | TokenLimitField::MaxTokens => "max_tokens",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub prompt: f64,
    pub completion: f64,
}

impl LlmConfig {
    /// An endpoint is configured when both where (base_url) and what (model) are known.
    pub fn is_configured(&self) -> bool {
        self.base_url
            .as_deref()
            .is_some_and(|u| !u.trim().is_empty())
            && self.model.as_deref().is_some_and(|m| !m.trim().is_empty())
    }
}

impl Default for LlmConfig {
    fn default() -> Self {
        LlmConfig {
            base_url: None,
            model: None,
            api_key_env: None,
            context_window: 8192,
            max_concurrency: 4,
            timeout_secs: 60,
            max_retries: 3,
            candidates: 4,
            structured: Structured::default(),
            reply_tokens: 1024,
            token_limit_field: TokenLimitField::default(),
            temperature: None,
            prices: std::collections::BTreeMap::new(),
        }
    }
}
