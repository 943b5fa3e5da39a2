//! Tailor through the model: one call per likely question (concurrent, bounded), then the
//! whole-loop assignment over the model's fit scores, then grounded talk tracks.

use futures::future::join_all;
use serde_json::json;

use super::LlmEngine;
use super::call::{ItemError, Meter};
use super::ground::{Corpus, strip_unsupported, unsupported};
use super::ops::{candidate_json, normalised};
use super::schema::{self, TALK_FIELDS, TailorReply};
use crate::engine::offline::{Scored, Settings, assign, talk_track};
use crate::engine::{EngineError, QuestionsRequest, TailorRequest};
use crate::report::{
    EngineKind, ItemFailure, LikelyQuestion, StoryRef, TailorReport, TailoredQuestion,
};
use crate::story::{Entry, searchable_text};

/// A model fit (0-100) below this is no fit at all.
const MIN_FIT: f32 = 0.2;

impl LlmEngine {
    pub async fn tailor_report(&self, req: &TailorRequest) -> Result<TailorReport, EngineError> {
        req.check()?;
        let settings = *self.offline.settings();
        let questions = self
            .offline
            .questions_report(&QuestionsRequest {
                job: req.job.clone(),
                count: req.count,
            })?
            .questions;
        if !self.opts.dry_run {
            self.abilities()
                .await
                .map_err(|e| EngineError::Item(e.into()))?;
        }
        let entries = self.offline.bank().entries();
        let meter = Meter::default();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let pool = self.shared_pool(&questions, entries);
        let calls = questions.iter().map(|q| async {
            let result = self.ask_tailor(q, req, &pool, &meter).await;
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if let Some(progress) = &self.progress {
                progress(n, questions.len());
            }
            result
        });
        let replies = meter.count(join_all(calls)).await;
        if replies.iter().any(|r| matches!(r, Err(ItemError::DryRun))) {
            return Err(EngineError::Item(ItemError::DryRun));
        }
        let (answered, failures) = split_replies(&questions, replies, entries)?;
        let tailored = self.assemble(req, &settings, entries, &answered);
        let (uncovered, uncovered_left_off) = self.offline.uncovered(&req.job);
        Ok(TailorReport {
            engine: EngineKind::Llm,
            questions: tailored,
            uncovered,
            uncovered_left_off,
            failures,
            usage: Some(meter.usage(self.opts.price)),
        })
    }

