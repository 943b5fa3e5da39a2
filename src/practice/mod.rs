//! One rehearsal, start to end: which question to practise next (what is due, a story never
//! tried, a posting's plan, or what was asked), the answer's critique stored in the history with
//! its schedule, and how ready the user is for a posting.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::coach::Coach;
use crate::engine::offline::asked_competency;
use crate::engine::{CritiqueRequest, EngineError, MatchRequest, TailorRequest};
use crate::history::{History, HistoryError, NewAttempt, Scheduled, card_key, stamp};
use crate::report::{
    CritiqueReport, DUE_SHOWN, PickReason, PostingReadiness, PracticePick, PracticeReport,
    Previous, ProgressReport, ReadinessItem, StoryName,
};
use crate::story::{Entry, Kind, StoryBank};

#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Speech(#[from] crate::engine::speech::SpeechError),
    #[error(transparent)]
    History(#[from] HistoryError),
    #[error("no entry {0:?} in the story bank (`starcoach stories list` shows the ids)")]
    UnknownStory(String),
    #[error(
        "nothing to practise: the bank has no stories and the history is empty; write a story (docs/story-format.md) or pass --question"
    )]
    Empty,
}

/// Where the next question comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// `--question` and/or `--story`: that question (a question for the story when left out),
    /// with that story (the best match when left out).
    Asked {
        question: Option<String>,
        story: Option<String>,
    },
    /// A posting: its likely questions with the stories the plan chooses.
    Job(String),
    /// What the schedule says: due first, then stories never practised, then the soonest.
    Due,
}

/// An answer to critique and store.
#[derive(Debug, Clone)]
pub struct AttemptRequest {
    pub question: String,
    pub story: Option<String>,
    pub answer: String,
    pub job: Option<String>,
    /// Measured by the practice clock, when one ran.
    pub timed_seconds: Option<u32>,
    /// A spoken answer's delivery figures (the answer is then its transcript).
    pub delivery: Option<crate::report::Delivery>,
    /// Where the recording was kept, when it was.
    pub audio: Option<String>,
}

/// The next question to practise, with its story's key points for `target_seconds` of speech.
pub async fn next(
    coach: &Coach,
    history: &dyn History,
    source: Source,
    now: DateTime<Utc>,
    target_seconds: u32,
) -> Result<PracticePick, PracticeError> {
    let schedule = history.schedule()?;
    let (question, story, reason) = match source {
        Source::Asked { question, story } if question.is_some() || story.is_some() => {
            asked(coach, question, story).await?
        }
        Source::Job(job) => from_job(coach, &schedule, job, now)?,
        Source::Asked { .. } | Source::Due => due(coach, &schedule, now)?,
    };
    let key = card_key(story.map(|e| e.id.as_str()), &question);
    let card = schedule.iter().find(|s| s.key == key);
    let key_points = match story {
        Some(e) => coach.key_points(e, target_seconds).await,
        None => Vec::new(),
    };
    Ok(PracticePick {
        story: story.map(|e| StoryName {
            id: e.id.clone(),
            title: e.title.clone(),
        }),
        reason,
        due: card.map(|c| stamp(c.due)),
        last: card.map(|c| c.last),
        target_seconds,
        key_points,
        question,
    })
}

/// A question chosen, the entry to answer it with, and why.
type Chosen<'a> = (String, Option<&'a Entry>, PickReason);

async fn asked(
    coach: &Coach,
    question: Option<String>,
    story: Option<String>,
) -> Result<Chosen<'_>, PracticeError> {
    if let Some(q) = &question {
        crate::engine::require_text("question", q)?;
    }
    let story = match story {
        Some(id) => Some(find(coach, &id)?),
        None => None,
    };
    let (question, story) = match (question, story) {
        (Some(q), Some(e)) => (q, Some(e)),
        (None, Some(e)) => (coach.offline().practice_question(e).0, Some(e)),
        (Some(q), None) => {
            let req = MatchRequest {
                question: q.clone(),
                top: Some(1),
            };
            let best = coach
                .offline()
                .match_report(&req)?
                .matches
                .into_iter()
                .next();
            (q, best.and_then(|m| coach.bank().get(&m.id)))
        }
        (None, None) => unreachable!("Source::Asked with neither is read as Due"),
    };
    Ok((question, story, PickReason::Asked))
}

