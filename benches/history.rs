//! The practice history at scale: `progress` over 100,000 attempts (the goal: < 50 ms),
//! and storing one attempt into that history.

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use starcoach::history::{History, NewAttempt, SqliteHistory};
use starcoach::report::{AnswerKind, Attempt, CompetencyId, EngineKind, FindingCode};

const ATTEMPTS: i64 = 100_000;

fn at(i: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_760_000_000, 0).unwrap() + Duration::minutes(i * 7)
}

/// 100,000 attempts over 60 stories, 6 competencies and a mix of findings, as one import.
fn filled(path: &std::path::Path) -> SqliteHistory {
    let history = SqliteHistory::open(path).unwrap();
    let competencies = [
        CompetencyId::Failure,
        CompetencyId::Conflict,
        CompetencyId::Leadership,
        CompetencyId::Incident,
        CompetencyId::Ownership,
        CompetencyId::QuickLearning,
    ];
    let attempts = (0..ATTEMPTS)
        .map(|i| {
            let mut codes = vec![FindingCode::NoMetrics];
            if i % 3 == 0 {
                codes.push(FindingCode::WeNotI);
            }
            if i % 7 == 0 {
                codes.push(FindingCode::Filler);
            }
            Attempt {
                id: i + 1,
                at: starcoach::history::stamp(at(i)),
                question: format!("Tell me about a time {}", i % 60),
                story: Some(format!("S{}", i % 60)),
                competency: Some(competencies[(i % 6) as usize]),
                answer_kind: AnswerKind::Story,
                engine: EngineKind::Offline,
                overall: (30 + i % 70) as u8,
                scores: Default::default(),
                rubric: Default::default(),
                codes,
                speaking_seconds: 90,
                timed_seconds: None,
                answer: "I led the rollback and we cut errors by 40 percent.".into(),
                delivery: None,
                audio: None,
            }
        })
        .collect();
    history.import(attempts).unwrap();
    history
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let history = filled(&dir.path().join("history.sqlite"));
    assert_eq!(history.progress().unwrap().attempts, ATTEMPTS as u64);
    c.bench_function("history/progress-100k", |b| {
        b.iter(|| history.progress().unwrap())
    });
    let mut i = ATTEMPTS;
    c.bench_function("history/record-into-100k", |b| {
        b.iter(|| {
            i += 1;
            history
                .record(NewAttempt {
                    at: at(i),
                    question: "Tell me about a time 1".into(),
                    story: Some("S1".into()),
                    competency: Some(CompetencyId::Failure),
                    answer_kind: AnswerKind::Story,
                    engine: EngineKind::Offline,
                    overall: 72,
                    scores: Default::default(),
                    rubric: Default::default(),
                    codes: vec![FindingCode::NoMetrics],
                    speaking_seconds: 90,
                    timed_seconds: None,
                    answer: "I led the rollback.".into(),
                    delivery: None,
                    audio: None,
                })
                .unwrap()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
