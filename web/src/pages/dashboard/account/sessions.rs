//! The signed-in user's sessions: where they are signed in, and the way to end them.

use leptos::prelude::*;
use shared::dto::auth::Session as SessionInfo;

use crate::api;
use crate::components::list::{BulkBar, Column, ListQuery, ListRows, ListTable, Row, Selection};
use crate::components::{Badge, Button, Card, ConfirmDialog, PageHeader, format_time};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// A session's device for people (`Firefox on Linux`), from its user agent.
pub fn device(s: &SessionInfo) -> String {
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

const COLUMNS: &[Column] = &[
    Column::new("Device"),
    Column::new("IP address"),
    Column::new("Signed in"),
    Column::new("Last active"),
    Column::actions(),
];

/// `/dashboard/sessions` and `/admin/sessions`.
#[component]
pub fn Sessions() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let query = ListQuery::new();
    let list = Remote::new(move || api::account::sessions(query.cursor().as_deref()));
    let selection = Selection::new();
    let target = RwSignal::new(None::<SessionInfo>);
    let confirm_one = RwSignal::new(false);
    let confirm_chosen = RwSignal::new(false);
    let confirm_others = RwSignal::new(false);
    let bulk_busy = RwSignal::new(false);

    let end_one = Submission::new(
        &[],
        move |id| async move {
            let answer = session.end_session(id).await;
            confirm_one.set(false);
            list.refetch();
            answer
        },
        move |()| toasts.success("Session ended."),
    );
    let end_others = Submission::new(
        &[],
        move |()| async move {
            let answer = session.end_other_sessions().await;
            confirm_others.set(false);
            // Only this session is left.
            query.pager.reload_first(list);
            answer
        },
        move |n| toasts.success(format!("Signed out of {} other session(s).", n.revoked)),
    );
    let revoke_one = Callback::new(move |_| {
        if let Some(s) = target.get_untracked() {
            end_one.submit(s.id);
        }
    });
    let revoke_chosen = Callback::new(move |_| {
        bulk_busy.set(true);
        leptos::task::spawn_local(async move {
            let done = |n| format!("Signed out of {n} session(s)");
            selection.apply(toasts, done, |id| session.end_session(id)).await;
            bulk_busy.set(false);
            confirm_chosen.set(false);
            query.pager.reload_first(list);
        });
    });
    let rows = ListRows::new(list, query.pager, move |s| {
        let label = device(s);
        let sign_out = (!s.current).then(|| {
            let row = s.clone();
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
        });
        let row = Row::new(
            s.id,
            view! {
                <td>
                    {label.clone()}
                    {s.current.then(|| view! { " " <Badge text="This session" tone="green"/> })}
                </td>
                <td>{s.ip.clone().unwrap_or_else(|| "—".into())}</td>
                <td>{format_time(s.created_at)}</td>
                <td>{format_time(s.last_seen_at)}</td>
                <td class="actions">{sign_out}</td>
            },
        );
        // This session is ended by signing out, not from this list.
        if s.current { row } else { row.selectable(format!("Select {label}, signed in {}", format_time(s.created_at))) }
    });

    view! {
        <PageHeader title="Sessions" description="Devices and apps signed in to your account.">
            <Button variant="secondary" name="revoke-others" on_click=Callback::new(move |_| confirm_others.set(true))>
                "Sign out other sessions"
            </Button>
        </PageHeader>
        <Card>
            <BulkBar selection=selection>
                <Button variant="secondary" name="revoke-selected" on_click=Callback::new(move |_| confirm_chosen.set(true))>
                    "Sign out selected"
                </Button>
            </BulkBar>
            <ListTable
                caption="Active sessions"
                columns=COLUMNS
                rows=rows
                query=query
                selection=selection
                empty=("No active sessions", "")
                pager_label="Session pages"
            />
        </Card>
        <ConfirmDialog
            open=confirm_one
            title="Sign out this session?"
            message=Signal::derive(move || {
                target.get().map(|s| format!("{} will be signed out at once.", device(&s))).unwrap_or_default()
            })
            confirm_label="Sign out"
            danger=true
            busy=end_one.busy()
            on_confirm=revoke_one
        />
        <ConfirmDialog
            open=confirm_chosen
            title="Sign out the selected sessions?"
            message=Signal::derive(move || format!("{} device(s) will be signed out at once.", selection.count()))
            confirm_label="Sign out selected"
            danger=true
            busy=bulk_busy
            on_confirm=revoke_chosen
        />
        <ConfirmDialog
            open=confirm_others
            title="Sign out every other session?"
            message=Signal::derive(|| "Every device but this one will be signed out at once.".to_owned())
            confirm_label="Sign out others"
            danger=true
            busy=end_others.busy()
            on_confirm=Callback::new(move |_| end_others.submit(()))
        />
    }
}
