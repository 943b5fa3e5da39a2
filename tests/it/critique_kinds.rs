//! Critique by answer kind and the red flags: what a question asks for decides the codes, the
//! five newer codes point at the text they are about, and scores keep their meaning.

use proptest::prelude::*;
use starcoach::engine::{CritiqueRequest, EngineError, MAX_DRAFT_BYTES};
use starcoach::report::{AnswerKind, FindingCode};

use crate::util::offline::{
    SEAT_MAP, codes, critique, critique_engine, has, spans_of, vision_engine,
};

const WHY_US: &str = "Why do you want to work here?";
const FAILED: &str = "Tell me about a time you failed.";

const SPECIFIC_MOTIVATION: &str = "I have used Ledgerly's invoicing API at two jobs, and the \
    way your team published the postmortem of the March outage is why I applied. I run the \
    billing reconciliation service at Fenwick today, about 40,000 invoices a day in Go and \
    PostgreSQL, and your posting asks for exactly that: someone to own payment reliability and \
    its SLOs. I want to work where reliability is treated as part of the product, and your \
    error-budget policy says you mean it.";

const GENERIC_MOTIVATION: &str = "I think your company is a great place to work. You have a \
    great culture and I really want to grow as an engineer. I am passionate about technology \
    and I love solving problems with smart people, and I know I would fit in well with the \
    team here because I am a hard worker and a fast learner who likes a challenge.";

/// The question asked, its kind, and the STAR codes that must never come back for it.
fn star_codes() -> [FindingCode; 6] {
    [
        FindingCode::MissingSituation,
        FindingCode::MissingTask,
        FindingCode::MissingAction,
        FindingCode::MissingResult,
        FindingCode::NoMetrics,
        FindingCode::WeNotI,
    ]
}

#[test]
fn a_motivation_answer_is_never_judged_as_a_star_story() {
    let e = vision_engine();
    let r = critique(&e, SPECIFIC_MOTIVATION, Some(WHY_US));
    assert_eq!(r.answer_kind, AnswerKind::Motivation);
    assert!(codes(&r).is_empty(), "{:?}", codes(&r));
    assert!(r.overall >= 80, "{}", r.overall);
    let generic = critique(&e, GENERIC_MOTIVATION, Some(WHY_US));
    assert!(has(&generic, FindingCode::Generic), "{:?}", codes(&generic));
    for code in star_codes() {
        assert!(!has(&generic, code), "{code} on a motivation answer");
    }
    assert!(generic.overall <= 35, "{}", generic.overall);
}

/// A too-short answer is told what its kind is missing, not a story's parts.
#[test]
fn a_too_short_answer_is_told_what_its_kind_needs() {
    let e = vision_engine();
    let draft = "I am a backend engineer with eight years in payments.";
    for (question, kind, needs) in [
        (
            "Tell me about yourself.",
            AnswerKind::Introduction,
            "next step",
        ),
        (WHY_US, AnswerKind::Motivation, "reasons"),
        (
            "What is your greatest weakness?",
            AnswerKind::Weakness,
            "weakness",
        ),
        (FAILED, AnswerKind::Story, "context, your goal"),
    ] {
        let r = critique(&e, draft, Some(question));
        assert_eq!(r.answer_kind, kind, "{question}");
        let short = r.findings.iter().find(|f| f.code == FindingCode::TooShort);
        let suggestion = &short.expect("too-short").suggestion;
        assert!(suggestion.contains(needs), "{question}: {suggestion}");
    }
}

#[test]
fn a_posting_term_makes_a_motivation_answer_specific() {
    let e = critique_engine();
    let draft = "I want this role because I care about payment reliability and on-call \
                 that is humane, and I would like to grow into owning a platform.";
    let plain = critique(&e, draft, Some(WHY_US));
    assert!(has(&plain, FindingCode::Generic), "{:?}", codes(&plain));
    let with_job = e
        .critique_report(&CritiqueRequest {
            draft: draft.into(),
            question: Some(WHY_US.into()),
            job: Some("# Payments SRE\n- Own payment reliability and its SLOs\n".into()),
            spoken_seconds: None,
        })
        .unwrap();
    assert!(
        !has(&with_job, FindingCode::Generic),
        "{:?}",
        codes(&with_job)
    );
}

