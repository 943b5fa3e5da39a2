//! Helpers for the `server*` tests: an in-process server over a temporary bank, a
//! request whose body arrives only when released (a request held in flight), the binary, and a
//! small checker of JSON values against the OpenAPI document's schemas.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use starcoach::coach::EngineChoice;
use starcoach::config::Config;
use starcoach::server::{AppState, ServerOptions, serve};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The ids of `tests/fixtures/server-bank`, in file-name order.
pub const IDS: [&str; 5] = ["KT1", "KT2", "PB1", "vision", "why-us"];

pub const JOB: &str = "# Site Reliability Engineer\n\n**Gullwing Maps** (fictional) serves maps to delivery fleets.\n\n\
## What you will do\n- Own production reliability: define SLOs and error budgets, lead incident response\n\
- Run blameless postmortems and follow through on their actions\n- Reduce the latency of our search API\n\
- Work with product managers to negotiate launch dates\n\n## What we look for\n\
- Experience with Kubernetes and Terraform\n- Clear written communication\n";

pub const DRAFT: &str = "At Kestrel Travel our booking API went down after a config push I made. \
I owned the rate limits, and my goal was to restore service fast. I rolled the change back within \
eight minutes, posted updates in the incident channel, and added a canary region to the pipeline. \
The outage lasted 20 minutes, and since then 3 bad pushes were caught before reaching every region. \
I learned to ship config to one region first, because reliability is the feature users notice.";

pub struct Server {
    pub base: String,
    pub http: reqwest::Client,
    pub bank: TempDir,
    pub stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<std::io::Result<()>>,
}

/// A fresh copy of the fixture bank.
pub fn bank_copy() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/server-bank");
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// `serve()` on 127.0.0.1:0 over a fresh bank copy, with the offline engine and default config.
pub async fn start(options: ServerOptions) -> Server {
    start_with(&Config::default(), EngineChoice::Offline, options).await
}

/// `serve()` on 127.0.0.1:0 over a fresh bank copy, with this config and engine.
pub async fn start_with(config: &Config, engine: EngineChoice, options: ServerOptions) -> Server {
    let bank = bank_copy();
    let state = AppState::load(bank.path(), config, engine, options).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    let task = tokio::spawn(serve(listener, state, shutdown));
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    Server {
        base,
        http,
        bank,
        stop: Some(stop),
        task,
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request; the body is parsed as JSON (`Null` when it is not JSON).
    pub async fn send(&self, req: RequestBuilder) -> (StatusCode, Value) {
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let bytes = resp.bytes().await.unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(self.http.get(self.url(path))).await
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let resp = self.http.get(self.url(path)).send().await.unwrap();
        (resp.status(), resp.text().await.unwrap())
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.send(self.http.post(self.url(path)).json(body)).await
    }

    /// The files in the bank directory, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.bank.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Starts a `POST /v1/critique` whose body waits for the returned sender, and returns once
    /// it holds the only slot of a `max_in_flight: 1` server (a probe is then shed). A probe can
    /// itself take the slot just as the held request arrives and get it shed; it is then re-sent.
    pub async fn hold_slot(&self) -> (oneshot::Sender<()>, JoinHandle<reqwest::Result<Response>>) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (release, body) = slow_body(json!({"draft": DRAFT}).to_string());
            let req = self.http.post(self.url("/v1/critique")).body(body);
            let held = tokio::spawn(req.send());
            loop {
                assert!(Instant::now() < deadline, "no request could hold the slot");
                tokio::time::sleep(Duration::from_millis(20)).await;
                if held.is_finished() {
                    break;
                }
                let (status, body) = self.get("/readyz").await;
                if status == StatusCode::SERVICE_UNAVAILABLE
                    && body["error"]["code"] == "overloaded"
                {
                    return (release, held);
                }
            }
        }
    }
}

