//! Sessions and their refresh-token families: creation at sign-in, rotation on refresh (with
//! reuse detection), revocation.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::audit::{AuditAction, RefreshReuse, SessionsRevoked};
use shared::dto::auth::{AuthResponse, Session, UserStatus};
use shared::dto::common::Page;
use uuid::Uuid;

use crate::config::Config;
use crate::context::{Caller, ClientInfo, Person};
use crate::entities::auth::{refresh_token, session, user};
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{KeyValue, ListParams, SortKey, keyset};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::tokens::{hash_token, new_refresh_token};
use crate::state::AppState;

/// How often `last_seen_at` is written, at most.
const LAST_SEEN_RESOLUTION_SECS: i64 = 60;

/// Why a session ended (stored in `revoked_reason`).
pub mod reason {
    /// The user signed out.
    pub const LOGOUT: &str = "logout";
    /// The user ended it from their session list.
    pub const REVOKED: &str = "revoked";
    /// An already-rotated refresh token was presented.
    pub const REFRESH_REUSE: &str = "refresh_reuse";
    /// The password changed.
    pub const PASSWORD_CHANGED: &str = "password_changed";
    /// Two-factor authentication was turned on (a stolen session must not survive it).
    pub const MFA_ENABLED: &str = "mfa_enabled";
    /// An ADMIN reset the user's second factor.
    pub const MFA_RESET: &str = "mfa_reset";
    /// An ADMIN changed the user's platform role.
    pub const ROLE_CHANGED: &str = "role_changed";
    /// An ADMIN disabled the account.
    pub const DISABLED: &str = "disabled";
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
#[tracing::instrument(skip_all)]
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

/// Ends every live session of a user but `keep`; returns how many ended.
pub async fn end_all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    why: &str,
    now: DateTime<Utc>,
) -> ApiResult<u64> {
    let mut q = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .col_expr(session::Column::RevokedReason, Expr::value(why))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(k) = keep {
        q = q.filter(session::Column::Id.ne(k));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Exchanges a refresh token for new tokens. A token that was already rotated ends its whole
/// session (someone else may hold a copy) and is audited.
#[tracing::instrument(skip_all)]
pub async fn refresh(state: &AppState, presented: &str, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    let now = state.now();
    let hash = hash_token(presented);
    let tx = state.begin_write().await?;
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
        let event = AuditEvent::failure(AuditAction::AuthRefreshReuse)
            .user(user.id, &user.email)
            .target("session", sess.id)
            .details(&RefreshReuse { session_revoked: was_live });
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
    let event = AuditEvent::success(AuditAction::AuthRefresh).user(user.id, &user.email).target("session", sess.id);
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

/// The caller's live sessions, most recently used first; `current` marks the caller's own.
///
/// Errors: `Validation` (cursor).
#[tracing::instrument(skip_all, fields(user = %caller.user().id))]
pub async fn list(
    db: &impl ConnectionTrait,
    config: &Config,
    caller: &Caller,
    now: DateTime<Utc>,
    params: &ListParams,
) -> ApiResult<Page<Session>> {
    let user = caller.user();
    let idle = config.session_idle(user.role().is_operator());
    let current = caller.person().map(|p| p.session_id);
    let query = session::Entity::find()
        .filter(session::Column::UserId.eq(user.id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(session::Column::LastSeenAt.gt(now - idle));
    let key = SortKey::by_time(session::Column::LastSeenAt, true);
    let rows = keyset::page_query(query, key, session::Column::Id, params.after.as_ref(), params.fetch_limit())?
        .all(db)
        .await?;
    Ok(params.finish(rows, |s| (Some(KeyValue::Time(s.last_seen_at)), s.id), |s| s.to_dto(current == Some(s.id)), None))
}

/// Ends one of the caller's own sessions; another user's session answers `NotFound`.
///
/// Errors: `NotFound`.
#[tracing::instrument(skip_all, fields(session = %session_id))]
pub async fn revoke_own(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    session_id: Uuid,
) -> ApiResult<()> {
    let sess = session::Entity::find_by_id(session_id)
        .filter(session::Column::UserId.eq(caller.user().id))
        .filter(session::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    revoke(db, sess.id, reason::REVOKED, now).await?;
    let event = AuditEvent::success(AuditAction::AuthSessionRevoke).by(&caller.actor).target("session", sess.id);
    audit::record(db, now, &caller.client, event).await?;
    Ok(())
}

/// Ends all of the caller's sessions but the current one; returns how many ended.
#[tracing::instrument(skip_all)]
pub async fn revoke_others(db: &impl ConnectionTrait, caller: &Caller, now: DateTime<Utc>) -> ApiResult<u64> {
    let keep = caller.person().map(|p| p.session_id);
    let revoked = end_all(db, caller.user().id, keep, reason::REVOKED, now).await?;
    let event = AuditEvent::success(AuditAction::AuthSessionsRevokeOthers)
        .by(&caller.actor)
        .details(&SessionsRevoked { revoked });
    audit::record(db, now, &caller.client, event).await?;
    Ok(revoked)
}

/// The person behind an access token, checked against the live session and user (one query),
/// so that sign-out, revocation and disabling take effect on the next request everywhere.
///
/// Errors: `InvalidToken`, `SessionRevoked` (ended, idle or expired), `AccountDisabled`.
pub async fn authenticate(state: &AppState, token: &str) -> ApiResult<Person> {
    let now = state.now();
    let claims = state.tokens.verify(token, now)?;
    let found = session::Entity::find_by_id(claims.sid).find_also_related(user::Entity).one(&state.db).await?;
    let Some((sess, Some(user))) = found else {
        return Err(ApiError::SessionRevoked);
    };
    admit(state, &claims, sess, user, now).await
}

/// The person behind an access token and their membership of the organization asked for (or
/// their first), in one query. `None` for the membership when the person is not a member (the
/// caller answers 404); a refused token or session is an error as in [`authenticate`].
pub async fn authenticate_in_org(
    state: &AppState,
    token: &str,
    requested: Option<Uuid>,
) -> ApiResult<(Person, Option<(membership::Model, organization::Model)>)> {
    let now = state.now();
    let claims = state.tokens.verify(token, now)?;
    let mut chosen = Query::select();
    chosen
        .column((CHOSEN, membership::Column::Id))
        .from_as(membership::Entity, CHOSEN)
        .and_where(Expr::col((CHOSEN, membership::Column::UserId)).equals((session::Entity, session::Column::UserId)))
        .order_by((CHOSEN, membership::Column::CreatedAt), Order::Asc)
        .order_by((CHOSEN, membership::Column::Id), Order::Asc)
        .limit(1);
    if let Some(org_id) = requested {
        chosen.and_where(Expr::col((CHOSEN, membership::Column::OrgId)).eq(org_id));
    }
    let found = session::Entity::find_by_id(claims.sid)
        .find_also_related(user::Entity)
        .and_also_related(membership::Entity)
        .find_also(membership::Entity, organization::Entity)
        .filter(membership::Column::Id.in_subquery(chosen))
        .one(&state.db)
        .await?;
    match found {
        Some((sess, Some(user), Some(m), Some(org))) => {
            Ok((admit(state, &claims, sess, user, now).await?, Some((m, org))))
        }
        // No row: no such session, or no such membership; tell which the slow way.
        _ => Ok((authenticate(state, token).await?, None)),
    }
}

/// The alias of the membership chosen in [`authenticate_in_org`]'s subquery.
#[derive(Debug, Clone, Copy)]
struct ChosenMembership;
const CHOSEN: ChosenMembership = ChosenMembership;

impl sea_orm::sea_query::Iden for ChosenMembership {
    fn unquoted(&self) -> &str {
        "chosen_membership"
    }
}

/// Checks a session and its user found for a token's claims, and notes the session as seen.
async fn admit(
    state: &AppState,
    claims: &crate::services::platform::tokens::Claims,
    sess: session::Model,
    user: user::Model,
    now: DateTime<Utc>,
) -> ApiResult<Person> {
    if sess.user_id != claims.sub {
        return Err(ApiError::InvalidToken);
    }
    let idle = state.config.session_idle(user.role().is_operator());
    if !sess.is_live(now, idle) {
        return Err(ApiError::SessionRevoked);
    }
    if user.status() != UserStatus::Active {
        return Err(ApiError::AccountDisabled);
    }
    if (now - sess.last_seen_at).num_seconds() >= LAST_SEEN_RESOLUTION_SECS {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(sess.id))
            .exec(&state.db)
            .await?;
    }
    Ok(Person { user, session_id: sess.id })
}

/// Sets `last_login_at`.
pub async fn touch_login(db: &impl ConnectionTrait, user: &user::Model, now: DateTime<Utc>) -> ApiResult<()> {
    let mut am: user::ActiveModel = user.clone().into();
    am.last_login_at = Set(Some(now));
    am.update(db).await?;
    Ok(())
}
