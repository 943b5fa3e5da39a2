//! A story retold for a short rehearsal (30, 60, 90 seconds) by the model, grounded: a line
//! carrying a number or name the story does not have is dropped.

use serde_json::{Value, json};

use super::LlmEngine;
use super::call::{Call, ItemError, Shrink};
use super::ground::{Corpus, unsupported};
use super::ops::candidate_json;
use super::schema::{self, BriefReply};
use crate::engine::EngineError;
use crate::report::Usage;
use crate::story::{Entry, searchable_text};

impl LlmEngine {
    /// The entry retold in about `words` words of short spoken lines; an error (answered
    /// offline in `auto`) when the reply runs long twice or no line survives grounding.
    pub async fn key_points(
        &self,
        entry: &Entry,
        seconds: u32,
        words: usize,
    ) -> Result<(Vec<String>, Usage), EngineError> {
        let story = candidate_json(entry, None);
        let call = Call {
            item: "brief",
            template: "brief",
            schema: schema::schema_for::<BriefReply>(&[]),
            candidates: 1,
        };
        let build = |_: Shrink, sch: Option<&Value>| {
            json!({"story": story, "seconds": seconds, "words": words, "vision": self.vision,
                   "schema": sch.map(|v| v.to_string())})
        };
        // A retelling may run a little over; twice the budget is not a short form.
        let validate = |r: &BriefReply| {
            let total: usize = r.lines.iter().map(|l| l.split_whitespace().count()).sum();
            if r.lines.is_empty() {
                Err("no lines".to_string())
            } else if total > words * 3 / 2 + 10 {
                Err(format!("{total} words, over the budget of {words}"))
            } else {
                Ok(())
            }
        };
        let (reply, usage): (BriefReply, _) = self
            .call_once(call, build, validate, None)
            .await
            .map_err(EngineError::Item)?;
        let text = searchable_text(entry);
        let corpus = Corpus::new([text.as_str()]);
        let lines: Vec<String> = reply
            .lines
            .into_iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty() && unsupported(l, &corpus).is_empty())
            .collect();
        if lines.is_empty() {
            return Err(EngineError::Item(ItemError::Invalid {
                item: "brief".into(),
                error: "every line carried a number or name the story does not have".into(),
            }));
        }
        Ok((lines, usage))
    }
}
