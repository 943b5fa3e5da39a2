//! Red flags read by the sentence models over the whole answer: a grievance spread over several
//! mild sentences, an answer to a failure question that keeps sliding away from owning one, and
//! "they" that stands for things.

use starcoach::report::FindingCode;

use crate::util::offline::{codes, critique, critique_engine, spanned};

const SLIPPED: &str = "Tell me about a time a project you led slipped.";
const OPENING: &str = "The release at Orchard Health slipped by a month.";
const GRIEVANCES: [&str; 3] = [
    "The design team kept changing the screens after sign-off, week after week.",
    "The testers only looked at the build on Fridays, and they always found something new.",
    "Product signed off late and then complained about the dates.",
];
const CLOSING: &str = "I put in long evenings to get it out, and it shipped in March.";

#[test]
fn mild_grievances_add_up_to_running_others_down() {
    let e = critique_engine();
    let draft = [&[OPENING][..], &GRIEVANCES, &[CLOSING]].concat().join(" ");
    let r = critique(&e, &draft, Some(SLIPPED));
    assert_eq!(
        spanned(&draft, &r, FindingCode::BlamesOthers),
        Some(GRIEVANCES.map(String::from).to_vec()),
        "{:?}",
        codes(&r)
    );
    // One of them alone is a fact about the project, not a pattern of blame.
    let one = [OPENING, GRIEVANCES[1], CLOSING].join(" ");
    let r = critique(&e, &one, Some(SLIPPED));
    assert_eq!(spanned(&one, &r, FindingCode::BlamesOthers), None);
}

#[test]
fn sliding_away_from_a_failure_owns_nothing_though_a_slip_is_named() {
    let e = critique_engine();
    let failed = Some("Tell me about a time you failed.");
    let dodging = [
        "The nearest thing to a failure I can offer is the reporting rewrite at Tidewell.",
        "The timeline we were given was tight, but I still delivered nearly all of it on the day.",
        "If I did it again, I would follow the same approach.",
    ];
    let draft = [
        &dodging[..],
        &[
            "My one slip was a small export that nobody used anyway.",
            "The finance team were happy with where it landed.",
        ],
    ]
    .concat()
    .join(" ");
    let r = critique(&e, &draft, failed);
    let spans = spanned(&draft, &r, FindingCode::NoOwnership).expect("no-ownership");
    assert!(
        dodging.iter().all(|d| spans.iter().any(|s| s == d)),
        "{spans:?}"
    );
    // The same failure owned plainly is not a dodge.
    let owned = "At Tidewell I promised the reporting rewrite for the quarter close and \
                 missed it by two weeks, because I never checked how many reports finance \
                 actually ran. I told the controller early, shipped the six that mattered \
                 first, and since then I list what users run before I estimate a rewrite.";
    let r = critique(&e, owned, failed);
    assert_eq!(
        spanned(owned, &r, FindingCode::NoOwnership),
        None,
        "{:?}",
        codes(&r)
    );
}

