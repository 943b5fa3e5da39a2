//! The coach: the engine a command or request runs on, chosen once (auto, offline or llm) and
//! shared by the CLI and the daemon, so both give the same answers.

use std::future::Future;
use std::sync::{Arc, Mutex};

use crate::config::Config;
use crate::engine::llm::{ItemError, LlmEngine, Prepared, Progress, RunFlags, SetupError};
use crate::engine::offline::{OfflineEngine, Settings};
use crate::engine::semantic::Semantic;
use crate::engine::{
    CritiqueRequest, Engine, EngineError, FollowupsRequest, MatchRequest, QuestionsRequest,
    TailorRequest,
};
use crate::report::{
    CritiqueReport, EngineKind, FollowupsReport, MatchReport, PromptMessage, PromptPreview,
    QuestionsReport, TailorReport,
};
use crate::story::{Entry, StoryBank};

mod breaker;
use breaker::Breaker;

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
    #[error("--dry-run: {0}")]
    DryRun(SetupError),
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
    /// The optional semantic signal for the offline ranking (`[embeddings]`).
    semantic: Option<Semantic>,
    choice: EngineChoice,
    breaker: Breaker,
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
                    // A dry run is asked for to see the prompts: one that cannot be built is
                    // the user's to fix, not a reason to answer offline.
                    Err(e @ SetupError::Prompts(_)) if options.flags.dry_run => {
                        return Err(CoachError::DryRun(e));
                    }
                    Err(e) => {
                        notices.push(format!(
                            "the LLM is not usable ({e}); answering with the offline engine"
                        ));
                        None
                    }
                }
            }
        };
        let no_prompts = match choice {
            EngineChoice::Offline => Some("--engine offline calls none"),
            EngineChoice::Auto if !config.llm.is_configured() => {
                Some("no LLM is configured ([llm] base_url and model)")
            }
            _ => None,
        };
        if let Some(why) = no_prompts.filter(|_| options.flags.dry_run) {
            notices.push(format!(
                "--dry-run shows the LLM's prompts, and {why}: this is the offline engine's answer"
            ));
        }
        let semantic = semantic(config, &mut notices);
        Ok(Coach {
            offline,
            llm,
            semantic,
            choice,
            breaker: Breaker::new(),
            notices: Mutex::new(notices),
        })
    }

    pub fn bank(&self) -> &StoryBank {
        self.offline.bank()
    }

    /// The LLM engine, when this coach has one.
    pub fn llm(&self) -> Option<&LlmEngine> {
        self.llm.as_ref()
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
        self.llm.as_ref().filter(|_| !self.breaker.is_open())
    }

    /// In auto mode any failure of the endpoint (unreachable, timed out, 5xx after the
    /// retries, an invalid reply twice, a prompt that cannot fit) means offline, said once;
    /// a template error or a dry run is the user's to see.
    fn falls_back(&self, result: &Result<impl Sized, EngineError>) -> bool {
        let error = match result {
            Ok(_) => {
                self.breaker.close();
                return false;
            }
            Err(EngineError::Item(e)) => e,
            Err(_) => return false,
        };
        let endpoint_failed = matches!(
            error,
            ItemError::Llm(_) | ItemError::Invalid { .. } | ItemError::Budget { .. }
        );
        if self.choice != EngineChoice::Auto || !endpoint_failed {
            return false;
        }
        if self.breaker.trip() {
            self.notices
                .lock()
                .expect("notice lock")
                .push(format!("{error}; answering with the offline engine"));
        }
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
        match self.llm_answer(llm).await {
            Some(result) => result,
            None => offline(&self.offline),
        }
    }

    /// The LLM's answer when it is active and does not fall back; `None` means "answer offline".
    async fn llm_answer<'a, T, F>(
        &'a self,
        llm: impl FnOnce(&'a LlmEngine) -> F,
    ) -> Option<Result<T, EngineError>>
    where
        F: Future<Output = Result<T, EngineError>>,
    {
        let result = llm(self.active()?).await;
        (!self.falls_back(&result)).then_some(result)
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

    /// A story cut to about `seconds` of speech for rehearsal: retold by the model (grounded in
    /// the story) when one answers, else the story's own lines.
    pub async fn key_points(&self, entry: &Entry, seconds: u32) -> Vec<String> {
        let words = self.offline.settings().pace.words(seconds);
        let retold = self
            .answer(
                |llm| async move { llm.key_points(entry, seconds, words).await.map(|(l, _)| l) },
                |offline| Ok(offline.key_points(entry, seconds)),
            )
            .await;
        retold.unwrap_or_else(|_| self.offline.key_points(entry, seconds))
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

impl Coach {
    /// In `auto`, the questions the model failed on (a weak model's reply invalid twice, a
    /// timeout) are answered offline and marked, so the plan is whole and the command succeeds.
    fn degrade(
        &self,
        req: &TailorRequest,
        mut report: TailorReport,
    ) -> Result<TailorReport, EngineError> {
        let offline = self.offline.tailor_report(req)?;
        let failures = std::mem::take(&mut report.failures);
        for failure in &failures {
            let Some(mut q) = offline
                .questions
                .iter()
                .find(|q| q.question == failure.item)
                .cloned()
            else {
                report.failures.push(failure.clone());
                continue;
            };
            q.fallback = Some(format!("answered offline: {}", failure.error));
            report.questions.push(q);
        }
        // The plan in the likely-question order, as the offline engine lists it.
        let order = |q: &crate::report::TailoredQuestion| {
            offline
                .questions
                .iter()
                .position(|o| o.question == q.question)
                .unwrap_or(usize::MAX)
        };
        report.questions.sort_by_key(order);
        let answered = failures.len() - report.failures.len();
        if answered > 0 {
            self.notices.lock().expect("notice lock").push(format!(
                "{answered} question(s) answered offline: the model failed on them (marked in the plan)"
            ));
        }
        Ok(report)
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
        // Offline, the question is embedded first, so the answer is not one `answer` gives.
        if let Some(result) = self.llm_answer(|llm| llm.match_report(req)).await {
            return result;
        }
        req.check()?;
        let similarity = self.similarity(&req.question).await;
        let semantic = self.semantic.as_ref().map_or(0.0, |s| s.weight);
        self.offline
            .match_report_with(req, similarity.as_deref().map(|s| (s, semantic)))
    }

    async fn questions(&self, req: &QuestionsRequest) -> Result<QuestionsReport, EngineError> {
        self.answer(
            |llm| llm.questions_report(req),
            |offline| offline.questions_report(req),
        )
        .await
    }

    async fn tailor(&self, req: &TailorRequest) -> Result<TailorReport, EngineError> {
        let report = self
            .answer(
                |llm| llm.tailor_report(req),
                |offline| offline.tailor_report(req),
            )
            .await?;
        if self.choice != EngineChoice::Auto || report.failures.is_empty() {
            return Ok(report);
        }
        self.degrade(req, report)
    }

    async fn critique(&self, req: &CritiqueRequest) -> Result<CritiqueReport, EngineError> {
        self.critique_streaming(req, None).await
    }

    async fn followups(&self, req: &FollowupsRequest) -> Result<FollowupsReport, EngineError> {
        self.followups_streaming(req, None).await
    }
}

impl Coach {
    /// The question's similarity to every entry when `[embeddings]` is configured; a failing
    /// endpoint is said once and the ranking goes on without it.
    async fn similarity(&self, question: &str) -> Option<Vec<f32>> {
        let semantic = self.semantic.as_ref()?;
        match semantic.similarities(self.bank(), &[question]).await {
            Ok(mut all) => all.pop(),
            Err(e) => {
                let mut notices = self.notices.lock().expect("notice lock");
                let notice = format!("{e}; ranking without the semantic signal");
                if !notices.contains(&notice) {
                    notices.push(notice);
                }
                None
            }
        }
    }
}

/// The semantic signal when configured: vectors kept in the response cache (or, when it cannot
/// be opened, only for this run).
fn semantic(config: &Config, notices: &mut Vec<String>) -> Option<Semantic> {
    if !config.embeddings.is_configured() {
        return None;
    }
    let cache = match crate::engine::llm::cache::Cache::open(&config.cache_dir()) {
        Ok(cache) => Some(Arc::new(cache)),
        Err(e) => {
            notices.push(format!("{e}; embeddings are not kept between runs"));
            None
        }
    };
    match Semantic::new(&config.embeddings, cache) {
        Ok(semantic) => semantic,
        Err(e) => {
            notices.push(format!("{e}; ranking without the semantic signal"));
            None
        }
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
