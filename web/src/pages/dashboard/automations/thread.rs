//! A thread of posts (an automation's messages or a task's comments), oldest first, a page at a
//! time: posting, and editing or deleting one's own (editing within its window). Bodies are plain
//! text; their line breaks are kept and web addresses become links (text, never markup).

use leptos::prelude::*;
use shared::dto::automations::{EDIT_WINDOW_MINUTES, Message};
use uuid::Uuid;

use crate::api::automations::{Side, ThreadOf};
use crate::components::{Button, EmptyState, ErrorState, Pager, PagerState, Spinner, format_time};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// The thread `of`, with a form for a new post.
#[component]
pub fn Thread(side: Side, of: ThreadOf, label: &'static str, empty: &'static str) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let pager = PagerState::new();
    let posts = Remote::new(move || of.page(side, pager.cursor().as_deref()));
    Effect::new(move |_| {
        let next = posts.with(|p| p.and_then(|p| p.as_ref().ok()).and_then(|p| p.next_cursor.clone()));
        pager.next.set(next);
    });
    let body = RwSignal::new(String::new());
    let editing = RwSignal::new(None::<(Uuid, String)>);
    let post = Submission::new(
        &["body"],
        move |text: String| async move { session.post_to_thread(side, of, text).await },
        move |_| {
            body.set(String::new());
            posts.refetch();
        },
    );
    let edit = Submission::new(
        &["body"],
        move |(id, text): (Uuid, String)| async move { session.edit_post(side, of, id, text).await },
        move |_| {
            editing.set(None);
            posts.refetch();
        },
    );
    let delete = Submission::new(
        &[],
        move |id: Uuid| async move { session.delete_post(side, of, id).await },
        move |()| {
            toasts.success("Deleted.");
            posts.refetch();
        },
    );
    let me = move || session.me().map(|m| m.user.id);
    let list = move || match posts.get() {
        None => view! { <Spinner/> }.into_any(),
        Some(Err(e)) => view! { <ErrorState error=e retry=Callback::new(move |_| posts.refetch())/> }.into_any(),
        Some(Ok(page)) if page.items.is_empty() => view! { <EmptyState title=empty text=""/> }.into_any(),
        Some(Ok(page)) => {
            let items = page
                .items
                .into_iter()
                .map(|m| view! { <Post post=m mine=me() editing=editing edit=edit delete=delete/> })
                .collect_view();
            view! { <ol class="thread" aria-label=label>{items}</ol> }.into_any()
        }
    };
    let body_error = post.field("body");
    view! {
        {list}
        <Pager state=pager label="Thread pages"/>
        <form class="thread-form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            let text = body.get_untracked();
            if !text.trim().is_empty() {
                post.submit(text);
            }
        }>
            <div class="field" class:has-error=move || body_error.with(Option::is_some)>
                <label for=format!("{}-body", label.to_lowercase())>{format!("New {}", label.to_lowercase().trim_end_matches('s'))}</label>
                <textarea
                    id=format!("{}-body", label.to_lowercase())
                    rows="3"
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                ></textarea>
                {move || body_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <Button r#type="submit" busy=post.busy() name="post">"Post"</Button>
        </form>
    }
}

/// One post: its author, time and text, with edit and delete for its author.
#[component]
fn Post(
    post: Message,
    mine: Option<Uuid>,
    editing: RwSignal<Option<(Uuid, String)>>,
    edit: Submission<(Uuid, String)>,
    delete: Submission<Uuid>,
) -> impl IntoView {
    let id = post.id;
    let own = post.author.as_ref().map(|a| a.id) == mine && mine.is_some() && post.deleted_at.is_none();
    let age_ms = js_sys::Date::now() as i64 - post.created_at.timestamp_millis();
    let editable = own && age_ms < EDIT_WINDOW_MINUTES * 60_000;
    let author = post.author.as_ref().map_or_else(|| "Someone".to_owned(), |a| a.name.clone());
    let who = if post.from_staff { format!("{author} (OMGsystems)") } else { author };
    let text = post.body.clone().unwrap_or_default();
    let deleted = post.deleted_at.is_some();
    let shown = move || {
        if deleted {
            return view! { <p class="muted"><em>"Message deleted"</em></p> }.into_any();
        }
        match editing.get() {
            Some((e, draft)) if e == id => {
                let value = RwSignal::new(draft);
                view! {
                    <form novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        edit.submit((id, value.get_untracked()));
                    }>
                        <label class="sr-only" for=format!("edit-{id}")>"Edit"</label>
                        <textarea id=format!("edit-{id}") rows="3" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
                        <div class="button-row">
                            <Button r#type="submit" busy=edit.busy() name="save-post">"Save"</Button>
                            <Button variant="ghost" on_click=Callback::new(move |_| editing.set(None))>"Cancel"</Button>
                        </div>
                    </form>
                }
                .into_any()
            }
            _ => view! { <div class="post-body">{linkified(&text)}</div> }.into_any(),
        }
    };
    let draft = post.body.clone().unwrap_or_default();
    view! {
        <li class="post">
            <p class="muted small">
                <strong>{who}</strong>
                " · "
                {format_time(post.created_at)}
                {post.edited_at.map(|_| " · edited")}
            </p>
            {shown}
            {(own && !deleted).then(|| view! {
                <div class="button-row">
                    {editable.then(|| view! {
                        <button type="button" class="btn btn-ghost btn-small" on:click=move |_| editing.set(Some((id, draft.clone())))>"Edit"</button>
                    })}
                    <button type="button" class="btn btn-ghost btn-small" on:click=move |_| delete.submit(id)>"Delete"</button>
                </div>
            })}
        </li>
    }
}

/// Text with its line breaks, web addresses as links (escaped like any text).
fn linkified(text: &str) -> impl IntoView + use<> {
    text.lines()
        .map(|line| {
            let mut parts = Vec::new();
            for (i, word) in line.split(' ').enumerate() {
                if i > 0 {
                    parts.push(" ".into_any());
                }
                if word.starts_with("https://") || word.starts_with("http://") {
                    let href = word.to_owned();
                    parts.push(
                        view! { <a href=href rel="noopener noreferrer nofollow" target="_blank">{word.to_owned()}</a> }
                            .into_any(),
                    );
                } else {
                    parts.push(word.to_owned().into_any());
                }
            }
            view! { <p>{parts}</p> }
        })
        .collect_view()
}
