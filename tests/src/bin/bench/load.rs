//! The load driver: each connection is a task with its own keep-alive HTTP client and its own
//! `X-Forwarded-For` address, sending one request after the other for the warm-up and the
//! measured window. Only requests sent inside the window count; the server's CPU time is read
//! at the window's start and after the last answer, and its memory high-water mark is reset
//! before the warm-up and read at the end.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue};
use shared::Permission;
use shared::dto::auth::LoginRequest;

use crate::process_stats::ProcessStats;
use crate::scenarios::BATCH_EVENTS;

/// How long one request may take before it counts as a `timeout`.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The request a connection repeats.
#[derive(Debug, Clone)]
pub enum Request {
    /// `GET /api/health`.
    Health,
    /// `GET /api/dashboard/members?limit=20` with a bearer token.
    Members { token: String },
    /// `POST /api/dashboard/api-keys` named `bench <n>`, `n` from a shared counter.
    CreateKey { token: String, counter: Arc<AtomicU64> },
    /// `POST /api/auth/login` with the right password; connection `i` signs in as
    /// `emails[i % len]`.
    SignIn { emails: Arc<Vec<String>>, password: &'static str },
    /// `POST /api/dashboard/usage-events` with an ingest key: a batch of new events (ids from a
    /// shared counter), over the four metrics and the last two days.
    Ingest { key: String, counter: Arc<AtomicU64> },
    /// `GET /api/dashboard/usage?{query}` with a bearer token.
    UsageSeries { token: String, query: String },
    /// `GET /api/dashboard/features` with a bearer token.
    Features { token: String },
    /// `GET /api/dashboard/automations?{query}` with a bearer token.
    Automations { token: String, query: String },
}

/// The `X-Forwarded-For` addresses of a load.
#[derive(Debug, Clone)]
pub enum Addresses {
    /// Connection `i` comes from `10.<block>.x.y`, its own address in the block.
    PerConnection { block: u8 },
    /// Every connection comes from this one address.
    One(&'static str),
}

impl Addresses {
    fn of(&self, connection: usize) -> String {
        match self {
            Addresses::PerConnection { block } => {
                let n = connection + 1;
                format!("10.{block}.{}.{}", (n >> 8) & 0xff, n & 0xff)
            }
            Addresses::One(ip) => (*ip).to_owned(),
        }
    }
}

/// Connections sending one kind of request, and the statuses that are answers, not errors.
#[derive(Debug, Clone)]
pub struct Load {
    /// What each connection sends.
    pub request: Request,
    /// How many connections.
    pub connections: usize,
    /// Where they come from.
    pub addresses: Addresses,
    /// The statuses this scenario expects (e.g. 200 and 429 in a storm).
    pub expected: &'static [u16],
}

/// The warm-up and the measured window.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Sent but not counted.
    pub warmup: Duration,
    /// Counted.
    pub duration: Duration,
}

/// What one load did in the measured window.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Latencies of the requests sent in the window, sorted.
    pub latencies: Vec<Duration>,
    /// Expected statuses and how often they were answered in the window.
    pub expected: BTreeMap<u16, u64>,
    /// Everything else in the window: other statuses, `timeout`, `transport`, `body`.
    pub errors: BTreeMap<String, u64>,
    /// Statuses answered during the warm-up (e.g. keys created then count as acknowledged).
    pub warmup: BTreeMap<u16, u64>,
    /// From the window's start to the last answer.
    pub elapsed: Duration,
}

impl Outcome {
    /// Requests sent in the window.
    pub fn requests(&self) -> usize {
        self.latencies.len()
    }

