//! Stored answers for `Idempotency-Key` (Stripe's rules). The key is claimed, the work done and
//! its answer stored in one transaction: a retry after a success gets the stored answer, a retry
//! after a failure runs again (nothing was kept), and a concurrent duplicate waits for the first
//! and then gets its answer. The same key with another request is refused.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::entities::platform::idempotency_key;
use crate::error::{ApiError, ApiResult};
use crate::extract::idempotency::IdempotencyKey;

/// How long a key's answer is kept.
pub const KEEP_FOR: Duration = Duration::hours(24);

/// An answer, fresh or replayed.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    /// The HTTP status of the first answer.
    pub status: u16,
    /// Its body.
    pub body: T,
    /// Whether this is a replay of an earlier answer.
    pub replayed: bool,
}

/// Runs `work` once per key and scope (a user or an organization), inside the caller's
/// transaction; `status` is the success status the route answers with.
///
/// Errors: `IdempotencyKeyReused` (same key, another request), `Conflict` (the first request with
/// this key is still running), and whatever `work` fails with.
pub async fn once<T: Serialize + DeserializeOwned>(
    db: &impl ConnectionTrait,
    key: &IdempotencyKey,
    scope: Uuid,
    fingerprint: String,
    status: u16,
    now: DateTime<Utc>,
    work: impl AsyncFnOnce() -> ApiResult<T>,
) -> ApiResult<Stored<T>> {
    let Some(k) = key.key.as_deref() else {
        return Ok(Stored { status, body: work().await?, replayed: false });
    };
    use idempotency_key::Column as C;
    idempotency_key::Entity::delete_many()
        .filter(C::Scope.eq(scope))
        .filter(C::Key.eq(k))
        .filter(C::CreatedAt.lt(now - KEEP_FOR))
        .exec(db)
        .await?;
    let id = Uuid::now_v7();
    let claimed = idempotency_key::Entity::insert(idempotency_key::ActiveModel {
        id: Set(id),
        scope: Set(scope),
        key: Set(k.to_owned()),
        fingerprint: Set(fingerprint.clone()),
        status: Set(None),
        response: Set(None),
        created_at: Set(now),
    })
    .on_conflict(OnConflict::columns([C::Scope, C::Key]).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    if claimed == 1 {
        let body = work().await?;
        let response = serde_json::to_string(&body).map_err(anyhow::Error::from)?;
        idempotency_key::Entity::update_many()
            .col_expr(C::Status, sea_orm::sea_query::Expr::value(i32::from(status)))
            .col_expr(C::Response, sea_orm::sea_query::Expr::value(response))
            .filter(C::Id.eq(id))
            .exec(db)
            .await?;
        return Ok(Stored { status, body, replayed: false });
    }
    let row = idempotency_key::Entity::find()
        .filter(C::Scope.eq(scope))
        .filter(C::Key.eq(k))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::Conflict("A request with this Idempotency-Key is in progress.".into()))?;
    if row.fingerprint != fingerprint {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let (Some(status), Some(response)) = (row.status, row.response) else {
        return Err(ApiError::Conflict("A request with this Idempotency-Key is in progress.".into()));
    };
    let body = serde_json::from_str(&response).map_err(anyhow::Error::from)?;
    Ok(Stored { status: u16::try_from(status).unwrap_or(200), body, replayed: true })
}

/// Deletes answers older than [`KEEP_FOR`]; returns how many.
pub async fn purge(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<u64> {
    let res = idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::CreatedAt.lt(now - KEEP_FOR))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
