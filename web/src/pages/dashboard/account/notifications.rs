//! The signed-in user's email notification preferences, on the profile page (`#notifications`,
//! where every notification email's footer links to).

use leptos::prelude::*;
use shared::dto::notifications::{
    NotificationPreference, NotificationPreferenceChange, NotificationPreferences, UpdateNotificationPreferences,
};

use crate::api;
use crate::components::{Card, loaded};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::toast::Toasts;

/// A checkbox per category; a change is saved at once.
#[component]
pub fn NotificationSettings() -> impl IntoView {
    let prefs = Remote::new(api::account::notification_preferences);
    view! {
        <div id="notifications">
            <Card title="Email notifications">
                <p class="hint">"Choose which emails you receive. Security emails are always sent."</p>
                {loaded(prefs, move |p: NotificationPreferences| {
                    view! {
                        <fieldset class="field">
                            <legend>"Send me emails about"</legend>
                            {p.preferences.into_iter().map(|pref| view! { <Preference pref prefs/> }).collect_view()}
                        </fieldset>
                    }
                })}
            </Card>
        </div>
    }
}

#[component]
fn Preference(pref: NotificationPreference, prefs: Remote<NotificationPreferences>) -> impl IntoView {
    let (session, toasts) = (Session::current(), Toasts::current());
    let checked = RwSignal::new(pref.enabled);
    let busy = RwSignal::new(false);
    let category = pref.category;
    let change = move |ev: leptos::ev::Event| {
        let enabled = event_target_checked(&ev);
        checked.set(enabled);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let body =
                UpdateNotificationPreferences { preferences: vec![NotificationPreferenceChange { category, enabled }] };
            match session.update_notification_preferences(&body).await {
                Ok(_) => toasts.success(if enabled { "Emails turned on." } else { "Emails turned off." }),
                Err(e) => {
                    checked.set(!enabled);
                    toasts.error(e.message());
                    prefs.refetch();
                }
            }
            busy.set(false);
        });
    };
    view! {
        <label class="checkbox">
            <input
                type="checkbox"
                name=category.as_str()
                prop:checked=checked
                disabled=move || !pref.optional || busy.get()
                on:change=change
            />
            {category.label()}
        </label>
    }
}