/// A request body sent in two halves, the second only after the returned sender fires.
pub fn slow_body(json: String) -> (oneshot::Sender<()>, reqwest::Body) {
    let (release, released) = oneshot::channel::<()>();
    let tail = json[json.len() / 2..].to_string();
    let head = json[..json.len() / 2].to_string();
    let first = futures::stream::once(async move { Ok::<_, std::io::Error>(head) });
    let second = futures::stream::once(async move {
        let _ = released.await;
        Ok(tail)
    });
    let stream = futures::StreamExt::chain(first, second);
    (release, reqwest::Body::wrap_stream(stream))
}

/// Polls `check` until it holds; fails the test after 10 s.
pub async fn eventually<F, Fut>(what: &str, check: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The binary, with an empty config (`/dev/null`) and the offline engine, over `bank`, with nothing from
/// the user's environment.
pub fn binary(bank: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_starcoach"));
    cmd.args(["--engine", "offline", "--stories"])
        .arg(bank)
        .args(["--config", "/dev/null"])
        .args(args);
    for var in [
        "STARCOACH_CONFIG",
        "STARCOACH_STORIES",
        "STARCOACH_TOKEN",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// `starcoach --json ARGS` over `bank`, parsed; the command must succeed.
#[track_caller]
pub fn cli(bank: &Path, args: &[&str]) -> Value {
    let out = binary(bank, args).arg("--json").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "starcoach {args:?} failed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("starcoach {args:?}: {e}"))
}

/// Starts `starcoach serve --addr ADDR` with `STARCOACH_TOKEN=token`; returns it and its
/// base URL (on 127.0.0.1) once it says it is listening.
pub async fn spawn_binary(bank: &Path, addr: &str, token: &str) -> (Child, String) {
    let mut child = binary(bank, &["serve", "--addr", addr])
        .env("STARCOACH_TOKEN", token)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stderr).lines();
        let first = lines.next().unwrap().unwrap();
        // Keep draining so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        first
    })
    .await
    .unwrap();
    let port = line
        .strip_prefix("starcoach: listening on http://")
        .and_then(|a| a.rsplit_once(':'))
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .1;
    (child, format!("http://127.0.0.1:{port}"))
}

/// Checks `value` against a JSON schema of `doc` ($ref, oneOf/anyOf/allOf, type, enum,
/// required, properties, items): every field of an object must be documented.
pub fn conforms(doc: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    if schema.is_null() {
        return Err(format!("no schema for {value}"));
    }
    if let Some(name) = schema.get("$ref").and_then(Value::as_str) {
        let name = name.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        return conforms(doc, target, value).map_err(|e| format!("{name}: {e}"));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            if options.iter().any(|s| conforms(doc, s, value).is_ok()) {
                return Ok(());
            }
            return Err(format!("{value} matches no branch of {key}"));
        }
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        conforms(doc, part, value)?;
    }
    check_type(schema, value)?;
    match value {
        Value::Object(map) => {
            for name in schema["required"].as_array().into_iter().flatten() {
                let name = name.as_str().unwrap();
                if !map.contains_key(name) {
                    return Err(format!("required field {name} is missing"));
                }
            }
            for (key, field) in map {
                let Some(sub) = schema["properties"].get(key) else {
                    return Err(format!("field {key} is not in the schema"));
                };
                conforms(doc, sub, field).map_err(|e| format!("{key}.{e}"))?;
            }
        }
        Value::Array(items) => {
            for item in items {
                conforms(doc, &schema["items"], item)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_type(schema: &Value, value: &Value) -> Result<(), String> {
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let actual = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let fits = types.is_empty()
        || types.contains(&actual)
        || (actual == "integer" && types.contains(&"number"));
    if !fits {
        return Err(format!("{value} is {actual}, the schema says {types:?}"));
    }
    match schema.get("enum").and_then(Value::as_array) {
        Some(allowed) if !allowed.contains(value) => {
            Err(format!("{value} is not one of {allowed:?}"))
        }
        _ => Ok(()),
    }
}
