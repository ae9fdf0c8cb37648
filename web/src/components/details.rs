//! A detail page's facts: a description list of terms and values, and a timeline of what
//! happened, newest first.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::format_time;

/// Terms and their values (`<dl>`), in two columns that stack on a phone.
#[component]
pub fn DescriptionList(children: Children) -> impl IntoView {
    view! { <dl class="details">{children()}</dl> }
}

/// One term of a [`DescriptionList`] and its value.
#[component]
pub fn Description(
    /// The term.
    term: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <dt>{term}</dt>
        <dd>{children()}</dd>
    }
}

/// One event of a [`Timeline`].
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What happened, as a short phrase.
    pub what: String,
    /// Who did it, when known.
    pub who: Option<String>,
    /// A further line (a reason, a value), when there is one.
    pub note: Option<String>,
}

/// What happened, newest first, as a list people and screen readers read in order.
#[component]
pub fn Timeline(
    /// The events, newest first.
    events: Vec<TimelineEvent>,
    /// The list's name for screen readers.
    label: &'static str,
) -> impl IntoView {
    let items = events
        .into_iter()
        .map(|e| {
            let at = machine_time(e.at);
            view! {
                <li class="timeline-event">
                    <span class="timeline-dot" aria-hidden="true"></span>
                    <p class="timeline-what">{e.what}</p>
                    <p class="muted small">
                        <time datetime=at>{format_time(e.at)}</time>
                        {e.who.map(|w| format!(" · {w}"))}
                    </p>
                    {e.note.map(|n| view! { <p class="timeline-note">{n}</p> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" aria-label=label>{items}</ol> }
}

/// `2026-11-24T09:41:05Z`, for a `<time>` element.
fn machine_time(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let (d, h) = (t.date_naive(), t.time());
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", d.year(), d.month(), d.day(), h.hour(), h.minute(), h.second())
}
