//! A customer organization (the tenant).

use sea_orm::entity::prelude::*;
use shared::dto::organizations::{AdminOrganization, OrgStatus, Organization, OrganizationSummary};

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
    #[sea_orm(has_many = "crate::entities::team::membership::Entity")]
    Membership,
}

impl Related<crate::entities::team::membership::Entity> for Entity {
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

    /// The client portal's view.
    pub fn to_dto(&self, member_count: u64) -> Organization {
        Organization {
            id: self.id,
            name: self.name.clone(),
            slug: self.slug.clone(),
            status: self.status(),
            member_count,
            mfa_required: self.mfa_required,
            time_zone: "UTC".to_owned(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    /// The operator's view.
    pub fn to_admin_dto(&self, member_count: u64) -> AdminOrganization {
        AdminOrganization {
            id: self.id,
            name: self.name.clone(),
            slug: self.slug.clone(),
            status: self.status(),
            member_count,
            mfa_required: self.mfa_required,
            suspended_at: self.suspended_at,
            suspension_reason: self.suspension_reason.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}
