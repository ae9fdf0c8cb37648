//! The home page: what OMGsystems is, and the way in.

use leptos::either::Either;
use leptos::prelude::*;

use crate::components::{Icon, IconName};
use crate::state::session::{Gate, Session, home_for};

/// The public home page.
#[component]
pub fn Home() -> impl IntoView {
    let session = Session::current();
    let portal = move || match session.gate() {
        Gate::Ready(me) => Some(home_for(me.user.role)),
        _ => None,
    };
    view! {
        <div class="public">
            <header class="public-header">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "OMGsystems"
                </a>
                <nav aria-label="Account">
                    {move || match portal() {
                        Some(href) => Either::Left(view! { <a class="btn btn-primary" href=href>"Open your portal"</a> }),
                        None => Either::Right(view! {
                            <a class="btn btn-ghost" href="/login">"Sign in"</a>
                            <a class="btn btn-primary" href="/signup">"Start free"</a>
                        }),
                    }}
                </nav>
            </header>
            <main id="main" class="hero">
                <h1>"Run your customers on one secure platform"</h1>
                <p class="lead">
                    "OMGsystems gives every customer organization its own portal — KPIs, automations, billing, usage and support — and gives your team one admin console to run them all."
                </p>
                <div class="hero-actions">
                    <a class="btn btn-primary btn-large" href="/signup">"Create your organization"</a>
                    <a class="btn btn-secondary btn-large" href="/login">"Sign in"</a>
                </div>
                <ul class="features" aria-label="Highlights">
                    <li>
                        <Icon name=IconName::ShieldCheck/>
                        <h2>"Secure by default"</h2>
                        <p>"Rotating sessions, argon2id passwords, a complete audit trail and strict tenant isolation."</p>
                    </li>
                    <li>
                        <Icon name=IconName::Users/>
                        <h2>"Built for teams"</h2>
                        <p>"Owners, members and outside vendors each see exactly what their role allows."</p>
                    </li>
                    <li>
                        <Icon name=IconName::ChartBar/>
                        <h2>"One console for operators"</h2>
                        <p>"Search, suspend and reactivate organizations, and review every security event."</p>
                    </li>
                </ul>
            </main>
            <footer class="public-footer muted">"© OMGsystems"</footer>
        </div>
    }
}
