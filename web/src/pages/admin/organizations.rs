//! Customer organizations: search, filter, sort, pages.

use leptos::prelude::*;
use shared::dto::admin::AdminOrganization;
use shared::dto::common::{OrgStatus, Page};

use crate::api::enc;
use crate::components::{
    Badge, Card, EmptyState, ErrorState, Icon, IconName, PageHeader, Pager, PagerState, SelectField, SkeletonRows,
    SortHeader, Table, format_time,
};
use crate::state::session::Session;

/// The status badge of an organization.
pub fn status_badge(status: OrgStatus) -> impl IntoView {
    match status {
        OrgStatus::Active => view! { <Badge text="Active" tone="green"/> },
        OrgStatus::Suspended => view! { <Badge text="Suspended" tone="red"/> },
    }
}

/// `/admin/organizations`.
#[component]
pub fn Organizations() -> impl IntoView {
    let session = Session::current();
    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let sort = RwSignal::new("-created_at".to_owned());
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

    let orgs = LocalResource::new(move || {
        let mut query = format!("limit=20&sort={}", enc(&sort.get()));
        let q = search.get();
        if !q.trim().is_empty() {
            query.push_str(&format!("&q={}", enc(q.trim())));
        }
        let st = status.get();
        if !st.is_empty() {
            query.push_str(&format!("&status={st}"));
        }
        if let Some(c) = pager.cursor() {
            query.push_str(&format!("&cursor={}", enc(&c)));
        }
        async move { session.get::<Page<AdminOrganization>>(&format!("/api/admin/organizations?{query}")).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = orgs.get() {
            pager.next.set(p.next_cursor.clone());
        }
    });

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
                <SelectField id="org-status" label="Status" value=status options=vec![("", "All"), ("active", "Active"), ("suspended", "Suspended")]/>
            </form>
            <Table caption="Organizations" head=view! {
                <SortHeader label="Name" key="name" sort=sort/>
                <th scope="col">"Status"</th>
                <th scope="col">"Members"</th>
                <SortHeader label="Created" key="created_at" sort=sort/>
            }
            .into_any()>
                {move || match orgs.get() {
                    None => view! { <SkeletonRows columns=4/> }.into_any(),
                    Some(Err(e)) => view! {
                        <tr><td colspan="4"><ErrorState error=e retry=Callback::new(move |_| orgs.refetch())/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(page)) if page.items.is_empty() => view! {
                        <tr><td colspan="4"><EmptyState title="No organizations match" text="Try another search or status."/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(page)) => page
                        .items
                        .into_iter()
                        .map(|o| view! {
                            <tr>
                                <td>
                                    <a href=format!("/admin/organizations/{}", o.id)>{o.name.clone()}</a>
                                    <div class="muted small">{o.slug.clone()}</div>
                                </td>
                                <td>{status_badge(o.status)}</td>
                                <td>{o.member_count}</td>
                                <td>{format_time(o.created_at)}</td>
                            </tr>
                        })
                        .collect_view()
                        .into_any(),
                }}
            </Table>
            <Pager state=pager label="Organization pages"/>
        </Card>
    }
}
