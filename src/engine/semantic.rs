//! The optional semantic signal (`[embeddings]`): the question and every entry embedded by any
//! OpenAI-compatible `/embeddings` endpoint, and their cosine similarity added to the offline
//! ranking. Vectors are kept in the response cache by a hash of endpoint, model and text, so
//! a bank is embedded once and a question once.
//!
//! The offline engine's ranking stays the measure of record; this only reorders it. A failing
//! endpoint costs the signal, never the answer (`Coach` says so once and ranks without it).

use std::sync::Arc;
use std::time::Duration;

use async_openai::Client;
use async_openai::middleware::ReqwestService;
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;
use tokio::sync::OnceCell;

use super::llm::cache::{Cache, now_secs};
use super::llm::retry::{Backoff, RetryService};
use super::offline::Scored;
use crate::config::{EmbeddingsConfig, KeyError, unusable_key};
use crate::engine::openai::ApiConfig;
use crate::story::{Entry, StoryBank};

/// Retries of a failed request (429, 5xx, a dropped connection), with backoff: the LLM
/// client's policy, fewer times, since the answer does not wait on the signal.
const RETRIES: u32 = 2;

/// Texts per request: well under every server's batch limit (OpenAI's is 2,048).
const BATCH: usize = 64;

/// The most characters of an entry that are embedded: small models read 256-512 tokens, and
/// an entry's title, categories and opening carry what it is about.
const ENTRY_CHARS: usize = 1_500;

#[derive(Debug, thiserror::Error)]
pub enum SemanticError {
    #[error(
        "the API key variable {0} is not set or is empty: export it, or remove [embeddings] api_key_env"
    )]
    MissingKey(String),
    #[error("{}", unusable_key(.0))]
    UnusableKey(String),
    #[error(
        "the embeddings endpoint {url} failed: {reason} (is it running? check [embeddings] base_url and model)"
    )]
    Failed { url: String, reason: String },
    #[error("the embeddings endpoint {url} replied with {problem}")]
    Malformed { url: String, problem: String },
}

impl From<KeyError> for SemanticError {
    fn from(e: KeyError) -> SemanticError {
        match e {
            KeyError::Unset(name) => SemanticError::MissingKey(name),
            KeyError::Unusable(name) => SemanticError::UnusableKey(name),
        }
    }
}

/// An embeddings endpoint, the cache, and the bank's vectors once computed.
pub struct Semantic {
    client: Client<ApiConfig>,
    base_url: String,
    model: String,
    pub weight: f32,
    cache: Option<Arc<Cache>>,
    entries: OnceCell<Vec<Vec<f32>>>,
}

impl std::fmt::Debug for Semantic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Semantic")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .finish()
    }
}

#[derive(Deserialize)]
struct Reply {
    data: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    index: Option<usize>,
    embedding: Vec<f32>,
}

impl Semantic {
    /// `None` when `[embeddings]` is not configured.
    pub fn new(
        cfg: &EmbeddingsConfig,
        cache: Option<Arc<Cache>>,
    ) -> Result<Option<Semantic>, SemanticError> {
        if !cfg.is_configured() {
            return Ok(None);
        }
        let base_url = cfg.base_url.clone().unwrap_or_default().trim().to_string();
        let key = crate::config::api_key(cfg.api_key_env.as_deref())?;
        let failed = |reason: String| SemanticError::Failed {
            url: base_url.clone(),
            reason,
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(cfg.timeout_secs.max(1)))
            .build()
            .map_err(|e| failed(e.to_string()))?;
        let backoff = Backoff {
            max_retries: RETRIES,
            base: Duration::from_millis(250),
            cap: Duration::from_secs(4),
        };
        let service = RetryService::new(ReqwestService::new(http.clone()), backoff);
        let config = ApiConfig::new(&base_url, &key);
        Ok(Some(Semantic {
            client: Client::with_config(config)
                .with_http_client(http)
                .with_http_service(service),
            model: cfg.model.clone().unwrap_or_default().trim().to_string(),
            base_url,
            weight: cfg.weight,
            cache,
            entries: OnceCell::new(),
        }))
    }

    /// Each question's cosine similarity to every entry of `bank`, in bank order.
    pub async fn similarities(
        &self,
        bank: &StoryBank,
        questions: &[&str],
    ) -> Result<Vec<Vec<f32>>, SemanticError> {
        let entries = self
            .entries
            .get_or_try_init(|| async {
                let texts: Vec<String> = bank.entries().iter().map(entry_text).collect();
                tracing::info!(entries = texts.len(), "embedding the story bank");
                self.embed(&texts).await
            })
            .await?;
        let texts: Vec<String> = questions.iter().map(|q| q.trim().to_string()).collect();
        let asked = self.embed(&texts).await?;
        Ok(asked
            .iter()
            .map(|q| entries.iter().map(|e| cosine(q, e)).collect())
            .collect())
    }

    /// Vectors for `texts`: from the cache where there, the rest from the endpoint in batches.
    async fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, SemanticError> {
        let keys: Vec<String> = texts
            .iter()
            .map(|t| Cache::key(&["embedding", &self.base_url, &self.model, t]))
            .collect();
        let mut vectors: Vec<Option<Vec<f32>>> = keys.iter().map(|k| self.cached(k)).collect();
        let missing: Vec<usize> = (0..texts.len()).filter(|&i| vectors[i].is_none()).collect();
        for batch in missing.chunks(BATCH) {
            let inputs: Vec<&str> = batch.iter().map(|&i| texts[i].as_str()).collect();
            let got = self.request(&inputs).await?;
            for (&i, vector) in batch.iter().zip(got) {
                self.store(&keys[i], &vector);
                vectors[i] = Some(vector);
            }
        }
        Ok(vectors.into_iter().map(Option::unwrap_or_default).collect())
    }

