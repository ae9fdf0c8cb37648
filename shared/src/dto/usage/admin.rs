//! The operator's usage monitoring (`/api/admin/usage…`): totals per metric across
//! organizations, the top organizations of a metric, one organization's series with its
//! anomalies, and the ingest keys issued to organizations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::UsageMetric;
use super::series::UsageSeries;
use crate::dto::organizations::OrganizationSummary;
use crate::quantity::Quantity;

/// Most organizations `top-organizations` lists.
pub const MAX_TOP_ORGANIZATIONS: u32 = 100;
/// Organizations `top-organizations` lists when `limit` is not given.
pub const DEFAULT_TOP_ORGANIZATIONS: u32 = 10;
/// A day is an anomaly when its quantity is more than this many times the trailing average.
pub const ANOMALY_FACTOR: i64 = 3;
/// The days before a day whose average it is compared with.
pub const ANOMALY_TRAILING_DAYS: i64 = 7;

/// A range of UTC days. Sent as text and checked by the server.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UsageRangeQuery {
    /// First day, included (`YYYY-MM-DD`, UTC). Default: the 1st of the month of `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day, included (`YYYY-MM-DD`, UTC). Default: today. At most 1,827 days in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// One metric's total across organizations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetricTotal {
    /// The metric.
    pub metric: UsageMetric,
    /// The quantity reported from `from` to `to`, every organization together.
    pub quantity: Quantity,
    /// Events it came from.
    pub events: i64,
    /// Organizations that reported any.
    pub organizations: i64,
}

/// `GET /api/admin/usage/totals`: every metric of the catalogue, those without usage too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageTotals {
    /// First day, included.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub from: NaiveDate,
    /// Last day, included.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub to: NaiveDate,
    /// One total per metric, in the catalogue's order.
    pub metrics: Vec<MetricTotal>,
}

/// Query of `GET /api/admin/usage/top-organizations`. Sent as text and checked by the server.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TopOrganizationsQuery {
    /// The metric to rank by (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<UsageMetric>))]
    pub metric: Option<String>,
    /// First day, included (`YYYY-MM-DD`, UTC). Default: the 1st of the month of `to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day, included (`YYYY-MM-DD`, UTC). Default: today. At most 1,827 days in all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// How many organizations, 1 to 100 (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<u32>, minimum = 1, maximum = 100))]
    pub limit: Option<String>,
}

/// One organization of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopOrganization {
    /// The organization.
    pub organization: OrganizationSummary,
    /// Its quantity of the metric from `from` to `to`.
    pub quantity: Quantity,
    /// Events it came from.
    pub events: i64,
    /// Whether a day of the range was an anomaly: more than 3 times the organization's average
    /// of the 7 days before it (days without usage count as zero; a day is compared once the
    /// organization has reported the metric for 7 days, and not after 7 days without usage).
    pub anomaly: bool,
}

/// `GET /api/admin/usage/top-organizations`: the organizations that reported most of a metric,
/// largest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopOrganizations {
    /// The metric ranked by.
    pub metric: UsageMetric,
    /// First day, included.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub from: NaiveDate,
    /// Last day, included.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub to: NaiveDate,
    /// The organizations, largest quantity first (ties by name).
    pub organizations: Vec<TopOrganization>,
}

/// A day on which an organization reported more than 3 times its trailing 7-day average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageAnomaly {
    /// The metric.
    pub metric: UsageMetric,
    /// The UTC day.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub day: NaiveDate,
    /// The day's quantity.
    pub quantity: Quantity,
    /// The average of the 7 days before it (rounded to 3 decimals, half away from zero).
    pub trailing_average: Quantity,
}

/// `GET /api/admin/usage/organizations/{org_id}`: one organization's series, with the anomalous
/// days of the range (by day, whatever the granularity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationUsage {
    /// The organization.
    pub organization: OrganizationSummary,
    /// Its series, as its members see it.
    pub series: UsageSeries,
    /// The days from `from` to `to` that were anomalies, oldest first.
    pub anomalies: Vec<UsageAnomaly>,
}

/// An ingest key: how the operator's systems report an organization's usage (the key itself is
/// shown only when it is created).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IngestKey {
    /// Key id.
    pub id: Uuid,
    /// The organization it reports for.
    pub organization_id: Uuid,
    /// What the key is for, e.g. the reporting system's name.
    pub name: String,
    /// The key's first characters, to recognise it (`omgi_` + 8).
    pub prefix: String,
    /// The operator who issued it.
    pub created_by: Uuid,
    /// When it was issued.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last used (to the minute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub last_used_at: Option<DateTime<Utc>>,
    /// The IP address it was last used from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_ip: Option<String>,
    /// When it was revoked, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// `POST /api/admin/usage/organizations/{org_id}/ingest-keys`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateIngestKeyRequest {
    /// What the key is for (1 to 100 characters).
    pub name: String,
}

/// A new ingest key: `key` is shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedIngestKey {
    /// The key, `omgi_…`: send it as `Authorization: Bearer <key>` to
    /// `POST /api/dashboard/usage-events`, the one route it works on. It cannot be shown again.
    pub key: String,
    /// The key's details.
    pub ingest_key: IngestKey,
}
