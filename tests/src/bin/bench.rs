//! The benchmark: starts the real server on SQLite, loads 10,000 members and 10,000 audit
//! entries into one organization, then measures sign-in and tenant-scoped lists of 20 under
//! concurrent connections, printing requests per second and latency percentiles. Sign-in is
//! bound by argon2id; each task signs in as its own account (the owner, then loaded members),
//! since the per-account throttle refuses many parallel attempts on one account. Above 50
//! concurrent sign-ins the per-IP throttle would answer 429 too.
//!
//! `cargo run --release -p tests --bin bench -- [--duration-secs 10] [--concurrency 32] [--records 10000]`
//!
//! Exits non-zero if a fixture step fails or a scenario has more than 1% errors.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use serde_json::{Value, json};
use shared::{OrgRole, Role};
use uuid::Uuid;

const PASSWORD: &str = "bench-Password-42!";
const OWNER_EMAIL: &str = "owner@bench.example";
const ADMIN_EMAIL: &str = "admin@bench.example";

struct Args {
    duration: Duration,
    concurrency: usize,
    records: usize,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args { duration: Duration::from_secs(10), concurrency: 32, records: 10_000 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--duration-secs" => args.duration = Duration::from_secs(value.parse()?),
            "--concurrency" => args.concurrency = value.parse::<usize>()?.max(1),
            "--records" => args.records = value.parse()?,
            other => bail!("unknown flag {other}; use --duration-secs, --concurrency, --records"),
        }
    }
    Ok(args)
}

/// Sends a request and returns its JSON body, failing on a non-2xx status.
async fn send(req: reqwest::RequestBuilder) -> anyhow::Result<Value> {
    let res = req.send().await?;
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        bail!("{status}: {body}");
    }
    Ok(body)
}

/// The string at a JSON pointer, or an error naming it.
fn field(v: &Value, pointer: &str) -> anyhow::Result<String> {
    v.pointer(pointer).and_then(Value::as_str).map(str::to_owned).with_context(|| format!("no {pointer} in {v}"))
}

/// What the scenarios need: the owner's and admin's tokens and the organization.
struct Fixtures {
    owner_token: String,
    admin_token: String,
    admin_id: Uuid,
    org_id: Uuid,
}