    /// One request; the reply must hold one finite vector per input, all of one length.
    async fn request(&self, inputs: &[&str]) -> Result<Vec<Vec<f32>>, SemanticError> {
        let body = serde_json::json!({ "model": self.model, "input": inputs });
        let reply: Reply = self
            .client
            .embeddings()
            .create_byot(body)
            .await
            .map_err(|e| SemanticError::Failed {
                url: self.base_url.clone(),
                reason: e.to_string(),
            })?;
        let malformed = |problem: String| SemanticError::Malformed {
            url: self.base_url.clone(),
            problem,
        };
        if reply.data.len() != inputs.len() {
            return Err(malformed(format!(
                "{} vectors for {} texts",
                reply.data.len(),
                inputs.len()
            )));
        }
        let mut items = reply.data;
        items.sort_by_key(|item| item.index.unwrap_or(usize::MAX));
        let dims = items[0].embedding.len();
        let bad = items
            .iter()
            .any(|i| i.embedding.len() != dims || i.embedding.iter().any(|x| !x.is_finite()));
        if dims == 0 || bad {
            return Err(malformed(
                "vectors that are empty, of different lengths or not finite".into(),
            ));
        }
        Ok(items.into_iter().map(|i| i.embedding).collect())
    }

    fn cached(&self, key: &str) -> Option<Vec<f32>> {
        let cache = self.cache.as_ref()?;
        let blob: Option<Vec<u8>> = cache
            .conn()
            .query_row("SELECT vector FROM vectors WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .ok()
            .flatten();
        blob.map(|b| {
            b.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        })
    }

    /// Best effort: a cache that cannot be written costs a request next time, not the answer.
    fn store(&self, key: &str, vector: &[f32]) {
        let Some(cache) = &self.cache else { return };
        let blob: Vec<u8> = vector.iter().flat_map(|x| x.to_le_bytes()).collect();
        let stored = cache.conn().execute(
            "INSERT OR REPLACE INTO vectors (key, vector, created_at) VALUES (?1, ?2, ?3)",
            params![key, blob, now_secs()],
        );
        if let Err(e) = stored {
            tracing::warn!("cannot store an embedding in the cache: {e}");
        }
    }
}

/// Adds the semantic signal (`[embeddings]`) to a ranking: each entry's similarity to the
/// question, scaled to 0..1 over the bank (one model's cosines sit in a narrow band, another's
/// elsewhere), times `weight`. It reorders; whether an entry fits stays the lexical and
/// competency evidence's call, so a model cannot make an unrelated story an answer.
pub fn add_similarity(ranked: &mut [Scored], similarity: &[f32], weight: f32) {
    let known = |s: &Scored| similarity.get(s.entry).copied();
    let (min, max) = ranked
        .iter()
        .filter_map(known)
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
    if max <= min {
        return;
    }
    for s in ranked.iter_mut() {
        if let Some(x) = known(s) {
            s.score += weight * (x - min) / (max - min);
            s.similarity = Some(x);
        }
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
}

/// What an entry is embedded as: its title, categories and tags, then its text, cut short.
pub fn entry_text(entry: &Entry) -> String {
    let mut text = format!(
        "{}. {} {}\n{}",
        entry.title,
        entry.categories.join(", "),
        entry.tags.join(", "),
        entry.body()
    );
    if let Some((cut, _)) = text.char_indices().nth(ENTRY_CHARS) {
        text.truncate(cut);
    }
    text
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() {
        return 0.0;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator > 0.0 {
        dot / denominator
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_is_one_for_the_same_direction_and_zero_when_unrelated() {
        assert!((cosine(&[1.0, 2.0], &[2.0, 4.0]) - 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 3.0]), 0.0);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
        assert_eq!(cosine(&[1.0], &[1.0, 1.0]), 0.0);
    }

    fn scored(entry: usize, score: f32) -> Scored {
        Scored {
            fits: entry != 2,
            ..Scored::given(entry, score)
        }
    }

    #[test]
    fn similarity_reorders_by_weight_and_never_makes_an_entry_fit() {
        let similarity = [0.20, 0.80, 0.90];
        let mut ranked = vec![scored(0, 2.0), scored(1, 1.5), scored(2, 1.0)];
        add_similarity(&mut ranked, &similarity, 0.5);
        // Scaled over the bank: 0, 6/7 and 1, times 0.5.
        let order: Vec<usize> = ranked.iter().map(|s| s.entry).collect();
        assert_eq!(order, [0, 1, 2], "a light weight keeps the order");
        let mut ranked = vec![scored(0, 2.0), scored(1, 1.5), scored(2, 1.0)];
        add_similarity(&mut ranked, &similarity, 2.0);
        let order: Vec<usize> = ranked.iter().map(|s| s.entry).collect();
        assert_eq!(order, [1, 2, 0]);
        assert!(
            !ranked[1].fits,
            "meaning reorders; it does not make a story an answer"
        );
        // A model that sees every entry alike adds nothing.
        let mut flat = vec![scored(0, 2.0), scored(1, 1.5)];
        add_similarity(&mut flat, &[0.5, 0.5], 5.0);
        assert_eq!((flat[0].score, flat[1].score), (2.0, 1.5));
    }

    #[test]
    fn nothing_is_built_without_both_endpoint_and_model() {
        let cfg = EmbeddingsConfig {
            base_url: Some("http://127.0.0.1:9/v1".into()),
            ..EmbeddingsConfig::default()
        };
        assert!(Semantic::new(&cfg, None).unwrap().is_none());
    }
}
