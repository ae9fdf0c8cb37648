//! Registration, sign-in (with its second step) and sign-out.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use shared::audit::{
    AuditAction, LockoutDetails, LoginDetails, MfaMethod, MfaVerifyDetails, RecoveryCodeUsed, RefusalReason, Refused,
};
use shared::dto::auth::{AuthResponse, LoginRequest, MfaVerifyRequest, RegisterRequest, UserStatus};
use shared::settings::platform::SignupMode;
use shared::validation::{DisplayName, EmailAddress, FieldErrors, LoginEmail, check_login_password};
use shared::{OrgRole, Role};

use super::sessions::{self, IssuedTokens};
use super::{challenges, mfa, recovery, users};
use crate::context::ClientInfo;
use crate::entities::auth::{recovery_code, user};
use crate::error::{ApiError, ApiResult};
use crate::services::organizations::create::insert_organization;
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::password::{Verified, check_new_password};
use crate::services::platform::{settings, throttle};
use crate::services::team::members::insert_membership;
use crate::state::AppState;

/// Registers a CLIENT user and their organization (they become its OWNER) and signs them in,
/// when the `signup_mode` setting lets anyone register.
///
/// Errors: `SignupsDisabled` (mode `closed`), `InviteRequired` (mode `invite_only`),
/// `Validation`, `EmailTaken`.
#[tracing::instrument(skip_all)]
pub async fn register(state: &AppState, req: RegisterRequest, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    let refusal = match settings::signup_mode(&state.db).await? {
        SignupMode::Open => None,
        SignupMode::InviteOnly => Some((RefusalReason::InviteRequired, ApiError::InviteRequired)),
        SignupMode::Closed => Some((RefusalReason::SignupsDisabled, ApiError::SignupsDisabled)),
    };
    if let Some((reason, error)) = refusal {
        let event = AuditEvent::failure(AuditAction::AuthRegister).email_tried(&req.email).details(&Refused { reason });
        audit::record(&state.db, state.now(), client, event).await?;
        return Err(error);
    }
    // Every registration counts against its address, successful or not (it is not a guess to
    // forgive, it is work done: a password hash, an account, an organization, an email).
    let keys = throttle::ip_key("register", client.network().as_deref(), throttle::REGISTRATION);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let mut errors = FieldErrors::default();
    let email = errors.take(EmailAddress::parse("email", &req.email));
    let name = errors.take(DisplayName::parse("name", &req.name));
    let org_name = errors.take(DisplayName::parse("organization_name", &req.organization_name));
    let context: Vec<&str> = [req.email.trim(), req.name.trim()].into_iter().collect();
    errors.take(check_new_password("password", &req.password, &context));
    let (Some(email), Some(name), Some(org_name)) = (email, name, org_name) else {
        return Err(ApiError::Validation(errors.0));
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors.0));
    }
    let hash = state.passwords.hash(&req.password).await?;
    let now = state.now();
    let tx = state.begin_write().await?;
    let user =
        users::insert_user(&tx, email.as_str(), name.as_str(), hash, Role::Client, users::Address::Unconfirmed, now)
            .await?;
    let org = insert_organization(&tx, org_name.as_str(), now).await?;
    insert_membership(&tx, org.id, user.id, OrgRole::Owner, now).await?;
    sessions::touch_login(&tx, &user, now).await?;
    let user = user::Entity::find_by_id(user.id).one(&tx).await?.ok_or(ApiError::NotFound)?;
    recovery::send_verification(&tx, &user, now).await?;
    let issued = sessions::open_session(&tx, state, &user, client, now).await?;
    let event = AuditEvent::success(AuditAction::AuthRegister)
        .user(user.id, &user.email)
        .org(org.id)
        .target("organization", org.id);
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(issued)
}