#[test]
fn a_failing_word_after_me_is_not_owned_by_me() {
    let e = critique_engine();
    let failed = Some("Tell me about a time you failed.");
    // "showed me the real bottleneck": the speaker is who was shown, not who failed.
    let success = "At Brindle Post our checkout had become slow, and customers were leaving \
                   their carts. I owned the checkout service and was asked to halve its \
                   latency. I profiled it first, and the profile showed me the real \
                   bottleneck: one query per basket line. I batched those queries, and \
                   checkout latency fell from a second to 200 milliseconds.";
    let r = critique(&e, success, failed);
    assert!(codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
}

#[test]
fn they_names_someone_only_where_people_were_named() {
    let e = critique_engine();
    let asked = Some("Tell me about a time you improved a process.");
    let story = |who: &str, what: &str| {
        format!(
            "At Harbourline I owned the nightly export jobs for our billing data. {who} \
             {what} whenever a file came in late. They never retried, and they never raised \
             an alert. I rewrote the jobs as Airflow tasks with retries and an alert on each \
             failure. Late files went from ten a month needing a manual rerun to none."
        )
    };
    // "They" of scripts is a fault of the code, told as it was, even in a judging word.
    let scripts = story(
        "The old cron scripts were fragile:",
        "they failed without a trace",
    );
    let r = critique(&e, &scripts, asked);
    assert_eq!(spanned(&scripts, &r, FindingCode::BlamesOthers), None);
    let judged = story("The old cron scripts were slow:", "they were unreliable");
    let r = critique(&e, &judged, asked);
    assert_eq!(spanned(&judged, &r, FindingCode::BlamesOthers), None);
    // The same words of the people who wrote them lay the failing on those people.
    let people = story(
        "The contractors who wrote the old cron scripts were careless:",
        "they failed to test anything",
    );
    let r = critique(&e, &people, asked);
    assert!(
        spanned(&people, &r, FindingCode::BlamesOthers).is_some(),
        "{:?}",
        codes(&r)
    );
}

#[test]
fn they_goes_on_standing_for_the_people_named_before() {
    let e = critique_engine();
    let draft = "At Larchmont I took over the invoice importer. It had been written by a \
                 contractor team before I joined. They never wrote a single test for it. They \
                 never documented the file format either, so every new supplier broke it. I \
                 wrote contract tests for the twelve formats we saw and a format guide, and \
                 importer incidents went from six a month to one.";
    let r = critique(
        &e,
        draft,
        Some("Tell me about a time you improved a legacy system."),
    );
    assert_eq!(
        spanned(draft, &r, FindingCode::BlamesOthers),
        Some(vec![
            "They never wrote a single test for it.".to_string(),
            "They never documented the file format either, so every new supplier broke it."
                .to_string(),
        ])
    );
}

#[test]
fn a_rule_about_people_in_general_pins_a_failing_on_no_one() {
    let e = critique_engine();
    let asked = Some("Tell me about a time you failed.");
    // A story that owns no failing of the speaker's, where one pinned sentence is blame.
    let story = |closing: &str| {
        format!(
            "At Fernhollow a pricing change went out without a flag, and for a morning every \
             annual plan showed the monthly price. I rolled it back, refunded the forty-one \
             customers who were overcharged and added a flag check to our release script. \
             {closing}"
        )
    };
    // "Any team" is anyone of the kind, and a lesson about people is a rule drawn from the
    // story: each on its own pins nothing. Nor do the words of owning a failing said of others
    // ("tend", "apologized"): they are no failing of theirs.
    for rule in [
        "Any team that skips checks to make a date ends up with failed releases.",
        "What it showed me is that people forgive a slow release but not a wrong bill.",
        "The sales team apologized to the customers we had overcharged.",
        "Support people tend to come straight to me with billing questions now.",
    ] {
        let draft = story(rule);
        let r = critique(&e, &draft, asked);
        assert_eq!(
            spanned(&draft, &r, FindingCode::BlamesOthers),
            None,
            "{rule}: {:?}",
            codes(&r)
        );
    }
    // The release team of the story is someone in it.
    let blame = story("The release team skipped the checks to make the date.");
    let r = critique(&e, &blame, asked);
    assert_eq!(
        spanned(&blame, &r, FindingCode::BlamesOthers),
        Some(vec![
            "The release team skipped the checks to make the date.".to_string()
        ]),
        "{:?}",
        codes(&r)
    );
}

#[test]
fn criticism_behind_a_hedge_runs_people_down_and_not_things() {
    let e = critique_engine();
    let asked = Some("Tell me about a time you handled an outage.");
    let hedged = "I was on call when the booking API at Larchmont started timing out. With all \
                  due respect to the agency that built it, their retry logic was, let's say, \
                  optimistic. I traced the timeouts to a retry storm, capped the retries and \
                  added jitter, and the API recovered in twenty minutes.";
    let r = critique(&e, hedged, asked);
    let spans = spanned(hedged, &r, FindingCode::BlamesOthers).unwrap_or_default();
    assert!(
        spans.iter().any(|s| s.starts_with("With all due respect")),
        "{spans:?} {:?}",
        codes(&r)
    );
    // The same hedge said of a thing, with no one in view, runs nobody down.
    let of_a_thing = "I was on call when the booking API at Larchmont started timing out. The \
                      retry logic in it was, let's say, optimistic. I traced the timeouts to a \
                      retry storm, capped the retries and added jitter, and the API recovered \
                      in twenty minutes.";
    let r = critique(&e, of_a_thing, asked);
    assert_eq!(
        spanned(of_a_thing, &r, FindingCode::BlamesOthers),
        None,
        "{:?}",
        codes(&r)
    );
    // A hedge in a polite disagreement, people in view, runs no one down.
    let polite = "I was on call when the booking API at Larchmont started timing out. I told the \
                  director, with all due respect, that the Friday release was not safe, and she \
                  agreed to hold it. I capped the retries and added jitter, and the API recovered \
                  in twenty minutes.";
    let r = critique(&e, polite, asked);
    assert_eq!(
        spanned(polite, &r, FindingCode::BlamesOthers),
        None,
        "{:?}",
        codes(&r)
    );
}

#[test]
fn a_vague_hedged_answer_runs_no_one_down() {
    let e = critique_engine();
    let draft = "Honestly, uh, I haven't mapped it all out. I'd kind of like to be leading \
                 something by then, maybe a small group? Or, you know, maybe a staff role, I'm \
                 not sure yet. I guess I just want to be somewhere with, like, nice coworkers \
                 and interesting problems. So, yeah, I'm pretty flexible about it, to be honest.";
    let r = critique(&e, draft, Some("Where do you see yourself in five years?"));
    assert!(!codes(&r).contains(&"blames-others"), "{:?}", codes(&r));
    assert!(codes(&r).contains(&"generic"), "{:?}", codes(&r));
}

#[test]
fn a_quiet_grievance_in_an_introduction_runs_others_down() {
    let e = critique_engine();
    let intro = "Tell me about yourself.";
    let opening =
        "I've been the backend lead at Harbourline, a ferry booking company, for three years.";
    // No word of this is a judgment on its own ("lazy", "useless"); the tone is in the
    // cleaning up after someone and in wanting colleagues who care "as I do".
    let predecessor = "When I joined, the booking service was held together by whatever the previous lead had time for, and most of my time since has gone into cleaning up after him.";
    let reviews = "I'm usually the one who ends up reading every pull request, which is how it has always gone there.";
    let wish =
        "Honestly, I'd like a team where the people around me take the craft as seriously as I do.";
    let draft = [opening, predecessor, reviews, wish].join(" ");
    let r = critique(&e, &draft, Some(intro));
    assert_eq!(
        spanned(&draft, &r, FindingCode::BlamesOthers),
        Some(vec![predecessor.to_string(), wish.to_string()]),
        "{:?}",
        codes(&r)
    );
    // The same career told with the predecessor's haste as a fact and the speaker's own fixes.
    let fair = [
        opening,
        "When I joined, the booking service had grown quickly under the previous lead, and I spent my first year adding tests around the parts he had built in a hurry.",
        "I set up a review rota so every pull request gets two readers, and the team now catches most regressions before release.",
        "I'd like to join a team where I can build that kind of reliability into a product from the start.",
    ]
    .join(" ");
    let r = critique(&e, &fair, Some(intro));
    assert_eq!(
        spanned(&fair, &r, FindingCode::BlamesOthers),
        None,
        "{:?}",
        codes(&r)
    );
}

#[test]
fn a_question_of_blame_the_speaker_takes_back_blames_no_one() {
    let e = critique_engine();
    let mistake = Some("Tell me about a time you made a mistake.");
    let opening = "Our nightly billing export at Calder Freight silently skipped a day in March, and finance noticed a week later. The export ran on a script I had written the year before.";
    let question = "Was it his fault for not spotting the gap sooner?";
    let closing = "I added a completeness check that pages me when a day has no rows, and I walked him through the new report.";
    let blamed = |answer: &[&str]| {
        let draft = [&[opening, question][..], answer, &[closing]]
            .concat()
            .join(" ");
        let r = critique(&e, &draft, mistake);
        spanned(&draft, &r, FindingCode::BlamesOthers)
    };
    let mine = "No; I had never given him a way to see that a run was missing.";
    assert_eq!(blamed(&[mine]), None);
    // A filler before the "no", and a run of questions the "no" answers together.
    assert_eq!(
        blamed(&["Well, no, I had never given him a way to see it."]),
        None
    );
    assert_eq!(blamed(&["Or the reviewer's?", mine]), None);
    // Answered yes, or answered "no" against him, the question puts the fault on him.
    let kept = Some(vec![question.to_string()]);
    assert_eq!(blamed(&["I think so, and I told him."]), kept);
    let against = blamed(&["No. He never opens the dashboards."]).unwrap_or_default();
    assert!(against.contains(&question.to_string()), "{against:?}");
}

/// "I won't say anything bad about them, but..." is a hedge aimed at people: it owns no failing
/// of the speaker's, and the criticism it veils counts against the others.
#[test]
fn saying_you_wont_speak_badly_of_others_veils_criticism() {
    let e = critique_engine();
    let veiled = "I won't say anything bad about the people who wrote it, but it was plain that \
                  nobody on that team had heard of code review.";
    let draft = [
        "When I took over the booking service at Corvid Labs, I had to learn it in a hurry.",
        veiled,
        "I read the schema first, then wrote tests around the booking flow before I changed a \
         line.",
        "In three months coverage of the booking path went from nothing to seventy percent.",
        "Looking at it now, I still don't know what the old team was thinking.",
    ]
    .join(" ");
    let r = critique(
        &e,
        &draft,
        Some("Tell me about a time you had to learn a legacy codebase quickly."),
    );
    assert_eq!(
        spanned(&draft, &r, FindingCode::BlamesOthers),
        Some(vec![veiled.to_string()]),
        "{:?}",
        codes(&r)
    );
}
