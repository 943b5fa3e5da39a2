//! Match, questions, critique and follow-ups through the model, built on the offline engine's
//! candidates and reports, with every reply grounded against the user's own material.

use serde_json::{Value, json};

use super::LlmEngine;
use super::call::{ItemError, Meter, Shrink};
use super::ground::{Corpus, unsupported};
use super::schema::{self, CritiqueReply, FollowupsReply, MatchReply, QuestionsReply};
use crate::engine::{
    CritiqueRequest, EngineError, FollowupsRequest, MatchRequest, QuestionsRequest, require_text,
};
use crate::report::{
    CritiqueReport, EngineKind, Finding, FollowupsReport, LikelyQuestion, Match, MatchReport,
    QuestionsReport,
};
use crate::story::{Entry, searchable_text};

/// The rubric as the model sees it (DESIGN.md's table).
pub const RUBRIC: &[(&str, &str)] = &[
    (
        "missing-situation",
        "no context: where, when, what was at stake",
    ),
    (
        "missing-task",
        "no statement of the speaker's goal or responsibility",
    ),
    (
        "missing-action",
        "no concrete steps the speaker personally took",
    ),
    ("missing-result", "no outcome"),
    ("no-metrics", "an outcome with nothing measurable in it"),
    ("we-not-i", "we/our/us clearly dominate I/my/me"),
    (
        "no-learning",
        "a failure, weakness, mistake, feedback or conflict answer with no lesson",
    ),
    ("too-long", "over the speaking-time limit"),
    ("too-short", "under the minimum speaking time"),
    ("no-vision-link", "never connects to the stated vision"),
    (
        "off-question",
        "the story does not answer the question asked",
    ),
];

/// Codes measured by counting, where the offline engine's verdict stands.
const MEASURED: &[&str] = &["too-long", "too-short", "we-not-i"];

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

