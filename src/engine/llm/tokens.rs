//! Token counting for prompt budgets (tiktoken-rs). Encoders are built lazily on first use
//! (o200k ~130 ms, cl100k ~50 ms in release), so only LLM commands pay for them.
//!
//! Models outside OpenAI's families (Llama, Qwen, Mistral behind Ollama, vLLM, llama.cpp)
//! use their own tokenizers; for them the o200k count is an approximation, usually within
//! about 10-20 % for English prose. Budgets keep a margin for that.

use tiktoken_rs::CoreBPE;

/// The BPE vocabulary a model's tokens are counted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// GPT-4o, GPT-4.1, GPT-5, o-series; also the approximation for non-OpenAI models.
    O200k,
    /// GPT-4 and GPT-3.5.
    Cl100k,
}

/// The encoding for a model name. A provider prefix (`openai/gpt-4o`) is ignored.
pub fn encoding_for(model: &str) -> Encoding {
    let name = model
        .rsplit('/')
        .next()
        .unwrap_or(model)
        .to_ascii_lowercase();
    let o200k = ["gpt-4o", "gpt-4.1", "gpt-5", "o1", "o3", "o4", "chatgpt-4o"];
    if o200k.iter().any(|p| name.starts_with(p)) {
        Encoding::O200k
    } else if name.starts_with("gpt-4") || name.starts_with("gpt-3.5") {
        Encoding::Cl100k
    } else {
        Encoding::O200k
    }
}

fn encoder(encoding: Encoding) -> &'static CoreBPE {
    match encoding {
        Encoding::O200k => tiktoken_rs::o200k_base_singleton(),
        Encoding::Cl100k => tiktoken_rs::cl100k_base_singleton(),
    }
}

/// Tokens in `text` for `model`. Special-token text (`<|endoftext|>`) counts as ordinary text.
pub fn count(model: &str, text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    encoder(encoding_for(model)).encode_ordinary(text).len()
}

/// Per-message overhead of the chat format (role and delimiters), as OpenAI documents it.
pub const TOKENS_PER_MESSAGE: usize = 4;
/// Tokens that prime the reply (`<|start|>assistant<|message|>`).
pub const REPLY_PRIMING: usize = 3;

/// Tokens a chat request of `(role, content)` messages takes: content tokens, plus
/// [`TOKENS_PER_MESSAGE`] per message, plus [`REPLY_PRIMING`].
pub fn count_messages(model: &str, messages: &[(&str, &str)]) -> usize {
    messages
        .iter()
        .map(|(_, content)| count(model, content) + TOKENS_PER_MESSAGE)
        .sum::<usize>()
        + REPLY_PRIMING
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Reliability is a product's core feature.";

    #[test]
    fn counts_are_positive_and_stable() {
        let a = count("gpt-4o", TEXT);
        assert!(a > 0 && a < TEXT.len(), "{a}");
        assert_eq!(a, count("gpt-4o-mini", TEXT));
        assert_eq!(count("gpt-4o", "hello world"), 2);
        assert_eq!(count("gpt-4", "hello world"), 2);
        assert!(count("gpt-3.5-turbo", TEXT) > 0);
        assert_eq!(count("llama3.1:8b", ""), 0);
        assert_eq!(
            count("gpt-4o", "<|endoftext|>"),
            count("gpt-4o", "<|endoftext|>")
        );
    }

    #[test]
    fn message_overhead_is_added() {
        let content = count("gpt-4o", TEXT) + count("gpt-4o", "hi");
        let total = count_messages("gpt-4o", &[("system", TEXT), ("user", "hi")]);
        assert_eq!(total, content + 2 * TOKENS_PER_MESSAGE + REPLY_PRIMING);
        assert_eq!(count_messages("gpt-4o", &[]), REPLY_PRIMING);
    }

    #[test]
    fn models_map_to_encodings() {
        for m in [
            "gpt-4o",
            "gpt-4o-mini",
            "gpt-4.1-nano",
            "gpt-5",
            "o1-mini",
            "o3",
            "o4-mini",
            "openai/gpt-4o",
        ] {
            assert_eq!(encoding_for(m), Encoding::O200k, "{m}");
        }
        for m in [
            "gpt-4",
            "gpt-4-turbo",
            "gpt-4-0613",
            "gpt-3.5-turbo",
            "GPT-4",
        ] {
            assert_eq!(encoding_for(m), Encoding::Cl100k, "{m}");
        }
        for m in ["llama3.1:8b", "qwen2.5:7b", "mistral-small", ""] {
            assert_eq!(encoding_for(m), Encoding::O200k, "{m}");
        }
    }
}
