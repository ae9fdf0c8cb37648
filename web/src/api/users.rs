//! `/api/admin/users`: every user account, and the ADMIN's changes to one.

use gloo_net::http::Method;
use shared::Role;
use shared::dto::auth::UserStatus;
use shared::dto::common::Page;
use shared::dto::users::{
    AdminUser, AdminUserDetail, ChangeUserRoleRequest, PasswordResetQueued, UserSort, UsersFilter,
};
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, enc, paged};
use crate::state::session::Session;

/// `GET /api/admin/users`: one page in `sort` order.
pub fn users(filter: &UsersFilter, sort: UserSort, cursor: Option<&str>) -> Get<Page<AdminUser>> {
    let org_id = filter.org_id.map(|o| o.to_string());
    let mfa = filter.mfa.map(|m| if m { "true" } else { "false" });
    let params = [
        ("q", filter.q.as_deref()),
        ("role", filter.role.map(Role::as_str)),
        ("status", filter.status.map(UserStatus::as_str)),
        ("org_id", org_id.as_deref()),
        ("mfa", mfa),
        ("sort", Some(sort.as_str())),
    ];
    Get::new(paged("/api/admin/users", PAGE_SIZE, &params, cursor))
}

/// `GET /api/admin/users/{id}` (`id` as typed in the address).
pub fn user(id: &str) -> Get<AdminUserDetail> {
    Get::new(format!("/api/admin/users/{}", enc(id)))
}

impl Session {
    /// `PATCH /api/admin/users/{id}/role`.
    pub async fn change_user_role(&self, id: Uuid, role: Role) -> ApiResult<AdminUserDetail> {
        self.call(Method::PATCH, &format!("/api/admin/users/{id}/role"), Some(&ChangeUserRoleRequest { role })).await
    }

    /// `POST /api/admin/users/{id}/disable`, or `…/enable` when `disable` is false.
    pub async fn set_user_disabled(&self, id: Uuid, disable: bool) -> ApiResult<AdminUserDetail> {
        let action = if disable { "disable" } else { "enable" };
        self.call(Method::POST, &format!("/api/admin/users/{id}/{action}"), None::<&()>).await
    }

    /// `POST /api/admin/users/{id}/password-reset`.
    pub async fn send_user_password_reset(&self, id: Uuid) -> ApiResult<PasswordResetQueued> {
        self.call(Method::POST, &format!("/api/admin/users/{id}/password-reset"), None::<&()>).await
    }

    /// `POST /api/admin/users/{id}/mfa/reset`.
    pub async fn reset_user_mfa(&self, id: Uuid) -> ApiResult<()> {
        self.call_empty(Method::POST, &format!("/api/admin/users/{id}/mfa/reset"), None::<&()>).await
    }
}
