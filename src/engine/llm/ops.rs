//! Match, questions, critique and follow-ups through the model, built on the offline engine's
//! candidates and reports, with every reply grounded against the user's own material.

use serde_json::{Value, json};

use super::LlmEngine;
use super::call::{Call, ItemError, Shrink};
use super::ground::{Corpus, unsupported};
use super::schema::{self, FollowupsReply, MatchReply, QuestionsReply};
use crate::engine::{EngineError, FollowupsRequest, MatchRequest, QuestionsRequest};
use crate::report::{
    EngineKind, Followup, FollowupsReport, LikelyQuestion, Match, MatchReport, QuestionsReport,
};
use crate::story::{Entry, searchable_text};

/// The least fit (0 to 1) the model must give an entry for it to be a match.
const MIN_MODEL_FIT: f64 = 0.3;

pub fn candidate_json(entry: &Entry, words: Option<usize>) -> Value {
    let sections: Vec<Value> = entry
        .sections
        .iter()
        .map(|s| json!({"name": s.name, "text": truncate_words(&s.text, words)}))
        .collect();
    json!({
        "id": entry.id, "kind": entry.kind.as_str(), "title": entry.title,
        "categories": entry.categories, "sections": sections,
    })
}

fn truncate_words(text: &str, words: Option<usize>) -> String {
    match words {
        Some(n) if text.split_whitespace().count() > n => {
            let kept: Vec<&str> = text.split_whitespace().take(n).collect();
            format!("{} …", kept.join(" "))
        }
        _ => text.to_string(),
    }
}

pub(super) fn fail(e: ItemError) -> EngineError {
    EngineError::Item(e)
}

