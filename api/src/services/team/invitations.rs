//! Invitations to join an organization (OWNERs invite by email): create, list the pending ones,
//! resend with a new link and expiry, revoke; preview and accept with the emailed token.
//!
//! The token is minted when the email is sent (see [`super::notices`]), and only its hash is
//! stored: each email replaces the previous link. Expiry is 7 days from the last send, computed
//! from the injected clock.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use shared::audit::{AuditAction, InvitationDetails};
use shared::dto::auth::Membership;
use shared::dto::common::Page;
use shared::dto::team::{
    AcceptInvitationRequest, CreateInvitationRequest, Invitation, InvitationPreview, InvitationStatus, InviteeRole,
};
use shared::events::DomainEventType;
use shared::validation::{DisplayName, EmailAddress};
use shared::{FieldError, OrgRole, Role, effective_permissions};
use uuid::Uuid;

use crate::context::{Caller, ClientInfo, OrgContext};
use crate::db::Tx;
use crate::entities::auth::user;
use crate::entities::organizations::organization;
use crate::entities::team::{invitation, membership};
use crate::error::{ApiError, ApiResult};
use crate::list::{ListParams, SortKey, keyset};
use crate::notices::Notice;
use crate::services::auth::sessions::{self, IssuedTokens};
use crate::services::auth::{requirements, users};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::events::{DomainEvent, emit};
use crate::services::platform::notify::{Recipient, notify};
use crate::services::platform::password::check_new_password;
use crate::services::platform::tenant::find_in_org;
use crate::services::platform::throttle;
use crate::services::platform::tokens::hash_token;
use crate::services::team::members;
use crate::services::team::notices::InvitationEmail;
use crate::state::AppState;

/// How long an invitation's link works after it was sent.
pub const INVITATION_TTL: Duration = Duration::days(7);

/// The stored states (expiry is computed).
const PENDING: &str = "pending";
const ACCEPTED: &str = "accepted";
const REVOKED: &str = "revoked";

/// A new link token (256 random bits, base64url).
pub fn new_token() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    format!("inv_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw))
}

/// The names of the inviters of some invitations, by user id.
async fn inviter_names(
    db: &impl ConnectionTrait,
    rows: &[invitation::Model],
) -> ApiResult<std::collections::HashMap<Uuid, String>> {
    let mut ids: Vec<Uuid> = rows.iter().filter_map(|r| r.invited_by).collect();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let users = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    Ok(users.into_iter().map(|u| (u.id, u.name)).collect())
}

fn to_dto(m: &invitation::Model, inviter: Option<&String>, now: DateTime<Utc>) -> Invitation {
    Invitation {
        id: m.id,
        email: m.email.clone(),
        org_role: m.org_role(),
        role: m.invitee_role(),
        status: m.status_at(now),
        invited_by: m.invited_by,
        invited_by_name: inviter.cloned(),
        created_at: m.created_at,
        expires_at: m.expires_at,
        accepted_at: m.accepted_at,
        revoked_at: m.revoked_at,
    }
}

async fn one_dto(db: &impl ConnectionTrait, m: &invitation::Model, now: DateTime<Utc>) -> ApiResult<Invitation> {
    let names = inviter_names(db, std::slice::from_ref(m)).await?;
    Ok(to_dto(m, m.invited_by.and_then(|id| names.get(&id)), now))
}

fn details(m: &invitation::Model) -> InvitationDetails {
    InvitationDetails {
        email: m.email.clone(),
        org_role: m.org_role(),
        role: m.invitee_role().role(),
        expires_at: m.expires_at,
    }
}

/// Queues the invitation email (its link's token is minted when it is sent).
async fn send(tx: &Tx, now: DateTime<Utc>, m: &invitation::Model) -> ApiResult<()> {
    let notice = Notice::Invitation(InvitationEmail { invitation_id: m.id });
    notify(tx, now, Recipient::Address(m.email.clone()), notice).await
}

/// Refuses an OWNER role for a VENDOR.
fn owner_not_vendor(org_role: OrgRole, role: Role) -> ApiResult<()> {
    if org_role == OrgRole::Owner && role == Role::Vendor { Err(ApiError::OwnerCannotBeVendor) } else { Ok(()) }
}

