//! "Why X" answers and the entity each names, with what the bank says that entity is: "Why
//! Cybereason" is also named by "a cybersecurity company" when the bank calls it that.

use super::data;
use super::query::Query;
use crate::story::Entry;
use crate::text;

/// Words between "X, a" and the noun that says what X is ("X, a fast-growing cybersecurity
/// company"): an appositive longer than this is a clause, not a description.
const DESCRIPTION_WORDS: usize = 4;

/// A "Why X" answer and the entity it names, for "Why did you join X?" questions.
pub struct WhyEntity {
    pub entry: usize,
    /// Stems of the entity words ("cu", "boulder").
    pub stems: Vec<String>,
    /// Entity words that are also common words ("US"): they must appear in capitals.
    pub capitals: Vec<String>,
    /// What the bank says the entity is, each a set of stems a question must all hold to name
    /// it ("cybersecur" from "Cybereason, a cybersecurity company in the US").
    pub descriptions: Vec<Vec<String>>,
    /// Whether the bank writes the entity next to a word of formal study: a school, which a why
    /// question naming a degree asks about.
    pub studied: bool,
    /// Whether the title says the move was leaving ("Why left CTO"), not going to X.
    pub left: bool,
    /// Whether the bank says its author works at the entity now: "your current company" names it.
    pub current: bool,
}

impl WhyEntity {
    /// The entity of entry `i` when it is a "Why X" answer, with what the bank's appositives
    /// say it is.
    pub fn of(i: usize, e: &Entry, bank: &Appositives) -> Option<WhyEntity> {
        let words: Vec<&str> = e
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if !words.first()?.eq_ignore_ascii_case("why") && !e.id.starts_with("why-") {
            return None;
        }
        let rest: Vec<&str> = words
            .iter()
            .skip_while(|w| w.eq_ignore_ascii_case("why"))
            .copied()
            .collect();
        let (mut stems, mut verbs, mut capitals) = (Vec::new(), Vec::new(), Vec::new());
        // The entity as the bank would write it before an appositive: "Why join Quillmark" is
        // about "quillmark".
        let mut named: Vec<String> = Vec::new();
        let mut left = false;
        for w in &rest {
            let lower = w.to_lowercase();
            left |= data::words().leaving_moves.contains(&lower);
            if data::words().moves.contains(&lower) {
                verbs.push(text::stem(&lower));
                continue;
            }
            named.push(lower.clone());
            if !text::is_stopword(&lower) {
                stems.push(text::stem(&lower));
            } else if w.len() > 1 && w.chars().all(|c| c.is_uppercase()) {
                capitals.push(w.to_string());
            }
        }
        // "Why left CTO" is about the CTO role, not about leaving: the verb names the entity
        // only when nothing else does ("Why applied").
        if stems.is_empty() && capitals.is_empty() {
            stems = verbs;
        }
        if stems.is_empty() && capitals.is_empty() {
            return None;
        }
        let entity = named.join(" ");
        let descriptions = bank.describing(&entity);
        let studied = bank.studied(&named);
        // A school the bank studies at is no employer, whatever the line that names it says.
        let current = !left && !studied && bank.works_at_now(&entity);
        Some(WhyEntity {
            entry: i,
            stems,
            capitals,
            descriptions,
            studied,
            left,
            current,
        })
    }

    /// How many of the entity's words the question names; a description named in full counts
    /// as the whole entity.
    pub fn named_in(&self, query: &Query) -> usize {
        let all = self.stems.len() + self.capitals.len();
        if query.is_why()
            && (self
                .descriptions
                .iter()
                .any(|d| d.iter().all(|s| query.stems.contains(s)))
                || (self.studied && data::words().names_study(&query.raw))
                || (self.current && asks_why_joined_current(&query.raw)))
        {
            return all;
        }
        let words = || query.raw.split(|ch: char| !ch.is_alphanumeric());
        self.stems
            .iter()
            .filter(|s| query.stems.contains(s))
            .count()
            + self
                .capitals
                .iter()
                .filter(|c| words().any(|w| w == c.as_str()))
                .count()
    }
}

/// Words before "current company" within which a verb of joining makes a question ask why one
/// joined it ("what drew you to your current employer").
const JOINED_WITHIN: usize = 4;

