//! The scenarios, in the order they run, and the run of all of them against one server binary on
//! one database: migrate, seed, start, measure each scenario, check durability after the creates.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use anyhow::{Context, bail};
use sea_orm::DatabaseConnection;
use shared::dto::auth::LoginRequest;

use crate::database::{BenchDatabase, Engine};
use crate::load::{self, Addresses, Load, Outcome, Request, Timing, Window};
use crate::process_stats::ProcessStats;
use crate::seed::{self, Accounts, PASSWORD};
use crate::server::{Server, ServerConfig};

/// Connections of the tenant list in the isolation scenario.
pub const ISOLATION_CONNECTIONS: usize = 10;
/// At least this many accounts for `sign-in, many accounts`.
const MIN_SIGN_IN_ACCOUNTS: usize = 50;
/// Where set-up requests (sign-ins for tokens) come from.
const SETUP_ADDRESS: &str = "10.250.0.1";
/// Where the wrong passwords that lock the locked account come from.
const LOCKING_ADDRESS: &str = "10.251.0.1";
/// Where the storm comes from, alone and alongside the isolation scenario's list.
const STORM_ADDRESS: &str = "10.5.0.1";
const ISOLATION_STORM_ADDRESS: &str = "10.9.0.1";

/// A scenario, as `--only` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScenarioId {
    /// `GET /api/health`.
    Health,
    /// The bench org's member list, 20 of 1,000, as its owner.
    TenantList,
    /// API keys created by the owner (a row and its audit row each), then the kill -9 check.
    Create,
    /// Sign-ins with the right password, each connection its own account and address.
    SignIn,
    /// Every connection signs in to one account from one address.
    Storm,
    /// Sign-ins to a locked account: all refused before any hashing.
    Locked,
    /// The tenant list alone, then while the storm runs.
    Isolation,
}

impl ScenarioId {
    /// Every scenario, in the order they run.
    pub const ALL: [ScenarioId; 7] = [
        ScenarioId::Health,
        ScenarioId::TenantList,
        ScenarioId::Create,
        ScenarioId::SignIn,
        ScenarioId::Storm,
        ScenarioId::Locked,
        ScenarioId::Isolation,
    ];

    /// The name `--only` takes.
    pub fn slug(self) -> &'static str {
        match self {
            ScenarioId::Health => "health",
            ScenarioId::TenantList => "tenant-list",
            ScenarioId::Create => "create",
            ScenarioId::SignIn => "sign-in",
            ScenarioId::Storm => "storm",
            ScenarioId::Locked => "locked",
            ScenarioId::Isolation => "isolation",
        }
    }

    /// The name in reports.
    pub fn title(self) -> &'static str {
        match self {
            ScenarioId::Health => "health",
            ScenarioId::TenantList => "tenant list of 20",
            ScenarioId::Create => "create with audit row",
            ScenarioId::SignIn => "sign-in, many accounts",
            ScenarioId::Storm => "sign-in storm, one account",
            ScenarioId::Locked => "refused sign-ins (locked account)",
            ScenarioId::Isolation => "isolation",
        }
    }

    /// The scenario `--only` names.
    pub fn parse(slug: &str) -> anyhow::Result<ScenarioId> {
        let slug = slug.trim();
        let names: Vec<&str> = Self::ALL.iter().map(|s| s.slug()).collect();
        Self::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .with_context(|| format!("unknown scenario {slug:?}; the scenarios are {}", names.join(", ")))
    }

    /// Whether the scenario also runs on PostgreSQL.
    pub fn on_postgres(self) -> bool {
        matches!(self, ScenarioId::TenantList | ScenarioId::Create | ScenarioId::SignIn)
    }
}

/// One line of the results table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The scenario it belongs to.
    pub scenario: ScenarioId,
    /// What it shows (the scenario's title, or a part of the isolation scenario).
    pub title: String,
    /// Concurrent connections.
    pub connections: String,
    /// Answers and latencies in the measured window.
    pub outcome: Outcome,
    /// Server CPU per request; `None` where two loads shared the window.
    pub cpu_ms_per_request: Option<f64>,
    /// The server's peak resident memory during the scenario, KiB.
    pub peak_rss_kib: u64,
}

