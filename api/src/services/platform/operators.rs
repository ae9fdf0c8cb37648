//! Who may use the admin API: operators holding the permission, and ADMINs only with a second
//! factor. Refusals are audited.

use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use shared::audit::{AccessDenied, AuditAction};
use shared::{Permission, Role, effective_permissions};

use super::audit::{self, AuditEvent};
use crate::context::Caller;
use crate::error::{ApiError, ApiResult};

/// Checks that the caller holds an admin permission.
///
/// Errors: `MfaEnrollmentRequired` (an ADMIN without a second factor), `Forbidden` (audited).
pub async fn require(
    db: &DatabaseConnection,
    caller: &Caller,
    permission: Permission,
    method: &str,
    path: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let user = caller.user();
    // An ADMIN account holds every customer's data: no admin API without a second factor.
    if user.role() == Role::Admin && !user.mfa_enabled() {
        return Err(ApiError::MfaEnrollmentRequired);
    }
    if effective_permissions(user.role(), None).contains(&permission) {
        return Ok(());
    }
    let details = AccessDenied { permission, method: method.to_owned(), path: path.to_owned() };
    let event = AuditEvent::failure(AuditAction::AdminAccessDenied).by(&caller.actor).details(&details);
    audit::record(db, now, &caller.client, event).await?;
    Err(ApiError::Forbidden)
}
