//! Integrators' API keys of an organization.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::role::Permission;

/// An API key of the organization (the key itself is shown only when it is created).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKey {
    /// Key id.
    pub id: Uuid,
    /// What the key is for.
    pub name: String,
    /// The key's first characters, to recognise it (`omg_` + 8).
    pub prefix: String,
    /// What the key may do in the organization.
    pub permissions: Vec<Permission>,
    /// When it stops working, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was last used.
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
    /// Who created it.
    pub created_by: Uuid,
    /// When it was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// The key's own request limit, requests a minute; absent: the server's default
    /// (`OMG_API_KEY_RATE_LIMIT`, 600 unless configured). Every answer to the key tells where it
    /// stands in `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_minute: Option<u32>,
}

/// The most requests a minute a key can be given.
pub const MAX_RATE_LIMIT_PER_MINUTE: u32 = 100_000;

/// `POST /api/dashboard/api-keys`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    /// What the key is for (1 to 100 characters).
    pub name: String,
    /// Organization permissions for the key: a subset of the creator's.
    pub permissions: Vec<Permission>,
    /// When it stops working (optional, in the future).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub expires_at: Option<DateTime<Utc>>,
    /// Its own request limit, requests a minute (1 to 100,000; optional: the server's default).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::whole::option")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000))]
    pub rate_limit_per_minute: Option<u32>,
}

/// A new API key: `key` is shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// The key, `omg_…`: send it as `Authorization: Bearer <key>`. It cannot be shown again.
    pub key: String,
    /// The key's details.
    pub api_key: ApiKey,
}
