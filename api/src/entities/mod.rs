//! sea-orm entities, one per table; behaviour sits in `impl` blocks beside them.

pub mod api_key;
pub mod audit_log;
pub mod auth_throttle;
pub mod job;
pub mod membership;
pub mod one_time_token;
pub mod organization;
pub mod recovery_code;
pub mod refresh_token;
pub mod session;
pub mod system_setting;
pub mod user;
