//! The vault key's check value: stored with the first document, compared at every start. A
//! server started with another master key (or without the one it had: development generates a
//! new one) while documents exist refuses to start rather than serve documents it cannot open.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::entities::files::{document, vault_key};
use crate::error::ApiResult;
use crate::services::platform::secrets::Secrets;

const ROW: i32 = 1;

/// Stores the check value if none is stored yet (in the transaction of a document's upload).
pub async fn remember(db: &impl ConnectionTrait, secrets: &Secrets, now: DateTime<Utc>) -> ApiResult<()> {
    if vault_key::Entity::find_by_id(ROW).one(db).await?.is_none() {
        vault_key::Entity::insert(vault_key::ActiveModel {
            id: Set(ROW),
            key_check: Set(secrets.vault_key_check()),
            created_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// At start-up: fails when documents exist and the master key is not the one they were stored
/// with. With no document left, a stale check value is replaced by the current key's.
///
/// Errors: the key does not match, or the database cannot be read.
pub async fn check_at_start(db: &impl ConnectionTrait, secrets: &Secrets) -> anyhow::Result<()> {
    let documents = document::Entity::find()
        .filter(document::Column::DeletedAt.is_null())
        .count(db)
        .await
        .map_err(|e| anyhow::anyhow!("counting secure documents: {e}"))?;
    let stored = vault_key::Entity::find_by_id(ROW)
        .one(db)
        .await
        .map_err(|e| anyhow::anyhow!("reading the vault key check: {e}"))?;
    let current = secrets.vault_key_check();
    match stored {
        Some(row) if row.key_check == current => Ok(()),
        _ if documents == 0 => {
            vault_key::Entity::delete_many()
                .filter(vault_key::Column::Id.eq(ROW))
                .exec(db)
                .await
                .map_err(|e| anyhow::anyhow!("resetting the vault key check: {e}"))?;
            Ok(())
        }
        _ => anyhow::bail!(
            "the master key (OMG_MASTER_KEY, or <data dir>/master-key in development) is missing or is not the one \
             the {documents} stored secure document(s) were encrypted with: refusing to start. Start with the \
             original master key."
        ),
    }
}