/// Due first (soonest), then a story never practised (bank order), then the soonest ahead of
/// time. Scheduled stories since removed from the bank are passed over.
fn due<'a>(
    coach: &'a Coach,
    schedule: &[Scheduled],
    now: DateTime<Utc>,
) -> Result<Chosen<'a>, PracticeError> {
    let bank = coach.bank();
    let live: Vec<(&Scheduled, Option<&Entry>)> = schedule
        .iter()
        .filter_map(|s| match &s.story {
            Some(id) => bank.get(id).map(|e| (s, Some(e))),
            None => Some((s, None)),
        })
        .collect();
    if let Some((s, e)) = live.iter().find(|(s, _)| s.due <= now) {
        return Ok((s.question.clone(), *e, PickReason::Due));
    }
    let practised: Vec<String> = schedule
        .iter()
        .filter_map(|s| s.story.as_deref().map(str::to_lowercase))
        .collect();
    let fresh = bank
        .entries()
        .iter()
        .find(|e| e.kind == Kind::Story && !practised.contains(&e.id.to_lowercase()));
    if let Some(e) = fresh {
        let question = coach.offline().practice_question(e).0;
        return Ok((question, Some(e), PickReason::New));
    }
    match live.first() {
        Some((s, e)) => Ok((s.question.clone(), *e, PickReason::Ahead)),
        None => Err(PracticeError::Empty),
    }
}

/// When a card is due; none for one never practised.
type Due = Option<DateTime<Utc>>;

/// The posting's plan, question by question: the first whose story was never practised or is
/// due, else the one due soonest.
fn from_job<'a>(
    coach: &'a Coach,
    schedule: &[Scheduled],
    job: String,
    now: DateTime<Utc>,
) -> Result<Chosen<'a>, PracticeError> {
    let plan = plan(coach, job)?;
    let due_of: HashMap<String, DateTime<Utc>> =
        schedule.iter().map(|s| (s.key.clone(), s.due)).collect();
    let candidates: Vec<(String, Option<&Entry>, Due)> = plan
        .questions
        .into_iter()
        .map(|q| {
            let entry = q.story.and_then(|s| coach.bank().get(&s.id));
            let due = due_of
                .get(&card_key(entry.map(|e| e.id.as_str()), &q.question))
                .copied();
            (q.question, entry, due)
        })
        .collect();
    let pick = candidates
        .iter()
        .find(|(_, _, due)| due.is_none_or(|d| d <= now))
        .or_else(|| candidates.iter().min_by_key(|(_, _, due)| *due));
    match pick {
        Some((question, entry, _)) => Ok((question.clone(), *entry, PickReason::Job)),
        None => Err(PracticeError::Empty),
    }
}

/// A posting's plan, as the offline engine makes it: fast, and the same whichever engine
/// answers, so practice and readiness follow one plan.
fn plan(coach: &Coach, job: String) -> Result<crate::report::TailorReport, PracticeError> {
    let req = TailorRequest {
        job,
        count: None,
        max_reuse: None,
        target_seconds: None,
    };
    Ok(coach.offline().tailor_report(&req)?)
}

fn find<'a>(coach: &'a Coach, id: &str) -> Result<&'a Entry, PracticeError> {
    coach
        .bank()
        .get(id)
        .ok_or_else(|| PracticeError::UnknownStory(id.to_string()))
}

/// A spoken answer: the recording transcribed, and how it was delivered. The transcript is
/// then critiqued like a typed answer (`critique`), and the delivery findings join it when
/// it is stored.
pub async fn hear(
    transcriber: &crate::engine::speech::Transcriber,
    name: &str,
    audio: Vec<u8>,
) -> Result<(String, crate::report::Delivery), PracticeError> {
    use crate::engine::speech::delivery;
    let transcript = transcriber.transcribe(name, audio).await?;
    let fillers = crate::engine::offline::filler_count(&transcript.text);
    let figures = delivery::delivery(&transcript, fillers);
    Ok((transcript.text, figures))
}

