//! `llm check` for people: each probe with its outcome, the warnings, the config to use.

use std::fmt::Write;

use super::{BOLD, DIM, GREEN, RED, YELLOW, paint};
use crate::report::LlmCheck;

pub fn llm_check(r: &LlmCheck) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({})",
        paint(BOLD, "Endpoint:"),
        r.base_url,
        r.model
    );
    if let Some(error) = &r.error {
        let _ = writeln!(out, "{} {error}", paint(RED, "not usable:"));
        return out;
    }
    if !r.models.is_empty() {
        let _ = writeln!(out, "{} {}", paint(DIM, "models:"), r.models.join(", "));
    }
    if let Some(n) = &r.negotiated {
        for s in &n.steps {
            let mark = if s.ok {
                paint(GREEN, "ok  ")
            } else {
                paint(YELLOW, "no  ")
            };
            let _ = writeln!(out, "  {mark}{}: {}", s.probe, s.result);
        }
        let a = &n.abilities;
        let speed = a.tokens_per_second.map_or_else(
            || "unknown".to_string(),
            |t| format!("about {t:.0} tokens/s"),
        );
        let server = n
            .server_prompt_tokens
            .map_or_else(|| "not reported".to_string(), |t| t.to_string());
        let _ = writeln!(
            out,
            "  {}  speed {speed}; prompt tokens: server {server}, starcoach {}",
            paint(DIM, "··"),
            n.counted_prompt_tokens
        );
    }
    for w in &r.warnings {
        let _ = writeln!(out, "{} {w}", paint(YELLOW, "warning:"));
    }
    if !r.recommended.is_empty() {
        let _ = writeln!(
            out,
            "\n{}\n{}",
            paint(BOLD, "Recommended config:"),
            r.recommended.trim_end()
        );
    }
    out
}
