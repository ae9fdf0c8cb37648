//! `/api/admin/settings`: the system settings (ADMIN only).

use gloo_net::http::Method;
use shared::dto::settings::{SystemSettings, UpdateSystemSettingsRequest};

use super::{ApiResult, Get};
use crate::state::session::Session;

/// `GET /api/admin/settings`: every registered setting with its value.
pub fn system_settings() -> Get<SystemSettings> {
    Get::new("/api/admin/settings".to_owned())
}

impl Session {
    /// `PATCH /api/admin/settings`: changes the given keys; answers the settings after the change.
    pub async fn update_system_settings(&self, body: &UpdateSystemSettingsRequest) -> ApiResult<SystemSettings> {
        self.call(Method::PATCH, "/api/admin/settings", Some(body)).await
    }
}
