//! The offline engine: deterministic coaching from text analysis and a domain lexicon. No network, no key.

mod analysis;
mod bayes;
mod critique;
mod cues;
pub mod data;
mod followups;
mod gaps;
mod index;
pub mod intent;
mod jobs;
pub mod lexicon;
mod posting;
mod query;
mod rank;
mod sentences;
mod shows;
mod tailor;
mod talk;
mod vision;
mod why;
mod words;

use std::future::{Future, ready};
use std::sync::Arc;

pub use analysis::Analysis;
pub use critique::{Pace, filler_count};
pub use query::{Query, advice, asked_competency};
pub use rank::{Scored, WEIGHTS, Weights};
pub use tailor::CLOSEST_ONLY;
pub use tailor::{assign, talk_track};
pub use vision::VisionTerms;

use super::{
    CritiqueRequest, Engine, EngineError, FollowupsRequest, MAX_DRAFT_BYTES, MatchRequest,
    QuestionsRequest, TailorRequest, require_size, require_text,
};
use crate::config::Config;
use crate::report::{
    AnswerKind, CompetencyId, CritiqueReport, EngineKind, FollowupsReport, LikelyQuestion, Match,
    MatchReport, QuestionsReport, TailorReport,
};
use crate::story::{Entry, StoryBank};
use crate::text;
use index::Index;
use lexicon::lexicon;

/// Tunables, from config `[critique]` and `[tailor]`.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub pace: Pace,
    pub questions: usize,
    pub max_reuse: usize,
    pub target_seconds: u32,
    pub top: usize,
}

impl Settings {
    pub fn from_config(config: &Config) -> Settings {
        Settings {
            pace: Pace {
                words_per_minute: config.critique.words_per_minute,
                max_seconds: config.critique.max_seconds,
                min_seconds: config.critique.min_seconds,
            },
            questions: config.tailor.count,
            max_reuse: config.tailor.max_reuse,
            target_seconds: config.tailor.target_seconds,
            top: 5,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_config(&Config::default())
    }
}

pub struct OfflineEngine {
    queries: query::QueryCache,
    bank: Arc<StoryBank>,
    index: Index,
    vision: Option<VisionTerms>,
    settings: Settings,
}

/// How much the posting's own words count next to the question's reading in a plan.
const EVIDENCE_WEIGHT: f32 = 0.6;

impl OfflineEngine {
    /// Indexes the bank. The vision is the bank's `vision` entry, else `fallback_vision` (config).
    pub fn new(bank: Arc<StoryBank>, fallback_vision: Option<&str>, settings: Settings) -> Self {
        let vision = bank
            .vision()
            .or_else(|| fallback_vision.map(str::to_string))
            .and_then(|v| VisionTerms::new(&v));
        OfflineEngine {
            queries: query::QueryCache::default(),
            index: Index::build(bank.entries()),
            bank,
            vision,
            settings,
        }
    }

