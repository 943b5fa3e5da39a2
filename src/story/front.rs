//! The front matter of a native file, read field by field so that every problem in it is named
//! at once (`stories lint` promises every problem, not only the first).

use serde::Serialize;
use toml::{Table, Value};

use super::native::NativeError;
use super::{Kind, valid_id};

/// The fields a front matter may hold, in the order files write them.
const FIELDS: [&str; 6] = ["id", "kind", "title", "company", "categories", "tags"];

/// The front matter's fields, each of the right type and value: what [`read`] gives, and what
/// `render_entry` writes, in this order.
#[derive(Serialize)]
pub(super) struct Front {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

/// Reads the lines between the `+++` lines; every problem names its line in the file.
pub(super) fn read(front: &[&str]) -> Result<Front, Vec<NativeError>> {
    let text = front.join("\n");
    let table: Table = toml::from_str(&text).map_err(|e| vec![syntax(&text, &e)])?;
    let mut check = Check {
        front,
        table: &table,
        problems: Vec::new(),
    };
    for key in table.keys().filter(|k| !FIELDS.contains(&k.as_str())) {
        let expected = FIELDS.map(|f| format!("`{f}`")).join(", ");
        check.problem(
            key,
            format!("front matter: unknown field `{key}`, expected one of {expected}"),
        );
    }
    let id = check.string("id", true);
    let kind = check.string("kind", true);
    let title = check.string("title", true);
    let company = check.string("company", false);
    let categories = check.strings("categories");
    let tags = check.strings("tags");
    let kind = kind.and_then(|k| match k.as_str() {
        "story" => Some(Kind::Story),
        "answer" => Some(Kind::Answer),
        other => {
            check.problem(
                "kind",
                format!("unknown kind {other:?}: use \"story\" or \"answer\""),
            );
            None
        }
    });
    if let Some(id) = id.as_deref().filter(|id| !valid_id(id)) {
        check.problem(
            "id",
            format!("invalid id {id:?}: use 1-64 letters, digits, `-` or `_`"),
        );
    }
    let mut problems = check.problems;
    match (id, kind, title) {
        (Some(id), Some(kind), Some(title)) if problems.is_empty() => Ok(Front {
            id,
            kind,
            title,
            company,
            categories,
            tags,
        }),
        _ => {
            problems.sort_by_key(|p| p.line);
            Err(problems)
        }
    }
}

/// A TOML syntax error, at its line in the file (the front matter starts on line 2).
fn syntax(text: &str, e: &toml::de::Error) -> NativeError {
    let line = e.span().map_or(1, |s| {
        text[..s.start.min(text.len())].matches('\n').count() + 1
    });
    NativeError::at(line + 1, format!("front matter: {}", e.message()))
}

/// The fields read so far and the problems found in them.
struct Check<'a> {
    front: &'a [&'a str],
    table: &'a Table,
    problems: Vec<NativeError>,
}

impl Check<'_> {
    fn problem(&mut self, key: &str, message: String) {
        let line = field_line(self.front, key);
        self.problems.push(NativeError::at(line, message));
    }

    /// A string field; a missing one is a problem when it is `required`.
    fn string(&mut self, key: &str, required: bool) -> Option<String> {
        match self.table.get(key) {
            Some(Value::String(s)) if !super::is_one_line(s) => {
                self.problem(key, format!("front matter: `{key}` must be one line"));
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                let found = other.type_str();
                self.problem(
                    key,
                    format!("front matter: `{key}` must be a string in quotes, not a {found}"),
                );
                None
            }
            None if required => {
                self.problem(key, format!("front matter: missing field `{key}`"));
                None
            }
            None => None,
        }
    }

    /// A list of strings ("categories", "tags"); missing is an empty list.
    fn strings(&mut self, key: &str) -> Vec<String> {
        let list = match self.table.get(key) {
            None => return Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>(),
            Some(_) => None,
        };
        let list = list.unwrap_or_else(|| {
            self.problem(
                key,
                format!("front matter: `{key}` must be a list of strings, like [\"Conflict\"]"),
            );
            Vec::new()
        });
        // A category or tag is one line, as `stories list` prints it.
        if !list.iter().all(|s| super::is_one_line(s)) {
            self.problem(
                key,
                format!("front matter: each of `{key}` must be one line"),
            );
        }
        list
    }
}

/// The file line (1-based) of the front matter line that sets `key`; the first front matter
/// line when none does (a missing field).
fn field_line(front: &[&str], key: &str) -> usize {
    front
        .iter()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(2, |i| i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(front: &str) -> Vec<(usize, String)> {
        let lines: Vec<&str> = front.lines().collect();
        match read(&lines) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|p| (p.line, p.message)).collect(),
        }
    }

    #[test]
    fn every_problem_of_a_front_matter_is_named_at_its_line() {
        let found = problems(
            "id = \"X1\"\nkind = \"anecdote\"\ntitle = \"T\"\ncategories = \"Conflict\"\ncolour = \"red\"",
        );
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 5, 6], "{found:?}");
        assert!(found[0].1.contains("anecdote"), "{found:?}");
        assert!(
            found[1].1.contains("`categories` must be a list"),
            "{found:?}"
        );
        assert!(found[2].1.contains("unknown field `colour`"), "{found:?}");
    }

    #[test]
    fn a_title_or_a_tag_of_several_lines_is_named() {
        let found = problems(
            "id = \"X1\"\nkind = \"story\"\ntitle = \"\"\"\ntwo\nlines\"\"\"\ntags = [\"a\\nb\"]",
        );
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`title` must be one line")),
            "{found:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("each of `tags` must be one line")),
            "{found:?}"
        );
    }

    #[test]
    fn a_missing_field_and_a_wrong_type_are_both_named() {
        let found = problems("id = \"bad id\"\nkind = \"story\"\ntags = [1, 2]");
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(messages.iter().any(|m| m.contains("missing field `title`")));
        assert!(messages.iter().any(|m| m.contains("invalid id")));
        assert!(messages.iter().any(|m| m.contains("`tags` must be a list")));
    }

    #[test]
    fn a_key_is_found_by_its_name_not_its_prefix() {
        let front = ["tagz = []", "tags = []"];
        assert_eq!(field_line(&front, "tags"), 3);
        assert_eq!(field_line(&front, "title"), 2);
    }
}
