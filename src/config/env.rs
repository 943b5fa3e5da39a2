//! The layers resolved in one place: built-in defaults, then the config file, then an
//! environment variable for any key (`STARCOACH_LLM__MODEL` is `[llm] model`), each value
//! remembering which layer set it, for `starcoach config show`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Config, ConfigError};

/// The prefix of an environment variable that sets a key; `__` separates the key's parts.
pub const PREFIX: &str = "STARCOACH_";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "layer", content = "from")]
pub enum Layer {
    Default,
    File(PathBuf),
    Env(String),
    /// A command-line flag (`--stories`).
    Flag(String),
}

/// The configuration in force, and the layer of every key that was set.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub config: Config,
    pub sources: Vec<(String, Layer)>,
}

impl Resolved {
    /// The layer a dotted key ("llm.model") came from.
    pub fn layer_of(&self, key: &str) -> Layer {
        self.sources
            .iter()
            .rev()
            .find(|(k, _)| k == key || key.starts_with(&format!("{k}.")))
            .map_or(Layer::Default, |(_, l)| l.clone())
    }

    /// The error a failed check becomes: one about a key a variable set names that variable.
    fn named_where_set(&self, e: ConfigError) -> ConfigError {
        match e {
            ConfigError::Invalid {
                key, value, why, ..
            } if matches!(self.layer_of(key), Layer::Env(_)) => {
                let Layer::Env(var) = self.layer_of(key) else {
                    unreachable!("matched above")
                };
                ConfigError::Env {
                    var,
                    message: format!("{key} = {value}: {why}"),
                }
            }
            other => other,
        }
    }
}

/// The process environment for `Config::resolve`. `std::env::vars` panics on a variable that is
/// not UTF-8, anyone's (`LANG`, a stray export): such a variable is passed over, unless it is
/// one of ours, which is an error naming it rather than a value silently changed.
pub fn process_vars() -> Result<Vec<(String, String)>, ConfigError> {
    let mut out = Vec::new();
    for (name, value) in std::env::vars_os() {
        let Ok(name) = name.into_string() else {
            continue;
        };
        match value.into_string() {
            Ok(value) => out.push((name, value)),
            Err(_) if name.starts_with(PREFIX) => {
                return Err(ConfigError::Env {
                    var: name,
                    message: "the value is not UTF-8 text: set it again as plain text".into(),
                });
            }
            Err(_) => {}
        }
    }
    Ok(out)
}

impl Config {
    /// Defaults, then the file, then `STARCOACH_SECTION__KEY` variables from `vars`; every
    /// check runs on the result, and an error names the file or the variable.
    pub fn resolve(
        explicit: Option<&Path>,
        vars: impl Iterator<Item = (String, String)>,
    ) -> Result<Resolved, ConfigError> {
        let mut sources = Vec::new();
        let file = Self::file_to_read(explicit);
        let mut table = match &file {
            Some(path) => Self::file_layer(path, &mut sources)?,
            None => toml::Table::new(),
        };
        env_layer(vars, &mut table, &mut sources)?;
        let mut config: Config =
            toml::Value::Table(table)
                .try_into()
                .map_err(|e: toml::de::Error| ConfigError::Parse {
                    path: file.clone().unwrap_or_default(),
                    message: e.message().trim().to_string(),
                })?;
        config.source = file;
        let resolved = Resolved { config, sources };
        // A bad value is named where it was set: the file, or the variable.
        if let Err(e) = resolved.config.validate() {
            return Err(resolved.named_where_set(e));
        }
        Ok(resolved)
    }

    /// The file's keys as a table, each recorded in `sources` as set by the file.
    fn file_layer(
        path: &Path,
        sources: &mut Vec<(String, Layer)>,
    ) -> Result<toml::Table, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        // Parsed once as a Config, so a bad file is named with its key and line.
        Self::parse(&text).map_err(|message| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        })?;
        let table: toml::Table = toml::from_str(&text).unwrap_or_default();
        for (key, _) in leaves(&toml::Value::Table(table.clone()), "") {
            sources.push((key, Layer::File(path.to_path_buf())));
        }
        Ok(table)
    }
}

