//! The scenarios, in the order they run, and what a run of them finds (rows, durability,
//! isolation); `suite` runs them.

use anyhow::Context;

use crate::database::Engine;
use crate::load::Outcome;

/// Connections of the tenant list in the isolation scenario.
pub const ISOLATION_CONNECTIONS: usize = 10;
/// Connections sending usage batches (writes queue per SQLite file: a few keep the writer busy).
pub const INGEST_CONNECTIONS: usize = 4;
/// Events in each usage batch.
pub const BATCH_EVENTS: u64 = 1_000;
/// Feature flags defined for the features scenario (a fifth of them overridden for the bench org,
/// the rest half on by default, with rollouts).
pub const BENCH_FLAGS: usize = 50;
/// Automations stored in each of the 10 organizations for the automations scenario.
pub const AUTOMATIONS_PER_ORG: usize = 1_000;
/// Raw events stored for the usage series scenario, over the year before today.
pub const YEAR_EVENTS: usize = 1_000_000;
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
    /// Usage batches of 1,000 new events from an ingest key.
    Ingest,
    /// The usage series by day over a year, with a million raw events stored; then their export.
    UsageSeries,
    /// The active organization's evaluated feature flags, with [`BENCH_FLAGS`] flags defined.
    Features,
    /// The automation list, 20 of 10,000 across 10 organizations, filtered by status.
    Automations,
}

impl ScenarioId {
    /// Every scenario, in the order they run.
    pub const ALL: [ScenarioId; 11] = [
        ScenarioId::Health,
        ScenarioId::TenantList,
        ScenarioId::Create,
        ScenarioId::SignIn,
        ScenarioId::Storm,
        ScenarioId::Locked,
        ScenarioId::Isolation,
        ScenarioId::Ingest,
        ScenarioId::UsageSeries,
        ScenarioId::Features,
        ScenarioId::Automations,
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
            ScenarioId::Ingest => "ingest",
            ScenarioId::UsageSeries => "usage-series",
            ScenarioId::Features => "features",
            ScenarioId::Automations => "automations",
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
            ScenarioId::Ingest => "usage ingestion, batches of 1,000",
            ScenarioId::UsageSeries => "usage series by day over a year (1,000,000 events)",
            ScenarioId::Features => "feature flags evaluated (50 flags, 10 overrides)",
            ScenarioId::Automations => "automation list, 20 of 10,000 in 10 orgs (status filter)",
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
        matches!(
            self,
            ScenarioId::TenantList
                | ScenarioId::Create
                | ScenarioId::SignIn
                | ScenarioId::Ingest
                | ScenarioId::Features
                | ScenarioId::Automations
        )
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

/// What the usage batches stored.
#[derive(Debug, Clone, Copy)]
pub struct Ingested {
    /// Events in batches answered 200 (warm-up included).
    pub acknowledged: u64,
    /// Usage events of the bench org in the database afterwards.
    pub found: i64,
}

impl Ingested {
    /// Whether every acknowledged event is stored.
    pub fn holds(&self) -> bool {
        self.found >= 0 && self.found as u64 >= self.acknowledged
    }
}

/// One download of the CSV export of every usage event of the year.
#[derive(Debug, Clone, Copy)]
pub struct Export {
    /// Lines, the header included.
    pub lines: u64,
    /// Bytes.
    pub bytes: u64,
    /// From the request to the last byte, seconds.
    pub secs: f64,
    /// The server's peak resident memory during the download, KiB.
    pub peak_rss_kib: u64,
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
    /// What the usage batches stored, if ingestion ran.
    pub ingested: Option<Ingested>,
    /// The export of a year of usage events, if the usage series ran.
    pub export: Option<Export>,
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
