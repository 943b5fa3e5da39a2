//! What `llm check` found out about an endpoint: its abilities, the probes that showed them,
//! and the config it recommends.

use serde::{Deserialize, Serialize};

use crate::config::{Structured, TokenLimitField};

/// What the endpoint was found to do.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Abilities {
    pub structured: Structured,
    pub token_limit_field: TokenLimitField,
    pub streaming: bool,
    /// The context length the server reports, if it reports one.
    pub context: Option<usize>,
    /// Tokens a second, measured on a short reply (prompt reading included).
    pub tokens_per_second: Option<f64>,
}

/// One question put to the endpoint and what came of it, for `llm check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeStep {
    /// The ability the probe tests, so what `llm check` may pin is read from data, not words.
    #[serde(default)]
    pub kind: ProbeKind,
    pub probe: String,
    pub result: String,
    pub ok: bool,
}

/// The abilities a negotiation probes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbeKind {
    TokenLimit,
    Structured,
    Streaming,
    Context,
    #[default]
    Other,
}

/// The negotiation's outcome: the abilities, the steps that led there, and a token count check
/// (the server's own `usage` against starcoach's count of the same prompt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Negotiated {
    pub abilities: Abilities,
    pub steps: Vec<ProbeStep>,
    pub server_prompt_tokens: Option<u64>,
    pub counted_prompt_tokens: usize,
}

/// `llm check`: reachability, models, the negotiated modes, token counts, warnings and the
/// config it recommends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LlmCheck {
    pub base_url: String,
    pub model: String,
    pub reachable: bool,
    /// The models the endpoint lists (`/models`), when it lists any.
    pub models: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negotiated: Option<Negotiated>,
    pub warnings: Vec<String>,
    /// The `[llm]` table to use, as TOML.
    pub recommended: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
