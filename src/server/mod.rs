//! The daemon (`starcoach serve`): HTTP/JSON over the same [`Coach`] the CLI uses, hardened
//! (auth, limits, load shedding) and observable (metrics, request ids, structured logs).
//!
//! [`router`] builds the axum app over an [`AppState`]; [`serve`] runs it on a listener with hot
//! reload of the story bank and graceful shutdown.

mod auth;
mod error;
mod limits;
mod listen;
mod metrics;
mod openapi;
mod practice;
mod reload;
mod routes;
mod schema;
mod stories;
mod stream;
mod web;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower::load_shed::LoadShedLayer;
use tower::timeout::TimeoutLayer;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::coach::{Coach, EngineChoice};
use crate::config::Config;
use crate::story::StoryBank;

pub use auth::needs_token;
pub use error::ApiError;
pub use reload::ReloadFailure;

/// Limits and credentials of one server; the defaults are the production values.
#[derive(Clone)]
pub struct ServerOptions {
    /// The bearer token every route but `/healthz` requires; `None` leaves the API open.
    pub token: Option<String>,
    /// Requests handled at once; more are shed with 503 and `Retry-After: 1` (0 sheds everything).
    pub max_in_flight: usize,
    /// How long one request may take before it is answered with 503.
    pub timeout: Duration,
    /// The largest request body accepted, in bytes; larger ones get 413.
    pub body_limit: usize,
    /// How long the bank directory must be quiet before a change is reloaded.
    pub debounce: Duration,
    /// How long a client may take to send a request's headers before the connection is closed.
    pub header_timeout: Duration,
}

/// The token is never printed, not even in a debug log.
impl std::fmt::Debug for ServerOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerOptions")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("max_in_flight", &self.max_in_flight)
            .field("timeout", &self.timeout)
            .field("body_limit", &self.body_limit)
            .field("debounce", &self.debounce)
            .field("header_timeout", &self.header_timeout)
            .finish()
    }
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            token: None,
            max_in_flight: 256,
            timeout: Duration::from_secs(30),
            body_limit: 1024 * 1024,
            debounce: Duration::from_millis(200),
            header_timeout: Duration::from_secs(10),
        }
    }
}

impl ServerOptions {
    /// The production limits, with a request timeout that leaves room for what a request may
    /// wait on: an LLM call with its retries and one repair, and the transcription of a
    /// recording before its critique. Capped at ten minutes.
    pub fn for_config(config: &Config) -> ServerOptions {
        let default = ServerOptions::default();
        let llm = if config.llm.is_configured() {
            config.llm.timeout_secs * (u64::from(config.llm.max_retries) + 1) * 2
        } else {
            0
        };
        let speech = if config.speech.is_configured() {
            config.speech.timeout_secs
        } else {
            0
        };
        let secs = (llm + speech).clamp(default.timeout.as_secs(), 600);
        ServerOptions {
            timeout: Duration::from_secs(secs),
            ..default
        }
    }
}

/// What every request sees: the current coach (swapped on reload), the bank directory and limits.
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

struct Shared {
    coach: RwLock<Arc<Coach>>,
    dir: PathBuf,
    config: Config,
    engine: EngineChoice,
    options: ServerOptions,
    token_hash: Option<[u8; 32]>,
    /// Why the last reload failed; `None` when the bank on disk is the bank being served.
    last_failure: RwLock<Option<ReloadFailure>>,
    /// Serializes PUT and DELETE so two writers never interleave a write and a reload.
    writes: tokio::sync::Mutex<()>,
    /// Serializes reloads so an older scan never replaces a newer one.
    reloads: tokio::sync::Mutex<()>,
    /// The practice history, opened on first use (most requests never need it); a failure is
    /// not kept, so a fixed permission or disk is picked up by the next request.
    history: std::sync::Mutex<Option<Arc<dyn crate::history::History>>>,
    /// The requests in flight, streams included: the concurrency layer and the streams it
    /// lets through draw on the same permits.
    in_flight: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Loads the bank in `dir` and builds the coach over it; a missing or broken bank is an error.
    pub fn load(
        dir: &Path,
        config: &Config,
        engine: EngineChoice,
        options: ServerOptions,
    ) -> anyhow::Result<AppState> {
        let bank = StoryBank::load(dir)?;
        let coach = Coach::new(bank, config, engine)?;
        Ok(Self::new(coach, dir, config, engine, options))
    }

