//! The page load-time benchmark: how long the web app's pages take to show their content on a
//! first visit over a slow mobile connection, measured in headless Chromium through the Chrome
//! DevTools Protocol.
//!
//! It runs the release server as its own process, configured as deployed (`OMG_ENV=production`,
//! random keys, no demo data, a fresh temp data dir on SQLite) with `OMG_WEB_DIR` naming the
//! built web app, and registers a client owner through the API (`POST /api/auth/register`). It
//! starts headless Chromium with a fresh profile and `--remote-debugging-port=0`, and speaks CDP
//! over the websocket its `DevTools listening on ws://…` line names (`cdp.rs`, in flat session
//! mode). Then, for the home page `/`, sign-in `/login` and the signed-in client overview
//! `/dashboard` (`pages.rs`), one warm-up load and `--runs` measured loads, each cold: a new
//! browser context (`Target.createBrowserContext`: empty cache and cookie jar) with one tab, its
//! cache cleared and left enabled, throttled as DevTools does (`Network.emulateNetworkConditions`
//! 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; `Emulation.setCPUThrottlingRate` 4). For the
//! overview, the owner signs in through the API first and the refresh cookie of that answer, with
//! the attributes the server gave it, goes into the context (`Network.setCookie`), so the page
//! restores the session as a returning user's browser does.
//!
//! Each load (`load.rs`) adds `probe.js` to every new document (`Page.addScriptToEvaluateOnNewDocument`;
//! scripts from DevTools are outside the page's Content-Security-Policy): a MutationObserver that
//! records `performance.now()` the first moment every selector of the page's "content ready" list
//! matches (the home page's heading; the sign-in form's email input, enabled; the overview's
//! organization cards and members table once their data loaded). After `Page.loadEventFired`
//! it reads that time with `Runtime.evaluate` (the run fails when it does not come within
//! `--timeout-secs`), waits until the network is quiet (nothing in flight, nothing new for
//! 0.5 s, so a session check or the favicon just after the content counts), and reads first paint
//! and first contentful paint from `performance.getEntriesByType('paint')`. Bytes are the sum of
//! `Network.loadingFinished`'s `encodedDataLength` over the page's requests.
//!
//! The report (`report.rs`, Markdown) gives per page the runs, bytes, requests, first paint, FCP
//! and content ready (median / max), the goals — sign-in usable within 2.5 s, the signed-in
//! overview within 3.5 s, judged on the median under the default throttling — with PASS or FAIL,
//! and the requests of each page's median load; `--json PATH` writes every load's figures too.
//!
//! `scripts/loadtime [flags…]` builds the web app and both binaries and runs it; see `--help`
//! (`--no-throttling` for a comparison at full speed). Goals are reported, not enforced: the exit
//! code is non-zero only when set-up or a load fails.

mod account;
mod args;
mod cdp;
mod chromium;
mod load;
mod pages;
mod report;
mod throttling;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use tests::server_process::ServerConfig;

use crate::account::Owner;
use crate::args::Args;
use crate::cdp::Cdp;
use crate::chromium::Chromium;
use crate::load::LoadSettings;
use crate::pages::PAGES;
use crate::report::Results;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs everything and prints the report.
async fn run() -> anyhow::Result<()> {
    let Some(args) = args::parse(std::env::args().skip(1))? else {
        println!("{}", args::USAGE);
        return Ok(());
    };
    if !args.server.is_file() {
        bail!("no server binary at {} (scripts/loadtime builds it)", args.server.display());
    }
    if !args.web_dir.join("index.html").is_file() {
        bail!(
            "no built web app in {} (scripts/build-web {} builds it)",
            args.web_dir.display(),
            args.web_dir.display()
        );
    }
    let dir = tempfile::Builder::new().prefix("omg-loadtime-").tempdir().context("creating a data dir")?;
    let results = match measure(&args, dir.path()).await {
        Ok(results) => results,
        Err(e) => {
            let kept = dir.keep();
            eprintln!(
                "logs (the data dir is kept): {}, {}",
                kept.join("server.log").display(),
                kept.join("chromium.log").display()
            );
            return Err(e);
        }
    };
    report::print(&results);
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report::to_json(&results))?;
        std::fs::write(path, text + "\n").with_context(|| format!("writing {}", path.display()))?;
        eprintln!("figures written to {}", path.display());
    }
    Ok(())
}

/// Starts the server and the browser in `dir` and loads every page.
async fn measure(args: &Args, dir: &Path) -> anyhow::Result<Results> {
    let web_dir = std::path::absolute(&args.web_dir).context("the web dir's path")?;
    let server = ServerConfig::production(&args.server, dir)?.env("OMG_WEB_DIR", web_dir).start().await?;
    progress(format_args!("server at {} ({})", server.base, args.server.display()));
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let owner = Owner::register(&http, &server.base).await?;

    let browser = Chromium::start(&args.chromium, dir)?;
    let cdp = Cdp::connect(&browser.devtools_url).await?;
    let version = cdp.call("Browser.getVersion", json!({})).await?;
    let browser_name = version["product"].as_str().unwrap_or("unknown browser").to_owned();
    progress(format_args!("{browser_name} at {}", browser.devtools_url));

    let settings = LoadSettings { base: &server.base, throttling: args.throttling, timeout: args.timeout };
    let mut cookie_seen = String::new();
    let mut pages = Vec::new();
    for page in PAGES {
        let mut loads = Vec::new();
        // The first load warms the server's files and the browser's processes; not counted.
        for run in 0..=args.runs {
            let cookie = match page.signed_in {
                true => Some(owner.sign_in(&http, &server.base).await?),
                false => None,
            };
            if let Some(c) = &cookie {
                cookie_seen = c.describe();
            }
            let what = if run == 0 { "warm-up".to_owned() } else { format!("{run}/{}", args.runs) };
            let figures = load::cold_load(&cdp, &settings, &page, cookie.as_ref())
                .await
                .with_context(|| format!("{} load {what}", page.name))?;
            progress(format_args!(
                "{} {what}: content ready {:.0} ms, {} bytes in {} requests",
                page.name, figures.content_ready_ms, figures.bytes, figures.request_count
            ));
            if run > 0 {
                loads.push(figures);
            }
        }
        pages.push((page, loads));
    }
    close(cdp, browser).await;
    Ok(Results {
        server: args.server.display().to_string(),
        machine: tests::machine::describe(),
        browser: browser_name,
        throttling: args.throttling,
        runs: args.runs,
        cookie: cookie_seen,
        pages,
    })
}

/// Closes the browser through DevTools; a browser that does not exit is killed.
async fn close(cdp: Cdp, browser: Chromium) {
    let _: anyhow::Result<Value> = cdp.call("Browser.close", json!({})).await;
    drop(cdp);
    if let Err(e) = browser.wait_closed().await {
        eprintln!("warning: {e:#}");
    }
}

/// Progress on standard error, so standard output holds only the report.
fn progress(what: std::fmt::Arguments<'_>) {
    eprintln!("  .. {what}");
}
