//! `/api/dashboard/members` and `/api/dashboard/invitations`: the active organization's members
//! and the invitations it sent; `/api/auth/invitations`: previewing and accepting one.

use gloo_net::http::Method;
use shared::OrgRole;
use shared::dto::auth::{AuthResponse, Membership};
use shared::dto::common::Page;
use shared::dto::team::{
    AcceptInvitationRequest, CreateInvitationRequest, Invitation, InvitationPreview, Member, TransferOwnershipRequest,
    UpdateMemberRequest,
};
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, enc, paged};
use crate::state::session::Session;

/// `GET /api/dashboard/members`: one page of members.
pub fn members(cursor: Option<&str>) -> Get<Page<Member>> {
    Get::new(paged("/api/dashboard/members", PAGE_SIZE, &[], cursor))
}

/// `GET /api/dashboard/invitations`: one page of the pending invitations.
pub fn invitations(cursor: Option<&str>) -> Get<Page<Invitation>> {
    Get::new(paged("/api/dashboard/invitations", PAGE_SIZE, &[], cursor))
}

/// `GET /api/auth/invitations/preview`: what an invitation link offers.
pub fn preview(token: &str) -> Get<InvitationPreview> {
    Get::new(format!("/api/auth/invitations/preview?token={}", enc(token)))
}

impl Session {
    /// `PATCH /api/dashboard/members/{user_id}`.
    pub async fn change_member_role(&self, user_id: Uuid, org_role: OrgRole) -> ApiResult<Member> {
        let body = UpdateMemberRequest { org_role };
        self.call(Method::PATCH, &format!("/api/dashboard/members/{user_id}"), Some(&body)).await
    }

    /// `DELETE /api/dashboard/members/{user_id}`.
    pub async fn remove_member(&self, user_id: Uuid) -> ApiResult<()> {
        self.call_empty(Method::DELETE, &format!("/api/dashboard/members/{user_id}"), None::<&()>).await
    }

    /// `POST /api/dashboard/members/leave`.
    pub async fn leave_organization(&self) -> ApiResult<()> {
        self.call_empty(Method::POST, "/api/dashboard/members/leave", None::<&()>).await
    }

    /// `POST /api/dashboard/members/transfer-ownership`.
    pub async fn transfer_ownership(&self, user_id: Uuid) -> ApiResult<()> {
        let body = TransferOwnershipRequest { user_id };
        self.call_empty(Method::POST, "/api/dashboard/members/transfer-ownership", Some(&body)).await
    }

    /// `POST /api/dashboard/invitations`.
    pub async fn invite(&self, body: &CreateInvitationRequest) -> ApiResult<Invitation> {
        self.call(Method::POST, "/api/dashboard/invitations", Some(body)).await
    }

    /// `POST /api/dashboard/invitations/{id}/resend`.
    pub async fn resend_invitation(&self, id: Uuid) -> ApiResult<Invitation> {
        self.call(Method::POST, &format!("/api/dashboard/invitations/{id}/resend"), None::<&()>).await
    }

    /// `DELETE /api/dashboard/invitations/{id}`.
    pub async fn revoke_invitation(&self, id: Uuid) -> ApiResult<()> {
        self.call_empty(Method::DELETE, &format!("/api/dashboard/invitations/{id}"), None::<&()>).await
    }

    /// `POST /api/auth/invitations/accept` signed in: the membership it adds.
    pub async fn accept_invitation(&self, token: String) -> ApiResult<Membership> {
        let body = AcceptInvitationRequest { token, ..Default::default() };
        self.call(Method::POST, "/api/auth/invitations/accept", Some(&body)).await
    }

    /// `POST /api/auth/invitations/accept` with a name and password: the new account, signed in.
    pub async fn accept_invitation_as_new(&self, body: &AcceptInvitationRequest) -> ApiResult<AuthResponse> {
        self.call(Method::POST, "/api/auth/invitations/accept", Some(body)).await
    }
}
