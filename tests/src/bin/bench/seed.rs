//! The data every run starts from, written straight into the migrated database before the server
//! starts: 10 organizations of 1,000 members each (an OWNER with a confirmed email and 999
//! MEMBERs), CLIENT accounts for the sign-in scenarios, one for the storm and one to lock. All
//! share one argon2id hash, computed once. Rows go in through plain inserts naming only the
//! columns they set, so the same seed fits the schema of an older server.

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Func, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait, Value};
use shared::dto::auth::UserStatus;
use shared::dto::organizations::OrgStatus;
use shared::{OrgRole, Role};
use uuid::Uuid;

/// The password of every seeded account.
pub const PASSWORD: &str = "bench-Password-42!";
/// Organizations seeded; the first is the bench org.
const ORGANIZATIONS: usize = 10;
/// Members of each organization, its owner included.
const MEMBERS_PER_ORG: usize = 1_000;
/// Rows per insert statement.
const BATCH: usize = 500;

/// The accounts the scenarios sign in as.
#[derive(Debug, Clone)]
pub struct Accounts {
    /// The bench org's id.
    pub bench_org: Uuid,
    /// The bench org's OWNER (email confirmed).
    pub owner: String,
    /// One account per connection of `sign-in, many accounts`.
    pub sign_in: Vec<String>,
    /// The account every connection of the storm signs in to.
    pub storm: String,
    /// The account locked by wrong passwords before `refused sign-ins`.
    pub locked: String,
}

/// A user row to insert.
struct NewUser {
    id: Uuid,
    email: String,
    name: String,
}

impl NewUser {
    fn new(email: String, name: String) -> NewUser {
        NewUser { id: Uuid::now_v7(), email, name }
    }
}

