//! Tailoring to a job: one story per likely question, chosen for the whole loop, with a talk track.

use pathfinding::prelude::{Matrix, kuhn_munkres};

use super::jobs;

use super::lexicon::lexicon;
use super::rank::{Scored, squash};
use crate::report::{StoryRef, TailoredQuestion};
use crate::story::{Entry, Kind, Part, searchable_text};
use crate::text;

/// Below this raw fit an entry does not answer the question, and the question gets no story.
pub const MIN_FIT: f32 = 0.35;
const ALTERNATES: usize = 3;
const MAX_WEAVE: usize = 6;
const MAX_TERM_GAPS: usize = 3;
/// The share of its fit a story loses for each time it is already told in one loop: a fresh
/// story that fits nearly as well is told instead, as a coach would plan it. A share, not an
/// amount, so that it means the same for the offline engine's sums of signals and the model's
/// fits, and a reuse keeps a positive worth and still beats leaving a question without a
/// story. Chosen on the postings dev split (see docs/eval.md, session 20).
const REUSE_DISCOUNT: f64 = 0.2;

/// Chooses one entry per question (or none), using no entry more than `max_reuse` times, so that
/// the total fit, each reuse discounted by `REUSE_DISCOUNT`, is as high as it can be (an
/// assignment problem, solved exactly).
pub fn assign(ranked: &[Vec<Scored>], max_reuse: usize, min_fit: f32) -> Vec<Option<usize>> {
    let rows = ranked.len();
    if rows == 0 {
        return Vec::new();
    }
    // Reuse beyond the number of questions changes nothing, and bounds the matrix.
    let max_reuse = max_reuse.clamp(1, rows);
    // A question's best choice always lies in its top `rows` candidates, so the rest can go.
    let mut columns: Vec<usize> = Vec::new();
    for list in ranked {
        for s in list.iter().take(rows).filter(|s| s.score >= min_fit) {
            if !columns.contains(&s.entry) {
                columns.push(s.entry);
            }
        }
    }
    // Each further use of an entry is a slot of its own, worth less by `REUSE_DISCOUNT` a use:
    // a story told twice in one loop is worth less than a fresh one that fits nearly as well.
    let slots: Vec<Option<(usize, usize)>> = columns
        .iter()
        .flat_map(|&e| (0..max_reuse).map(move |use_| Some((e, use_))))
        .chain(std::iter::repeat_n(None, rows))
        .collect();
    let weights = Matrix::from_fn(rows, slots.len(), |(r, c)| {
        slots[c].map_or(0, |(e, use_)| {
            ranked[r]
                .iter()
                .take(rows)
                .find(|s| s.entry == e && s.score >= min_fit)
                .map_or(i64::MIN / 1024, |s| {
                    {
                        let kept = (1.0 - REUSE_DISCOUNT).powi(use_ as i32);
                        // At least 1, so that even a much-used story beats no story.
                        ((f64::from(s.score) * kept * 1e6) as i64).max(1)
                    }
                })
        })
    });
    let (_, chosen) = kuhn_munkres(&weights);
    chosen
        .into_iter()
        .map(|c| slots[c].map(|(e, _)| e))
        .collect()
}

/// Builds the answer for one question from its chosen entry.
pub struct Plan<'a> {
    pub question: &'a crate::report::LikelyQuestion,
    pub ranked: &'a [Scored],
    pub chosen: Option<usize>,
    /// Whether the evidence is job text (not the core-set note), so its terms can be woven in.
    pub question_from_job: bool,
}

