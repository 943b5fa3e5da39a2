//! Off the question by its other side, in the words people use for it: a yes for a no, a
//! proposal liked for a push back, a customer kept happy for one let down, one incident told
//! for an introduction; and a failure put on what no one could foresee, or asked for without the
//! word ("a target you didn't hit").

use starcoach::report::{CritiqueReport, FindingCode};

use crate::util::offline::{codes, critique, critique_engine};

fn off_question(r: &CritiqueReport) -> Option<&str> {
    r.findings
        .iter()
        .find(|f| f.code == FindingCode::OffQuestion)
        .map(|f| f.message.as_str())
}

#[test]
fn taking_the_work_on_is_not_declining_it() {
    let e = critique_engine();
    let asked = Some("Tell me about a time you had to say no to a stakeholder.");
    let yes = "Our head of partnerships at Linwick Travel asked for a bulk booking export on a \
               Wednesday, for a partner signing that Friday. It was nowhere on our plan, but I \
               took it on and built it over two evenings on top of the reporting service. The \
               partner signed on Friday and the export still runs every night.";
    let r = critique(&e, yes, asked);
    let message = off_question(&r).unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(message.starts_with("the story says yes"), "{message}");
    let no = "Our head of partnerships at Linwick Travel asked for a bulk booking export by \
              that Friday. The booking tables were mid-migration, so I turned it down for that \
              week, and I took it on for the week after, once the migration was done. The \
              partner signed a week later and the export still runs every night.";
    let r = critique(&e, no, asked);
    assert!(
        off_question(&r).is_none_or(|m| !m.contains("says yes")),
        "{:?}",
        codes(&r)
    );
}

