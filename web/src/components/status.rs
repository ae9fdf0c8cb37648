//! Status badges from one mapping: each status the API returns has its label and colour here,
//! so a status reads the same on every page.

use leptos::prelude::*;
use shared::dto::audit::AuditOutcome;
use shared::dto::auth::UserStatus;
use shared::dto::automations::{AutomationStatus, TaskPriority, TaskStatus};
use shared::dto::organizations::OrgStatus;
use shared::dto::team::InvitationStatus;

use super::Badge;

/// A badge's colour, by what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Working as it should (active, paid, success).
    Good,
    /// Stopped or failed (suspended, failed, overdue).
    Bad,
    /// Needs attention soon (pending, expiring, unconfirmed).
    Warning,
    /// Neutral information (a role, an owner).
    Info,
    /// Over or inert (revoked, archived, closed).
    Inactive,
}

impl Tone {
    /// The badge's colour class.
    pub fn colour(self) -> &'static str {
        match self {
            Tone::Good => "green",
            Tone::Bad => "red",
            Tone::Warning => "amber",
            Tone::Info => "blue",
            Tone::Inactive => "gray",
        }
    }
}

/// A status with its label and tone.
pub trait Status: Copy {
    /// The status for people: `Suspended`.
    fn label(self) -> &'static str;
    /// What colour its badge is.
    fn tone(self) -> Tone;
}

impl Status for OrgStatus {
    fn label(self) -> &'static str {
        match self {
            OrgStatus::Active => "Active",
            OrgStatus::Suspended => "Suspended",
        }
    }

    fn tone(self) -> Tone {
        match self {
            OrgStatus::Active => Tone::Good,
            OrgStatus::Suspended => Tone::Bad,
        }
    }
}

impl Status for AutomationStatus {
    fn label(self) -> &'static str {
        match self {
            AutomationStatus::Requested => "Requested",
            AutomationStatus::Scoping => "Scoping",
            AutomationStatus::Building => "Building",
            AutomationStatus::Testing => "Testing",
            AutomationStatus::Live => "Live",
            AutomationStatus::Paused => "Paused",
            AutomationStatus::Archived => "Archived",
        }
    }

    fn tone(self) -> Tone {
        match self {
            AutomationStatus::Requested => Tone::Warning,
            AutomationStatus::Scoping | AutomationStatus::Building | AutomationStatus::Testing => Tone::Info,
            AutomationStatus::Live => Tone::Good,
            AutomationStatus::Paused => Tone::Bad,
            AutomationStatus::Archived => Tone::Inactive,
        }
    }
}

impl Status for TaskStatus {
    fn label(self) -> &'static str {
        match self {
            TaskStatus::Todo => "To do",
            TaskStatus::InProgress => "In progress",
            TaskStatus::Blocked => "Blocked",
            TaskStatus::Done => "Done",
        }
    }

    fn tone(self) -> Tone {
        match self {
            TaskStatus::Todo => Tone::Inactive,
            TaskStatus::InProgress => Tone::Info,
            TaskStatus::Blocked => Tone::Bad,
            TaskStatus::Done => Tone::Good,
        }
    }
}

impl Status for TaskPriority {
    fn label(self) -> &'static str {
        match self {
            TaskPriority::Low => "Low",
            TaskPriority::Normal => "Normal",
            TaskPriority::High => "High",
            TaskPriority::Urgent => "Urgent",
        }
    }

    fn tone(self) -> Tone {
        match self {
            TaskPriority::Low => Tone::Inactive,
            TaskPriority::Normal => Tone::Info,
            TaskPriority::High => Tone::Warning,
            TaskPriority::Urgent => Tone::Bad,
        }
    }
}

impl Status for InvitationStatus {
    fn label(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "Pending",
            InvitationStatus::Accepted => "Accepted",
            InvitationStatus::Revoked => "Revoked",
            InvitationStatus::Expired => "Expired",
        }
    }

    fn tone(self) -> Tone {
        match self {
            InvitationStatus::Pending => Tone::Warning,
            InvitationStatus::Accepted => Tone::Good,
            InvitationStatus::Revoked | InvitationStatus::Expired => Tone::Inactive,
        }
    }
}

impl Status for UserStatus {
    fn label(self) -> &'static str {
        match self {
            UserStatus::Active => "Active",
            UserStatus::Disabled => "Disabled",
        }
    }

    fn tone(self) -> Tone {
        match self {
            UserStatus::Active => Tone::Good,
            UserStatus::Disabled => Tone::Bad,
        }
    }
}

impl Status for AuditOutcome {
    fn label(self) -> &'static str {
        match self {
            AuditOutcome::Success => "success",
            AuditOutcome::Failure => "failure",
        }
    }

    fn tone(self) -> Tone {
        match self {
            AuditOutcome::Success => Tone::Good,
            AuditOutcome::Failure => Tone::Bad,
        }
    }
}

/// Whether an API key or a session still works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// It works.
    Active,
    /// It was revoked.
    Revoked,
}

impl Status for Access {
    fn label(self) -> &'static str {
        match self {
            Access::Active => "Active",
            Access::Revoked => "Revoked",
        }
    }

    fn tone(self) -> Tone {
        match self {
            Access::Active => Tone::Good,
            Access::Revoked => Tone::Inactive,
        }
    }
}

/// The badge of `status`.
pub fn status_badge(status: impl Status) -> impl IntoView {
    view! { <Badge text=status.label() tone=status.tone().colour()/> }
}