/// Whether a question asks why the speaker joined their current employer: "what made you join
/// your current company?", "what drew you to your current employer?"; not "why move on from your
/// current role?", "why did your current company pick Go?" or "why did you present to the team?".
fn asks_why_joined_current(question: &str) -> bool {
    let w = data::words();
    let words = text::words(question);
    (1..words.len()).any(|i| {
        w.current_words.contains(&words[i - 1])
            && w.employer_nouns.contains(&words[i])
            && words[(i - 1).saturating_sub(JOINED_WITHIN)..i - 1]
                .iter()
                .any(|x| w.joining_moves.contains(x))
    })
}

/// The bank's appositives that describe an organisation ("Quillmark, a payments startup") and
/// its lines about formal study, gathered in one pass so that each "Why X" answer looks its X up
/// instead of reading the bank again.
pub struct Appositives {
    /// Each appositive: the text just before it, lowercase, and its description as stems.
    described: Vec<(String, Vec<String>)>,
    /// The bank's lines that name formal study, lowercase.
    study_lines: Vec<String>,
    /// What follows "at" where the bank says where its author works now ("I'm working as an
    /// engineer at quillmark, ..."), lowercase.
    at_now: Vec<String>,
}

/// The fewest characters of an entity's word that name it in a line about study.
const MIN_NAME_CHARS: usize = 4;

/// Characters before an appositive kept to find the entity it describes.
const BEFORE_CHARS: usize = 60;

impl Appositives {
    /// Every appositive "..., a ... <organisation noun>" of the bank's texts, with the text just
    /// before it, lowercase, and its description as stems.
    pub fn of(bank: &[String]) -> Appositives {
        let w = data::words();
        let mut found = Vec::new();
        for text in bank {
            let lower = text.to_lowercase();
            for (at, comma) in lower.match_indices(", a") {
                let after = &lower[at + comma.len()..];
                let Some(rest) = after.strip_prefix(' ').or_else(|| after.strip_prefix("n "))
                else {
                    continue;
                };
                // Split as a question's words are ("early-stage" is two), so that a question
                // can hold every stem of a description; only as far as a description reaches,
                // not the rest of the entry.
                let mut words: Vec<String> = Vec::new();
                for token in rest.split_whitespace() {
                    if words.len() > DESCRIPTION_WORDS {
                        break;
                    }
                    words.extend(text::words(token));
                }
                words.truncate(DESCRIPTION_WORDS + 1);
                let Some(head) = words.iter().position(|x| w.organisation_nouns.contains(x)) else {
                    continue;
                };
                let stems: Vec<String> = words[..head]
                    .iter()
                    .filter(|x| !text::is_stopword(x))
                    .map(|x| text::stem(x))
                    .collect();
                let from = lower[..at]
                    .char_indices()
                    .rev()
                    .nth(BEFORE_CHARS - 1)
                    .map_or(0, |(i, _)| i);
                if !stems.is_empty() {
                    found.push((lower[from..at].to_string(), stems));
                }
            }
        }
        let study_lines = bank
            .iter()
            .flat_map(|t| t.lines())
            .filter(|l| w.names_study(l))
            .map(str::to_lowercase)
            .collect();
        Appositives {
            described: found,
            study_lines,
            at_now: Vec::new(),
        }
    }

    /// The same, knowing where the bank says its author works now from `answers`, the texts of
    /// its prepared answers: a story told in the present tense ("right now at Ferncast they take
    /// minutes") says nothing of the author's employer today.
    pub fn with_work_now(mut self, answers: &[&str]) -> Appositives {
        self.at_now = answers
            .iter()
            .flat_map(|t| t.lines())
            .flat_map(at_now)
            .collect();
        self
    }

    /// Whether a line of the bank that names formal study also names the entity by one of its
    /// longer words ("boulder" of "CU Boulder" in "...at the University of Colorado Boulder"):
    /// an abbreviation or a short word is too easily met by chance.
    fn studied(&self, entity: &[String]) -> bool {
        let long: Vec<&String> = entity
            .iter()
            .filter(|w| w.chars().count() >= MIN_NAME_CHARS && !text::is_stopword(w))
            .collect();
        !long.is_empty()
            && self
                .study_lines
                .iter()
                .any(|line| text::words(line).iter().any(|word| long.contains(&word)))
    }

