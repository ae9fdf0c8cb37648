//! App-wide state: the session and the toasts.

pub mod session;
pub mod toast;
