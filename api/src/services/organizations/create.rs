//! Creating organizations with a unique slug (registration, the CLI and demo data share this).

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use shared::dto::organizations::OrgStatus;
use uuid::Uuid;

use crate::db::{Savepoints, is_unique_violation};
use crate::entities::organizations::organization;
use crate::error::{ApiError, ApiResult};

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
pub async fn insert_organization(
    db: &impl Savepoints,
    name: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<organization::Model> {
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
            time_zone: Set("UTC".to_owned()),
        };
        let savepoint = db.savepoint().await?;
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
