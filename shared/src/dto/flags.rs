//! Feature flags: the operator's flags (global default, per-organization overrides, a sticky
//! percentage rollout, plan links, archive) and the evaluated set the client portal reads.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::dto::organizations::OrganizationSummary;

/// The largest rollout, in basis points (10,000 = every organization).
pub const MAX_ROLLOUT_BP: i64 = 10_000;
/// Longest accepted flag description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// Most plans one flag may be linked to.
pub const MAX_PLAN_LINKS: usize = 100;

/// A feature flag as the operator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeatureFlag {
    /// Flag id.
    pub id: Uuid,
    /// Unique key, e.g. `usage.dashboard` (lowercase; letters, digits, `_`, `.`, `-`).
    pub key: String,
    /// What the flag turns on (may be empty).
    pub description: String,
    /// The global default: on for organizations that no override, plan link or rollout turns on.
    pub enabled: bool,
    /// Share of organizations it is on for, in basis points (0 to 10,000), sticky per organization.
    pub rollout_bp: u32,
    /// When it was archived, while it is (an archived flag is off everywhere).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub archived_at: Option<DateTime<Utc>>,
    /// How many organizations have an override.
    pub override_count: u64,
    /// When it was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub updated_at: DateTime<Utc>,
}

/// One organization's override of a flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagOverride {
    /// The organization.
    pub organization: OrganizationSummary,
    /// On or off for it, whatever the plan links, rollout and default say.
    pub enabled: bool,
    /// When it was first set.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub updated_at: DateTime<Utc>,
}

/// A flag with its overrides and plan links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeatureFlagDetail {
    /// The flag.
    pub flag: FeatureFlag,
    /// Per-organization overrides, by organization name.
    pub overrides: Vec<FlagOverride>,
    /// The plans it is on for (plan ids; the plans themselves come with billing).
    pub plan_ids: Vec<Uuid>,
}

/// `POST /api/admin/feature-flags`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateFeatureFlagRequest {
    /// Unique key: 2 to 64 characters, lowercase letters and digits first, then also `_`, `.`, `-`.
    pub key: String,
    /// What it turns on (at most 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The global default (off when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Rollout in basis points, 0 to 10,000 (0 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    pub rollout_bp: Option<i64>,
}

/// `PATCH /api/admin/feature-flags/{id}`: fields to change; absent fields stay as they are (no
/// body changes nothing).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateFeatureFlagRequest {
    /// What it turns on (at most 500 characters; blank clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The global default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Rollout in basis points, 0 to 10,000.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    pub rollout_bp: Option<i64>,
}

/// `PUT /api/admin/feature-flags/{id}/overrides/{org_id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetFlagOverrideRequest {
    /// On or off for that organization.
    pub enabled: bool,
}

/// `PUT /api/admin/feature-flags/{id}/plans`: the whole set of linked plans.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetFlagPlansRequest {
    /// Plan ids (at most 100; repeats count once); empty unlinks every plan.
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub plan_ids: Vec<Uuid>,
}

crate::string_enum! {
    /// Sort orders of the flag list.
    #[derive(Default)]
    pub enum FeatureFlagSort {
        /// By key, A to Z (the default).
        #[default]
        KeyAsc = "key",
        /// By key, Z to A.
        KeyDesc = "-key",
        /// Newest first.
        NewestFirst = "-created_at",
        /// Oldest first.
        OldestFirst = "created_at",
    }
}

/// Filters of `GET /api/admin/feature-flags` (besides `sort`, `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FeatureFlagsFilter {
    /// Case-insensitive text to find in the key or description (at most 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `true`: only archived flags; `false` or absent: only flags in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
}

/// `GET /api/dashboard/features`: every flag in use, evaluated for the active organization. A key
/// that is not listed (unknown, or archived) is off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeatureSet {
    /// On or off, by flag key.
    pub features: BTreeMap<String, bool>,
}

impl FeatureSet {
    /// Whether a flag is on (an unlisted key is off).
    pub fn is_on(&self, key: &str) -> bool {
        self.features.get(key).copied().unwrap_or(false)
    }
}
