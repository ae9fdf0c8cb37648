//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step), recovery codes, and the
//! replay guard: a time step accepted once is never accepted again for that user.

use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::audit::{AuditAction, MfaResetDetails};
use shared::dto::auth::MfaSetup;
use totp_rs::{Algorithm, Builder, Secret, Totp};
use uuid::Uuid;

use crate::context::{Caller, ClientInfo};
use crate::db::Tx;
use crate::entities::auth::{recovery_code, user};
use crate::error::{ApiError, ApiResult};
use crate::notices::Notice;
use crate::services::auth::notices::SecurityAlert;
use crate::services::auth::{challenges, sessions};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::notify::{Recipient, notify};
use crate::services::platform::password::Verified;
use crate::services::platform::secrets::Secrets;
use crate::services::platform::throttle;
use crate::services::platform::tokens::hash_token;
use crate::state::AppState;

/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "OMGsystems";
/// How many recovery codes a user gets.
pub const RECOVERY_CODES: usize = 10;
const STEP: i64 = 30;

/// The account label an authenticator app shows. The `otpauth://` label is `issuer:account`, so
/// the account part cannot hold a `:` (valid in an email's local part): it is shown as `_`.
fn account_label(email: &str) -> String {
    email.replace(':', "_")
}

fn totp(secret_b32: &str, email: &str) -> ApiResult<Totp> {
    let secret = Secret::try_from_base32(secret_b32).map_err(|e| anyhow::anyhow!("stored secret unreadable: {e:?}"))?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP as u64)
        .with_secret(secret)
        .with_account_name(account_label(email).as_str())
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("totp: {e:?}")))
}

/// The time step a code is valid for (now, or one step either side), if any.
pub fn matching_step(secret_b32: &str, email: &str, code: &str, now: DateTime<Utc>) -> ApiResult<Option<i64>> {
    let code = code.trim().replace(' ', "");
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let Ok(at) = u64::try_from(now.timestamp()) else { return Ok(None) };
    Ok(totp(secret_b32, email)?.check(&code, at).and_then(|step| i64::try_from(step).ok()))
}

/// Accepts a time step for a user once: false when it (or a later one) was already used.
async fn claim_step(db: &impl ConnectionTrait, user_id: Uuid, step: i64) -> ApiResult<bool> {
    let res = user::Entity::update_many()
        .col_expr(user::Column::MfaLastStep, Expr::value(step))
        .filter(user::Column::Id.eq(user_id))
        .filter(Condition::any().add(user::Column::MfaLastStep.is_null()).add(user::Column::MfaLastStep.lt(step)))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Checks a code for a user with MFA on and consumes its time step.
pub async fn check_code(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
    user: &user::Model,
    code: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let Some(stored) = user.mfa_secret.as_deref() else { return Ok(false) };
    let secret = secrets.open(stored)?;
    match matching_step(&secret, &user.email, code, now)? {
        Some(step) => claim_step(db, user.id, step).await,
        None => Ok(false),
    }
}

/// Uses up a recovery code; false when it is unknown or used. Codes are stored as keyed hashes;
/// codes made before that (plain SHA-256) are still accepted once, when they are used up.
pub async fn use_recovery_code(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
    user_id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let normalized = code.trim().to_lowercase().replace([' ', '-'], "");
    let forms = [secrets.mac(&normalized), hash_token(&normalized)];
    let res = recovery_code::Entity::update_many()
        .col_expr(recovery_code::Column::UsedAt, Expr::value(now))
        .filter(recovery_code::Column::UserId.eq(user_id))
        .filter(recovery_code::Column::CodeHash.is_in(forms))
        .filter(recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

fn new_recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut raw = [0u8; 10];
    rand::rng().fill_bytes(&mut raw);
    let s: String = raw.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    format!("{}-{}", &s[..5], &s[5..])
}

async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    secrets: &Secrets,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<Vec<String>> {
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(user_id)).exec(db).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| new_recovery_code()).collect();
    let rows = codes.iter().map(|c| recovery_code::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        code_hash: Set(secrets.mac(&c.replace('-', ""))),
        created_at: Set(now),
        used_at: Set(None),
    });
    recovery_code::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(codes)
}

/// The throttle keys of a signed-in user's second-factor checks (per account and per IP, like
/// sign-in): a stolen session cannot guess codes or the password without limit.
fn manage_keys(user: &user::Model, client: &ClientInfo) -> Vec<throttle::Key> {
    throttle::keys("mfa-manage", &user.id.to_string(), client.network().as_deref())
}

/// The one answer to a wrong password or a wrong code where both are asked for, so the answer
/// does not tell which was wrong.
fn bad_password_or_code() -> ApiError {
    ApiError::field("code", "invalid", "The password or the code is not correct.")
}

fn bad_code() -> ApiError {
    ApiError::field("code", "invalid", "The code is not valid. Check your authenticator app's clock and try again.")
}

