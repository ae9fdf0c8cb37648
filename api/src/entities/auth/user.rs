//! A person who signs in.

use sea_orm::entity::prelude::*;
use shared::Role;
use shared::dto::auth::{User, UserStatus};
use shared::dto::users::AdminUser;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    pub mfa_secret: Option<String>,
    pub mfa_enabled_at: Option<DateTimeUtc>,
    pub mfa_last_step: Option<i64>,
    pub email_verified_at: Option<DateTimeUtc>,
    pub disabled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "crate::entities::team::membership::Entity")]
    Membership,
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
}

impl Related<crate::entities::team::membership::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Membership.def()
    }
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// A stored platform role; an unknown value is the least privileged role.
pub fn stored_role(stored: &str) -> Role {
    Role::parse(stored).unwrap_or(Role::Vendor)
}

impl Model {
    /// The user's platform role.
    pub fn role(&self) -> Role {
        stored_role(&self.role)
    }

    /// The account status; an unknown stored value counts as disabled (fail closed).
    pub fn status(&self) -> UserStatus {
        UserStatus::parse(&self.status).unwrap_or(UserStatus::Disabled)
    }

    /// Whether the second factor is on.
    pub fn mfa_enabled(&self) -> bool {
        self.mfa_enabled_at.is_some() && self.mfa_secret.is_some()
    }

    /// The wire view of the user.
    pub fn to_dto(&self) -> User {
        User {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role(),
            status: self.status(),
            created_at: self.created_at,
            last_login_at: self.last_login_at,
            mfa_enabled: self.mfa_enabled(),
            email_verified: self.email_verified_at.is_some(),
        }
    }

    /// The operator's view of the user.
    pub fn to_admin_dto(&self, organization_count: u64) -> AdminUser {
        AdminUser {
            id: self.id,
            email: self.email.clone(),
            name: self.name.clone(),
            role: self.role(),
            status: self.status(),
            disabled_at: self.disabled_at,
            mfa_enabled: self.mfa_enabled(),
            email_verified: self.email_verified_at.is_some(),
            created_at: self.created_at,
            last_login_at: self.last_login_at,
            organization_count,
        }
    }
}
