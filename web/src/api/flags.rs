//! `/api/admin/feature-flags`: the operator's feature flags, their overrides per organization.

use gloo_net::http::Method;
use shared::dto::common::Page;
use shared::dto::flags::{
    CreateFeatureFlagRequest, FeatureFlag, FeatureFlagDetail, FeatureFlagSort, FeatureFlagsFilter,
    SetFlagOverrideRequest, UpdateFeatureFlagRequest,
};
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, enc, paged};
use crate::state::session::Session;

/// `GET /api/admin/feature-flags`: one page in `sort` order.
pub fn flags(filter: &FeatureFlagsFilter, sort: FeatureFlagSort, cursor: Option<&str>) -> Get<Page<FeatureFlag>> {
    let archived = filter.archived.map(|a| if a { "true" } else { "false" });
    let params = [("q", filter.q.as_deref()), ("archived", archived), ("sort", Some(sort.as_str()))];
    Get::new(paged("/api/admin/feature-flags", PAGE_SIZE, &params, cursor))
}

/// `GET /api/admin/feature-flags/{id}` (`id` as typed in the address).
pub fn flag(id: &str) -> Get<FeatureFlagDetail> {
    Get::new(format!("/api/admin/feature-flags/{}", enc(id)))
}

impl Session {
    /// `POST /api/admin/feature-flags`.
    pub async fn create_flag(&self, body: &CreateFeatureFlagRequest) -> ApiResult<FeatureFlagDetail> {
        self.call(Method::POST, "/api/admin/feature-flags", Some(body)).await
    }

    /// `PATCH /api/admin/feature-flags/{id}`.
    pub async fn update_flag(&self, id: Uuid, body: &UpdateFeatureFlagRequest) -> ApiResult<FeatureFlagDetail> {
        self.call(Method::PATCH, &format!("/api/admin/feature-flags/{id}"), Some(body)).await
    }

    /// `POST /api/admin/feature-flags/{id}/archive`, or `…/unarchive` when `archive` is false.
    pub async fn set_flag_archived(&self, id: Uuid, archive: bool) -> ApiResult<FeatureFlagDetail> {
        let action = if archive { "archive" } else { "unarchive" };
        self.call(Method::POST, &format!("/api/admin/feature-flags/{id}/{action}"), None::<&()>).await
    }

    /// `PUT /api/admin/feature-flags/{id}/overrides/{org_id}`.
    pub async fn set_flag_override(&self, id: Uuid, org_id: Uuid, enabled: bool) -> ApiResult<FeatureFlagDetail> {
        let path = format!("/api/admin/feature-flags/{id}/overrides/{org_id}");
        self.call(Method::PUT, &path, Some(&SetFlagOverrideRequest { enabled })).await
    }

    /// `DELETE /api/admin/feature-flags/{id}/overrides/{org_id}`.
    pub async fn remove_flag_override(&self, id: Uuid, org_id: Uuid) -> ApiResult<()> {
        let path = format!("/api/admin/feature-flags/{id}/overrides/{org_id}");
        self.call_empty(Method::DELETE, &path, None::<&()>).await
    }
}