#[test]
fn a_success_story_to_a_failure_question_owns_nothing() {
    let e = critique_engine();
    let r = critique(&e, SEAT_MAP, Some(FAILED));
    assert!(has(&r, FindingCode::NoOwnership), "{:?}", codes(&r));
    let clean = critique(&e, SEAT_MAP, None);
    assert!(
        r.overall + 40 <= clean.overall,
        "{} vs {}",
        r.overall,
        clean.overall
    );
    let owned = "At Pinetree Tickets I shipped a caching change without a rollback plan and \
                 took the seat-map page down for twenty minutes during the holiday sale. I \
                 had skipped the load test to save a day. I rolled back, wrote the postmortem \
                 and added a load test gate to our pipeline. Since then I never ship without \
                 a tested rollback path.";
    let r = critique(&e, owned, Some(FAILED));
    assert!(!has(&r, FindingCode::NoOwnership), "{:?}", codes(&r));
}

#[test]
fn a_failing_the_question_gives_to_someone_else_is_not_the_speakers_to_own() {
    let e = critique_engine();
    // The success story SEAT_MAP owns no failing: a red flag only where the failing is asked of
    // the speaker, the speaker's team included.
    for (question, owes) in [
        (
            "Tell me about a time a colleague's mistake landed on your plate.",
            false,
        ),
        (
            "Tell me about a time you cleaned up after their failure.",
            false,
        ),
        ("Tell me about a time your team missed a deadline.", true),
        ("Tell me about a time you missed a deadline.", true),
        // The failure is what the speaker repaired, not a failing of theirs.
        ("Tell me about a time you fixed a recurring failure.", false),
        ("Describe a time you debugged a failed release.", false),
        ("Tell me about a failure and how you fixed it.", true),
        // "A failing dependency" names a thing that fails, not a failing of the speaker's.
        (
            "Give me an example of a time you handled a failing dependency.",
            false,
        ),
        ("Tell me about a time you were failing a course.", true),
        // "Difference" shares a stem with "differently", and a success asks for no failing.
        (
            "Which project of yours made the most difference to users?",
            false,
        ),
    ] {
        let r = critique(&e, SEAT_MAP, Some(question));
        assert_eq!(
            has(&r, FindingCode::NoOwnership),
            owes,
            "{question}: {:?}",
            codes(&r)
        );
    }
}

#[test]
fn a_weakness_that_is_a_strength_or_none_at_all_owns_nothing() {
    let e = critique_engine();
    for draft in [
        "I'm a perfectionist. I just care too much about getting every detail right.",
        "Honestly I can't think of a real weakness. I work hard and I deliver.",
    ] {
        let r = critique(&e, draft, Some("What is your greatest weakness?"));
        assert!(
            has(&r, FindingCode::NoOwnership),
            "{draft}: {:?}",
            codes(&r)
        );
        assert!(!has(&r, FindingCode::MissingSituation), "{draft}");
        assert!(!spans_of(draft, &r, FindingCode::NoOwnership).is_empty());
    }
}

#[test]
fn a_weakness_named_plainly_in_its_frame_is_owned() {
    // "My weakness is..." is how nearly every answer opens, humble-brags too: what follows the
    // frame decides.
    let e = critique_engine();
    let plain = "My greatest weakness is that I'm not good at presenting to executives. At \
                 Fernhill Bank I was asked to walk the leadership group through our migration \
                 plan, and I filled twenty slides with detail nobody had asked for. The CFO \
                 stopped me halfway through and asked what the decision was. My weakness is \
                 really that I lose the room when I go into detail. Since then I open every \
                 briefing with the one decision I need and keep the detail in an appendix.";
    let r = critique(&e, plain, Some("What is your greatest weakness?"));
    assert!(!has(&r, FindingCode::NoOwnership), "{:?}", codes(&r));
    let brag = "My greatest weakness is that I care too much about quality. At Fernhill Bank I \
                rewrote the migration plan three times because it was never quite perfect. My \
                weakness is really that I hold myself to higher standards than anyone asks. \
                People tell me my work is always flawless, so it is hard to call it a problem.";
    let r = critique(&e, brag, Some("What is your greatest weakness?"));
    assert!(has(&r, FindingCode::NoOwnership), "{:?}", codes(&r));
}

#[test]
fn running_others_down_is_a_red_flag_pointing_at_the_sentence() {
    let e = critique_engine();
    let draft = "My manager's idea was stupid and the team were too lazy to test anything. \
                 I refused to build it and rewrote the service myself in two weeks, and \
                 latency dropped by 40 percent.";
    let r = critique(
        &e,
        draft,
        Some("Tell me about a time you disagreed with your manager."),
    );
    assert!(has(&r, FindingCode::BlamesOthers), "{:?}", codes(&r));
    assert_eq!(
        spans_of(draft, &r, FindingCode::BlamesOthers),
        ["My manager's idea was stupid and the team were too lazy to test anything."]
    );
    assert!(r.overall <= 35, "{}", r.overall);
    let suggestion = |r: &starcoach::report::CritiqueReport| {
        let f = r
            .findings
            .iter()
            .find(|f| f.code == FindingCode::BlamesOthers);
        f.expect("blames-others").suggestion.clone()
    };
    assert!(suggestion(&r).contains("what you would do differently"));
    // Running down the old job to explain the move is told to speak of the next one instead.
    let leaving = "Honestly my current company is terrible and my boss is an idiot, so I \
                   need out.";
    let r = critique(&e, leaving, Some(WHY_US));
    assert_eq!(r.answer_kind, AnswerKind::Motivation);
    assert!(
        suggestion(&r).contains("what you want next"),
        "{}",
        suggestion(&r)
    );
    // Others' problems told as context are not blame.
    let neutral = "The vendor's API had a four-hour outage, so I added a fallback queue and \
                   a retry with backoff; checkout kept working through the next outage.";
    let r = critique(&e, neutral, None);
    assert!(!has(&r, FindingCode::BlamesOthers), "{:?}", codes(&r));
}