/// Applies the `STARCOACH_` variables to `table` in name order, each recorded in `sources`.
fn env_layer(
    vars: impl Iterator<Item = (String, String)>,
    table: &mut toml::Table,
    sources: &mut Vec<(String, Layer)>,
) -> Result<(), ConfigError> {
    let mut overrides: Vec<(String, String)> = vars
        .filter_map(|(var, value)| {
            let rest = var.strip_prefix(PREFIX)?;
            rest.contains("__").then(|| (var.clone(), value))
        })
        .collect();
    overrides.sort();
    for (var, raw) in overrides {
        let path: Vec<String> = var[PREFIX.len()..]
            .split("__")
            .map(|p| p.to_ascii_lowercase())
            .collect();
        let value = typed(&raw);
        // Each variable alone must make a valid config, so an error names the variable.
        let mut alone = toml::Table::new();
        set(&mut alone, &path, value.clone());
        if let Err(e) = toml::Value::Table(alone).try_into::<Config>() {
            // A key that names a variable may hold a secret pasted by mistake: never quote it.
            let message = if path.last().is_some_and(|k| k.ends_with("_env")) {
                "must be the name of an environment variable (the value is not shown)".into()
            } else {
                e.message().trim().to_string()
            };
            return Err(ConfigError::Env {
                var,
                message: format!("{message} (it sets `{}`)", path.join(".")),
            });
        }
        set(table, &path, value);
        sources.push((path.join("."), Layer::Env(var)));
    }
    Ok(())
}

/// A variable's value as TOML when it reads as a number, a boolean or an array, else as text:
/// `STARCOACH_LLM__TIMEOUT_SECS=90` is a number, `STARCOACH_LLM__MODEL=llama3` a string.
fn typed(raw: &str) -> toml::Value {
    let parsed = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|mut t| t.remove("v"));
    match parsed {
        Some(v) if !v.is_table() => v,
        _ => toml::Value::String(raw.to_string()),
    }
}

fn set(table: &mut toml::Table, path: &[String], value: toml::Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = table;
    for part in parents {
        let entry = at
            .entry(part.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        at = entry.as_table_mut().expect("made a table above");
    }
    at.insert(last.clone(), value);
}

/// Every value in a table with its dotted key ("llm.model"), tables recursed into.
pub fn leaves(value: &toml::Value, prefix: &str) -> Vec<(String, toml::Value)> {
    match value {
        toml::Value::Table(t) => t
            .iter()
            .flat_map(|(k, v)| {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(v, &key)
            })
            .collect(),
        other => vec![(prefix.to_string(), other.clone())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn a_variable_sets_any_key_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "[llm]\nmodel = \"from-file\"\ntimeout_secs = 20\n").unwrap();
        let r = Config::resolve(
            Some(&path),
            vars(&[
                ("STARCOACH_LLM__MODEL", "from-env"),
                ("STARCOACH_TAILOR__COUNT", "7"),
                ("STARCOACH_CONFIG", "ignored: no __"),
                ("HOME", "/root"),
            ]),
        )
        .unwrap();
        assert_eq!(r.config.llm.model.as_deref(), Some("from-env"));
        assert_eq!(r.config.tailor.count, 7);
        assert_eq!(r.config.llm.timeout_secs, 20);
        assert_eq!(
            r.layer_of("llm.model"),
            Layer::Env("STARCOACH_LLM__MODEL".into())
        );
        assert_eq!(r.layer_of("llm.timeout_secs"), Layer::File(path.clone()));
        assert_eq!(r.layer_of("llm.max_retries"), Layer::Default);
    }

    #[test]
    fn a_bad_variable_is_named() {
        let err = Config::resolve(None, vars(&[("STARCOACH_LLM__MODLE", "x")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("environment variable STARCOACH_LLM__MODLE: "),
            "{err}"
        );
        assert!(err.contains("llm.modle"), "{err}");
        let err = Config::resolve(None, vars(&[("STARCOACH_TAILOR__COUNT", "0")]))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "environment variable STARCOACH_TAILOR__COUNT: tailor.count = 0: must be at least 1 question"
        );
    }
}