/// Starts enrolment after the password is given again: a new secret, its `otpauth://` URI and QR
/// code. Not active until enabled.
///
/// Errors: `Conflict` when MFA is already on, `Validation` (wrong password), `RateLimited`.
#[tracing::instrument(skip_all)]
pub async fn setup(state: &AppState, caller: &Caller, password: &str) -> ApiResult<MfaSetup> {
    let (user, client) = (caller.user(), &caller.client);
    if user.mfa_enabled() {
        return Err(ApiError::Conflict("Two-factor authentication is already on; turn it off first.".into()));
    }
    let keys = manage_keys(user, client);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    if state.passwords.verify(password, &user.password_hash).await? == Verified::Mismatch {
        return Err(ApiError::field("password", "invalid", "The password is not correct."));
    }
    let secret = Secret::generate().to_base32();
    let uri = totp(&secret, &user.email)?.to_url().map_err(|e| anyhow::anyhow!("otpauth uri: {e:?}"))?;
    let qr = qrcode::QrCode::new(uri.as_bytes()).map_err(|e| anyhow::anyhow!("qr: {e}"))?;
    let svg = qr.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build();
    let mut am: user::ActiveModel = user.clone().into();
    am.mfa_secret = Set(Some(state.secrets.seal(&secret)?));
    am.mfa_enabled_at = Set(None);
    am.mfa_last_step = Set(None);
    let tx = state.begin_write().await?;
    state.throttle.succeeded(&tx, &keys, state.now()).await?;
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(MfaSetup {
        secret,
        otpauth_uri: uri,
        qr_code: format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg)),
    })
}

/// Turns MFA on with a code from the new secret; returns the recovery codes (shown once).
///
/// Errors: `Conflict` (already on, or no setup), `Validation` (wrong code).
#[tracing::instrument(skip_all)]
pub async fn enable(state: &AppState, caller: &Caller, code: &str) -> ApiResult<Vec<String>> {
    let (user, client) = (caller.user(), &caller.client);
    if user.mfa_enabled() {
        return Err(ApiError::Conflict("Two-factor authentication is already on.".into()));
    }
    let stored =
        user.mfa_secret.as_deref().ok_or_else(|| ApiError::Conflict("Start with POST /api/auth/mfa/setup.".into()))?;
    let secret = state.secrets.open(stored)?;
    let keys = manage_keys(user, client);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let now = state.now();
    let step = matching_step(&secret, &user.email, code, now)?.ok_or_else(bad_code)?;
    let tx = state.begin_write().await?;
    state.throttle.succeeded(&tx, &keys, now).await?;
    let mut am: user::ActiveModel = user.clone().into();
    am.mfa_enabled_at = Set(Some(now));
    am.mfa_last_step = Set(Some(step));
    am.update(&tx).await?;
    let codes = replace_recovery_codes(&tx, &state.secrets, user.id, now).await?;
    let keep = caller.person().map(|p| p.session_id);
    sessions::end_all(&tx, user.id, keep, sessions::reason::MFA_ENABLED, now).await?;
    let event = AuditEvent::success(AuditAction::MfaEnable).by(&caller.actor).target("user", user.id);
    record_change(&tx, client, event, user, "Two-factor authentication was turned on for your account.", now).await?;
    tx.commit().await?;
    Ok(codes)
}

/// New recovery codes for a user with MFA on (the old ones stop working).
///
/// Errors: `Conflict` (MFA off), `Validation` (wrong code).
#[tracing::instrument(skip_all)]
pub async fn regenerate(state: &AppState, caller: &Caller, code: &str) -> ApiResult<Vec<String>> {
    let (user, client) = (caller.user(), &caller.client);
    if !user.mfa_enabled() {
        return Err(ApiError::Conflict("Two-factor authentication is off.".into()));
    }
    let keys = manage_keys(user, client);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let now = state.now();
    let tx = state.begin_write().await?;
    if !check_code(&tx, &state.secrets, user, code, now).await? {
        return Err(bad_code());
    }
    state.throttle.succeeded(&tx, &keys, now).await?;
    let codes = replace_recovery_codes(&tx, &state.secrets, user.id, now).await?;
    let event = AuditEvent::success(AuditAction::MfaRecoveryCodesRegenerate).by(&caller.actor).target("user", user.id);
    let what = "New recovery codes were made for your account; the old ones no longer work.";
    record_change(&tx, client, event, user, what, now).await?;
    tx.commit().await?;
    Ok(codes)
}

