//! `/dashboard/automations/new`: a customer requests an automation.

use leptos::prelude::*;
use shared::dto::automations::{Automation, CreateAutomationRequest};

use crate::app::use_go;
use crate::components::{Button, Card, FormError, PageHeader, TextField};
use crate::state::session::Session;
use crate::state::submission::Submission;

/// `/dashboard/automations/new`.
#[component]
pub fn RequestAutomation() -> impl IntoView {
    let session = Session::current();
    let go = use_go();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let request = Submission::inline(
        &["name", "description", "target_go_live_date"],
        move |body: CreateAutomationRequest| async move { session.request_automation(&body).await },
        move |a: Automation| go(&format!("/dashboard/automations/{}", a.id)),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let description = description.get_untracked();
        request.submit(CreateAutomationRequest {
            name: name.get_untracked().trim().to_owned(),
            description: (!description.trim().is_empty()).then_some(description),
            target_go_live_date: chrono::NaiveDate::parse_from_str(&target.get_untracked(), "%Y-%m-%d").ok(),
        });
    };
    let description_error = request.field("description");
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/dashboard/automations">"Automations"</a>
        </nav>
        <PageHeader title="Request an automation" description="Say what should happen; our team scopes it with you."/>
        <Card>
            <FormError message=request.refusal()/>
            <form on:submit=submit novalidate class="form-narrow">
                <TextField id="automation-name" label="Name" value=name required=true hint="E.g. Sync new orders to the CRM." error=request.field("name")/>
                <div class="field" class:has-error=move || description_error.with(Option::is_some)>
                    <label for="automation-description">"What it should do"</label>
                    <textarea
                        id="automation-description"
                        rows="6"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    ></textarea>
                    {move || description_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <TextField id="automation-target" label="Target go-live (optional)" value=target r#type="date" error=request.field("target_go_live_date")/>
                <Button r#type="submit" busy=request.busy() name="request-automation">"Send request"</Button>
            </form>
        </Card>
    }
}
