//! Registration, sign-in, sign-out and the current user's profile.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use shared::dto::auth::{
    AuthResponse, LoginRequest, Me, Membership, MfaVerifyRequest, RegisterRequest, UpdateProfileRequest, User,
    UserStatus,
};
use shared::validation::{DisplayName, EmailAddress, FieldErrors};
use shared::{FieldError, OrgRole, Role, effective_permissions};
use uuid::Uuid;

use super::audit::{self, AuditEvent};
use super::password::{Verified, check_new_password};
use super::sessions::{self, IssuedTokens};
use super::{account, mfa, settings, throttle, users};
use crate::db::begin_write;
use crate::entities::{membership, organization, user};
use crate::error::{ApiError, ApiResult};
use crate::extract::client_info::ClientInfo;
use crate::state::AppState;

/// Registers a CLIENT user and their organization (they become its OWNER) and signs them in.
///
/// Errors: `SignupsDisabled`, `Validation`, `EmailTaken`.
pub async fn register(state: &AppState, req: RegisterRequest, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    if !settings::signups_enabled(&state.db).await? {
        audit::record(
            &state.db,
            state.now(),
            client,
            AuditEvent::failure("auth.register")
                .actor_email(&req.email)
                .details(serde_json::json!({"reason": "signups_disabled"})),
        )
        .await?;
        return Err(ApiError::SignupsDisabled);
    }
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
    let tx = begin_write(&state.db).await?;
    let user = users::insert_user(&tx, email.as_str(), name.as_str(), hash, Role::Client, now).await?;
    let org = users::insert_organization(&tx, org_name.as_str(), now).await?;
    users::insert_membership(&tx, org.id, user.id, OrgRole::Owner, now).await?;
    sessions::touch_login(&tx, &user, now).await?;
    let user = user::Entity::find_by_id(user.id).one(&tx).await?.ok_or(ApiError::NotFound)?;
    account::send_verification(state, &tx, &user, now).await?;
    let issued = sessions::open_session(&tx, state, &user, client, now).await?;
    let event =
        AuditEvent::success("auth.register").actor(user.id, &user.email).org(org.id).target("organization", org.id);
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(issued)
}