impl LlmEngine {
    /// The corpus every generated fact must come from: the bank plus the given texts.
    pub(super) fn corpus<'x>(&self, extra: impl IntoIterator<Item = &'x str>) -> Corpus {
        let bank: Vec<String> = self
            .offline
            .bank()
            .entries()
            .iter()
            .map(searchable_text)
            .collect();
        let mut texts: Vec<&str> = bank.iter().map(String::as_str).collect();
        for text in extra {
            texts.push(text);
        }
        texts.extend(self.vision.as_deref());
        Corpus::new(texts)
    }

    pub async fn match_report(&self, req: &MatchRequest) -> Result<MatchReport, EngineError> {
        req.check()?;
        let top = req.top.unwrap_or(5);
        let entries = self.offline.bank().entries();
        let ranked = self.offline.ranked(&req.question);
        let pool: Vec<&Entry> = ranked
            .iter()
            .take(top.max(self.opts.candidates))
            .map(|s| &entries[s.entry])
            .collect();
        let ids: Vec<String> = pool.iter().map(|e| e.id.clone()).collect();
        let call = Call {
            item: &req.question,
            template: "match",
            schema: schema::schema_for::<MatchReply>(&[("id", &ids)]),
            candidates: pool.len(),
        };
        let build = |s: Shrink, sch: Option<&Value>| {
            let cands: Vec<Value> = pool
                .iter()
                .take(s.candidates)
                .map(|e| candidate_json(e, s.section_words))
                .collect();
            json!({"question": req.question, "candidates": cands, "schema": sch.map(|v| v.to_string())})
        };
        let validate = |r: &MatchReply| match r.ranking.iter().find(|i| !ids.contains(&i.id)) {
            Some(bad) => Err(format!(
                "id {:?} is not one of the candidates {ids:?}",
                bad.id
            )),
            None if r.ranking.is_empty() => Err("the ranking is empty".into()),
            None => Ok(()),
        };
        let (reply, usage): (MatchReply, _) = self
            .call_once(call, build, validate, None)
            .await
            .map_err(fail)?;
        let mut matches = self.model_matches(&req.question, &pool, &reply);
        // Only what the model judged to answer the question; an entry it left out is not a match.
        matches.retain(|m| m.score >= MIN_MODEL_FIT);
        matches.truncate(top);
        Ok(MatchReport {
            engine: EngineKind::Llm,
            question: req.question.clone(),
            advice: matches
                .is_empty()
                .then(|| crate::engine::offline::advice(&req.question)),
            matches,
            usage: Some(usage),
        })
    }

    /// The model's ranking as matches, each entry once (its first mention), with any reason
    /// the bank and the question do not back marked as unsupported.
    fn model_matches(&self, question: &str, pool: &[&Entry], reply: &MatchReply) -> Vec<Match> {
        let corpus = self.corpus([question]);
        let mut matches: Vec<Match> = Vec::new();
        for item in &reply.ranking {
            if matches.iter().any(|m| m.id == item.id) {
                continue;
            }
            let entry = pool.iter().find(|e| e.id == item.id).expect("validated id");
            let mut why = vec![item.reason.clone()];
            let invented = unsupported(&item.reason, &corpus);
            if !invented.is_empty() {
                why.push(format!("unsupported: {}", invented.join(", ")));
            }
            matches.push(Match {
                id: item.id.clone(),
                score: f64::from(item.fit.min(100)) / 100.0,
                title: entry.title.clone(),
                why,
            });
        }
        matches
    }

    pub async fn questions_report(
        &self,
        req: &QuestionsRequest,
    ) -> Result<QuestionsReport, EngineError> {
        let seeds = self.offline.questions_report(req)?;
        let count = seeds.questions.len().max(1);
        let call = Call {
            item: "questions",
            template: "questions",
            schema: schema::schema_for::<QuestionsReply>(&[]),
            candidates: 1,
        };
        let build = |_: Shrink, sch: Option<&Value>| json!({"job": req.job, "count": count, "seed_questions": seeds.questions, "schema": sch.map(|v| v.to_string())});
        let validate = |r: &QuestionsReply| {
            if r.questions.is_empty() {
                Err("no questions".to_string())
            } else {
                Ok(())
            }
        };
        let (reply, usage): (QuestionsReply, _) = self
            .call_once(call, build, validate, None)
            .await
            .map_err(fail)?;
        let job_lines = normalised(&req.job);
        let n = reply.questions.len().min(count);
        let questions = reply
            .questions
            .into_iter()
            .take(count)
            .enumerate()
            .map(|(i, q)| {
                // Evidence must be the job's own words; a paraphrase is dropped, not shown as a quote.
                let mut evidence: Vec<String> = q
                    .evidence
                    .into_iter()
                    .filter(|e| job_lines.contains(&normalised(e)))
                    .collect();
                if evidence.is_empty() {
                    evidence.push("(no verbatim line of the posting given)".into());
                }
                LikelyQuestion {
                    question: q.question,
                    competency: q.competency,
                    evidence,
                    likelihood: 1.0 - i as f64 / (n as f64 + 1.0),
                }
            })
            .collect();
        Ok(QuestionsReport {
            engine: EngineKind::Llm,
            questions,
            usage: Some(usage),
        })
    }

    pub async fn followups_report(
        &self,
        req: &FollowupsRequest,
        sink: Option<&(dyn Fn(&str) + Sync)>,
    ) -> Result<FollowupsReport, EngineError> {
        let base = self.offline.followups_report(req)?;
        let answer = self.followup_answer(req);
        let weak: Vec<&str> = base.followups.iter().map(|f| f.why.as_str()).collect();
        let call = Call {
            item: "followups",
            template: "followups",
            schema: schema::schema_for::<FollowupsReply>(&[]),
            candidates: 1,
        };
        let build = |_: Shrink, sch: Option<&Value>| {
            json!({"question": req.question, "answer": answer, "weak_points": weak, "vision": self.vision,
                   "count": 5, "schema": sch.map(|v| v.to_string())})
        };
        let validate = |r: &FollowupsReply| {
            if r.followups.is_empty() {
                Err("no follow-ups".to_string())
            } else {
                Ok(())
            }
        };
        let (reply, usage): (FollowupsReply, _) = self
            .call_once(call, build, validate, sink)
            .await
            .map_err(fail)?;
        let followups = with_offline_followups(reply, base.followups);
        let corpus = self.corpus([answer.as_str(), req.question.as_deref().unwrap_or("")]);
        let text: Vec<&str> = followups.iter().map(|f| f.question.as_str()).collect();
        Ok(FollowupsReport {
            engine: EngineKind::Llm,
            unsupported: unsupported(&text.join("\n"), &corpus),
            followups,
            usage: Some(usage),
        })
    }

    /// The answer the follow-ups probe: the chosen story's text, else the draft, else nothing.
    fn followup_answer(&self, req: &FollowupsRequest) -> String {
        match (&req.story, &req.draft) {
            (Some(id), _) => self
                .offline
                .bank()
                .get(id)
                .map(searchable_text)
                .unwrap_or_default(),
            (None, Some(draft)) => draft.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The model's follow-ups (six at most), topped up from the offline ones to at least three.
fn with_offline_followups(reply: FollowupsReply, base: Vec<Followup>) -> Vec<Followup> {
    let mut followups: Vec<Followup> = reply
        .followups
        .into_iter()
        .take(6)
        .map(|f| Followup {
            question: f.question,
            why: f.why,
            targets: f.targets,
        })
        .collect();
    for f in base {
        if followups.len() >= 3 {
            break;
        }
        followups.push(f);
    }
    followups
}

/// Lowercase with single spaces and no bullet marks, to compare quotes with the job text.
pub fn normalised(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !matches!(*w, "-" | "*" | "+"))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
