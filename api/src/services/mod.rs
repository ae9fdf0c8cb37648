//! Business logic on database connections and typed contexts; no HTTP types here. Services take
//! `(db: &impl ConnectionTrait, ctx, now, input)`: the caller decides the transaction, so several
//! services can share one (see `db::write`). Grouped by area; `platform` holds what all share.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod automations;
pub mod files;
pub mod flags;
pub mod metrics;
pub mod organizations;
pub mod platform;
pub mod team;
pub mod usage;
pub mod users;
