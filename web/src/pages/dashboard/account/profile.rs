//! The signed-in user's profile.

use leptos::prelude::*;
use shared::dto::auth::UpdateProfileRequest;

use super::notifications::NotificationSettings;
use crate::components::{Button, Card, Description, DescriptionList, PageHeader, TextField, format_time};
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
                <DescriptionList>
                    <Description term="Email">{move || session.me().map(|m| m.user.email).unwrap_or_default()}</Description>
                    <Description term="Role">{move || session.role().map(|r| r.as_str()).unwrap_or_default()}</Description>
                    <Description term="Member since">
                        {move || session.me().map(|m| format_time(m.user.created_at)).unwrap_or_default()}
                    </Description>
                    <Description term="Last sign-in">
                        {move || session.me().and_then(|m| m.user.last_login_at).map(format_time).unwrap_or_else(|| "—".into())}
                    </Description>
                </DescriptionList>
                <Button r#type="submit" busy=save.busy() name="save">"Save profile"</Button>
            </form>
        </Card>
        <NotificationSettings/>
    }
}
