//! Spoken answers: a recording sent to any OpenAI-compatible transcription endpoint
//! (`[speech] base_url`: local faster-whisper or whisper.cpp, or OpenAI) through async-openai,
//! and how the answer was delivered, read from the timed segments (`delivery.rs`).

pub mod delivery;

use std::time::Duration;

use async_openai::Client;
use async_openai::error::OpenAIError;
use async_openai::types::audio::{AudioInput, AudioResponseFormat, CreateTranscriptionRequest};
use serde::Deserialize;

use crate::config::{KeyError, SpeechConfig, unusable_key};
use crate::engine::openai::ApiConfig;

/// The most audio accepted: 25 MB, OpenAI's own limit for transcription.
pub const MAX_AUDIO_BYTES: usize = 25 * 1024 * 1024;

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
    #[error("{}", unusable_key(.0))]
    UnusableKey(String),
    #[error("the recording is larger than 25 MB, the limit: record a shorter answer")]
    TooLarge,
    #[error(
        "the transcription endpoint {url} cannot be reached: {reason} (is it running? check [speech] base_url)"
    )]
    Unreachable { url: String, reason: String },
    #[error(
        "the transcription endpoint refused the API key{}: check the key in {env}",
        .status.map_or_else(String::new, |s| format!(" ({s})"))
    )]
    Auth {
        /// The HTTP status, when the client library kept it (not for a body in another shape).
        status: Option<u16>,
        env: String,
    },
    #[error(
        "no transcript within {0} s: raise [speech] timeout_secs for long recordings or a slow server"
    )]
    Timeout(u64),
    #[error(
        "the transcription endpoint {url} answered {}: {message} (is the file audio it reads, e.g. wav, mp3 or webm? is [speech] model one it serves?)",
        .status.map_or_else(|| "an error".to_string(), |s| s.to_string())
    )]
    Refused {
        url: String,
        /// The HTTP status, when the client library kept it (not for a body in another shape).
        status: Option<u16>,
        message: String,
    },
    #[error("the transcription endpoint's reply is not a verbose_json transcript: {0}")]
    Malformed(String),
    #[error("the transcript is empty: was anything said? check the microphone or the file")]
    Empty,
}

impl From<KeyError> for SpeechError {
    fn from(e: KeyError) -> SpeechError {
        match e {
            KeyError::Unset(name) => SpeechError::MissingKey(name),
            KeyError::Unusable(name) => SpeechError::UnusableKey(name),
        }
    }
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
    client: Client<ApiConfig>,
    pub base_url: String,
    model: String,
    /// Kept to scrub from error text: a server may echo the key it refused.
    key: String,
    key_env: Option<String>,
    timeout_secs: u64,
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
        let key = crate::config::api_key(cfg.api_key_env.as_deref())?;
        let timeout_secs = cfg.timeout_secs.max(1);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(timeout_secs))
            .build()
            .map_err(|e| SpeechError::Malformed(e.to_string()))?;
        let config = ApiConfig::new(&base_url, &key);
        Ok(Transcriber {
            client: Client::with_config(config).with_http_client(http),
            base_url,
            model,
            key,
            key_env: cfg.api_key_env.clone().filter(|e| !e.is_empty()),
            timeout_secs,
        })
    }

    /// Transcribes a recording (`name` carries the format: `.wav`, `.webm`, `.mp3`...), asking
    /// for timed segments. No prompt: one written with "um" and "uh" made the local Whisper server
    /// time its segments in 30 s windows (so pauses vanished) and drop text (docs/practice.md).
    pub async fn transcribe(&self, name: &str, audio: Vec<u8>) -> Result<Transcript, SpeechError> {
        if audio.len() > MAX_AUDIO_BYTES {
            return Err(SpeechError::TooLarge);
        }
        let request = CreateTranscriptionRequest {
            file: AudioInput::from_vec_u8(name.to_string(), audio),
            model: self.model.clone(),
            language: Some("en".into()),
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
            .map_err(|e| self.map_error(e))?;
        let transcript: Transcript =
            serde_json::from_slice(&bytes).map_err(|e| SpeechError::Malformed(e.to_string()))?;
        // Silence often comes back as "..." or a music note: nothing was said either way.
        if !crate::engine::has_words(&transcript.text) {
            return Err(SpeechError::Empty);
        }
        Ok(Transcript {
            text: transcript.text.trim().to_string(),
            ..transcript
        })
    }

    /// The key was refused: names the variable that holds it.
    fn refused_key(&self, status: Option<u16>) -> SpeechError {
        let env = match &self.key_env {
            Some(env) => env.clone(),
            None => "[speech] api_key_env (none is set)".into(),
        };
        SpeechError::Auth { status, env }
    }

    /// Says what went wrong in terms of the setting to change, with the key scrubbed from
    /// anything the server sent back.
    fn map_error(&self, err: OpenAIError) -> SpeechError {
        let scrub = |text: &str| {
            let text = crate::engine::llm::client::scrub_secret(text, &self.key);
            crate::text::clip(text.trim(), 200)
        };
        let url = self.base_url.clone();
        match err {
            OpenAIError::ApiError(api) => {
                let status = api.status_code.as_u16();
                if status == 401 || status == 403 {
                    return self.refused_key(Some(status));
                }
                SpeechError::Refused {
                    url,
                    status: Some(status),
                    // On some servers the message is the whole error body.
                    message: scrub(&error_detail(&api.api_error.message)),
                }
            }
            OpenAIError::Reqwest(e) if e.is_timeout() => SpeechError::Timeout(self.timeout_secs),
            OpenAIError::Reqwest(e) => SpeechError::Unreachable {
                url,
                reason: scrub(&crate::engine::llm::client::root_cause(&e)),
            },
            // A body not in OpenAI's error shape ({"detail": ...} from faster-whisper): the
            // server answered, so it runs; what it said is the reason.
            // The status is lost with the shape, so a refused key is known by what it says
            // ({"detail": "Invalid API key"}).
            OpenAIError::JSONDeserialize(_, body) => {
                let message = error_detail(&body);
                if about_the_key(&message) {
                    return self.refused_key(None);
                }
                SpeechError::Refused {
                    url,
                    status: None,
                    message: scrub(&message),
                }
            }
            other => SpeechError::Unreachable {
                url,
                reason: scrub(&other.to_string()),
            },
        }
    }
}

/// Whether an error message says the key or the credentials were refused: not only that it
/// names the key ("rate limit exceeded for this API key" is no refusal of it).
fn about_the_key(message: &str) -> bool {
    let lower = message.to_lowercase();
    [
        "unauthorized",
        "unauthorised",
        "not authenticated",
        "authentication failed",
        "invalid api key",
        "incorrect api key",
        "invalid api_key",
        "missing api key",
        "invalid token",
        "invalid bearer",
    ]
    .iter()
    .any(|cue| lower.contains(cue))
}

/// The message in an error body: OpenAI's `error.message`, FastAPI's `detail`, else the text.
fn error_detail(body: &str) -> String {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    json.as_ref()
        .and_then(|v| v.pointer("/error/message").or_else(|| v.get("detail")))
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .unwrap_or_else(|| body.to_string())
}
