//! LLM prompt templates (minijinja): defaults embedded from `prompts/*.j2`, overridable file by
//! file from a user directory (`[prompts] dir`).
//!
//! Templates render with strict undefined behavior (a misspelled variable is an error naming the
//! template and line), no autoescaping (prompts are not HTML), and `trim_blocks`/`lstrip_blocks`
//! so block tags on their own lines leave no blank lines behind. One filter is added: `pretty`
//! prints a string as it is and any other value as pretty JSON.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

/// Every prompt the LLM engine renders; each is the file `<name>.j2`.
pub const PROMPT_NAMES: &[&str] = &[
    "system",
    "match",
    "questions",
    "tailor",
    "critique",
    "followups",
];

const BUILTIN: [(&str, &str); 6] = [
    ("system", include_str!("../prompts/system.j2")),
    ("match", include_str!("../prompts/match.j2")),
    ("questions", include_str!("../prompts/questions.j2")),
    ("tailor", include_str!("../prompts/tailor.j2")),
    ("critique", include_str!("../prompts/critique.j2")),
    ("followups", include_str!("../prompts/followups.j2")),
];

#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("cannot read prompt override {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("prompt template {name} ({}), line {line}: {message}", describe(file.as_deref()))]
    Syntax {
        name: String,
        file: Option<PathBuf>,
        line: usize,
        message: String,
    },
    #[error("rendering prompt template {name} ({}) failed at line {line}: {message}", describe(file.as_deref()))]
    Render {
        name: String,
        file: Option<PathBuf>,
        line: usize,
        message: String,
    },
    #[error("unknown prompt {name:?}: the prompts are {}", PROMPT_NAMES.join(", "))]
    Unknown { name: String },
}

fn describe(file: Option<&Path>) -> String {
    file.map_or_else(|| "built in".to_string(), |p| p.display().to_string())
}

/// Where a template's source came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    Override(PathBuf),
}

impl Origin {
    /// `"builtin"` or `"override"`.
    pub fn label(&self) -> &'static str {
        match self {
            Origin::Builtin => "builtin",
            Origin::Override(_) => "override",
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::Builtin => None,
            Origin::Override(path) => Some(path),
        }
    }
}

struct Template {
    name: &'static str,
    source: Cow<'static, str>,
    origin: Origin,
}

/// The compiled prompt templates and where each came from.
pub struct Prompts {
    env: Environment<'static>,
    templates: Vec<Template>,
}

impl std::fmt::Debug for Prompts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origins: Vec<_> = self.templates.iter().map(|t| (t.name, &t.origin)).collect();
        f.debug_struct("Prompts")
            .field("templates", &origins)
            .finish()
    }
}

impl Prompts {
    /// The built-in templates, with `<name>.j2` files in `override_dir` replacing them one by one.
    /// A missing directory overrides nothing; other files in it are ignored. A leading `~/` means
    /// the home directory. Every template is compiled here, so syntax errors surface at load.
    pub fn load(override_dir: Option<&Path>) -> Result<Prompts, PromptError> {
        let dir = override_dir
            .filter(|d| !d.as_os_str().is_empty())
            .map(expand_home);
        if let Some(dir) = dir.as_deref().filter(|d| d.exists() && !d.is_dir()) {
            return Err(PromptError::Read {
                path: dir.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotADirectory,
                    "[prompts] dir must be a directory",
                ),
            });
        }
        let mut templates = Vec::with_capacity(BUILTIN.len());
        for (name, text) in BUILTIN {
            let path = dir.as_ref().map(|d| d.join(format!("{name}.j2")));
            let template = match path.filter(|p| p.is_file()) {
                Some(path) => Template {
                    name,
                    source: Cow::Owned(read_override(&path)?),
                    origin: Origin::Override(path),
                },
                None => Template {
                    name,
                    source: Cow::Borrowed(text),
                    origin: Origin::Builtin,
                },
            };
            templates.push(template);
        }
        Self::compile(templates)
    }

    /// The built-in templates only.
    pub fn builtin() -> Prompts {
        let templates = BUILTIN
            .iter()
            .map(|&(name, text)| Template {
                name,
                source: Cow::Borrowed(text),
                origin: Origin::Builtin,
            })
            .collect();
        Self::compile(templates).expect("built-in prompt templates compile (tested)")
    }

    fn compile(templates: Vec<Template>) -> Result<Prompts, PromptError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("default delimiters are valid"),
        );
        env.add_filter("pretty", pretty);
        for t in &templates {
            env.add_template_owned(t.name, t.source.clone().into_owned())
                .map_err(|e| PromptError::Syntax {
                    name: t.name.to_string(),
                    file: t.origin.path().map(Path::to_path_buf),
                    line: e.line().unwrap_or(0),
                    message: message(&e),
                })?;
        }
        Ok(Prompts { env, templates })
    }

    fn find(&self, name: &str) -> Result<&Template, PromptError> {
        self.templates
            .iter()
            .find(|t| t.name == name)
            .ok_or_else(|| PromptError::Unknown {
                name: name.to_string(),
            })
    }

    /// The source text of a template and where it came from.
    pub fn source(&self, name: &str) -> Result<(&str, &Origin), PromptError> {
        let t = self.find(name)?;
        Ok((&t.source, &t.origin))
    }

    /// Renders a template with `ctx` (a JSON object of the template's variables).
    pub fn render(&self, name: &str, ctx: &serde_json::Value) -> Result<String, PromptError> {
        let t = self.find(name)?;
        let render_error = |e: minijinja::Error| PromptError::Render {
            name: t.name.to_string(),
            file: t.origin.path().map(Path::to_path_buf),
            line: e.line().unwrap_or(0),
            message: message(&e),
        };
        let template = self.env.get_template(t.name).map_err(render_error)?;
        template
            .render(Value::from(Serde(ctx)))
            .map_err(render_error)
    }
}

