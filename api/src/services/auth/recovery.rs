//! Account recovery and upkeep: forgotten passwords, password changes, email verification.
//! Links go out by email through the job queue; their tokens are single-use and stored hashed.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use shared::audit::{AuditAction, ResetRequested};
use shared::dto::auth::UserStatus;
use shared::links;
use shared::validation::LoginEmail;
use uuid::Uuid;

use crate::context::Caller;
use crate::context::ClientInfo;
use crate::db::Tx;
use crate::entities::auth::{one_time_token, session, user};
use crate::error::{ApiError, ApiResult};
use crate::jobs::{self, Job};
use crate::mail::{Email, templates};
use crate::notices::Notice;
use crate::services::auth::notices::SecurityAlert;
use crate::services::auth::sessions;
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::notify::{Recipient, notify};
use crate::services::platform::password::{Verified, check_new_password};
use crate::services::platform::throttle;
use crate::services::platform::tokens::{hash_token, new_refresh_token};
use crate::state::AppState;

const RESET_TTL: Duration = Duration::minutes(30);
const VERIFY_TTL: Duration = Duration::days(7);

/// What an emailed link is for. The job that sends it mints the link's token when it sends, so no
/// token is ever stored in clear (not even in the job queue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// Choose a new password (30 minutes, once).
    PasswordReset,
    /// Confirm the email address (7 days, once).
    EmailVerification,
}

impl LinkPurpose {
    /// The stored name of tokens for this purpose.
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::PasswordReset => "password_reset",
            LinkPurpose::EmailVerification => "email_verification",
        }
    }

    fn ttl(self) -> Duration {
        match self {
            LinkPurpose::PasswordReset => RESET_TTL,
            LinkPurpose::EmailVerification => VERIFY_TTL,
        }
    }
}

/// The payload of a job that emails a link: whom, and what for (no token, no body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkEmail {
    /// The user to send it to.
    pub user_id: Uuid,
    /// What the link is for.
    pub purpose: LinkPurpose,
}