/// Invites someone to the active organization by email. A person who has an account keeps
/// their platform role (so a VENDOR user cannot be invited as OWNER); an expired invitation for
/// the same address is renewed with the new roles.
///
/// Errors: `EmailUnverified` (the inviter's address is not confirmed), `Validation` (email),
/// `AlreadyMember`, `InvitationPending`, `OwnerCannotBeVendor`.
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn create(
    tx: &Tx,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    req: CreateInvitationRequest,
) -> ApiResult<Invitation> {
    requirements::confirmed_email(ctx.actor())?;
    let email = EmailAddress::parse("email", &req.email).map_err(|e| ApiError::Validation(vec![e]))?.into_inner();
    let existing = user::Entity::find().filter(user::Column::Email.eq(&email)).one(tx).await?;
    match &existing {
        Some(u) => {
            let member = find_in_org::<membership::Entity>(ctx.org_id())
                .filter(membership::Column::UserId.eq(u.id))
                .one(tx)
                .await?;
            if member.is_some() {
                return Err(ApiError::AlreadyMember);
            }
            owner_not_vendor(req.org_role, u.role())?;
        }
        None => owner_not_vendor(req.org_role, req.role.role())?,
    }
    let open = find_in_org::<invitation::Entity>(ctx.org_id())
        .filter(invitation::Column::Email.eq(&email))
        .filter(invitation::Column::Status.eq(PENDING))
        .all(tx)
        .await?;
    if open.iter().any(|i| i.expires_at > now) {
        return Err(ApiError::InvitationPending);
    }
    let role = existing
        .as_ref()
        .map_or(req.role, |u| if u.role() == Role::Vendor { InviteeRole::Vendor } else { InviteeRole::Client });
    let saved = match open.into_iter().next() {
        Some(stale) => {
            let mut am: invitation::ActiveModel = stale.into();
            am.org_role = Set(req.org_role.as_str().to_owned());
            am.role = Set(role.role().as_str().to_owned());
            am.invited_by = Set(Some(ctx.actor().user_id()));
            am.token_hash = Set(None);
            am.expires_at = Set(now + INVITATION_TTL);
            am.updated_at = Set(now);
            am.update(tx).await?
        }
        None => {
            invitation::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(ctx.org_id()),
                email: Set(email),
                org_role: Set(req.org_role.as_str().to_owned()),
                role: Set(role.role().as_str().to_owned()),
                token_hash: Set(None),
                invited_by: Set(Some(ctx.actor().user_id())),
                status: Set(PENDING.to_owned()),
                expires_at: Set(now + INVITATION_TTL),
                accepted_at: Set(None),
                accepted_by: Set(None),
                revoked_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(tx)
            .await?
        }
    };
    let event = AuditEvent::success(AuditAction::InvitationCreate)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("invitation", saved.id)
        .details(&details(&saved));
    audit::record(tx, now, ctx.client(), event).await?;
    send(tx, now, &saved).await?;
    one_dto(tx, &saved, now).await
}

/// The active organization's open invitations (pending, or expired and not yet renewed), newest
/// first.
///
/// Errors: `Validation` (cursor).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    params: &ListParams,
) -> ApiResult<Page<Invitation>> {
    let open = || find_in_org::<invitation::Entity>(ctx.org_id()).filter(invitation::Column::Status.eq(PENDING));
    let rows = keyset::page_query(
        open(),
        SortKey::by_id(true),
        invitation::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    let names = inviter_names(db, &rows).await?;
    let total = if params.with_total { Some(open().count(db).await?) } else { None };
    Ok(params.finish(rows, |r| (None, r.id), |r| to_dto(&r, r.invited_by.and_then(|id| names.get(&id)), now), total))
}

/// An open invitation of the active organization (pending or expired).
async fn find_open(db: &impl ConnectionTrait, ctx: &OrgContext, id: Uuid) -> ApiResult<invitation::Model> {
    find_in_org::<invitation::Entity>(ctx.org_id())
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::Status.eq(PENDING))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)
}

/// Sends an open invitation again: a new link (the old one stops working) and 7 more days.
///
/// Errors: `EmailUnverified`, `NotFound` (unknown, accepted, revoked, or another organization's).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id(), invitation = %id))]
pub async fn resend(tx: &Tx, ctx: &OrgContext, now: DateTime<Utc>, id: Uuid) -> ApiResult<Invitation> {
    requirements::confirmed_email(ctx.actor())?;
    let found = find_open(tx, ctx, id).await?;
    let mut am: invitation::ActiveModel = found.into();
    am.token_hash = Set(None);
    am.expires_at = Set(now + INVITATION_TTL);
    am.updated_at = Set(now);
    let saved = am.update(tx).await?;
    let event = AuditEvent::success(AuditAction::InvitationResend)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("invitation", saved.id)
        .details(&details(&saved));
    audit::record(tx, now, ctx.client(), event).await?;
    send(tx, now, &saved).await?;
    one_dto(tx, &saved, now).await
}

