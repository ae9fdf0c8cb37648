//! The auth area: accounts, sign-in, sessions, second factors, recovery and the user's profile.
//!
//! Sign-in flows (`sign_in`, `recovery`, `mfa`) take the application state: they hash passwords
//! outside any transaction (argon2 takes tens of milliseconds, and a write transaction held that
//! long would serialise every writer), reserve throttle attempts that must persist whether the
//! attempt succeeds or not, and then open their own write transactions. Everything else follows
//! the usual `(db, caller, now, input)` shape.

pub mod challenges;
pub mod mfa;
pub mod notices;
pub mod notifications;
pub mod profile;
pub mod recovery;
pub mod requirements;
pub mod sessions;
pub mod sign_in;
pub mod users;