pub fn tailored(plan: Plan, entries: &[Entry], budget_words: usize, wpm: u32) -> TailoredQuestion {
    let story_ref = |s: &Scored| StoryRef {
        id: entries[s.entry].id.clone(),
        title: entries[s.entry].title.clone(),
        score: squash(s.score),
    };
    let chosen = plan
        .chosen
        .and_then(|e| plan.ranked.iter().find(|s| s.entry == e));
    // An alternate is something to tell instead: a story for a story, an answer for an answer.
    let chosen_kind = plan.chosen.map(|e| entries[e].kind);
    let alternates = plan
        .ranked
        .iter()
        .filter(|s| Some(s.entry) != plan.chosen && s.score >= MIN_FIT)
        .filter(|s| chosen_kind.is_none_or(|k| entries[s.entry].kind == k))
        .take(ALTERNATES)
        .map(story_ref)
        .collect();
    let mut out = TailoredQuestion {
        question: plan.question.question.clone(),
        competency: plan.question.competency,
        evidence: plan.question.evidence.clone(),
        story: chosen.map(story_ref),
        alternates,
        talk_track: Vec::new(),
        talk_track_from: Vec::new(),
        weave_in: Vec::new(),
        gaps: Vec::new(),
        speaking_seconds: 0,
        unsupported: Vec::new(),
        budget_notes: Vec::new(),
        fallback: None,
    };
    let Some(entry) = chosen.map(|s| &entries[s.entry]) else {
        out.gaps
            .push("no entry in your bank fits this question: write one".into());
        return out;
    };
    let (lines, from) = talk_track(entry, budget_words);
    let words: usize = lines.iter().map(|l| text::word_count(l)).sum();
    out.speaking_seconds = (words as f64 * 60.0 / f64::from(wpm)).round() as u32;
    out.talk_track = lines;
    out.talk_track_from = from;
    let from_job: Vec<String> = if plan.question_from_job {
        out.evidence.clone()
    } else {
        Vec::new()
    };
    // The closest story is still the plan's pick (a coach bridges to it rather than leave the
    // question bare), but it is said to be that: `match` on the same question offers nothing.
    if chosen.is_some_and(|s| !s.fits) {
        out.gaps.push(CLOSEST_ONLY.into());
    }
    add_terms_and_gaps(&mut out, entry, &from_job);
    out
}

/// The gap of a pick that is the closest story, not one that answers the question.
pub const CLOSEST_ONLY: &str = "no story of yours answers this directly; this is the closest: bridge to it, or write one that fits";

/// The job's words for this question: those the story backs are to weave in; the competency's
/// own terms the story lacks are gaps (a product name it lacks is just not mentioned).
fn add_terms_and_gaps(out: &mut TailoredQuestion, entry: &Entry, from_job: &[String]) {
    let story = text::Vocabulary::of([searchable_text(entry).as_str()]);
    let competency = Some(lexicon().get(out.competency));
    let mut missing = Vec::new();
    for line in from_job {
        let names = jobs::line_terms(line, None)
            .into_iter()
            .filter(|t| jobs::is_name(t));
        for term in jobs::line_terms(line, competency).into_iter().chain(names) {
            if jobs::held_by(&story, &term) {
                if !out.weave_in.contains(&term) {
                    out.weave_in.push(term);
                }
            } else if !jobs::is_name(&term)
                && !missing.contains(&term)
                // A bare verb ("write") says what the job does, not a skill the story lacks;
                // a gerund ("profiling") can be one.
                && !is_bare_verb(&term)
            {
                missing.push(term);
            }
        }
    }
    out.weave_in.truncate(MAX_WEAVE);
    for term in missing.into_iter().take(MAX_TERM_GAPS) {
        out.gaps.push(format!(
            "the posting asks for \"{term}\"; this story never shows it"
        ));
    }
    if entry.kind == Kind::Story {
        for part in [Part::Situation, Part::Task, Part::Action, Part::Result] {
            if !entry.has_part(part) {
                out.gaps.push(format!("the story has no {}", part.name()));
            }
        }
        if entry.has_part(Part::Result) && !text::has_metric(&entry.part_text(Part::Result)) {
            out.gaps
                .push("the result has no number: add how much, how many or how fast".into());
        }
    }
}

fn is_bare_verb(term: &str) -> bool {
    let lower = term.to_lowercase();
    let c = super::cues::cues();
    !lower.contains(' ') && (c.action_verbs.contains(&lower) || c.not_actions.contains(&lower))
}