/// What the kill -9 after the creates found.
#[derive(Debug, Clone, Copy)]
pub struct Durability {
    /// Creates answered 201 (warm-up included).
    pub acknowledged: u64,
    /// API keys of the bench org in the database after kill -9 and restart.
    pub found: i64,
}

impl Durability {
    /// Whether every acknowledged key survived.
    pub fn holds(&self) -> bool {
        self.found >= 0 && self.found as u64 >= self.acknowledged
    }
}

/// The tenant list's p99 alone (A) and during the storm (B).
#[derive(Debug, Clone, Copy)]
pub struct Isolation {
    /// p99 of the list alone, ms.
    pub alone_p99_ms: f64,
    /// p99 of the list while the storm runs, ms.
    pub during_storm_p99_ms: f64,
}

impl Isolation {
    /// B/A.
    pub fn ratio(&self) -> f64 {
        self.during_storm_p99_ms / self.alone_p99_ms.max(1e-9)
    }
}

/// Every scenario of one server binary on one database.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The engine.
    pub engine: Engine,
    /// The database as reports name it.
    pub database: String,
    /// The server's resident memory after start and seeding, before any load, KiB.
    pub idle_rss_kib: u64,
    /// The results, in the order the scenarios ran.
    pub rows: Vec<Row>,
    /// The kill -9 check, if `create` ran.
    pub durability: Option<Durability>,
    /// The isolation figures, if that scenario ran.
    pub isolation: Option<Isolation>,
}

impl Suite {
    /// The highest peak RSS of all its scenarios, KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        self.rows.iter().map(|r| r.peak_rss_kib).max().unwrap_or(self.idle_rss_kib)
    }

    /// The row of a scenario (the first, for isolation).
    pub fn row(&self, id: ScenarioId) -> Option<&Row> {
        self.rows.iter().find(|r| r.scenario == id)
    }
}

/// What every suite of a run shares.
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// Connections of each scenario (the storm's, too).
    pub connections: usize,
    /// Warm-up and measured window.
    pub timing: Timing,
    /// Clock ticks per second of `/proc/<pid>/stat`.
    pub ticks_per_sec: u64,
    /// The scenarios selected.
    pub scenarios: Vec<ScenarioId>,
}

/// Runs the selected scenarios against `binary` on `database`, in the data dir `data_dir`.
pub async fn run_suite(
    settings: &RunSettings,
    binary: &Path,
    database: &BenchDatabase,
    data_dir: &Path,
) -> anyhow::Result<Suite> {
    let engine = database.engine;
    let config = ServerConfig::new(binary, data_dir, database.server_url.clone())?;
    progress(format_args!("{}: migrating and seeding", engine.name()));
    config.migrate()?;
    let conn = database.connect().await?;
    let accounts = seed::seed(&conn, settings.connections.max(MIN_SIGN_IN_ACCOUNTS)).await.context("seeding")?;
    let mut server = config.start().await?;
    // Let start-up work (jobs, caches) settle before the idle reading.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss_kib = stats(settings, &server).rss_kib()?;
    let mut suite = Suite {
        engine,
        database: database.describe().await,
        idle_rss_kib,
        rows: Vec::new(),
        durability: None,
        isolation: None,
    };
    let selected = settings.scenarios.iter().filter(|s| engine == Engine::Sqlite || s.on_postgres());
    for &id in selected {
        progress(format_args!("{}: {}", engine.name(), id.title()));
        let target = Target { settings, server: &server, accounts: &accounts };
        match id {
            ScenarioId::Create => {
                let (row, acknowledged) = target.create().await?;
                suite.rows.push(row);
                let durability;
                (server, durability) = kill_and_count(&config, server, &conn, &accounts, acknowledged).await?;
                suite.durability = Some(durability);
            }
            ScenarioId::Isolation => {
                let (rows, isolation) = target.isolation().await?;
                suite.rows.extend(rows);
                suite.isolation = Some(isolation);
            }
            other => suite.rows.push(target.scenario(other).await?),
        }
    }
    drop(server);
    conn.close().await?;
    Ok(suite)
}