#[test]
fn a_lesson_that_says_nothing_is_not_a_lesson() {
    let e = critique_engine();
    let base = "At Fenwick I shipped a schema change that locked the invoices table for ten \
                minutes. I killed the migration and reran it at night with an index first.";
    let empty = critique(
        &e,
        &format!("{base} We learned a lot from it."),
        Some(FAILED),
    );
    assert!(has(&empty, FindingCode::NoLearning), "{:?}", codes(&empty));
    let real = critique(
        &e,
        &format!("{base} I learned to run every migration against a copy of production first."),
        Some(FAILED),
    );
    assert!(!has(&real, FindingCode::NoLearning), "{:?}", codes(&real));
}

#[test]
fn fixing_a_finding_never_lowers_the_score() {
    let e = vision_engine();
    let question = Some("Tell me about a time you disagreed with your manager.");
    let steps = [
        "My manager was clueless about databases. We argued. We rewrote the service.",
        "My manager and I disagreed about the database. We argued. We rewrote the service.",
        "My manager and I disagreed about the database. I proposed a benchmark and I ran it \
         on production data. We rewrote the service.",
        "At Fenwick my manager and I disagreed about the database for the ledger. I proposed \
         a benchmark and I ran it on production data. We rewrote the service, and p99 latency \
         fell from 900 to 120 milliseconds.",
        "At Fenwick my manager and I disagreed about the database for the ledger. I proposed \
         a benchmark and I ran it on production data. We rewrote the service, and p99 latency \
         fell from 900 to 120 milliseconds with no outages since. I learned to settle \
         disagreements with a test we both trust.",
        // Long enough to be told, too: half a minute of speech.
        "At Fenwick my manager and I disagreed about the database for the ledger: he wanted \
         to keep MySQL, and I thought Postgres would hold the month-end load better. I \
         proposed a benchmark and I ran it on production data. We rewrote the service, and \
         p99 latency fell from 900 to 120 milliseconds with no outages since. He asked me to \
         run the same benchmark for the billing service the next quarter. I learned to settle \
         disagreements with a test we both trust.",
    ];
    let scores: Vec<u8> = steps
        .iter()
        .map(|d| critique(&e, d, question).overall)
        .collect();
    for pair in scores.windows(2) {
        assert!(pair[0] <= pair[1], "{scores:?}");
    }
    assert!(scores[0] + 40 <= scores[5], "{scores:?}");
}

