//! `notify`: the one way an email reaches a user. A notice is queued as a job in the
//! transaction of the change; when the job runs it finds the recipient, honours their
//! preference for the notice's category (security and billing-critical notices always go, but
//! never to an unconfirmed address), renders the notice as it stands then, and adds the footer
//! with the link to the recipient's preferences.

use chrono::{DateTime, Utc};
use sea_orm::EntityTrait;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::Tx;
use crate::entities::auth::user;
use crate::error::ApiResult;
use crate::jobs::{self, Job};
use crate::mail::templates::{self, Footer};
use crate::notices::{Addressee, Notice};
use crate::services::auth::notifications;
use crate::state::AppState;

/// Who a notice goes to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Recipient {
    /// A user: their preferences apply.
    User(Uuid),
    /// A bare address (an invitee, the billing email): no preferences.
    Address(String),
}

/// A queued notice (the payload of a `notify` job): ids and facts, never a secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The recipient.
    pub to: Recipient,
    /// What to tell them.
    pub notice: Notice,
}

/// Queues one notice in the caller's transaction.
pub async fn notify(tx: &Tx, now: DateTime<Utc>, to: Recipient, notice: Notice) -> ApiResult<()> {
    jobs::enqueue(tx, &Job::Notify(Pending { to, notice }), now).await?;
    Ok(())
}

/// Queues a notice due `now + window` unless one with the same `batch_key` is already waiting:
/// at most one email per key per window (the notice's render reads what is new when it runs).
pub async fn notify_batched(
    tx: &Tx,
    now: DateTime<Utc>,
    to: Recipient,
    notice: Notice,
    batch_key: &str,
    window: chrono::Duration,
) -> ApiResult<()> {
    jobs::queue::enqueue_batched(tx, &Job::Notify(Pending { to, notice }), now + window, batch_key, now).await?;
    Ok(())
}

/// Sends a queued notice (the `notify` job): nothing is sent to a user who is gone or disabled,
/// whose address is unconfirmed, or who turned the category off (unless the notice always goes).
pub async fn deliver(state: &AppState, pending: Pending) -> anyhow::Result<()> {
    let notice = &pending.notice;
    let (to, footer) = match pending.to {
        Recipient::Address(email) => (Addressee { user_id: None, email, name: None }, Footer::Address),
        Recipient::User(id) => {
            let Some(u) = user::Entity::find_by_id(id).one(&state.db).await? else { return Ok(()) };
            let security = !notice.category().optional();
            if !security && (u.disabled_at.is_some() || u.email_verified_at.is_none()) {
                return Ok(());
            }
            let footer = if notice.always_sent() {
                Footer::Always
            } else if notifications::enabled(&state.db, u.id, notice.category()).await? {
                let path = shared::links::preferences_path(user::stored_role(&u.role));
                Footer::Preferences {
                    category: notice.category().as_str().to_owned(),
                    link: shared::links::link(&state.config.public_url, &path, &[]),
                }
            } else {
                return Ok(());
            };
            (Addressee { user_id: Some(u.id), email: u.email, name: Some(u.name) }, footer)
        }
    };
    let Some(rendered) = notice.render(state, &to).await? else { return Ok(()) };
    let email = templates::notice(&to.email, to.name.as_deref(), &rendered.subject, &rendered.text, &footer);
    state.mailer.send(&state.config.mail_from, &email).await
}
