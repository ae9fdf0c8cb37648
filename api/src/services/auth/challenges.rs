//! The second step of a sign-in: one challenge row per `mfa_token` (its `jti`), opened by the
//! password step, used up by the sign-in it completes, withdrawn when the password changes or an
//! ADMIN resets the user's second factor, purged a day after it expires.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::auth::mfa_challenge;
use crate::error::ApiResult;

/// How long the second step of a sign-in may take.
const CHALLENGE_TTL: chrono::Duration = chrono::Duration::seconds(crate::services::platform::tokens::MFA_TOKEN_TTL);

/// Opens the second step of a sign-in (inside the sign-in's transaction); returns the `jti` for
/// its `mfa_token`.
pub async fn open(db: &impl ConnectionTrait, user_id: Uuid, now: DateTime<Utc>) -> ApiResult<Uuid> {
    let id = Uuid::now_v7();
    mfa_challenge::Entity::insert(mfa_challenge::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        expires_at: Set(now + CHALLENGE_TTL),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Uses up a challenge for the sign-in it completes: false when it is unknown, another user's,
/// expired, used or withdrawn.
pub async fn use_up(db: &impl ConnectionTrait, jti: Uuid, user_id: Uuid, now: DateTime<Utc>) -> ApiResult<bool> {
    let res = mfa_challenge::Entity::update_many()
        .col_expr(mfa_challenge::Column::UsedAt, Expr::value(now))
        .filter(mfa_challenge::Column::Id.eq(jti))
        .filter(mfa_challenge::Column::UserId.eq(user_id))
        .filter(mfa_challenge::Column::UsedAt.is_null())
        .filter(mfa_challenge::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Withdraws a user's outstanding challenges (their password changed).
pub async fn withdraw(db: &impl ConnectionTrait, user_id: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    mfa_challenge::Entity::update_many()
        .col_expr(mfa_challenge::Column::UsedAt, Expr::value(now))
        .filter(mfa_challenge::Column::UserId.eq(user_id))
        .filter(mfa_challenge::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes challenges that expired more than a day ago; returns how many.
pub async fn purge(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<u64> {
    let res = mfa_challenge::Entity::delete_many()
        .filter(mfa_challenge::Column::ExpiresAt.lt(now - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
