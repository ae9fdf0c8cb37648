//! The printed results: a Markdown table per server, the durability and isolation lines, the
//! acceptance targets with PASS/FAIL, and the baseline-versus-current table.

use std::collections::BTreeMap;

use tests::figures::thousands;

use crate::database::Engine;
use crate::scenarios::{BATCH_EVENTS, Row, ScenarioId, Suite};

/// One server's suites (SQLite, then PostgreSQL if asked).
pub struct ServerResults {
    /// `baseline` or `current`.
    pub label: &'static str,
    /// The binary measured.
    pub binary: String,
    /// Its suites.
    pub suites: Vec<Suite>,
}

impl ServerResults {
    /// The highest peak RSS over every scenario of every suite, KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        self.suites.iter().map(Suite::peak_rss_kib).max().unwrap_or(0)
    }

    fn sqlite(&self) -> Option<&Suite> {
        self.suites.iter().find(|s| s.engine == Engine::Sqlite)
    }
}

/// Prints a server's results: context lines, the table, durability, isolation, targets.
pub fn print_server(results: &ServerResults, machine: &str, load: &str) {
    println!("\n### {}: {}\n", results.label, results.binary);
    println!("machine: {machine}");
    let databases: Vec<&str> = results.suites.iter().map(|s| s.database.as_str()).collect();
    println!("database: {}", databases.join("; "));
    println!("load: {load}");
    let idle: Vec<String> =
        results.suites.iter().map(|s| format!("{} {}", s.engine.name(), mb(s.idle_rss_kib))).collect();
    println!("idle RSS: {}; overall peak RSS: {}\n", idle.join(", "), mb(results.peak_rss_kib()));
    println!(
        "| scenario | db | conns | requests | req/s | p50 ms | p99 ms | answers | errors | CPU ms/req | peak RSS MB |"
    );
    println!("|---|---|--:|--:|--:|--:|--:|---|---|--:|--:|");
    for suite in &results.suites {
        for row in &suite.rows {
            print_row(suite.engine, row);
        }
    }
    println!();
    for suite in &results.suites {
        print_checks(suite);
    }
    print_targets(results);
}

fn print_row(engine: Engine, row: &Row) {
    let o = &row.outcome;
    let cpu = row.cpu_ms_per_request.map_or("—".to_owned(), |c| format!("{c:.3}"));
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {cpu} | {:.1} |",
        row.title,
        engine.name(),
        row.connections,
        thousands(o.requests() as u64),
        thousands(o.per_sec().round() as u64),
        ms(o.percentile_ms(0.50)),
        ms(o.percentile_ms(0.99)),
        counts(o.expected.iter().map(|(s, n)| (s.to_string(), *n))),
        counts(o.errors.iter().map(|(s, n)| (s.clone(), *n))),
        row.peak_rss_kib as f64 / 1024.0,
    );
}

fn print_checks(suite: &Suite) {
    let db = suite.engine.name();
    if let Some(d) = suite.durability {
        let verdict = if d.holds() { "OK" } else { "FAILED" };
        println!(
            "durability ({db}): acknowledged {}, found {} after kill -9: {verdict}",
            thousands(d.acknowledged),
            thousands(d.found.max(0) as u64)
        );
    }
    if let Some(i) = suite.ingested {
        let verdict = if i.holds() { "OK" } else { "FAILED" };
        let per_sec = suite.row(ScenarioId::Ingest).map_or(0.0, events_per_sec);
        println!(
            "usage ingestion ({db}): {} events/s; acknowledged {} events, stored {}: {verdict}",
            thousands(per_sec.round() as u64),
            thousands(i.acknowledged),
            thousands(i.found.max(0) as u64)
        );
    }
    if let Some(e) = suite.export {
        println!(
            "usage export ({db}): {} lines, {:.1} MB in {:.1} s, server peak RSS {}",
            thousands(e.lines),
            e.bytes as f64 / 1_048_576.0,
            e.secs,
            mb(e.peak_rss_kib)
        );
    }
    if let Some(i) = suite.isolation {
        println!(
            "isolation ({db}): tenant list p99 alone A = {} ms, during the storm B = {} ms, B/A = {:.2}",
            ms(i.alone_p99_ms),
            ms(i.during_storm_p99_ms),
            i.ratio()
        );
    }
}

/// Events per second of the batches answered 200 in the window.
fn events_per_sec(row: &Row) -> f64 {
    let batches = row.outcome.expected.get(&200).copied().unwrap_or(0);
    (batches * BATCH_EVENTS) as f64 / row.outcome.elapsed.as_secs_f64().max(1e-9)
}

/// A target's verdict: `None` when its scenario did not run.
struct Target {
    what: &'static str,
    measured: Option<(String, bool)>,
}

