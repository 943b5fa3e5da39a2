//! `llm check`: the configured endpoint examined as a user would want it explained:
//! reachable or not, its models, what it was found to do, whether starcoach's token counts
//! agree with the server's, and the `[llm]` config to use with it.

use serde_json::Value;

use super::LlmEngine;
use crate::config::{LlmConfig, Structured, TokenLimitField};
use crate::report::{LlmCheck, Negotiated, ProbeKind};

impl LlmEngine {
    pub async fn doctor(&self, config: &LlmConfig) -> LlmCheck {
        let endpoint = self.endpoint();
        let models: Vec<String> = endpoint
            .get_json("models")
            .await
            .and_then(|m| {
                let list = m.get("data")?.as_array()?.clone();
                Some(
                    list.iter()
                        .filter_map(|e| e.get("id").and_then(Value::as_str).map(str::to_string))
                        .collect(),
                )
            })
            .unwrap_or_default();
        let mut report = LlmCheck {
            base_url: endpoint.base_url.clone(),
            model: endpoint.model.clone(),
            reachable: false,
            models,
            negotiated: None,
            warnings: Vec::new(),
            recommended: String::new(),
            error: None,
        };
        match self.check().await {
            Ok(found) => {
                report.reachable = true;
                report.warnings = warnings(&report, &found, config);
                report.recommended = recommend(&report, &found, config);
                report.negotiated = Some(found);
            }
            Err(e) => report.error = Some(e.to_string()),
        }
        report
    }
}

fn warnings(report: &LlmCheck, found: &Negotiated, config: &LlmConfig) -> Vec<String> {
    let mut out = Vec::new();
    if !report.models.is_empty() && !report.models.contains(&report.model) {
        out.push(format!(
            "the endpoint does not list the model {:?} (it lists {}): check [llm] model",
            report.model,
            report.models.join(", ")
        ));
    }
    let a = &found.abilities;
    if let Some(context) = a.context.filter(|&n| n < config.context_window) {
        out.push(format!(
            "the server's context is {context} tokens, less than [llm] context_window = {}: prompts are fitted to {context}",
            config.context_window
        ));
    }
    if let Some(tps) = a.tokens_per_second.filter(|t| *t > 0.0) {
        let worst = config.reply_tokens as f64 / tps;
        if worst > config.timeout_secs as f64 {
            out.push(format!(
                "at about {tps:.0} tokens/s a reply of up to {} tokens can take {worst:.0} s, over [llm] timeout_secs = {}: raise timeout_secs or lower reply_tokens",
                config.reply_tokens, config.timeout_secs
            ));
        }
    }
    if a.structured == Structured::None {
        out.push("the endpoint takes no structured output: replies are checked and repaired, and a weak model may fail items".into());
    }
    if let (Some(server), counted) = (found.server_prompt_tokens, found.counted_prompt_tokens) {
        let off = (server as f64 - counted as f64).abs() / (server.max(1) as f64);
        if off > 0.5 {
            out.push(format!(
                "the server counted {server} prompt tokens where starcoach counted {counted}: budgets are estimates for this model, leave context_window some room"
            ));
        }
    }
    out
}

fn recommend(report: &LlmCheck, found: &Negotiated, config: &LlmConfig) -> String {
    let a = &found.abilities;
    let context = a
        .context
        .map_or(config.context_window, |n| n.min(config.context_window));
    let timeout = match a.tokens_per_second.filter(|t| *t > 0.0) {
        Some(tps) => config
            .timeout_secs
            .max((config.reply_tokens as f64 / tps * 1.5).ceil() as u64 + 10),
        None => config.timeout_secs,
    };
    // A mode is pinned only when a probe saw it work: a pinned value skips the negotiation, so
    // pinning one that failed would lock a broken mode in.
    let worked = |kind: ProbeKind| found.steps.iter().any(|s| s.ok && s.kind == kind);
    let structured = if worked(ProbeKind::Structured) {
        a.structured
    } else {
        Structured::Auto
    };
    // `as_str` is the field's name on the wire, where `auto` sends `max_tokens`.
    let field = match a.token_limit_field {
        f if f != TokenLimitField::Auto && worked(ProbeKind::TokenLimit) => f.as_str(),
        _ => "auto",
    };
    format!(
        "[llm]\nbase_url = {:?}\nmodel = {:?}\nstructured = {:?}\ntoken_limit_field = {:?}\ncontext_window = {context}\ntimeout_secs = {timeout}\n",
        report.base_url,
        report.model,
        structured.as_str(),
        field
    )
}