async fn issue_token(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> ApiResult<(Uuid, String)> {
    let token = new_refresh_token().replacen("rt_", "", 1);
    let id = Uuid::now_v7();
    one_time_token::Entity::insert(one_time_token::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_owned()),
        token_hash: Set(hash_token(&token)),
        expires_at: Set(now + purpose.ttl()),
        used_at: Set(None),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok((id, token))
}

/// Uses up a token: the user it belongs to, or `None` when unknown, used, expired or for
/// another purpose.
async fn redeem(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> ApiResult<Option<Uuid>> {
    let Some(row) = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(hash_token(token.trim())))
        .filter(one_time_token::Column::Purpose.eq(purpose.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.expires_at <= now {
        return Ok(None);
    }
    let claimed = one_time_token::Entity::update_many()
        .col_expr(one_time_token::Column::UsedAt, Expr::value(now))
        .filter(one_time_token::Column::Id.eq(row.id))
        .filter(one_time_token::Column::UsedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1;
    Ok(claimed.then_some(row.user_id))
}

/// Queues a verification link for a user's email address (inside the caller's transaction).
pub async fn send_verification(db: &Tx, user: &user::Model, now: DateTime<Utc>) -> ApiResult<()> {
    let job = Job::LinkEmail(LinkEmail { user_id: user.id, purpose: LinkPurpose::EmailVerification });
    jobs::enqueue(db, &job, now).await?;
    Ok(())
}

/// Queues a password reset link for a user (inside the caller's transaction); the job mints the
/// token when it sends, and sends nothing if the account is no longer active by then.
pub async fn send_password_reset(db: &Tx, user_id: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    let job = Job::LinkEmail(LinkEmail { user_id, purpose: LinkPurpose::PasswordReset });
    jobs::enqueue(db, &job, now).await?;
    Ok(())
}

/// Mints the token of a queued link and writes its email: `None` when there is nothing to send
/// any more (the user is gone or disabled, or the address is already confirmed). The token's id
/// comes along so that a failed send can withdraw it.
pub async fn link_email(state: &AppState, job: &LinkEmail) -> ApiResult<Option<(Uuid, Email)>> {
    let now = state.now();
    let tx = state.begin_write().await?;
    let Some(user) = user::Entity::find_by_id(job.user_id).one(&tx).await? else { return Ok(None) };
    let wanted = match job.purpose {
        LinkPurpose::PasswordReset => user.status() == UserStatus::Active,
        LinkPurpose::EmailVerification => user.email_verified_at.is_none(),
    };
    if !wanted {
        return Ok(None);
    }
    let (id, token) = issue_token(&tx, user.id, job.purpose, now).await?;
    let link = |path| links::link(&state.config.public_url, path, &[("token", &token)]);
    let email = match job.purpose {
        LinkPurpose::PasswordReset => {
            templates::password_reset(&user.email, &user.name, &link(links::RESET_PASSWORD_PATH))
        }
        LinkPurpose::EmailVerification => {
            templates::email_verification(&user.email, &user.name, &link(links::VERIFY_EMAIL_PATH))
        }
    };
    tx.commit().await?;
    Ok(Some((id, email)))
}

/// Withdraws a minted token whose email could not be sent.
pub async fn withdraw_token(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    one_time_token::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Emails a reset link when the address belongs to an active account. The answer and the work
/// are the same either way, so the response tells nothing about which addresses exist.
///
/// Errors: `RateLimited`.
#[tracing::instrument(skip_all)]
pub async fn forgot_password(state: &AppState, email: &str, client: &ClientInfo) -> ApiResult<()> {
    let email = LoginEmail::parse("email", email).map_err(|e| ApiError::Validation(vec![e]))?.as_str().to_owned();
    let keys = throttle::keys("reset", &email, client.network().as_deref());
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let now = state.now();
    let tx = state.begin_write().await?;
    let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&tx).await?;
    let known = matches!(&found, Some(u) if u.status() == UserStatus::Active);
    if let Some(u) = found.filter(|u| u.status() == UserStatus::Active) {
        send_password_reset(&tx, u.id, now).await?;
    }
    let event = AuditEvent::success(AuditAction::AuthPasswordResetRequest)
        .email_tried(&email)
        .details(&ResetRequested { account_found: known });
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(())
}

async fn set_password_and_end_sessions(
    db: &impl ConnectionTrait,
    user: &user::Model,
    hash: String,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let mut am: user::ActiveModel = user.clone().into();
    am.password_hash = Set(hash);
    am.updated_at = Set(now);
    am.update(db).await?;
    sessions::end_all(db, user.id, keep, sessions::reason::PASSWORD_CHANGED, now).await?;
    super::challenges::withdraw(db, user.id, now).await?;
    Ok(())
}

/// Sets a new password with an emailed token (once, within 30 minutes), ends every session and
/// lifts the account's sign-in lock.
///
/// Errors: `RateLimited`, `Validation` (bad token or weak password).
#[tracing::instrument(skip_all)]
pub async fn reset_password(state: &AppState, token: &str, password: &str, client: &ClientInfo) -> ApiResult<()> {
    let keys = throttle::keys("reset-token", "any", client.network().as_deref()).split_off(1);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let invalid = || ApiError::field("token", "invalid", "This link is invalid or has expired. Ask for a new one.");
    let hash_len_ok = !token.trim().is_empty() && token.len() <= 128;
    if !hash_len_ok {
        return Err(invalid());
    }
    let now = state.now();
    // Check the password first so a weak one does not use up the token.
    let peek = one_time_token::Entity::find()
        .filter(one_time_token::Column::TokenHash.eq(hash_token(token.trim())))
        .one(&state.db)
        .await?;
    let peek_user = match peek {
        Some(t) => user::Entity::find_by_id(t.user_id).one(&state.db).await?,
        None => None,
    };
    if let Some(u) = &peek_user {
        check_new_password("password", password, &[u.email.as_str(), u.name.as_str()])
            .map_err(|e| ApiError::Validation(vec![e]))?;
    }
    let hash = state.passwords.hash(password).await?;
    let tx = state.begin_write().await?;
    let user_id = redeem(&tx, token, LinkPurpose::PasswordReset, now).await?.ok_or_else(invalid)?;
    let user = user::Entity::find_by_id(user_id).one(&tx).await?.ok_or_else(invalid)?;
    set_password_and_end_sessions(&tx, &user, hash, None, now).await?;
    notify(&tx, now, Recipient::User(user.id), Notice::Security(SecurityAlert::PasswordChanged)).await?;
    let event = AuditEvent::success(AuditAction::AuthPasswordReset).user(user.id, &user.email).target("user", user.id);
    audit::record(&tx, now, client, event).await?;
    state.throttle.succeeded(&tx, &keys, now).await?;
    // Whoever reset it controls the mailbox: the account's sign-in lock ends with the old password.
    state.throttle.clear_account(&tx, &throttle::keys("login", &user.email, None)).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the password of the signed-in user; their other sessions end.
///
/// Errors: `RateLimited`, `Validation` (wrong current password, weak new one).
#[tracing::instrument(skip_all)]
pub async fn change_password(state: &AppState, caller: &Caller, current: &str, new: &str) -> ApiResult<()> {
    let (user, client) = (caller.user(), &caller.client);
    let current_session = caller.person().map(|p| p.session_id);
    check_new_password("new_password", new, &[user.email.as_str(), user.name.as_str()])
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let keys = throttle::keys("password", &user.email, client.network().as_deref());
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    if state.passwords.verify(current, &user.password_hash).await? == Verified::Mismatch {
        let event = AuditEvent::failure(AuditAction::AuthPasswordChange).user(user.id, &user.email);
        audit::record(&state.db, state.now(), client, event).await?;
        return Err(ApiError::field("current_password", "invalid", "The current password is incorrect."));
    }
    if current == new {
        return Err(ApiError::field("new_password", "unchanged", "Choose a password different from the current one."));
    }
    let hash = state.passwords.hash(new).await?;
    let now = state.now();
    let tx = state.begin_write().await?;
    set_password_and_end_sessions(&tx, user, hash, current_session, now).await?;
    notify(&tx, now, Recipient::User(user.id), Notice::Security(SecurityAlert::PasswordChanged)).await?;
    audit::record(&tx, now, client, AuditEvent::success(AuditAction::AuthPasswordChange).user(user.id, &user.email))
        .await?;
    state.throttle.succeeded(&tx, &keys, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms an email address with an emailed token.
///
/// Errors: `Validation` (bad token).
#[tracing::instrument(skip_all)]
pub async fn verify_email(state: &AppState, token: &str, client: &ClientInfo) -> ApiResult<()> {
    let now = state.now();
    let tx = state.begin_write().await?;
    let invalid = || ApiError::field("token", "invalid", "This link is invalid or has expired.");
    let user_id = redeem(&tx, token, LinkPurpose::EmailVerification, now).await?.ok_or_else(invalid)?;
    let user = user::Entity::find_by_id(user_id).one(&tx).await?.ok_or_else(invalid)?;
    let mut am: user::ActiveModel = user.clone().into();
    am.email_verified_at = Set(Some(now));
    am.update(&tx).await?;
    audit::record(&tx, now, client, AuditEvent::success(AuditAction::AuthEmailVerify).user(user.id, &user.email))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a new verification link.
///
/// Errors: `Conflict` (already verified), `RateLimited`.
#[tracing::instrument(skip_all)]
pub async fn resend_verification(state: &AppState, caller: &Caller) -> ApiResult<()> {
    let (user, client) = (caller.user(), &caller.client);
    if user.email_verified_at.is_some() {
        return Err(ApiError::Conflict("This email address is already confirmed.".into()));
    }
    let keys = throttle::keys("verify-resend", &user.email, None);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let now = state.now();
    let tx = state.begin_write().await?;
    send_verification(&tx, user, now).await?;
    audit::record(&tx, now, client, AuditEvent::success(AuditAction::AuthEmailVerifyResend).user(user.id, &user.email))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Emails the user when a sign-in comes from a device (user agent) none of their sessions used.
pub async fn notify_new_device(db: &Tx, user: &user::Model, client: &ClientInfo, now: DateTime<Utc>) -> ApiResult<()> {
    let mut q = session::Entity::find().filter(session::Column::UserId.eq(user.id));
    q = match &client.user_agent {
        Some(ua) => q.filter(session::Column::UserAgent.eq(ua.as_str())),
        None => q.filter(session::Column::UserAgent.is_null()),
    };
    let seen = q.one(db).await?.is_some();
    let first_ever = session::Entity::find().filter(session::Column::UserId.eq(user.id)).one(db).await?.is_none();
    if !seen && !first_ever {
        let device = client.user_agent.clone().unwrap_or_else(|| "an unknown device".into());
        let ip = client.ip.clone().unwrap_or_else(|| "unknown".into());
        let when = now.format("%Y-%m-%d %H:%M UTC").to_string();
        notify(db, now, Recipient::User(user.id), Notice::Security(SecurityAlert::NewSignIn { device, ip, when }))
            .await?;
    }
    Ok(())
}