fn targets(results: &ServerResults) -> Vec<Target> {
    let sqlite = results.sqlite();
    let row = |id: ScenarioId| sqlite.and_then(|s| s.row(id));
    let peak = results.peak_rss_kib();
    let refused = row(ScenarioId::Locked).and_then(|r| r.cpu_ms_per_request);
    let create = row(ScenarioId::Create).map(|r| {
        let (rps, p99, errors) = (r.outcome.per_sec(), r.outcome.percentile_ms(0.99), r.outcome.error_count());
        let text = format!("{} req/s, p99 {} ms, {errors} errors", thousands(rps.round() as u64), ms(p99));
        (text, rps >= 2_173.0 && p99 <= 120.0 && errors == 0)
    });
    let list = row(ScenarioId::TenantList).and_then(|r| r.cpu_ms_per_request);
    let isolation = sqlite.and_then(|s| s.isolation).map(|i| i.ratio());
    let ingest = row(ScenarioId::Ingest).map(events_per_sec);
    vec![
        Target {
            what: "overall peak RSS ≤ 100 MB",
            measured: (!results.suites.is_empty()).then(|| (mb(peak), peak <= 100 * 1024)),
        },
        Target {
            what: "refused sign-in ≤ 0.1 ms CPU/request (SQLite)",
            measured: refused.map(|c| (format!("{c:.3} ms"), c <= 0.1)),
        },
        Target { what: "create ≥ 2,173 req/s, p99 ≤ 120 ms, 0 errors (SQLite)", measured: create },
        Target {
            what: "tenant list ≤ 0.4 ms CPU/request (SQLite)",
            measured: list.map(|c| (format!("{c:.3} ms"), c <= 0.4)),
        },
        Target { what: "isolation B/A ≤ 3 (SQLite)", measured: isolation.map(|r| (format!("{r:.2}"), r <= 3.0)) },
        Target {
            what: "usage ingestion ≥ 20,000 events/s in batches of 1,000 (SQLite)",
            measured: ingest.map(|e| (format!("{} events/s", thousands(e.round() as u64)), e >= 20_000.0)),
        },
    ]
}

fn print_targets(results: &ServerResults) {
    println!("\ntargets ({}):", results.label);
    for t in targets(results) {
        match t.measured {
            Some((figure, pass)) => println!("  {}  {}: {figure}", if pass { "PASS" } else { "FAIL" }, t.what),
            None => println!("  ----  {}: not run", t.what),
        }
    }
}

/// Prints baseline and current side by side, per scenario and database.
pub fn print_comparison(baseline: &ServerResults, current: &ServerResults) {
    println!("\n### baseline vs current\n");
    println!("baseline: {}; current: {}\n", baseline.binary, current.binary);
    println!(
        "| scenario | db | req/s baseline | req/s current | p99 ms baseline | p99 ms current | CPU ms/req baseline | CPU ms/req current | peak RSS MB baseline | peak RSS MB current |"
    );
    println!("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    let before: BTreeMap<(&str, &str), &Row> = baseline
        .suites
        .iter()
        .flat_map(|s| s.rows.iter().map(move |r| ((s.engine.name(), r.title.as_str()), r)))
        .collect();
    for suite in &current.suites {
        for now in &suite.rows {
            let then = before.get(&(suite.engine.name(), now.title.as_str())).copied();
            print_comparison_row(suite.engine, then, now);
        }
    }
    println!(
        "| overall peak RSS | all | | | | | | | {} | {} |",
        mb(baseline.peak_rss_kib()),
        mb(current.peak_rss_kib())
    );
}

fn print_comparison_row(engine: Engine, then: Option<&Row>, now: &Row) {
    let rps = |r: &Row| thousands(r.outcome.per_sec().round() as u64);
    let p99 = |r: &Row| ms(r.outcome.percentile_ms(0.99));
    let cpu = |r: &Row| r.cpu_ms_per_request.map_or("—".to_owned(), |c| format!("{c:.3}"));
    let rss = |r: &Row| format!("{:.1}", r.peak_rss_kib as f64 / 1024.0);
    let or_dash = |f: &dyn Fn(&Row) -> String| then.map_or("—".to_owned(), f);
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        now.title,
        engine.name(),
        or_dash(&rps),
        rps(now),
        or_dash(&p99),
        p99(now),
        or_dash(&cpu),
        cpu(now),
        or_dash(&rss),
        rss(now),
    );
}

/// Milliseconds with three significant digits or so: `0.42`, `12.3`, `228`.
fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

/// KiB as `12.3 MB` (MiB).
fn mb(kib: u64) -> String {
    format!("{:.1} MB", kib as f64 / 1024.0)
}

/// `200 ×1,234, 429 ×56`, or `0` when there are none.
fn counts(items: impl Iterator<Item = (String, u64)>) -> String {
    let parts: Vec<String> = items.map(|(what, n)| format!("{what} ×{}", thousands(n))).collect();
    if parts.is_empty() { "0".into() } else { parts.join(", ") }
}
