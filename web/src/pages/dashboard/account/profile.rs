//! The signed-in user's profile.

use leptos::prelude::*;
use shared::dto::auth::UpdateProfileRequest;

use crate::components::{Button, Card, PageHeader, TextField, format_time};
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// `/dashboard/profile` and `/admin/profile`.
#[component]
pub fn Profile() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let me = session.me();
    let name = RwSignal::new(me.as_ref().map(|m| m.user.name.clone()).unwrap_or_default());
    let save = Submission::new(
        &["name"],
        move |body: UpdateProfileRequest| async move { session.update_profile(&body).await },
        move |user| {
            name.set(user.name);
            toasts.success("Profile saved.");
            leptos::task::spawn_local(session.reload_me());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(UpdateProfileRequest { name: Some(name.get_untracked()) });
    };
    view! {
        <PageHeader title="Profile" description="Your name and account details."/>
        <Card>
            <form on:submit=submit novalidate class="form-narrow">
                <TextField
                    id="name"
                    label="Name"
                    value=name
                    autocomplete="name"
                    required=true
                    error=save.field("name")
                />
                <dl class="details">
                    <dt>"Email"</dt>
                    <dd>{move || session.me().map(|m| m.user.email).unwrap_or_default()}</dd>
                    <dt>"Role"</dt>
                    <dd>{move || session.role().map(|r| r.as_str()).unwrap_or_default()}</dd>
                    <dt>"Member since"</dt>
                    <dd>{move || session.me().map(|m| format_time(m.user.created_at)).unwrap_or_default()}</dd>
                    <dt>"Last sign-in"</dt>
                    <dd>{move || session.me().and_then(|m| m.user.last_login_at).map(format_time).unwrap_or_else(|| "—".into())}</dd>
                </dl>
                <Button r#type="submit" busy=save.busy() name="save">"Save profile"</Button>
            </form>
        </Card>
    }
}
