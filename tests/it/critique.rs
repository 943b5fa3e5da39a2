//! The offline engine's critique through the library API, finding by finding: when each one is
//! raised and when it stays quiet, speaking time against the configured pace, and the scores.
//! The STAR parts are in `critique_star`; how it reads everyday wording is in `critique_wording`.

use starcoach::engine::offline::Settings;
use starcoach::engine::{CritiqueRequest, EngineError};

use crate::util::offline::{
    ACT, LEARN, MISTAKE, NO_ACTION, RES, SEAT_MAP, SHORT, SIT, TASK, WE_HEAVY, answer,
    assert_quiet, assert_raises, codes, complete, critique, critique_engine, engine, engine_with,
    join, paced, spoken_words, vision_engine,
};

/// A disagreement story, told with a lesson.
const DISAGREEMENT: &str = "At Orchard Rail our staff architect wanted to split the fares service into six microservices right before the spring timetable change. \
I had to change the plan without turning it into a fight between two teams. \
I disagreed with him in a one-on-one rather than in the design review, built a small prototype, and proposed that we split only the two services that really needed it. \
In the end he agreed to the compromise, the timetable launched on time, and the rest of the split finished 3 months later. \
I learned that disagreeing in private, with data and an alternative, keeps the relationship intact.";

const LONG: &str = "So this was back when I was at Orchard Rail, and it is a bit of a long story, so bear with me. Our journey planner kept timing out every weekday morning, right when commuters all opened the app at the same time to check their trains. It had been like that for months, and honestly everyone had sort of accepted it as normal, which I thought was a shame, because the morning rush is exactly when people need the planner the most. The support team was getting complaints every single day, and the operations people had started to joke that the app only worked on weekends. I was responsible for the planner's backend at the time, and my goal was to keep it responsive through the rush without throwing more hardware at it, because the budget for the year was already spent. The first thing I did was profile the slowest requests over a whole week, not just one morning, because I wanted to be sure I was looking at the real pattern and not at a fluke. What I found was surprising: every single search reloaded the whole timetable from the database, even though the timetable only changes a few times a day. Nobody had noticed, because in testing there was only ever one user at a time, so it looked fine. I talked to the two engineers who had written the original code, partly to understand why it was built that way and partly because I did not want them to feel that I was criticising their work behind their backs. It turned out there had been a good reason years ago, when the timetable changed constantly, and that reason simply no longer applied. So I moved the timetable into an in-memory cache that refreshes once a minute, and I made the refresh atomic, so that a search would never see half of an old timetable and half of a new one. I also added a load test to the release pipeline that replays a recorded morning rush, because I wanted to make sure nobody could quietly bring the problem back in a later release. Then I rolled the change out slowly, first to one server, then to a quarter of them, then to all of them, watching the error rates and the response times at every step. As a result, the p95 response time dropped from 3 seconds to 400 milliseconds, and the morning timeouts stopped completely, which the support team noticed within a couple of days. The operations people stopped making jokes about weekends, which I took as the real sign of success. Looking back, I learned to measure under realistic load before touching any code, and I learned that talking to the original authors early saves a lot of time and a lot of bad feeling.";

#[test]
fn critique_complete_answer_has_no_findings_even_with_a_vision() {
    let r = critique(&vision_engine(), &complete(), None);
    assert!(r.findings.is_empty(), "{:?}", codes(&r));
    assert_eq!(r.scores.situation, 100);
    assert_eq!(r.scores.result, 100);
    assert!(r.overall >= 90, "overall {}", r.overall);
}

#[test]
fn critique_no_learning_is_raised_for_a_failure_without_a_lesson() {
    let e = critique_engine();
    assert_raises(
        &e,
        MISTAKE,
        Some("Tell me about a time you made a mistake."),
        "no-learning",
    );
    assert_raises(
        &e,
        MISTAKE,
        Some("What's your biggest failure?"),
        "no-learning",
    );
    // The setback in the story is enough, even without a question.
    assert_raises(&e, MISTAKE, None, "no-learning");
}

#[test]
fn critique_no_learning_is_quiet_once_a_lesson_is_drawn() {
    let e = critique_engine();
    for lesson in [
        "The lesson for me was to test data changes against real data before they ship.",
        "Looking back, I should have asked for a review before the release.",
        "It taught me to treat data changes exactly like code changes.",
        "Since then I always replay a week of feeds before merging a parser change.",
        "In hindsight, a dry run would have caught it in minutes.",
    ] {
        let draft = join(&[MISTAKE, lesson]);
        assert_quiet(
            &e,
            &draft,
            Some("Tell me about a time you made a mistake."),
            "no-learning",
        );
    }
}

