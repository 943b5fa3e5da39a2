//! Self-tests for the mock OpenAI server in `util/openai.rs`, over real HTTP.

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{Value, json};

use crate::util::openai::{MockOpenAi, Reply};

fn chat_body(stream: bool, include_usage: bool) -> Value {
    let mut body = json!({
        "model": "test-model",
        "messages": [{"role": "user", "content": "Tell me about a time you led a team."}],
    });
    if stream {
        body["stream"] = json!(true);
    }
    if include_usage {
        body["stream_options"] = json!({"include_usage": true});
    }
    body
}

async fn post(mock: &MockOpenAi, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/chat/completions", mock.base_url()))
        .bearer_auth("sk-test")
        .json(body)
        .send()
        .await
        .expect("send to mock")
}

/// The `data:` payloads of an SSE body.
fn sse_payloads(text: &str) -> Vec<String> {
    text.split("\n\n")
        .filter_map(|event| event.strip_prefix("data: "))
        .map(str::to_owned)
        .collect()
}

/// Concatenated `choices[0].delta.content` of parsed chunks.
fn streamed_content(payloads: &[String]) -> String {
    payloads
        .iter()
        .filter_map(|p| serde_json::from_str::<Value>(p).ok())
        .filter_map(|c| {
            c.pointer("/choices/0/delta/content")?
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn non_stream_reply_parses_and_request_is_recorded() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::json(r#"{"score":4}"#));
    let body = chat_body(false, false);
    let response = post(&mock, &body).await;
    assert_eq!(response.status(), 200);
    let reply: Value = response.json().await.expect("json body");
    assert_eq!(reply["object"], "chat.completion");
    assert_eq!(reply["model"], "test-model");
    assert_eq!(reply["choices"][0]["message"]["role"], "assistant");
    assert_eq!(reply["choices"][0]["message"]["content"], r#"{"score":4}"#);
    assert_eq!(reply["choices"][0]["finish_reason"], "stop");
    let usage = &reply["usage"];
    let sum =
        usage["prompt_tokens"].as_u64().unwrap() + usage["completion_tokens"].as_u64().unwrap();
    assert_eq!(usage["total_tokens"].as_u64(), Some(sum));
    assert_eq!(mock.calls(), 1);
    assert_eq!(mock.requests(), vec![body]);
    let auth = mock.headers()[0].get("authorization").cloned();
    assert_eq!(auth.unwrap(), "Bearer sk-test");
}

#[tokio::test]
async fn script_is_fifo_then_default_responder() {
    let mock = MockOpenAi::start().await;
    mock.push_all([Reply::json("first"), Reply::json("second")]);
    let content = |v: Value| v["choices"][0]["message"]["content"].clone();
    let mut seen = Vec::new();
    for _ in 0..3 {
        seen.push(content(
            post(&mock, &chat_body(false, false))
                .await
                .json()
                .await
                .unwrap(),
        ));
    }
    assert_eq!(seen, vec![json!("first"), json!("second"), json!("{}")]);
    mock.set_default(|req| Reply::Json(format!("echo {}", req["model"].as_str().unwrap_or(""))));
    let reply: Value = post(&mock, &chat_body(false, false))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(content(reply), json!("echo test-model"));
    assert_eq!(mock.calls(), 4);
}

#[tokio::test]
async fn stream_yields_deltas_usage_chunk_and_done() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::json(r#"{"verdict":"strong answer"}"#));
    let response = post(&mock, &chat_body(true, true)).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    let payloads = sse_payloads(&response.text().await.unwrap());
    assert_eq!(payloads.last().map(String::as_str), Some("[DONE]"));
    let chunks: Vec<Value> = payloads[..payloads.len() - 1]
        .iter()
        .map(|p| serde_json::from_str(p).expect("chunk json"))
        .collect();
    assert!(
        chunks
            .iter()
            .all(|c| c["object"] == "chat.completion.chunk")
    );
    assert!(
        chunks.len() >= 5,
        "role, ~3 deltas, stop, usage: {chunks:?}"
    );
    assert_eq!(
        streamed_content(&payloads),
        r#"{"verdict":"strong answer"}"#
    );
    let usage = chunks.last().unwrap();
    assert_eq!(usage["choices"], json!([]));
    assert!(usage["usage"]["total_tokens"].as_u64().unwrap() > 0);
    assert_eq!(
        chunks[chunks.len() - 2]["choices"][0]["finish_reason"],
        "stop"
    );
}

#[tokio::test]
async fn stream_without_include_usage_has_no_usage_chunk() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::json("abc"));
    let text = post(&mock, &chat_body(true, false))
        .await
        .text()
        .await
        .unwrap();
    let payloads = sse_payloads(&text);
    assert_eq!(payloads.last().map(String::as_str), Some("[DONE]"));
    assert!(!text.contains("\"usage\""), "{text}");
    assert_eq!(streamed_content(&payloads), "abc");
}

#[tokio::test]
async fn rate_limit_carries_retry_after_and_error_body() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::Status {
        status: 429,
        message: "slow down".into(),
        retry_after: Some(7),
    });
    let response = post(&mock, &chat_body(true, true)).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["message"], "slow down");
    assert!(body["error"]["type"].is_string());
    assert!(body["error"]["param"].is_null() && body["error"]["code"].is_null());
}

