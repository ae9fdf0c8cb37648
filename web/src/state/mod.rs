//! App-wide state: the session, the toasts, the active organization's feature flags, and values
//! loaded from the API.

pub mod features;
pub mod remote;
pub mod session;
pub mod submission;
pub mod toast;