/// Lines from the entry's own fields, in STAR order, trimmed to about `budget` words: the first
/// item of every part first, then more Action, Result, Situation, Task and Learned while it fits.
pub fn talk_track(entry: &Entry, budget: usize) -> (Vec<String>, Vec<String>) {
    let parts: Vec<(Part, Vec<String>)> = if entry.kind == Kind::Story {
        [
            Part::Situation,
            Part::Task,
            Part::Action,
            Part::Result,
            Part::Learned,
        ]
        .into_iter()
        .map(|p| (p, items(&entry.part_text(p))))
        .filter(|(_, items)| !items.is_empty())
        .collect()
    } else {
        vec![(Part::Other, items(&entry.body()))]
            .into_iter()
            .filter(|(_, items)| !items.is_empty())
            .collect()
    };
    let mut picked: Vec<(usize, usize)> = (0..parts.len()).map(|p| (p, 0)).collect();
    let mut words: usize = parts.iter().map(|(_, it)| text::word_count(&it[0])).sum();
    for part in [
        Part::Action,
        Part::Result,
        Part::Situation,
        Part::Task,
        Part::Learned,
        Part::Other,
    ] {
        let Some(p) = parts.iter().position(|(q, _)| *q == part) else {
            continue;
        };
        for (i, item) in parts[p].1.iter().enumerate().skip(1) {
            let w = text::word_count(item);
            if words + w > budget {
                break;
            }
            words += w;
            picked.push((p, i));
        }
    }
    picked.sort_unstable();
    picked
        .into_iter()
        .map(|(p, i)| {
            let name = match parts[p].0 {
                Part::Other => "points",
                other => other.name(),
            };
            (parts[p].1[i].clone(), name.to_string())
        })
        .unzip()
}

/// Bullet items of a section as plain sentences: bullet marks and bold labels removed.
fn items(section: &str) -> Vec<String> {
    section
        .lines()
        .map(|l| text::strip_bullet(l).replace("**", ""))
        .map(|l| l.trim().to_string())
        .filter(|l| l.chars().any(char::is_alphanumeric))
        .map(|l| {
            if l.ends_with(['.', '!', '?', ':']) {
                l
            } else {
                format!("{l}.")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::story::Section;

    fn scored(entry: usize, score: f32) -> Scored {
        Scored::given(entry, score)
    }

    #[test]
    fn a_huge_reuse_limit_is_bounded_by_the_questions() {
        let ranked = vec![vec![scored(0, 2.0), scored(1, 1.0)]; 3];
        assert_eq!(assign(&ranked, usize::MAX, MIN_FIT), vec![Some(0); 3]);
        let once = assign(&ranked, 1, MIN_FIT);
        assert_eq!(once.iter().filter(|c| **c == Some(0)).count(), 1);
        assert_eq!(once.iter().filter(|c| **c == Some(1)).count(), 1);
        assert_eq!(once.iter().filter(|c| c.is_none()).count(), 1);
    }

    #[test]
    fn a_fresh_story_that_fits_nearly_as_well_beats_telling_one_twice() {
        // Entry 0 fits both questions best; entry 1 fits the second a little less well.
        let ranked = vec![
            vec![scored(0, 0.9), scored(1, 0.4)],
            vec![scored(0, 0.8), scored(1, 0.7)],
        ];
        assert_eq!(assign(&ranked, 2, MIN_FIT), vec![Some(0), Some(1)]);
        // Far apart, the better story is still told twice rather than a weak one once.
        let ranked = vec![
            vec![scored(0, 0.9), scored(1, 0.4)],
            vec![scored(0, 0.9), scored(1, 0.4)],
        ];
        assert_eq!(assign(&ranked, 2, MIN_FIT), vec![Some(0), Some(0)]);
        // The only story that fits, barely, is told for every question it may be.
        let ranked = vec![vec![scored(0, MIN_FIT + 0.01)]; 3];
        assert_eq!(assign(&ranked, 3, MIN_FIT), vec![Some(0); 3]);
    }

    #[test]
    fn an_answer_without_text_gives_an_empty_talk_track() {
        let entry = Entry {
            id: "why-us".into(),
            kind: Kind::Answer,
            title: "Why us".into(),
            company: None,
            categories: vec![],
            tags: vec![],
            sections: vec![Section {
                name: "Points".into(),
                text: String::new(),
            }],
        };
        assert_eq!(talk_track(&entry, 300), (vec![], vec![]));
    }

    #[test]
    fn a_bare_verb_is_no_gap_but_a_gerund_or_a_phrase_can_be() {
        assert!(is_bare_verb("write"));
        assert!(is_bare_verb("Built"));
        assert!(!is_bare_verb("profiling"));
        assert!(!is_bare_verb("code review"));
        assert!(!is_bare_verb("Kafka"));
    }
}
