//! Customer organizations: search, filter, sort, pages.

use leptos::prelude::*;
use shared::dto::organizations::{OrgStatus, OrganizationSort};

use crate::api::{self, enc};
use crate::components::{
    Badge, Card, Icon, IconName, PageHeader, Pager, PagerState, SelectField, SortHeader, Table, format_time, page_rows,
};
use crate::state::remote::Remote;

/// An organization's status for people.
fn status_label(status: OrgStatus) -> &'static str {
    match status {
        OrgStatus::Active => "Active",
        OrgStatus::Suspended => "Suspended",
    }
}

/// The status badge of an organization.
pub fn status_badge(status: OrgStatus) -> impl IntoView {
    let tone = match status {
        OrgStatus::Active => "green",
        OrgStatus::Suspended => "red",
    };
    view! { <Badge text=status_label(status) tone=tone/> }
}

/// `/admin/organizations`.
#[component]
pub fn Organizations() -> impl IntoView {
    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let sort = RwSignal::new(OrganizationSort::default().as_str().to_owned());
    let pager = PagerState::new();

    // Search as the operator types, a moment after they stop.
    Effect::new(move |_| {
        let typed = search_input.get();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(300).await;
            if search_input.get_untracked() == typed && search.get_untracked() != typed {
                search.set(typed);
            }
        });
    });
    // A new filter starts from the first page.
    Effect::new(move |_| {
        search.track();
        status.track();
        sort.track();
        pager.reset();
    });

    let orgs = Remote::new(move || {
        let mut query = format!("&sort={}", enc(&sort.get()));
        let q = search.get();
        if !q.trim().is_empty() {
            query.push_str(&format!("&q={}", enc(q.trim())));
        }
        let st = status.get();
        if !st.is_empty() {
            query.push_str(&format!("&status={st}"));
        }
        api::organizations::admin_organizations(&query, pager.cursor().as_deref())
    });
    pager.follow(orgs);
    let status_options: Vec<_> =
        std::iter::once(("", "All")).chain(OrgStatus::ALL.into_iter().map(|s| (s.as_str(), status_label(s)))).collect();

    view! {
        <PageHeader title="Organizations" description="Every customer organization on the platform."/>
        <Card>
            <form class="filters" role="search" on:submit=move |ev| {
                ev.prevent_default();
                search.set(search_input.get_untracked());
            }>
                <div class="field search-field">
                    <label for="org-search">"Search"</label>
                    <div class="input-icon">
                        <Icon name=IconName::Search/>
                        <input
                            id="org-search"
                            type="search"
                            placeholder="Name or address"
                            prop:value=move || search_input.get()
                            on:input=move |ev| search_input.set(event_target_value(&ev))
                        />
                    </div>
                </div>
                <SelectField id="org-status" label="Status" value=status options=status_options/>
            </form>
            <Table caption="Organizations" head=view! {
                <SortHeader label="Name" key="name" sort=sort/>
                <th scope="col">"Status"</th>
                <th scope="col">"Members"</th>
                <SortHeader label="Created" key="created_at" sort=sort/>
            }
            .into_any()
            >
                {page_rows(orgs, 4, ("No organizations match", "Try another search or status."), |o| view! {
                    <tr>
                        <td>
                            <a href=format!("/admin/organizations/{}", o.id)>{o.name.clone()}</a>
                            <div class="muted small">{o.slug.clone()}</div>
                        </td>
                        <td>{status_badge(o.status)}</td>
                        <td>{o.member_count}</td>
                        <td>{format_time(o.created_at)}</td>
                    </tr>
                })}
            </Table>
            <Pager state=pager label="Organization pages"/>
        </Card>
    }
}
