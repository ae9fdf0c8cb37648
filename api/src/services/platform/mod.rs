//! Platform services every area uses: the audit trail, the tenant filter, throttling, tokens,
//! password hashing, system settings, the domain event outbox, idempotency and operator access.

pub mod audit;
pub mod events;
pub mod hash_workers;
pub mod idempotency;
pub mod notify;
pub mod operators;
pub mod password;
pub mod refusals;
pub mod secrets;
pub mod settings;
pub mod tenant;
pub mod throttle;
pub mod tokens;