    /// Whether the bank says its author works at `entity` (lowercase) now.
    fn works_at_now(&self, entity: &str) -> bool {
        !entity.is_empty()
            && self.at_now.iter().any(|after| {
                after
                    .strip_prefix(entity)
                    .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
            })
    }

    /// What the bank says `entity` (lowercase) is: each description of an appositive right after
    /// it, once.
    fn describing(&self, entity: &str) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for (before, stems) in &self.described {
            let Some(rest) = before.strip_suffix(entity) else {
                continue;
            };
            if rest.chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            if !out.contains(stems) {
                out.push(stems.clone());
            }
        }
        out
    }
}

/// Characters after a cue of working now within which its "at" must come: "I'm working as a
/// senior software engineer at X" fits.
const AT_WITHIN: usize = 60;

/// The text after "at" wherever `line` says where its author works now ("I'm working as an
/// engineer at Quillmark, ..."), lowercase: an "at" in the cue's own clause (no punctuation
/// between) before a capitalised name, so "I work at scale on payments at Quillmark" names
/// Quillmark and "I am working for Quillmark, previously at Ferncast" names no one.
fn at_now(line: &str) -> Vec<String> {
    let line = line.replace('’', "'");
    let (lower, at_byte) = text::lowercase_mapped(&line);
    let mut found = Vec::new();
    for cue in &data::words().present_work_cues {
        for (i, _) in lower.match_indices(cue.as_str()) {
            // The cue starts a word ("i work", not "wiki work").
            if lower[..i].ends_with(char::is_alphanumeric) {
                continue;
            }
            let from = i + cue.len();
            let window = &lower[from..];
            let clause = &window[..window
                .find(|c: char| ",;:.()!?—–".contains(c))
                .unwrap_or(window.len())];
            let named = clause.match_indices("at ").map(|(a, _)| a).find(|&a| {
                (a == 0 || clause[..a].ends_with(' '))
                    && clause[..a].chars().count() <= AT_WITHIN
                    && line[at_byte[from + a + 3]..].starts_with(char::is_uppercase)
            });
            if let Some(a) = named {
                found.push(window[a + 3..].to_string());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::Appositives;
    use crate::text;

    #[test]
    fn an_appositive_ending_on_an_organisation_noun_describes_the_entity() {
        let bank = [
            "- I work at Quillmark, a payments startup in Porto".to_string(),
            "- Quillmark, a name I picked, was taken".to_string(),
            "- NotQuillmark, a lookalike company".to_string(),
            "- At quillmark, an early-stage fintech company, I led billing".to_string(),
        ];
        let found = Appositives::of(&bank).describing("quillmark");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0], [text::stem("payments")]);
        // Split and stemmed as a question is, so a question can name it whole.
        let asked = text::all_stems("Why an early-stage fintech?");
        assert!(found[1].iter().all(|s| asked.contains(s)), "{found:?}");
    }

    #[test]
    fn the_employer_of_now_is_a_capitalised_name_after_at_in_a_statement_of_working() {
        let answers = [
            "- I’m working as a senior engineer at Quillmark, a payments startup",
            "- I work at scale on payments at Ledgerly",
            "- I am working for Ferncast, previously at Orbweave",
            "- I'm currently studying at Nantes",
            "- I work on billing, and at night I study at Tidewell",
            "- Since 2020 I have been working at the night shift",
        ];
        let found = Appositives::of(&[]).with_work_now(&answers);
        assert!(found.works_at_now("quillmark"));
        // The capitalised name, not the first "at": "at scale" is no employer.
        assert!(found.works_at_now("ledgerly"));
        assert!(!found.works_at_now("scale"));
        // A name past the cue's clause, or after no statement of working, is not today's.
        assert!(!found.works_at_now("orbweave"));
        assert!(!found.works_at_now("nantes"));
        assert!(!found.works_at_now("tidewell"));
        assert!(!found.works_at_now("the"));
        // A name is matched whole: "quill" is not "quillmark".
        assert!(!found.works_at_now("quill"));
        assert!(!found.works_at_now(""));
    }
}