/// Progress on standard error, so standard output holds only the results.
fn progress(what: std::fmt::Arguments<'_>) {
    eprintln!("  .. {what}");
}

/// The resource readings of a running server.
fn stats(settings: &RunSettings, server: &Server) -> ProcessStats {
    ProcessStats::new(server.pid, settings.ticks_per_sec)
}

/// kill -9 of the server, a new start on the same data, and the count of the bench org's keys.
async fn kill_and_count(
    config: &ServerConfig,
    server: Server,
    conn: &DatabaseConnection,
    accounts: &Accounts,
    acknowledged: u64,
) -> anyhow::Result<(Server, Durability)> {
    server.kill9()?;
    let server = config.start().await.context("starting again after kill -9")?;
    let found = seed::count_in_org(conn, "api_keys", accounts.bench_org).await?;
    Ok((server, Durability { acknowledged, found }))
}

/// One server under load, with the accounts to act as.
struct Target<'a> {
    settings: &'a RunSettings,
    server: &'a Server,
    accounts: &'a Accounts,
}

impl Target<'_> {
    /// Measures loads together.
    async fn measure(&self, loads: &[Load]) -> anyhow::Result<Window> {
        load::measure(&self.server.base, loads, self.settings.timing, &stats(self.settings, self.server)).await
    }

    /// A scenario of one load, as one row.
    async fn single(&self, id: ScenarioId, load: Load) -> anyhow::Result<Row> {
        let connections = load.connections.to_string();
        let window = self.measure(std::slice::from_ref(&load)).await?;
        let cpu = window.cpu_ms_per_request();
        let outcome = window.outcomes.into_iter().next().unwrap_or_default();
        Ok(Row {
            scenario: id,
            title: id.title().into(),
            connections,
            outcome,
            cpu_ms_per_request: Some(cpu),
            peak_rss_kib: window.peak_rss_kib,
        })
    }

    /// The scenarios that are one load with no set-up beyond a token.
    async fn scenario(&self, id: ScenarioId) -> anyhow::Result<Row> {
        let n = self.settings.connections;
        let load = match id {
            ScenarioId::Health => Load {
                request: Request::Health,
                connections: n,
                addresses: Addresses::PerConnection { block: 1 },
                expected: &[200],
            },
            ScenarioId::TenantList => self.tenant_list(n, 2).await?,
            ScenarioId::SignIn => Load {
                request: sign_in(&self.accounts.sign_in),
                connections: n,
                addresses: Addresses::PerConnection { block: 4 },
                expected: &[200],
            },
            ScenarioId::Storm => self.storm(STORM_ADDRESS),
            ScenarioId::Locked => {
                lock_account(&self.server.base, &self.accounts.locked).await?;
                Load {
                    request: sign_in(std::slice::from_ref(&self.accounts.locked)),
                    connections: n,
                    addresses: Addresses::PerConnection { block: 6 },
                    expected: &[429],
                }
            }
            ScenarioId::Create | ScenarioId::Isolation => bail!("{} is not a single load", id.slug()),
        };
        self.single(id, load).await
    }

    /// The owner's member list (a fresh token: tokens last 15 minutes).
    async fn tenant_list(&self, connections: usize, block: u8) -> anyhow::Result<Load> {
        let token = access_token(&self.server.base, &self.accounts.owner).await?;
        Ok(Load {
            request: Request::Members { token },
            connections,
            addresses: Addresses::PerConnection { block },
            expected: &[200],
        })
    }

    /// Every connection signs in to the storm account from one address.
    fn storm(&self, address: &'static str) -> Load {
        Load {
            request: sign_in(std::slice::from_ref(&self.accounts.storm)),
            connections: self.settings.connections,
            addresses: Addresses::One(address),
            expected: &[200, 429],
        }
    }

    /// API keys created by the owner; the row and the creates acknowledged (201), warm-up included.
    async fn create(&self) -> anyhow::Result<(Row, u64)> {
        let token = access_token(&self.server.base, &self.accounts.owner).await?;
        let load = Load {
            request: Request::CreateKey { token, counter: Arc::new(AtomicU64::new(0)) },
            connections: self.settings.connections,
            addresses: Addresses::PerConnection { block: 3 },
            expected: &[201],
        };
        let row = self.single(ScenarioId::Create, load).await?;
        let acknowledged = row.outcome.answered(201);
        Ok((row, acknowledged))
    }

    /// The tenant list at 10 connections alone (A), then while the storm runs (B).
    async fn isolation(&self) -> anyhow::Result<(Vec<Row>, Isolation)> {
        let mut alone = self.single(ScenarioId::Isolation, self.tenant_list(ISOLATION_CONNECTIONS, 7).await?).await?;
        alone.title = "isolation A: tenant list alone".into();
        let list = self.tenant_list(ISOLATION_CONNECTIONS, 8).await?;
        let storm = self.storm(ISOLATION_STORM_ADDRESS);
        let storm_connections = storm.connections;
        let window = self.measure(&[list, storm]).await?;
        let mut outcomes = window.outcomes.into_iter();
        let (list, storm) = (outcomes.next().unwrap_or_default(), outcomes.next().unwrap_or_default());
        let isolation = Isolation {
            alone_p99_ms: alone.outcome.percentile_ms(0.99),
            during_storm_p99_ms: list.percentile_ms(0.99),
        };
        let shared = |title: &str, connections: usize, outcome: Outcome| Row {
            scenario: ScenarioId::Isolation,
            title: title.into(),
            connections: connections.to_string(),
            outcome,
            cpu_ms_per_request: None,
            peak_rss_kib: window.peak_rss_kib,
        };
        let rows = vec![
            alone,
            shared("isolation B: tenant list during the storm", ISOLATION_CONNECTIONS, list),
            shared("isolation B: the storm alongside", storm_connections, storm),
        ];
        Ok((rows, isolation))
    }
}