#[test]
fn critique_no_learning_follows_reflective_questions() {
    let e = critique_engine();
    let no_lesson = DISAGREEMENT.replace(
        " I learned that disagreeing in private, with data and an alternative, keeps the relationship intact.",
        "",
    );
    assert_raises(
        &e,
        &no_lesson,
        Some("Tell me about a time you disagreed with your manager."),
        "no-learning",
    );
    assert_raises(
        &e,
        &no_lesson,
        Some("Tell me about some critical feedback you received."),
        "no-learning",
    );
    assert_quiet(
        &e,
        DISAGREEMENT,
        Some("Tell me about a time you disagreed with your manager."),
        "no-learning",
    );
    // A performance question with no setback in the story does not need a lesson.
    let no_lesson =
        join(&[SIT, TASK, ACT, RES]).replace(" and the morning outages stopped completely", "");
    assert_quiet(
        &e,
        &no_lesson,
        Some("Tell me about a time you made a slow system faster."),
        "no-learning",
    );
}

#[test]
fn critique_too_long_is_raised_for_a_rambling_answer() {
    let e = critique_engine();
    let r = critique(&e, LONG, None);
    assert!(spoken_words(LONG) > 450);
    assert!(r.speaking_seconds > 180);
    assert!(codes(&r).contains(&"too-long"), "{:?}", codes(&r));
    // Past the limit the listener has stopped following: held as low as an answer too short,
    // while the same answer paced to fit is not held there.
    assert!(r.overall <= 35, "{}", r.overall);
    assert!(critique(&paced(200, 180, 30), LONG, None).overall > 35);
    assert_quiet(&e, &complete(), None, "too-long");
}

#[test]
fn critique_too_long_follows_the_configured_pace_and_limit() {
    // A faster speaker gets through the same answer in time.
    assert_raises(&paced(150, 180, 30), LONG, None, "too-long");
    assert_quiet(&paced(200, 180, 30), LONG, None, "too-long");
    // A stricter limit makes an ordinary answer too long.
    assert_quiet(&paced(150, 180, 30), &complete(), None, "too-long");
    assert_raises(&paced(150, 30, 10), &complete(), None, "too-long");
    // So does a slow speaker.
    assert_raises(&paced(30, 180, 30), &complete(), None, "too-long");
}

#[test]
fn critique_too_short_is_raised_for_a_one_liner() {
    let e = critique_engine();
    assert_raises(&e, SHORT, None, "too-short");
    assert_quiet(&e, &complete(), None, "too-short");
}

#[test]
fn critique_too_short_follows_the_configured_pace_and_limit() {
    let medium = join(&[SIT, TASK, RES]);
    let words = spoken_words(&medium);
    assert!((50..75).contains(&words), "{words} words");
    // About 24 s at 150 wpm, about 36 s at 100 wpm.
    assert_raises(&paced(150, 180, 30), &medium, None, "too-short");
    assert_quiet(&paced(100, 180, 30), &medium, None, "too-short");
    assert_quiet(&paced(150, 180, 20), &medium, None, "too-short");
    // A complete answer is too short only against a high minimum.
    assert_raises(&paced(150, 180, 60), &complete(), None, "too-short");
}

#[test]
fn critique_speaking_seconds_follow_words_and_pace() {
    for draft in [
        SHORT.to_string(),
        complete(),
        LONG.to_string(),
        WE_HEAVY.to_string(),
    ] {
        for wpm in [90, 130, 150, 173, 220] {
            let r = critique(&paced(wpm, 180, 30), &draft, None);
            let words = spoken_words(&draft);
            assert_eq!(r.words, words);
            let expected = ((words as f64) * 60.0 / f64::from(wpm)).round() as u32;
            assert_eq!(r.speaking_seconds, expected, "{words} words at {wpm} wpm");
        }
    }
}

#[test]
fn critique_no_vision_link_is_raised_when_the_answer_ignores_the_vision() {
    assert_raises(&vision_engine(), SEAT_MAP, None, "no-vision-link");
    // The vision can come from the bank's `vision` entry instead of the config.
    let in_bank = engine_with(
        vec![answer(
            "vision",
            "Vision",
            "- **Core:** Reliability is a product's core feature\n- **Mission:** build systems people can depend on",
        )],
        None,
        Settings::default(),
    );
    assert_raises(&in_bank, SEAT_MAP, None, "no-vision-link");
    assert_quiet(&in_bank, &complete(), None, "no-vision-link");
}

#[test]
fn critique_no_vision_link_is_quiet_when_the_answer_connects_to_it() {
    let e = vision_engine();
    for link in [
        "Just as important, the page stayed up through the whole sale with zero incidents.",
        "I also set an SLO on the endpoint so we would notice regressions early.",
        "Fewer timeouts also meant checkout was far more reliable under load.",
        "The checkout error budget stopped burning during the peaks.",
        "It was the first sale in three years without an outage.",
    ] {
        assert_quiet(&e, &join(&[SEAT_MAP, link]), None, "no-vision-link");
    }
}