    /// A tailored question for each answered one, telling the story the whole-loop assignment
    /// gave it.
    fn assemble(
        &self,
        req: &TailorRequest,
        settings: &Settings,
        entries: &[Entry],
        answered: &[Answered<'_>],
    ) -> Vec<TailoredQuestion> {
        let ranked: Vec<Vec<Scored>> = answered.iter().map(|a| a.ranked.clone()).collect();
        let max_reuse = req.max_reuse.unwrap_or(settings.max_reuse).max(1);
        let chosen = assign(&ranked, max_reuse, MIN_FIT);
        let target = req.target_seconds.unwrap_or(settings.target_seconds);
        let wpm = settings.pace.words_per_minute;
        let budget = settings.pace.words(target);
        let job = normalised(&req.job);
        answered
            .iter()
            .zip(chosen)
            .map(|(a, pick)| {
                let ctx = Assembly {
                    entries,
                    raw_job: &req.job,
                    vision: self.vision.as_deref(),
                    job: &job,
                    budget,
                    wpm,
                    max_reuse,
                    strict: self.opts.strict,
                };
                ctx.question(a, pick)
            })
            .collect()
    }

    /// One set of candidates for every question of the run: each question's best first, then
    /// the rest of each one's top, in bank order, up to three times `[llm] candidates`. Every
    /// prompt then starts with the same text (the entries), so a server's prefix cache
    /// (llama.cpp, vLLM, OpenAI) reuses it from one question to the next.
    fn shared_pool<'e>(
        &self,
        questions: &[LikelyQuestion],
        entries: &'e [Entry],
    ) -> Vec<&'e Entry> {
        let ranked: Vec<Vec<usize>> = questions
            .iter()
            .map(|q| {
                let top = self
                    .offline
                    .ranked(&q.question)
                    .into_iter()
                    .take(self.opts.candidates);
                top.map(|s| s.entry).collect()
            })
            .collect();
        let cap = self.opts.candidates * 3;
        let mut chosen: Vec<usize> = Vec::new();
        let firsts = ranked.iter().filter_map(|r| r.first().copied());
        let rest = ranked.iter().flat_map(|r| r.iter().skip(1).copied());
        for i in firsts.chain(rest) {
            if chosen.len() < cap && !chosen.contains(&i) {
                chosen.push(i);
            }
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &entries[i]).collect()
    }

    async fn ask_tailor(
        &self,
        q: &LikelyQuestion,
        req: &TailorRequest,
        pool: &[&Entry],
        meter: &Meter,
    ) -> Result<(TailorReply, Vec<String>), ItemError> {
        let ids: Vec<String> = pool.iter().map(|e| e.id.clone()).collect();
        let fields: Vec<String> = TALK_FIELDS.iter().map(|f| f.to_string()).collect();
        let schema = schema::schema_for::<TailorReply>(&[("id", &ids), ("from", &fields)]);
        let settings = self.offline.settings();
        let words = settings
            .pace
            .words(req.target_seconds.unwrap_or(settings.target_seconds));
        let title = req
            .job
            .lines()
            .find_map(|l| l.trim().strip_prefix('#'))
            .map(|t| t.trim_start_matches('#').trim().to_string());
        let prepared = self.prepare(&q.question, "tailor", "tailor", schema, pool.len(), |s, sch| {
            let cands: Vec<_> = pool.iter().take(s.candidates).map(|e| candidate_json(e, s.section_words)).collect();
            json!({"question": q.question, "evidence": q.evidence, "job_title": title, "candidates": cands,
                   "target_words": words, "schema": sch.map(|v| v.to_string())})
        })?;
        let validate = |r: &TailorReply| match r.ranking.iter().find(|i| !ids.contains(&i.id)) {
            Some(bad) => Err(format!(
                "id {:?} is not one of the candidates {ids:?}",
                bad.id
            )),
            None if r.ranking.is_empty() => Err("the ranking is empty".into()),
            None => Ok(()),
        };
        let reply = self.run(&prepared, meter, validate, None).await?;
        Ok((reply, prepared.notes))
    }
}

/// One question's call: the model's reply and what the prompt budget left out, or why not.
type Reply = Result<(TailorReply, Vec<String>), ItemError>;

/// A question the model answered.
struct Answered<'q> {
    question: &'q LikelyQuestion,
    reply: TailorReply,
    /// The reply's ranking as scores the assignment understands.
    ranked: Vec<Scored>,
    /// What the prompt budget left out.
    notes: Vec<String>,
}

/// Separates the answered questions from the failed ones, keeping question order in each; an
/// error instead when nothing was answered because the endpoint failed every time, so `auto`
/// can fall back.
fn split_replies<'q>(
    questions: &'q [LikelyQuestion],
    replies: Vec<Reply>,
    entries: &[Entry],
) -> Result<(Vec<Answered<'q>>, Vec<ItemFailure>), EngineError> {
    let mut failures = Vec::new();
    let mut unreachable = None;
    let mut answered: Vec<Answered<'q>> = Vec::new();
    for (q, reply) in questions.iter().zip(replies) {
        match reply {
            Ok((reply, notes)) => {
                let ranked = scored(&reply, entries);
                answered.push(Answered {
                    question: q,
                    reply,
                    ranked,
                    notes,
                });
            }
            Err(e) => {
                failures.push(ItemFailure {
                    item: q.question.clone(),
                    error: e.to_string(),
                });
                if matches!(&e, ItemError::Llm(_) | ItemError::Invalid { .. }) {
                    unreachable = Some(e);
                }
            }
        }
    }
    // Nothing answered because the endpoint failed every time: one error, so `auto` can
    // fall back.
    if let (true, Some(e)) = (answered.is_empty(), unreachable) {
        return Err(EngineError::Item(e));
    }
    Ok((answered, failures))
}

