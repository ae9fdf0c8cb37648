//! A secure document's metadata: the ciphertext is in object storage under `storage_key`, its
//! data key is `wrapped_key` (sealed by the vault key).

use sea_orm::entity::prelude::*;
use shared::dto::files::Document;

/// A row of `documents`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub uploaded_by: Uuid,
    pub name: String,
    pub size: i64,
    pub content_type: String,
    pub sha256: String,
    pub storage_key: String,
    pub wrapped_key: String,
    pub format_version: i32,
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The wire view, with the members it is shared with.
    pub fn to_dto(&self, shared_with: Vec<Uuid>) -> Document {
        Document {
            id: self.id,
            name: self.name.clone(),
            size: u64::try_from(self.size).unwrap_or(0),
            content_type: self.content_type.clone(),
            sha256: self.sha256.clone(),
            uploaded_by: self.uploaded_by,
            shared_with,
            expires_at: self.expires_at,
            created_at: self.created_at,
        }
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
