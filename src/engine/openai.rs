//! The async-openai client settings every endpoint shares (chat, embeddings, transcription):
//! `Authorization` only when there is a key, so a local server that wants none gets no empty
//! `Bearer ` header.

use async_openai::config::{Config, OpenAIConfig};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use secrecy::SecretString;

/// What async-openai needs to reach one endpoint. Its own `OpenAIConfig` always sends
/// `Authorization`, and panics on a key a header cannot carry; here the header is built once,
/// from a key `config::api_key` has already checked, and marked sensitive so it is never logged.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    inner: OpenAIConfig,
    auth: Option<HeaderValue>,
}

impl ApiConfig {
    /// The settings for `base_url` and `key` (empty: none). The key comes from
    /// `config::api_key`, which refuses one a header cannot carry with an error naming its
    /// variable; should another reach here, no header is sent rather than a panic.
    pub fn new(base_url: &str, key: &str) -> ApiConfig {
        let auth = (!key.is_empty())
            .then(|| HeaderValue::from_str(&format!("Bearer {key}")).ok())
            .flatten()
            .map(|mut v| {
                v.set_sensitive(true);
                v
            });
        ApiConfig {
            inner: OpenAIConfig::new()
                .with_api_base(base_url.trim_end_matches('/'))
                .with_api_key(key),
            auth,
        }
    }
}

impl Config for ApiConfig {
    fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(auth) = &self.auth {
            headers.insert(AUTHORIZATION, auth.clone());
        }
        headers
    }

    fn url(&self, path: &str) -> String {
        self.inner.url(path)
    }

    fn query(&self) -> Vec<(&str, &str)> {
        self.inner.query()
    }

    fn api_base(&self) -> &str {
        self.inner.api_base()
    }

    fn api_key(&self) -> &SecretString {
        self.inner.api_key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_sends_no_authorization() {
        let none = ApiConfig::new("http://127.0.0.1:8080/v1/", "");
        assert!(none.headers().get(AUTHORIZATION).is_none());
        assert_eq!(
            none.url("/chat/completions"),
            "http://127.0.0.1:8080/v1/chat/completions"
        );
        let keyed = ApiConfig::new("http://127.0.0.1:8080/v1", "sk-test");
        let auth = keyed.headers().get(AUTHORIZATION).cloned().unwrap();
        assert_eq!(auth.to_str().unwrap(), "Bearer sk-test");
        assert!(auth.is_sensitive());
        assert!(!format!("{keyed:?}").contains("sk-test"));
    }
}
