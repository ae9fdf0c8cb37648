//! sea-orm entities, one per table, grouped by area; behaviour (to_dto, status) sits in `impl`
//! blocks beside them.

/// Accounts, sessions and their tokens.
pub mod auth {
    pub mod mfa_challenge;
    pub mod notification_preference;
    pub mod one_time_token;
    pub mod recovery_code;
    pub mod refresh_token;
    pub mod session;
    pub mod user;
}

/// Organizations (the tenants).
pub mod organizations {
    pub mod organization;
}

/// Memberships of organizations and invitations to them.
pub mod team {
    pub mod invitation;
    pub mod membership;
}

/// Automations with their timeline, tasks, messages and comments.
pub mod automations {
    pub mod automation;
    pub mod message;
    pub mod status_change;
    pub mod task;
}

/// Integrators' API keys.
pub mod api_keys {
    pub mod api_key;
}

/// Feature flags, their per-organization overrides and plan links.
pub mod flags {
    pub mod feature_flag;
    pub mod feature_flag_override;
    pub mod feature_flag_plan;
}

/// Usage: raw events, daily rollups and the ingest keys that report them.
pub mod usage {
    pub mod daily_rollup;
    pub mod ingest_key;
    pub mod usage_event;
}

/// The platform's own tables: audit trail, throttling, jobs, settings, outbox, idempotency.
pub mod platform {
    pub mod audit_log;
    pub mod auth_throttle;
    pub mod domain_event;
    pub mod idempotency_key;
    pub mod job;
    pub mod system_setting;
}

/// Files and the secure document vault.
pub mod files {
    pub mod document;
    pub mod document_share;
    pub mod file;
    pub mod vault_key;
}
