//! A customer organization (the tenant).

use sea_orm::entity::prelude::*;
use shared::dto::common::{OrgStatus, OrganizationSummary};

/// A row of `organizations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    #[sea_orm(unique)]
    pub slug: String,
    pub status: String,
    pub suspended_at: Option<DateTimeUtc>,
    pub suspension_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub mfa_required: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::membership::Entity")]
    Membership,
}

impl Related<super::membership::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Membership.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The organization's status; an unknown stored value counts as suspended (fail closed).
    pub fn status(&self) -> OrgStatus {
        OrgStatus::parse(&self.status).unwrap_or(OrgStatus::Suspended)
    }

    /// The short view embedded in other responses.
    pub fn summary(&self) -> OrganizationSummary {
        OrganizationSummary { id: self.id, name: self.name.clone(), slug: self.slug.clone(), status: self.status() }
    }
}