/// The model's ranking as scores the assignment understands (fit 0-100 as 0-1).
fn scored(reply: &TailorReply, entries: &[Entry]) -> Vec<Scored> {
    let mut out: Vec<Scored> = Vec::new();
    for item in &reply.ranking {
        let Some(entry) = entries.iter().position(|e| e.id == item.id) else {
            continue;
        };
        if out.iter().all(|s| s.entry != entry) {
            out.push(Scored::given(entry, f32::from(item.fit.min(100)) / 100.0));
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// What turning one reply into a tailored question needs.
struct Assembly<'a> {
    entries: &'a [Entry],
    raw_job: &'a str,
    vision: Option<&'a str>,
    job: &'a str,
    budget: usize,
    wpm: u32,
    max_reuse: usize,
    strict: bool,
}

impl Assembly<'_> {
    fn question(&self, a: &Answered, pick: Option<usize>) -> TailoredQuestion {
        let reply = &a.reply;
        let mut out = self.card(a, pick);
        let Some(entry) = pick.map(|e| &self.entries[e]) else {
            out.gaps
                .push("no entry in your bank fits this question: write one".into());
            return out;
        };
        // The model wrote its track, terms and gaps for the entry it ranked first.
        let model_best = reply
            .ranking
            .first()
            .and_then(|i| self.entries.iter().position(|e| e.id == i.id));
        if model_best == pick {
            self.model_track(&mut out, reply, entry);
        } else {
            self.planned_track(&mut out, entry);
        }
        out.speaking_seconds = self.track_seconds(&out.talk_track);
        out
    }

    /// The question's card before its talk track: the picked story, up to three alternates
    /// that fit, the job terms the model would weave in, and its gaps.
    fn card(&self, a: &Answered, pick: Option<usize>) -> TailoredQuestion {
        let (q, reply, ranked, notes) = (a.question, &a.reply, &a.ranked, &a.notes);
        let story_ref = |s: &Scored| StoryRef {
            id: self.entries[s.entry].id.clone(),
            title: self.entries[s.entry].title.clone(),
            score: f64::from(s.score),
        };
        TailoredQuestion {
            question: q.question.clone(),
            competency: q.competency,
            evidence: q.evidence.clone(),
            story: ranked.iter().find(|s| Some(s.entry) == pick).map(story_ref),
            alternates: ranked
                .iter()
                .filter(|s| Some(s.entry) != pick && s.score >= MIN_FIT)
                .take(3)
                .map(story_ref)
                .collect(),
            talk_track: vec![],
            talk_track_from: vec![],
            weave_in: reply
                .weave_in
                .iter()
                .filter(|t| self.job.contains(&normalised(t)))
                .cloned()
                .collect(),
            gaps: reply.gaps.clone(),
            speaking_seconds: 0,
            unsupported: vec![],
            budget_notes: notes.to_vec(),
            fallback: None,
        }
    }

    /// The talk track taken from the story as written, for a story the loop plan tells here
    /// though the model ranked another first (its terms and gaps were for that one).
    fn planned_track(&self, out: &mut TailoredQuestion, entry: &Entry) {
        let (lines, from) = talk_track(entry, self.budget);
        (out.talk_track, out.talk_track_from) = (lines, from);
        out.weave_in.clear();
        out.gaps = vec![format!(
            "not the model's first pick: the loop plan tells this story here (fresh stories where they fit nearly as well, none more than {} times); talk track taken from the story as written",
            self.max_reuse
        )];
    }

    /// How long a talk track takes to say at the set pace, in whole seconds.
    fn track_seconds(&self, talk_track: &[String]) -> u32 {
        let words: usize = talk_track.iter().map(|l| crate::text::word_count(l)).sum();
        (words as f64 * 60.0 / f64::from(self.wpm)).round() as u32
    }

    /// The model's talk track, with every line checked against the story it tells and the job:
    /// a number borrowed from another story is as invented as one from nowhere.
    fn model_track(&self, out: &mut TailoredQuestion, reply: &TailorReply, entry: &Entry) {
        let story = searchable_text(entry);
        let corpus = Corpus::new(
            [story.as_str(), self.raw_job, out.question.as_str()]
                .into_iter()
                .chain(self.vision),
        );
        for line in &reply.talk_track {
            let invented = unsupported(&line.text, &corpus);
            let text = if self.strict && !invented.is_empty() {
                strip_unsupported(&line.text, &invented)
            } else {
                Some(line.text.clone())
            };
            for item in invented {
                if !out.unsupported.contains(&item) {
                    out.unsupported.push(item);
                }
            }
            if let Some(text) = text {
                out.talk_track.push(text);
                out.talk_track_from.push(line.from.clone());
            }
        }
    }
}
