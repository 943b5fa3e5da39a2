//! Off the question: a view told instead of a story, questions to the interviewer instead of an
//! answer, and a story about something else that shares only the words every question uses.

use starcoach::report::FindingCode;

use crate::util::offline::{
    assert_off_question, codes, critique, critique_engine, has, off_question, spanned,
};

const MISTAKE: &str = "Tell me about a time you made a mistake.";

#[test]
fn a_view_of_mistakes_is_not_a_time_one_was_made() {
    let e = critique_engine();
    let essay = "I think owning your mistakes is the most important habit an engineer can \
                 have. In my view, teams that punish failure stop taking risks, and that slows \
                 everyone down. Good engineers write things down and share them. A blameless \
                 culture is the foundation of a healthy team. I always try to be open about \
                 what goes wrong.";
    let r = critique(&e, essay, Some(MISTAKE));
    assert_off_question(&r, "the answer says what you believe");
    let story = "At Brightline Freight I owned the dispatch API. One Tuesday a deploy of mine \
                 broke the route planner for about forty minutes, because I had skipped the \
                 staging run to save time. I rolled it back, told the dispatch leads what had \
                 happened, and wrote the postmortem that afternoon. I added a required staging \
                 check to our pipeline, and since then I never skip staging, even for one-line \
                 changes.";
    let r = critique(&e, story, Some(MISTAKE));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    assert!(r.overall > 30, "{}", r.overall);
}

