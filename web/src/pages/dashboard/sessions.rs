//! The signed-in user's sessions: where they are signed in, and the way to end them.

use gloo_net::http::Method;
use leptos::prelude::*;
use shared::dto::auth::{RevokedCount, Session as SessionInfo, SessionList};

use crate::components::{
    Badge, Button, Card, ConfirmDialog, EmptyState, ErrorState, PageHeader, SkeletonRows, Table, format_time,
};
use crate::state::session::Session;
use crate::state::toast::Toasts;

fn device(s: &SessionInfo) -> String {
    let ua = s.user_agent.clone().unwrap_or_default();
    let browser = ["Edg", "Firefox", "Chrome", "Safari"].into_iter().find(|b| ua.contains(b));
    let os = ["Windows", "Mac OS", "Android", "iPhone", "Linux"].into_iter().find(|o| ua.contains(o));
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} on {o}"),
        (Some(b), None) => b.to_owned(),
        _ if ua.is_empty() => "Unknown device".to_owned(),
        _ => ua.chars().take(60).collect(),
    }
}

/// `/dashboard/sessions` and `/admin/sessions`.
#[component]
pub fn Sessions() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let list = LocalResource::new(move || async move { session.get::<SessionList>("/api/auth/sessions").await });
    let target = RwSignal::new(None::<SessionInfo>);
    let confirm_one = RwSignal::new(false);
    let confirm_others = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let revoke_one = Callback::new(move |_| {
        let Some(s) = target.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match session.call_empty(Method::DELETE, &format!("/api/auth/sessions/{}", s.id), None::<&()>).await {
                Ok(()) => toasts.success("Session ended."),
                Err(e) => toasts.error(e.message()),
            }
            busy.set(false);
            confirm_one.set(false);
            list.refetch();
        });
    });
    let revoke_others = Callback::new(move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match session.call::<RevokedCount>(Method::POST, "/api/auth/sessions/revoke-others", None::<&()>).await {
                Ok(n) => toasts.success(format!("Signed out of {} other session(s).", n.revoked)),
                Err(e) => toasts.error(e.message()),
            }
            busy.set(false);
            confirm_others.set(false);
            list.refetch();
        });
    });

    view! {
        <PageHeader title="Sessions" description="Devices and apps signed in to your account.">
            <Button variant="secondary" name="revoke-others" on_click=Callback::new(move |_| confirm_others.set(true))>
                "Sign out other sessions"
            </Button>
        </PageHeader>
        <Card>
            <Table caption="Active sessions" head=view! {
                <th scope="col">"Device"</th>
                <th scope="col">"IP address"</th>
                <th scope="col">"Signed in"</th>
                <th scope="col">"Last active"</th>
                <th scope="col"><span class="sr-only">"Actions"</span></th>
            }
            .into_any()>
                {move || match list.get() {
                    None => view! { <SkeletonRows columns=5 rows=3/> }.into_any(),
                    Some(Err(e)) => view! {
                        <tr><td colspan="5"><ErrorState error=e retry=Callback::new(move |_| list.refetch())/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(l)) if l.items.is_empty() => view! {
                        <tr><td colspan="5"><EmptyState title="No active sessions"/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(l)) => l
                        .items
                        .into_iter()
                        .map(|s| {
                            let label = device(&s);
                            let row = s.clone();
                            view! {
                                <tr data-session=s.id.to_string()>
                                    <td>
                                        {label.clone()}
                                        {s.current.then(|| view! { " " <Badge text="This session" tone="green"/> })}
                                    </td>
                                    <td>{s.ip.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{format_time(s.created_at)}</td>
                                    <td>{format_time(s.last_seen_at)}</td>
                                    <td class="actions">
                                        {(!s.current).then(|| {
                                            let row = row.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="btn btn-ghost btn-small"
                                                    aria-label=format!("Sign out {label}")
                                                    on:click=move |_| {
                                                        target.set(Some(row.clone()));
                                                        confirm_one.set(true);
                                                    }
                                                >
                                                    "Sign out"
                                                </button>
                                            }
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                        .into_any(),
                }}
            </Table>
        </Card>
        <ConfirmDialog
            open=confirm_one
            title="Sign out this session?"
            message=Signal::derive(move || {
                target.get().map(|s| format!("{} will be signed out at once.", device(&s))).unwrap_or_default()
            })
            confirm_label="Sign out"
            danger=true
            busy=busy
            on_confirm=revoke_one
        />
        <ConfirmDialog
            open=confirm_others
            title="Sign out every other session?"
            message=Signal::derive(|| "Every device but this one will be signed out at once.".to_owned())
            confirm_label="Sign out others"
            danger=true
            busy=busy
            on_confirm=revoke_others
        />
    }
}
