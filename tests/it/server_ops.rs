//! The daemon's protective and lifecycle behaviour: the bearer token, load shedding, hot
//! reload, graceful shutdown, the binary's start-up rules and SIGTERM exit, and streaming over
//! the LLM engine (against the mock in `util/openai.rs`). Routes and payloads are covered by
//! `server`.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use starcoach::coach::EngineChoice;
use starcoach::config::Config;
use starcoach::server::ServerOptions;

use crate::util::openai::{MockOpenAi, Reply};
use crate::util::server::{self as server_support, conforms, eventually, start, start_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_guards_every_route_but_healthz() {
    let server = start(ServerOptions {
        token: Some("s3cret-token".into()),
        ..Default::default()
    })
    .await;
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer s3cret-token2"),
        Some("s3cret-token"),
    ] {
        for path in ["/v1/stories", "/readyz", "/metrics", "/openapi.json"] {
            let mut req = server.http.get(server.url(path));
            if let Some(value) = auth {
                req = req.header("authorization", value);
            }
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), StatusCode::UNAUTHORIZED, "{path} {auth:?}");
            assert_eq!(resp.headers()["www-authenticate"], "Bearer");
            let body: Value = resp.json().await.unwrap();
            assert_eq!(body["error"]["code"], "unauthorized");
        }
    }
    assert_eq!(
        server
            .http
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let ok = server
        .http
        .get(server.url("/v1/stories"))
        .bearer_auth("s3cret-token");
    assert_eq!(ok.send().await.unwrap().status(), StatusCode::OK);
    let post = server
        .http
        .post(server.url("/v1/match"))
        .bearer_auth("s3cret-token");
    let resp = post
        .json(&json!({"question": "Why us?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overload_is_shed_with_503_and_retry_after() {
    let closed = start(ServerOptions {
        max_in_flight: 0,
        ..Default::default()
    })
    .await;
    let resp = closed
        .http
        .post(closed.url("/v1/match"))
        .json(&json!({"question": "Why us?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(resp.headers()["retry-after"], "1");
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"]["code"],
        "overloaded"
    );
    assert_eq!(
        closed.get_text("/healthz").await,
        (StatusCode::OK, "ok".into())
    );

    let server = start(ServerOptions {
        max_in_flight: 1,
        ..Default::default()
    })
    .await;
    let (release, slow) = server.hold_slot().await;
    release.send(()).unwrap();
    let resp = slow.await.unwrap().unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(server.get("/readyz").await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hot_reload_follows_the_files_and_survives_broken_ones() {
    let server = start(ServerOptions::default()).await;
    let dir = server.bank.path().to_path_buf();
    let new = std::fs::read_to_string(dir.join("KT2.md"))
        .unwrap()
        .replace("\"KT2\"", "\"NEW1\"");
    std::fs::write(dir.join("NEW1.md"), new).unwrap();
    eventually("the new entry is served", || async {
        server.get("/v1/stories/NEW1").await.0 == StatusCode::OK
    })
    .await;
    let broken = "+++\nid = \"broken\"\nkind = \"storyy\"\ntitle = \"t\"\n+++\n## Situation\n- SECRET-STORY-TEXT\n";
    std::fs::write(dir.join("broken.md"), broken).unwrap();
    eventually("/readyz reports the broken file", || async {
        server.get("/readyz").await.0 == StatusCode::SERVICE_UNAVAILABLE
    })
    .await;
    let (_, ready) = server.get("/readyz").await;
    assert_eq!(ready["status"], "degraded");
    assert_eq!(ready["entries"], 6);
    assert!(
        ready["error"]["file"]
            .as_str()
            .unwrap()
            .ends_with("broken.md"),
        "{ready}"
    );
    assert!(
        ready["error"]["reason"]
            .as_str()
            .unwrap()
            .contains("unknown kind"),
        "{ready}"
    );
    assert!(!ready.to_string().contains("SECRET-STORY-TEXT"));
    let doc = server.get("/openapi.json").await.1;
    let schema = &doc["paths"]["/readyz"]["get"]["responses"]["503"]["content"]["application/json"]
        ["schema"];
    conforms(&doc, schema, &ready).unwrap();
    assert_eq!(
        server.get("/v1/stories/NEW1").await.0,
        StatusCode::OK,
        "the last good bank still serves"
    );
    let (_, metrics) = server.get_text("/metrics").await;
    assert!(
        metrics.lines().any(
            |l| l.starts_with("starcoach_bank_reloads_total{result=\"error\"}")
                && !l.ends_with(" 0")
        ),
        "{metrics}"
    );
    // A degraded bank is not written to: 409 and no file.
    let kt2 = server.get("/v1/stories/KT2").await.1;
    let put = server
        .http
        .put(server.url("/v1/stories/KT9"))
        .body(kt2.to_string().replace("\"KT2\"", "\"KT9\""));
    let (status, body) = server.send(put).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("bank_degraded")),
        "{body}"
    );
    assert!(!dir.join("KT9.md").exists());
    std::fs::remove_file(dir.join("broken.md")).unwrap();
    eventually("/readyz recovers", || async {
        server.get("/readyz").await.0 == StatusCode::OK
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_in_flight_requests_finish() {
    let mut server = start(ServerOptions {
        max_in_flight: 1,
        ..Default::default()
    })
    .await;
    let (release, slow) = server.hold_slot().await;
    server.stop.take().unwrap().send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !server.task.is_finished(),
        "serve() must wait for the request in flight"
    );
    release.send(()).unwrap();
    let resp = slow.await.unwrap().unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.json::<Value>().await.unwrap()["findings"].is_array());
    let result = tokio::time::timeout(Duration::from_secs(10), &mut server.task).await;
    result
        .expect("serve() returns after shutdown")
        .unwrap()
        .expect("serve() returns Ok");
    assert!(
        server
            .http
            .get(server.url("/healthz"))
            .send()
            .await
            .is_err(),
        "no longer accepting"
    );
}

#[test]
fn the_binary_refuses_a_public_address_without_a_token() {
    let bank = server_support::bank_copy();
    let out = server_support::binary(bank.path(), &["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("STARCOACH_TOKEN"), "{stderr}");
}

/// With `token_env = ""` no variable is named: the refusal says where to name one.
#[test]
fn the_binary_refuses_a_public_address_when_no_token_variable_is_named() {
    let bank = server_support::bank_copy();
    let config = bank.path().join("no-token.toml");
    std::fs::write(&config, "[server]\ntoken_env = \"\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_starcoach"))
        .args(["--engine", "offline", "--stories"])
        .arg(bank.path())
        .arg("--config")
        .arg(&config)
        .args(["serve", "--addr", "0.0.0.0:0"])
        .env_remove("STARCOACH_CONFIG")
        .env_remove("STARCOACH_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Name a variable in `[server] token_env` and set it to a secret"),
        "{stderr}"
    );
    assert!(!stderr.contains("Set  to"), "{stderr}");
}

/// A token with a line break, a space or an accented letter inside can never be sent and matched:
/// refused at startup, on any address, without showing it.
#[test]
fn the_binary_refuses_a_token_no_client_could_send() {
    let bank = server_support::bank_copy();
    for (addr, token) in [
        ("0.0.0.0:0", "secret-one\nsecret-two\n"),
        ("127.0.0.1:0", "secret-one\nsecret-two"),
        ("127.0.0.1:0", "secret-tok\u{e9}n"),
        ("127.0.0.1:0", "secret one"),
    ] {
        let out = server_support::binary(bank.path(), &["serve", "--addr", addr])
            .env("STARCOACH_TOKEN", token)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{addr}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("the token in STARCOACH_TOKEN holds a space, a line break or a"),
            "{stderr}"
        );
        assert!(!stderr.contains("secret-"), "{stderr}");
    }
}

#[test]
fn the_binary_refuses_a_broken_bank_at_startup() {
    let bank = server_support::bank_copy();
    std::fs::write(bank.path().join("bad.md"), "no front matter\n").unwrap();
    let out = server_support::binary(bank.path(), &["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.md"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_with_a_token_and_exits_0_on_sigterm() {
    let bank = server_support::bank_copy();
    let (mut child, base) = server_support::spawn_binary(bank.path(), "0.0.0.0:0", "t0ken").await;
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    assert_eq!(
        http.get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let stories = http.get(format!("{base}/v1/stories"));
    assert_eq!(
        stories.try_clone().unwrap().send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        stories.bearer_auth("t0ken").send().await.unwrap().status(),
        StatusCode::OK
    );
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(exit.code(), Some(0));
}

/// An endpoint's error body that quotes the key reaches no log line: the OpenAI client's own
/// warning (which logs the body whole) is off, and ours is redacted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_log_never_holds_the_key_an_error_body_quotes() {
    use std::io::{BufRead, BufReader, Read};
    const SECRET: &str = "sk-log-SECRET789";
    let mock = MockOpenAi::start().await;
    mock.set_default(|_| Reply::status(500, format!("bad request from key Bearer {SECRET}")));
    let bank = server_support::bank_copy();
    let config = bank.path().join("llm.toml");
    let extra = [("api_key_env", "\"SC_LOG_KEY\""), ("max_retries", "0")];
    let cache = bank.path().join("cache");
    std::fs::write(
        &config,
        crate::util::llm::config_text(&mock.base_url(), &cache, &extra),
    )
    .unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_starcoach"));
    cmd.args(["--engine", "llm", "--stories"])
        .arg(bank.path())
        .arg("--config")
        .arg(&config)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("SC_LOG_KEY", SECRET)
        .env_remove("RUST_LOG")
        .env_remove("STARCOACH_TOKEN")
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap());
    // Log lines (the cache's migration) may come before the address.
    let mut line = String::new();
    while !line.starts_with("starcoach: listening on") {
        line.clear();
        assert!(lines.read_line(&mut line).unwrap() > 0, "no address line");
    }
    let port = line.trim().rsplit_once(':').unwrap().1.to_string();
    let rest = std::thread::spawn(move || {
        let mut text = String::new();
        lines.read_to_string(&mut text).unwrap();
        text
    });
    let status = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("http://127.0.0.1:{port}/v1/critique"))
        .json(&json!({"draft": "I fixed the build and it got faster."}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    let log = rest.join().unwrap();
    assert!(
        log.contains("[redacted]"),
        "our own line says the error: {log}"
    );
    assert!(!log.contains("SECRET789"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_llm_engine_streams_deltas_then_the_report() {
    let mock = MockOpenAi::start().await;
    let reply = json!({"followups": [{"question": "How did you measure the drop in bad pushes?",
        "why": "the result needs its evidence", "targets": "metrics"}]})
    .to_string();
    let content = reply.clone();
    mock.set_default(move |_| Reply::json(content.clone()));
    let cache = tempfile::tempdir().unwrap();
    let text = format!(
        "[llm]\nbase_url = {:?}\nmodel = \"mock-model\"\nmax_retries = 0\nstructured = \"json_schema\"\ntoken_limit_field = \"max_completion_tokens\"\n[cache]\ndir = {:?}\n",
        mock.base_url(),
        cache.path().display().to_string()
    );
    let config = Config::parse(&text).unwrap();
    let server = start_with(&config, EngineChoice::Llm, ServerOptions::default()).await;
    let req = server.http.post(server.url("/v1/followups?stream=true"));
    let body = req
        .json(&json!({"story": "KT1"}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let events: Vec<(&str, Value)> = body
        .split("\n\n")
        .filter_map(|frame| {
            let (event, data) = frame.trim().split_once('\n')?;
            let data = serde_json::from_str(data.strip_prefix("data: ")?).ok()?;
            Some((event.strip_prefix("event: ")?, data))
        })
        .collect();
    let (last, deltas) = events.split_last().expect("events");
    assert!(deltas.len() >= 2, "the reply arrives in pieces: {body}");
    assert!(deltas.iter().all(|(event, _)| *event == "delta"), "{body}");
    let streamed: String = deltas
        .iter()
        .map(|(_, d)| d["text"].as_str().unwrap())
        .collect();
    assert_eq!(streamed, reply);
    assert_eq!(last.0, "report", "{body}");
    assert_eq!(last.1["engine"], "llm");
    assert_eq!(last.1["followups"][0]["targets"], "metrics");
    assert!(mock.requests()[0]["stream"].as_bool().unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_variant_put_replaces_the_entry_in_one_file() {
    let server = start(ServerOptions::default()).await;
    let kt2 = server.get("/v1/stories/KT2").await.1;
    let put = server
        .http
        .put(server.url("/v1/stories/kt2"))
        .body(kt2.to_string().replace("\"KT2\"", "\"kt2\""));
    let (status, body) = server.send(put).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let files = server.files();
    assert!(files.contains(&"kt2.md".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f == "KT2.md"), "{files:?}");
    assert_eq!(server.get("/v1/stories/KT2").await.1["id"], "kt2");
}
