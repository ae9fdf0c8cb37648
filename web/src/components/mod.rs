//! The design system: small components every page is built from.

pub mod button;
pub mod card;
pub mod chart;
pub mod details;
pub mod dialog;
pub mod download;
pub mod form;
pub mod icons;
pub mod list;
pub mod pager;
pub mod shell;
pub mod states;
pub mod status;
pub mod status_page;
pub mod tabs;
pub mod toaster;
pub mod usage;

pub use button::Button;
pub use card::{Badge, Card, PageHeader};
pub use details::{Description, DescriptionList, Timeline, TimelineEvent};
pub use dialog::ConfirmDialog;
pub use form::{FormError, TextField};
pub use icons::{Icon, IconName};
pub use pager::{Pager, PagerState};
pub use shell::{NavGroup, NavItem};
pub use states::{EmptyState, ErrorState, Spinner, detail_page, loaded};
pub use status::{Access, Status, Tone, status_badge};
pub use status_page::{Forbidden, NotFound};
pub use tabs::{Tab, Tabs};

/// Formats a timestamp for people: `2026-11-24 09:41 UTC`.
pub fn format_time(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), t.month(), t.day(), t.hour(), t.minute())
}
