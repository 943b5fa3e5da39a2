//! Whether the answer is the one asked for: not questions back, not views instead of a story,
//! not a story about something else or from the other side of the question (`stance.rs`), not
//! a weakness of something else, not one story told in place of who you are or why.

use super::super::data::{self, WordList};
use super::super::lexicon::lexicon;
use super::super::query::Query;
use super::super::sentences::Move;
use super::super::talk::Talk;
use super::flags::span;
use super::stance::{self, OtherSide, Side};
use super::{Reading, finding};
use crate::report::{AnswerKind, CompetencyId, Finding, FindingCode, Severity, Span};
use crate::text;

/// Questions back to the interviewer from which, being half the answer or more, they replace it.
const ASKED_BACK: usize = 2;
/// A story answer of this many sentences or more in which at most `TOLD_SHARE` of them tell
/// the story (a scene, a step, an outcome) is an opinion, not a time it happened; chosen on the
/// dev split.
const OPINION_SENTENCES: usize = 4;
const TOLD_SHARE: f64 = 0.25;

/// How the draft misses the question asked, if it does: asking the interviewer instead of
/// answering, a view instead of a story, or a story about something else or from its other side.
pub(super) fn missed_question(r: &Reading, question: &str) -> Option<Finding> {
    let asked_back: Vec<Span> = r
        .sentences
        .iter()
        .filter(|(s, _)| s.trim_end().ends_with('?'))
        .map(|(_, c)| span(c))
        .collect();
    // "What questions do you have for us?" asks for exactly that.
    let invited = r.query.as_ref().is_some_and(|q| {
        q.plainly_phrased()
            .any(|c| lexicon().competencies[c].id == CompetencyId::QuestionsForUs)
    });
    let wants_story = r.query.as_ref().is_some_and(|q| q.wants_story());
    let (message, suggestion, spans) = if !invited
        && asked_back.len() >= ASKED_BACK
        && asked_back.len() * 2 >= r.sentences.len()
    {
        (
            "the answer asks the interviewer questions instead of answering",
            "answer first; keep pay, remote work and the hiring process for the end of the interview or for the recruiter",
            asked_back,
        )
    } else if wants_story && r.kind == AnswerKind::Story && is_opinion(r) {
        (
            "the answer says what you believe, not a time you did it",
            "tell one time it happened: where you were, what you did, and how it turned out",
            Vec::new(),
        )
    } else if let Some(missed) = missed_by_kind(r, question) {
        missed
    } else if story_for_motivation(r)
        || story_for_introduction(r)
        || r.query.as_ref().is_some_and(|q| off_question(q, r))
    {
        (
            "the story does not answer the question asked",
            "pick a story about what the question asks (try `starcoach match`), or bridge to it in the first sentence",
            Vec::new(),
        )
    } else if let Some(missed) = talks_of_something_else(r) {
        missed
    } else {
        return None;
    };
    Some(Finding {
        spans,
        ..finding(
            FindingCode::OffQuestion,
            Severity::Error,
            format!("{message}: \"{question}\""),
            suggestion,
        )
    })
}

/// Sentences from which an answer about the person says enough to miss what was asked.
const TALK_SENTENCES: usize = 2;

/// A message, a suggestion and the spans of an off-question finding.
type Missed = (&'static str, &'static str, Vec<Span>);

/// The misses particular to a kind: a weakness answer about something else, a story told from
/// the other side of the question, and an introduction or motivation answer that is one story
/// told step by step.
fn missed_by_kind(r: &Reading, question: &str) -> Option<Missed> {
    if r.kind == AnswerKind::Weakness && about_something_else(r) {
        return Some((
            "the answer names a weakness of something else, not one of yours",
            "name a weakness of your own: how it shows in your work, what it cost, and what you do about it",
            Vec::new(),
        ));
    }
    if r.kind == AnswerKind::Weakness && strengths_instead(r) {
        return Some((
            "the answer lists strengths where the question asks for a weakness",
            "name a weakness of your own: how it shows in your work, what it cost, and what you do about it",
            Vec::new(),
        ));
    }
    if let Some(OtherSide { side, spans }) = stance::other_side(r, question) {
        let (message, suggestion) = match side {
            Side::Received => (
                "the story has what the question asks of you done by someone else, not by you",
                "tell a time you did it yourself, or bridge to one in the first sentence: what you did, for whom, and what changed",
            ),
            Side::Agreed => (
                "the story tells of agreement where the question asks for a disagreement",
                "pick a time you disagreed: what you thought and why, how you said it, and how it was settled",
            ),
            Side::Assented => (
                "the story says yes where the question asks for a no",
                "tell a time you said no or pushed back: what was asked, why you refused, how you said it, and what came of it",
            ),
            Side::Smooth => (
                "the story goes smoothly where the question asks for a time things went against you",
                "tell a time it went against you: what went wrong, or what you had to refuse, dispute or risk; what you did; and what you learned",
            ),
        };
        return Some((message, suggestion, spans));
    }
    if let Some(steps) = told_step_by_step(r) {
        let message = match r.kind {
            AnswerKind::Introduction => {
                "the answer tells one story step by step instead of who you are"
            }
            _ => "the answer tells one story step by step instead of your reasons",
        };
        return Some((
            message,
            "answer what was asked first; a story can be one sentence of example, not the whole answer",
            steps,
        ));
    }
    gives_no_reason(r).then_some((
        "the answer gives no reason and says nothing of the role or your career",
        "say what you want and why: what draws you to the role, what you bring to it, and where it leads",
        Vec::new(),
    ))
}

