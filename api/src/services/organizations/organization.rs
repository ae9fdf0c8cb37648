//! The client portal's view of the active organization and its settings.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use shared::audit::{AuditAction, Changes};
use shared::dto::organizations::{Organization, UpdateOrganizationRequest};
use shared::validation::DisplayName;

use crate::context::OrgContext;
use crate::entities::organizations::organization;
use crate::error::{ApiError, ApiResult};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::team::members;

/// The active organization.
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn get(db: &impl ConnectionTrait, ctx: &OrgContext) -> ApiResult<Organization> {
    Ok(ctx.org.to_dto(members::count(db, ctx.org_id()).await?))
}

/// An IANA time zone name as the organization stores it (`Europe/Paris`, `UTC`), checked
/// against chrono-tz's database (names match exactly, as IANA spells them).
///
/// Errors: `Validation` (`unknown_time_zone`).
pub fn parse_time_zone(raw: &str) -> ApiResult<String> {
    let name = raw.trim();
    match name.parse::<chrono_tz::Tz>() {
        Ok(tz) if name.len() <= 64 => Ok(tz.name().to_owned()),
        _ => Err(ApiError::field(
            "time_zone",
            "unknown_time_zone",
            "Choose an IANA time zone name such as Europe/Paris or UTC.",
        )),
    }
}

/// Changes the active organization's settings (OWNER only, checked by the caller's extractor)
/// and audits what changed.
///
/// Errors: `Validation` (name; requiring MFA without having it yourself; an unknown time zone).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn update(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    req: UpdateOrganizationRequest,
) -> ApiResult<Organization> {
    let name = req
        .name
        .as_deref()
        .map(|n| DisplayName::parse("name", n))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let time_zone = req.time_zone.as_deref().map(parse_time_zone).transpose()?;
    let current = organization::Entity::find_by_id(ctx.org_id()).one(db).await?.ok_or(ApiError::NotFound)?;
    let mut changes = Changes::default();
    let mut am: organization::ActiveModel = current.clone().into();
    if let Some(name) = name.filter(|n| n.as_str() != current.name) {
        changes.record("name", &current.name, name.as_str());
        am.name = Set(name.into_inner());
    }
    if let Some(required) = req.mfa_required.filter(|r| *r != current.mfa_required) {
        if required && !ctx.actor().user().mfa_enabled() {
            return Err(ApiError::field(
                "mfa_required",
                "own_mfa_off",
                "Turn on two-factor authentication for your own account before requiring it.",
            ));
        }
        changes.record("mfa_required", current.mfa_required, required);
        am.mfa_required = Set(required);
    }
    if let Some(zone) = time_zone.filter(|z| *z != current.time_zone) {
        changes.record("time_zone", &current.time_zone, &zone);
        am.time_zone = Set(zone);
    }
    let updated = if changes.is_empty() {
        current
    } else {
        am.updated_at = Set(now);
        let updated = am.update(db).await?;
        let event = AuditEvent::success(AuditAction::OrgUpdate)
            .by(ctx.actor())
            .org(ctx.org_id())
            .target("organization", ctx.org_id())
            .details(&changes);
        audit::record(db, now, ctx.client(), event).await?;
        updated
    };
    Ok(updated.to_dto(members::count(db, ctx.org_id()).await?))
}
