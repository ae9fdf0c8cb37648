//! Sessions and their refresh-token families: creation at sign-in, rotation on refresh (with
//! reuse detection), revocation.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::dto::auth::{AuthResponse, Session, UserStatus};
use uuid::Uuid;

use super::audit::{self, AuditEvent};
use super::tokens::{hash_token, new_refresh_token};
use crate::db::begin_write;
use crate::entities::{refresh_token, session, user};
use crate::error::{ApiError, ApiResult};
use crate::extract::client_info::ClientInfo;
use crate::state::AppState;

/// Why a session ended (stored in `revoked_reason`).
pub mod reason {
    /// The user signed out.
    pub const LOGOUT: &str = "logout";
    /// The user ended it from their session list.
    pub const REVOKED: &str = "revoked";
    /// An already-rotated refresh token was presented.
    pub const REFRESH_REUSE: &str = "refresh_reuse";
}

/// Tokens for a new or refreshed session.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    /// The answer body.
    pub body: AuthResponse,
    /// The refresh token, for the cookie (none while a second factor is pending).
    pub refresh_token: Option<String>,
}

async fn insert_refresh_token(db: &impl ConnectionTrait, session_id: Uuid, now: DateTime<Utc>) -> ApiResult<String> {
    let token = new_refresh_token();
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        session_id: Set(session_id),
        token_hash: Set(hash_token(&token)),
        created_at: Set(now),
        rotated_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Opens a session for a user who just proved who they are, inside the caller's transaction.
pub async fn open_session(
    db: &impl ConnectionTrait,
    state: &AppState,
    user: &user::Model,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> ApiResult<IssuedTokens> {
    let lifetime = state.config.session_lifetime(user.role().is_operator());
    let session_id = Uuid::now_v7();
    session::Entity::insert(session::ActiveModel {
        id: Set(session_id),
        user_id: Set(user.id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + lifetime),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        ip: Set(client.ip.clone()),
        user_agent: Set(client.user_agent.clone()),
    })
    .exec_without_returning(db)
    .await?;
    let refresh = insert_refresh_token(db, session_id, now).await?;
    issue(state, user, session_id, refresh, now)
}

fn issue(
    state: &AppState,
    user: &user::Model,
    session_id: Uuid,
    refresh_token: String,
    now: DateTime<Utc>,
) -> ApiResult<IssuedTokens> {
    let access = state.tokens.issue(user.id, session_id, user.role(), now)?;
    Ok(IssuedTokens {
        body: AuthResponse {
            mfa_required: false,
            mfa_token: None,
            access_token: Some(access),
            refresh_token: Some(refresh_token.clone()),
            token_type: Some("Bearer".into()),
            expires_in: Some(state.tokens.ttl_secs()),
            user: Some(user.to_dto()),
        },
        refresh_token: Some(refresh_token),
    })
}

/// Ends a session (idempotent).
pub async fn revoke(db: &impl ConnectionTrait, session_id: Uuid, why: &str, now: DateTime<Utc>) -> ApiResult<bool> {
    let res = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(why))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Exchanges a refresh token for new tokens. A token that was already rotated ends its whole
/// session (someone else may hold a copy) and is audited.
pub async fn refresh(state: &AppState, presented: &str, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    let now = state.now();
    let hash = hash_token(presented);
    let tx = begin_write(&state.db).await?;
    let found = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(&hash))
        .find_also_related(session::Entity)
        .one(&tx)
        .await?;
    let Some((token, Some(sess))) = found else {
        return Err(ApiError::InvalidToken);
    };
    let user = user::Entity::find_by_id(sess.user_id).one(&tx).await?.ok_or(ApiError::InvalidToken)?;
    // Claim the token: only one request can rotate it.
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RotatedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::RotatedAt.is_null())
        .exec(&tx)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        let was_live = revoke(&tx, sess.id, reason::REFRESH_REUSE, now).await?;
        let event = AuditEvent::failure("auth.refresh_reuse")
            .actor(user.id, &user.email)
            .target("session", sess.id)
            .details(serde_json::json!({ "session_revoked": was_live }));
        audit::record(&tx, now, client, event).await?;
        tx.commit().await?;
        return Err(ApiError::RefreshTokenReused);
    }
    let idle = state.config.session_idle(user.role().is_operator());
    if !sess.is_live(now, idle) {
        return Err(ApiError::SessionRevoked);
    }
    if user.status() != UserStatus::Active {
        return Err(ApiError::AccountDisabled);
    }
    let new_refresh = insert_refresh_token(&tx, sess.id, now).await?;
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::Id.eq(sess.id))
        .exec(&tx)
        .await?;
    let event = AuditEvent::success("auth.refresh").actor(user.id, &user.email).target("session", sess.id);
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    issue(state, &user, sess.id, new_refresh, now)
}

/// The session a refresh token belongs to, if the token is known.
pub async fn session_of_refresh_token(db: &impl ConnectionTrait, presented: &str) -> ApiResult<Option<session::Model>> {
    let found = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash_token(presented)))
        .find_also_related(session::Entity)
        .one(db)
        .await?;
    Ok(found.and_then(|(_, s)| s))
}

/// The user's live sessions, most recent first (at most 100).
pub async fn list(state: &AppState, user: &user::Model, current: Uuid) -> ApiResult<Vec<Session>> {
    let now = state.now();
    let idle = state.config.session_idle(user.role().is_operator());
    let rows = session::Entity::find()
        .filter(session::Column::UserId.eq(user.id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .order_by_desc(session::Column::LastSeenAt)
        .order_by_desc(session::Column::Id)
        .all(&state.db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|s| s.is_live(now, idle))
        .take(100)
        .map(|s| Session {
            id: s.id,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
            ip: s.ip,
            user_agent: s.user_agent,
            current: s.id == current,
        })
        .collect())
}

/// Ends one of the user's own sessions; another user's session answers `NotFound`.
pub async fn revoke_own(state: &AppState, user: &user::Model, session_id: Uuid, client: &ClientInfo) -> ApiResult<()> {
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    let sess = session::Entity::find_by_id(session_id)
        .filter(session::Column::UserId.eq(user.id))
        .filter(session::Column::RevokedAt.is_null())
        .one(&tx)
        .await?
        .ok_or(ApiError::NotFound)?;
    revoke(&tx, sess.id, reason::REVOKED, now).await?;
    let event = AuditEvent::success("auth.session_revoke").actor(user.id, &user.email).target("session", sess.id);
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends all of the user's sessions but the current one; returns how many ended.
pub async fn revoke_others(state: &AppState, user: &user::Model, current: Uuid, client: &ClientInfo) -> ApiResult<u64> {
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    let res = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(reason::REVOKED))
        .filter(session::Column::UserId.eq(user.id))
        .filter(session::Column::Id.ne(current))
        .filter(session::Column::RevokedAt.is_null())
        .exec(&tx)
        .await?;
    let event = AuditEvent::success("auth.sessions_revoke_others")
        .actor(user.id, &user.email)
        .details(serde_json::json!({ "revoked": res.rows_affected }));
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(res.rows_affected)
}

/// Sets `last_login_at`.
pub async fn touch_login(db: &impl ConnectionTrait, user: &user::Model, now: DateTime<Utc>) -> ApiResult<()> {
    let mut am: user::ActiveModel = user.clone().into();
    am.last_login_at = Set(Some(now));
    am.update(db).await?;
    Ok(())
}