    /// A state over an already built coach (its bank must come from `dir`).
    pub fn new(
        coach: Coach,
        dir: &Path,
        config: &Config,
        engine: EngineChoice,
        options: ServerOptions,
    ) -> AppState {
        let token_hash = options
            .token
            .as_deref()
            .map(|t| *blake3::hash(t.as_bytes()).as_bytes());
        AppState {
            shared: Arc::new(Shared {
                coach: RwLock::new(Arc::new(coach)),
                dir: dir.to_path_buf(),
                config: config.clone(),
                engine,
                token_hash,
                last_failure: RwLock::new(None),
                writes: tokio::sync::Mutex::new(()),
                reloads: tokio::sync::Mutex::new(()),
                history: std::sync::Mutex::new(None),
                in_flight: Arc::new(tokio::sync::Semaphore::new(options.max_in_flight)),
                options,
            }),
        }
    }

    /// The coach serving right now; a reload never changes the one a request already holds.
    pub fn coach(&self) -> Arc<Coach> {
        let guard = self.shared.coach.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&guard)
    }

    pub fn dir(&self) -> &Path {
        &self.shared.dir
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    pub fn options(&self) -> &ServerOptions {
        &self.shared.options
    }

    /// A place among the requests in flight for a stream that outlives its handler; none when
    /// the server is full.
    pub fn stream_permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        Arc::clone(&self.shared.in_flight)
            .try_acquire_owned()
            .map_err(|_| {
                ApiError::unavailable(
                    "overloaded",
                    "the server is at its limit of requests in flight; retry shortly",
                )
            })
    }

    /// The practice history (`[history] path`); opened once, on the first request that needs it.
    pub fn history(&self) -> Result<Arc<dyn crate::history::History>, ApiError> {
        let mut slot = self
            .shared
            .history
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(history) = slot.as_ref() {
            return Ok(Arc::clone(history));
        }
        let opened = crate::history::SqliteHistory::open(&self.shared.config.history_path())
            .map_err(|e| {
                ApiError::unavailable(
                    "history_unavailable",
                    "the practice history cannot be opened; see the server log",
                )
                .with_detail(e.to_string())
            })?;
        let history: Arc<dyn crate::history::History> = Arc::new(opened);
        *slot = Some(Arc::clone(&history));
        Ok(history)
    }

    /// Why the last reload failed, if it did (the last good bank still serves).
    pub fn last_failure(&self) -> Option<ReloadFailure> {
        let guard = self.shared.last_failure.read();
        guard.unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn swap(&self, coach: Coach) {
        let mut guard = self.shared.coach.write().unwrap_or_else(|e| e.into_inner());
        *guard = Arc::new(coach);
    }

    fn set_failure(&self, failure: Option<ReloadFailure>) {
        let mut guard = self
            .shared
            .last_failure
            .write()
            .unwrap_or_else(|e| e.into_inner());
        *guard = failure;
    }
}