/// An answer about the person with no sentence of what was asked, by the talk model: an
/// introduction with no sentence of the career, a why with no reason, a goal question with
/// neither a goal nor a reason, a weakness question with no weakness of the speaker's own (and
/// no failing owned, in so many words or by the reflection model).
fn talks_of_something_else(r: &Reading) -> Option<Missed> {
    let q = r.query.as_deref()?;
    let (wanted, message, suggestion): (&[Talk], &'static str, &'static str) = match r.kind {
        AnswerKind::Introduction => (
            &[Talk::Career],
            "the answer says nothing of who you are at work",
            "open with your role and your years in it, what you work on now and what you are known for; pay, hobbies and questions can wait",
        ),
        AnswerKind::Weakness if !r.owns_a_failing() && !super::ownership::plainly_owns(r) => (
            &[Talk::Weakness],
            "the answer names no weakness of your own",
            "name a weakness of your own: how it shows in your work, what it cost, and what you do about it",
        ),
        AnswerKind::Motivation if asks_plainly(q, &[CompetencyId::CareerGoal]) => (
            &[Talk::Goal, Talk::Reason],
            "the answer says nothing of where you want to go",
            "say where you want to be and why: the work, the scope, and how this role leads there",
        ),
        // A layoff, a closure or a contract's end told plainly is the reason.
        AnswerKind::Motivation
            if asks_for_reasons(q) && !data::words().forced_moves.any_in(&r.lower) =>
        {
            (
                &[Talk::Reason],
                "the answer gives no reason for the move",
                "say what you want and why: what draws you to the role, what you bring to it, and where it leads",
            )
        }
        _ => return None,
    };
    let talk = &data::data().talk;
    let said = |(s, c): &(String, std::ops::Range<usize>)| talk.read(&r.plain_sentence(s, c));
    let asked =
        r.sentences.len() < TALK_SENTENCES || r.sentences.iter().any(|x| wanted.contains(&said(x)));
    (!asked).then_some((message, suggestion, Vec::new()))
}

/// Whether a story answer is a view rather than a story: few of its sentences tell anything
/// that happened, by the moves model ("I believe in boring technology", "most experiments fail").
fn is_opinion(r: &Reading) -> bool {
    let moves = &data::data().moves;
    let n = r.sentences.len();
    // Most stories tell in their first sentences, so stop reading once enough of them have.
    let enough = (TOLD_SHARE * n as f64).floor() as usize + 1;
    n >= OPINION_SENTENCES
        && r.sentences
            .iter()
            .filter(|(s, _)| moves.read(s).tells())
            .take(enough)
            .count()
            < enough
}

/// The weight of one word that only a few competencies use: enough to show the draft is on topic.
const TELLING_WORD: f32 = 3.0;

/// The share of a weakness answer's sentences in which the speaker says "I", "my" or "me"
/// under which the answer is about something else (a service, the team's process), and the
/// sentences it must have for the share to say so; chosen on the dev split.
const SPEAKER_SHARE: f64 = 0.25;
const SPEAKER_SENTENCES: usize = 3;

/// A weakness answer that hardly speaks of the speaker: "our main weakness is the ingestion
/// service... it falls behind by hours".
fn about_something_else(r: &Reading) -> bool {
    let first_person = &data::words().first_person;
    let n = r.sentences.len();
    let speaking = r
        .sentences
        .iter()
        .filter(|(_, range)| {
            r.words
                .iter()
                .any(|l| range.contains(&l.chars.start) && first_person.contains(&l.word))
        })
        .count();
    n >= SPEAKER_SENTENCES && (speaking as f64) < SPEAKER_SHARE * n as f64
}

