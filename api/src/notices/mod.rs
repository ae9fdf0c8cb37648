//! The catalogue of notices: every email to a user is one of these, sent through
//! [`crate::services::platform::notify`]. Each notice is one line in [`notices!`] naming its
//! payload type and its category; the payload (ids and facts, never a secret) renders itself in
//! its area's `notices` module when the job sends it, so what it says is current then.

use serde::{Deserialize, Serialize};
use shared::dto::notifications::NotificationCategory;
use uuid::Uuid;

use crate::state::AppState;

/// Who a notice is addressed to, as the send job found them.
#[derive(Debug, Clone)]
pub struct Addressee {
    /// The user, unless the recipient is a bare address.
    pub user_id: Option<Uuid>,
    /// Where the mail goes.
    pub email: String,
    /// The user's name, to greet them by.
    pub name: Option<String>,
}

/// What a notice says: its subject and body (the greeting and footer are added when sending).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body, without greeting or sign-off.
    pub text: String,
}

/// A notice's payload renders itself for one addressee.
pub trait Render {
    /// The mail for this addressee, or `None` when it no longer applies (a revoked invitation,
    /// a deleted message).
    fn render(
        &self,
        state: &AppState,
        to: &Addressee,
    ) -> impl std::future::Future<Output = anyhow::Result<Option<Rendered>>> + Send;

    /// Whether it goes even to a user who turned its category off (billing-critical mail).
    fn always_sent(&self) -> bool {
        false
    }
}

macro_rules! notices {
    ($( $(#[$doc:meta])* $variant:ident($payload:ty) => $category:ident; )+) => {
        /// A notice to send, with its payload.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "notice", content = "data", rename_all = "snake_case")]
        pub enum Notice {
            $( $(#[$doc])* $variant($payload) ),+
        }

        impl Notice {
            /// The category whose preference decides whether it is sent.
            pub fn category(&self) -> NotificationCategory {
                match self {
                    $( Notice::$variant(_) => NotificationCategory::$category ),+
                }
            }

            /// Renders the mail for an addressee.
            pub async fn render(&self, state: &AppState, to: &Addressee) -> anyhow::Result<Option<Rendered>> {
                match self {
                    $( Notice::$variant(p) => p.render(state, to).await ),+
                }
            }

            /// Whether it goes whatever the recipient's preferences.
            pub fn always_sent(&self) -> bool {
                !self.category().optional()
                    || match self {
                        $( Notice::$variant(p) => p.always_sent() ),+
                    }
            }
        }
    };
}

notices! {
    /// Account security: a new device, a second-factor change, a changed password.
    Security(crate::services::auth::notices::SecurityAlert) => Security;
    /// An invitation to join an organization, with its accept link.
    Invitation(crate::services::team::notices::InvitationEmail) => Team;
    /// New messages or comments in an automation's thread.
    AutomationThread(crate::services::automations::notices::ThreadNotice) => Automations;
    /// A task was assigned to the recipient.
    TaskAssigned(crate::services::automations::notices::TaskAssignedNotice) => Automations;
}
