//! Creating users and organizations (registration, the CLI and demo data share this).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession, TransactionTrait,
};
use shared::dto::auth::UserStatus;
use shared::dto::common::OrgStatus;
use shared::{OrgRole, Role};
use uuid::Uuid;

use crate::db::is_unique_violation;
use crate::entities::{membership, organization, user};
use crate::error::{ApiError, ApiResult};

/// Inserts a user with an already hashed password. Fails with `EmailTaken` when the email is
/// registered.
pub async fn insert_user(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    password_hash: String,
    role: Role,
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
        email_verified_at: Set(None),
    };
    model.insert(db).await.map_err(|e| if is_unique_violation(&e) { ApiError::EmailTaken } else { e.into() })
}

/// A URL-safe slug from a name: lower-case letters, digits and dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() { "org".to_owned() } else { slug }
}

/// Inserts an organization with a unique slug derived from its name. Each attempt runs in a
/// savepoint, so losing a race for a slug to a concurrent insert just tries the next one.
pub async fn insert_organization<C>(
    db: &C,
    name: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<organization::Model>
where
    C: ConnectionTrait + TransactionTrait,
{
    let base = slugify(name);
    for attempt in 0..8 {
        let slug = if attempt == 0 {
            base.clone()
        } else {
            let random = Uuid::now_v7().simple().to_string();
            format!("{base}-{}", &random[random.len() - if attempt < 6 { 4 } else { 8 }..])
        };
        if organization::Entity::find().filter(organization::Column::Slug.eq(&slug)).one(db).await?.is_some() {
            continue;
        }
        let model = organization::ActiveModel {
            id: Set(Uuid::now_v7()),
            name: Set(name.to_owned()),
            slug: Set(slug),
            status: Set(OrgStatus::Active.as_str().to_owned()),
            suspended_at: Set(None),
            suspension_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            mfa_required: Set(false),
        };
        let savepoint = db.begin().await?;
        match model.insert(&savepoint).await {
            Ok(org) => {
                savepoint.commit().await?;
                return Ok(org);
            }
            Err(e) if is_unique_violation(&e) => savepoint.rollback().await?,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict("Could not find a free address for this organization; try another name.".into()))
}

/// Adds a user to an organization.
pub async fn insert_membership(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    user_id: Uuid,
    org_role: OrgRole,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<membership::Model> {
    let model = membership::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(org_id),
        user_id: Set(user_id),
        org_role: Set(org_role.as_str().to_owned()),
        created_at: Set(now),
    };
    Ok(model.insert(db).await?)
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Acme Widgets, Inc."), "acme-widgets-inc");
        assert_eq!(slugify("   ***  "), "org");
        assert_eq!(slugify("Ünïcode Co"), "n-code-co");
    }
}
