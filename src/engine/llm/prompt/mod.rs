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
    "brief",
];

const BUILTIN: [(&str, &str); 7] = [
    ("system", include_str!("../../../../prompts/system.j2")),
    ("match", include_str!("../../../../prompts/match.j2")),
    (
        "questions",
        include_str!("../../../../prompts/questions.j2"),
    ),
    ("tailor", include_str!("../../../../prompts/tailor.j2")),
    ("critique", include_str!("../../../../prompts/critique.j2")),
    (
        "followups",
        include_str!("../../../../prompts/followups.j2"),
    ),
    ("brief", include_str!("../../../../prompts/brief.j2")),
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
    /// A missing directory overrides nothing; other files in it are ignored. Every template is
    /// compiled here, so syntax errors surface at load.
    pub fn load(override_dir: Option<&Path>) -> Result<Prompts, PromptError> {
        let dir = override_dir.filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir.filter(|d| d.exists() && !d.is_dir()) {
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
            let path = dir.map(|d| d.join(format!("{name}.j2")));
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
mod tests;