#[tokio::test]
async fn truncated_stream_ends_without_done() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::Truncated("0123456789".into()));
    let response = post(&mock, &chat_body(true, true)).await;
    assert_eq!(response.status(), 200);
    let mut bytes = response.bytes_stream();
    let (mut text, mut failed) = (String::new(), false);
    while let Some(chunk) = bytes.next().await {
        match chunk {
            Ok(b) => text.push_str(&String::from_utf8_lossy(&b)),
            Err(_) => failed = true,
        }
    }
    assert!(failed, "the connection should drop mid-body");
    assert!(
        !text.contains("[DONE]") && !text.contains("\"stop\""),
        "{text}"
    );
    assert_eq!(streamed_content(&sse_payloads(&text)), "01234");
}

#[tokio::test]
async fn truncated_non_stream_body_is_cut() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::Truncated("0123456789".into()));
    let response = post(&mock, &chat_body(false, false)).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.starts_with('{'));
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
}

#[tokio::test]
async fn no_object_field_reply_lacks_object() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::NoObjectField("hi".into()));
    mock.push(Reply::NoObjectField("hi".into()));
    let reply: Value = post(&mock, &chat_body(false, false))
        .await
        .json()
        .await
        .unwrap();
    assert!(reply.get("object").is_none());
    assert_eq!(reply["choices"][0]["message"]["content"], "hi");
    let text = post(&mock, &chat_body(true, false))
        .await
        .text()
        .await
        .unwrap();
    assert!(!text.contains("\"object\""), "{text}");
    assert_eq!(streamed_content(&sse_payloads(&text)), "hi");
}

#[tokio::test]
async fn latency_does_not_serialize_concurrent_requests() {
    let mock = MockOpenAi::start().await;
    mock.set_latency(Duration::from_millis(200));
    let body = chat_body(false, false);
    let started = Instant::now();
    let replies = futures::future::join_all((0..4).map(|_| post(&mock, &body))).await;
    assert!(replies.iter().all(|r| r.status() == 200));
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(mock.max_in_flight(), 4);
    assert_eq!(mock.calls(), 4);
}

#[tokio::test]
async fn hang_never_answers() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::Hang);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let url = format!("{}/chat/completions", mock.base_url());
    let err = client
        .post(url)
        .json(&chat_body(false, false))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(mock.calls(), 1);
}

#[tokio::test]
async fn models_lists_something_and_bad_json_is_400() {
    let mock = MockOpenAi::start().await;
    let client = reqwest::Client::new();
    let models: Value = client
        .get(format!("{}/models", mock.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(models["object"], "list");
    assert!(!models["data"].as_array().unwrap().is_empty());
    let response = client
        .post(format!("{}/chat/completions", mock.base_url()))
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(mock.requests(), vec![json!("not json")]);
}

fn openai_client(mock: &MockOpenAi) -> async_openai::Client<async_openai::config::OpenAIConfig> {
    let config = async_openai::config::OpenAIConfig::new()
        .with_api_base(mock.base_url())
        .with_api_key("sk-test");
    async_openai::Client::with_config(config)
}

#[tokio::test]
async fn async_openai_parses_typed_replies() {
    use async_openai::types::chat::{
        CreateChatCompletionResponse, CreateChatCompletionStreamResponse,
    };
    let mock = MockOpenAi::start().await;
    mock.push_all([Reply::json("whole"), Reply::json("streamed reply")]);
    let client = openai_client(&mock);
    let reply: CreateChatCompletionResponse = client
        .chat()
        .create_byot(chat_body(false, false))
        .await
        .expect("typed completion");
    assert_eq!(reply.choices[0].message.content.as_deref(), Some("whole"));
    assert!(reply.usage.is_some());
    let mut stream = client
        .chat()
        .create_stream_byot::<Value, CreateChatCompletionStreamResponse>(chat_body(true, true))
        .await
        .expect("typed stream");
    let (mut text, mut usage) = (String::new(), None);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("typed chunk");
        if let Some(delta) = chunk.choices.first().and_then(|c| c.delta.content.clone()) {
            text.push_str(&delta);
        }
        usage = usage.or(chunk.usage);
    }
    assert_eq!(text, "streamed reply");
    assert!(usage.is_some());
    assert_eq!(mock.headers()[1]["authorization"], "Bearer sk-test");
}

#[tokio::test]
async fn async_openai_sees_truncation_as_an_error() {
    let mock = MockOpenAi::start().await;
    mock.push(Reply::Truncated("partial text".into()));
    let client = openai_client(&mock);
    let mut stream = client
        .chat()
        .create_stream_byot::<Value, Value>(chat_body(true, true))
        .await
        .expect("stream opens");
    let (mut finished, mut errored) = (false, false);
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(c) => {
                finished |= c
                    .pointer("/choices/0/finish_reason")
                    .is_some_and(|r| !r.is_null())
            }
            Err(_) => errored = true,
        }
    }
    assert!(!finished && errored);
    assert_eq!(mock.calls(), 1);
}
