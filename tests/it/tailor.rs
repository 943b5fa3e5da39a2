//! The offline engine's likely questions for a job posting and its tailored plan (stories per
//! question, reuse, talk tracks, uncovered requirements), through the library API.

use starcoach::engine::offline::{OfflineEngine, Settings};
use starcoach::engine::{EngineError, QuestionsRequest, TailorRequest};
use starcoach::report::CompetencyId;
use starcoach::story::{Entry, Kind, Part};

use starcoach::engine::offline::CLOSEST_ONLY;

use crate::util::offline::{bank, engine, engine_with, ranked};

// ---------------------------------------------------------------- questions

pub(crate) const JOB: &str = "# Senior Backend Engineer, Ticketing Platform

We run the ticketing platform for 40 regional rail operators, and millions of travellers depend on it every morning.

## What you will do
- Own the reliability of our booking APIs and define SLOs together with product teams
- Join the on-call rotation and lead incident response when production outages happen
- Write blameless postmortems and follow up on their action items
- Migrate legacy payment flows to our new payment provider under a tight deadline
- Mentor junior engineers and review their designs

## What we look for
- Experience operating Cassandra clusters in production
- Strong Rust skills
- You disagree openly and commit once a decision is made
";

const QUIET_JOB: &str = "# Frontend Engineer

You will build the booking screens of our web app with designers and product managers.

- Build accessible, responsive pages in TypeScript and React
- Work closely with designers on new features
";

pub(crate) const CORE_NOTE: &str = "asked in nearly every behavioral loop";

fn likely(
    e: &OfflineEngine,
    job: &str,
    count: Option<usize>,
) -> Vec<starcoach::report::LikelyQuestion> {
    e.questions_report(&QuestionsRequest {
        job: job.into(),
        count,
    })
    .expect("questions")
    .questions
}

#[test]
fn questions_evidence_comes_from_the_job_text() {
    let e = engine();
    for job in [JOB, QUIET_JOB] {
        let questions = likely(&e, job, Some(20));
        assert!(!questions.is_empty());
        for q in &questions {
            assert!(!q.evidence.is_empty(), "{}: no evidence", q.question);
            for ev in &q.evidence {
                assert!(
                    job.contains(ev.as_str()) || ev.contains(CORE_NOTE),
                    "{}: evidence {ev:?} is not in the posting",
                    q.question
                );
            }
        }
        // Some questions are there because of the posting itself.
        if job == JOB {
            assert!(
                questions
                    .iter()
                    .filter(|q| q.evidence.iter().all(|ev| job.contains(ev.as_str())))
                    .count()
                    >= 4
            );
        }
    }
}

#[test]
fn a_paragraph_without_full_stops_is_quoted_in_part() {
    let e = engine();
    let line = "mentor engineers and own the reliability of the data platform ".repeat(400);
    let job = format!("# Staff engineer\n\n## Requirements\n- {line}\n");
    let questions = likely(&e, &job, None);
    let quoted: Vec<&String> = questions
        .iter()
        .flat_map(|q| &q.evidence)
        .filter(|ev| !ev.contains(CORE_NOTE))
        .collect();
    assert!(!quoted.is_empty(), "{questions:?}");
    for ev in quoted {
        let kept = ev.strip_suffix('…').expect("a cut line ends with …");
        assert!(kept.chars().count() < 300 && job.contains(kept), "{ev:?}");
    }
}

#[test]
fn questions_respect_count() {
    let e = engine();
    for count in [1, 3, 7] {
        assert_eq!(likely(&e, JOB, Some(count)).len(), count);
    }
    assert_eq!(likely(&e, JOB, None).len(), Settings::default().questions);
}

/// The questions every loop asks hold three of ten places, and none of a list of three: asked
/// for three, a posting with many requirements gets its own three, not "Tell me about yourself".
#[test]
fn the_questions_every_loop_asks_hold_a_share_of_the_places() {
    let e = engine();
    let generic = |count: usize| {
        likely(&e, JOB, Some(count))
            .iter()
            .filter(|q| q.evidence.iter().any(|e| e.contains(CORE_NOTE)))
            .count()
    };
    assert_eq!(generic(3), 0);
    assert_eq!(generic(5), 1);
    assert_eq!(generic(10), 3);
}