/// Signs in with email and password. An unknown email costs the same as a wrong password.
/// Attempts are throttled per account and per IP before any hashing. With MFA on, the answer
/// carries only an `mfa_token` for [`complete_mfa`].
///
/// Errors: `Validation` (empty fields), `RateLimited`, `InvalidCredentials`, `AccountDisabled`.
#[tracing::instrument(skip_all)]
pub async fn login(state: &AppState, req: LoginRequest, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    let mut errors = FieldErrors::default();
    let email = errors.take(LoginEmail::parse("email", &req.email));
    errors.take(check_login_password("password", &req.password));
    let (Some(email), true) = (email, errors.is_empty()) else {
        return Err(ApiError::Validation(errors.0));
    };
    let email = email.as_str().to_owned();
    let keys = throttle::keys("login", &email, client.network().as_deref());
    let reservation = match state.throttle.reserve(&state.db, &keys, state.now()).await {
        Ok(r) => r,
        Err(e @ ApiError::RateLimited { .. }) => {
            // Audited in aggregate: a storm of refusals is one entry a minute, not a write each.
            state.refusals.count(AuditAction::AuthLogin, &email, client, state.now());
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    if reservation.locked_account {
        let event = AuditEvent::failure(AuditAction::AuthLockout)
            .email_tried(&email)
            .details(&LockoutDetails { kind: "login".into() });
        audit::record(&state.db, state.now(), client, event).await?;
    }
    let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&state.db).await?;
    let Some(user) = found else {
        state.passwords.verify_dummy(&req.password).await?;
        let event = AuditEvent::failure(AuditAction::AuthLogin)
            .email_tried(&email)
            .details(&Refused { reason: RefusalReason::UnknownEmail });
        audit::record(&state.db, state.now(), client, event).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let verified = state.passwords.verify(&req.password, &user.password_hash).await?;
    let now = state.now();
    let Verified::Match { needs_rehash } = verified else {
        let event = AuditEvent::failure(AuditAction::AuthLogin)
            .user(user.id, &user.email)
            .details(&Refused { reason: RefusalReason::WrongPassword });
        audit::record(&state.db, now, client, event).await?;
        return Err(ApiError::InvalidCredentials);
    };
    if user.status() != UserStatus::Active {
        let event = AuditEvent::failure(AuditAction::AuthLogin)
            .user(user.id, &user.email)
            .details(&Refused { reason: RefusalReason::AccountDisabled });
        audit::record(&state.db, now, client, event).await?;
        return Err(ApiError::AccountDisabled);
    }
    let new_hash = if needs_rehash { Some(state.passwords.hash(&req.password).await?) } else { None };
    let tx = state.begin_write().await?;
    state.throttle.succeeded(&tx, &keys, now).await?;
    let mut am: user::ActiveModel = user.clone().into();
    if let Some(h) = new_hash {
        am.password_hash = Set(h);
    }
    if user.mfa_enabled() {
        am.update(&tx).await?;
        let event = AuditEvent::success(AuditAction::AuthLogin)
            .user(user.id, &user.email)
            .details(&LoginDetails { rehashed: needs_rehash, mfa: Some("pending".into()) });
        audit::record(&tx, now, client, event).await?;
        let jti = challenges::open(&tx, user.id, now).await?;
        tx.commit().await?;
        let body = AuthResponse {
            mfa_required: true,
            mfa_token: Some(state.tokens.issue_mfa(user.id, jti, now)?),
            access_token: None,
            refresh_token: None,
            token_type: None,
            expires_in: None,
            user: None,
        };
        return Ok(IssuedTokens { body, refresh_token: None });
    }
    am.last_login_at = Set(Some(now));
    let user = am.update(&tx).await?;
    recovery::notify_new_device(&tx, &user, client, now).await?;
    let issued = sessions::open_session(&tx, state, &user, client, now).await?;
    let event = AuditEvent::success(AuditAction::AuthLogin)
        .user(user.id, &user.email)
        .details(&LoginDetails { rehashed: needs_rehash, mfa: None });
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(issued)
}

/// Completes a sign-in with an authenticator code or a recovery code. Attempts are throttled
/// per account and per IP; an accepted code or recovery code never works again.
///
/// Errors: `InvalidToken` (bad or expired MFA token), `RateLimited`, `InvalidMfaCode`,
/// `AccountDisabled`, `Validation` (neither code given).
#[tracing::instrument(skip_all)]
pub async fn complete_mfa(state: &AppState, req: MfaVerifyRequest, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    let (user_id, jti) = state.tokens.verify_mfa(&req.mfa_token, state.now())?;
    let code = req.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let recovery = req.recovery_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if code.is_none() && recovery.is_none() {
        return Err(ApiError::field(
            "code",
            "required",
            "Enter the code from your authenticator app or a recovery code.",
        ));
    }
    let keys = throttle::keys("mfa", &user_id.to_string(), client.network().as_deref());
    let reservation = state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let user = user::Entity::find_by_id(user_id).one(&state.db).await?.ok_or(ApiError::InvalidToken)?;
    let now = state.now();
    if reservation.locked_account {
        let event = AuditEvent::failure(AuditAction::AuthLockout)
            .user(user.id, &user.email)
            .details(&LockoutDetails { kind: "mfa".into() });
        audit::record(&state.db, now, client, event).await?;
    }
    if user.status() != UserStatus::Active {
        return Err(ApiError::AccountDisabled);
    }
    if !user.mfa_enabled() {
        return Err(ApiError::InvalidToken);
    }
    let tx = state.begin_write().await?;
    let (accepted, method) = match (code, recovery) {
        (Some(c), _) => (mfa::check_code(&tx, &state.secrets, &user, c, now).await?, MfaMethod::Totp),
        (None, Some(r)) => {
            (mfa::use_recovery_code(&tx, &state.secrets, user.id, r, now).await?, MfaMethod::RecoveryCode)
        }
        (None, None) => return Err(ApiError::field("code", "required", "Enter a code.")),
    };
    if !accepted {
        drop(tx);
        let event = AuditEvent::failure(AuditAction::AuthMfaVerify)
            .user(user.id, &user.email)
            .details(&MfaVerifyDetails { method });
        audit::record(&state.db, now, client, event).await?;
        return Err(ApiError::InvalidMfaCode);
    }
    // The token works once: a second sign-in with it fails, and nothing of this one is kept.
    if !challenges::use_up(&tx, jti, user.id, now).await? {
        return Err(ApiError::InvalidToken);
    }
    state.throttle.succeeded(&tx, &keys, now).await?;
    let mut am: user::ActiveModel = user.clone().into();
    am.last_login_at = Set(Some(now));
    let user = am.update(&tx).await?;
    recovery::notify_new_device(&tx, &user, client, now).await?;
    let issued = sessions::open_session(&tx, state, &user, client, now).await?;
    let event = AuditEvent::success(AuditAction::AuthMfaVerify)
        .user(user.id, &user.email)
        .details(&MfaVerifyDetails { method });
    audit::record(&tx, now, client, event).await?;
    if method == MfaMethod::RecoveryCode {
        let remaining = recovery_code::Entity::find()
            .filter(recovery_code::Column::UserId.eq(user.id))
            .filter(recovery_code::Column::UsedAt.is_null())
            .count(&tx)
            .await?;
        let event = AuditEvent::success(AuditAction::MfaRecoveryCodeUsed)
            .user(user.id, &user.email)
            .target("user", user.id)
            .details(&RecoveryCodeUsed { remaining });
        audit::record(&tx, now, client, event).await?;
    }
    tx.commit().await?;
    Ok(issued)
}

/// Signs out: ends the session of a valid access token, or else of a known refresh token, and
/// audits it.
///
/// Errors: `Unauthenticated` (neither names a live session).
#[tracing::instrument(skip_all)]
pub async fn logout(
    state: &AppState,
    access: Option<&str>,
    refresh: Option<&str>,
    client: &ClientInfo,
) -> ApiResult<()> {
    let via_access = match access {
        Some(t) => sessions::authenticate(state, t).await.ok().map(|p| (p.session_id, p.user)),
        None => None,
    };
    let target = match (via_access, refresh) {
        (Some(found), _) => Some(found),
        (None, Some(rt)) => match sessions::session_of_refresh_token(&state.db, rt).await? {
            Some(s) if s.revoked_at.is_none() => {
                user::Entity::find_by_id(s.user_id).one(&state.db).await?.map(|u| (s.id, u))
            }
            _ => None,
        },
        (None, None) => None,
    };
    let Some((session_id, user)) = target else {
        return Err(ApiError::Unauthenticated);
    };
    let now = state.now();
    let tx = state.begin_write().await?;
    sessions::revoke(&tx, session_id, sessions::reason::LOGOUT, now).await?;
    let event = AuditEvent::success(AuditAction::AuthLogout).user(user.id, &user.email).target("session", session_id);
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(())
}