/// Signs in with email and password. An unknown email costs the same as a wrong password.
/// Attempts are throttled per account and per IP before any hashing. With MFA on, the answer
/// carries only an `mfa_token` for [`complete_mfa`].
///
/// Errors: `Validation` (empty fields), `RateLimited`, `InvalidCredentials`, `AccountDisabled`.
pub async fn login(state: &AppState, req: LoginRequest, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    let mut missing = Vec::new();
    if req.email.trim().is_empty() {
        missing.push(FieldError::new("email", "required", "Email address is required."));
    }
    if req.password.is_empty() {
        missing.push(FieldError::new("password", "required", "Password is required."));
    }
    if !missing.is_empty() {
        return Err(ApiError::Validation(missing));
    }
    let email = req.email.trim().to_lowercase();
    let keys = throttle::keys("login", &email, client.ip.as_deref());
    let reservation = match throttle::reserve(&state.db, &keys, state.now()).await {
        Ok(r) => r,
        Err(e @ ApiError::RateLimited { .. }) => {
            let event = AuditEvent::failure("auth.login")
                .actor_email(&email)
                .details(serde_json::json!({"reason": "rate_limited"}));
            audit::record(&state.db, state.now(), client, event).await?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    if reservation.locked_account {
        let event =
            AuditEvent::failure("auth.lockout").actor_email(&email).details(serde_json::json!({"kind": "login"}));
        audit::record(&state.db, state.now(), client, event).await?;
    }
    let found = user::Entity::find().filter(user::Column::Email.eq(&email)).one(&state.db).await?;
    let Some(user) = found else {
        state.passwords.verify_dummy(&req.password).await?;
        let event = AuditEvent::failure("auth.login")
            .actor_email(&email)
            .details(serde_json::json!({"reason": "unknown_email"}));
        audit::record(&state.db, state.now(), client, event).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let verified = state.passwords.verify(&req.password, &user.password_hash).await?;
    let now = state.now();
    let Verified::Match { needs_rehash } = verified else {
        let event = AuditEvent::failure("auth.login")
            .actor(user.id, &user.email)
            .details(serde_json::json!({"reason": "wrong_password"}));
        audit::record(&state.db, now, client, event).await?;
        return Err(ApiError::InvalidCredentials);
    };
    if user.status() != UserStatus::Active {
        let event = AuditEvent::failure("auth.login")
            .actor(user.id, &user.email)
            .details(serde_json::json!({"reason": "account_disabled"}));
        audit::record(&state.db, now, client, event).await?;
        return Err(ApiError::AccountDisabled);
    }
    let new_hash = if needs_rehash { Some(state.passwords.hash(&req.password).await?) } else { None };
    let tx = begin_write(&state.db).await?;
    throttle::succeeded(&tx, &keys, now).await?;
    let mut am: user::ActiveModel = user.clone().into();
    if let Some(h) = new_hash {
        am.password_hash = Set(h);
    }
    if user.mfa_enabled() {
        am.update(&tx).await?;
        let event = AuditEvent::success("auth.login")
            .actor(user.id, &user.email)
            .details(serde_json::json!({"rehashed": needs_rehash, "mfa": "pending"}));
        audit::record(&tx, now, client, event).await?;
        tx.commit().await?;
        let body = AuthResponse {
            mfa_required: true,
            mfa_token: Some(state.tokens.issue_mfa(user.id, now)?),
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
    account::notify_new_device(&tx, &user, client, now).await?;
    let issued = sessions::open_session(&tx, state, &user, client, now).await?;
    let event = AuditEvent::success("auth.login")
        .actor(user.id, &user.email)
        .details(serde_json::json!({"rehashed": needs_rehash}));
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    state.jobs.wake();
    Ok(issued)
}

/// Completes a sign-in with an authenticator code or a recovery code. Attempts are throttled
/// per account and per IP; an accepted code or recovery code never works again.
///
/// Errors: `InvalidToken` (bad or expired MFA token), `RateLimited`, `InvalidMfaCode`,
/// `AccountDisabled`, `Validation` (neither code given).
pub async fn complete_mfa(state: &AppState, req: MfaVerifyRequest, client: &ClientInfo) -> ApiResult<IssuedTokens> {
    let user_id = state.tokens.verify_mfa(&req.mfa_token, state.now())?;
    let code = req.code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let recovery = req.recovery_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if code.is_none() && recovery.is_none() {
        return Err(ApiError::field(
            "code",
            "required",
            "Enter the code from your authenticator app or a recovery code.",
        ));
    }
    let keys = throttle::keys("mfa", &user_id.to_string(), client.ip.as_deref());
    let reservation = throttle::reserve(&state.db, &keys, state.now()).await?;
    let user = user::Entity::find_by_id(user_id).one(&state.db).await?.ok_or(ApiError::InvalidToken)?;
    let now = state.now();
    if reservation.locked_account {
        let event =
            AuditEvent::failure("auth.lockout").actor(user.id, &user.email).details(serde_json::json!({"kind": "mfa"}));
        audit::record(&state.db, now, client, event).await?;
    }
    if user.status() != UserStatus::Active {
        return Err(ApiError::AccountDisabled);
    }
    if !user.mfa_enabled() {
        return Err(ApiError::InvalidToken);
    }
    let tx = begin_write(&state.db).await?;
    let (accepted, method) = match (code, recovery) {
        (Some(c), _) => (mfa::check_code(&tx, &user, c, now).await?, "totp"),
        (None, Some(r)) => (mfa::use_recovery_code(&tx, user.id, r, now).await?, "recovery_code"),
        (None, None) => (false, "none"),
    };
    if !accepted {
        drop(tx);
        let event = AuditEvent::failure("auth.mfa_verify")
            .actor(user.id, &user.email)
            .details(serde_json::json!({"method": method}));
        audit::record(&state.db, now, client, event).await?;
        return Err(ApiError::InvalidMfaCode);
    }
    throttle::succeeded(&tx, &keys, now).await?;
    let mut am: user::ActiveModel = user.clone().into();
    am.last_login_at = Set(Some(now));
    let user = am.update(&tx).await?;
    account::notify_new_device(&tx, &user, client, now).await?;
    let issued = sessions::open_session(&tx, state, &user, client, now).await?;
    let event = AuditEvent::success("auth.mfa_verify")
        .actor(user.id, &user.email)
        .details(serde_json::json!({"method": method}));
    audit::record(&tx, now, client, event).await?;
    if method == "recovery_code" {
        let remaining = crate::entities::recovery_code::Entity::find()
            .filter(crate::entities::recovery_code::Column::UserId.eq(user.id))
            .filter(crate::entities::recovery_code::Column::UsedAt.is_null())
            .count(&tx)
            .await?;
        let event = AuditEvent::success("mfa.recovery_code_used")
            .actor(user.id, &user.email)
            .target("user", user.id)
            .details(serde_json::json!({"remaining": remaining}));
        audit::record(&tx, now, client, event).await?;
    }
    tx.commit().await?;
    state.jobs.wake();
    Ok(issued)
}

/// Ends a session on sign-out and audits it.
pub async fn logout(
    state: &AppState,
    session_id: Uuid,
    user_id: Uuid,
    email: &str,
    client: &ClientInfo,
) -> ApiResult<()> {
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    sessions::revoke(&tx, session_id, sessions::reason::LOGOUT, now).await?;
    audit::record(
        &tx,
        now,
        client,
        AuditEvent::success("auth.logout").actor(user_id, email).target("session", session_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The user, their memberships (oldest first: the first is the default organization) and
/// their permissions.
pub async fn me(state: &AppState, user: &user::Model) -> ApiResult<Me> {
    let rows = membership::Entity::find()
        .find_also_related(organization::Entity)
        .filter(membership::Column::UserId.eq(user.id))
        .order_by_asc(membership::Column::CreatedAt)
        .order_by_asc(membership::Column::Id)
        .all(&state.db)
        .await?;
    let role = user.role();
    let memberships = rows
        .into_iter()
        .filter_map(|(m, org)| {
            let org = org?;
            let org_role = m.org_role();
            Some(Membership {
                organization: org.summary(),
                org_role,
                permissions: effective_permissions(role, Some(org_role)),
            })
        })
        .collect();
    Ok(Me { user: user.to_dto(), memberships, permissions: effective_permissions(role, None) })
}

/// Changes the user's own profile and audits it.
///
/// Errors: `Validation`.
pub async fn update_profile(
    state: &AppState,
    user: &user::Model,
    req: UpdateProfileRequest,
    client: &ClientInfo,
) -> ApiResult<User> {
    let name = req
        .name
        .as_deref()
        .map(|n| DisplayName::parse("name", n))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let Some(name) = name.filter(|n| n.as_str() != user.name) else {
        return Ok(user.to_dto());
    };
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    let mut am: user::ActiveModel = user.clone().into();
    am.name = Set(name.as_str().to_owned());
    am.updated_at = Set(now);
    let updated = am.update(&tx).await?;
    let event = AuditEvent::success("auth.profile_update")
        .actor(user.id, &user.email)
        .target("user", user.id)
        .details(serde_json::json!({ "name": { "from": user.name, "to": name.as_str() } }));
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(updated.to_dto())
}