#[test]
fn questions_have_distinct_competencies_posting_first_in_likelihood_order() {
    let e = engine();
    for job in [JOB, QUIET_JOB] {
        let questions = likely(&e, job, Some(40));
        let mut seen = std::collections::HashSet::new();
        for q in &questions {
            assert!(seen.insert(q.competency), "{} twice", q.competency);
            assert!((0.0..=1.0).contains(&q.likelihood));
        }
        // The posting's own questions come first, then the ones every loop asks; each group in
        // likelihood order.
        let generic = |q: &starcoach::report::LikelyQuestion| {
            q.evidence
                .iter()
                .any(|e| e.contains("asked in nearly every"))
        };
        let first_generic = questions
            .iter()
            .position(generic)
            .unwrap_or(questions.len());
        assert!(questions[first_generic..].iter().all(generic));
        for pair in questions
            .windows(2)
            .filter(|p| generic(&p[0]) == generic(&p[1]))
        {
            assert!(
                pair[0].likelihood >= pair[1].likelihood,
                "{} ({}) before {} ({})",
                pair[0].question,
                pair[0].likelihood,
                pair[1].question,
                pair[1].likelihood
            );
        }
    }
}

#[test]
fn questions_include_incidents_when_the_posting_mentions_on_call() {
    let e = engine();
    let on_call_line =
        "Join the on-call rotation and lead incident response when production outages happen";
    let questions = likely(&e, JOB, None);
    let incident = questions
        .iter()
        .find(|q| q.competency == CompetencyId::Incident)
        .expect("an incident question");
    assert!(incident.question.to_lowercase().contains("incident"));
    assert!(
        incident.evidence.iter().any(|ev| ev == on_call_line),
        "{:?}",
        incident.evidence
    );
    // A posting that never mentions incidents does not make one likely.
    assert!(
        likely(&e, QUIET_JOB, Some(40))
            .iter()
            .all(|q| q.competency != CompetencyId::Incident)
    );
}

#[test]
fn questions_reject_an_empty_job() {
    let err = engine()
        .questions_report(&QuestionsRequest {
            job: " ".into(),
            count: None,
        })
        .unwrap_err();
    assert!(matches!(err, EngineError::BadRequest(_)), "{err:?}");
}

// ---------------------------------------------------------------- tailor

fn tailor(
    e: &OfflineEngine,
    count: Option<usize>,
    max_reuse: Option<usize>,
    target_seconds: Option<u32>,
) -> starcoach::report::TailorReport {
    e.tailor_report(&TailorRequest {
        job: JOB.into(),
        count,
        max_reuse,
        target_seconds,
    })
    .expect("tailor")
}

fn story_uses(
    report: &starcoach::report::TailorReport,
) -> std::collections::HashMap<String, usize> {
    let mut uses = std::collections::HashMap::new();
    for q in &report.questions {
        if let Some(s) = &q.story {
            *uses.entry(s.id.clone()).or_insert(0) += 1;
        }
    }
    uses
}

#[test]
fn tailor_never_uses_an_entry_more_than_max_reuse() {
    let e = engine();
    for (max_reuse, limit) in [
        (None, Settings::default().max_reuse),
        (Some(1), 1),
        (Some(2), 2),
        (Some(3), 3),
    ] {
        let report = tailor(&e, Some(12), max_reuse, None);
        assert_eq!(report.questions.len(), 12);
        for (id, n) in story_uses(&report) {
            assert!(
                n <= limit,
                "{id} used {n} times with max_reuse {max_reuse:?}"
            );
        }
    }
}

/// A pick `match` would not offer for the same question (the closest story, not one that
/// answers it) says so; one it offers does not.
#[test]
fn a_closest_pick_says_it_answers_the_question_only_in_part() {
    let e = engine();
    let mut closest = 0;
    for job in [JOB, QUIET_JOB] {
        let report = e
            .tailor_report(&TailorRequest {
                job: job.into(),
                count: Some(12),
                max_reuse: Some(1),
                target_seconds: None,
            })
            .expect("tailor");
        for q in &report.questions {
            let Some(story) = &q.story else { continue };
            let offered = ranked(&e, &q.question, Some(100))
                .iter()
                .any(|m| m.id == story.id);
            let said = q.gaps.iter().any(|g| g == CLOSEST_ONLY);
            assert_eq!(said, !offered, "{}: {} {:?}", q.question, story.id, q.gaps);
            closest += usize::from(said);
        }
    }
    assert!(
        closest > 0,
        "no plan made a closest pick, so nothing was tested"
    );
}

