//! The command line of the benchmark.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::scenarios::ScenarioId;

/// What `--help` prints.
pub const USAGE: &str = "\
usage: bench [--server PATH] [--baseline-server PATH] [--connections N] [--duration-secs S]
             [--postgres URL] [--only SCENARIO,…]

  --server PATH            the server binary to measure (default target/release/omgsystems)
  --baseline-server PATH   another server binary to measure first, for a side-by-side table
  --connections N          concurrent keep-alive connections (default 50)
  --duration-secs S        measured seconds per scenario, after a 2 s warm-up (default 15)
  --postgres URL           also run on a fresh PostgreSQL database created on this server
  --only SCENARIO,…        run only these: health, tenant-list, create, sign-in, storm, locked,
                           isolation, ingest, usage-series";

/// The most connections a scenario opens (each has its own address in a /16).
const MAX_CONNECTIONS: usize = 10_000;

/// The parsed flags.
#[derive(Debug, Clone)]
pub struct Args {
    /// The server binary measured (the current one).
    pub server: PathBuf,
    /// The server binary measured first, for comparison.
    pub baseline_server: Option<PathBuf>,
    /// Concurrent connections of most scenarios.
    pub connections: usize,
    /// The measured window of each scenario.
    pub duration: Duration,
    /// A PostgreSQL server to create a database on, for the PostgreSQL scenarios.
    pub postgres: Option<String>,
    /// The scenarios to run (all when `None`).
    pub only: Option<Vec<ScenarioId>>,
}

impl Args {
    /// Whether the scenario is selected by `--only` (or no `--only` was given).
    pub fn selects(&self, id: ScenarioId) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(&id))
    }
}

/// Parses the command line; `Ok(None)` when help was asked for.
pub fn parse(mut flags: impl Iterator<Item = String>) -> anyhow::Result<Option<Args>> {
    let mut args = Args {
        server: PathBuf::from("target/release/omgsystems"),
        baseline_server: None,
        connections: 50,
        duration: Duration::from_secs(15),
        postgres: None,
        only: None,
    };
    while let Some(flag) = flags.next() {
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        let value = flags.next().with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--server" => args.server = PathBuf::from(value),
            "--baseline-server" => args.baseline_server = Some(PathBuf::from(value)),
            "--connections" => args.connections = positive(&flag, &value)?,
            "--duration-secs" => args.duration = Duration::from_secs(positive(&flag, &value)? as u64),
            "--postgres" => args.postgres = Some(value),
            "--only" => args.only = Some(value.split(',').map(ScenarioId::parse).collect::<anyhow::Result<_>>()?),
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    if args.connections > MAX_CONNECTIONS {
        bail!("--connections is at most {MAX_CONNECTIONS}");
    }
    Ok(Some(args))
}

/// A whole number of at least 1.
fn positive(flag: &str, value: &str) -> anyhow::Result<usize> {
    match value.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => bail!("{flag} takes a whole number of at least 1, not {value:?}"),
    }
}
