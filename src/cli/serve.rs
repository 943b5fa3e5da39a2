//! `starcoach serve`: the daemon (HTTP/JSON over the same engine).

use std::io::IsTerminal;
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;
use tracing_subscriber::EnvFilter;

use super::Ctx;
use super::exit::{Exit, say};
use crate::config::KeyError;
use crate::server::{self, AppState, ServerOptions};

/// Run the HTTP/JSON daemon over the same engine: the coaching operations, the story bank,
/// health, readiness and Prometheus metrics; the bank reloads when its files change
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  starcoach serve\n  STARCOACH_TOKEN=$(openssl rand -hex 16) starcoach serve --addr 0.0.0.0:7878 --log-json\n\nA non-loopback address needs a token in the env var named by `[server] token_env`\n(default STARCOACH_TOKEN); with a token set, every route but /healthz needs\n`Authorization: Bearer <token>`. Logs go to stderr; RUST_LOG sets the level (default info)."
)]
pub struct Serve {
    /// Address to listen on [default: `[server] addr`, 127.0.0.1:7878]
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// Write logs as JSON lines (for log collectors)
    #[arg(long)]
    pub log_json: bool,
}

impl Serve {
    pub fn run(self, ctx: &Ctx) -> anyhow::Result<ExitCode> {
        let text = self.addr.as_deref().unwrap_or(&ctx.config.server.addr);
        let addr = resolve(text)?;
        let token = token(&ctx.config.server.token_env, &addr)?;
        init_logs(self.log_json);
        let dir = ctx.stories_dir();
        let options = ServerOptions {
            token,
            ..ServerOptions::for_config(&ctx.config)
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        runtime.block_on(async move {
            let state = AppState::load(&dir, &ctx.config, ctx.global.engine, options)?;
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            let local = listener.local_addr()?;
            say(format!("listening on http://{local}"));
            tracing::info!(addr = %local, stories = %dir.display(), entries = state.coach().bank().len(), "serving");
            server::serve(listener, state, server::shutdown_signal())
                .await
                .context("the server stopped with an error")?;
            tracing::info!("stopped");
            Ok(Exit::Done.into())
        })
    }
}

/// Parses `HOST:PORT` (a name resolves to its first address).
fn resolve(text: &str) -> anyhow::Result<SocketAddr> {
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    text.to_socket_addrs()
        .with_context(|| format!("invalid address {text:?}: use HOST:PORT, e.g. 127.0.0.1:7878"))?
        .next()
        .with_context(|| format!("address {text:?} resolves to nothing"))
}

/// The bearer token from the environment, read as an API key is (trimmed, blank is unset); a
/// non-loopback address without one is refused, and so is a token no client could send.
fn token(env: &str, addr: &SocketAddr) -> anyhow::Result<Option<String>> {
    let token = match crate::config::api_key(Some(env)) {
        // An empty `token_env` names no variable.
        Ok(token) => Some(token).filter(|t| !t.is_empty()),
        Err(KeyError::Unset(_)) => None,
        Err(KeyError::Unusable(_)) => bail!(unsendable(env)),
    };
    // An accented letter passes as a header's raw bytes, which the check then reads as no
    // token: only visible ASCII can be both sent and matched.
    if token
        .as_ref()
        .is_some_and(|t| !t.chars().all(|c| c.is_ascii_graphic()))
    {
        bail!(unsendable(env));
    }
    if token.is_none() && server::needs_token(addr) {
        let set = if env.is_empty() {
            "Name a variable in `[server] token_env` and set it to a secret".to_string()
        } else {
            format!("Set {env} to a secret")
        };
        bail!(
            "refusing to listen on {addr} without a token: it is reachable from other machines. \
             {set} (every request then needs `Authorization: Bearer <token>`), \
             or listen on 127.0.0.1"
        );
    }
    Ok(token)
}

fn unsendable(env: &str) -> String {
    format!(
        "the token in {env} holds a space, a line break or a character other than plain ASCII, \
         so no client could send it: use letters, digits and punctuation only"
    )
}

/// Logs to stderr, human-readable or JSON lines; `RUST_LOG` overrides the default `info`.
fn init_logs(json: bool) {
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    // A subscriber set by an embedding program wins; that is not an error.
    let _ = if json {
        builder
            .json()
            .flatten_event(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
}

/// `RUST_LOG` or `info`, with the OpenAI client's own logging off unless `RUST_LOG` names it:
/// it logs an endpoint's error body whole, and a body may quote the key or the prompt (our own
/// log line of the same error is redacted).
fn log_filter(rust_log: Option<&str>) -> EnvFilter {
    let given = rust_log
        .filter(|s| !s.trim().is_empty())
        .and_then(|spec| EnvFilter::try_new(spec).ok().map(|f| (f, spec)));
    match given {
        Some((filter, spec)) if spec.contains("async_openai") => filter,
        // An invalid RUST_LOG falls back to `info`, with the client's lines off as well.
        other => other
            .map_or_else(|| EnvFilter::new("info"), |(filter, _)| filter)
            .add_directive("async_openai=off".parse().expect("a valid directive")),
    }
}

#[cfg(test)]
mod tests {
    use super::log_filter;

    #[test]
    fn the_openai_clients_lines_are_off_unless_rust_log_names_it() {
        let shown = |spec: Option<&str>| log_filter(spec).to_string();
        assert!(shown(None).contains("async_openai=off"), "{}", shown(None));
        assert!(shown(Some("debug")).contains("async_openai=off"));
        assert!(!shown(Some("info,async_openai=warn")).contains("async_openai=off"));
        // Not a valid filter: the fallback keeps the client quiet, though the text names it.
        assert!(shown(Some("async_openai=[[[")).contains("async_openai=off"));
    }
}
