//! A recorded answer in the web page in real headless Chromium (`util/browser.rs`), heard by
//! the local transcription server and scored. Runs when chromedriver, the transcription server
//! and espeak-ng are installed.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use fantoccini::Locator;
use starcoach::coach::EngineChoice;
use starcoach::config::Config;
use starcoach::server::ServerOptions;

use crate::util::browser::{Driver, shot, until, wait};
use crate::util::server::start_with;

/// Recording in the page, as far as a machine without a sound card allows: Chromium's fake
/// microphone plays a WAV spoken by espeak-ng into MediaRecorder; the page uploads the
/// recording to `POST /v1/attempts`, the daemon has the local transcription server hear it,
/// and the page shows the transcript and the delivery figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_answer_is_heard_and_scored_in_the_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stt_installed = root.join("target/local-stt/model/model.bin").exists()
        && Path::new("/usr/bin/espeak-ng").exists();
    if !stt_installed {
        eprintln!("skipped: the local transcription server or espeak-ng is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("answer.wav");
    let spoken = "At Kestrel Travel our booking service went down after a change I made. I rolled it back in eight minutes and added a canary region.";
    assert!(
        Command::new("espeak-ng")
            .args(["-s", "150", "-w"])
            .arg(&wav)
            .arg(spoken)
            .status()
            .unwrap()
            .success()
    );
    let flags = [
        "--use-fake-ui-for-media-stream".to_string(),
        "--use-fake-device-for-media-stream".to_string(),
        format!("--use-file-for-fake-audio-capture={}", wav.display()),
    ];
    let Some(driver) = Driver::start_with(&flags).await else {
        return;
    };
    let stt = crate::util::local::LocalService::start(
        "local-stt.sh",
        "STARCOACH_LOCAL_STT_DIR",
        &root.join("target/local-stt"),
        &["venv", "model"],
        &dir.path().join("stt"),
        18097,
    );
    let mut config = Config::default();
    config.history.path = Some(dir.path().join("history.sqlite"));
    config.speech.base_url = Some(stt.base_url.clone());
    config.speech.model = Some(stt.model.clone());
    let server = start_with(&config, EngineChoice::Offline, ServerOptions::default()).await;
    let c = &driver.client;
    c.set_window_size(1280, 1000).await.unwrap();
    c.goto(&server.url("/#practice")).await.unwrap();
    until(
        c,
        "a question",
        "document.querySelector('#practice-question').textContent.trim().length > 10",
    )
    .await;
    wait(c, "#practice-record").await.click().await.unwrap();
    until(
        c,
        "recording",
        "document.querySelector('#practice-record').getAttribute('aria-pressed') === 'true'",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(9)).await;
    c.find(Locator::Css("#practice-record"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let heard = c
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("#practice-transcript"))
        .await;
    c.execute(
        "document.querySelector('#practice-result').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    shot(c, "", "practice-recorded", 1280).await;
    stt.stop();
    let transcript = heard
        .expect("the transcript appears")
        .text()
        .await
        .unwrap()
        .to_lowercase();
    assert!(
        transcript.contains("rolled it back") || transcript.contains("canary"),
        "{transcript}"
    );
    until(
        c,
        "the delivery figures",
        "document.querySelector('#practice-result').textContent.includes('words a minute')",
    )
    .await;
    let (_, attempts) = server.get("/v1/attempts").await;
    assert_eq!(attempts["attempts"].as_array().unwrap().len(), 1);
}
