//! Emailing a password-reset or confirmation link. The payload names the user and the purpose
//! only; the token is minted (and only its hash stored) when the email is sent, and withdrawn if
//! sending fails, so neither a pending, a sent nor a dead job holds a secret.

use super::RetryPolicy;
use crate::services::auth::recovery::{self, LinkEmail};
use crate::state::AppState;

/// Like other mail: 8 attempts over about two hours.
pub const RETRY: RetryPolicy = super::email::RETRY;

/// One-off jobs.
pub const RECURRING: Option<(chrono::Duration, fn() -> super::Job)> = None;

/// Mints the token and sends the email.
pub async fn perform(state: &AppState, job: LinkEmail) -> anyhow::Result<()> {
    let minted = recovery::link_email(state, &job).await.map_err(|e| anyhow::anyhow!("minting a link: {e}"))?;
    let Some((token_id, email)) = minted else { return Ok(()) };
    if let Err(e) = state.mailer.send(&state.config.mail_from, &email).await {
        if let Err(w) = recovery::withdraw_token(&state.db, token_id).await {
            tracing::warn!(error = %w, "withdrawing an unsent link's token failed");
        }
        return Err(e);
    }
    Ok(())
}
