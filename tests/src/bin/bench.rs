//! The benchmark: starts the real server on SQLite, loads 10,000 members and 10,000 audit
//! entries into one organization, then measures sign-in and tenant-scoped lists of 20 under
//! concurrent connections, printing requests per second and latency percentiles.
//!
//! `cargo run --release -p tests --bin bench -- [--duration-secs 10] [--concurrency 32] [--records 10000]`

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sea_orm::{EntityTrait, Set, TransactionTrait};
use serde_json::{Value, json};
use shared::{OrgRole, Role};
use uuid::Uuid;

const PASSWORD: &str = "bench-Password-42!";

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
            "--concurrency" => args.concurrency = value.parse()?,
            "--records" => args.records = value.parse()?,
            other => bail!("unknown flag {other}; use --duration-secs, --concurrency, --records"),
        }
    }
    Ok(args)
}

async fn post(client: &reqwest::Client, url: String, body: Value) -> anyhow::Result<Value> {
    let res = client.post(url).json(&body).send().await?;
    let status = res.status();
    let body: Value = res.json().await?;
    if !status.is_success() {
        bail!("{status}: {body}");
    }
    Ok(body)
}

/// Inserts `n` members and `n` audit entries into the organization, in batches.
async fn load(state: &api::state::AppState, org_id: Uuid, admin_id: Uuid, n: usize) -> anyhow::Result<()> {
    use api::entities::{audit_log, membership, user};
    let hash = api::services::password::hash_blocking(PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = chrono::Utc::now();
    let tx = state.db.begin().await?;
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let users: Vec<user::ActiveModel> = chunk
            .iter()
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
            .iter()
            .map(|i| audit_log::ActiveModel {
                id: Set(Uuid::now_v7()),
                occurred_at: Set(now),
                actor_id: Set(Some(admin_id)),
                actor_email: Set(Some("admin@bench.example".into())),
                org_id: Set(Some(org_id)),
                action: Set("bench.event".into()),
                target_type: Set(Some("bench".into())),
                target_id: Set(Some(i.to_string())),
                ip: Set(None),
                user_agent: Set(None),
                outcome: Set("success".into()),
                details: Set(None),
            })
            .collect();
        user::Entity::insert_many(users).exec_without_returning(&tx).await?;
        membership::Entity::insert_many(memberships).exec_without_returning(&tx).await?;
        audit_log::Entity::insert_many(entries).exec_without_returning(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Clone)]
enum Scenario {
    Login { url: String, email: String },
    Get { url: String, token: String },
}

impl Scenario {
    async fn once(&self, client: &reqwest::Client) -> bool {
        let res = match self {
            Scenario::Login { url, email } => {
                client.post(url).json(&json!({"email": email, "password": PASSWORD})).send().await
            }
            Scenario::Get { url, token } => client.get(url).bearer_auth(token).send().await,
        };
        match res {
            Ok(r) => {
                let ok = r.status().is_success();
                let _ = r.bytes().await;
                ok
            }
            Err(_) => false,
        }
    }
}

struct Outcome {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

async fn run(client: &reqwest::Client, scenario: &Scenario, concurrency: usize, duration: Duration) -> Outcome {
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let client = client.clone();
            let scenario = scenario.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    if !scenario.once(&client).await {
                        errors += 1;
                    }
                    latencies.push(t.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut outcome = Outcome { requests: 0, errors: 0, elapsed: Duration::ZERO, latencies: Vec::new() };
    for t in tasks {
        if let Ok((l, e)) = t.await {
            outcome.latencies.extend(l);
            outcome.errors += e;
        }
    }
    outcome.elapsed = started.elapsed();
    outcome.requests = outcome.latencies.len();
    outcome.latencies.sort();
    outcome
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
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

    let email = "owner@bench.example";
    let reg = json!({"email": email, "password": PASSWORD, "name": "Bench Owner", "organization_name": "Bench Org"});
    let owner = post(&client, format!("{base}/api/auth/register"), reg).await.context("registering")?;
    let owner_token = owner["access_token"].as_str().unwrap_or_default().to_owned();
    let me: Value = client.get(format!("{base}/api/auth/me")).bearer_auth(&owner_token).send().await?.json().await?;
    let org_id: Uuid = me["memberships"][0]["organization"]["id"].as_str().unwrap_or_default().parse()?;
    let hash = api::services::password::hash_blocking(PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let admin = api::services::users::insert_user(
        &state.db,
        "admin@bench.example",
        "Bench Admin",
        hash,
        Role::Admin,
        chrono::Utc::now(),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let login = json!({"email": "admin@bench.example", "password": PASSWORD});
    let admin_token = post(&client, format!("{base}/api/auth/login"), login).await?["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // ADMINs need a second factor for the admin API.
    let setup: Value =
        client.post(format!("{base}/api/auth/mfa/setup")).bearer_auth(&admin_token).send().await?.json().await?;
    let code = tests::totp::code_at(setup["secret"].as_str().unwrap_or_default(), chrono::Utc::now().timestamp());
    let enabled = client
        .post(format!("{base}/api/auth/mfa/enable"))
        .bearer_auth(&admin_token)
        .json(&json!({"code": code}))
        .send()
        .await?;
    if !enabled.status().is_success() {
        bail!("enrolling the admin's second factor: {}", enabled.status());
    }

    let t = Instant::now();
    load(&state, org_id, admin.id, args.records).await.context("loading records")?;
    println!(
        "loaded {} members and {} audit entries into one organization in {:.1} s",
        args.records,
        args.records,
        t.elapsed().as_secs_f64()
    );

    let scenarios = [
        ("login", Scenario::Login { url: format!("{base}/api/auth/login"), email: email.into() }),
        (
            "dashboard members (20)",
            Scenario::Get { url: format!("{base}/api/dashboard/members?limit=20"), token: owner_token.clone() },
        ),
        (
            "admin audit log (20, org filter)",
            Scenario::Get {
                url: format!("{base}/api/admin/audit-logs?limit=20&organization_id={org_id}"),
                token: admin_token.clone(),
            },
        ),
        (
            "admin organizations (20)",
            Scenario::Get { url: format!("{base}/api/admin/organizations?limit=20"), token: admin_token },
        ),
    ];
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "{cores} cores, SQLite, {} concurrent connections, {} s per scenario\n",
        args.concurrency,
        args.duration.as_secs()
    );
    println!(
        "{:<34} {:>9} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "scenario", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let mut failed = false;
    for (name, scenario) in &scenarios {
        let _ = run(&client, scenario, args.concurrency, Duration::from_secs(1)).await;
        let o = run(&client, scenario, args.concurrency, args.duration).await;
        let rps = o.requests as f64 / o.elapsed.as_secs_f64();
        println!(
            "{:<34} {:>9} {:>7} {:>9.0} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            name,
            o.requests,
            o.errors,
            rps,
            percentile(&o.latencies, 0.50),
            percentile(&o.latencies, 0.90),
            percentile(&o.latencies, 0.99),
            percentile(&o.latencies, 1.0)
        );
        failed |= o.errors * 100 > o.requests.max(1);
    }
    handle.stop(true).await;
    if failed {
        bail!("a scenario had more than 1% errors");
    }
    Ok(())
}