/// The whole HTTP API over `state`, with every layer (outermost first): request ids, tracing,
/// metrics, auth, the refusal of a body declared too large (whose bounded drain takes no
/// slot), then (all routes but `/healthz`) load shedding over the concurrency limit, the
/// timeout, the refusal of a chunked body once it passes the limit, and the body limit.
pub fn router(state: AppState) -> Router {
    metrics::install();
    let options = state.options().clone();
    let api = routes::routes()
        .merge(stories::routes())
        .merge(practice::routes())
        .merge(web::routes())
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed);
    let guard = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(error::from_layer))
        .layer(LoadShedLayer::new())
        .layer(GlobalConcurrencyLimitLayer::with_semaphore(Arc::clone(
            &state.shared.in_flight,
        )))
        .layer(TimeoutLayer::new(options.timeout));
    api.layer(DefaultBodyLimit::max(options.body_limit))
        // A body sent in chunks is measured as it arrives, inside the request's slot.
        .layer(axum::middleware::from_fn_with_state(
            options.body_limit,
            limits::refuse_long_chunked_body,
        ))
        .layer(guard)
        // A body declared too large is refused before any handler runs or a slot is taken; what
        // arrives of it within 2 s is read and dropped first (`limits::refuse_declared_length`).
        .layer(axum::middleware::from_fn_with_state(
            options.body_limit,
            limits::refuse_declared_length,
        ))
        // Liveness stays outside the load shedding: an overloaded server is not a dead one.
        .route(
            "/healthz",
            error::no_query(axum::routing::get(routes::healthz)),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_token,
        ))
        .layer(axum::middleware::from_fn(metrics::track))
        // Every error logged once, in the request's span; a 500 body names the request id.
        .layer(axum::middleware::from_fn(error::log_errors))
        // A handler that panics answers a JSON 500; the request id (header) finds it in the log.
        .layer(CatchPanicLayer::custom(error::from_panic))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(metrics::span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Serves the API on `listener` until `shutdown` completes, then stops accepting connections,
/// lets in-flight requests finish and returns. The bank directory is watched meanwhile: from
/// this call on, not from the future's first poll, so a file written as soon as the server is
/// spawned is seen (a busy runtime may poll a spawned task late). Call it inside a Tokio
/// runtime: the reload task is spawned here.
pub fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> impl Future<Output = std::io::Result<()>> + Send {
    let watcher = reload::watch(state.clone());
    let header_timeout = state.options().header_timeout;
    let app = router(state);
    async move {
        let result = listen::serve(listener, app, shutdown, header_timeout).await;
        drop(watcher);
        result
    }
}

/// Resolves when the process gets SIGTERM or SIGINT (Ctrl-C); where there is no SIGTERM
/// (Windows), on Ctrl-C alone.
pub async fn shutdown_signal() {
    let name = terminated_or_interrupted().await;
    tracing::info!(signal = name, "shutting down: finishing in-flight requests");
}

#[cfg(unix)]
async fn terminated_or_interrupted() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!("cannot listen for SIGTERM: {e}");
            let _ = tokio::signal::ctrl_c().await;
            return "SIGINT";
        }
    };
    tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = tokio::signal::ctrl_c() => "SIGINT",
    }
}

#[cfg(not(unix))]
async fn terminated_or_interrupted() -> &'static str {
    let _ = tokio::signal::ctrl_c().await;
    "Ctrl-C"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeout(toml: &str) -> u64 {
        let config: Config = toml::from_str(toml).unwrap();
        ServerOptions::for_config(&config).timeout.as_secs()
    }

    #[test]
    fn the_request_timeout_leaves_room_for_what_a_request_waits_on() {
        assert_eq!(timeout(""), 30, "offline: the default");
        let llm = "[llm]\nbase_url = \"http://127.0.0.1:1/v1\"\nmodel = \"m\"\ntimeout_secs = 20\nmax_retries = 1\n";
        assert_eq!(timeout(llm), 80, "two attempts and a repair each");
        let speech = "[speech]\nbase_url = \"http://127.0.0.1:2/v1\"\ntimeout_secs = 90\n";
        assert_eq!(
            timeout(speech),
            90,
            "a transcription, then an offline critique"
        );
        assert_eq!(timeout(&format!("{llm}{speech}")), 170);
        let slow = "[speech]\nbase_url = \"http://127.0.0.1:2/v1\"\ntimeout_secs = 5000\n";
        assert_eq!(timeout(slow), 600, "capped");
    }
}