    /// Requests per second of the window.
    pub fn per_sec(&self) -> f64 {
        self.requests() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The `q` quantile (0..=1) of the latencies, in milliseconds.
    pub fn percentile_ms(&self, q: f64) -> f64 {
        let Some(last) = self.latencies.len().checked_sub(1) else { return 0.0 };
        let i = ((last as f64) * q).round() as usize;
        self.latencies[i.min(last)].as_secs_f64() * 1000.0
    }

    /// Unexpected answers in the window.
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    /// How often `status` was answered, warm-up included.
    pub fn answered(&self, status: u16) -> u64 {
        self.expected.get(&status).copied().unwrap_or(0) + self.warmup.get(&status).copied().unwrap_or(0)
    }

    fn absorb(&mut self, other: Outcome) {
        self.latencies.extend(other.latencies);
        for (map, more) in [(&mut self.expected, other.expected), (&mut self.warmup, other.warmup)] {
            for (k, n) in more {
                *map.entry(k).or_default() += n;
            }
        }
        for (k, n) in other.errors {
            *self.errors.entry(k).or_default() += n;
        }
    }
}

/// What a measured window cost the server.
#[derive(Debug, Clone)]
pub struct Window {
    /// One outcome per load, in the order given.
    pub outcomes: Vec<Outcome>,
    /// Server CPU time (user + system) in the window, ms.
    pub cpu_ms: f64,
    /// The server's resident-memory high-water mark over warm-up and window, KiB.
    pub peak_rss_kib: u64,
}

impl Window {
    /// Server CPU ms per request of all loads in the window.
    pub fn cpu_ms_per_request(&self) -> f64 {
        let requests: usize = self.outcomes.iter().map(Outcome::requests).sum();
        self.cpu_ms / requests.max(1) as f64
    }
}

/// Runs the loads together against `base`: warm-up, then the measured window.
pub async fn measure(base: &str, loads: &[Load], timing: Timing, server: &ProcessStats) -> anyhow::Result<Window> {
    server.reset_peak_rss()?;
    let start = Instant::now() + timing.warmup;
    let end = start + timing.duration;
    let mut tasks = Vec::new();
    for (l, load) in loads.iter().enumerate() {
        for c in 0..load.connections {
            let client = connection_client(&load.addresses.of(c))?;
            let sender = Sender::new(base, &load.request, c);
            let expected = load.expected;
            tasks.push((l, tokio::spawn(async move { connection(client, sender, expected, start, end).await })));
        }
    }
    tokio::time::sleep_until(start.into()).await;
    let cpu_start = server.cpu_ms()?;
    let mut outcomes = vec![Outcome::default(); loads.len()];
    for (l, task) in tasks {
        let outcome = task.await.unwrap_or_else(|_| Outcome {
            errors: BTreeMap::from([("task failed".to_owned(), 1)]),
            ..Outcome::default()
        });
        outcomes[l].absorb(outcome);
    }
    let cpu_ms = server.cpu_ms()? - cpu_start;
    let elapsed = start.elapsed();
    for o in &mut outcomes {
        o.latencies.sort_unstable();
        o.elapsed = elapsed;
    }
    Ok(Window { outcomes, cpu_ms, peak_rss_kib: server.peak_rss_kib()? })
}

/// One connection's client: keep-alive, at most one idle connection, its own address.
fn connection_client(address: &str) -> anyhow::Result<reqwest::Client> {
    let mut headers = HeaderMap::new();
    headers.insert("x-forwarded-for", HeaderValue::from_str(address)?);
    Ok(reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(1)
        .timeout(REQUEST_TIMEOUT)
        .build()?)
}

/// Sends requests until `end`; counts the answers to those sent from `start` on.
async fn connection(
    client: reqwest::Client,
    sender: Sender,
    expected: &[u16],
    start: Instant,
    end: Instant,
) -> Outcome {
    let mut outcome = Outcome::default();
    loop {
        let sent = Instant::now();
        if sent >= end {
            break;
        }
        let answer = sender.send(&client).await;
        if sent < start {
            if let Ok(status) = answer {
                *outcome.warmup.entry(status).or_default() += 1;
            }
            continue;
        }
        outcome.latencies.push(sent.elapsed());
        match answer {
            Ok(status) if expected.contains(&status) => *outcome.expected.entry(status).or_default() += 1,
            Ok(status) => *outcome.errors.entry(status.to_string()).or_default() += 1,
            Err(kind) => *outcome.errors.entry(kind.to_owned()).or_default() += 1,
        }
    }
    outcome
}

/// One connection's request, ready to send again and again.
struct Sender {
    url: String,
    kind: Request,
    connection: usize,
}

impl Sender {
    fn new(base: &str, request: &Request, connection: usize) -> Sender {
        let path = match request {
            Request::Health => "/api/health".to_owned(),
            Request::Members { .. } => "/api/dashboard/members?limit=20".to_owned(),
            Request::CreateKey { .. } => "/api/dashboard/api-keys".to_owned(),
            Request::SignIn { .. } => "/api/auth/login".to_owned(),
            Request::Ingest { .. } => "/api/dashboard/usage-events".to_owned(),
            Request::UsageSeries { query, .. } => format!("/api/dashboard/usage?{query}"),
            Request::Features { .. } => "/api/dashboard/features".to_owned(),
            Request::Automations { query, .. } => format!("/api/dashboard/automations?{query}"),
        };
        Sender { url: format!("{base}{path}"), kind: request.clone(), connection }
    }

