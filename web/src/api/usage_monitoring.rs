//! `/api/admin/usage`: usage across organizations, one organization's series with its
//! anomalies, and the ingest keys issued to organizations.

use chrono::NaiveDate;
use gloo_net::http::Method;
use shared::dto::common::Page;
use shared::dto::metrics::Granularity;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::admin::{
    CreateIngestKeyRequest, CreatedIngestKey, IngestKey, OrganizationUsage, TopOrganizations, UsageTotals,
};
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, enc, paged, with_query};
use crate::state::session::Session;

/// `GET /api/admin/usage/totals`: every metric from `from` to `to`, or over the server's default
/// range (this month to date) when `range` is `None`.
pub fn totals(range: Option<(NaiveDate, NaiveDate)>) -> Get<UsageTotals> {
    let (from, to) = (range.map(|r| r.0.to_string()), range.map(|r| r.1.to_string()));
    Get::new(with_query("/api/admin/usage/totals", &[("from", from.as_deref()), ("to", to.as_deref())]))
}

/// `GET /api/admin/usage/top-organizations`: the organizations that reported most of `metric`
/// from `from` to `to` (the server's default number of them).
pub fn top_organizations(metric: UsageMetric, from: NaiveDate, to: NaiveDate) -> Get<TopOrganizations> {
    let (from, to) = (from.to_string(), to.to_string());
    let params = [("metric", Some(metric.as_str())), ("from", Some(from.as_str())), ("to", Some(to.as_str()))];
    Get::new(with_query("/api/admin/usage/top-organizations", &params))
}

/// `GET /api/admin/usage/organizations/{org_id}` (`org_id` as typed in the address): every metric
/// over the server's default range for `granularity` (the last 30 days, 12 weeks or 12 months).
pub fn organization(org_id: &str, granularity: Granularity) -> Get<OrganizationUsage> {
    let path = format!("/api/admin/usage/organizations/{}", enc(org_id));
    Get::new(with_query(&path, &[("granularity", Some(granularity.as_str()))]))
}

/// `GET /api/admin/usage/organizations/{org_id}/ingest-keys`: one page of keys, newest first.
pub fn ingest_keys(org_id: Uuid, cursor: Option<&str>) -> Get<Page<IngestKey>> {
    Get::new(paged(&format!("/api/admin/usage/organizations/{org_id}/ingest-keys"), PAGE_SIZE, &[], cursor))
}

impl Session {
    /// `POST /api/admin/usage/organizations/{org_id}/ingest-keys`: a new key, shown this once.
    pub async fn create_ingest_key(&self, org_id: Uuid, body: &CreateIngestKeyRequest) -> ApiResult<CreatedIngestKey> {
        self.call(Method::POST, &format!("/api/admin/usage/organizations/{org_id}/ingest-keys"), Some(body)).await
    }

    /// `DELETE /api/admin/usage/ingest-keys/{id}`.
    pub async fn revoke_ingest_key(&self, id: Uuid) -> ApiResult<()> {
        self.call_empty(Method::DELETE, &format!("/api/admin/usage/ingest-keys/{id}"), None::<&()>).await
    }
}
