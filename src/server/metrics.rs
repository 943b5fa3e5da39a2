//! Prometheus metrics (one process-wide recorder, installed once) and the per-request span.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

pub const REQUESTS: &str = "starcoach_http_requests_total";
pub const DURATION: &str = "starcoach_http_request_duration_seconds";
pub const RELOADS: &str = "starcoach_bank_reloads_total";

/// Request duration buckets, in seconds: the offline engine answers in milliseconds, an LLM in seconds.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the global recorder the first time it is called; later calls (another server in the
/// same process) reuse it.
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = || {
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(DURATION.into()), BUCKETS)
                .expect("the bucket list is not empty")
        };
        let handle = builder().install_recorder().unwrap_or_else(|e| {
            tracing::warn!("cannot install the metrics recorder ({e}); /metrics will stay empty");
            builder().build_recorder().handle()
        });
        describe();
        let upkeep = handle.clone();
        std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                }
            })
            .expect("a thread can be spawned at startup");
        handle
    })
}

fn describe() {
    metrics::describe_counter!(REQUESTS, "HTTP requests answered, by route and status");
    metrics::describe_histogram!(
        DURATION,
        metrics::Unit::Seconds,
        "Time to answer an HTTP request (until the response head), by route"
    );
    metrics::describe_counter!(RELOADS, "Story bank reloads, by result (ok or error)");
    for result in ["ok", "error"] {
        metrics::counter!(RELOADS, "result" => result).increment(0);
    }
}

/// The Prometheus text exposition of every metric.
pub fn render() -> String {
    install().render()
}

pub fn reloaded(ok: bool) {
    let result = if ok { "ok" } else { "error" };
    metrics::counter!(RELOADS, "result" => result).increment(1);
}

/// The route template a request matched (`/v1/stories/{id}`), so labels stay few.
fn route_of(req: &Request) -> String {
    req.extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string())
}

/// Middleware: counts each request by route and status, and times it.
pub async fn track(req: Request, next: Next) -> Response {
    let route = route_of(&req);
    let start = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!(DURATION, "route" => route).record(start.elapsed().as_secs_f64());
    response
}

/// The tracing span of one request: method, route and request id; never the body.
pub fn span(req: &Request) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %req.method(),
        route = %route_of(req),
        request_id = %id,
    )
}
