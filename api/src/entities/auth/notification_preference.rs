//! A user's choice for one category of notification email (a row only once they changed it).

use sea_orm::entity::prelude::*;
use shared::dto::notifications::NotificationCategory;

/// A row of `notification_preferences`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_preferences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: String,
    pub enabled: bool,
    pub updated_at: DateTimeUtc,
}

impl Model {
    /// The stored category, or `None` for a name the catalogue no longer has.
    pub fn category(&self) -> Option<NotificationCategory> {
        NotificationCategory::parse(&self.category)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
