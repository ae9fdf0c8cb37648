//! `/api/dashboard/api-keys`: the active organization's API keys.

use gloo_net::http::Method;
use shared::dto::api_keys::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use shared::dto::common::Page;
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, paged};
use crate::state::session::Session;

/// `GET /api/dashboard/api-keys`: one page of keys.
pub fn api_keys(cursor: Option<&str>) -> Get<Page<ApiKey>> {
    Get::new(paged("/api/dashboard/api-keys", PAGE_SIZE, &[], cursor))
}

impl Session {
    /// `POST /api/dashboard/api-keys`: a new key, shown this once.
    pub async fn create_api_key(&self, body: &CreateApiKeyRequest) -> ApiResult<CreatedApiKey> {
        self.call(Method::POST, "/api/dashboard/api-keys", Some(body)).await
    }

    /// `DELETE /api/dashboard/api-keys/{id}`.
    pub async fn revoke_api_key(&self, id: Uuid) -> ApiResult<()> {
        self.call_empty(Method::DELETE, &format!("/api/dashboard/api-keys/{id}"), None::<&()>).await
    }
}
