//! The durable job queue: jobs are rows, written in the same transaction as the change that
//! needs them; in-process workers claim due jobs (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//! instances share the queue), retry failures with exponential back-off, and a restart loses
//! nothing: an unfinished claim simply expires.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use serde::Serialize;
use std::sync::Arc;

use tokio::sync::Notify;
use uuid::Uuid;

use crate::db::begin_write;
use crate::entities::job;
use crate::error::ApiResult;
use crate::mail::Email;
use crate::state::AppState;

/// Kind of job: send an email.
pub const EMAIL: &str = "email";
/// How long a claim lasts before another worker may take the job.
const CLAIM: chrono::Duration = chrono::Duration::minutes(5);
/// Attempts before a job is given up.
const MAX_ATTEMPTS: i32 = 8;

/// Wakes idle workers when a job is queued by this instance.
#[derive(Debug, Default, Clone)]
pub struct JobSignal(Arc<Notify>);

impl JobSignal {
    /// Tells a waiting worker there is work.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// Queues a job inside the caller's transaction.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: &str,
    payload: &impl Serialize,
    now: DateTime<Utc>,
) -> ApiResult<Uuid> {
    let id = Uuid::now_v7();
    job::Entity::insert(job::ActiveModel {
        id: Set(id),
        kind: Set(kind.to_owned()),
        payload: Set(serde_json::to_string(payload).map_err(anyhow::Error::from)?),
        run_at: Set(now),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        locked_until: Set(None),
        last_error: Set(None),
        done_at: Set(None),
        failed_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Queues an email.
pub async fn enqueue_email(db: &impl ConnectionTrait, email: &Email, now: DateTime<Utc>) -> ApiResult<Uuid> {
    enqueue(db, EMAIL, email, now).await
}

/// Claims one due job, or `None`.
async fn claim(state: &AppState) -> ApiResult<Option<job::Model>> {
    let now = state.now();
    let until = now + CLAIM;
    if state.db.get_database_backend() == DatabaseBackend::Postgres {
        let stmt = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 WHERE id = (
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
    let tx = begin_write(&state.db).await?;
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
        .filter(job::Column::Id.eq(j.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(job::Entity::find_by_id(j.id).one(&state.db).await?)
}

async fn perform(state: &AppState, j: &job::Model) -> anyhow::Result<()> {
    match j.kind.as_str() {
        EMAIL => {
            let email: Email = serde_json::from_str(&j.payload)?;
            state.mailer.send(&state.config.mail_from, &email).await
        }
        other => anyhow::bail!("unknown job kind {other}"),
    }
}

/// Back-off after a failed attempt: 30 s, 1 min, 2 min, … capped at an hour.
fn back_off(attempts: i32) -> chrono::Duration {
    let exp = Ord::min(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0), 7);
    chrono::Duration::seconds(Ord::min(30_i64 << exp, 3600))
}

async fn finish(state: &AppState, j: &job::Model, outcome: anyhow::Result<()>) -> ApiResult<()> {
    let now = state.now();
    let mut am: job::ActiveModel = j.clone().into();
    am.locked_until = Set(None);
    match outcome {
        Ok(()) => am.done_at = Set(Some(now)),
        Err(e) => {
            tracing::warn!(job = %j.id, kind = %j.kind, attempts = j.attempts, error = %e, "job failed");
            am.last_error = Set(Some(format!("{e:#}").chars().take(2000).collect()));
            if j.attempts >= j.max_attempts {
                am.failed_at = Set(Some(now));
            } else {
                am.run_at = Set(now + back_off(j.attempts));
            }
        }
    }
    sea_orm::ActiveModelTrait::update(am, &state.db).await?;
    Ok(())
}

/// Runs every job that is due now, one after another; returns how many ran.
pub async fn run_due(state: &AppState) -> ApiResult<usize> {
    let mut n = 0;
    while let Some(j) = claim(state).await? {
        let outcome = perform(state, &j).await;
        finish(state, &j, outcome).await?;
        n += 1;
    }
    Ok(n)
}

/// Starts the configured number of workers; they stop claiming jobs once `stop` turns true.
pub fn spawn_workers(state: AppState, stop: tokio::sync::watch::Receiver<bool>) {
    for _ in 0..state.config.job_workers {
        let state = state.clone();
        let mut stop = stop.clone();
        tokio::spawn(async move {
            while !*stop.borrow() {
                if let Err(e) = run_due(&state).await {
                    tracing::warn!(error = %e, "job worker could not run jobs");
                }
                tokio::select! {
                    _ = stop.changed() => {}
                    _ = state.jobs.0.notified() => {}
                    _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                }
            }
        });
    }
}