#[test]
fn tailor_with_max_reuse_one_picks_distinct_stories() {
    let e = engine();
    let report = tailor(&e, Some(10), Some(1), None);
    let chosen: Vec<&str> = report
        .questions
        .iter()
        .filter_map(|q| q.story.as_ref().map(|s| s.id.as_str()))
        .collect();
    assert!(
        chosen.len() >= 7,
        "only {} questions got a story: {chosen:?}",
        chosen.len()
    );
    let distinct: std::collections::HashSet<&str> = chosen.iter().copied().collect();
    assert_eq!(distinct.len(), chosen.len(), "{chosen:?}");
    // With reuse allowed, the incident story serves both the reliability and the incident question.
    let reused = tailor(&e, Some(10), Some(2), None);
    assert!(story_uses(&reused).values().any(|&n| n == 2));
}

/// A line as the talk track shows it: no bullet, no bold, no final full stop.
fn plain(line: &str) -> String {
    let t = line.trim();
    let t = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .unwrap_or(t);
    t.replace("**", "")
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_string()
}

#[test]
fn tailor_talk_track_lines_are_the_chosen_entry_own_words() {
    let e = engine();
    let entries = bank();
    for target in [None, Some(20), Some(300)] {
        let report = tailor(&e, Some(12), None, target);
        for q in &report.questions {
            assert_eq!(
                q.talk_track.len(),
                q.talk_track_from.len(),
                "{}",
                q.question
            );
            let Some(story) = &q.story else {
                assert!(q.talk_track.is_empty());
                continue;
            };
            assert!(!q.talk_track.is_empty(), "{}: empty talk track", q.question);
            let entry = entries.iter().find(|e| e.id == story.id).unwrap();
            for (line, from) in q.talk_track.iter().zip(&q.talk_track_from) {
                let found = entry.sections.iter().any(|s| {
                    let part = match (entry.kind, Part::of_section(&s.name)) {
                        (Kind::Answer, _) | (_, Part::Other) => "points",
                        (_, p) => p.name(),
                    };
                    part == from && s.text.lines().any(|l| plain(l) == plain(line))
                });
                assert!(
                    found,
                    "{}: {line:?} ({from}) is not in {}",
                    q.question, entry.id
                );
            }
        }
    }
}

#[test]
fn tailor_talk_track_shrinks_with_the_target_time() {
    let e = engine();
    let short = tailor(&e, Some(10), None, Some(15));
    let long = tailor(&e, Some(10), None, Some(300));
    for (s, l) in short.questions.iter().zip(&long.questions) {
        assert_eq!(s.question, l.question);
        if s.story == l.story {
            assert!(s.talk_track.len() <= l.talk_track.len(), "{}", s.question);
            assert!(s.speaking_seconds <= l.speaking_seconds);
        }
    }
    let total = |r: &starcoach::report::TailorReport| {
        r.questions.iter().map(|q| q.speaking_seconds).sum::<u32>()
    };
    assert!(total(&short) < total(&long));
}

/// The story the plan chooses for "Why are you leaving?" over `entries` (`None`: none fits).
fn leaving_pick(entries: Vec<Entry>) -> Option<String> {
    let plan = engine_with(entries, None, Settings::default())
        .tailor_report(&TailorRequest {
            job: JOB.into(),
            count: Some(25),
            max_reuse: Some(3),
            target_seconds: None,
        })
        .expect("tailor");
    let leaving = plan
        .questions
        .iter()
        .find(|q| q.competency == CompetencyId::Leaving)
        .expect("the plan asks why the candidate is leaving");
    leaving.story.as_ref().map(|s| s.id.clone())
}

#[test]
fn a_why_question_gets_an_entry_that_answers_it_or_none() {
    // The bank's stories and its introduction: nothing says why the candidate is leaving.
    let mut entries: Vec<Entry> = bank()
        .into_iter()
        .filter(|e| e.kind == Kind::Story || e.id == "introduction")
        .collect();
    assert_eq!(leaving_pick(entries.clone()), None);
    // A prepared answer for it is chosen once there is one.
    entries.push(crate::util::offline::entry(
        "why-leaving",
        Kind::Answer,
        "Why I am looking for a new position",
        &["Why leaving"],
        &[],
        &[(
            "Points",
            "- I want to own reliability end to end on a larger platform",
        )],
    ));
    assert_eq!(leaving_pick(entries).as_deref(), Some("why-leaving"));
}
