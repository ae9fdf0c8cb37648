//! An uploaded file's metadata (the bytes are in object storage under `storage_key`).

use sea_orm::entity::prelude::*;
use shared::dto::files::{AttachedTo, AttachmentKind, FileInfo};

/// A row of `files`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "files")]
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
    pub attached_kind: Option<String>,
    pub attached_id: Option<Uuid>,
    pub attached_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// What the file is attached to, if anything.
    pub fn attached_to(&self) -> Option<AttachedTo> {
        let kind = AttachmentKind::parse(self.attached_kind.as_deref()?)?;
        Some(AttachedTo { kind, id: self.attached_id? })
    }

    /// The wire view.
    pub fn to_dto(&self) -> FileInfo {
        FileInfo {
            id: self.id,
            name: self.name.clone(),
            size: u64::try_from(self.size).unwrap_or(0),
            content_type: self.content_type.clone(),
            sha256: self.sha256.clone(),
            uploaded_by: self.uploaded_by,
            attached_to: self.attached_to(),
            created_at: self.created_at,
        }
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
