//! `starcoach config show`: the configuration in force, every key with where it came from.

use std::fmt::Write;
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;

use super::Ctx;
use super::exit::Exit;
use crate::config::{Config, KeyError, Layer, leaves};

/// The configuration: what is in force and where each value came from
#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Every key with its value and its layer (default, the config file, a STARCOACH_SECTION__KEY
    /// variable, or --stories / STARCOACH_STORIES), and where the history and the cache are;
    /// secrets are never printed, only whether they are set
    #[command(
        after_help = "Examples:\n  starcoach config show\n  STARCOACH_LLM__MODEL=llama3.1:8b starcoach config show --json"
    )]
    Show,
}

#[derive(Debug, Serialize)]
struct Shown {
    file: Option<String>,
    keys: Vec<Key>,
    secrets: Vec<Secret>,
}

#[derive(Debug, Serialize)]
struct Key {
    key: String,
    value: toml::Value,
    #[serde(flatten)]
    layer: Layer,
}

#[derive(Debug, Serialize)]
struct Secret {
    /// The config key that names the variable.
    key: &'static str,
    variable: String,
    set: bool,
    /// Set, but to what an HTTP header cannot carry (a line break inside, bytes that are not
    /// UTF-8): every request would be refused before it is sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unusable: bool,
}

impl ConfigCmd {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let resolved = Config::resolve(
            ctx.global.config.as_deref(),
            crate::config::process_vars()?.into_iter(),
        )?;
        let value = toml::Value::try_from(&resolved.config)?;
        let mut keys: Vec<Key> = leaves(&value, "")
            .into_iter()
            .map(|(key, value)| Key {
                layer: resolved.layer_of(&key),
                key,
                value,
            })
            .collect();
        let c = &resolved.config;
        in_force(&mut keys, ctx, c);
        let secrets = [
            ("llm.api_key_env", c.llm.api_key_env.clone()),
            ("embeddings.api_key_env", c.embeddings.api_key_env.clone()),
            ("speech.api_key_env", c.speech.api_key_env.clone()),
            ("server.token_env", Some(c.server.token_env.clone())),
        ]
        .into_iter()
        .filter_map(|(key, var)| var.filter(|v| !v.is_empty()).map(|v| (key, v)))
        .map(|(key, variable)| {
            // Read as the endpoints read it: blanks are unset.
            let read = crate::config::api_key(Some(&variable));
            Secret {
                key,
                set: !matches!(read, Err(KeyError::Unset(_))),
                unusable: matches!(read, Err(KeyError::Unusable(_))),
                variable,
            }
        })
        .collect();
        let shown = Shown {
            file: c.source.as_ref().map(|p| p.display().to_string()),
            keys,
            secrets,
        };
        ctx.emit(&shown, render)?;
        Ok(Exit::Done.into())
    }
}

/// What the file cannot say: the bank named by `--stories` or `STARCOACH_STORIES` (which win
/// over the `stories` key), and where the history and the cache are when no key names them.
fn in_force(keys: &mut Vec<Key>, ctx: &Ctx, c: &Config) {
    let mut set = |key: &str, value: String, layer: Layer| {
        let key = Key {
            key: key.to_string(),
            value: toml::Value::String(value),
            layer,
        };
        match keys.iter_mut().find(|k| k.key == key.key) {
            Some(slot) => *slot = key,
            None => keys.push(key),
        }
    };
    if let Some(dir) = &ctx.global.stories {
        let from_env = std::env::var_os("STARCOACH_STORIES").is_some_and(|v| *dir == v);
        let layer = if from_env {
            Layer::Env("STARCOACH_STORIES".into())
        } else {
            Layer::Flag("--stories".into())
        };
        set("stories", dir.display().to_string(), layer);
    }
    for (key, configured, in_force) in [
        ("history.path", &c.history.path, c.history_path()),
        ("cache.dir", &c.cache.dir, c.cache_dir()),
    ] {
        if configured.as_ref().is_none_or(|p| p.as_os_str().is_empty()) {
            set(key, in_force.display().to_string(), Layer::Default);
        }
    }
}

fn render(s: &Shown) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# config file: {}",
        s.file.as_deref().unwrap_or("none (built-in defaults)")
    );
    let width = s.keys.iter().map(|k| k.key.len()).max().unwrap_or(0);
    for k in &s.keys {
        let from = match &k.layer {
            Layer::Default => "default".to_string(),
            Layer::File(p) => format!("file {}", p.display()),
            Layer::Flag(f) => format!("flag {f}"),
            Layer::Env(v) => format!("env {v}"),
        };
        let _ = writeln!(out, "{:<width$} = {}  # {from}", k.key, k.value);
    }
    for secret in &s.secrets {
        let state = match (secret.set, secret.unusable) {
            (true, true) => {
                "set, but it holds a line break or another character an HTTP header cannot \
                 carry: export the value alone"
            }
            (true, false) => "set (value hidden)",
            (false, _) => "not set",
        };
        let _ = writeln!(out, "# {} names {}: {state}", secret.key, secret.variable);
    }
    out
}
