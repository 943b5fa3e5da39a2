//! `starcoach serve`: the daemon (HTTP/JSON over the same engine).

use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

use super::Ctx;

/// Run the HTTP/JSON daemon over the same engine (not yet available)
#[derive(Debug, Args)]
pub struct Serve {
    /// Address to listen on [default: `[server] addr`, 127.0.0.1:7878]
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
}

impl Serve {
    pub fn run(self, _ctx: &Ctx) -> anyhow::Result<ExitCode> {
        bail!("`starcoach serve` is not yet available in this build")
    }
}
