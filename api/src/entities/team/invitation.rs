//! An invitation to join an organization, with its hashed token.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use shared::dto::team::{InvitationStatus, InviteeRole};
use shared::{OrgRole, Role};

/// A row of `invitations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub email: String,
    pub org_role: String,
    pub role: String,
    /// The SHA-256 of the newest link's token; `None` until the first email is sent.
    pub token_hash: Option<String>,
    pub invited_by: Option<Uuid>,
    /// `pending`, `accepted` or `revoked` (expiry is computed).
    pub status: String,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub accepted_by: Option<Uuid>,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
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
    /// The role in the organization it gives.
    pub fn org_role(&self) -> OrgRole {
        super::membership::stored_org_role(&self.org_role)
    }

    /// The platform role a new account gets; anything unknown is CLIENT.
    pub fn invitee_role(&self) -> InviteeRole {
        match Role::parse(&self.role) {
            Some(Role::Vendor) => InviteeRole::Vendor,
            _ => InviteeRole::Client,
        }
    }

    /// Where it stands at `now`: a pending invitation past its expiry is expired.
    pub fn status_at(&self, now: DateTime<Utc>) -> InvitationStatus {
        match InvitationStatus::parse(&self.status) {
            Some(InvitationStatus::Pending) if self.expires_at <= now => InvitationStatus::Expired,
            Some(s) => s,
            None => InvitationStatus::Revoked,
        }
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
