//! The config checked when it loads: ranges, relations between keys, and URLs, so a bad value
//! is an error naming its key and the fix, not a surprise in the middle of a command.

use std::borrow::Cow;

use super::Config;

/// A failed check: the key, its value as written, and what it must be.
pub type Failure = (&'static str, String, Cow<'static, str>);

/// The checks run in a fixed order, so a config with several bad keys always names the same
/// one first.
pub fn validate(c: &Config) -> Result<(), Failure> {
    check_pace_and_llm(c)?;
    check_tailor(c)?;
    check_embeddings(c)?;
    check_relations(c)?;
    check_urls(c)?;
    check_variable_names(c)
}

/// Refuses `value` below `min`, with `why` as the fix.
fn at_least(key: &'static str, value: u64, min: u64, why: &'static str) -> Result<(), Failure> {
    if value < min {
        Err((key, value.to_string(), why.into()))
    } else {
        Ok(())
    }
}

/// The speaking pace, then the LLM's concurrency, candidates and timeout.
fn check_pace_and_llm(c: &Config) -> Result<(), Failure> {
    at_least(
        "critique.words_per_minute",
        c.critique.words_per_minute.into(),
        1,
        "must be at least 1",
    )?;
    at_least(
        "llm.max_concurrency",
        c.llm.max_concurrency as u64,
        1,
        "must be at least 1",
    )?;
    at_least(
        "llm.candidates",
        c.llm.candidates as u64,
        1,
        "must be at least 1",
    )?;
    at_least(
        "llm.timeout_secs",
        c.llm.timeout_secs,
        1,
        "must be at least 1 second",
    )
}

/// How often a story may be reused, how many questions (`tailor.count` has a ceiling too) and
/// the target speaking time.
fn check_tailor(c: &Config) -> Result<(), Failure> {
    at_least(
        "tailor.max_reuse",
        c.tailor.max_reuse as u64,
        1,
        "must be at least 1",
    )?;
    at_least(
        "tailor.count",
        c.tailor.count as u64,
        1,
        "must be at least 1 question",
    )?;
    if c.tailor.count > crate::engine::MAX_COUNT {
        return Err((
            "tailor.count",
            c.tailor.count.to_string(),
            format!("must be at most {}", crate::engine::MAX_COUNT).into(),
        ));
    }
    at_least(
        "tailor.target_seconds",
        c.tailor.target_seconds.into(),
        10,
        "must be at least 10 seconds",
    )
}

/// The embeddings endpoint's timeout and how much the meaning weighs beside the words.
fn check_embeddings(c: &Config) -> Result<(), Failure> {
    at_least(
        "embeddings.timeout_secs",
        c.embeddings.timeout_secs,
        1,
        "must be at least 1 second",
    )?;
    if !(0.0..=10.0).contains(&c.embeddings.weight) {
        return Err((
            "embeddings.weight",
            c.embeddings.weight.to_string(),
            "must be from 0 to 10 (1 weighs the meaning as much as the words)".into(),
        ));
    }
    Ok(())
}

/// The keys that are only wrong beside another key.
fn check_relations(c: &Config) -> Result<(), Failure> {
    if c.critique.min_seconds >= c.critique.max_seconds {
        return Err((
            "critique.min_seconds",
            c.critique.min_seconds.to_string(),
            "must be less than critique.max_seconds".into(),
        ));
    }
    if c.llm.reply_tokens >= c.llm.context_window {
        return Err((
            "llm.reply_tokens",
            c.llm.reply_tokens.to_string(),
            "must be smaller than llm.context_window".into(),
        ));
    }
    Ok(())
}

/// The endpoint URLs that are set (a blank one means the default) must be http(s) with a host.
fn check_urls(c: &Config) -> Result<(), Failure> {
    for (key, url) in [
        ("llm.base_url", &c.llm.base_url),
        ("embeddings.base_url", &c.embeddings.base_url),
    ] {
        let Some(url) = url.as_deref().filter(|u| !u.trim().is_empty()) else {
            continue;
        };
        let parsed = reqwest::Url::parse(url.trim());
        if !parsed.is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host()) {
            return Err((
                key,
                format!("{url:?}"),
                "is not an http(s) URL: give the endpoint's base, e.g. \"http://127.0.0.1:11434/v1\""
                .into(),
            ));
        }
    }
    Ok(())
}

/// The keys that name an environment variable must hold a variable's name: a key pasted there
/// by mistake is refused without being shown.
fn check_variable_names(c: &Config) -> Result<(), Failure> {
    for (key, name) in [
        ("llm.api_key_env", c.llm.api_key_env.as_deref()),
        (
            "embeddings.api_key_env",
            c.embeddings.api_key_env.as_deref(),
        ),
        ("speech.api_key_env", c.speech.api_key_env.as_deref()),
        ("server.token_env", Some(c.server.token_env.as_str())),
    ] {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            continue;
        };
        if !is_variable_name(name) {
            return Err((
                key,
                "(not shown: it may be a secret)".into(),
                "is not the name of an environment variable (capital letters, digits and _, \
                 such as OPENAI_API_KEY): put the secret in a variable and name the variable here"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// A conventional variable name: capitals, digits and `_`, not opening on a digit, at most 64
/// characters. Narrow on purpose: a token of letters and digits fits a looser rule.
fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 64
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing(text: &str) -> &'static str {
        let config = Config::parse(text).expect("parses");
        validate(&config).expect_err("refused").0
    }

    #[test]
    fn a_secret_where_a_variable_name_belongs_is_refused_unshown() {
        let config = Config::parse("[llm]\napi_key_env = \"sk-proj-abc.123\"\n").unwrap();
        let (key, value, _) = validate(&config).expect_err("refused");
        assert_eq!(key, "llm.api_key_env");
        assert!(!value.contains("abc"), "{value}");
        assert_eq!(
            failing("[server]\ntoken_env = \"1TOKEN\"\n"),
            "server.token_env"
        );
        // Tokens of letters and digits alone are refused too.
        for secret in ["ghp_abc123", "deadbeef0123", "Key2"] {
            let config = Config::parse(&format!("[llm]\napi_key_env = {secret:?}\n")).unwrap();
            assert!(validate(&config).is_err(), "{secret}");
        }
        for fine in ["OPENAI_API_KEY", "_K", "KEY2"] {
            let config = Config::parse(&format!("[llm]\napi_key_env = {fine:?}\n")).unwrap();
            assert!(validate(&config).is_ok(), "{fine}");
        }
    }

    #[test]
    fn bad_values_and_relations_name_their_key() {
        assert_eq!(failing("[llm]\nbase_url = \"not a url\"\n"), "llm.base_url");
        assert_eq!(
            failing("[llm]\nbase_url = \"ftp://x/v1\"\n"),
            "llm.base_url"
        );
        assert_eq!(
            failing("[embeddings]\nbase_url = \"localhost:8080\"\n"),
            "embeddings.base_url"
        );
        assert_eq!(
            failing("[embeddings]\nweight = -1.0\n"),
            "embeddings.weight"
        );
        assert_eq!(failing("[tailor]\ncount = 0\n"), "tailor.count");
        assert_eq!(failing("[tailor]\ncount = 500\n"), "tailor.count");
        assert_eq!(
            failing("[critique]\nmin_seconds = 200\nmax_seconds = 100\n"),
            "critique.min_seconds"
        );
        assert_eq!(failing("[llm]\ntimeout_secs = 0\n"), "llm.timeout_secs");
        let ok = Config::parse("[llm]\nbase_url = \"http://127.0.0.1:8080/v1\"\n").unwrap();
        assert_eq!(validate(&ok), Ok(()));
    }
}
