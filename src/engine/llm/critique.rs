//! Critique through the model: the offline report first, then the model judging by the rubric of the
//! answer's kind, its codes held to that kind and its quotes held to the draft.

use serde_json::{Value, json};

use super::LlmEngine;
use super::call::{Call, Shrink};
use super::ground::unsupported;
use super::ops::fail;
use super::schema::{self, CritiqueReply};
use crate::engine::{CritiqueRequest, EngineError};
use crate::report::{self, AnswerKind, CritiqueReport, EngineKind, Finding, FindingCode, Span};

/// The length codes: the speaking time is counted (or measured from a recording the model
/// never hears), so only the offline engine's verdict on them is reported.
const LENGTH: [FindingCode; 2] = [FindingCode::TooLong, FindingCode::TooShort];

/// Codes measured by counting, where the offline engine's verdict stands.
const MEASURED: [FindingCode; 3] = [LENGTH[0], LENGTH[1], FindingCode::WeNotI];

/// Whether the model judges a code for an answer of this kind: one the kind applies, and
/// neither a delivery code (pace and pauses are measured from a recording, never read from
/// text) nor a length code. The rubric offers exactly these, and the reply keeps only these.
fn judged_by_model(kind: AnswerKind, code: FindingCode) -> bool {
    kind.applies(code) && !code.is_delivery() && !LENGTH.contains(&code)
}

impl LlmEngine {
    pub async fn critique_report(
        &self,
        req: &CritiqueRequest,
        sink: Option<&(dyn Fn(&str) + Sync)>,
    ) -> Result<CritiqueReport, EngineError> {
        let base = self.offline.critique_base(req)?;
        let kind = base.answer_kind;
        let rubric = critique_rubric(kind);
        let offline_findings: Vec<Value> = base
            .findings
            .iter()
            .map(|f| json!({"code": f.code, "message": f.message}))
            .collect();
        let call = Call {
            item: "critique",
            template: "critique",
            schema: schema::schema_for::<CritiqueReply>(&[]),
            candidates: 1,
        };
        let build = |_: Shrink, sch: Option<&Value>| {
            json!({"question": req.question, "draft": req.draft, "vision": self.vision, "job": req.job,
                   "answer_kind": kind, "rubric": rubric, "offline_findings": offline_findings, "schema": sch.map(|v| v.to_string())})
        };
        // Codes are an enum in the reply type, so an unknown code already fails to parse.
        let (reply, usage): (CritiqueReply, _) = self
            .call_once(call, build, |_| Ok(()), sink)
            .await
            .map_err(fail)?;
        let mut findings = reply_findings(reply, kind, &req.draft);
        add_missing_measured(&mut findings, &base.findings);
        report::worst_first(&mut findings);
        // Only what the model wrote is checked: the counted findings added back are ours.
        let generated: Vec<&Finding> = findings
            .iter()
            .filter(|f| !base.findings.contains(f))
            .collect();
        let unsupported = self.critique_unsupported(req, &generated);
        let mut report = CritiqueReport {
            engine: EngineKind::Llm,
            unsupported,
            findings,
            usage: Some(usage),
            ..base
        };
        // The score must say what the model's findings say, not what the offline ones did.
        self.offline.rescore_critique(&req.draft, &mut report);
        Ok(report)
    }

    /// The words of every generated finding checked against the draft, question, job, bank and
    /// vision: what none of them holds is reported as unsupported.
    fn critique_unsupported(&self, req: &CritiqueRequest, findings: &[&Finding]) -> Vec<String> {
        let extra = [
            req.draft.as_str(),
            req.question.as_deref().unwrap_or(""),
            req.job.as_deref().unwrap_or(""),
        ];
        let corpus = self.corpus(extra);
        // Message and suggestion each read on their own, so the suggestion's first word
        // ("Mention...") opens a sentence rather than looking like a name.
        let mut out: Vec<String> = Vec::new();
        for text in findings.iter().flat_map(|f| [&f.message, &f.suggestion]) {
            for item in unsupported(text, &corpus) {
                if !out.contains(&item) {
                    out.push(item);
                }
            }
        }
        out
    }
}

/// The rubric the model judges by: the codes that apply to the answer's kind, with meanings.
fn critique_rubric(kind: AnswerKind) -> Vec<Value> {
    FindingCode::ALL
        .iter()
        .filter(|c| judged_by_model(kind, **c))
        .map(|c| json!({"code": c, "meaning": c.meaning()}))
        .collect()
}

/// The model's findings as report findings: only the codes of the answer's kind, no delivery or
/// length codes (the offline counts stand), and a span only where the quote really is in the draft.
fn reply_findings(reply: CritiqueReply, kind: AnswerKind, draft: &str) -> Vec<Finding> {
    reply
        .findings
        .into_iter()
        .filter(|f| judged_by_model(kind, f.code))
        .map(|f| Finding {
            spans: f
                .quote
                .as_deref()
                .and_then(|q| quote_span(draft, q))
                .into_iter()
                .collect(),
            code: f.code,
            severity: f.severity,
            message: f.message,
            suggestion: f.suggestion,
        })
        .collect()
}

/// Adds the offline engine's counted findings (length, "we") the model did not give, since
/// there its verdict stands.
fn add_missing_measured(findings: &mut Vec<Finding>, base: &[Finding]) {
    for f in base.iter().filter(|f| MEASURED.contains(&f.code)) {
        if !findings.iter().any(|g| g.code == f.code) {
            findings.push(f.clone());
        }
    }
}

/// Where a quoted piece of the draft stands, in characters; `None` when the draft does not
/// hold it word for word (a model may paraphrase).
fn quote_span(draft: &str, quote: &str) -> Option<Span> {
    let quote = quote.trim();
    if quote.is_empty() {
        return None;
    }
    let at = draft.find(quote)?;
    let start = draft[..at].chars().count();
    Some(Span {
        start,
        end: start + quote.chars().count(),
    })
}
