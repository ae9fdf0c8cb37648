//! `/invitations/accept?token=…`: what an emailed invitation offers, and accepting it — signed
//! in with the invited address, after signing in, or with a new account.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::OrgRole;
use shared::dto::team::{AcceptInvitationRequest, InvitationPreview, InviteeRole};
use shared::validation::{DisplayName, check_password_length};

use super::login::access_token;
use crate::api;
use crate::app::use_go;
use crate::components::{Button, ErrorState, FormError, Spinner, TextField, format_time};
use crate::state::remote::Remote;
use crate::state::session::{Gate, Session};
use crate::state::submission::Submission;

/// What the visitor can do with a valid invitation.
#[derive(Debug, Clone, PartialEq)]
enum Offer {
    /// The session is not known yet.
    Loading,
    /// The address has an account: sign in first.
    SignInFirst,
    /// Signed in with the invited address.
    Join,
    /// Signed in as someone else (their address).
    SomeoneElse(String),
    /// Nobody has the address: a name and password make the account.
    NewAccount,
}

fn offer(gate: Gate, preview: &InvitationPreview) -> Offer {
    match gate {
        Gate::Loading => Offer::Loading,
        Gate::Ready(me) if me.user.email.eq_ignore_ascii_case(&preview.email) => Offer::Join,
        Gate::Ready(me) => Offer::SomeoneElse(me.user.email),
        Gate::SignedOut if preview.account_exists => Offer::SignInFirst,
        Gate::SignedOut => Offer::NewAccount,
    }
}

/// The accept page.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    let body = if token.is_empty() {
        view! {
            <h1>"Invitation"</h1>
            <p class="alert alert-error" role="alert">"This link is incomplete: open the link from the invitation email again."</p>
        }
        .into_any()
    } else {
        let t = token.clone();
        let preview = Remote::new(move || api::team::preview(&t));
        view! {
            {move || match preview.get() {
                None => view! { <Spinner/> }.into_any(),
                Some(Err(e)) => view! {
                    <h1>"Invitation"</h1>
                    <ErrorState error=e retry=Callback::new(move |_| preview.refetch())/>
                }
                .into_any(),
                Some(Ok(p)) => view! { <Invitation preview=p token=token.clone()/> }.into_any(),
            }}
        }
        .into_any()
    };
    view! {
        <div class="auth-page">
            <main id="main" class="auth-card">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "OMGsystems"
                </a>
                {body}
            </main>
        </div>
    }
}

/// A valid invitation and what the visitor can do with it.
#[component]
fn Invitation(preview: InvitationPreview, token: String) -> impl IntoView {
    let session = Session::current();
    let go = use_go();
    let role = match (preview.org_role, preview.role) {
        (OrgRole::Owner, _) => "an owner",
        (_, InviteeRole::Vendor) => "a vendor",
        _ => "a member",
    };
    let by =
        preview.invited_by_name.clone().map(|n| format!("{n} invited you")).unwrap_or_else(|| "You are invited".into());
    let summary = format!("{by} to join {} as {role}.", preview.organization_name);
    let expires =
        format!("The invitation is for {} and works until {}.", preview.email, format_time(preview.expires_at));
    let next = format!("/invitations/accept?token={}", api::enc(&token));
    let sign_in = format!("/login?next={}", api::enc(&next));

    let joined = {
        let go = go.clone();
        move |org: uuid::Uuid| {
            session.select_org(org);
            go("/dashboard");
        }
    };
    let accept = {
        let joined = joined.clone();
        Submission::inline(
            &[],
            move |token: String| async move { session.accept_invitation(token).await },
            move |m: shared::dto::auth::Membership| joined(m.organization.id),
        )
    };
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let local = RwSignal::new(Vec::<shared::FieldError>::new());
    let create = Submission::inline(
        &["name", "password"],
        move |body: AcceptInvitationRequest| async move {
            let me = session.establish(access_token(session.accept_invitation_as_new(&body).await?)?).await?;
            Ok(me.memberships.first().map(|m| m.organization.id))
        },
        move |org: Option<uuid::Uuid>| match org {
            Some(id) => joined(id),
            None => go("/dashboard"),
        },
    );
    let t = token.clone();
    let submit_new = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut problems = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            problems.push(e);
        }
        if let Err(e) = check_password_length("password", &password.get_untracked()) {
            problems.push(e);
        }
        let invalid = !problems.is_empty();
        local.set(problems);
        if invalid {
            return create.reset();
        }
        create.submit(AcceptInvitationRequest {
            token: t.clone(),
            name: Some(name.get_untracked()),
            password: Some(password.get_untracked()),
        });
    };
    let field_error = move |field: &'static str| {
        let server = create.field(field);
        Signal::derive(move || {
            local.with(|l| l.iter().find(|e| e.field == field).map(|e| e.message.clone())).or_else(|| server.get())
        })
    };
    let preview = StoredValue::new(preview);
    let current = Memo::new(move |_| preview.with_value(|p| offer(session.gate(), p)));
    let token = StoredValue::new(token);
    view! {
        <h1>{format!("Join {}", preview.with_value(|p| p.organization_name.clone()))}</h1>
        <p>{summary}</p>
        <p class="muted small">{expires}</p>
        {move || match current.get() {
            Offer::Loading => view! { <Spinner/> }.into_any(),
            Offer::SignInFirst => view! {
                <p>"You already have an account: sign in with that address to accept."</p>
                <a class="btn btn-primary" href=sign_in.clone()>"Sign in to accept"</a>
            }
            .into_any(),
            Offer::Join => view! {
                <FormError message=accept.refusal()/>
                <Button busy=accept.busy() name="accept" on_click=Callback::new(move |_| accept.submit(token.get_value()))>
                    "Accept invitation"
                </Button>
            }
            .into_any(),
            Offer::SomeoneElse(email) => view! {
                <p class="alert alert-info">
                    {format!("You are signed in as {email}. Sign out, then sign in with the invited address to accept.")}
                </p>
                <Button variant="secondary" name="sign-out" on_click=Callback::new(move |_| {
                    leptos::task::spawn_local(session.sign_out());
                })>
                    "Sign out"
                </Button>
            }
            .into_any(),
            Offer::NewAccount => view! {
                <form on:submit=submit_new.clone() novalidate>
                    <FormError message=create.refusal()/>
                    <TextField id="name" label="Your name" value=name autocomplete="name" required=true autofocus=true error=field_error("name")/>
                    <TextField
                        id="password"
                        label="Password"
                        value=password
                        r#type="password"
                        autocomplete="new-password"
                        required=true
                        hint="At least 8 characters; avoid common passwords."
                        error=field_error("password")
                    />
                    <Button r#type="submit" busy=create.busy() name="create-account">"Create account and join"</Button>
                </form>
            }
            .into_any(),
        }}
    }
}
