//! The benchmark: runs the release server as its own process, in production mode, on a fresh
//! data dir seeded with 10 organizations of 1,000 members, and drives it from this process (one
//! thread, N keep-alive connections) through the scenarios in `scenarios.rs` (run by `suite.rs`), on SQLite and,
//! with `--postgres`, on a fresh PostgreSQL database. Per scenario it reports requests, req/s,
//! p50/p99 latency, answers and errors by status, the server's CPU ms per request and peak RSS,
//! then the acceptance targets. With `--baseline-server` the same runs first go against another
//! binary, and a side-by-side table closes the report.
//!
//! `scripts/bench [--baseline <git-ref>] [--postgres URL] [flags…]` builds and runs it; see `--help`.
//!
//! Exits non-zero when set-up fails, an acknowledged API key is missing after kill -9, or a
//! scenario has more than 1% unexpected answers. Targets are reported, not enforced.

mod args;
mod database;
mod load;
mod process_stats;
mod report;
mod scenarios;
mod seed;
mod suite;

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::args::Args;
use crate::database::BenchDatabase;
use crate::load::Timing;
use crate::report::ServerResults;
use crate::scenarios::{ISOLATION_CONNECTIONS, ScenarioId, Suite};
use crate::suite::RunSettings;

/// Sent before each measured window and not counted.
const WARMUP: Duration = Duration::from_secs(2);

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    match run().await {
        Ok(failures) if failures.is_empty() => ExitCode::SUCCESS,
        Ok(failures) => {
            eprintln!("\nthe run failed:");
            for f in failures {
                eprintln!("  - {f}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs everything; returns what makes the run fail (empty when it passes).
async fn run() -> anyhow::Result<Vec<String>> {
    let Some(args) = args::parse(std::env::args().skip(1))? else {
        println!("{}", args::USAGE);
        return Ok(Vec::new());
    };
    let settings = RunSettings {
        connections: args.connections,
        timing: Timing { warmup: WARMUP, duration: args.duration },
        ticks_per_sec: process_stats::clock_ticks_per_sec()?,
        scenarios: ScenarioId::ALL.into_iter().filter(|&s| args.selects(s)).collect(),
    };
    let machine = tests::machine::describe();
    let load = describe_load(&args);
    let mut servers = Vec::new();
    if let Some(baseline) = &args.baseline_server {
        servers.push(("baseline", baseline.as_path()));
    }
    servers.push(("current", args.server.as_path()));
    let mut all = Vec::new();
    for (label, binary) in servers {
        let results = run_server(&settings, &args, label, binary).await?;
        report::print_server(&results, &machine, &load);
        all.push(results);
    }
    if let [baseline, current] = all.as_slice() {
        report::print_comparison(baseline, current);
    }
    Ok(all.iter().flat_map(failures).collect())
}

/// The load line of the report.
fn describe_load(args: &Args) -> String {
    format!(
        "{n} connections (isolation: {ISOLATION_CONNECTIONS} + {n}), {s} s measured per scenario after a {w} s \
         warm-up, one client thread, keep-alive",
        n = args.connections,
        s = args.duration.as_secs(),
        w = WARMUP.as_secs(),
    )
}

/// Every suite of one server binary: SQLite, then PostgreSQL with `--postgres`.
async fn run_server(
    settings: &RunSettings,
    args: &Args,
    label: &'static str,
    binary: &Path,
) -> anyhow::Result<ServerResults> {
    if !binary.is_file() {
        bail!("no server binary at {} (scripts/bench builds it)", binary.display());
    }
    eprintln!("== {label}: {}", binary.display());
    let mut suites = vec![run_on(settings, binary, None).await?];
    if let Some(url) = &args.postgres {
        suites.push(run_on(settings, binary, Some(url)).await?);
    }
    Ok(ServerResults { label, binary: binary.display().to_string(), suites })
}

/// One suite on a fresh data dir (and a fresh PostgreSQL database when `postgres` is given).
/// The data dir is deleted afterwards, or kept and its server log named when set-up fails.
async fn run_on(settings: &RunSettings, binary: &Path, postgres: Option<&str>) -> anyhow::Result<Suite> {
    let dir = tempfile::Builder::new().prefix("omg-bench-").tempdir().context("creating a data dir")?;
    let database = match postgres {
        None => BenchDatabase::sqlite(dir.path()),
        Some(url) => BenchDatabase::postgres(url).await?,
    };
    let result = suite::run_suite(settings, binary, &database, dir.path()).await;
    let dropped = database.drop_created().await;
    match result {
        Ok(suite) => {
            dropped?;
            Ok(suite)
        }
        Err(e) => {
            let kept = dir.keep();
            eprintln!("server log (the data dir is kept): {}", kept.join("server.log").display());
            Err(e)
        }
    }
}

/// What makes a server's run fail: a lost acknowledged key, or over 1% unexpected answers.
fn failures(results: &ServerResults) -> Vec<String> {
    let mut out = Vec::new();
    for suite in &results.suites {
        let at = format!("{}, {}", results.label, suite.engine.name());
        if let Some(d) = suite.durability.filter(|d| !d.holds()) {
            out.push(format!("{at}: {} API keys acknowledged, {} found after kill -9", d.acknowledged, d.found));
        }
        for row in &suite.rows {
            let (errors, requests) = (row.outcome.error_count(), row.outcome.requests() as u64);
            if requests == 0 || errors * 100 > requests {
                out.push(format!("{at}: {}: {errors} unexpected answers of {requests} requests", row.title));
            }
        }
    }
    out
}
