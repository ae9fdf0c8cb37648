//! A user's membership of an organization, with their role in it.

use sea_orm::entity::prelude::*;
use shared::OrgRole;

/// A row of `memberships`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub user_id: Uuid,
    pub org_role: String,
    pub created_at: DateTimeUtc,
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
    #[sea_orm(
        belongs_to = "crate::entities::auth::user::Entity",
        from = "Column::UserId",
        to = "crate::entities::auth::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<crate::entities::organizations::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl Related<crate::entities::auth::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// A stored organization role; an unknown value is MEMBER.
pub fn stored_org_role(stored: &str) -> OrgRole {
    OrgRole::parse(stored).unwrap_or(OrgRole::Member)
}

impl Model {
    /// The member's role in the organization.
    pub fn org_role(&self) -> OrgRole {
        stored_org_role(&self.org_role)
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