    pub fn bank(&self) -> &StoryBank {
        &self.bank
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Requirements of a job posting that no entry of the bank shows.
    pub fn uncovered(&self, job: &str) -> (Vec<crate::report::Uncovered>, usize) {
        gaps::uncovered(&jobs::Job::parse(job), &self.index)
    }

    /// The question to rehearse an entry with: how the lexicon asks its strongest competency
    /// (what its categories say first), else a plain prompt naming its title.
    pub fn practice_question(
        &self,
        entry: &Entry,
    ) -> (String, Option<crate::report::CompetencyId>) {
        let links = index::competencies_of(entry);
        let best = links.iter().max_by(|a, b| {
            a.weight
                .total_cmp(&b.weight)
                .then(b.competency.cmp(&a.competency))
        });
        match best {
            Some(link) => {
                let c = &lexicon().competencies[link.competency];
                (c.question.clone(), Some(c.id))
            }
            None => (format!("Tell me about this: {}.", entry.title), None),
        }
    }

    /// An entry cut to about `seconds` of speech: its own lines in STAR order, the first of
    /// each part kept (the same cut as a tailored talk track).
    pub fn key_points(&self, entry: &Entry, seconds: u32) -> Vec<String> {
        let budget = self.settings.pace.words(seconds);
        tailor::talk_track(entry, budget).0
    }

    /// Every entry scored for a question, best first: the ranking both engines start from.
    pub fn ranked(&self, question: &str) -> Vec<Scored> {
        rank::rank(&self.index, &self.queries.get(question))
    }

    /// [`ranked`](Self::ranked) with other blend weights, for fitting them on labelled cases.
    pub fn ranked_with(&self, question: &str, weights: &Weights) -> Vec<Scored> {
        rank::rank_with(&self.index, &Query::with(question, weights), weights)
    }

    pub fn match_report(&self, req: &MatchRequest) -> Result<MatchReport, EngineError> {
        self.match_report_with(req, None)
    }

    /// [`match_report`](Self::match_report) with the semantic signal: each entry's similarity
    /// to the question (bank order) and its weight.
    pub fn match_report_with(
        &self,
        req: &MatchRequest,
        similarity: Option<(&[f32], f32)>,
    ) -> Result<MatchReport, EngineError> {
        req.check()?;
        let top = req.top.unwrap_or(self.settings.top);
        let entries = self.bank.entries();
        let mut ranked = self.ranked(&req.question);
        if let Some((similarity, weight)) = similarity {
            crate::engine::semantic::add_similarity(&mut ranked, similarity, weight);
        }
        let example = ranked
            .iter()
            .find(|s| s.illustrates)
            .map(|s| entries[s.entry].id.as_str());
        let matches: Vec<Match> = ranked
            .iter()
            .filter(|s| s.fits)
            .take(top)
            .map(|s| Match {
                id: entries[s.entry].id.clone(),
                score: rank::squash(s.score),
                title: entries[s.entry].title.clone(),
                why: s.explain(),
            })
            .collect();
        Ok(MatchReport {
            engine: EngineKind::Offline,
            question: req.question.clone(),
            advice: matches
                .is_empty()
                .then(|| query::advice_with_example(&self.queries.get(&req.question), example)),
            matches,
            usage: None,
        })
    }

    pub fn questions_report(&self, req: &QuestionsRequest) -> Result<QuestionsReport, EngineError> {
        req.check()?;
        let job = jobs::Job::parse(&req.job);
        Ok(QuestionsReport {
            engine: EngineKind::Offline,
            questions: jobs::likely_questions(&job, req.count.unwrap_or(self.settings.questions)),
            usage: None,
        })
    }

    /// A likely question ranked with the posting's lines that made it likely: the story a coach
    /// brings shares the posting's words ("photos and videos in chat") as well as the
    /// competency.
    fn ranked_for_job(&self, q: &LikelyQuestion) -> Vec<Scored> {
        let mut ranked = self.ranked(&q.question);
        if jobs::is_core(q) {
            return ranked;
        }
        let lexical = self
            .index
            .bm25(&query::query_terms(&q.evidence.join(" ")))
            .scores;
        let max = lexical.iter().copied().fold(0f32, f32::max);
        if max > 0.0 {
            for s in &mut ranked {
                s.score += EVIDENCE_WEIGHT * lexical[s.entry] / max;
            }
            ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        }
        ranked
    }

    pub fn tailor_report(&self, req: &TailorRequest) -> Result<TailorReport, EngineError> {
        req.check()?;
        let job = jobs::Job::parse(&req.job);
        let count = req.count.unwrap_or(self.settings.questions);
        let questions = jobs::likely_questions(&job, count);
        // An entry that does not answer the question may still be the plan's pick as the
        // closest story, but never for a "why" question, and a prepared answer is for its own
        // question ("Tell me about yourself" is no answer to "Why are you leaving?").
        let ranked: Vec<Vec<Scored>> = questions
            .iter()
            .map(|q| {
                let why = self.queries.get(&q.question).is_why();
                let mut ranked = self.ranked_for_job(q);
                ranked.retain(|s| s.fits || (!why && self.index.is_story[s.entry]));
                ranked
            })
            .collect();
        let max_reuse = req.max_reuse.unwrap_or(self.settings.max_reuse).max(1);
        let chosen = tailor::assign(&ranked, max_reuse, tailor::MIN_FIT);
        let target = req.target_seconds.unwrap_or(self.settings.target_seconds);
        let wpm = self.settings.pace.words_per_minute;
        let budget = self.settings.pace.words(target);
        let tailored = questions
            .iter()
            .zip(&ranked)
            .zip(chosen)
            .map(|((question, ranked), chosen)| {
                let plan = tailor::Plan {
                    question,
                    ranked,
                    chosen,
                    question_from_job: !jobs::is_core(question),
                };
                tailor::tailored(plan, self.bank.entries(), budget, wpm)
            })
            .collect();
        let (uncovered, uncovered_left_off) = gaps::uncovered(&job, &self.index);
        Ok(TailorReport {
            engine: EngineKind::Offline,
            questions: tailored,
            uncovered,
            uncovered_left_off,
            failures: Vec::new(),
            usage: None,
        })
    }

    pub fn critique_report(&self, req: &CritiqueRequest) -> Result<CritiqueReport, EngineError> {
        req.check()?;
        // Judged on words it cannot read, a draft in another language would get findings that
        // mean nothing; the LLM engine reads it.
        if let Some(language) = text::foreign_language(&req.draft) {
            return Err(EngineError::BadRequest(format!(
                "the draft reads as {language}, and the offline engine reads English only: write the draft in English, or configure an LLM endpoint ([llm] in the config)"
            )));
        }
        Ok(self.read_critique(req))
    }

    /// The offline reading of a draft in any language: the LLM engine's base, whose judgment
    /// then replaces it.
    pub fn critique_base(&self, req: &CritiqueRequest) -> Result<CritiqueReport, EngineError> {
        req.check()?;
        Ok(self.read_critique(req))
    }

    fn read_critique(&self, req: &CritiqueRequest) -> CritiqueReport {
        let ctx = critique::Context {
            question: req.question.as_deref().filter(|q| !super::is_blank(q)),
            query: req
                .question
                .as_deref()
                .filter(|q| !super::is_blank(q))
                .map(|q| self.queries.get(q)),
            job: req.job.as_deref(),
            vision: self.vision.as_ref(),
            pace: self.settings.pace,
            spoken_seconds: req.spoken_seconds,
        };
        critique::critique(&req.draft, &ctx)
    }

    /// Scores a critique whose findings another judge gave, by the offline rubric and caps.
    pub fn rescore_critique(&self, draft: &str, report: &mut CritiqueReport) {
        critique::rescore(draft, report);
    }

    pub fn followups_report(&self, req: &FollowupsRequest) -> Result<FollowupsReport, EngineError> {
        req.check()?;
        let question = req.question.as_deref().filter(|q| !super::is_blank(q));
        let (analysis, kind) = match (&req.story, &req.draft) {
            (Some(id), None) => {
                let entry = self
                    .bank
                    .get(id)
                    .ok_or_else(|| EngineError::UnknownStory(id.clone()))?;
                (Analysis::of_entry(entry), entry_kind(entry, question))
            }
            (None, Some(draft)) => {
                require_text("draft", draft)?;
                require_size("draft", draft, MAX_DRAFT_BYTES)?;
                let analysis = Analysis::of_draft(draft);
                let kind = critique::answer_kind_of(question, draft, &analysis);
                (analysis, kind)
            }
            _ => {
                return Err(EngineError::BadRequest(
                    "give exactly one of story (an id) or draft (the text)".into(),
                ));
            }
        };
        Ok(FollowupsReport {
            engine: EngineKind::Offline,
            followups: followups::followups(&analysis, question, self.vision.as_ref(), kind),
            unsupported: Vec::new(),
            usage: None,
        })
    }
}

/// The kind of answer a stored entry gives: a story is a story; a prepared answer is an
/// introduction when its categories or title say so (or the question asks for one), else a
/// motivation answer.
fn entry_kind(entry: &crate::story::Entry, question: Option<&str>) -> AnswerKind {
    if entry.kind == crate::story::Kind::Story {
        return AnswerKind::Story;
    }
    let named = format!("{} {}", entry.title, entry.categories.join(" "));
    let intro = [Some(named.as_str()), question]
        .into_iter()
        .flatten()
        .any(|t| asked_competency(t) == Some(CompetencyId::Introduction));
    if intro {
        AnswerKind::Introduction
    } else {
        AnswerKind::Motivation
    }
}

impl Engine for OfflineEngine {
    fn kind(&self) -> EngineKind {
        EngineKind::Offline
    }

    fn rank(
        &self,
        req: &MatchRequest,
    ) -> impl Future<Output = Result<MatchReport, EngineError>> + Send {
        ready(self.match_report(req))
    }

    fn questions(
        &self,
        req: &QuestionsRequest,
    ) -> impl Future<Output = Result<QuestionsReport, EngineError>> + Send {
        ready(self.questions_report(req))
    }

    fn tailor(
        &self,
        req: &TailorRequest,
    ) -> impl Future<Output = Result<TailorReport, EngineError>> + Send {
        ready(self.tailor_report(req))
    }

    fn critique(
        &self,
        req: &CritiqueRequest,
    ) -> impl Future<Output = Result<CritiqueReport, EngineError>> + Send {
        ready(self.critique_report(req))
    }

    fn followups(
        &self,
        req: &FollowupsRequest,
    ) -> impl Future<Output = Result<FollowupsReport, EngineError>> + Send {
        ready(self.followups_report(req))
    }
}
