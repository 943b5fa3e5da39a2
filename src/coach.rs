//! The coach: the engine a command or request runs on, chosen once (auto, offline or llm) and
//! shared by the CLI and the daemon, so both give the same answers.

use std::sync::Arc;

use crate::config::Config;
use crate::engine::offline::{OfflineEngine, Settings};
use crate::engine::{
    CritiqueRequest, Engine, EngineError, FollowupsRequest, MatchRequest, QuestionsRequest,
    TailorRequest,
};
use crate::report::{
    CritiqueReport, EngineKind, FollowupsReport, MatchReport, QuestionsReport, TailorReport,
};
use crate::story::StoryBank;

/// Which engine the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum EngineChoice {
    #[default]
    Auto,
    Offline,
    Llm,
}

#[derive(Debug, thiserror::Error)]
pub enum CoachError {
    #[error("the llm engine is not yet available in this build: use --engine offline")]
    LlmUnavailable,
}

/// A bank and the engine that answers over it.
pub struct Coach {
    offline: OfflineEngine,
}

impl Coach {
    pub fn new(
        bank: StoryBank,
        config: &Config,
        choice: EngineChoice,
    ) -> Result<Coach, CoachError> {
        if choice == EngineChoice::Llm {
            return Err(CoachError::LlmUnavailable);
        }
        Ok(Coach {
            offline: OfflineEngine::new(
                Arc::new(bank),
                config.profile.vision.as_deref(),
                Settings::from_config(config),
            ),
        })
    }

    pub fn bank(&self) -> &StoryBank {
        self.offline.bank()
    }

    pub fn offline(&self) -> &OfflineEngine {
        &self.offline
    }
}

impl Engine for Coach {
    fn kind(&self) -> EngineKind {
        self.offline.kind()
    }

    async fn rank(&self, req: &MatchRequest) -> Result<MatchReport, EngineError> {
        self.offline.rank(req).await
    }

    async fn questions(&self, req: &QuestionsRequest) -> Result<QuestionsReport, EngineError> {
        self.offline.questions(req).await
    }

    async fn tailor(&self, req: &TailorRequest) -> Result<TailorReport, EngineError> {
        self.offline.tailor(req).await
    }

    async fn critique(&self, req: &CritiqueRequest) -> Result<CritiqueReport, EngineError> {
        self.offline.critique(req).await
    }

    async fn followups(&self, req: &FollowupsRequest) -> Result<FollowupsReport, EngineError> {
        self.offline.followups(req).await
    }
}
