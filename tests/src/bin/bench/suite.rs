//! The run of the scenarios against one server binary on one database: migrate, seed, start,
//! measure each scenario, check durability after the creates.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use anyhow::{Context, bail};
use sea_orm::DatabaseConnection;
use shared::dto::auth::LoginRequest;
use tests::server_process::{Server, ServerConfig};

use crate::database::{BenchDatabase, Engine};
use crate::load::{self, Addresses, Load, Outcome, Request, Timing, Window};
use crate::process_stats::ProcessStats;
use crate::scenarios::{
    AUTOMATIONS_PER_ORG, BATCH_EVENTS, BENCH_FLAGS, Durability, Export, INGEST_CONNECTIONS, ISOLATION_CONNECTIONS,
    Ingested, Isolation, Row, ScenarioId, Suite, YEAR_EVENTS,
};
use crate::seed::{self, Accounts, PASSWORD};

/// At least this many accounts for `sign-in, many accounts`.
const MIN_SIGN_IN_ACCOUNTS: usize = 50;
/// Where set-up requests (sign-ins for tokens) come from.
const SETUP_ADDRESS: &str = "10.250.0.1";
/// Where the wrong passwords that lock the locked account come from.
const LOCKING_ADDRESS: &str = "10.251.0.1";
/// Where the storm comes from, alone and alongside the isolation scenario's list.
const STORM_ADDRESS: &str = "10.5.0.1";
const ISOLATION_STORM_ADDRESS: &str = "10.9.0.1";

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
    // The client's address is the one the bench sends in `X-Forwarded-For`, as a load balancer's.
    let mut config = ServerConfig::production(binary, data_dir)?.env("OMG_TRUST_PROXY", "true");
    if let Some(url) = &database.server_url {
        config = config.env("DATABASE_URL", url);
    }
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
        ingested: None,
        export: None,
    };
    let selected = settings.scenarios.iter().filter(|s| engine == Engine::Sqlite || s.on_postgres());
    let has_usage = seed::count_in_org(&conn, "usage_ingest_keys", uuid::Uuid::nil()).await.is_ok();
    let has_flags = seed::count_in_org(&conn, "feature_flag_overrides", uuid::Uuid::nil()).await.is_ok();
    let has_automations = seed::count_in_org(&conn, "automations", uuid::Uuid::nil()).await.is_ok();
    for &id in selected {
        if matches!(id, ScenarioId::Ingest | ScenarioId::UsageSeries) && !has_usage {
            progress(format_args!("{}: {}: skipped, this server has no usage tables", engine.name(), id.title()));
            continue;
        }
        if id == ScenarioId::Features && !has_flags {
            progress(format_args!("{}: {}: skipped, this server has no feature flags", engine.name(), id.title()));
            continue;
        }
        if id == ScenarioId::Automations && !has_automations {
            progress(format_args!("{}: {}: skipped, this server has no automations", engine.name(), id.title()));
            continue;
        }
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
            ScenarioId::Ingest => {
                let (row, ingested) = target.ingest(&conn).await?;
                suite.rows.push(row);
                suite.ingested = Some(ingested);
            }
            ScenarioId::UsageSeries => {
                let (row, export) = target.usage_series(&conn).await?;
                suite.rows.push(row);
                suite.export = Some(export);
            }
            ScenarioId::Features => suite.rows.push(target.features(&conn).await?),
            ScenarioId::Automations => suite.rows.push(target.automations(&conn).await?),
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
            ScenarioId::Create
            | ScenarioId::Isolation
            | ScenarioId::Ingest
            | ScenarioId::UsageSeries
            | ScenarioId::Features
            | ScenarioId::Automations => {
                bail!("{} is not a single load", id.slug())
            }
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

    /// Usage batches of 1,000 new events from an ingest key of the bench org; the row and what
    /// the database holds afterwards.
    async fn ingest(&self, conn: &DatabaseConnection) -> anyhow::Result<(Row, Ingested)> {
        let org = self.accounts.bench_org;
        let before = seed::count_in_org(conn, "usage_events", org).await?;
        let key = seed::insert_ingest_key(conn, org).await?;
        let load = Load {
            request: Request::Ingest { key, counter: Arc::new(AtomicU64::new(0)) },
            connections: INGEST_CONNECTIONS,
            addresses: Addresses::PerConnection { block: 11 },
            expected: &[200],
        };
        let row = self.single(ScenarioId::Ingest, load).await?;
        let acknowledged = row.outcome.answered(200) * BATCH_EVENTS;
        let found = seed::count_in_org(conn, "usage_events", org).await? - before;
        Ok((row, Ingested { acknowledged, found }))
    }

    /// [`BENCH_FLAGS`] feature flags defined, then the OWNER's evaluated set of them.
    async fn features(&self, conn: &DatabaseConnection) -> anyhow::Result<Row> {
        seed::insert_flags(conn, self.accounts.bench_org, BENCH_FLAGS).await?;
        let load = Load {
            request: Request::Features { token: access_token(&self.server.base, &self.accounts.owner).await? },
            connections: self.settings.connections,
            addresses: Addresses::PerConnection { block: 13 },
            expected: &[200],
        };
        self.single(ScenarioId::Features, load).await
    }

    /// [`AUTOMATIONS_PER_ORG`] automations in each organization, then the OWNER's list of the
    /// bench org's, filtered by status, most recently changed first, 20 a page.
    async fn automations(&self, conn: &DatabaseConnection) -> anyhow::Result<Row> {
        seed::insert_automations(conn, AUTOMATIONS_PER_ORG).await?;
        let load = Load {
            request: Request::Automations {
                token: access_token(&self.server.base, &self.accounts.owner).await?,
                query: "status=building&sort=-updated_at&limit=20".to_owned(),
            },
            connections: self.settings.connections,
            addresses: Addresses::PerConnection { block: 14 },
            expected: &[200],
        };
        self.single(ScenarioId::Automations, load).await
    }

    /// A year of usage (a million raw events and their rollups) stored for the bench org, then
    /// its series by day over the year as the OWNER; and one download of the events' export.
    async fn usage_series(&self, conn: &DatabaseConnection) -> anyhow::Result<(Row, Export)> {
        let today = chrono::Utc::now().date_naive();
        progress(format_args!("storing {} usage events", tests::figures::thousands(YEAR_EVENTS as u64)));
        seed::insert_usage_year(conn, self.accounts.bench_org, YEAR_EVENTS, today).await?;
        let from = today - chrono::Days::new(364);
        let token = access_token(&self.server.base, &self.accounts.owner).await?;
        let load = Load {
            request: Request::UsageSeries {
                token: token.clone(),
                query: format!("from={from}&to={today}&granularity=day"),
            },
            connections: self.settings.connections,
            addresses: Addresses::PerConnection { block: 12 },
            expected: &[200],
        };
        let row = self.single(ScenarioId::UsageSeries, load).await?;
        progress(format_args!("exporting every usage event as CSV"));
        let export = self.export(&token).await?;
        Ok((row, export))
    }

    /// Downloads the bench org's events export once, counting lines and bytes as they stream.
    async fn export(&self, token: &str) -> anyhow::Result<Export> {
        let stats = stats(self.settings, self.server);
        stats.reset_peak_rss()?;
        let client = reqwest::Client::builder().timeout(Duration::from_secs(900)).build()?;
        let started = std::time::Instant::now();
        let mut res = client
            .get(format!("{}/api/dashboard/usage-events/export.csv", self.server.base))
            .bearer_auth(token)
            .header("x-forwarded-for", SETUP_ADDRESS)
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("the export answered {}", res.status());
        }
        let (mut lines, mut bytes) = (0u64, 0u64);
        while let Some(chunk) = res.chunk().await? {
            bytes += chunk.len() as u64;
            lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        }
        Ok(Export { lines, bytes, secs: started.elapsed().as_secs_f64(), peak_rss_kib: stats.peak_rss_kib()? })
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
