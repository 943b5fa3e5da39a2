//! Configuration in layers: defaults, then the config file, then environment, then flags.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod check;
mod env;
mod llm;

pub use env::{Layer, Resolved, leaves, process_vars};
pub use llm::{LlmConfig, Price, Structured, TokenLimitField};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {var}: {message}")]
    Env { var: String, message: String },
    #[error("config file {path}: {key} = {value}: {why}")]
    Invalid {
        path: PathBuf,
        key: &'static str,
        value: String,
        why: std::borrow::Cow<'static, str>,
    },
}

/// Every key of `config.example.toml`. Unknown keys are errors, so a typo never silently does nothing.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub stories: Option<PathBuf>,
    pub profile: Profile,
    pub critique: CritiqueConfig,
    pub tailor: TailorConfig,
    pub llm: LlmConfig,
    pub cache: CacheConfig,
    pub history: HistoryConfig,
    pub speech: SpeechConfig,
    pub embeddings: EmbeddingsConfig,
    pub server: ServerConfig,
    pub prompts: PromptsConfig,
    /// Where the file was read from, for resolving relative paths and naming it in errors.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    pub vision: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CritiqueConfig {
    pub words_per_minute: u32,
    pub max_seconds: u32,
    pub min_seconds: u32,
}

impl Default for CritiqueConfig {
    fn default() -> Self {
        CritiqueConfig {
            words_per_minute: 150,
            max_seconds: 180,
            min_seconds: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct TailorConfig {
    pub target_seconds: u32,
    pub max_reuse: usize,
    pub count: usize,
}

impl Default for TailorConfig {
    fn default() -> Self {
        TailorConfig {
            target_seconds: 120,
            max_reuse: 2,
            count: 10,
        }
    }
}

/// The dotted key whose value starts at `offset` ("llm.structured"), from the line and the
/// table header above it, so a parse error names what to fix.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next()?;
    let key = line.split_once('=')?.0.trim();
    let table = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim());
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_string(),
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CacheConfig {
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HistoryConfig {
    pub path: Option<PathBuf>,
}

/// Spoken practice: any OpenAI-compatible `/audio/transcriptions` endpoint.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpeechConfig {
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub api_key_env: Option<String>,
    pub timeout_secs: u64,
}

impl SpeechConfig {
    /// Recordings can be heard when the endpoint's address is known (the model has a default).
    pub fn is_configured(&self) -> bool {
        self.base_url
            .as_deref()
            .is_some_and(|u| !u.trim().is_empty())
    }
}

impl Default for SpeechConfig {
    fn default() -> Self {
        SpeechConfig {
            base_url: None,
            model: None,
            api_key_env: None,
            timeout_secs: 120,
        }
    }
}

/// The optional semantic signal for ranking: any OpenAI-compatible `/embeddings` endpoint.
/// The offline engine stays the default and the measure of record; this adds to its ranking.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmbeddingsConfig {
    pub base_url: Option<String>,
    pub model: Option<String>,
    pub api_key_env: Option<String>,
    pub timeout_secs: u64,
    /// How much the cosine similarity of question and entry adds to an entry's ranking score.
    pub weight: f32,
}

impl EmbeddingsConfig {
    /// Both the endpoint and the model are needed: embedding models are not interchangeable.
    pub fn is_configured(&self) -> bool {
        let set = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        set(&self.base_url) && set(&self.model)
    }
}

impl Default for EmbeddingsConfig {
    fn default() -> Self {
        EmbeddingsConfig {
            base_url: None,
            model: None,
            api_key_env: None,
            timeout_secs: 60,
            weight: 1.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    pub addr: String,
    pub token_env: String,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: "127.0.0.1:7878".into(),
            token_env: "STARCOACH_TOKEN".into(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PromptsConfig {
    pub dir: Option<PathBuf>,
}

impl Config {
    /// Loads the config: `explicit` (from `--config` or `STARCOACH_CONFIG`) must exist;
    /// otherwise `./starcoach.toml`, then the platform config dir, then built-in defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        Ok(Self::resolve(explicit, process_vars()?.into_iter())?.config)
    }

    /// The file `load` reads: `explicit` (which must exist), else `./starcoach.toml`, else the
    /// platform config file, else none.
    pub fn file_to_read(explicit: Option<&Path>) -> Option<PathBuf> {
        if let Some(path) = explicit {
            return Some(path.to_path_buf());
        }
        let local = PathBuf::from("starcoach.toml");
        if local.is_file() {
            return Some(local);
        }
        let dirs = directories::ProjectDirs::from("", "", "starcoach")?;
        let platform = dirs.config_dir().join("config.toml");
        platform.is_file().then_some(platform)
    }

    /// The config of one file over the defaults, without the environment.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        Ok(Self::resolve(Some(path), std::iter::empty())?.config)
    }

    /// Parses TOML text; the error message names the dotted key and the line (toml's own report).
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| {
            let report = e.to_string().trim_end().to_string();
            match e.span().and_then(|s| key_at(text, s.start)) {
                Some(key) => format!("key `{key}`: {report}"),
                None => report,
            }
        })
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        check::validate(self).map_err(|(key, value, why)| ConfigError::Invalid {
            path: self.source.clone().unwrap_or_default(),
            key,
            value,
            why,
        })
    }

