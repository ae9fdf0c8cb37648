//! Creating user accounts (registration, invitations, the CLI and demo data share this).

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::Role;
use shared::dto::auth::UserStatus;
use uuid::Uuid;

use crate::db::is_unique_violation;
use crate::entities::auth::user;
use crate::error::{ApiError, ApiResult};

/// Whether a new account's email address counts as confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    /// Given by the person signing up: confirmed later through the mailed link.
    Unconfirmed,
    /// Given by an operator who vouches for it (the CLI, demo data).
    Confirmed,
}

/// Inserts a user with an already hashed password. Fails with `EmailTaken` when the email is
/// registered.
pub async fn insert_user(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    password_hash: String,
    role: Role,
    address: Address,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<user::Model> {
    if user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.is_some() {
        return Err(ApiError::EmailTaken);
    }
    let model = user::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.to_owned()),
        name: Set(name.to_owned()),
        password_hash: Set(password_hash),
        role: Set(role.as_str().to_owned()),
        status: Set(UserStatus::Active.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        mfa_secret: Set(None),
        mfa_enabled_at: Set(None),
        mfa_last_step: Set(None),
        email_verified_at: Set((address == Address::Confirmed).then_some(now)),
        disabled_at: Set(None),
    };
    model.insert(db).await.map_err(|e| if is_unique_violation(&e) { ApiError::EmailTaken } else { e.into() })
}
