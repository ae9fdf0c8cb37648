//! The durable job queue: jobs are rows, written in the same transaction as the change that
//! needs them; workers claim due jobs (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances share
//! the queue), retry failures by their kind's policy, and a restart loses nothing: an unfinished
//! claim simply expires.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

use super::kinds::{Job, JobKind};
use crate::db::Tx;
use crate::entities::platform::job;
use crate::error::ApiResult;
use crate::state::AppState;

/// How long a claim lasts before another worker may take the job.
const CLAIM: chrono::Duration = chrono::Duration::minutes(5);

/// Queues a job inside the caller's transaction; committing it wakes a worker.
pub async fn enqueue(tx: &Tx, job: &Job, now: DateTime<Utc>) -> ApiResult<Uuid> {
    let id = insert(tx, job, now, None).await?;
    tx.job_queued();
    Ok(id)
}

/// The prefix of a batched job's unique key: claiming the job releases its key, so a change
/// made while it runs queues the next batch.
const BATCH_PREFIX: &str = "batch:";

/// Queues a job due at `run_at` unless a job with the same `batch_key` is still waiting (then
/// nothing is added); returns whether one was queued.
pub async fn enqueue_batched(
    tx: &Tx,
    job: &Job,
    run_at: DateTime<Utc>,
    batch_key: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let key = format!("{BATCH_PREFIX}{}", &crate::services::platform::tokens::hash_token(batch_key)[..40]);
    let row = new_row(Uuid::now_v7(), job, run_at, now, Some(&key))?;
    let on_conflict = sea_orm::sea_query::OnConflict::column(job::Column::UniqueKey).do_nothing().to_owned();
    let inserted = job::Entity::insert(row).on_conflict(on_conflict).exec_without_returning(tx).await?;
    if inserted > 0 {
        tx.job_queued();
    }
    Ok(inserted > 0)
}

fn new_row(
    id: Uuid,
    job: &Job,
    run_at: DateTime<Utc>,
    now: DateTime<Utc>,
    unique_key: Option<&str>,
) -> ApiResult<job::ActiveModel> {
    let kind = job.kind();
    Ok(job::ActiveModel {
        id: Set(id),
        kind: Set(kind.as_str().to_owned()),
        payload: Set(job.payload().map_err(anyhow::Error::from)?),
        run_at: Set(run_at),
        attempts: Set(0),
        max_attempts: Set(kind.retry_policy().max_attempts),
        locked_until: Set(None),
        last_error: Set(None),
        done_at: Set(None),
        failed_at: Set(None),
        created_at: Set(now),
        unique_key: Set(unique_key.map(str::to_owned)),
    })
}

async fn insert(db: &impl ConnectionTrait, job: &Job, now: DateTime<Utc>, unique_key: Option<&str>) -> ApiResult<Uuid> {
    let id = Uuid::now_v7();
    let row = new_row(id, job, now, now, unique_key)?;
    job::Entity::insert(row).exec_without_returning(db).await?;
    Ok(id)
}

/// Makes sure every recurring kind has its pending run (at start-up, under the start-up lock;
/// the unique key makes it safe anyway): the first one is due one interval from now.
pub async fn seed_recurring(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<()> {
    for kind in JobKind::ALL {
        if let Some((every, make)) = kind.recurrence() {
            let pending = job::Entity::find().filter(job::Column::UniqueKey.eq(kind.as_str())).one(db).await?;
            if pending.is_none() {
                let row = new_row(Uuid::now_v7(), &make(), now + every, now, Some(kind.as_str()))?;
                match job::Entity::insert(row).exec_without_returning(db).await {
                    Err(e) if crate::db::is_unique_violation(&e) => {}
                    other => {
                        other?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Claims one due job, or `None`.
async fn claim(state: &AppState) -> ApiResult<Option<job::Model>> {
    let now = state.now();
    let until = now + CLAIM;
    if state.db.get_database_backend() == DatabaseBackend::Postgres {
        let stmt = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1,
               unique_key = CASE WHEN unique_key LIKE 'batch:%' THEN NULL ELSE unique_key END WHERE id = (
                SELECT id FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= $2
                  AND (locked_until IS NULL OR locked_until < $2)
                ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING id",
            [until.into(), now.into()],
        );
        let Some(row) = state.db.query_one_raw(stmt).await? else { return Ok(None) };
        let id: Uuid = row.try_get("", "id")?;
        return Ok(job::Entity::find_by_id(id).one(&state.db).await?);
    }
    let tx = state.begin_write().await?;
    let found = job::Entity::find()
        .filter(job::Column::DoneAt.is_null())
        .filter(job::Column::FailedAt.is_null())
        .filter(job::Column::RunAt.lte(now))
        .filter(sea_orm::Condition::any().add(job::Column::LockedUntil.is_null()).add(job::Column::LockedUntil.lt(now)))
        .order_by_asc(job::Column::RunAt)
        .limit(1)
        .one(&tx)
        .await?;
    let Some(j) = found else { return Ok(None) };
    job::Entity::update_many()
        .col_expr(job::Column::LockedUntil, Expr::value(until))
        .col_expr(job::Column::Attempts, Expr::col(job::Column::Attempts).add(1))
        .col_expr(
            job::Column::UniqueKey,
            Expr::cust("CASE WHEN unique_key LIKE 'batch:%' THEN NULL ELSE unique_key END"),
        )
        .filter(job::Column::Id.eq(j.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(job::Entity::find_by_id(j.id).one(&state.db).await?)
}

async fn perform(state: &AppState, j: &job::Model) -> anyhow::Result<()> {
    Job::decode(&j.kind, &j.payload)?.perform(state).await
}

async fn finish(state: &AppState, j: &job::Model, outcome: anyhow::Result<()>) -> ApiResult<()> {
    let now = state.now();
    let kind = JobKind::parse(&j.kind);
    let mut am: job::ActiveModel = j.clone().into();
    am.locked_until = Set(None);
    let mut ended = true;
    match outcome {
        Ok(()) => am.done_at = Set(Some(now)),
        Err(e) => {
            tracing::warn!(job = %j.id, kind = %j.kind, attempts = j.attempts, error = %e, "job failed");
            am.last_error = Set(Some(format!("{e:#}").chars().take(2000).collect()));
            match kind.map(JobKind::retry_policy) {
                Some(p) if j.attempts < j.max_attempts => {
                    am.run_at = Set(now + p.back_off(j.attempts));
                    ended = false;
                }
                _ => am.failed_at = Set(Some(now)),
            }
        }
    }
    let tx = state.begin_write().await?;
    let next = kind.and_then(JobKind::recurrence).filter(|_| ended && j.unique_key.is_some());
    if next.is_some() {
        // The pending run's key passes to the next run, in this same transaction.
        am.unique_key = Set(None);
    }
    sea_orm::ActiveModelTrait::update(am, &tx).await?;
    if let (Some((every, make)), Some(k)) = (next, kind) {
        let row = new_row(Uuid::now_v7(), &make(), now + every, now, Some(k.as_str()))?;
        job::Entity::insert(row).exec_without_returning(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Runs every job that is due now, one after another; returns how many ran.
#[tracing::instrument(skip_all)]
pub async fn run_due(state: &AppState) -> ApiResult<usize> {
    let mut n = 0;
    while let Some(j) = claim(state).await? {
        let outcome = perform(state, &j).await;
        finish(state, &j, outcome).await?;
        n += 1;
    }
    Ok(n)
}