    /// The story directory: the flag or `STARCOACH_STORIES` (passed in), else the config key
    /// (relative to the config file), else `./stories`.
    pub fn stories_dir(&self, flag: Option<&Path>) -> PathBuf {
        match (flag, &self.stories) {
            (Some(dir), _) => dir.to_path_buf(),
            (None, Some(dir)) => self.beside_file(dir),
            (None, None) => PathBuf::from("stories"),
        }
    }

    /// The prompt override directory, relative to the config file like `stories`.
    pub fn prompts_dir(&self) -> Option<PathBuf> {
        self.prompts.dir.as_ref().map(|dir| self.beside_file(dir))
    }

    /// The cache directory: `[cache] dir` (relative to the config file like `stories`), else
    /// the platform cache dir (XDG_CACHE_HOME respected).
    pub fn cache_dir(&self) -> PathBuf {
        self.cache
            .dir
            .as_ref()
            .filter(|d| !d.as_os_str().is_empty())
            .map(|dir| self.beside_file(dir))
            .or_else(|| {
                directories::ProjectDirs::from("", "", "starcoach").map(|d| d.cache_dir().into())
            })
            .unwrap_or_else(|| PathBuf::from(".starcoach-cache"))
    }

    /// The practice history file: `[history] path` (relative to the config file like
    /// `stories`), else `history.sqlite` in the platform data dir (XDG_DATA_HOME respected).
    pub fn history_path(&self) -> PathBuf {
        match self
            .history
            .path
            .as_ref()
            .filter(|p| !p.as_os_str().is_empty())
        {
            Some(path) => self.beside_file(path),
            None => directories::ProjectDirs::from("", "", "starcoach")
                .map(|d| d.data_dir().join("history.sqlite"))
                .unwrap_or_else(|| PathBuf::from("history.sqlite")),
        }
    }

    /// Where `practice --keep-audio` keeps recordings: `audio/` beside the history file.
    pub fn audio_dir(&self) -> PathBuf {
        self.beside_history("audio")
    }

    /// Where `practice` keeps a typed answer the critique refused: `answers/` beside the history
    /// file.
    pub fn answers_dir(&self) -> PathBuf {
        self.beside_history("answers")
    }

    fn beside_history(&self, folder: &str) -> PathBuf {
        self.history_path()
            .parent()
            .map_or_else(|| PathBuf::from(folder), |p| p.join(folder))
    }

