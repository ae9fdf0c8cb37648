//! Email notifications: the categories a user can turn off, and their preferences.

use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// What a notification email is about. A user may turn each category off, except
    /// `security` (sign-ins, password and two-factor changes), which is always sent.
    pub enum NotificationCategory {
        /// Invitations and membership changes.
        Team = "team",
        /// Automations, their tasks, messages and comments.
        Automations = "automations",
        /// Support tickets and their replies.
        Support = "support",
        /// Invoices, payments and subscriptions (issued invoices, failed payments and
        /// cancellations are always sent).
        Billing = "billing",
        /// Product news and beta programs.
        Product = "product",
        /// Account security: always sent.
        Security = "security",
    }
}

impl NotificationCategory {
    /// Whether a user may turn the category off.
    pub fn optional(self) -> bool {
        self != NotificationCategory::Security
    }

    /// What the category covers, for the preferences page.
    pub fn label(self) -> &'static str {
        match self {
            NotificationCategory::Team => "Team: invitations and membership changes",
            NotificationCategory::Automations => "Automations: tasks assigned to you, messages and comments",
            NotificationCategory::Support => "Support: replies to tickets",
            NotificationCategory::Billing => {
                "Billing: invoices and payments (invoices, failed payments and cancellations always go)"
            }
            NotificationCategory::Product => "Product: news and beta programs",
            NotificationCategory::Security => "Security: sign-ins, password and two-factor changes (always sent)",
        }
    }
}

/// One category's preference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreference {
    /// The category.
    pub category: NotificationCategory,
    /// Whether its emails are sent to the user.
    pub enabled: bool,
    /// Whether the user may turn it off (`security` is always sent).
    pub optional: bool,
}

/// The signed-in user's notification preferences, one per category (on unless turned off).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreferences {
    /// Every category, in catalogue order.
    pub preferences: Vec<NotificationPreference>,
}

/// A change to one category's preference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationPreferenceChange {
    /// The category (not `security`).
    pub category: NotificationCategory,
    /// On or off.
    pub enabled: bool,
}

/// Changes some categories' preferences; the others stay as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateNotificationPreferences {
    /// The changes (at most one per category).
    #[cfg_attr(feature = "openapi", schema(max_items = 6))]
    pub preferences: Vec<NotificationPreferenceChange>,
}