#[test]
fn a_draft_over_the_limit_is_refused_before_any_analysis() {
    let e = critique_engine();
    let draft = "I fixed it. ".repeat(MAX_DRAFT_BYTES / 10);
    let err = e
        .critique_report(&CritiqueRequest {
            draft,
            question: None,
            job: None,
            spoken_seconds: None,
        })
        .unwrap_err();
    assert!(
        matches!(err, EngineError::TooLarge { field: "draft", .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("65536"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text, in any script: no panic; refused as another language than English, or read
    /// with every span inside the draft and scores in range.
    #[test]
    fn any_unicode_draft_critiques_with_spans_inside_it(
        draft in "\\PC{1,400}",
        question in proptest::option::of("\\PC{0,80}"),
    ) {
        assume_readable(&draft, question.as_deref())?;
        let req = CritiqueRequest {
            draft: draft.clone(),
            question: question.clone(),
            job: None,
            spoken_seconds: None,
        };
        match starcoach::text::foreign_language(&draft) {
            Some(language) => {
                let err = critique_engine().critique_report(&req).unwrap_err();
                prop_assert!(
                    matches!(&err, EngineError::BadRequest(m) if m.contains(language)),
                    "{err:?}"
                );
            }
            None => check_spans_and_scores(&draft, question.as_deref())?,
        }
    }

    /// English with arbitrary Unicode woven in, so that the analysis itself meets any text.
    #[test]
    fn english_with_any_unicode_in_it_critiques_with_spans_inside_it(
        noise in proptest::collection::vec("\\PC{0,12}", 4),
        question in proptest::option::of("\\PC{0,80}"),
    ) {
        let draft = format!(
            "At Fenwick I owned the billing job{}. It failed every night{}, so I rewrote the \
             retry logic{} and added an alert. The job has run cleanly for 90 days{}.",
            noise[0], noise[1], noise[2], noise[3]
        );
        assume_readable(&draft, question.as_deref())?;
        prop_assume!(starcoach::text::foreign_language(&draft).is_none());
        check_spans_and_scores(&draft, question.as_deref())?;
    }
}

/// A draft with no word in it is refused (`text_with_no_words_is_refused`); so is a question of
/// emoji alone, while a blank one is no question.
fn assume_readable(draft: &str, question: Option<&str>) -> Result<(), TestCaseError> {
    prop_assume!(starcoach::engine::has_words(draft));
    prop_assume!(question.is_none_or(|q| q.trim().is_empty() || starcoach::engine::has_words(q)));
    Ok(())
}

fn check_spans_and_scores(draft: &str, question: Option<&str>) -> Result<(), TestCaseError> {
    let r = critique(&critique_engine(), draft, question);
    let len = draft.chars().count();
    for f in &r.findings {
        for s in &f.spans {
            prop_assert!(s.start < s.end && s.end <= len, "{:?} in {len}", s);
        }
    }
    prop_assert!(r.overall <= 100);
    for (_, d) in r.rubric.dimensions() {
        prop_assert!(d <= 4);
    }
    Ok(())
}

/// A failing owned by cause ("a push I made" took the API down, "the estimate I gave was
/// off") or by omission ("what I did not check", "I'd approved it without reading") is owned; the same outage caused by someone
/// else, or a failing only feared, is not.
#[test]
fn a_failing_owned_by_cause_or_omission_is_not_flagged() {
    let e = critique_engine();
    let owned = [
        "At Kestrel our booking API went down after a config push I made. I rolled it back in eight minutes and added a canary region; the outage lasted 20 minutes. I learned to ship config to one region first.",
        "I told the risk team I could move sixty reports in a month. The estimate I gave was off by a factor of three. I reset the plan with them in week three and we shipped in eleven weeks. I now open the code before I estimate.",
        "I validated the forecast on the whole year and reported 8% error. What I did not check was the error on holiday weeks, where it was above 30%. I added holiday backtests and the next Easter error was 9%. I learned to test the cases that cost the most.",
        "My tech lead told me my code reviews came across as harsh. I reread a month of my comments and she was right. I now write each comment as a question with a suggestion, and two juniors came back to me for reviews.",
        "At Kestrel Books I reviewed a teammate's change to our discount rules on a busy Friday. I'd approved it without reading the edge cases in the tests, and on Monday about 400 orders had gone out with the wrong discount. I wrote a script to find every affected order and refunded the difference the same day. Since then I run the tests of any pricing change myself before I approve it.",
    ];
    for draft in owned {
        let r = critique(&e, draft, Some(FAILED));
        assert!(
            !has(&r, FindingCode::NoOwnership),
            "{draft}\n{:?}",
            codes(&r)
        );
    }
    let not_owned = [
        "Our vendor's config push took the booking API down. I rolled it back in eight minutes and restored service; the outage lasted 20 minutes. I learned to keep a rollback ready.",
        "I was worried my migration would break the billing job if we rushed it, so I tested it twice. It shipped on time and nothing broke. I learned that testing pays off.",
        "At Kestrel Books a teammate changed our discount rules on a busy Friday and merged it without reading the edge cases in the tests. On Monday about 400 orders had gone out with the wrong discount. I wrote a script to find every affected order and refunded the difference the same day. I learned to keep a script like that ready.",
    ];
    for draft in not_owned {
        let r = critique(&e, draft, Some(FAILED));
        assert!(
            has(&r, FindingCode::NoOwnership),
            "{draft}\n{:?}",
            codes(&r)
        );
    }
}

/// A question no story answers and that is no story prompt ("What are your salary
/// expectations?") asks for a prepared answer: its STAR parts are never asked for.
#[test]
fn a_question_no_story_answers_is_not_judged_as_a_star_story() {
    let e = critique_engine();
    let draft = "I'm looking for a base salary between 185 and 200 thousand, depending on \
                 equity and the rest of the package. That range comes from what senior SRE \
                 roles pay in this market and from my seven years of experience.";
    let r = critique(&e, draft, Some("What are your salary expectations?"));
    assert_ne!(r.answer_kind, AnswerKind::Story);
    for code in star_codes() {
        assert!(!has(&r, code), "{code}: {:?}", codes(&r));
    }
}