    /// A path the config names: `~/...` is in the home directory (as a shell would read it; the
    /// config is not read by a shell), and another relative one is relative to the config
    /// file's folder, so a config works from any working directory.
    fn beside_file(&self, path: &Path) -> PathBuf {
        if let Ok(rest) = path.strip_prefix("~")
            && let Some(base) = directories::BaseDirs::new()
        {
            return base.home_dir().join(rest);
        }
        match self.source.as_deref().and_then(Path::parent) {
            Some(folder) if path.is_relative() => folder.join(path),
            _ => path.to_path_buf(),
        }
    }
}

/// The API key named by an `api_key_env` setting (`[llm]`, `[embeddings]`, `[speech]`): empty
/// when none is named (local servers), and then no `Authorization` header is sent. A variable
/// named but unset or blank, or holding what a header cannot carry, is an error naming it.
pub fn api_key(api_key_env: Option<&str>) -> Result<String, KeyError> {
    let Some(name) = api_key_env.filter(|name| !name.is_empty()) else {
        return Ok(String::new());
    };
    let key = match std::env::var(name) {
        Ok(key) => key,
        Err(std::env::VarError::NotPresent) => return Err(KeyError::Unset(name.into())),
        Err(std::env::VarError::NotUnicode(_)) => return Err(KeyError::Unusable(name.into())),
    };
    // A key read from a file often ends in a line break; one inside it is a paste gone wrong.
    let key = key.trim();
    if key.is_empty() {
        return Err(KeyError::Unset(name.into()));
    }
    if reqwest::header::HeaderValue::from_str(&format!("Bearer {key}")).is_err() {
        return Err(KeyError::Unusable(name.into()));
    }
    Ok(key.to_string())
}

/// What to say of a key that cannot be sent, whichever endpoint it is for.
pub fn unusable_key(name: &str) -> String {
    format!(
        "the API key in {name} holds a line break or another character an HTTP header cannot carry: export the key alone"
    )
}

/// Why the key an endpoint's `api_key_env` names cannot be used; each carries the variable's
/// name, never its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Not set, or blank.
    Unset(String),
    /// Holds a line break or another character an HTTP header cannot carry.
    Unusable(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_parses_and_sets_every_section() {
        let text = include_str!("../../config.example.toml");
        let config = Config::parse(text).expect("config.example.toml must stay valid");
        assert_eq!(config.server.addr, "127.0.0.1:7878");
        assert_eq!(config.llm.context_window, 8192);
        assert!(config.profile.vision.is_some());
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Config::parse("[llm]\nmodle = \"x\"\n").unwrap_err();
        assert!(err.contains("modle"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn relative_stories_dir_follows_the_config_file() {
        let mut config = Config::parse("stories = \"bank\"").unwrap();
        config.source = Some(PathBuf::from("/home/u/.config/starcoach/config.toml"));
        assert_eq!(
            config.stories_dir(None),
            PathBuf::from("/home/u/.config/starcoach/bank")
        );
        assert_eq!(config.stories_dir(Some(Path::new("x"))), PathBuf::from("x"));
        assert_eq!(
            Config::default().stories_dir(None),
            PathBuf::from("stories")
        );
    }

    #[test]
    fn a_tilde_path_is_in_the_home_directory_for_every_key() {
        let home = directories::BaseDirs::new()
            .unwrap()
            .home_dir()
            .to_path_buf();
        let mut config = Config::parse(
            "stories = \"~/bank\"\n[prompts]\ndir = \"~/p\"\n[history]\npath = \"~/h.sqlite\"\n\
             [cache]\ndir = \"~/c\"\n",
        )
        .unwrap();
        config.source = Some(PathBuf::from("/etc/starcoach/config.toml"));
        assert_eq!(config.stories_dir(None), home.join("bank"));
        assert_eq!(config.prompts_dir(), Some(home.join("p")));
        assert_eq!(config.history_path(), home.join("h.sqlite"));
        assert_eq!(config.cache_dir(), home.join("c"));
        // "~name" is a file called that, not another user's home.
        config.prompts.dir = Some(PathBuf::from("~p"));
        assert_eq!(
            config.prompts_dir(),
            Some(PathBuf::from("/etc/starcoach/~p"))
        );
    }

    #[test]
    fn invalid_values_name_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "[llm]\nstructured = \"xml\"\n").unwrap();
        let err = Config::from_file(&path).unwrap_err().to_string();
        assert!(err.contains("llm.structured"), "{err}");
        std::fs::write(
            &path,
            "stories = \"s\"\n[llm]\nmodel = \"m\"\ntoken_limit_field = \"max\"\n",
        )
        .unwrap();
        let err = Config::from_file(&path).unwrap_err().to_string();
        assert!(err.contains("key `llm.token_limit_field`"), "{err}");
    }
}
