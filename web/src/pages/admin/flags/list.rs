//! `/admin/flags`: every flag, searchable, in use or archived, and a form for a new one.

use leptos::prelude::*;
use shared::Permission;
use shared::dto::flags::{CreateFeatureFlagRequest, FeatureFlagSort, FeatureFlagsFilter};

use super::{on_off, percent};
use crate::api;
use crate::app::use_go;
use crate::components::list::{Column, FilterBar, ListQuery, ListRows, ListTable, Row, SearchFilter, SelectFilter};
use crate::components::{Button, Card, PageHeader, TextField, format_time};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;

const COLUMNS: &[Column] = &[
    Column::new("Key").sort("key"),
    Column::new("Default"),
    Column::new("Rollout"),
    Column::new("Overrides"),
    Column::new("Created").sort("-created_at"),
];

/// `/admin/flags`.
#[component]
pub fn Flags() -> impl IntoView {
    let session = Session::current();
    let query = ListQuery::new();
    let flags = Remote::new(move || {
        let filter =
            FeatureFlagsFilter { q: query.text("q"), archived: query.parsed("archived", |a| Some(a == "true")) };
        let sort = query.parsed("sort", FeatureFlagSort::parse).unwrap_or_default();
        api::flags::flags(&filter, sort, query.cursor().as_deref())
    });
    let rows = ListRows::new(flags, query.pager, |f| {
        Row::new(
            f.id,
            view! {
                <td>
                    <a class="row-link" href=format!("/admin/flags/{}", f.id)><code>{f.key.clone()}</code></a>
                    <div class="muted small">{f.description.clone()}</div>
                </td>
                <td>{on_off(f.enabled)}</td>
                <td>{percent(f.rollout_bp)}</td>
                <td>{f.override_count}</td>
                <td>{format_time(f.created_at)}</td>
            },
        )
    });
    view! {
        <PageHeader title="Feature flags" description="Turn features on for everyone, a share of organizations, or one organization."/>
        <Show when=move || session.can(Permission::AdminFlagsManage)>
            <NewFlag/>
        </Show>
        <Card>
            <FilterBar query=query>
                <SearchFilter query=query key="q" id="flag-search" placeholder="Key or description" error=rows.field_error("q")/>
                <SelectFilter
                    query=query
                    key="archived"
                    id="flag-archived"
                    label="Show"
                    options=vec![("", "In use"), ("true", "Archived")]
                />
            </FilterBar>
            <ListTable
                caption="Feature flags"
                columns=COLUMNS
                rows=rows
                query=query
                default_sort=FeatureFlagSort::default().as_str()
                empty=("No flags match", "Create one above, or try another search.")
                pager_label="Flag pages"
            />
        </Card>
    }
}

/// A new flag: its key and what it does; it starts off, at 0%.
#[component]
fn NewFlag() -> impl IntoView {
    let session = Session::current();
    let go = use_go();
    let key = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let create = Submission::new(
        &["key", "description"],
        move |body: CreateFeatureFlagRequest| async move { session.create_flag(&body).await },
        move |created| go(&format!("/admin/flags/{}", created.flag.id)),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let description = Some(description.get_untracked()).filter(|d| !d.trim().is_empty());
        create.submit(CreateFeatureFlagRequest { key: key.get_untracked(), description, ..Default::default() });
    };
    view! {
        <Card title="New flag">
            <form on:submit=submit novalidate class="form-narrow">
                <TextField
                    id="flag-key"
                    label="Key"
                    value=key
                    required=true
                    hint="Lowercase letters, digits, and . _ - (e.g. usage.dashboard). It cannot change later."
                    error=create.field("key")
                />
                <TextField id="flag-description" label="Description" value=description error=create.field("description")/>
                <Button r#type="submit" busy=create.busy() name="create-flag">"Create flag"</Button>
            </form>
        </Card>
    }
}