/// Critiques an answer (the engine the coach chose); nothing is stored yet.
pub async fn critique(
    coach: &Coach,
    req: &AttemptRequest,
) -> Result<CritiqueReport, PracticeError> {
    crate::engine::require_text("question", &req.question)?;
    crate::engine::require_text("answer", &req.answer)?;
    if let Some(id) = &req.story {
        find(coach, id)?;
    }
    let critique = CritiqueRequest {
        draft: req.answer.clone(),
        question: Some(req.question.clone()),
        job: req.job.clone(),
        // A spoken answer is as long as it took to say, not as its word count suggests.
        // A transcript without timing (no duration, no segments) measures nothing: 0 s.
        spoken_seconds: req
            .delivery
            .as_ref()
            .map(|d| d.seconds.round() as u32)
            .filter(|s| *s > 0),
    };
    critique.check()?;
    Ok(coach.critique_streaming(&critique, None).await?)
}

/// Stores a critiqued answer and reschedules its story: one transaction.
pub fn store(
    coach: &Coach,
    history: &dyn History,
    req: AttemptRequest,
    critique: CritiqueReport,
    now: DateTime<Utc>,
) -> Result<PracticeReport, PracticeError> {
    // The bank's spelling of the id, so `Kafka-Move` and `kafka-move` are one story.
    let story = match &req.story {
        Some(id) => Some(find(coach, id)?.id.clone()),
        None => None,
    };
    let mut critique = critique;
    if let Some(d) = &req.delivery {
        critique
            .findings
            .extend(crate::engine::speech::delivery::findings(d));
        crate::report::worst_first(&mut critique.findings);
    }
    let mut codes: Vec<_> = critique.findings.iter().map(|f| f.code).collect();
    codes.dedup();
    let recorded = history.record(NewAttempt {
        at: now,
        competency: asked_competency(&req.question),
        question: req.question,
        story,
        answer_kind: critique.answer_kind,
        engine: critique.engine,
        overall: critique.overall,
        scores: critique.scores,
        rubric: critique.rubric,
        codes,
        speaking_seconds: critique.speaking_seconds,
        timed_seconds: req.timed_seconds,
        answer: req.answer,
        delivery: req.delivery,
        audio: req.audio,
    })?;
    Ok(PracticeReport {
        attempt: recorded.attempt.summary(),
        critique,
        previous: recorded.previous.map(|overall| Previous { overall }),
        next_due: Some(stamp(recorded.next_due)),
        delivery: recorded.attempt.delivery,
        transcript: recorded
            .attempt
            .delivery
            .map(|_| recorded.attempt.answer.clone()),
    })
}

/// Progress read against the bank: stories it no longer holds are marked, and leave what is due,
/// as practice passes them over; then what is due is cut to [`DUE_SHOWN`], so stories gone from
/// the bank never crowd out the ones still in it. No bank, or an empty one (none found), says
/// nothing about which are gone.
pub fn against_bank(report: &mut ProgressReport, bank: Option<&StoryBank>) {
    if let Some(bank) = bank.filter(|b| !b.entries().is_empty()) {
        mark_removed(report, bank);
    }
    report.due.truncate(DUE_SHOWN);
}

fn mark_removed(report: &mut ProgressReport, bank: &StoryBank) {
    for s in report
        .stories
        .iter_mut()
        .filter(|s| bank.get(&s.id).is_none())
    {
        s.removed = true;
        s.due = None;
    }
    report
        .due
        .retain(|d| d.story.as_deref().is_none_or(|id| bank.get(id).is_some()));
}

/// How ready the user is for a posting: for each likely question the story the plan picks and
/// its latest score; the percent is their mean, a question never practised counting 0.
pub fn readiness(
    coach: &Coach,
    history: &dyn History,
    job: String,
) -> Result<PostingReadiness, PracticeError> {
    let plan = plan(coach, job)?;
    let last: HashMap<String, u8> = history
        .schedule()?
        .into_iter()
        .map(|s| (s.key, s.last))
        .collect();
    let questions: Vec<ReadinessItem> = plan
        .questions
        .into_iter()
        .map(|q| {
            let story = q.story.map(|s| s.id);
            let last = last.get(&card_key(story.as_deref(), &q.question)).copied();
            ReadinessItem {
                question: q.question,
                story,
                last,
            }
        })
        .collect();
    let total: u32 = questions
        .iter()
        .map(|q| u32::from(q.last.unwrap_or(0)))
        .sum();
    let percent = match questions.len() {
        0 => 0,
        n => (total / n as u32) as u8,
    };
    Ok(PostingReadiness { percent, questions })
}
