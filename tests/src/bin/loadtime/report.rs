//! The printed results (Markdown, to paste into the README): the set-up lines, a row per page
//! with the median and the max of its loads, what "content ready" means per page, the goals with
//! PASS/FAIL, and the requests of each page's median load. Also the same as JSON.

use serde_json::{Value, json};

use crate::load::{LoadFigures, RequestSeen};
use crate::pages::Page;
use crate::throttling::Throttling;

/// Everything measured in one run of the benchmark.
pub struct Results {
    /// The server binary.
    pub server: String,
    /// The machine line.
    pub machine: String,
    /// The browser's product and user agent.
    pub browser: String,
    /// The throttling of every load.
    pub throttling: Throttling,
    /// Measured loads per page.
    pub runs: usize,
    /// The cookie that signs the browser in, described.
    pub cookie: String,
    /// Each page with its loads, in the order measured.
    pub pages: Vec<(Page, Vec<LoadFigures>)>,
}

/// The median and the max of some figures.
#[derive(Debug, Clone, Copy)]
struct Spread {
    median: f64,
    max: f64,
}

impl Spread {
    /// `None` when no load has the figure.
    fn of(values: impl Iterator<Item = Option<f64>>) -> Option<Spread> {
        let mut v: Vec<f64> = values.flatten().collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let mid = v.len() / 2;
        let median = if v.len() % 2 == 1 { v[mid] } else { (v[mid - 1] + v[mid]) / 2.0 };
        Some(Spread { median, max: v[v.len() - 1] })
    }

    fn json(spread: Option<Spread>) -> Value {
        spread.map_or(Value::Null, |s| json!({ "median": s.median, "max": s.max }))
    }
}

/// A page's figures over its loads.
struct Summary {
    bytes: Option<Spread>,
    requests: Option<Spread>,
    first_paint: Option<Spread>,
    fcp: Option<Spread>,
    ready: Option<Spread>,
}

fn summarize(loads: &[LoadFigures]) -> Summary {
    let of = |f: fn(&LoadFigures) -> Option<f64>| Spread::of(loads.iter().map(f));
    Summary {
        bytes: of(|l| Some(l.bytes as f64)),
        requests: of(|l| Some(l.request_count as f64)),
        first_paint: of(|l| l.first_paint_ms),
        fcp: of(|l| l.first_contentful_paint_ms),
        ready: of(|l| Some(l.content_ready_ms)),
    }
}

/// A goal's verdict on the median content-ready time; `None` for a page without a goal.
fn verdict(page: &Page, summary: &Summary) -> Option<(bool, Spread)> {
    let goal = page.goal?;
    let ready = summary.ready?;
    Some((ready.median <= goal.within.as_secs_f64() * 1000.0, ready))
}

/// Prints the report.
pub fn print(results: &Results) {
    println!("\n### Page load times: {}\n", results.server);
    println!("machine: {}", results.machine);
    println!("browser: {}, headless, 1280×800", results.browser);
    println!("throttling: {} (DevTools emulation)", results.throttling.describe());
    let loads = if results.runs == 1 { "1 cold load".to_owned() } else { format!("{} cold loads", results.runs) };
    println!(
        "loads: {loads} per page, each in a new browser context (empty cache and cookie jar), after one \
         warm-up load that is not counted"
    );
    println!("signed in: the refresh cookie {} from POST /api/auth/login, set before the page opens\n", results.cookie);
    println!("| page | runs | bytes | requests | first paint ms | FCP ms | content ready ms |");
    println!("|---|--:|--:|--:|--:|--:|--:|");
    for (page, loads) in &results.pages {
        let s = summarize(loads);
        let count = |spread: Option<Spread>| spread.map_or("—".to_owned(), |s| thousands(s.median));
        println!(
            "| {} `{}` | {} | {} | {} | {} | {} | {} |",
            page.name,
            page.path,
            loads.len(),
            count(s.bytes),
            count(s.requests),
            median_max(s.first_paint),
            median_max(s.fcp),
            median_max(s.ready),
        );
    }
    println!("\ntimes: median / max, ms from navigation start; bytes (over the wire) and requests: median");
    println!("content ready: the first moment these are in the page's DOM (the frame that paints them follows):");
    for (page, _) in &results.pages {
        println!("  - {}: {} (`{}`)", page.name, page.ready_means, page.ready_when.join("` and `"));
    }
    print_goals(results);
    for (page, loads) in &results.pages {
        print_requests(page, loads);
    }
}