/// Sign-ins with the right password as these accounts.
fn sign_in(emails: &[String]) -> Request {
    Request::SignIn { emails: Arc::new(emails.to_vec()), password: PASSWORD }
}

/// A client for set-up requests from `address`.
fn setup_client(address: &str) -> anyhow::Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", reqwest::header::HeaderValue::from_str(address)?);
    Ok(reqwest::Client::builder().default_headers(headers).timeout(Duration::from_secs(30)).build()?)
}

/// Signs in and returns the access token.
async fn access_token(base: &str, email: &str) -> anyhow::Result<String> {
    let body = LoginRequest { email: email.into(), password: PASSWORD.into() };
    let res = setup_client(SETUP_ADDRESS)?.post(format!("{base}/api/auth/login")).json(&body).send().await?;
    let status = res.status();
    let answer: serde_json::Value = res.json().await.unwrap_or_default();
    if !status.is_success() {
        bail!("signing in as {email}: {status} {answer}");
    }
    let token = answer.get("access_token").and_then(|t| t.as_str());
    token.map(str::to_owned).with_context(|| format!("no access_token in {answer}"))
}

/// Locks the account with wrong passwords from one address, waiting out each back-off, until
/// a refusal says it is locked for minutes.
async fn lock_account(base: &str, email: &str) -> anyhow::Result<()> {
    let client = setup_client(LOCKING_ADDRESS)?;
    let body = LoginRequest { email: email.into(), password: format!("{PASSWORD}-wrong") };
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while std::time::Instant::now() < deadline {
        let res = client.post(format!("{base}/api/auth/login")).json(&body).send().await?;
        let status = res.status().as_u16();
        let retry_after = res.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        match (status, retry_after) {
            (401, _) => {}
            (429, Some(secs)) if secs > 60 => return Ok(()),
            (429, Some(secs)) => tokio::time::sleep(Duration::from_secs(secs)).await,
            _ => bail!("locking {email}: a wrong password was answered {status}"),
        }
    }
    bail!("{email} was not locked within two minutes")
}
