//! Retries for the LLM endpoint, as a tower layer under async-openai: 429, 5xx and connection
//! errors are retried with exponential backoff and jitter, honoring `Retry-After`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use reqwest::Response;
use tower::{Service, ServiceExt};

tokio::task_local! {
    /// The retry count of the operation being run (`LlmEngine::counted`).
    pub static OPERATION_RETRIES: Arc<AtomicU64>;
}

/// How retries are spaced. `max_retries` is the one number in force (config `[llm] max_retries`).
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub max_retries: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl Backoff {
    /// The wait before retry number `attempt` (0-based): the server's `Retry-After` when it
    /// gave one, else `base * 2^attempt` capped, plus up to 50 % jitter so clients spread out.
    /// `None` when the server asks for a longer pause than a command should sit through.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(wait) = retry_after {
            return (wait <= MAX_RETRY_AFTER).then_some(wait);
        }
        let exp = self
            .base
            .saturating_mul(2u32.saturating_pow(attempt))
            .min(self.cap);
        let jitter = exp.mul_f64(fastrand::f64() * 0.5);
        Some(exp + jitter)
    }
}

/// A server asking for a longer pause than this is treated as down, not busy.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct RetryService<S> {
    inner: S,
    backoff: Backoff,
}

impl<S> RetryService<S> {
    pub fn new(inner: S, backoff: Backoff) -> Self {
        RetryService { inner, backoff }
    }
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<Response, OpenAIError>> + Send>>;

impl<S> Service<HttpRequestFactory> for RetryService<S>
where
    S: Service<HttpRequestFactory, Response = Response, Error = OpenAIError>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = OpenAIError;
    type Future = BoxFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: HttpRequestFactory) -> Self::Future {
        let inner = self.inner.clone();
        let backoff = self.backoff;
        // The operation this call belongs to, when it keeps its own count (one request's usage
        // must not count another's retries).
        let own = OPERATION_RETRIES.try_with(Arc::clone).ok();
        Box::pin(async move {
            let mut attempt = 0;
            loop {
                let result = inner.clone().oneshot(request.clone()).await;
                let Some(retry_after) = retryable(&result) else {
                    return result;
                };
                let wait = backoff.delay(attempt, retry_after);
                let Some(wait) = wait.filter(|_| attempt < backoff.max_retries) else {
                    return result;
                };
                tokio::time::sleep(wait).await;
                attempt += 1;
                if let Some(own) = &own {
                    own.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    }
}

/// `Some(retry_after)` when the result is worth retrying.
fn retryable(result: &Result<Response, OpenAIError>) -> Option<Option<Duration>> {
    match result {
        Ok(r) if r.status().as_u16() == 429 || r.status().is_server_error() => Some(
            r.headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map(Duration::from_secs_f64),
        ),
        Err(OpenAIError::Reqwest(e)) if e.is_connect() => Some(None),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_honours_retry_after() {
        let b = Backoff {
            max_retries: 3,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(8),
        };
        for attempt in 0..4 {
            let d = b.delay(attempt, None).unwrap();
            let exp = Duration::from_millis(100 * 2u64.pow(attempt));
            assert!(d >= exp && d <= exp.mul_f64(1.5), "{attempt}: {d:?}");
        }
        assert!(b.delay(10, None).unwrap() <= Duration::from_secs(12));
        assert_eq!(
            b.delay(0, Some(Duration::from_secs(2))),
            Some(Duration::from_secs(2))
        );
        // An hour's pause is a server that is down: the error is said now, not after a wait.
        assert_eq!(b.delay(0, Some(Duration::from_secs(3600))), None);
    }
}