fn fail(e: ItemError) -> EngineError {
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
        require_text("question", &req.question)?;
        let top = req.top.unwrap_or(5);
        let entries = self.offline.bank().entries();
        let ranked = self.offline.ranked(&req.question);
        let pool: Vec<&Entry> = ranked
            .iter()
            .take(top.max(self.opts.candidates))
            .map(|s| &entries[s.entry])
            .collect();
        let ids: Vec<String> = pool.iter().map(|e| e.id.clone()).collect();
        let schema = schema::schema_for::<MatchReply>(&[("id", &ids)]);
        let prepared = self
            .prepare(&req.question, "match", "match", schema, pool.len(), |s: Shrink, sch| {
                let cands: Vec<Value> = pool.iter().take(s.candidates).map(|e| candidate_json(e, s.section_words)).collect();
                json!({"question": req.question, "candidates": cands, "schema": sch.map(|v| v.to_string())})
            })
            .map_err(fail)?;
        let meter = Meter::default();
        let retries = self.retries();
        let validate = |r: &MatchReply| match r.ranking.iter().find(|i| !ids.contains(&i.id)) {
            Some(bad) => Err(format!(
                "id {:?} is not one of the candidates {ids:?}",
                bad.id
            )),
            None if r.ranking.is_empty() => Err("the ranking is empty".into()),
            None => Ok(()),
        };
        let reply: MatchReply = self
            .run(&prepared, &meter, validate, None)
            .await
            .map_err(fail)?;
        let corpus = self.corpus([req.question.as_str()]);
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
        for e in &pool {
            if !matches.iter().any(|m| m.id == e.id) {
                matches.push(Match {
                    id: e.id.clone(),
                    score: 0.0,
                    title: e.title.clone(),
                    why: vec!["not ranked by the model".into()],
                });
            }
        }
        matches.truncate(top);
        Ok(MatchReport {
            engine: EngineKind::Llm,
            question: req.question.clone(),
            matches,
            usage: Some(meter.usage(self.retries() - retries, self.opts.price)),
        })
    }

    pub async fn questions_report(
        &self,
        req: &QuestionsRequest,
    ) -> Result<QuestionsReport, EngineError> {
        let seeds = self.offline.questions_report(req)?;
        let count = seeds.questions.len().max(1);
        let schema = schema::schema_for::<QuestionsReply>(&[]);
        let prepared = self
            .prepare("questions", "questions", "questions", schema, 1, |_, sch| {
                json!({"job": req.job, "count": count, "seed_questions": seeds.questions, "schema": sch.map(|v| v.to_string())})
            })
            .map_err(fail)?;
        let meter = Meter::default();
        let retries = self.retries();
        let validate = |r: &QuestionsReply| {
            if r.questions.is_empty() {
                Err("no questions".to_string())
            } else {
                Ok(())
            }
        };
        let reply: QuestionsReply = self
            .run(&prepared, &meter, validate, None)
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
            usage: Some(meter.usage(self.retries() - retries, self.opts.price)),
        })
    }

    pub async fn critique_report(
        &self,
        req: &CritiqueRequest,
        sink: Option<&(dyn Fn(&str) + Sync)>,
    ) -> Result<CritiqueReport, EngineError> {
        let base = self.offline.critique_report(req)?;
        let codes: Vec<String> = RUBRIC.iter().map(|(c, _)| c.to_string()).collect();
        let schema = schema::schema_for::<CritiqueReply>(&[("code", &codes)]);
        let rubric: Vec<Value> = RUBRIC
            .iter()
            .map(|(c, m)| json!({"code": c, "meaning": m}))
            .collect();
        let offline_findings: Vec<Value> = base
            .findings
            .iter()
            .map(|f| json!({"code": f.code, "message": f.message}))
            .collect();
        let prepared = self
            .prepare("critique", "critique", "critique", schema, 1, |_, sch| {
                json!({"question": req.question, "draft": req.draft, "vision": self.vision, "job": req.job,
                       "rubric": rubric, "offline_findings": offline_findings, "schema": sch.map(|v| v.to_string())})
            })
            .map_err(fail)?;
        let meter = Meter::default();
        let retries = self.retries();
        let validate =
            |r: &CritiqueReply| match r.findings.iter().find(|f| !codes.contains(&f.code)) {
                Some(f) => Err(format!("code {:?} is not a rubric code", f.code)),
                None => Ok(()),
            };
        let reply: CritiqueReply = self
            .run(&prepared, &meter, validate, sink)
            .await
            .map_err(fail)?;
        let mut findings: Vec<Finding> = reply
            .findings
            .into_iter()
            .map(|f| Finding {
                code: f.code,
                severity: f.severity,
                message: f.message,
                suggestion: f.suggestion,
            })
            .collect();
        for f in base
            .findings
            .iter()
            .filter(|f| MEASURED.contains(&f.code.as_str()))
        {
            if !findings.iter().any(|g| g.code == f.code) {
                findings.push(f.clone());
            }
        }
        let generated: Vec<String> = findings
            .iter()
            .map(|f| format!("{} {}", f.message, f.suggestion))
            .collect();
        let extra = [
            req.draft.as_str(),
            req.question.as_deref().unwrap_or(""),
            req.job.as_deref().unwrap_or(""),
        ];
        let corpus = self.corpus(extra);
        Ok(CritiqueReport {
            engine: EngineKind::Llm,
            unsupported: unsupported(&generated.join("\n"), &corpus),
            findings,
            usage: Some(meter.usage(self.retries() - retries, self.opts.price)),
            ..base
        })
    }

    pub async fn followups_report(
        &self,
        req: &FollowupsRequest,
        sink: Option<&(dyn Fn(&str) + Sync)>,
    ) -> Result<FollowupsReport, EngineError> {
        let base = self.offline.followups_report(req)?;
        let answer = match (&req.story, &req.draft) {
            (Some(id), _) => self
                .offline
                .bank()
                .get(id)
                .map(searchable_text)
                .unwrap_or_default(),
            (None, Some(draft)) => draft.clone(),
            (None, None) => String::new(),
        };
        let weak: Vec<&str> = base.followups.iter().map(|f| f.why.as_str()).collect();
        let schema = schema::schema_for::<FollowupsReply>(&[]);
        let prepared = self
            .prepare("followups", "followups", "followups", schema, 1, |_, sch| {
                json!({"question": req.question, "answer": answer, "weak_points": weak, "vision": self.vision,
                       "count": 5, "schema": sch.map(|v| v.to_string())})
            })
            .map_err(fail)?;
        let meter = Meter::default();
        let retries = self.retries();
        let validate = |r: &FollowupsReply| {
            if r.followups.is_empty() {
                Err("no follow-ups".to_string())
            } else {
                Ok(())
            }
        };
        let reply: FollowupsReply = self
            .run(&prepared, &meter, validate, sink)
            .await
            .map_err(fail)?;
        let mut followups: Vec<crate::report::Followup> = reply
            .followups
            .into_iter()
            .take(6)
            .map(|f| crate::report::Followup {
                question: f.question,
                why: f.why,
                targets: f.targets,
            })
            .collect();
        for f in base.followups {
            if followups.len() >= 3 {
                break;
            }
            followups.push(f);
        }
        let corpus = self.corpus([answer.as_str(), req.question.as_deref().unwrap_or("")]);
        let text: Vec<&str> = followups.iter().map(|f| f.question.as_str()).collect();
        Ok(FollowupsReport {
            engine: EngineKind::Llm,
            unsupported: unsupported(&text.join("\n"), &corpus),
            followups,
            usage: Some(meter.usage(self.retries() - retries, self.opts.price)),
        })
    }
}

/// Lowercase with single spaces and no bullet marks, to compare quotes with the job text.
pub fn normalised(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !matches!(*w, "-" | "*" | "+"))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
