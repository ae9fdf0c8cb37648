//! Every schema change of the OMGsystems database, in order. Never edit or rename a shipped
//! migration: add a new one. New migrations are named `mYYYYMMDD_HHMMSS_<area>_<what>.rs` (UTC
//! time of writing), so parallel branches do not collide.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_create_organizations;
mod m20261124_000002_create_users;
mod m20261124_000003_create_memberships;
mod m20261124_000004_create_sessions;
mod m20261124_000005_create_refresh_tokens;
mod m20261124_000006_create_audit_logs;
mod m20261124_000007_create_system_settings;
mod m20261124_000008_index_memberships_by_org;
mod m20261124_000009_add_mfa_columns;
mod m20261124_000010_create_recovery_codes;
mod m20261124_000011_create_auth_throttles;
mod m20261124_000012_create_jobs;
mod m20261124_000013_create_one_time_tokens;
mod m20261124_000014_create_api_keys;
mod m20261201_090000_platform_domain_events;
mod m20261201_090100_platform_idempotency_keys;
mod m20261201_090200_audit_actor_kind;
mod m20261201_100000_auth_mfa_challenges;
mod m20261201_101000_platform_recurring_jobs;
mod m20261201_102000_auth_sealed_secrets;
mod m20261202_190000_api_keys_rate_limit;
mod m20261203_140000_metrics_organizations_created_at;
mod m20261203_150000_flags_feature_flags;
mod m20261204_090000_usage_events_and_rollups;
mod m20261204_100000_users_disabled_at;
mod m20261204_100100_settings_signup_mode;
mod m20261205_080000_auth_notification_preferences;
mod m20261207_100000_team_invitations;
mod m20261207_100100_organizations_time_zone;
mod m20261207_200000_automations;
mod m20261207_300000_files_files;
mod m20261207_300100_files_documents;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_organizations::Migration),
            Box::new(m20261124_000002_create_users::Migration),
            Box::new(m20261124_000003_create_memberships::Migration),
            Box::new(m20261124_000004_create_sessions::Migration),
            Box::new(m20261124_000005_create_refresh_tokens::Migration),
            Box::new(m20261124_000006_create_audit_logs::Migration),
            Box::new(m20261124_000007_create_system_settings::Migration),
            Box::new(m20261124_000008_index_memberships_by_org::Migration),
            Box::new(m20261124_000009_add_mfa_columns::Migration),
            Box::new(m20261124_000010_create_recovery_codes::Migration),
            Box::new(m20261124_000011_create_auth_throttles::Migration),
            Box::new(m20261124_000012_create_jobs::Migration),
            Box::new(m20261124_000013_create_one_time_tokens::Migration),
            Box::new(m20261124_000014_create_api_keys::Migration),
            Box::new(m20261201_090000_platform_domain_events::Migration),
            Box::new(m20261201_090100_platform_idempotency_keys::Migration),
            Box::new(m20261201_090200_audit_actor_kind::Migration),
            Box::new(m20261201_100000_auth_mfa_challenges::Migration),
            Box::new(m20261201_101000_platform_recurring_jobs::Migration),
            Box::new(m20261201_102000_auth_sealed_secrets::Migration),
            Box::new(m20261202_190000_api_keys_rate_limit::Migration),
            Box::new(m20261203_140000_metrics_organizations_created_at::Migration),
            Box::new(m20261203_150000_flags_feature_flags::Migration),
            Box::new(m20261204_090000_usage_events_and_rollups::Migration),
            Box::new(m20261204_100000_users_disabled_at::Migration),
            Box::new(m20261204_100100_settings_signup_mode::Migration),
            Box::new(m20261205_080000_auth_notification_preferences::Migration),
            Box::new(m20261207_100000_team_invitations::Migration),
            Box::new(m20261207_100100_organizations_time_zone::Migration),
            Box::new(m20261207_200000_automations::Migration),
            Box::new(m20261207_300000_files_files::Migration),
            Box::new(m20261207_300100_files_documents::Migration),
        ]
    }
}
