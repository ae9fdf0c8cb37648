//! Sending an email through the configured mailer.

use super::RetryPolicy;
use crate::mail::Email;
use crate::state::AppState;

/// Mail servers recover: 8 attempts over about two hours.
pub const RETRY: RetryPolicy = RetryPolicy { max_attempts: 8, first_back_off_secs: 30, max_back_off_secs: 3600 };

/// One-off jobs.
pub const RECURRING: Option<(chrono::Duration, fn() -> super::Job)> = None;

/// Sends the email.
pub async fn perform(state: &AppState, email: Email) -> anyhow::Result<()> {
    state.mailer.send(&state.config.mail_from, &email).await
}
