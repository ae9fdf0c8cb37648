//! A usage ingest key: issued by an operator for one organization, valid only for reporting its
//! usage.

use sea_orm::entity::prelude::*;

/// A row of `usage_ingest_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "usage_ingest_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub prefix: String,
    #[sea_orm(unique)]
    pub key_hash: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "crate::entities::organizations::organization::Entity",
        from = "Column::OrgId",
        to = "crate::entities::organizations::organization::Column::Id",
        on_delete = "Cascade"
    )]
    Organization,
}

impl Related<crate::entities::organizations::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The operator's view (never the key itself).
    pub fn to_dto(&self) -> shared::dto::usage::admin::IngestKey {
        shared::dto::usage::admin::IngestKey {
            id: self.id,
            organization_id: self.org_id,
            name: self.name.clone(),
            prefix: self.prefix.clone(),
            created_by: self.created_by,
            created_at: self.created_at,
            last_used_at: self.last_used_at,
            last_used_ip: self.last_used_ip.clone(),
            revoked_at: self.revoked_at,
        }
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
