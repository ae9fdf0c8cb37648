//! The members of an organization, its invitations, and accepting an invitation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::role::{OrgRole, Role};

/// A member of an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The member's user id.
    pub user_id: Uuid,
    /// The member's name.
    pub name: String,
    /// The member's email address.
    pub email: String,
    /// The member's role in the organization.
    pub org_role: OrgRole,
    /// The member's platform role.
    pub role: Role,
    /// When they joined the organization.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub joined_at: DateTime<Utc>,
}

/// `PATCH /api/dashboard/members/{user_id}`: the member's new role in the organization.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberRequest {
    /// The new role (`OWNER` is refused for a VENDOR user; the last OWNER cannot be demoted).
    pub org_role: OrgRole,
}

/// `POST /api/dashboard/members/transfer-ownership`: the member who becomes OWNER (the caller
/// becomes MEMBER).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransferOwnershipRequest {
    /// The member's user id.
    pub user_id: Uuid,
}

crate::string_enum! {
    /// The platform role an invitation gives a person who has no account yet (a person who has
    /// one keeps theirs).
    #[derive(Default)]
    pub enum InviteeRole {
        /// A customer's user (the default).
        #[default]
        Client = "CLIENT",
        /// An outside vendor: a reduced portal, never an OWNER.
        Vendor = "VENDOR",
    }
}

impl InviteeRole {
    /// The platform role it stands for.
    pub fn role(self) -> Role {
        match self {
            InviteeRole::Client => Role::Client,
            InviteeRole::Vendor => Role::Vendor,
        }
    }
}

crate::string_enum! {
    /// Where an invitation stands. `expired` is computed: a pending invitation past its
    /// `expires_at`.
    pub enum InvitationStatus {
        /// Sent and not yet answered.
        Pending = "pending",
        /// The invitee joined.
        Accepted = "accepted",
        /// An OWNER withdrew it.
        Revoked = "revoked",
        /// Not accepted within its 7 days (a resend gives it 7 more).
        Expired = "expired",
    }
}

/// An invitation to join the organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    /// Invitation id.
    pub id: Uuid,
    /// The invitee's email address.
    pub email: String,
    /// The role they get in the organization.
    pub org_role: OrgRole,
    /// The platform role they get if they have no account yet.
    pub role: InviteeRole,
    /// Where it stands.
    pub status: InvitationStatus,
    /// Who sent it, while their account exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_by: Option<Uuid>,
    /// Their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_by_name: Option<String>,
    /// When it was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When the link stops working (7 days after it was last sent).
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub expires_at: DateTime<Utc>,
    /// When it was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub accepted_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `POST /api/dashboard/invitations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvitationRequest {
    /// The invitee's email address.
    pub email: String,
    /// The role they get in the organization.
    pub org_role: OrgRole,
    /// The platform role for a person without an account (default `CLIENT`; ignored for a
    /// person who has one). A VENDOR is never invited as OWNER.
    #[serde(default)]
    pub role: InviteeRole,
}

/// `GET /api/auth/invitations/preview?token=`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InvitationTokenQuery {
    /// The token from the invitation link.
    pub token: String,
}

/// What an invitation link offers, shown on the accept page before anyone signs in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    /// The organization's name.
    pub organization_name: String,
    /// The invited address.
    pub email: String,
    /// The role in the organization.
    pub org_role: OrgRole,
    /// The platform role a new account gets.
    pub role: InviteeRole,
    /// Who sent it, while their account exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_by_name: Option<String>,
    /// Whether an account has that address: then the invitee signs in and accepts; otherwise
    /// they choose a name and password.
    pub account_exists: bool,
    /// When the link stops working.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/auth/invitations/accept`: the token, and a name and password for a person who has
/// no account yet (the same password rules as registration).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    /// The token from the invitation link.
    pub token: String,
    /// The new account's name (new accounts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new account's password (new accounts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}