/// A weakness answer that shows strengths and no weakness: "I'd rather talk about my strengths
/// ... I learn new languages quickly". Strength and weakness are one competency's two sides, so
/// a draft that reads as the one and not at all as the other answers the other side, when it
/// owns no failing either.
fn strengths_instead(r: &Reading) -> bool {
    let shown = |id: CompetencyId| lexicon().get(id).shown_in(&r.tokens);
    // The bars off-question uses: a competency shown, and one not even begun.
    shown(CompetencyId::Strength) >= 1.0
        && shown(CompetencyId::Weakness) < 0.5
        && !r.owns_a_failing()
}

/// Steps from which a motivation or introduction answer is one story told step by step, and
/// the share of its sentences they must be; chosen on the dev split, where no answer that
/// answers the question has more than two.
const STORY_STEPS: usize = 3;
const STORY_SHARE: f64 = 0.3;

/// A motivation or introduction answer that is one story told step by step ("At 2:14 I was
/// paged... at 2:31 I rotated the certificate..."), whatever reasons or career words it holds
/// along the way: the sentences the moves model reads as the speaker's steps, when they are
/// many, or `None`.
fn told_step_by_step(r: &Reading) -> Option<Vec<Span>> {
    // "Why did you choose Kafka?" is a why, and its answer may well be the steps that led there.
    if !r.query.as_deref().is_some_and(asks_of_the_person) {
        return None;
    }
    let moves = &data::data().moves;
    let steps: Vec<Span> = r
        .sentences
        .iter()
        .filter(|(s, c)| moves.read(&r.plain_sentence(s, c)) == Move::Step)
        .map(|(_, c)| span(c))
        .collect();
    let many =
        steps.len() >= STORY_STEPS && steps.len() as f64 >= STORY_SHARE * r.sentences.len() as f64;
    many.then_some(steps)
}

/// Whether a question asks who the speaker is or why they move (an introduction, a past job,
/// why this role, why leave, goals, the path so far, the vision): the questions that one story
/// does not answer.
fn asks_of_the_person(q: &Query) -> bool {
    use CompetencyId as C;
    asks_plainly(
        q,
        &[
            C::Introduction,
            C::PastJob,
            C::MotivationRole,
            C::Leaving,
            C::CareerGoal,
            C::CareerPath,
            C::Vision,
        ],
    )
}

/// Whether the question reads one of `ids` at half an ask phrase or more.
fn asks_plainly(q: &Query, ids: &[CompetencyId]) -> bool {
    q.competencies
        .iter()
        .any(|&(c, s)| s >= 0.5 && ids.contains(&lexicon().competencies[c].id))
}

/// A question about the speaker's motives answered with a story that says nothing of why. (A
/// why about a choice in the work, "Why did you choose Kafka?", may be answered by its story;
/// an introduction owes no reasons, and is off only when it is one story told step by step or
/// one incident with no career in it, see [`told_step_by_step`] and
/// [`story_for_introduction`].)
fn story_for_motivation(r: &Reading) -> bool {
    let a = &r.analysis;
    let lower = &r.lower;
    r.kind == AnswerKind::Motivation
        && r.query.as_deref().is_some_and(asks_of_the_person)
        && a.action_i >= 2
        && a.result > 0
        && words_without_motive(lower, None).is_some()
}

/// A question of reasons answered with none and hardly a word of work ("outside of work I
/// boulder" to "what do you hope to find in your next role?"); a layoff told plainly has no
/// reason word either, but speaks of the company. [`story_for_motivation`] is the story form.
fn gives_no_reason(r: &Reading) -> bool {
    let w = data::words();
    if r.kind != AnswerKind::Motivation || !r.query.as_deref().is_some_and(asks_for_reasons) {
        return false;
    }
    let Some(words) = words_without_motive(&r.lower, Some(&w.career_words)) else {
        return false;
    };
    let mut of_work: Vec<&String> = words.iter().filter(|x| w.work_words.contains(x)).collect();
    of_work.sort();
    of_work.dedup();
    of_work.len() < 2
}

/// The draft's words when it gives no motive in so many words: no motivation cue, and none of
/// its words a motivation word or (when given) one of `extra_motives`; `None` when it gives one.
fn words_without_motive(lower: &str, extra_motives: Option<&WordList>) -> Option<Vec<String>> {
    let w = data::words();
    if w.motivation_cues.any_in(lower) {
        return None;
    }
    let words = text::words(lower);
    let motive = words
        .iter()
        .any(|x| w.motivation_words.contains(x) || extra_motives.is_some_and(|l| l.contains(x)));
    (!motive).then_some(words)
}