/// Seals TOTP secrets still stored in clear (from before secrets were sealed); run at start-up.
/// Returns how many were sealed.
pub async fn seal_clear_secrets(db: &impl ConnectionTrait, secrets: &Secrets) -> ApiResult<u64> {
    let rows = user::Entity::find().filter(user::Column::MfaSecret.is_not_null()).all(db).await?;
    let mut n = 0;
    for u in rows {
        let Some(stored) = u.mfa_secret.as_deref().filter(|s| !Secrets::is_sealed(s)) else { continue };
        user::Entity::update_many()
            .col_expr(user::Column::MfaSecret, Expr::value(secrets.seal(stored)?))
            .filter(user::Column::Id.eq(u.id))
            .filter(user::Column::MfaSecret.eq(stored))
            .exec(db)
            .await?;
        n += 1;
    }
    Ok(n)
}

/// Audits a change to a user's second factor and tells them by email, in the caller's transaction.
async fn record_change(
    tx: &Tx,
    client: &ClientInfo,
    event: AuditEvent,
    user: &user::Model,
    what: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    audit::record(tx, now, client, event).await?;
    let alert = SecurityAlert::MfaChanged { what: what.to_owned() };
    notify(tx, now, Recipient::User(user.id), Notice::Security(alert)).await?;
    Ok(())
}

async fn clear(db: &impl ConnectionTrait, user: &user::Model) -> ApiResult<()> {
    let mut am: user::ActiveModel = user.clone().into();
    am.mfa_secret = Set(None);
    am.mfa_enabled_at = Set(None);
    am.mfa_last_step = Set(None);
    am.update(db).await?;
    recovery_code::Entity::delete_many().filter(recovery_code::Column::UserId.eq(user.id)).exec(db).await?;
    Ok(())
}

/// Turns MFA off; needs the password and a current code.
///
/// Errors: `Conflict` (MFA off), `Validation` (wrong password or code).
#[tracing::instrument(skip_all)]
pub async fn disable(state: &AppState, caller: &Caller, password: &str, code: &str) -> ApiResult<()> {
    let (user, client) = (caller.user(), &caller.client);
    if !user.mfa_enabled() {
        return Err(ApiError::Conflict("Two-factor authentication is off.".into()));
    }
    let keys = manage_keys(user, client);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let password_ok = state.passwords.verify(password, &user.password_hash).await? != Verified::Mismatch;
    let now = state.now();
    let tx = state.begin_write().await?;
    // Check the code even after a wrong password, so both answers take the same path.
    let code_ok = check_code(&tx, &state.secrets, user, code, now).await?;
    if !(password_ok && code_ok) {
        return Err(bad_password_or_code());
    }
    state.throttle.succeeded(&tx, &keys, now).await?;
    clear(&tx, user).await?;
    let event = AuditEvent::success(AuditAction::MfaDisable).by(&caller.actor).target("user", user.id);
    record_change(&tx, client, event, user, "Two-factor authentication was turned off for your account.", now).await?;
    tx.commit().await?;
    Ok(())
}

/// An ADMIN resets another user's MFA (they enrol again).
///
/// Errors: `NotFound`, `Conflict` (the caller's own account: that would skip the password and
/// code that turning it off asks for).
#[tracing::instrument(skip_all)]
pub async fn reset_by_admin(state: &AppState, caller: &Caller, target: Uuid) -> ApiResult<()> {
    if caller.user().id == target {
        return Err(ApiError::Conflict(
            "This is your own account: turn two-factor authentication off from your security settings.".into(),
        ));
    }
    let client = &caller.client;
    let now = state.now();
    let tx = state.begin_write().await?;
    let user = user::Entity::find_by_id(target).one(&tx).await?.ok_or(ApiError::NotFound)?;
    let was_on = user.mfa_enabled();
    clear(&tx, &user).await?;
    sessions::end_all(&tx, user.id, None, sessions::reason::MFA_RESET, now).await?;
    challenges::withdraw(&tx, user.id, now).await?;
    let event = AuditEvent::success(AuditAction::AdminUserMfaReset)
        .by(&caller.actor)
        .target("user", user.id)
        .details(&MfaResetDetails { email: user.email.clone(), was_enabled: was_on });
    let what =
        "An administrator reset two-factor authentication for your account; set it up again at your next sign-in.";
    record_change(&tx, client, event, &user, what, now).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vector() {
        // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits);
        // the 6-digit code is its last six digits.
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        let at = DateTime::<Utc>::from_timestamp(59, 0).unwrap_or_default();
        assert_eq!(matching_step(&secret, "a@b.c", "287082", at).ok().flatten(), Some(1));
        assert_eq!(matching_step(&secret, "a@b.c", "287083", at).ok().flatten(), None);
        assert_eq!(matching_step(&secret, "a@b.c", "12345", at).ok().flatten(), None);
    }

    #[test]
    fn every_valid_email_can_enrol() {
        let secret = Secret::generate().to_base32();
        assert!(totp(&secret, "odd:name@example.com").is_ok());
        assert!(totp(&secret, "plain@example.com").is_ok());
    }

    #[test]
    fn recovery_codes_look_right() {
        let c = new_recovery_code();
        assert_eq!(c.len(), 11);
        assert_eq!(&c[5..6], "-");
    }
}