#[test]
fn critique_no_vision_link_is_never_raised_without_a_vision() {
    let e = critique_engine();
    let banked = engine();
    for draft in [
        SEAT_MAP.to_string(),
        SHORT.to_string(),
        NO_ACTION.to_string(),
        MISTAKE.to_string(),
        WE_HEAVY.to_string(),
        DISAGREEMENT.to_string(),
    ] {
        assert_quiet(&e, &draft, None, "no-vision-link");
        assert_quiet(
            &banked,
            &draft,
            Some("Tell me about a time you failed."),
            "no-vision-link",
        );
    }
}

#[test]
fn critique_off_question_is_raised_for_a_performance_story_to_a_conflict_question() {
    let e = critique_engine();
    for question in [
        "Tell me about a time you disagreed with a teammate.",
        "Describe a conflict you had at work and how you handled it.",
        "Have you ever had to push back on a decision?",
    ] {
        let r = critique(&e, SEAT_MAP, Some(question));
        assert!(
            codes(&r).contains(&"off-question"),
            "{question}: {:?}",
            codes(&r)
        );
        assert_eq!(r.question.as_deref(), Some(question));
    }
}

#[test]
fn critique_off_question_is_quiet_for_a_disagreement_story() {
    let e = critique_engine();
    for question in [
        "Tell me about a time you disagreed with a teammate.",
        "Describe a conflict you had at work and how you handled it.",
        "Have you ever had to push back on a decision?",
    ] {
        assert_quiet(&e, DISAGREEMENT, Some(question), "off-question");
    }
    // The performance story answers a performance question, and no question means no check.
    assert_quiet(
        &e,
        SEAT_MAP,
        Some("Tell me about a time you fixed a performance bottleneck."),
        "off-question",
    );
    assert_quiet(&e, SEAT_MAP, None, "off-question");
    // A faster deploy pipeline answers "improved a process", though the lexicon also reads
    // that phrase as innovation.
    let pipeline = "At Acme our deploys took an hour and failed often. I was responsible for the pipeline. \
        I split the build into stages, cached dependencies and added a smoke test. \
        Deploys now take 9 minutes and failures fell by 80%.";
    assert_quiet(
        &e,
        pipeline,
        Some("Tell me about a time you improved a process."),
        "off-question",
    );
}

#[test]
fn critique_scores_stay_in_range() {
    let e = vision_engine();
    for (draft, question) in [
        (complete(), None),
        (SHORT.to_string(), Some("Tell me about a time you failed.")),
        (NO_ACTION.to_string(), None),
        (WE_HEAVY.to_string(), Some("Tell me about a conflict.")),
        (LONG.to_string(), None),
        (
            SEAT_MAP.to_string(),
            Some("Tell me about a time you disagreed with a teammate."),
        ),
        ("Um.".to_string(), None),
    ] {
        let r = critique(&e, &draft, question);
        let s = r.scores;
        for part in [
            s.situation,
            s.task,
            s.action,
            s.result,
            s.learned,
            r.overall,
        ] {
            assert!(part <= 100, "{part} for {draft:?}");
        }
    }
}

#[test]
fn critique_overall_drops_as_findings_are_added() {
    let plain = critique(&critique_engine(), SEAT_MAP, None);
    let with_vision = critique(&vision_engine(), SEAT_MAP, None);
    assert!(plain.findings.is_empty(), "{:?}", codes(&plain));
    assert_eq!(codes(&with_vision), ["no-vision-link"]);
    assert!(with_vision.overall < plain.overall);

    let off = critique(
        &vision_engine(),
        SEAT_MAP,
        Some("Tell me about a time you disagreed with a teammate."),
    );
    assert!(off.findings.len() > with_vision.findings.len());
    assert!(off.overall < with_vision.overall);

    let full = critique(&critique_engine(), &complete(), None);
    let no_result = critique(&critique_engine(), &join(&[SIT, TASK, ACT, LEARN]), None);
    let we = critique(&critique_engine(), WE_HEAVY, None);
    assert!(no_result.overall < full.overall);
    assert!(we.overall < full.overall);
}

#[test]
fn critique_rejects_a_blank_draft() {
    let e = critique_engine();
    for draft in ["", "   \n\t"] {
        let err = e
            .critique_report(&CritiqueRequest {
                draft: draft.into(),
                question: None,
                job: None,
                spoken_seconds: None,
            })
            .unwrap_err();
        assert!(matches!(err, EngineError::BadRequest(_)), "{err:?}");
    }
}
