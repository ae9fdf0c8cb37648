//! Organizations: the active one (`/api/dashboard/organization`) and the operator's list
//! (`/api/admin/organizations`).

use gloo_net::http::Method;
use shared::dto::common::Page;
use shared::dto::organizations::{
    AdminOrganization, Organization, SuspendOrganizationRequest, UpdateOrganizationRequest,
};
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, enc, paged};
use crate::state::session::Session;

/// `GET /api/dashboard/organization`: the active organization.
pub fn organization() -> Get<Organization> {
    Get::new("/api/dashboard/organization".to_owned())
}

/// `GET /api/admin/organizations`: one page; `query` as `&name=value` pairs (sort, filters).
pub fn admin_organizations(query: &str, cursor: Option<&str>) -> Get<Page<AdminOrganization>> {
    Get::new(paged("/api/admin/organizations", PAGE_SIZE, query, cursor))
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