fn read_override(path: &Path) -> Result<String, PromptError> {
    std::fs::read_to_string(path).map_err(|source| PromptError::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn expand_home(dir: &Path) -> PathBuf {
    let Ok(rest) = dir.strip_prefix("~") else {
        return dir.to_path_buf();
    };
    match directories::BaseDirs::new() {
        Some(base) => base.home_dir().join(rest),
        None => dir.to_path_buf(),
    }
}

/// The error without minijinja's own " (in name:line)" suffix, which the caller words itself.
fn message(e: &minijinja::Error) -> String {
    match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    }
}

/// The `pretty` filter: strings as they are, anything else as pretty-printed JSON.
fn pretty(value: Value) -> Result<String, minijinja::Error> {
    if let Some(text) = value.as_str() {
        return Ok(text.to_string());
    }
    serde_json::to_string_pretty(&value).map_err(|e| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("cannot print as JSON: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn candidates() -> Value {
        json!([{
            "id": "CR2", "kind": "story",
            "title": "Analyzed thread and heap dumps to stop a UI server crashing",
            "categories": ["Teamwork"],
            "sections": [
                {"name": "Situation", "text": "- The UI server crashed twice a day for a major customer."},
                {"name": "Result", "text": "- Crashes stopped; p99 latency fell from 4 s to 300 ms."}
            ]
        }])
    }

    fn context(name: &str) -> Value {
        let schema = json!({"type": "object", "properties": {"ranking": {"type": "array"}}});
        let q = "Tell me about a time you fixed a production problem.";
        match name {
            "system" => json!({"vision": "reliability is a product's core feature"}),
            "match" => json!({"question": q, "candidates": candidates(), "schema": schema}),
            "questions" => json!({
                "job": "We run payments.\nYou will own on-call and SLOs.", "count": 5,
                "seed_questions": [{"question": q, "competency": "ownership",
                    "evidence": ["You will own on-call and SLOs."]}],
                "schema": null
            }),
            "tailor" => json!({
                "question": q, "evidence": ["You will own on-call and SLOs."],
                "job_title": "Senior SRE", "candidates": candidates(), "target_words": 300,
                "schema": serde_json::to_string_pretty(&schema).unwrap()
            }),
            "critique" => json!({
                "question": null, "draft": "We fixed it.", "vision": "reliability first",
                "job": null, "rubric": [{"code": "no-metrics", "meaning": "nothing measurable"}],
                "offline_findings": [{"code": "we-not-i", "message": "3 we, 0 I"}], "schema": schema
            }),
            "followups" => json!({
                "question": q, "answer": "I restarted the server.", "weak_points": ["no metric"],
                "vision": null, "count": 3, "schema": null
            }),
            other => panic!("no context for {other}"),
        }
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn prompts_can_be_shared_across_tasks() {
        fn check<T: Send + Sync>() {}
        check::<Prompts>();
    }

    #[test]
    fn every_builtin_compiles_and_renders() {
        let prompts = Prompts::builtin();
        for name in PROMPT_NAMES {
            let text = prompts.render(name, &context(name)).unwrap();
            assert!(text.len() > 100, "{name}: {text}");
            assert!(
                !text.contains("\n\n\n"),
                "{name} has stray blank lines:\n{text}"
            );
            assert_eq!(prompts.source(name).unwrap().1, &Origin::Builtin);
        }
        let tailor = prompts.render("tailor", &context("tailor")).unwrap();
        assert!(
            tailor.contains("<story id=\"CR2\" kind=\"story\">"),
            "{tailor}"
        );
        assert!(tailor.contains("at most 300 words"), "{tailor}");
        assert!(
            tailor.contains("Reply with JSON matching this schema:\n{"),
            "{tailor}"
        );
        let matched = prompts.render("match", &context("match")).unwrap();
        assert!(
            matched.contains("\"ranking\""),
            "schema objects print as JSON: {matched}"
        );
        let questions = prompts.render("questions", &context("questions")).unwrap();
        assert!(!questions.contains("schema"), "{questions}");
    }

    #[test]
    fn optional_values_may_be_null() {
        let prompts = Prompts::builtin();
        let system = prompts.render("system", &json!({"vision": null})).unwrap();
        assert!(!system.contains("vision"), "{system}");
        assert!(!system.contains("none"), "{system}");
        let mut ctx = context("tailor");
        ctx["job_title"] = Value::Null;
        ctx["schema"] = Value::Null;
        let tailor = prompts.render("tailor", &ctx).unwrap();
        assert!(!tailor.contains("Role:"), "{tailor}");
    }

    #[test]
    fn an_override_replaces_one_template() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "critique.j2", "Critique {{ draft }} now.");
        write(dir.path(), "notes.j2", "{% broken");
        let prompts = Prompts::load(Some(dir.path())).unwrap();
        let (source, origin) = prompts.source("critique").unwrap();
        assert_eq!(source, "Critique {{ draft }} now.");
        assert_eq!(origin, &Origin::Override(dir.path().join("critique.j2")));
        let text = prompts.render("critique", &context("critique")).unwrap();
        assert_eq!(text, "Critique We fixed it. now.");
        for name in PROMPT_NAMES.iter().filter(|n| **n != "critique") {
            assert_eq!(prompts.source(name).unwrap().1, &Origin::Builtin, "{name}");
        }
    }

    #[test]
    fn a_missing_override_dir_overrides_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let prompts = Prompts::load(Some(&dir.path().join("absent"))).unwrap();
        assert!(
            PROMPT_NAMES
                .iter()
                .all(|n| prompts.source(n).unwrap().1 == &Origin::Builtin)
        );
        assert!(Prompts::load(None).is_ok());
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "match.j2",
            "Question: {{ question }}\n\n{% for c in candidates %}\n",
        );
        let err = Prompts::load(Some(dir.path())).unwrap_err();
        assert!(matches!(err, PromptError::Syntax { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("match"), "{text}");
        assert!(text.contains("match.j2"), "{text}");
        assert!(text.contains("line 3") || text.contains("line 4"), "{text}");
    }

    #[test]
    fn a_missing_variable_is_a_render_error_naming_the_template() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "followups.j2", "Answer:\n{{ answr }}\n");
        let prompts = Prompts::load(Some(dir.path())).unwrap();
        let err = prompts
            .render("followups", &context("followups"))
            .unwrap_err();
        let PromptError::Render { name, line, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!((name.as_str(), *line), ("followups", 2));
        assert!(err.to_string().contains("followups.j2"), "{err}");
    }

    #[test]
    fn an_unknown_name_lists_the_names() {
        let prompts = Prompts::builtin();
        let err = prompts.source("critic").unwrap_err().to_string();
        assert!(err.contains("critic"), "{err}");
        assert!(PROMPT_NAMES.iter().all(|n| err.contains(n)), "{err}");
        assert!(prompts.render("critic", &json!({})).is_err());
    }

    #[test]
    fn an_unreadable_override_names_the_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("system.j2"), [0xff, 0xfe, 0x00]).unwrap();
        let err = Prompts::load(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("system.j2"), "{err}");
    }
}