#[test]
fn liking_a_proposal_is_not_pushing_back_on_it() {
    let e = critique_engine();
    let asked = Some("Give me an example of a time you pushed back on a technical decision.");
    let liked = "Our platform group proposed moving every service's secrets into a managed \
                 vault with automatic rotation. When I read the proposal I thought it was a \
                 great idea, so I offered my team's two services as the pilot. I moved both \
                 services over in three weeks and wrote the guide that nine other teams used.";
    let r = critique(&e, liked, asked);
    let message = off_question(&r).unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(
        message.starts_with("the story tells of agreement"),
        "{message}"
    );
    let pushed = "Our platform group proposed moving every service's secrets into a managed \
                  vault in one weekend. I disagreed with the big-bang cut-over, since two of our \
                  services could not restart cleanly, and I argued for a pilot first. The pilot \
                  found a restart bug, which I fixed before the other services moved.";
    let r = critique(&e, pushed, asked);
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_setback_overcome_is_answered_by_a_story_that_ends_well() {
    let e = critique_engine();
    let story = "At Orrin Health I owned the release of our claims portal, and three weeks \
                 before launch our identity provider announced it was ending support for the \
                 login flow we had built on. My task was to move us to the new flow without \
                 moving the date. I mapped every screen that touched login in two days, rebuilt \
                 the session handling behind one interface, and ran the old and new flows side \
                 by side for a week. We launched on the planned day with no login errors in the \
                 first month. What I took from it is to keep third-party dependencies behind a \
                 seam from the start.";
    let r = critique(
        &e,
        story,
        Some("Tell me about a time you delivered a project on time despite a major setback."),
    );
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    assert!(!codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
    // A setback of the speaker's own making is still theirs to own.
    let r = critique(
        &e,
        story,
        Some("Tell me about a setback you caused at work."),
    );
    assert!(codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
}

#[test]
fn a_customer_won_over_is_not_one_let_down() {
    let e = critique_engine();
    let asked = Some("Have you ever let a customer down?");
    let won = "One of our largest logistics clients was unhappy with tracking delays during the \
               holiday peak. I was asked to lead the response. I sat with their operations team \
               for two days and traced every hop between their scanners and our event pipeline. \
               I moved their feed onto a dedicated partition and tuned the consumers. Tracking \
               lag went from nine minutes to under one. They renewed for two more years.";
    let r = critique(&e, won, asked);
    let message = off_question(&r).unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(message.starts_with("the story goes smoothly"), "{message}");
}

#[test]
fn one_incident_is_not_an_introduction() {
    let e = critique_engine();
    let asked = Some("Give me a quick introduction. Who are you?");
    let incident = "So, our checkout went down an hour before a flash sale. The payment provider \
                    had rotated a certificate. I was on call, so I pinned the new certificate, \
                    redeployed the gateway, and wrote a check that warns a week before any \
                    certificate expires. The sale opened on time and took a record four hundred \
                    thousand dollars.";
    let r = critique(&e, incident, asked);
    let message = off_question(&r).unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(
        message.starts_with("the story does not answer"),
        "{message}"
    );
    // A career told over time, with no opening on who the speaker is, is an introduction.
    let over_time = "Sam here. Six years in payments, the last three at Fernhill on the checkout \
                     gateway. Our checkout once went down an hour before a flash sale; I pinned \
                     the new certificate, redeployed, and the sale opened on time.";
    let r = critique(&e, over_time, asked);
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
    let career = "I'm a backend engineer with six years in payments, currently at Fernhill, where \
                  I own the checkout gateway. Before that I spent three years at an agency \
                  building shops for small retailers. Last year our checkout went down an hour \
                  before a flash sale, and I fixed it and wrote the certificate checks we still \
                  use.";
    let r = critique(&e, career, asked);
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}

#[test]
fn a_failure_no_one_could_have_foreseen_owns_nothing() {
    let e = critique_engine();
    let asked = Some("Describe a failure you've experienced.");
    let foreseen = "The demand forecast I shipped at Pellham Foods was off by a third within a \
                    month of going live. A new supplier contract changed the order patterns. \
                    Honestly, nobody could have seen that coming, and it was outside my control. \
                    The team went back to the old spreadsheet forecast.";
    let r = critique(&e, foreseen, asked);
    assert!(codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
    let owned = "The demand forecast I shipped at Pellham Foods was off by a third within a \
                 month of going live. A new supplier contract changed the order patterns, and I \
                 had never set up a check for drift, so my model kept forecasting the old \
                 patterns for weeks. I added a weekly drift report and retrained on the new \
                 contract's data, and I now ship every model with a drift alarm.";
    let r = critique(&e, owned, asked);
    assert!(!codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
    // An excuse beside a failing owned plainly owns that failing.
    let both = "The supplier change at Pellham Foods was outside my control, but shipping the \
                forecast with no drift check was my mistake. I added a weekly drift report and \
                retrained on the new contract's data, and I now ship every model with a drift \
                alarm.";
    let r = critique(&e, both, asked);
    assert!(!codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
}

#[test]
fn breaking_the_work_into_batches_owns_no_failing() {
    let e = critique_engine();
    let asked = Some("Tell me about a time you failed.");
    let success = "At Pellmore Health I led the move of our claims exports from a cron box to \
                   the shared scheduler. I broke the work into twelve weekly batches and wrote \
                   a comparison check that diffed every export against the old one before a \
                   batch went live. We finished two weeks early and the exports have matched \
                   to the row ever since. The comparison check is now how the team moves any \
                   scheduled job.";
    let r = critique(&e, success, asked);
    let message = off_question(&r).unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(message.starts_with("the story goes smoothly"), "{message}");
}

#[test]
fn a_disagreement_denied_is_agreement() {
    let e = critique_engine();
    let asked = Some("Tell me about a time you disagreed with a technical decision.");
    let agreed = "Our platform lead proposed moving the nightly exports off the old cron box \
                  and onto the shared scheduler. I was on board from the start. Nobody really \
                  argued, since the cron box had paged us twice that month. I moved the first \
                  four jobs myself and wrote the guide the other teams used, and every export \
                  had moved within a fortnight.";
    let r = critique(&e, agreed, asked);
    let message = off_question(&r).unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(
        message.starts_with("the story tells of agreement"),
        "{message}"
    );
}

#[test]
fn a_target_not_hit_asks_for_a_failing_owned() {
    let e = critique_engine();
    // No word of failing in the question: "didn't hit" a target asks for one all the same.
    let asked = Some("Tell me about a quarterly target you didn't hit.");
    let elsewhere = "Our goal for the spring was to move every checkout call at Penrose Outdoor \
                     onto the new payments API by the end of April. We got there in late June. \
                     The platform team kept changing the API contract, and their reviews sat \
                     for a week at a time. My part, the client library and the retry logic, \
                     was done on schedule. Once they finally froze the contract, I switched the \
                     last calls over in two days.";
    let r = critique(&e, elsewhere, asked);
    assert!(codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
    let owned = "Our goal for the spring was to move every checkout call at Penrose Outdoor \
                 onto the new payments API by the end of April. We got there in late June, \
                 and most of that slip was mine: I had estimated the retry logic without \
                 reading the old client's error handling, and it took five weeks instead of \
                 one. I now read the code a change replaces before I give a date, and I give \
                 a range rather than a day.";
    let r = critique(&e, owned, asked);
    assert!(!codes(&r).contains(&"no-ownership"), "{:?}", codes(&r));
}

#[test]
fn agreement_in_words_no_cue_holds_is_no_disagreement() {
    let e = critique_engine();
    let asked = Some("Tell me about a time you resolved a disagreement on your team.");
    // No word of a disagreement, of failing or of a bad outcome: nothing in it goes against.
    let smooth = "When our team at Kestrel Freight picked a scheduler for the route planner, \
                  I asked each engineer to list what mattered to them before naming a tool. \
                  The four lists came back nearly word for word alike. We ran a two-day spike \
                  on the favourite, it handled our volume easily, and the planner moved onto \
                  it within the month.";
    let r = critique(&e, smooth, asked);
    let message = off_question(&r).unwrap_or_else(|| panic!("{:?}", codes(&r)));
    assert!(
        message.starts_with("the story tells of agreement"),
        "{message}"
    );
    // The same story with the disagreement in it answers the question.
    let split = "When our team at Kestrel Freight picked a scheduler for the route planner, \
                 two engineers wanted a managed service and two wanted to run our own, and the \
                 debate had stalled the project for a week. I asked each of them to list what \
                 mattered before naming a tool, and the lists showed we all needed the same \
                 three things. We ran a two-day spike on the managed one, it handled our volume \
                 easily, and the planner moved onto it within the month.";
    let r = critique(&e, split, asked);
    assert!(off_question(&r).is_none(), "{:?}", codes(&r));
}