/// Whether a question asks for the speaker's reasons to move or aims: why this role, why
/// leave, where they are going. A vision or the path so far is told, not argued, so it owes
/// no reason.
fn asks_for_reasons(q: &Query) -> bool {
    use CompetencyId as C;
    asks_plainly(q, &[C::MotivationRole, C::Leaving, C::CareerGoal])
}

/// An introduction answered with one incident: a scene, a step of the speaker's and an outcome,
/// no opening on who the speaker is ("I'm a...", "my name is"), and no word of a career told
/// over time ("years", "since", "currently", "role"). The moves model may read too few of its
/// steps for [`told_step_by_step`] ("I read the guideline they cited, redesigned the
/// paywall...").
fn story_for_introduction(r: &Reading) -> bool {
    let a = &r.analysis;
    let incident =
        r.kind == AnswerKind::Introduction && a.situation > 0 && a.action_i >= 1 && a.result > 0;
    // The words are split only for an answer that already reads as one incident.
    incident && {
        let w = data::words();
        let words = text::words(&r.lower);
        !w.introduction_openings.anywhere(&words)
            && !words.iter().any(|x| w.career_words.contains(x))
    }
}

/// Whether the sentence models read the draft as about an asked competency in words no phrase
/// names: one sentence the shows model reads as it ("I sat with her every morning" for
/// mentoring), or the question classifier reading all its words with the asked one high.
fn models_read_asked(r: &Reading, asked: &[usize]) -> bool {
    let shows_asked = r
        .sentences
        .iter()
        .filter_map(|(s, _)| data::data().shows.read(s))
        .any(|(c, odds)| odds >= 0.0 && asked.contains(&c));
    shows_asked
        || data::data()
            .intent
            .read(&r.analysis.text)
            .competencies
            .iter()
            .take(draft_intent_rank())
            .any(|(c, _)| asked.contains(c))
}

/// The share of the classifier's readings of a draft, best first, among which the asked
/// competency must stand for the draft to count as answering it: a share, not a count, so
/// that a richer taxonomy does not push an answering draft out (8 of 39 competencies, 9 of 44).
const DRAFT_INTENT_SHARE: f32 = 0.2;

fn draft_intent_rank() -> usize {
    (DRAFT_INTENT_SHARE * lexicon().competencies.len() as f32).ceil() as usize
}

/// Off-question: the question asks for competencies, the draft shows others and none of them,
/// and shares no content word with the question beyond the frame of questions. Conservative,
/// since a false alarm costs trust.
fn off_question(query: &Query, r: &Reading) -> bool {
    let (tokens, draft) = (&r.tokens, &r.analysis.text);
    let asked: Vec<usize> = query.plainly_phrased().collect();
    let open = asked.iter().any(|&c| lexicon().competencies[c].open);
    if asked.is_empty() || open {
        return false;
    }
    // Any sign of the asked competency, a phrase or one of its telling words ("vague" for
    // ambiguity), means the draft is trying to answer it; asked first, since it is the cheap
    // and the common way out.
    let answers = asked.iter().any(|&c| {
        let competency = &lexicon().competencies[c];
        competency.shown_in(tokens) >= 0.5 || competency.words_in(tokens) >= TELLING_WORD
    });
    // A failure or a weakness is asked for, and the speaker owns one ("I apologised to the
    // QA lead"): the draft answers it in words no competency phrase holds.
    let owned = || {
        asked.iter().any(|&c| {
            matches!(
                lexicon().competencies[c].id,
                CompetencyId::Failure | CompetencyId::Weakness
            )
        }) && r.owns_a_failing()
    };
    if answers || owned() {
        return false;
    }
    // A draft that shows no competency at all gives nothing to compare with.
    let shows_another = lexicon()
        .competencies
        .iter()
        .any(|c| c.shown_in(tokens) >= 1.0);
    if !shows_another {
        return false;
    }
    if models_read_asked(r, &asked) {
        return false;
    }
    // A shared word counts only if it says what the question is about: "team" or "go" is in
    // the questions of nearly every competency, unless it is a word of the asked one ("data"
    // for a data-driven question).
    let draft_terms = text::terms(draft);
    let intent = &data::data().intent;
    let telling = |t: &String| {
        !intent.is_frame_word(t)
            || asked
                .iter()
                .any(|&c| lexicon().competencies[c].stems.contains_key(t))
    };
    !query
        .terms
        .iter()
        .filter(|t| !data::words().question_filler.contains(t) && telling(t))
        .any(|t| draft_terms.contains(t))
}