/// Registers the owner (with an organization) and creates an admin with a second factor.
async fn fixtures(client: &reqwest::Client, base: &str, state: &api::state::AppState) -> anyhow::Result<Fixtures> {
    let reg =
        json!({"email": OWNER_EMAIL, "password": PASSWORD, "name": "Bench Owner", "organization_name": "Bench Org"});
    let owner = send(client.post(format!("{base}/api/auth/register")).json(&reg)).await.context("registering")?;
    let owner_token = field(&owner, "/access_token")?;
    let me = send(client.get(format!("{base}/api/auth/me")).bearer_auth(&owner_token)).await.context("GET /me")?;
    let org_id = field(&me, "/memberships/0/organization/id")?.parse()?;

    let hash = api::services::platform::password::hash_blocking(PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let admin = api::services::auth::users::insert_user(
        &state.db,
        ADMIN_EMAIL,
        "Bench Admin",
        hash,
        Role::Admin,
        api::services::auth::users::Address::Confirmed,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("creating the admin: {e}"))?;
    let login = json!({"email": ADMIN_EMAIL, "password": PASSWORD});
    let signed_in = send(client.post(format!("{base}/api/auth/login")).json(&login)).await.context("admin sign-in")?;
    let admin_token = field(&signed_in, "/access_token")?;
    // ADMINs need a second factor for the admin API; the token stays valid once it is on.
    let setup = send(
        client
            .post(format!("{base}/api/auth/mfa/setup"))
            .bearer_auth(&admin_token)
            .json(&json!({"password": PASSWORD})),
    )
    .await
    .context("MFA setup")?;
    let code = tests::totp::code_at(&field(&setup, "/secret")?, chrono::Utc::now().timestamp());
    let enable =
        client.post(format!("{base}/api/auth/mfa/enable")).bearer_auth(&admin_token).json(&json!({"code": code}));
    send(enable).await.context("enabling the admin's second factor")?;
    Ok(Fixtures { owner_token, admin_token, admin_id: admin.id, org_id })
}

/// Inserts `n` members and `n` audit entries into the organization, in batches of 500.
async fn load(state: &api::state::AppState, org_id: Uuid, admin_id: Uuid, n: usize) -> anyhow::Result<()> {
    use api::entities::{auth::user, platform::audit_log, team::membership};
    let hash = api::services::platform::password::hash_blocking(PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = chrono::Utc::now();
    let tx = state.db.begin().await?;
    for start in (0..n).step_by(500) {
        let chunk = start..(start + 500).min(n);
        let users: Vec<user::ActiveModel> = chunk
            .clone()
            .map(|i| user::ActiveModel {
                id: Set(Uuid::now_v7()),
                email: Set(format!("member{i}@bench.example")),
                name: Set(format!("Member {i}")),
                password_hash: Set(hash.clone()),
                role: Set(Role::Client.as_str().into()),
                status: Set("active".into()),
                created_at: Set(now),
                updated_at: Set(now),
                last_login_at: Set(None),
                mfa_secret: Set(None),
                mfa_enabled_at: Set(None),
                mfa_last_step: Set(None),
                email_verified_at: Set(Some(now)),
            })
            .collect();
        let memberships: Vec<membership::ActiveModel> = users
            .iter()
            .map(|u| membership::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(org_id),
                user_id: u.id.clone(),
                org_role: Set(OrgRole::Member.as_str().into()),
                created_at: Set(now),
            })
            .collect();
        let entries: Vec<audit_log::ActiveModel> = chunk
            .map(|i| audit_log::ActiveModel {
                id: Set(Uuid::now_v7()),
                occurred_at: Set(now),
                actor_id: Set(Some(admin_id)),
                actor_email: Set(Some(ADMIN_EMAIL.into())),
                org_id: Set(Some(org_id)),
                action: Set("bench.event".into()),
                target_type: Set(Some("bench".into())),
                target_id: Set(Some(i.to_string())),
                ip: Set(None),
                user_agent: Set(None),
                outcome: Set("success".into()),
                details: Set(None),
                actor_type: Set("user".into()),
                api_key_id: Set(None),
            })
            .collect();
        user::Entity::insert_many(users).exec_without_returning(&tx).await?;
        membership::Entity::insert_many(memberships).exec_without_returning(&tx).await?;
        audit_log::Entity::insert_many(entries).exec_without_returning(&tx).await?;
    }
    tx.commit().await?;
    let members = membership::Entity::find().filter(membership::Column::OrgId.eq(org_id)).count(&state.db).await?;
    if members != n as u64 + 1 {
        bail!("the organization has {members} members, expected {}", n + 1);
    }
    Ok(())
}

/// One kind of request, repeated by every task. In `Login`, task `t` signs in as
/// `emails[t % len]`: the per-account throttle counts pending attempts, so parallel sign-ins
/// to one account would be refused.
#[derive(Clone)]
enum Scenario {
    Login { url: String, emails: Arc<Vec<String>> },
    Get { url: String, token: String },
}

impl Scenario {
    /// Sends one request and reads the body; on failure, the status or error kind.
    async fn once(&self, client: &reqwest::Client, task: usize) -> Result<(), String> {
        let res = match self {
            Scenario::Login { url, emails } => {
                let email = &emails[task % emails.len()];
                client.post(url).json(&json!({"email": email, "password": PASSWORD})).send().await
            }
            Scenario::Get { url, token } => client.get(url).bearer_auth(token).send().await,
        };
        let res = res.map_err(|e| if e.is_timeout() { "timeout".to_owned() } else { "transport".to_owned() })?;
        let status = res.status();
        res.bytes().await.map_err(|_| "body".to_owned())?;
        if status.is_success() { Ok(()) } else { Err(status.as_u16().to_string()) }
    }
}

fn scenarios(base: &str, f: &Fixtures, args: &Args) -> Vec<(&'static str, Scenario)> {
    let get = |path: String, token: &str| Scenario::Get { url: format!("{base}{path}"), token: token.to_owned() };
    let members = (0..args.records.min(args.concurrency.saturating_sub(1))).map(|i| format!("member{i}@bench.example"));
    let emails = Arc::new(std::iter::once(OWNER_EMAIL.to_owned()).chain(members).collect());
    vec![
        ("login", Scenario::Login { url: format!("{base}/api/auth/login"), emails }),
        ("dashboard members (20)", get("/api/dashboard/members?limit=20".into(), &f.owner_token)),
        (
            "admin audit log (20, org filter)",
            get(format!("/api/admin/audit-logs?limit=20&organization_id={}", f.org_id), &f.admin_token),
        ),
        ("admin organizations (20)", get("/api/admin/organizations?limit=20".into(), &f.admin_token)),
    ]
}

struct Outcome {
    /// Failures by status code or error kind.
    errors: BTreeMap<String, usize>,
    elapsed: Duration,
    /// Sorted.
    latencies: Vec<Duration>,
}

impl Outcome {
    fn error_count(&self) -> usize {
        self.errors.values().sum()
    }
}

/// Runs `concurrency` tasks sending the scenario's request until `duration` has passed.
async fn run(client: &reqwest::Client, scenario: &Scenario, concurrency: usize, duration: Duration) -> Outcome {
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let (client, scenario) = (client.clone(), scenario.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), BTreeMap::<String, usize>::new());
                while Instant::now() < deadline {
                    let t = Instant::now();
                    if let Err(kind) = scenario.once(&client, task).await {
                        *errors.entry(kind).or_default() += 1;
                    }
                    latencies.push(t.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut outcome = Outcome { errors: BTreeMap::new(), elapsed: Duration::ZERO, latencies: Vec::new() };
    for task in futures_util::future::join_all(tasks).await {
        let (latencies, errors) = task.unwrap_or_else(|_| (Vec::new(), BTreeMap::from([("panic".into(), 1)])));
        outcome.latencies.extend(latencies);
        for (kind, n) in errors {
            *outcome.errors.entry(kind).or_default() += n;
        }
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies.sort();
    outcome
}

/// The `p` quantile (0..=1) of sorted latencies, in milliseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else { return 0.0 };
    let i = ((last as f64) * p).round() as usize;
    sorted[i.min(last)].as_secs_f64() * 1000.0
}

fn print_row(name: &str, o: &Outcome) {
    let rps = o.latencies.len() as f64 / o.elapsed.as_secs_f64();
    let [p50, p90, p99, max] = [0.50, 0.90, 0.99, 1.0].map(|p| percentile(&o.latencies, p));
    let (requests, errors) = (o.latencies.len(), o.error_count());
    println!("{name:<34} {requests:>9} {errors:>7} {rps:>9.0} {p50:>8.1} {p90:>8.1} {p99:>8.1} {max:>8.1}");
    if errors > 0 {
        let kinds: Vec<String> = o.errors.iter().map(|(kind, n)| format!("{kind}: {n}")).collect();
        println!("{:<34} errors by status: {}", "", kinds.join(", "));
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let args = parse_args()?;
    let dir = tempfile::tempdir()?;
    let mut config = api::config::Config::development(dir.path());
    config.bind = "127.0.0.1:0".into();
    config.seed_demo = false;
    let app = api::startup::Application::build(config, Arc::new(api::clock::SystemClock)).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency * 2).build()?;

    let f = fixtures(&client, &base, &state).await.context("creating fixtures")?;
    let t = Instant::now();
    load(&state, f.org_id, f.admin_id, args.records).await.context("loading records")?;
    let n = args.records;
    println!("loaded {n} members and {n} audit entries into one organization in {:.1} s", t.elapsed().as_secs_f64());

    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let (c, secs) = (args.concurrency, args.duration.as_secs());
    println!("{cores} cores, SQLite, {c} concurrent connections, {secs} s per scenario (after 1 s warm-up)\n");
    println!(
        "{:<34} {:>9} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "scenario", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let mut failed = Vec::new();
    for (name, scenario) in scenarios(&base, &f, &args) {
        let _ = run(&client, &scenario, args.concurrency, Duration::from_secs(1)).await;
        let o = run(&client, &scenario, args.concurrency, args.duration).await;
        print_row(name, &o);
        if o.error_count() * 100 > o.latencies.len().max(1) {
            failed.push(name);
        }
    }
    handle.stop(true).await;
    if !failed.is_empty() {
        bail!("more than 1% errors in: {}", failed.join(", "));
    }
    Ok(())
}
