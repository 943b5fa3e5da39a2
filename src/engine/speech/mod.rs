//! Spoken answers: a recording sent to any OpenAI-compatible transcription endpoint
//! (`[speech] base_url`: local faster-whisper or whisper.cpp, or OpenAI) through async-openai,
//! and how the answer was delivered, read from the timed segments (`delivery.rs`).

pub mod delivery;

use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::types::audio::{AudioInput, AudioResponseFormat, CreateTranscriptionRequest};
use serde::Deserialize;

use crate::config::SpeechConfig;

/// The most audio accepted: 25 MB, OpenAI's own limit for transcription.
pub const MAX_AUDIO_BYTES: usize = 25 * 1024 * 1024;

/// Shown to the transcription model so it writes down "um" and "uh" instead of dropping them
/// (Whisper follows the style of its prompt).
const DISFLUENT_PROMPT: &str = "Um, so, uh, I was, like, you know, working on the, um, project.";

#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error(
        "no transcription endpoint is configured: set [speech] base_url and model (a local faster-whisper server works; scripts/local-stt.sh starts one)"
    )]
    NotConfigured,
    #[error(
        "the API key variable {0} is not set or is empty: export it, or remove [speech] api_key_env"
    )]
    MissingKey(String),
    #[error("the recording is larger than 25 MB, the limit: record a shorter answer")]
    TooLarge,
    #[error(
        "the transcription endpoint {url} failed: {reason} (is it running? check [speech] base_url)"
    )]
    Failed { url: String, reason: String },
    #[error("the transcription endpoint's reply is not a verbose_json transcript: {0}")]
    Malformed(String),
    #[error("the transcript is empty: was anything said? check the microphone or the file")]
    Empty,
}

/// What the endpoint heard, with its timing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Transcript {
    pub text: String,
    #[serde(default)]
    pub duration: f64,
    #[serde(default)]
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

/// A transcription endpoint.
pub struct Transcriber {
    client: Client<OpenAIConfig>,
    pub base_url: String,
    model: String,
}

impl std::fmt::Debug for Transcriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcriber")
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl Transcriber {
    pub fn new(cfg: &SpeechConfig) -> Result<Transcriber, SpeechError> {
        let (Some(base_url), Some(model)) = (
            cfg.base_url.clone().filter(|u| !u.trim().is_empty()),
            cfg.model.clone().filter(|m| !m.trim().is_empty()),
        ) else {
            return Err(SpeechError::NotConfigured);
        };
        let key =
            crate::config::api_key(cfg.api_key_env.as_deref()).map_err(SpeechError::MissingKey)?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(cfg.timeout_secs.max(1)))
            .build()
            .map_err(|e| SpeechError::Malformed(e.to_string()))?;
        let config = OpenAIConfig::new()
            .with_api_base(base_url.trim_end_matches('/'))
            .with_api_key(key);
        Ok(Transcriber {
            client: Client::with_config(config).with_http_client(http),
            base_url,
            model,
        })
    }

    /// Transcribes a recording (`name` carries the format: `.wav`, `.webm`, `.mp3`...), asking
    /// for timed segments and a transcript that keeps disfluencies.
    pub async fn transcribe(&self, name: &str, audio: Vec<u8>) -> Result<Transcript, SpeechError> {
        if audio.len() > MAX_AUDIO_BYTES {
            return Err(SpeechError::TooLarge);
        }
        let request = CreateTranscriptionRequest {
            file: AudioInput::from_vec_u8(name.to_string(), audio),
            model: self.model.clone(),
            language: Some("en".into()),
            prompt: Some(DISFLUENT_PROMPT.into()),
            response_format: Some(AudioResponseFormat::VerboseJson),
            ..Default::default()
        };
        // The raw reply: servers other than OpenAI's leave out fields async-openai's typed
        // verbose reply requires (`usage`).
        let bytes = self
            .client
            .audio()
            .transcription()
            .create_raw(request)
            .await
            .map_err(|e| SpeechError::Failed {
                url: self.base_url.clone(),
                reason: e.to_string(),
            })?;
        let transcript: Transcript =
            serde_json::from_slice(&bytes).map_err(|e| SpeechError::Malformed(e.to_string()))?;
        if transcript.text.trim().is_empty() {
            return Err(SpeechError::Empty);
        }
        Ok(Transcript {
            text: transcript.text.trim().to_string(),
            ..transcript
        })
    }
}