/// Seeds the database in one transaction; `sign_in_accounts` extra CLIENTs for the sign-in scenario.
pub async fn seed(db: &DatabaseConnection, sign_in_accounts: usize) -> anyhow::Result<Accounts> {
    let hash = api::services::platform::password::hash_blocking(PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = Utc::now();
    let tx = db.begin().await?;
    let mut bench_org = None;
    for o in 0..ORGANIZATIONS {
        let org = insert_organization(&tx, o, now).await?;
        bench_org.get_or_insert(org);
        let owner = NewUser::new(format!("owner{o}@bench.example"), format!("Owner {o}"));
        let members = (1..MEMBERS_PER_ORG)
            .map(|m| NewUser::new(format!("member{o}-{m}@bench.example"), format!("Member {o}-{m}")));
        let users: Vec<NewUser> = std::iter::once(owner).chain(members).collect();
        insert_users(&tx, &users, &hash, now).await?;
        insert_memberships(&tx, org, &users, now).await?;
    }
    let sign_in: Vec<String> = (0..sign_in_accounts).map(|i| format!("signin{i}@bench.example")).collect();
    let (storm, locked) = ("storm@bench.example".to_owned(), "locked@bench.example".to_owned());
    let loose: Vec<NewUser> = sign_in
        .iter()
        .chain([&storm, &locked])
        .map(|email| NewUser::new(email.clone(), format!("Bench {}", email.split('@').next().unwrap_or("user"))))
        .collect();
    insert_users(&tx, &loose, &hash, now).await?;
    tx.commit().await?;
    let bench_org = bench_org.context("no organization was seeded")?;
    check_members(db, bench_org).await?;
    Ok(Accounts { bench_org, owner: "owner0@bench.example".into(), sign_in, storm, locked })
}

/// Inserts organization number `n`; returns its id.
async fn insert_organization(db: &impl ConnectionTrait, n: usize, now: DateTime<Utc>) -> anyhow::Result<Uuid> {
    let id = Uuid::now_v7();
    let mut q = Query::insert();
    q.into_table(Alias::new("organizations"))
        .columns(["id", "name", "slug", "status", "created_at", "updated_at"].map(Alias::new))
        .values(values([
            id.into(),
            format!("Bench Org {n}").into(),
            format!("bench-org-{n}").into(),
            OrgStatus::Active.as_str().into(),
            now.into(),
            now.into(),
        ]))?;
    db.execute(&q).await.context("inserting an organization")?;
    Ok(id)
}

/// Inserts active CLIENT users with confirmed emails, `BATCH` rows per statement.
async fn insert_users(
    db: &impl ConnectionTrait,
    users: &[NewUser],
    hash: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let columns =
        ["id", "email", "name", "password_hash", "role", "status", "created_at", "updated_at", "email_verified_at"];
    for chunk in users.chunks(BATCH) {
        let mut q = Query::insert();
        q.into_table(Alias::new("users")).columns(columns.map(Alias::new));
        for u in chunk {
            q.values(values([
                u.id.into(),
                u.email.clone().into(),
                u.name.clone().into(),
                hash.into(),
                Role::Client.as_str().into(),
                UserStatus::Active.as_str().into(),
                now.into(),
                now.into(),
                now.into(),
            ]))?;
        }
        db.execute(&q).await.context("inserting users")?;
    }
    Ok(())
}

/// Makes the first user the organization's OWNER and the others MEMBERs.
async fn insert_memberships(
    db: &impl ConnectionTrait,
    org: Uuid,
    users: &[NewUser],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for (c, chunk) in users.chunks(BATCH).enumerate() {
        let mut q = Query::insert();
        q.into_table(Alias::new("memberships"))
            .columns(["id", "org_id", "user_id", "org_role", "created_at"].map(Alias::new));
        for (i, u) in chunk.iter().enumerate() {
            let role = if c == 0 && i == 0 { OrgRole::Owner } else { OrgRole::Member };
            q.values(values([Uuid::now_v7().into(), org.into(), u.id.into(), role.as_str().into(), now.into()]))?;
        }
        db.execute(&q).await.context("inserting memberships")?;
    }
    Ok(())
}

/// Issues a usage ingest key for `org` (as an operator would); returns the key.
pub async fn insert_ingest_key(db: &impl ConnectionTrait, org: Uuid) -> anyhow::Result<String> {
    let key = format!("omgi_bench_{}", Uuid::now_v7().simple());
    let mut q = Query::insert();
    q.into_table(Alias::new("usage_ingest_keys"))
        .columns(["id", "org_id", "name", "prefix", "key_hash", "created_by", "created_at"].map(Alias::new))
        .values(values([
            Uuid::now_v7().into(),
            org.into(),
            "Bench runner".into(),
            key.chars().take(13).collect::<String>().into(),
            api::services::platform::tokens::hash_token(&key).into(),
            Uuid::nil().into(),
            Utc::now().into(),
        ]))?;
    db.execute(&q).await.context("inserting an ingest key (does this server have usage?)")?;
    Ok(key)
}

/// Defines `n` feature flags as an operator would: every fifth overridden for `org` (on and off
/// in turn), the others on or off by default in turn with rollouts of 0 to 90 %.
pub async fn insert_flags(db: &DatabaseConnection, org: Uuid, n: usize) -> anyhow::Result<()> {
    let now = Utc::now();
    let tx = db.begin().await?;
    for i in 0..n {
        let id = Uuid::now_v7();
        let rollout = i32::try_from(i % 10 * 1000).unwrap_or(0);
        let mut flag = Query::insert();
        flag.into_table(Alias::new("feature_flags"))
            .columns(["id", "key", "description", "enabled", "rollout_bp", "created_at", "updated_at"].map(Alias::new))
            .values(values([
                id.into(),
                format!("bench.flag-{i}").into(),
                "A bench flag".into(),
                (i % 2 == 0).into(),
                rollout.into(),
                now.into(),
                now.into(),
            ]))?;
        tx.execute(&flag).await.context("inserting a feature flag")?;
        if i % 5 == 0 {
            let mut over = Query::insert();
            over.into_table(Alias::new("feature_flag_overrides"))
                .columns(["flag_id", "org_id", "enabled", "created_at", "updated_at"].map(Alias::new))
                .values(values([id.into(), org.into(), (i % 10 == 0).into(), now.into(), now.into()]))?;
            tx.execute(&over).await.context("inserting a flag override")?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Stores `events` usage events of `org` over the 365 days up to `today` (the four metrics in
/// turn, quantities of 1 to 2 with up to three decimals) and their daily rollups, added to any
/// already there, as ingestion would; in one transaction.
pub async fn insert_usage_year(
    db: &DatabaseConnection,
    org: Uuid,
    events: usize,
    today: chrono::NaiveDate,
) -> anyhow::Result<()> {
    use std::collections::BTreeMap;
    const METRICS: [&str; 4] = ["api_calls", "automation_runs", "storage_gb_hours", "emails_sent"];
    let now = Utc::now();
    let columns = ["id", "org_id", "event_id", "metric", "quantity_milli", "occurred_at", "received_at"];
    let mut rollups: BTreeMap<(&str, chrono::NaiveDate), (i64, i64)> = BTreeMap::new();
    let tx = db.begin().await?;
    for start in (0..events).step_by(BATCH) {
        let mut q = Query::insert();
        q.into_table(Alias::new("usage_events")).columns(columns.map(Alias::new));
        for i in start..(start + BATCH).min(events) {
            let day = today - chrono::Days::new((i % 365) as u64);
            let metric = METRICS[(i / 365) % 4];
            let milli = 1_000 + ((i % 5) as i64) * 250;
            let at = day.and_hms_opt(0, 0, 0).context("midnight")?.and_utc()
                + chrono::Duration::seconds((i % 86_400) as i64);
            let sum = rollups.entry((metric, day)).or_default();
            *sum = (sum.0 + milli, sum.1 + 1);
            q.values(values([
                Uuid::now_v7().into(),
                org.into(),
                format!("y{i}").into(),
                metric.into(),
                milli.into(),
                at.into(),
                now.into(),
            ]))?;
        }
        tx.execute(&q).await.context("inserting usage events")?;
    }
    let rows: Vec<_> = rollups.into_iter().collect();
    for chunk in rows.chunks(BATCH) {
        let mut q = Query::insert();
        q.into_table(Alias::new("usage_daily_rollups"))
            .columns(["org_id", "metric", "day", "quantity_milli", "events"].map(Alias::new));
        for ((metric, day), (milli, n)) in chunk {
            q.values(values([org.into(), (*metric).into(), (*day).into(), (*milli).into(), (*n).into()]))?;
        }
        q.on_conflict(
            sea_orm::sea_query::OnConflict::columns(["org_id", "metric", "day"].map(Alias::new))
                .value(
                    Alias::new("quantity_milli"),
                    Expr::cust("usage_daily_rollups.quantity_milli + excluded.quantity_milli"),
                )
                .value(Alias::new("events"), Expr::cust("usage_daily_rollups.events + excluded.events"))
                .to_owned(),
        );
        tx.execute(&q).await.context("inserting usage rollups")?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stores `per_org` automations in every organization (10,000 across the 10), owned by each
/// one's OWNER, their statuses in turn over the seven and their last changes a minute apart.
pub async fn insert_automations(db: &DatabaseConnection, per_org: usize) -> anyhow::Result<()> {
    const STATUSES: [&str; 7] = ["requested", "scoping", "building", "testing", "live", "paused", "archived"];
    let mut owners = Query::select();
    owners
        .columns([Alias::new("org_id"), Alias::new("user_id")])
        .from(Alias::new("memberships"))
        .and_where(Expr::col(Alias::new("org_role")).eq(OrgRole::Owner.as_str()));
    let rows = db.query_all(&owners).await.context("finding the owners")?;
    let now = Utc::now();
    let columns =
        ["id", "org_id", "name", "description", "status", "owner_id", "created_at", "updated_at", "status_changed_at"];
    let tx = db.begin().await?;
    for row in rows {
        let (org, owner): (Uuid, Uuid) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        for start in (0..per_org).step_by(BATCH) {
            let mut q = Query::insert();
            q.into_table(Alias::new("automations")).columns(columns.map(Alias::new));
            for i in start..(start + BATCH).min(per_org) {
                let at = now - chrono::Duration::minutes(i64::try_from(i).unwrap_or(0));
                q.values(values([
                    Uuid::now_v7().into(),
                    org.into(),
                    format!("Bench automation {i}").into(),
                    "An automation of the bench".into(),
                    STATUSES[i % STATUSES.len()].into(),
                    owner.into(),
                    at.into(),
                    at.into(),
                    at.into(),
                ]))?;
            }
            tx.execute(&q).await.context("inserting automations")?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// A row of values as insert expressions.
fn values<const N: usize>(row: [Value; N]) -> impl Iterator<Item = Expr> {
    row.into_iter().map(Expr::val)
}

/// Checks the bench org got all its members.
async fn check_members(db: &DatabaseConnection, org: Uuid) -> anyhow::Result<()> {
    let members = count_in_org(db, "memberships", org).await?;
    if members != MEMBERS_PER_ORG as i64 {
        bail!("the bench org has {members} members, expected {MEMBERS_PER_ORG}");
    }
    Ok(())
}

/// The rows of `table` whose `org_id` is `org`.
pub async fn count_in_org(db: &impl ConnectionTrait, table: &str, org: Uuid) -> anyhow::Result<i64> {
    let mut q = Query::select();
    q.expr(Func::count(Expr::col(Asterisk))).from(Alias::new(table)).and_where(Expr::col(Alias::new("org_id")).eq(org));
    let row = db.query_one(&q).await.with_context(|| format!("counting {table}"))?.context("no count")?;
    Ok(row.try_get_by_index(0)?)
}
