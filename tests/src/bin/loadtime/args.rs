//! The command line of the load-time benchmark.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::throttling::Throttling;

/// What `--help` prints.
pub const USAGE: &str = "\
usage: loadtime [--server PATH] [--web-dir DIR] [--chromium PATH] [--runs N] [--down-kbps K]
                [--up-kbps K] [--rtt-ms MS] [--cpu-slowdown X] [--no-throttling]
                [--timeout-secs S] [--json PATH]

  --server PATH      the server binary (default target/release/omgsystems)
  --web-dir DIR      the built web app it serves (default dist; scripts/build-web writes it)
  --chromium PATH    the browser (default /usr/bin/chromium)
  --runs N           cold loads of each page (default 5); the report gives the median and the max
  --down-kbps K      download bandwidth, kbit/s (default 1600; 0: unlimited)
  --up-kbps K        upload bandwidth, kbit/s (default 750; 0: unlimited)
  --rtt-ms MS        added round-trip latency per request, ms (default 150; 0: none)
  --cpu-slowdown X   the page's CPU slowed X times (default 4; 1: full speed)
  --no-throttling    all four off: unlimited network, no latency, full CPU speed
  --timeout-secs S   how long one load may take before the run fails (default 60)
  --json PATH        also write every run's figures to PATH as JSON";

/// The parsed flags.
#[derive(Debug, Clone)]
pub struct Args {
    /// The `omgsystems` binary.
    pub server: PathBuf,
    /// The built web app (`OMG_WEB_DIR` of the server).
    pub web_dir: PathBuf,
    /// The Chromium binary.
    pub chromium: PathBuf,
    /// Cold loads per page.
    pub runs: usize,
    /// Network and CPU throttling of every load.
    pub throttling: Throttling,
    /// How long one load may take.
    pub timeout: Duration,
    /// Where to write the figures as JSON.
    pub json: Option<PathBuf>,
}

/// Parses the command line; `Ok(None)` when help was asked for.
pub fn parse(mut flags: impl Iterator<Item = String>) -> anyhow::Result<Option<Args>> {
    let mut args = Args {
        server: PathBuf::from("target/release/omgsystems"),
        web_dir: PathBuf::from("dist"),
        chromium: PathBuf::from("/usr/bin/chromium"),
        runs: 5,
        throttling: Throttling::DEFAULT,
        timeout: Duration::from_secs(60),
        json: None,
    };
    while let Some(flag) = flags.next() {
        match flag.as_str() {
            "--help" | "-h" => return Ok(None),
            "--no-throttling" => {
                args.throttling = Throttling::OFF;
                continue;
            }
            _ => {}
        }
        let value = flags.next().with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        let t = &mut args.throttling;
        match flag.as_str() {
            "--server" => args.server = PathBuf::from(value),
            "--web-dir" => args.web_dir = PathBuf::from(value),
            "--chromium" => args.chromium = PathBuf::from(value),
            "--runs" => args.runs = whole(&flag, &value, 1)?,
            "--down-kbps" => t.down_kbps = whole(&flag, &value, 0)?,
            "--up-kbps" => t.up_kbps = whole(&flag, &value, 0)?,
            "--rtt-ms" => t.rtt_ms = whole(&flag, &value, 0)?,
            "--cpu-slowdown" => t.cpu_slowdown = slowdown(&flag, &value)?,
            "--timeout-secs" => args.timeout = Duration::from_secs(whole(&flag, &value, 1)? as u64),
            "--json" => args.json = Some(PathBuf::from(value)),
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    Ok(Some(args))
}

/// A whole number of at least `min`.
fn whole(flag: &str, value: &str, min: usize) -> anyhow::Result<usize> {
    match value.parse::<usize>() {
        Ok(n) if n >= min => Ok(n),
        _ => bail!("{flag} takes a whole number of at least {min}, not {value:?}"),
    }
}

/// A factor from 1 (full speed) to 100.
fn slowdown(flag: &str, value: &str) -> anyhow::Result<f64> {
    match value.parse::<f64>() {
        Ok(x) if (1.0..=100.0).contains(&x) => Ok(x),
        _ => bail!("{flag} takes a number from 1 to 100, not {value:?}"),
    }
}