/// Withdraws an open invitation: its link stops working at once (its hash stays, so the link
/// answers `invitation_revoked` rather than `invitation_invalid`).
///
/// Errors: `NotFound` (unknown, accepted, revoked, or another organization's).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id(), invitation = %id))]
pub async fn revoke(tx: &Tx, ctx: &OrgContext, now: DateTime<Utc>, id: Uuid) -> ApiResult<()> {
    let found = find_open(tx, ctx, id).await?;
    invitation::Entity::update_many()
        .col_expr(invitation::Column::Status, Expr::value(REVOKED))
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .col_expr(invitation::Column::UpdatedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(found.id))
        .exec(tx)
        .await?;
    let event = AuditEvent::success(AuditAction::InvitationRevoke)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("invitation", found.id)
        .details(&details(&found));
    audit::record(tx, now, ctx.client(), event).await?;
    Ok(())
}

/// Mints the link token of an invitation about to be emailed, replacing the previous link:
/// `None` when the invitation is no longer open or has expired (nothing is sent then).
pub async fn mint_link(state: &AppState, id: Uuid) -> ApiResult<Option<(invitation::Model, String)>> {
    let now = state.now();
    let tx = state.begin_write().await?;
    let Some(found) = invitation::Entity::find_by_id(id).one(&tx).await? else { return Ok(None) };
    if found.status_at(now) != InvitationStatus::Pending {
        return Ok(None);
    }
    let token = new_token();
    invitation::Entity::update_many()
        .col_expr(invitation::Column::TokenHash, Expr::value(hash_token(&token)))
        .filter(invitation::Column::Id.eq(found.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(Some((found, token)))
}

/// The throttle keys of the anonymous token routes: per client address, as password-reset
/// tokens are.
fn token_keys(client: &ClientInfo) -> Vec<throttle::Key> {
    throttle::keys("invitation-token", "any", client.network().as_deref()).split_off(1)
}

/// The invitation a token names, in a state that can still be accepted.
///
/// Errors: `InvitationInvalid`, `InvitationUsed`, `InvitationRevoked`, `InvitationExpired`.
async fn by_token(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> ApiResult<invitation::Model> {
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Err(ApiError::InvitationInvalid);
    }
    let found = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await?
        .ok_or(ApiError::InvitationInvalid)?;
    match found.status_at(now) {
        InvitationStatus::Pending => Ok(found),
        InvitationStatus::Accepted => Err(ApiError::InvitationUsed),
        InvitationStatus::Revoked => Err(ApiError::InvitationRevoked),
        InvitationStatus::Expired => Err(ApiError::InvitationExpired),
    }
}

/// What an invitation link offers (no sign-in needed; the token is the secret). Throttled per
/// address.
///
/// Errors: `RateLimited`, and those of a token that cannot be accepted.
#[tracing::instrument(skip_all)]
pub async fn preview(state: &AppState, token: &str, client: &ClientInfo) -> ApiResult<InvitationPreview> {
    let keys = token_keys(client);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let now = state.now();
    let found = by_token(&state.db, token, now).await?;
    let org =
        organization::Entity::find_by_id(found.org_id).one(&state.db).await?.ok_or(ApiError::InvitationInvalid)?;
    let account = user::Entity::find().filter(user::Column::Email.eq(&found.email)).one(&state.db).await?;
    let inviter = match found.invited_by {
        Some(id) => user::Entity::find_by_id(id).one(&state.db).await?.map(|u| u.name),
        None => None,
    };
    state.throttle.succeeded(&state.db, &keys, now).await?;
    Ok(InvitationPreview {
        organization_name: org.name,
        email: found.email.clone(),
        org_role: found.org_role(),
        role: found.invitee_role(),
        invited_by_name: inviter,
        account_exists: account.is_some(),
        expires_at: found.expires_at,
    })
}

/// What accepting an invitation did.
#[derive(Debug)]
pub enum Accepted {
    /// A signed-in user joined the organization.
    Joined(Membership),
    /// A new account was made and signed in.
    Registered(IssuedTokens),
}

/// Accepts an invitation: a signed-in user with the invited address joins; a person without an
/// account gets one (name and password required, the address counts as confirmed) and is
/// signed in. Throttled per address.
///
/// Errors: `RateLimited`; `InvitationInvalid`, `InvitationUsed`, `InvitationRevoked`,
/// `InvitationExpired`; `InvitationEmailMismatch` (signed in as someone else),
/// `InvitationSignInRequired` (the address has an account but nobody is signed in),
/// `AlreadyMember`, `OwnerCannotBeVendor`, `Validation` (name, password).
#[tracing::instrument(skip_all)]
pub async fn accept(
    state: &AppState,
    req: AcceptInvitationRequest,
    caller: Option<Caller>,
    client: &ClientInfo,
) -> ApiResult<Accepted> {
    let keys = token_keys(client);
    state.throttle.reserve(&state.db, &keys, state.now()).await?;
    let found = by_token(&state.db, &req.token, state.now()).await?;
    let account = user::Entity::find().filter(user::Column::Email.eq(&found.email)).one(&state.db).await?;
    match (caller, account) {
        (Some(caller), _) if !caller.user().email.eq_ignore_ascii_case(&found.email) => {
            Err(ApiError::InvitationEmailMismatch)
        }
        (Some(caller), _) => {
            let user = caller.user().clone();
            owner_not_vendor(found.org_role(), user.role())?;
            let now = state.now();
            let tx = state.begin_write().await?;
            let membership = join(&tx, &found, &user, client, now).await?;
            if user.email_verified_at.is_none() {
                // The emailed link proves the address as a confirmation link would.
                let mut am: user::ActiveModel = user.clone().into();
                am.email_verified_at = Set(Some(now));
                am.update(&tx).await?;
            }
            state.throttle.succeeded(&tx, &keys, now).await?;
            tx.commit().await?;
            Ok(Accepted::Joined(membership))
        }
        (None, Some(_)) => Err(ApiError::InvitationSignInRequired),
        (None, None) => {
            let mut errors: Vec<FieldError> = Vec::new();
            let name = match req.name.as_deref() {
                Some(n) => DisplayName::parse("name", n).map_err(|e| errors.push(e)).ok(),
                None => {
                    errors.push(FieldError::new("name", "required", "Enter your name."));
                    None
                }
            };
            match req.password.as_deref() {
                Some(p) => {
                    let context = [found.email.as_str(), req.name.as_deref().unwrap_or("").trim()];
                    if let Err(e) = check_new_password("password", p, &context) {
                        errors.push(e);
                    }
                }
                None => errors.push(FieldError::new("password", "required", "Choose a password.")),
            }
            let (Some(name), Some(password), true) = (name, req.password.as_deref(), errors.is_empty()) else {
                return Err(ApiError::Validation(errors));
            };
            owner_not_vendor(found.org_role(), found.invitee_role().role())?;
            let hash = state.passwords.hash(password).await?;
            let now = state.now();
            let tx = state.begin_write().await?;
            let role = found.invitee_role().role();
            let user = users::insert_user(&tx, &found.email, name.as_str(), hash, role, users::Address::Confirmed, now)
                .await?;
            sessions::touch_login(&tx, &user, now).await?;
            let user = user::Entity::find_by_id(user.id).one(&tx).await?.ok_or(ApiError::NotFound)?;
            join(&tx, &found, &user, client, now).await?;
            let issued = sessions::open_session(&tx, state, &user, client, now).await?;
            state.throttle.succeeded(&tx, &keys, now).await?;
            tx.commit().await?;
            Ok(Accepted::Registered(issued))
        }
    }
}

/// Adds the invitee's membership and marks the invitation accepted (once: a second accept of
/// the same invitation loses the race and answers `InvitationUsed`); audited, with
/// `member.added` and `invitation.accepted` emitted.
async fn join(
    tx: &Tx,
    found: &invitation::Model,
    user: &user::Model,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> ApiResult<Membership> {
    let member =
        find_in_org::<membership::Entity>(found.org_id).filter(membership::Column::UserId.eq(user.id)).one(tx).await?;
    if member.is_some() {
        return Err(ApiError::AlreadyMember);
    }
    let marked = invitation::Entity::update_many()
        .col_expr(invitation::Column::Status, Expr::value(ACCEPTED))
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .col_expr(invitation::Column::AcceptedBy, Expr::value(user.id))
        .col_expr(invitation::Column::UpdatedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(found.id))
        .filter(invitation::Column::Status.eq(PENDING))
        .exec(tx)
        .await?;
    if marked.rows_affected != 1 {
        return Err(ApiError::InvitationUsed);
    }
    let org_role = found.org_role();
    let m = members::insert_membership(tx, found.org_id, user.id, org_role, now).await?;
    let org = organization::Entity::find_by_id(found.org_id).one(tx).await?.ok_or(ApiError::NotFound)?;
    let event = AuditEvent::success(AuditAction::InvitationAccept)
        .user(user.id, &user.email)
        .org(found.org_id)
        .target("invitation", found.id)
        .details(&details(found));
    audit::record(tx, now, client, event).await?;
    let member_dto = members::to_member(&m, user);
    emit(
        tx,
        now,
        DomainEvent {
            event_type: DomainEventType::MemberAdded,
            org_id: found.org_id,
            subject_id: user.id,
            data: &member_dto,
        },
    )
    .await?;
    let accepted = invitation::Entity::find_by_id(found.id).one(tx).await?.ok_or(ApiError::NotFound)?;
    let invitation_dto = one_dto(tx, &accepted, now).await?;
    emit(
        tx,
        now,
        DomainEvent {
            event_type: DomainEventType::InvitationAccepted,
            org_id: found.org_id,
            subject_id: found.id,
            data: &invitation_dto,
        },
    )
    .await?;
    Ok(Membership {
        organization: org.summary(),
        org_role,
        permissions: effective_permissions(user.role(), Some(org_role)),
    })
}
