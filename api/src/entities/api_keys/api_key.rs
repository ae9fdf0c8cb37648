//! An integrator's API key, scoped to one organization and a set of permissions.

use sea_orm::entity::prelude::*;
use shared::Permission;

/// A row of `api_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub created_by: Uuid,
    pub name: String,
    pub prefix: String,
    #[sea_orm(unique)]
    pub key_hash: String,
    pub permissions: String,
    pub expires_at: Option<DateTimeUtc>,
    pub last_used_at: Option<DateTimeUtc>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub rate_limit_per_minute: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The permissions the key was given.
    pub fn permissions(&self) -> Vec<Permission> {
        serde_json::from_str(&self.permissions).unwrap_or_default()
    }

    /// The wire view (never the key itself).
    pub fn to_dto(&self) -> shared::dto::api_keys::ApiKey {
        shared::dto::api_keys::ApiKey {
            id: self.id,
            name: self.name.clone(),
            prefix: self.prefix.clone(),
            permissions: self.permissions(),
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            last_used_ip: self.last_used_ip.clone(),
            revoked_at: self.revoked_at,
            created_by: self.created_by,
            created_at: self.created_at,
            rate_limit_per_minute: self.rate_limit_per_minute.and_then(|n| u32::try_from(n).ok()),
        }
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
