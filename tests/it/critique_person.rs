//! Off the question for a question of the person (who they are, why they move): one story
//! told step by step, one incident for an introduction, a motivation answer with no reason, and
//! an answer with no sentence of what was asked (the talk model).

use starcoach::report::FindingCode;

use crate::util::offline::{
    assert_off_question, codes, critique, critique_engine, off_question, spanned,
};

#[test]
fn a_career_told_through_its_achievements_is_an_introduction() {
    // Each job's achievements read as steps, but two jobs over the years are a career, not
    // one incident.
    let e = critique_engine();
    let resume = "I'm a site reliability engineer. I graduated in 2016 and joined Tallowmere \
                  Freight as a platform engineer. There I built the deploy pipeline for forty \
                  services and cut release time from a day to an hour. In 2020 I moved to Orrin \
                  Health to lead the on-call rotation. I rewrote the alerting rules and halved \
                  the pages per week. I also set up the incident review process, so every \
                  outage gets a written cause within a week. Now I want to take that to a \
                  larger platform.";
    let r = critique(&e, resume, Some("Walk me through your resume."));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

/// Achievements listed one after another, each opened by "I", are who the speaker is, not one
/// story told step by step.
#[test]
fn an_introduction_that_lists_achievements_answers_the_question() {
    let e = critique_engine();
    let listed = "I'm Noor, a platform engineer in Lisbon who likes boring, fast systems. At \
                  Tidemark I got our build times from forty minutes to eight. I hit every \
                  release date last year. I passed the Kubernetes administrator exam on my \
                  first try. I ended up leading the on-call rotation for the whole platform \
                  group. Outside work I help run a small Rust meetup.";
    let r = critique(&e, listed, Some("Tell me about yourself."));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn an_introduction_told_as_one_incident_is_not_who_you_are() {
    let e = critique_engine();
    let incident = "Sure, let me tell you about one night instead. At 1:40 a.m. I was paged \
                    because checkout at Pellworth Outdoor was timing out. I opened the \
                    dashboards and saw the connection pool to the orders database was full. I \
                    killed the long-running report query that held it, and checkout recovered \
                    within five minutes. Then I moved the report to the read replica and added \
                    an alert on pool saturation. Nobody has been paged for it since, because \
                    the alert fires before customers notice.";
    let r = critique(&e, incident, Some("Tell me about yourself."));
    assert_off_question(
        &r,
        "the answer tells one story step by step instead of who you are",
    );
    let spans = spanned(incident, &r, FindingCode::OffQuestion).expect("spans");
    assert!(spans.len() >= 3, "{spans:?}");
    assert!(
        spans
            .iter()
            .any(|s| s.starts_with("I killed the long-running")),
        "{spans:?}"
    );
    // Its "because" is no reason for leaving either.
    let r = critique(&e, incident, Some("Why are you leaving your current job?"));
    assert_off_question(
        &r,
        "the answer tells one story step by step instead of your reasons",
    );
    let intro = "I'm a backend engineer with about seven years in e-commerce. For the last \
                 three I've been at Pellworth Outdoor, where I own the orders and checkout \
                 services and lead the on-call rotation for them. Before that I spent four \
                 years at a payments startup, where I moved from support tooling to the ledger \
                 team. What ties it together is that I like making busy systems boring: \
                 predictable deploys, clear alerts, and fewer pages. I'm now looking for a \
                 team where reliability is treated as a product feature.";
    let r = critique(&e, intro, Some("Tell me about yourself."));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // A why about a choice of the work may be answered by the steps that led to it.
    let choice = "I benchmarked three brokers against our peak load. I ran each for a week with \
                  replayed traffic. I measured consumer lag and the monthly bill. Kafka won on \
                  both, so I picked it and wrote the design doc.";
    let r = critique(
        &e,
        choice,
        Some("Why did you choose Kafka for that service?"),
    );
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_motivation_answer_with_no_reason_misses_the_question() {
    let e = critique_engine();
    let question = "What are you hoping to find in your next role?";
    let pastimes = "Outside the office I keep pretty busy. I climb at a gym near my flat three \
                    evenings a week, and I sing in a community choir on Thursdays. Last spring \
                    I rebuilt an old road bike from parts, and I ride it to the coast most \
                    Sundays.";
    let r = critique(&e, pastimes, Some(question));
    assert_off_question(&r, "the answer gives no reason");
    assert!(r.overall <= 35, "{}", r.overall);
    let reasons = "I'm hoping for a team that treats reliability as part of the product. In my \
                   current role I spend most of my time on incidents other teams caused, and I \
                   want to be earlier in the design, where the outages are prevented. A place \
                   with a real on-call budget and postmortems that change the roadmap would let \
                   me grow into a staff role.";
    let r = critique(&e, reasons, Some(question));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    // Good answers in words no reason list holds: a layoff, a vision told, an aim named.
    for (question, answer) in [
        (
            "Why are you leaving your current job?",
            "The company was bought in March and the Leeds office closes at the end of the \
             quarter, so the whole platform group is being let go. I helped plan the handover \
             of our payment services to the buyer's engineers.",
        ),
        (
            "What do you care about most as an engineer?",
            "Reliability first. Every service I own has an SLO, alerts that page only on user \
             pain, and a runbook a new hire can follow at three in the morning.",
        ),
        (
            "Where do you see yourself in five years?",
            "Ideally as a staff engineer owning the architecture of a product area, and \
             mentoring a few engineers through the same path.",
        ),
    ] {
        let r = critique(&e, answer, Some(question));
        assert!(off_question(&r).is_none(), "{question}: {:?}", codes(&r));
    }
}

#[test]
fn an_answer_about_the_person_with_nothing_of_what_was_asked_is_off() {
    let e = critique_engine();
    let pay = "Sure. Right now my base is 74,000 with a small annual bonus, so I'd be looking \
               for something in the mid eighties. My notice period is two months, though my \
               manager has said she could release me after six weeks. I'd also want three days \
               a week at home, because the train into your Harbour Street office takes well \
               over an hour.";
    let home = "Outside of everything, I'm a keen sailor; most summers I crew on a friend's \
                boat along the coast. I have two daughters, eight and five, and weekends are \
                mostly swimming lessons and the allotment. I also bake, and I've kept the same \
                sourdough starter alive since 2019.";
    for answer in [pay, home] {
        let r = critique(&e, answer, Some("Tell me about yourself."));
        assert_off_question(&r, "the answer says nothing of who you are at work");
    }
    let colleague = "Honestly, the biggest problem on my team is our release manager at \
                     Fennick. He never writes anything down, so when he's away nobody knows \
                     which flags are live. Last month a pricing change went out to the wrong \
                     region because his checklist only lived in his head.";
    let r = critique(
        &e,
        colleague,
        Some("What would you say is your greatest weakness?"),
    );
    assert_off_question(&r, "the answer names no weakness of your own");
    let strengths = "I think my biggest strengths are calm under pressure and clear writing. At \
                     Fennick I'm the person the support leads call when an order batch goes \
                     missing in our product, and I usually have it traced within the hour. My \
                     incident summaries get forwarded to the directors as they are. I also \
                     onboarded the last four hires on my team and wrote most of our project \
                     docs.";
    let r = critique(&e, strengths, Some("Why are you leaving your current job?"));
    assert_off_question(&r, "the answer gives no reason for the move");
    // Redundancy built into a database is no redundancy of the speaker's job.
    let redundant = format!("{strengths} I also designed the redundancy for our order database.");
    let r = critique(
        &e,
        &redundant,
        Some("Why are you leaving your current job?"),
    );
    assert_off_question(&r, "the answer gives no reason for the move");
    // A weakness of one's own, told with what it cost and what changed, is the answer.
    let own = "I tend to say yes to too much. Last quarter I took on two integrations on top of \
               my own roadmap, and the second one slipped by three weeks because I never \
               flagged that I was overloaded. Now I check my list with my lead before I accept \
               anything new, and I say which item moves if I take it on.";
    let r = critique(&e, own, Some("What's your greatest weakness?"));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_sentence_read_as_a_reason_only_by_a_hair_gives_no_reason() {
    // A view of a field, closed by a line the talk model reads as a reason by 0.07, under
    // `TALK_ODDS`: the answer says nothing of why the speaker wants this team.
    let e = critique_engine();
    let question = "Why are you interested in joining this team?";
    let view = "Honestly, I think most of the hype about quantum computing is premature. Every \
                few months a lab claims an advantage, and every time the classical people find \
                a faster algorithm soon after. The useful work in the next decade is in error \
                correction, not in qubit counts.";
    let r = critique(
        &e,
        &format!("{view} Which is why I keep reading about it."),
        Some(question),
    );
    assert_off_question(&r, "the answer gives no reason for the move");
    // The same view, with the reason it leads to said plainly (in words no motive phrase holds,
    // so the talk model reads it: a reason by 3.6), answers the question.
    let reason = format!(
        "{view} Error correction is the part I most want to work on, and it is the heart of \
         what you build here."
    );
    let r = critique(&e, &reason, Some(question));
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_motive_word_in_an_account_of_the_job_is_no_reason_to_leave() {
    // "role" and "because" stand in any account of a job; neither says why the speaker moves.
    let e = critique_engine();
    let account = "In my current role at Pellworth I look after the billing exports. Every \
                   night a batch job pulls the day's invoices from Postgres, converts them to \
                   the format each bank expects, and uploads them over SFTP. I rewrote the \
                   converter last spring because the old one kept a whole day in memory, and \
                   now the run takes twelve minutes instead of two hours. I also review most \
                   changes to the schedules.";
    let r = critique(
        &e,
        account,
        Some("Why do you want to leave your current job?"),
    );
    assert_off_question(&r, "the answer gives no reason for the move");
    // A reason for the move, told in a sentence, is the answer.
    let reason = format!(
        "{account} I'm leaving because I want to own a product end to end, and at Pellworth \
         the exports are all there is for a backend engineer."
    );
    let r = critique(
        &e,
        &reason,
        Some("Why do you want to leave your current job?"),
    );
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn praise_told_in_place_of_a_weakness_lists_strengths() {
    // Hardly a phrase of strength ("praised" alone, under the bar): the talk model reads the
    // praise, three sentences of it (`STRENGTH_SENTENCES`); the design-docs line, praise from
    // a review, reads likeliest as a weakness (by 0.18), so the runbooks line makes three.
    let e = critique_engine();
    let asked = Some("What would your manager say you need to work on?");
    let praise = "Marta would mostly tell you the good things. She says I'm the first person \
                  she calls when a release goes sideways, because I stay calm and find the \
                  cause fast. She praised my design docs in my last review as the clearest in \
                  the group. She also says I'm the most patient reviewer on the team, and the new \
                  hires ask for me. She'd probably add that I'm the one who keeps the on-call \
                  runbooks up to date. So I think she'd say I'm ready for a senior role.";
    let r = critique(&e, praise, asked);
    assert_off_question(
        &r,
        "the answer lists strengths where the question asks for a weakness",
    );
    // One weakness owned, with its praise around it, answers the question.
    let owned = "Marta would tell you I take on too much myself. When a release goes \
                 sideways I tend to fix it alone instead of pulling in the on-call engineer, \
                 so they learn less and I end up working late. She praised my design docs, \
                 but she was right that I hoard the incidents. Now I pair on every one.";
    let r = critique(&e, owned, asked);
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}
