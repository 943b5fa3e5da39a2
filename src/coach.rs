//! The coach: the engine a command or request runs on, chosen once (auto, offline or llm) and
//! shared by the CLI and the daemon, so both give the same answers.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::engine::llm::{ItemError, LlmEngine, Prepared, Progress, RunFlags, SetupError};
use crate::engine::offline::{OfflineEngine, Settings};
use crate::engine::{
    CritiqueRequest, Engine, EngineError, FollowupsRequest, MatchRequest, QuestionsRequest,
    TailorRequest,
};
use crate::report::{
    CritiqueReport, EngineKind, FollowupsReport, MatchReport, PromptMessage, PromptPreview,
    QuestionsReport, TailorReport,
};
use crate::story::StoryBank;

/// Which engine the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum EngineChoice {
    /// The LLM when one is configured and reachable, else offline
    #[default]
    Auto,
    /// Deterministic text analysis; no network, no key
    Offline,
    /// The configured OpenAI-compatible endpoint; fails if it cannot be reached
    Llm,
}

#[derive(Debug, thiserror::Error)]
pub enum CoachError {
    #[error("--engine llm: {0}")]
    Llm(#[from] SetupError),
}

/// What a run adds to the config: CLI flags and a progress callback.
#[derive(Clone, Default)]
pub struct CoachOptions {
    pub flags: RunFlags,
    pub progress: Option<Progress>,
}

/// A bank and the engine that answers over it.
pub struct Coach {
    offline: Arc<OfflineEngine>,
    llm: Option<LlmEngine>,
    choice: EngineChoice,
    fell_back: AtomicBool,
    notices: Mutex<Vec<String>>,
}

/// A text sink for streamed model output.
pub type Sink<'a> = Option<&'a (dyn Fn(&str) + Sync)>;

impl Coach {
    pub fn new(
        bank: StoryBank,
        config: &Config,
        choice: EngineChoice,
    ) -> Result<Coach, CoachError> {
        Self::with_options(bank, config, choice, CoachOptions::default())
    }

    pub fn with_options(
        bank: StoryBank,
        config: &Config,
        choice: EngineChoice,
        options: CoachOptions,
    ) -> Result<Coach, CoachError> {
        let offline = Arc::new(OfflineEngine::new(
            Arc::new(bank),
            config.profile.vision.as_deref(),
            Settings::from_config(config),
        ));
        let mut notices = Vec::new();
        let llm = match choice {
            EngineChoice::Offline => None,
            EngineChoice::Llm => Some(LlmEngine::new(
                offline.clone(),
                config,
                options.flags,
                options.progress,
            )?),
            EngineChoice::Auto if !config.llm.is_configured() => None,
            EngineChoice::Auto => {
                match LlmEngine::new(offline.clone(), config, options.flags, options.progress) {
                    Ok(llm) => Some(llm),
                    Err(e) => {
                        notices.push(format!(
                            "the LLM is not usable ({e}); answering with the offline engine"
                        ));
                        None
                    }
                }
            }
        };
        Ok(Coach {
            offline,
            llm,
            choice,
            fell_back: AtomicBool::new(false),
            notices: Mutex::new(notices),
        })
    }

    pub fn bank(&self) -> &StoryBank {
        self.offline.bank()
    }

    pub fn offline(&self) -> &OfflineEngine {
        &self.offline
    }

    /// Messages for the user (an automatic fallback to offline), each to be shown once.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.lock().expect("notice lock"))
    }

    /// The calls `--dry-run` prepared, with their token counts.
    pub fn dry_runs(&self) -> Vec<PromptPreview> {
        let calls = self.llm.as_ref().map(LlmEngine::dry_runs);
        calls.unwrap_or_default().iter().map(preview).collect()
    }

    fn active(&self) -> Option<&LlmEngine> {
        self.llm
            .as_ref()
            .filter(|_| !self.fell_back.load(Ordering::Relaxed))
    }

    /// In auto mode an unreachable endpoint means offline, said once; anything else is an answer.
    fn falls_back(&self, result: &Result<impl Sized, EngineError>) -> bool {
        let Err(EngineError::Item(ItemError::Llm(e))) = result else {
            return false;
        };
        if self.choice != EngineChoice::Auto || !e.is_unreachable() {
            return false;
        }
        self.fell_back.store(true, Ordering::Relaxed);
        self.notices
            .lock()
            .expect("notice lock")
            .push(format!("{e}; answering with the offline engine"));
        true
    }

    /// Runs an operation on the LLM when it is active, else (or after a fallback) offline.
    async fn answer<'a, T, F>(
        &'a self,
        llm: impl FnOnce(&'a LlmEngine) -> F,
        offline: impl FnOnce(&'a OfflineEngine) -> Result<T, EngineError>,
    ) -> Result<T, EngineError>
    where
        F: Future<Output = Result<T, EngineError>>,
    {
        if let Some(engine) = self.active() {
            let result = llm(engine).await;
            if !self.falls_back(&result) {
                return result;
            }
        }
        offline(&self.offline)
    }

    pub async fn critique_streaming(
        &self,
        req: &CritiqueRequest,
        sink: Sink<'_>,
    ) -> Result<CritiqueReport, EngineError> {
        self.answer(
            |llm| llm.critique_report(req, sink),
            |offline| offline.critique_report(req),
        )
        .await
    }

    pub async fn followups_streaming(
        &self,
        req: &FollowupsRequest,
        sink: Sink<'_>,
    ) -> Result<FollowupsReport, EngineError> {
        self.answer(
            |llm| llm.followups_report(req, sink),
            |offline| offline.followups_report(req),
        )
        .await
    }
}

impl Engine for Coach {
    fn kind(&self) -> EngineKind {
        if self.active().is_some() {
            EngineKind::Llm
        } else {
            EngineKind::Offline
        }
    }

    async fn rank(&self, req: &MatchRequest) -> Result<MatchReport, EngineError> {
        self.answer(
            |llm| llm.match_report(req),
            |offline| offline.match_report(req),
        )
        .await
    }

    async fn questions(&self, req: &QuestionsRequest) -> Result<QuestionsReport, EngineError> {
        self.answer(
            |llm| llm.questions_report(req),
            |offline| offline.questions_report(req),
        )
        .await
    }

    async fn tailor(&self, req: &TailorRequest) -> Result<TailorReport, EngineError> {
        self.answer(
            |llm| llm.tailor_report(req),
            |offline| offline.tailor_report(req),
        )
        .await
    }

    async fn critique(&self, req: &CritiqueRequest) -> Result<CritiqueReport, EngineError> {
        self.critique_streaming(req, None).await
    }

    async fn followups(&self, req: &FollowupsRequest) -> Result<FollowupsReport, EngineError> {
        self.followups_streaming(req, None).await
    }
}

fn preview(p: &Prepared) -> PromptPreview {
    PromptPreview {
        item: p.item.clone(),
        messages: p
            .messages
            .iter()
            .map(|m| PromptMessage {
                role: m.role.clone(),
                content: m.content.clone(),
            })
            .collect(),
        tokens: p.tokens,
        notes: p.notes.clone(),
    }
}
