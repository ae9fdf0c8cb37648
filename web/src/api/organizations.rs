//! Organizations: the active one (`/api/dashboard/organization`) and the operator's list
//! (`/api/admin/organizations`).

use gloo_net::http::Method;
use shared::dto::common::Page;
use shared::dto::organizations::{
    AdminOrganization, OrgStatus, Organization, OrganizationSort, OrganizationsFilter, SuspendOrganizationRequest,
    UpdateOrganizationRequest,
};
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, enc, paged};
use crate::state::session::Session;

/// `GET /api/dashboard/organization`: the active organization.
pub fn organization() -> Get<Organization> {
    Get::new("/api/dashboard/organization".to_owned())
}

/// `GET /api/admin/organizations`: one page in `sort` order.
pub fn admin_organizations(
    filter: &OrganizationsFilter,
    sort: OrganizationSort,
    cursor: Option<&str>,
) -> Get<Page<AdminOrganization>> {
    let params =
        [("q", filter.q.as_deref()), ("status", filter.status.map(OrgStatus::as_str)), ("sort", Some(sort.as_str()))];
    Get::new(paged("/api/admin/organizations", PAGE_SIZE, &params, cursor))
}

/// `GET /api/admin/organizations/{id}` (`id` as typed in the address).
pub fn admin_organization(id: &str) -> Get<AdminOrganization> {
    Get::new(format!("/api/admin/organizations/{}", enc(id)))
}

impl Session {
    /// `PATCH /api/dashboard/organization`.
    pub async fn update_organization(&self, body: &UpdateOrganizationRequest) -> ApiResult<Organization> {
        self.call(Method::PATCH, "/api/dashboard/organization", Some(body)).await
    }

    /// `POST /api/admin/organizations/{id}/suspend`, or `…/reactivate` when `suspend` is false.
    pub async fn set_organization_suspended(
        &self,
        id: Uuid,
        suspend: bool,
        body: &SuspendOrganizationRequest,
    ) -> ApiResult<AdminOrganization> {
        let action = if suspend { "suspend" } else { "reactivate" };
        self.call(Method::POST, &format!("/api/admin/organizations/{id}/{action}"), Some(body)).await
    }
}
