//! Spoken practice against a scripted transcription server (`util/speech.rs`): what the user is
//! told when the endpoint fails (never the key it may echo), and the time a recording took to
//! say standing in for the estimate from its words.

use std::process::Output;

use serde_json::json;

use crate::util::speech::{Heard, MockSpeech};
use crate::util::{self, TestDir, json, stderr};

const SECRET: &str = "sk-speech-SECRET789";
const QUESTION: &str = "Tell me about a time a job you ran went wrong.";

fn setup(base_url: &str, extra: &str) -> TestDir {
    let dir = TestDir::with_bank();
    dir.write(
        "starcoach.toml",
        format!(
            "stories = \"bank\"\n[history]\npath = \"history.sqlite\"\n\
             [speech]\nbase_url = {base_url:?}\nmodel = \"whisper-1\"\n{extra}"
        ),
    );
    // The mock never decodes it.
    dir.write("answer.wav", "RIFF....WAVE");
    dir
}

/// `practice --audio` for HL1, off the runtime's threads so the mock keeps serving.
async fn practise(dir: &TestDir, code: i32) -> Output {
    let mut cmd = dir.cmd();
    cmd.env("STT_KEY", SECRET)
        .args([
            "--engine", "offline", "--json", "practice", "--story", "HL1",
        ])
        .args(["--question", QUESTION, "--audio", "answer.wav"]);
    tokio::task::spawn_blocking(move || util::run(&mut cmd, code))
        .await
        .expect("the binary ran")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_the_server_echoes_is_never_shown_and_a_refused_key_names_its_variable() {
    let body = r#"{"error": {"message": "Incorrect API key provided: {auth}", "type": "invalid_request_error"}}"#;
    for status in [401, 500] {
        let mock = MockSpeech::start(Heard::Status(status, body.into())).await;
        let dir = setup(&mock.base_url(), "api_key_env = \"STT_KEY\"\n");
        let out = practise(&dir, 2).await;
        let err = stderr(&out);
        assert!(!err.contains("SECRET"), "{err}");
        assert!(!util::stdout(&out).contains("SECRET"));
        if status == 401 {
            assert!(err.contains("refused the API key (401)"), "{err}");
            assert!(err.contains("STT_KEY"), "{err}");
        } else {
            assert!(err.contains("answered 500"), "{err}");
            assert!(err.contains("[redacted]"), "{err}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_refused_in_another_shape_names_its_variable() {
    // FastAPI servers answer {"detail": ...}: the client library drops the status with the shape.
    let detail = r#"{"detail": "Invalid API key: SECRET"}"#;
    let mock = MockSpeech::start(Heard::Status(401, detail.into())).await;
    let dir = setup(&mock.base_url(), "api_key_env = \"STT_KEY\"\n");
    let out = practise(&dir, 2).await;
    let err = stderr(&out);
    assert!(
        err.contains("refused the API key: check the key in STT_KEY"),
        "{err}"
    );
    assert!(!err.contains("SECRET"), "{err}");
    assert!(!err.contains("wav, mp3"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_in_another_shape_is_quoted_and_a_slow_server_names_the_timeout() {
    let detail = r#"{"detail": "Model 'whisper-1' is not installed"}"#;
    let mock = MockSpeech::start(Heard::Status(404, detail.into())).await;
    let dir = setup(&mock.base_url(), "");
    let err = stderr(&practise(&dir, 2).await);
    assert!(err.contains("Model 'whisper-1' is not installed"), "{err}");
    assert!(err.contains("[speech] model"), "{err}");
    assert!(!err.contains("deserialize"), "{err}");

    let mock = MockSpeech::start(Heard::Hang).await;
    let dir = setup(&mock.base_url(), "timeout_secs = 1\n");
    let err = stderr(&practise(&dir, 2).await);
    assert!(err.contains("no transcript within 1 s"), "{err}");
    assert!(err.contains("[speech] timeout_secs"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spoken_answer_is_as_long_as_it_took_to_say() {
    // 62 words, about 25 s by the word count, said over three and a half minutes.
    let text = "The backfill job I launched overwrote a week of dashboard data, and I owned the \
                fix. I stopped the job, restored the week from the nightly snapshot, and added a \
                dry run that shows which partitions a backfill will touch. Dashboards were back \
                within four hours, and no backfill has overwritten data since. I learned to make \
                the safe path the default one.";
    let segments = json!([
        {"id": 0, "start": 0.0, "end": 105.0, "text": text},
        {"id": 1, "start": 105.0, "end": 210.0, "text": "And that was it."}
    ]);
    let mock = MockSpeech::start(Heard::Transcript(json!({
        "text": text, "duration": 210.0, "language": "en", "segments": segments
    })))
    .await;
    let dir = setup(&mock.base_url(), "");
    let report = json(&practise(&dir, 0).await);
    let critique = &report["critique"];
    assert_eq!(critique["speaking_seconds"], 210, "{critique:#}");
    let codes = util::finding_codes(critique);
    assert!(codes.contains(&"too-long"), "{codes:?}");
    assert!(!codes.contains(&"too-short"), "{codes:?}");
    // The text view of the stored attempt shows how it was said, as the JSON does.
    let shown = util::stdout(&util::run(dir.cmd().args(["history", "show", "1"]), 0));
    assert!(
        shown.contains("Delivery:") && shown.contains("long pause(s)"),
        "{shown}"
    );
}

#[test]
fn a_recording_with_next_is_refused_not_ignored() {
    let dir = setup("http://127.0.0.1:9/v1", "");
    let out = util::run(
        dir.cmd()
            .args(["practice", "--next", "--audio", "answer.wav"]),
        2,
    );
    assert!(stderr(&out).contains("--audio"), "{}", stderr(&out));
}

/// Silence often comes back as "..." : nothing was said, told as such (the microphone), not as
/// an answer of symbols the user typed.
#[tokio::test(flavor = "multi_thread")]
async fn a_transcript_with_no_words_is_an_empty_recording() {
    let mock = MockSpeech::start(Heard::Transcript(json!({
        "text": " ... ", "duration": 4.0, "language": "en", "segments": []
    })))
    .await;
    let dir = setup(&mock.base_url(), "");
    let err = stderr(&practise(&dir, 2).await);
    assert!(err.contains("the transcript is empty"), "{err}");
    assert!(!err.contains("no words"), "{err}");
}

/// A recorded answer's question is checked before the recording leaves for the transcription
/// endpoint: a question with no words is refused (400) without a call, here one that would fail.
#[tokio::test(flavor = "multi_thread")]
async fn a_recordings_question_is_checked_before_it_is_sent() {
    let mock = MockSpeech::start(Heard::Status(500, r#"{"error": "called"}"#.into())).await;
    let dir = TestDir::with_bank();
    let mut config = starcoach::config::Config::default();
    config.history.path = Some(dir.join("history.sqlite"));
    config.speech.base_url = Some(mock.base_url());
    config.speech.model = Some("whisper-1".into());
    let server = crate::util::server::start_with(
        &config,
        starcoach::coach::EngineChoice::Offline,
        starcoach::server::ServerOptions::for_config(&config),
    )
    .await;
    let form = reqwest::multipart::Form::new()
        .text("question", "🚀🚀 ?")
        .part(
            "audio",
            reqwest::multipart::Part::bytes(b"RIFF....WAVE".to_vec()).file_name("answer.wav"),
        );
    let (status, body): (_, serde_json::Value) = server
        .send(server.http.post(server.url("/v1/attempts")).multipart(form))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.to_string()
            .contains("question has no words in it, only symbols or emoji"),
        "{body}"
    );
}
