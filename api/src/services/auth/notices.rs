//! The account's security notices (always sent, whatever the preferences).

use serde::{Deserialize, Serialize};

use crate::notices::{Addressee, Render, Rendered};
use crate::state::AppState;

/// Something happened to the account's security.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "alert", rename_all = "snake_case")]
pub enum SecurityAlert {
    /// A sign-in from a device none of the user's sessions used.
    NewSignIn {
        /// The device's user agent, or a description.
        device: String,
        /// The IP address it came from.
        ip: String,
        /// When, as shown (`2026-12-01 09:30 UTC`).
        when: String,
    },
    /// The second factor was turned on, off or reset; `what` says which.
    MfaChanged {
        /// One sentence.
        what: String,
    },
    /// The password was changed or reset (other sessions were signed out).
    PasswordChanged,
}

impl Render for SecurityAlert {
    async fn render(&self, _state: &AppState, _to: &Addressee) -> anyhow::Result<Option<Rendered>> {
        let (subject, text) = match self {
            SecurityAlert::NewSignIn { device, ip, when } => (
                "New sign-in to your OMGsystems account",
                format!(
                    "Your account was just signed in to from a device we have not seen before:\n\n  Device: {device}\n  IP address: {ip}\n  Time: {when}\n\nIf this was you, there is nothing to do. If not, change your password now and end the session under Sessions."
                ),
            ),
            SecurityAlert::MfaChanged { what } => (
                "Two-factor authentication changed",
                format!("{what}\n\nIf you did not do this, change your password now and contact your administrator."),
            ),
            SecurityAlert::PasswordChanged => (
                "Your OMGsystems password was changed",
                "The password of your OMGsystems account was just changed, and your other sessions were signed out.\n\nIf you did not do this, reset your password now and contact your administrator.".to_owned(),
            ),
        };
        Ok(Some(Rendered { subject: subject.to_owned(), text }))
    }
}