#[test]
fn questions_back_instead_of_an_answer_point_at_each_question() {
    let e = critique_engine();
    let draft = "Happy to. Quick question first: what is the salary range for this position? \
                 And how many days a week would I be expected in the office? I also have \
                 another offer pending.";
    for question in ["Tell me about yourself.", MISTAKE] {
        let r = critique(&e, draft, Some(question));
        assert!(off_question(&r).is_some(), "{question}: {:?}", codes(&r));
        assert_eq!(
            spanned(draft, &r, FindingCode::OffQuestion).unwrap_or_default(),
            [
                "Quick question first: what is the salary range for this position?",
                "And how many days a week would I be expected in the office?"
            ],
            "{question}"
        );
        assert!(r.overall <= 30, "{question}: {}", r.overall);
    }
    // Asked for questions, questions are the answer.
    let invited = "Two, actually. How does on-call work on this team? What would success look \
                   like for me at six months?";
    let r = critique(&e, invited, Some("What questions do you have for us?"));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // A few questions are a whole answer, asked with a question mark or without one; a
    // story or a list of hobbies asks nothing.
    let said = "I'd love to know how your team decides when to spend its error budget, and \
                I'd like to hear what the biggest reliability risk is right now.";
    for draft in [invited, said] {
        let r = critique(&e, draft, Some("Do you have any questions for us?"));
        for code in [FindingCode::OffQuestion, FindingCode::TooShort] {
            assert!(!has(&r, code), "{draft}: {:?}", codes(&r));
        }
    }
    let story = "At Brightline I disagreed with our lead about the queue design. I wrote up \
                 both options with load numbers, and we shipped mine; p99 fell by 40 percent.";
    let r = critique(&e, story, Some("Do you have any questions for us?"));
    assert_off_question(
        &r,
        "the question invites your questions, and the answer asks none",
    );
    // One question at the end of a real answer is not a dodge.
    let answered = "I'm a backend engineer at Brightline Freight, where I own the dispatch API \
                    and its on-call rotation. Before that I built payment reconciliation at a \
                    small fintech. Your posting's focus on routing reliability is why I \
                    applied. Could I ask how your team splits on-call?";
    let r = critique(&e, answered, Some("Tell me about yourself."));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_word_every_question_uses_does_not_put_a_story_on_topic() {
    let e = critique_engine();
    let question = "Tell me about a time you had a conflict with someone on your team.";
    // A speed-up story whose only word in common with a conflict question is "team".
    let speedup = "At Harbourline our team owned the photo upload service, and the p95 upload \
                   time had crept up to 4 seconds. I profiled the request path and went through \
                   the image resizing code line by line. I moved the resizing to a background \
                   worker and cached the thumbnails in Redis. The p95 fell to 600 ms within a \
                   week, and support tickets about slow uploads dropped by two thirds.";
    let r = critique(&e, speedup, Some(question));
    assert_off_question(&r, "the story does not answer");
    // A word that says what the question is about still counts: the same story to a question
    // about the uploads team is on its topic, conflict or not.
    let uploads = "Tell me about a time you had a conflict with someone about photo uploads.";
    let r = critique(&e, speedup, Some(uploads));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    let conflict = "At Harbourline a teammate and I disagreed about the upload service: she \
                    wanted to rewrite it in Go, I wanted to fix the slow resizing first. We \
                    argued about it in two design reviews without moving. I asked her to pair \
                    with me for a day on a profile of the request path, and we agreed on a \
                    two-step plan: fix the resizing now, revisit the rewrite in a quarter. The \
                    p95 fell from 4 seconds to 600 ms, and we never needed the rewrite.";
    let r = critique(&e, conflict, Some(question));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

/// The classifier reads this story as observability and communication, near certainly; the
/// incident class it ranks 9th at a sliver of probability is no reading that the story answers
/// the question.
#[test]
fn a_story_the_classifier_reads_as_something_else_is_off_a_security_question() {
    let e = critique_engine();
    let search = "At Tallow Books I owned the search page of our web shop. Our funnel numbers \
                  showed that about a quarter of visitors left after their first search. I \
                  watched twelve recorded sessions, saw that people gave up when a misspelled \
                  title returned nothing, and added typo-tolerant matching and suggestions as \
                  they typed. We ran it as an A/B test for two weeks. Searches that ended in a \
                  sale went up by nine percent.";
    let question = "Tell me about a time you responded to a security incident.";
    let r = critique(&e, search, Some(question));
    assert_off_question(&r, "the story does not answer");
    let leak = "At Tallow Books a customer wrote in that a search for their own email address \
                showed other customers' orders. I was on call, took the search page offline \
                within ten minutes, and found that a cache key left out the account id. I \
                fixed the key, purged the cache and checked the logs: four accounts had been \
                exposed, and we told each of them the same day.";
    let r = critique(&e, leak, Some(question));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_weakness_of_a_service_is_not_one_of_yours() {
    let e = critique_engine();
    let question = "What is your greatest weakness?";
    let service = "Our biggest weakness is the billing export. It runs as one nightly batch, so \
                   a single bad invoice stops the whole file. The retries are not idempotent \
                   either, and finance sometimes gets duplicates. There is a plan to move it \
                   to a queue, but it has been on the roadmap for a year.";
    let r = critique(&e, service, Some(question));
    assert_off_question(&r, "the answer names a weakness of something else");
    let mine = "I take on too much myself. When a ticket on the billing export stalls, my \
                habit is to pick it up quietly instead of pairing with whoever owns it. The \
                export does get fixed, but the juniors learn less and I end up working late. \
                Now I pair first and keep a count of the tickets I take over.";
    let r = critique(&e, mine, Some(question));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    let strengths = "Honestly, I'd rather tell you about my strengths. I'm a strong systems \
                     thinker, I pick up new languages fast, and people on my team come to me \
                     when something is hard to debug. I'm also known as a patient reviewer.";
    let r = critique(&e, strengths, Some(question));
    assert_off_question(
        &r,
        "the answer lists strengths where the question asks for a weakness",
    );
}

#[test]
fn being_coached_is_not_a_time_you_coached() {
    let e = critique_engine();
    let asked = "Tell me about a time you coached a new engineer.";
    let received = "When I moved to the search team at Lindqvist Books, my coach was a senior \
                    engineer called Ines. She set up a weekly hour with me and went through \
                    every design note I wrote. After two months I could run the indexing \
                    deploys on my own, and our reindex time dropped from six hours to two.";
    let r = critique(&e, received, Some(asked));
    assert_off_question(
        &r,
        "the story has what the question asks of you done by someone else",
    );
    let spans = spanned(received, &r, FindingCode::OffQuestion).expect("spans");
    assert!(
        spans.iter().any(|s| s.contains("my coach was")),
        "{spans:?}"
    );
    // The same story answers a question that asks for the other side.
    let r = critique(
        &e,
        received,
        Some("Tell me about a time someone coached you."),
    );
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    let given = "When Ines joined the search team at Lindqvist Books, I coached her through \
                 her first quarter. I set up a weekly hour with her, went through every design \
                 note she wrote, and once she asked me to pair on a deploy. After two months \
                 she ran the indexing deploys on her own, and our reindex time dropped from six \
                 hours to two.";
    let r = critique(&e, given, Some(asked));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn feedback_given_to_you_is_not_feedback_you_gave() {
    let e = critique_engine();
    let received = "After a tense release at Corvid Maps, a teammate pulled me aside after \
                    standup. He told me my review comments read as orders, and he showed me \
                    three threads where juniors had stopped replying. I started asking \
                    questions in reviews instead, and the threads got twice as long.";
    let asked = "Describe a time you gave a teammate hard feedback.";
    let r = critique(&e, received, Some(asked));
    assert_off_question(
        &r,
        "the story has what the question asks of you done by someone else",
    );
    let r = critique(
        &e,
        received,
        Some("Tell me about a time a peer gave you hard feedback."),
    );
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // Feedback given to the speaker by a giving verb is received too.
    let offered = "After a sprint review at Corvid Maps, my peer offered to give me some candid \
                   feedback. My review comments read as orders, and juniors had stopped \
                   replying. I started asking questions in reviews instead, and the threads got \
                   twice as long.";
    let r = critique(&e, offered, Some(asked));
    assert_off_question(
        &r,
        "the story has what the question asks of you done by someone else",
    );
}

#[test]
fn someone_else_persuading_is_not_a_time_you_persuaded() {
    let e = critique_engine();
    let asked = "Tell me about a time you had to persuade someone to change their mind.";
    let watched = "At Tarnbeck Labs I first wanted our new billing service in Python, since I \
                   knew it best. Our staff engineer Odile had a Go prototype ready, and she \
                   persuaded the rest of the team within a week. We built it in Go, and the \
                   service has handled twice the load since.";
    let r = critique(&e, watched, Some(asked));
    assert_off_question(
        &r,
        "the story has what the question asks of you done by someone else",
    );
    let spans = spanned(watched, &r, FindingCode::OffQuestion).expect("spans");
    assert!(
        spans.iter().any(|s| s.contains("she persuaded")),
        "{spans:?}"
    );
    let mine = "At Tarnbeck Labs our staff engineer Odile wanted the new billing service in \
                Python. I had a Go prototype ready, and I persuaded her with a load test that \
                ran at twice the traffic. We built it in Go, and the service has handled that \
                load since.";
    let r = critique(&e, mine, Some(asked));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn agreement_from_the_start_is_not_a_disagreement() {
    let e = critique_engine();
    let asked = "Tell me about a time you disagreed with your tech lead.";
    let agreed = "At Pelham Energy our tech lead proposed moving the meter readings to a \
                  time-series database. We agreed straight away, since the old tables were \
                  slow. I wrote the migration plan and moved the first region in a week. \
                  Queries that took twenty seconds now take one.";
    let r = critique(&e, agreed, Some(asked));
    assert_off_question(
        &r,
        "the story tells of agreement where the question asks for a disagreement",
    );
    let spans = spanned(agreed, &r, FindingCode::OffQuestion).expect("spans");
    assert_eq!(
        spans,
        ["We agreed straight away, since the old tables were slow."]
    );
    // A disagreement told ends in agreement often enough.
    let settled = "At Pelham Energy our tech lead proposed moving the meter readings to a \
                   time-series database in one quarter. I thought one region first was safer, \
                   so I showed her the failover gaps. We tested one region for a month. \
                   After that pilot we agreed on the regional rollout.";
    let r = critique(&e, settled, Some(asked));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_launch_ahead_of_plan_is_not_a_missed_deadline() {
    let e = critique_engine();
    let asked = "Tell me about a project where you missed a deadline.";
    let early = "At Ostrava Rail I built the timetable export for the new regional lines. I \
                 split the work into weekly demos with the planners. We shipped nine days \
                 ahead of the contract date, and the first month went by with zero rejected \
                 files.";
    let r = critique(&e, early, Some(asked));
    assert_off_question(
        &r,
        "the story goes smoothly where the question asks for a time",
    );
    let spans = spanned(early, &r, FindingCode::OffQuestion).expect("spans");
    assert!(
        spans.iter().any(|s| s.starts_with("We shipped nine days")),
        "{spans:?}"
    );
    let missed = "At Ostrava Rail I built the timetable export for the new regional lines. I \
                  promised it for March, but I had not counted the holiday timetables, and we \
                  shipped five weeks late. I told the planners as soon as I knew and split the \
                  rest into weekly drops. Since then I size the odd cases before I give a date.";
    let r = critique(&e, missed, Some(asked));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // A failure is read on how the story ended: a success that opens on a problem is no
    // failure, and the same opening with the speaker's own miss at the end is one.
    let failed = "Tell me about a time you failed.";
    let rescued = "At Ostrava Rail the timetable export had failed three nights in a row when I \
                   took it over. I rewrote the parser and added a check on every file before \
                   it was sent. The next quarter went by with zero rejected files, and the \
                   planners got their timetables a day earlier.";
    let r = critique(&e, rescued, Some(failed));
    assert_off_question(
        &r,
        "the story goes smoothly where the question asks for a time",
    );
    let own_miss = "At Ostrava Rail the timetable export had failed three nights in a row when \
                    I took it over. I rewrote the parser in a week. I had skipped the holiday \
                    timetables, and my rewrite sent the planners wrong files for two days. \
                    Since then I test the odd calendars before anything else.";
    let r = critique(&e, own_miss, Some(failed));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // A failing owned early, with an ending that went well since, is still the failure asked.
    let owned_early = "At Ostrava Rail I promised the planners the timetable export for March. \
                       It took me too long to see that the holiday timetables needed a parser \
                       of their own, and the export slipped to May. I rewrote the parser with \
                       the planners' help. The next quarter went by with zero rejected files.";
    let r = critique(&e, owned_early, Some(failed));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // The same early launch answers a question that asks for no setback.
    let r = critique(
        &e,
        early,
        Some("Tell me about a project you delivered on time."),
    );
    assert!(
        off_question(&r).is_none_or(|f| !f.message.contains("smoothly")),
        "{:?}",
        codes(&r)
    );
}

#[test]
fn a_slip_owned_in_plain_words_answers_a_mistake_question() {
    let e = critique_engine();
    let asked = Some("Tell me about a mistake you made at your last job.");
    // Said in words no phrase of the failure competency holds, but owned.
    let owned = "Two years ago I dropped the reporting schema on our shared demo server by \
                 accident. I meant to clear a scratch copy, and the two connection strings \
                 differed by a single digit. Sales had a customer demo that afternoon, so I \
                 restored the schema from the nightly snapshot within the hour. I apologised \
                 to the sales lead and now keep scratch copies on a separate host.";
    let r = critique(&e, owned, asked);
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // A success that opens on something missing is still no failure.
    let success = "At Kitewell we didn't have a designer, so I learned Figma in a week and \
                   designed the booking app myself. I built it in React Native over two \
                   months. It launched on time and reached fifty thousand users by the summer.";
    let r = critique(&e, success, Some("Tell me about a time you failed."));
    assert!(off_question(&r).is_some(), "{:?}", codes(&r));
}

#[test]
fn a_yes_is_not_a_time_you_said_no() {
    let e = critique_engine();
    let asked = Some("Describe a time you had to say no to your manager.");
    let yes = "At Fellgate Energy my manager asked whether we could add usage alerts to the \
               billing app before the winter tariff change. We had most of the pieces already, \
               so I told her yes in the same meeting. We built the alerts in eight working \
               days, and the call centre took a third fewer billing calls that winter.";
    let r = critique(&e, yes, asked);
    assert_off_question(&r, "the story says yes where the question asks for a no");
    let spans = spanned(yes, &r, FindingCode::OffQuestion).expect("spans");
    assert!(
        spans.iter().any(|s| s.contains("I told her yes")),
        "{spans:?}"
    );
    let no = "At Fellgate Energy my manager asked for usage alerts in the billing app before \
              the winter tariff change. The tariff tables were still changing weekly, so I \
              told her no for that date and offered alerts a month later on the final tables. \
              She agreed to the later date, and I said yes to her ask for a weekly preview.";
    let r = critique(&e, no, asked);
    assert!(
        off_question(&r).is_none_or(|f| !f.message.contains("says yes")),
        "{:?}",
        codes(&r)
    );
}

#[test]
fn a_question_no_phrase_reads_is_asked_what_the_classifier_reads_it_as() {
    let e = critique_engine();
    // No ask phrase of the lexicon names prioritising here; the question classifier reads it so.
    let question =
        "Describe a situation where you turned down extra work to protect your team's focus.";
    let migration = "Last spring I led the move of our card authorisation service at Larchmont \
                     from a single Postgres primary to a sharded cluster. I wrote the migration \
                     plan, ran a dual-write period for two weeks, and compared every row nightly \
                     with a checker I built. We cut over on a Tuesday morning with no downtime, \
                     and p99 latency dropped from 240 to 90 milliseconds.";
    let r = critique(&e, migration, Some(question));
    assert_off_question(&r, "the story does not answer");
    let declined = "Last spring, two weeks before our payments release at Larchmont, sales asked \
                    my team to add a custom invoice export for one large client. I looked at \
                    what was left of the release and saw we could not take it on without \
                    dropping the fraud checks we had promised. I said no to the export for that \
                    cycle, explained the trade-off to the sales lead with the dates side by \
                    side, and put the export first on the next cycle's list. We shipped the \
                    release on time with the fraud checks, and the export followed three weeks \
                    later.";
    let r = critique(&e, declined, Some(question));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}
