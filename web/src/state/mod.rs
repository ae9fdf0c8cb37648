//! App-wide state: the session, the toasts, and values loaded from the API.

pub mod remote;
pub mod session;
pub mod submission;
pub mod toast;