    /// Sends the request and reads the whole answer; its status, or what went wrong.
    async fn send(&self, client: &reqwest::Client) -> Result<u16, &'static str> {
        let request = match &self.kind {
            Request::Health => client.get(&self.url),
            Request::Members { token } => client.get(&self.url).bearer_auth(token),
            Request::CreateKey { token, counter } => {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                // Only the fields every server version takes (the body refuses unknown fields).
                let body = serde_json::json!({"name": format!("bench {n}"), "permissions": [Permission::OrgRead]});
                client.post(&self.url).bearer_auth(token).json(&body)
            }
            Request::SignIn { emails, password } => {
                let email = emails.get(self.connection % emails.len().max(1)).cloned().unwrap_or_default();
                client.post(&self.url).json(&LoginRequest { email, password: (*password).to_owned() })
            }
            Request::Ingest { key, counter } => {
                let body = usage_batch(counter.fetch_add(1, Ordering::Relaxed));
                client.post(&self.url).bearer_auth(key).header("content-type", "application/json").body(body)
            }
            Request::UsageSeries { token, .. } | Request::Features { token } | Request::Automations { token, .. } => {
                client.get(&self.url).bearer_auth(token)
            }
        };
        let res = request.send().await.map_err(|e| if e.is_timeout() { "timeout" } else { "transport" })?;
        let status = res.status().as_u16();
        res.bytes().await.map_err(|e| if e.is_timeout() { "timeout" } else { "body" })?;
        Ok(status)
    }
}

/// Batch `n` of [`BATCH_EVENTS`] new events: ids `b<n>-<i>`, the four metrics in turn, hours of
/// the last two days, quantities with up to three decimals, a small `properties` object.
fn usage_batch(n: u64) -> String {
    use std::fmt::Write as _;
    const METRICS: [&str; 4] = ["api_calls", "automation_runs", "storage_gb_hours", "emails_sent"];
    const QUANTITIES: [&str; 4] = ["1", "2.5", "0.125", "12"];
    let now = chrono::Utc::now();
    let hours: Vec<String> = (0..48)
        .map(|h| (now - chrono::Duration::hours(h)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .collect();
    let mut body = String::with_capacity(160 * BATCH_EVENTS as usize);
    body.push_str("{\"events\":[");
    for i in 0..BATCH_EVENTS as usize {
        if i > 0 {
            body.push(',');
        }
        let _ = write!(
            body,
            r#"{{"event_id":"b{n}-{i}","metric":"{}","quantity":{},"timestamp":"{}","properties":{{"step":{i}}}}}"#,
            METRICS[i % 4],
            QUANTITIES[(i / 4) % 4],
            hours[i % hours.len()],
        );
    }
    body.push_str("]}");
    body
}
