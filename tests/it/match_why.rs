//! "Why X" answers through the library API: the entity a why question names, by what the bank
//! says it is (an appositive, a school), and never by the career-move verb of the title.

use crate::util::offline::{answer, engine_with, ranked, story};
use starcoach::engine::offline::Settings;

/// A "Why X" answer is named by what the bank says X is ("Quillmark, a payments startup"); a why
/// question prefers the answer that gives reasons over the résumé that mentions the same place;
/// X named in a question that asks no reason does not make the answer fit.
#[test]
fn match_a_why_answer_is_named_by_what_the_bank_calls_it() {
    let entries = vec![
        answer(
            "introduction",
            "Introduction",
            "- I build payment APIs at Quillmark, a payments startup in Porto",
        ),
        answer(
            "past-job",
            "Past Job",
            "- Before that I ran a two-person web agency in Lisbon for payments clients",
        ),
        answer(
            "why-quillmark",
            "Why Quillmark",
            "- Their settlement service is the hardest reliability problem I have seen",
        ),
        answer(
            "why-lisbon",
            "Why Lisbon",
            "- My partner's family lives there and its tech scene keeps growing",
        ),
        story(
            "ST1",
            &["Teamwork"],
            &[("Action", "- I paired with the payments team on refunds")],
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    for (q, want) in [
        ("Why a payments startup?", "why-quillmark"),
        (
            "What drew you to a payments startup like that?",
            "why-quillmark",
        ),
    ] {
        let top = &ranked(&e, q, None)[0];
        assert_eq!(top.id, want, "{q}: {:?}", top.why);
    }
    // Named without a why, the entity asks no reason: the answer is not offered on its name.
    let q = "What's your favourite restaurant in Lisbon?";
    assert!(
        ranked(&e, q, None).iter().all(|m| m.id != "why-lisbon"),
        "{q}"
    );
    // With a word of wanting it asks the reasons, in any words: "what makes" is no "why".
    let q = "Moving is a big step. What makes Lisbon the city you want to live in?";
    assert_eq!(ranked(&e, q, None)[0].id, "why-lisbon", "{q}");
}

/// A "Why X" answer whose X the bank writes next to a word of study ("a Master of Science at
/// the University of Nantes") is about a school: a why question about a degree asks about it,
/// by whatever study word, while a school the bank never ties to study is not named so.
#[test]
fn match_a_why_question_about_a_degree_names_the_school_the_bank_studies_at() {
    let entries = vec![
        answer(
            "introduction",
            "Introduction",
            "- I run the payments platform at Quillmark\n- In the evenings I'm enrolled in the Master of Science in Data Engineering at the University of Nantes",
        ),
        answer(
            "why-nantes",
            "Why Nantes",
            "- Its online programme lets me keep my job while I learn the theory I skipped",
        ),
        answer(
            "why-quillmark",
            "Why Quillmark",
            "- Their settlement service is the hardest reliability problem I have seen",
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    for q in [
        "Why a master's degree while working full-time?",
        "Why go back to school at this point in your career?",
        "What made you sign up for graduate school now?",
    ] {
        let top = ranked(&e, q, None);
        assert_eq!(
            top.first().map(|m| m.id.as_str()),
            Some("why-nantes"),
            "{q}"
        );
    }
    // "Quillmark" is never written next to study: a degree question does not name it.
    let q = "Why a master's degree while working full-time?";
    assert!(
        ranked(&e, q, None).iter().all(|m| m.id != "why-quillmark"),
        "{q}"
    );
}

/// The career-move verb of a "Why <verb> X" title is not what the answer is about: "Why left
/// CTO" answers why the CTO role ended, so "Why leave a job you like?" asks the answer about
/// looking for a new position.
#[test]
fn match_the_verb_of_a_why_title_is_not_its_topic() {
    let entries = vec![
        answer(
            "why-left-cto",
            "Why left CTO",
            "- I left the CTO role at the startup I co-founded to get back to hands-on engineering",
        ),
        answer(
            "why-searching",
            "Why searching a new position",
            "- My current job is stable, and I want reliability problems at a larger scale",
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    for (q, want) in [
        ("Why leave a job you seem to like?", "why-searching"),
        ("why u leaving ur current job", "why-searching"),
        ("Why did you step down as CTO?", "why-left-cto"),
    ] {
        let top = ranked(&e, q, None);
        assert_eq!(
            top.first().map(|m| m.id.as_str()),
            Some(want),
            "{q}: {top:?}"
        );
    }
}

/// "Why X" gives the reasons one went to X; a question about leaving X asks the reverse, so
/// "Why X" is not its answer. A title that says the leaving ("Why left CTO") still answers a
/// question about leaving what it names.
#[test]
fn match_a_question_about_leaving_x_is_not_answered_by_why_x() {
    let entries = vec![
        answer(
            "why-quillmark",
            "Why Quillmark",
            "- Their settlement service is the hardest reliability problem I have seen",
        ),
        answer(
            "why-left-cto",
            "Why left CTO",
            "- I left the CTO role to get back to hands-on engineering",
        ),
        answer(
            "why-searching",
            "Why searching a new position",
            "- I am happy where I am, but I am looking for larger systems and a senior role next",
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    let first = |q: &str| ranked(&e, q, None).first().map(|m| m.id.clone());
    for q in [
        "Why are you looking to leave Quillmark?",
        "Why would you quit Quillmark?",
    ] {
        let top = first(q);
        assert_ne!(top.as_deref(), Some("why-quillmark"), "{q}");
    }
    assert_eq!(
        first("Why did you join Quillmark?").as_deref(),
        Some("why-quillmark")
    );
    assert_eq!(
        first("Why did you leave the CTO role?").as_deref(),
        Some("why-left-cto")
    );
}

/// Where the bank says its author works now ("I'm working as ... at Quillmark"), "your current
/// company" names that employer, so "Why Quillmark" answers why one joined it; a question about
/// leaving the current job still asks the reverse; a place the author worked before is no
/// current employer.
#[test]
fn match_your_current_company_names_the_employer_the_bank_says_you_work_at_now() {
    let entries = vec![
        answer(
            "introduction",
            "Introduction",
            "- I'm working as a platform engineer at Quillmark, where I run payments\n- Before that I was at Ferncast for three years",
        ),
        answer(
            "why-quillmark",
            "Why Quillmark",
            "- Their settlement service is the hardest reliability problem I have seen",
        ),
        answer(
            "why-ferncast",
            "Why Ferncast",
            "- A small team where I could own the whole front end",
        ),
        answer(
            "why-searching",
            "Why searching a new position",
            "- I am happy where I am, but I want larger systems and a senior role next",
        ),
    ];
    let e = engine_with(entries, None, Settings::default());
    let first = |q: &str| ranked(&e, q, None).first().map(|m| m.id.clone());
    for q in [
        "What made you join your current company?",
        "Why did you choose your current employer?",
    ] {
        assert_eq!(first(q).as_deref(), Some("why-quillmark"), "{q}");
    }
    let q = "Why are you looking to leave your current job?";
    assert_eq!(first(q).as_deref(), Some("why-searching"), "{q}");
    // Only a question about joining it asks for the reasons one joined.
    for q in [
        "Why move on from your current role?",
        "Why did your current company pick Go?",
        "Why did you present to the team?",
        "Why us over your current employer?",
    ] {
        assert_ne!(first(q).as_deref(), Some("why-quillmark"), "{q}");
    }
    // Without a statement of working now, the bank's "at Ferncast" is a past employer.
    let q = "Why did you choose your current employer?";
    assert!(
        ranked(&e, q, None).iter().all(|m| m.id != "why-ferncast"),
        "{q}"
    );
}

/// A place named only in a story told in the present tense ("I work at Ferncast with the data
/// team") is no employer of now; two employers the answers say the author works at now leave
/// "your current company" unread rather than guessed.
#[test]
fn match_your_current_company_is_not_guessed_between_two_employers_of_now() {
    let entries = |intro: &str| {
        vec![
            answer("introduction", "Introduction", intro),
            answer(
                "why-quillmark",
                "Why Quillmark",
                "- Their settlement service is hard",
            ),
            answer(
                "why-ferncast",
                "Why Ferncast",
                "- A small team where I own the front end",
            ),
            story(
                "FC1",
                &["Teamwork"],
                &[(
                    "Action",
                    "- I work at Ferncast with the data team on reports",
                )],
            ),
        ]
    };
    let q = "What made you join your current company?";
    let first = |intro: &str| {
        let e = engine_with(entries(intro), None, Settings::default());
        ranked(&e, q, None).first().map(|m| m.id.clone())
    };
    assert_eq!(
        first("- I'm working as an engineer at Quillmark").as_deref(),
        Some("why-quillmark")
    );
    let both = "- I work at Quillmark by day\n- I'm working at Ferncast on weekends";
    assert_eq!(first(both), None, "{both}");
}