fn print_goals(results: &Results) {
    let note = if results.throttling == Throttling::DEFAULT {
        ""
    } else {
        " — set for the default throttling, this run uses other settings"
    };
    println!("\ngoals (median content ready{note}):");
    for (page, loads) in &results.pages {
        let Some(goal) = page.goal else { continue };
        match verdict(page, &summarize(loads)) {
            Some((pass, ready)) => println!(
                "  {}  {}: {} ms (max {} ms)",
                if pass { "PASS" } else { "FAIL" },
                goal.what,
                thousands(ready.median),
                thousands(ready.max)
            ),
            None => println!("  ----  {}: not measured", goal.what),
        }
    }
}

/// The requests of the load whose content-ready time is the median (the lower middle one).
fn print_requests(page: &Page, loads: &[LoadFigures]) {
    let mut sorted: Vec<&LoadFigures> = loads.iter().collect();
    sorted.sort_by(|a, b| a.content_ready_ms.total_cmp(&b.content_ready_ms));
    let Some(median) = sorted.get((sorted.len().saturating_sub(1)) / 2) else { return };
    println!(
        "\nrequests of the median load of {} `{}` (content ready at {} ms; ms after the document's request):",
        page.name,
        page.path,
        thousands(median.content_ready_ms)
    );
    for r in &median.requests {
        println!("  {}", describe_request(r));
    }
}

fn describe_request(r: &RequestSeen) -> String {
    let status = r.status.map_or("—".to_owned(), |s| s.to_string());
    let bytes = r.bytes.map_or("—".to_owned(), |b| format!("{} B", thousands(b as f64)));
    let done = r.done_ms.map_or("…".to_owned(), |d| format!("{d:.0}"));
    let mut line = format!(
        "{:>5}–{:<5} {:<10} {status} {:>11}  {}",
        format!("{:.0}", r.sent_ms),
        done,
        r.resource_type,
        bytes,
        r.path
    );
    if r.from_cache {
        line.push_str("  (from cache)");
    }
    if let Some(why) = &r.failed {
        line.push_str(&format!("  (failed: {why})"));
    }
    line
}

/// The report as JSON: the set-up, every load, each page's median and max, the goals.
pub fn to_json(results: &Results) -> Value {
    let pages: Vec<Value> = results
        .pages
        .iter()
        .map(|(page, loads)| {
            let s = summarize(loads);
            json!({
                "name": page.name,
                "path": page.path,
                "ready_when": page.ready_when,
                "bytes": Spread::json(s.bytes),
                "requests": Spread::json(s.requests),
                "first_paint_ms": Spread::json(s.first_paint),
                "first_contentful_paint_ms": Spread::json(s.fcp),
                "content_ready_ms": Spread::json(s.ready),
                "goal": page.goal.map(|g| json!({
                    "what": g.what,
                    "within_ms": g.within.as_millis() as u64,
                    "pass": verdict(page, &s).map(|(pass, _)| pass),
                })),
                "loads": loads,
            })
        })
        .collect();
    json!({
        "server": results.server,
        "machine": results.machine,
        "browser": results.browser,
        "throttling": results.throttling,
        "runs": results.runs,
        "pages": pages,
    })
}

/// `median / max`, or `—`.
fn median_max(spread: Option<Spread>) -> String {
    spread.map_or("—".to_owned(), |s| format!("{} / {}", thousands(s.median), thousands(s.max)))
}

/// A figure rounded to a whole number, with thousands separators: `12,345`.
fn thousands(v: f64) -> String {
    tests::figures::thousands(v.max(0.0).round() as u64)
}
