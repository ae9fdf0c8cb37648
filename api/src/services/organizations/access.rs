//! Who may act in which organization: a person's membership of the active organization, checked
//! once per request (with the session, in one query). An organization the caller does not
//! belong to answers `NotFound`.

use shared::dto::organizations::OrgStatus;
use shared::effective_permissions;
use uuid::Uuid;

use crate::context::{Actor, Caller, ClientInfo, OrgContext};
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::services::auth::sessions;
use crate::state::AppState;

/// The context of a signed-in person in the organization they asked for, or in their first
/// one: the token, session, user and membership checked in one query.
///
/// Errors: those of [`sessions::authenticate`]; `NotFound` (not a member), `OrgSuspended`,
/// `MfaEnrollmentRequired` (the organization requires a second factor the caller lacks).
pub async fn person_org_context(
    state: &AppState,
    token: &str,
    client: ClientInfo,
    requested: Option<Uuid>,
) -> ApiResult<OrgContext> {
    let (person, membership) = sessions::authenticate_in_org(state, token, requested).await?;
    let caller = Caller { actor: Actor::Person(person), client };
    let Some((m, org)) = membership else {
        return Err(ApiError::NotFound);
    };
    admit(caller, m, org)
}

/// Checks that the caller may act in the organization of their membership.
fn admit(caller: Caller, m: membership::Model, org: organization::Model) -> ApiResult<OrgContext> {
    if org.status() != OrgStatus::Active {
        return Err(ApiError::OrgSuspended);
    }
    if org.mfa_required && !caller.user().mfa_enabled() {
        return Err(ApiError::MfaEnrollmentRequired);
    }
    let org_role = m.org_role();
    let permissions = effective_permissions(caller.user().role(), Some(org_role));
    Ok(OrgContext { caller, org, org_role, permissions })
}
