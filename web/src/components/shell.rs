//! The app shell: a sidebar (a menu under 768 px), a top bar with the organization switcher and
//! the user menu, and the route guard that keeps signed-out people out.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};
use shared::Permission;

use super::{Icon, IconName, Spinner};
use crate::pages::dashboard::security::MfaEnrolment;
use crate::pages::public::forbidden::Forbidden;
use crate::state::session::{Gate, Session};

/// Which portal a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Portal {
    /// The client portal at `/dashboard`.
    Client,
    /// The operator's admin portal at `/admin`.
    Admin,
}

struct NavItem {
    href: &'static str,
    label: &'static str,
    icon: IconName,
    needs: Option<Permission>,
}

fn nav_items(portal: Portal) -> Vec<NavItem> {
    match portal {
        Portal::Client => vec![
            NavItem { href: "/dashboard", label: "Overview", icon: IconName::Home, needs: Some(Permission::OrgRead) },
            NavItem {
                href: "/dashboard/settings",
                label: "Organization",
                icon: IconName::Building,
                needs: Some(Permission::OrgRead),
            },
            NavItem {
                href: "/dashboard/api-keys",
                label: "API keys",
                icon: IconName::Clipboard,
                needs: Some(Permission::ApiKeysManage),
            },
            NavItem { href: "/dashboard/profile", label: "Profile", icon: IconName::UserCircle, needs: None },
            NavItem { href: "/dashboard/sessions", label: "Sessions", icon: IconName::Desktop, needs: None },
            NavItem { href: "/dashboard/security", label: "Security", icon: IconName::ShieldCheck, needs: None },
        ],
        Portal::Admin => vec![
            NavItem {
                href: "/admin/organizations",
                label: "Organizations",
                icon: IconName::Building,
                needs: Some(Permission::AdminOrganizationsRead),
            },
            NavItem {
                href: "/admin/audit",
                label: "Audit log",
                icon: IconName::Clipboard,
                needs: Some(Permission::AdminAuditRead),
            },
            NavItem { href: "/admin/profile", label: "Profile", icon: IconName::UserCircle, needs: None },
            NavItem { href: "/admin/sessions", label: "Sessions", icon: IconName::Desktop, needs: None },
            NavItem { href: "/admin/security", label: "Security", icon: IconName::ShieldCheck, needs: None },
        ],
    }
}

/// The shell of a portal, guarding its routes.
#[component]
pub fn PortalShell(portal: Portal) -> impl IntoView {
    let session = Session::current();
    let location = use_location();
    let navigate = use_navigate();
    let base = if portal == Portal::Admin { "/admin" } else { "/dashboard" };
    Effect::new(move |_| {
        let path = location.pathname.get_untracked();
        // Only while this portal is on screen (not after navigating away, e.g. on sign-out).
        let here_still = path == base || path.starts_with(&format!("{base}/"));
        if session.gate() == Gate::SignedOut && here_still {
            let here = format!("{path}{}", location.search.get_untracked());
            let next = crate::api::enc(&here);
            navigate(&format!("/login?next={next}"), Default::default());
        }
    });
    move || match session.gate() {
        Gate::Loading | Gate::SignedOut => view! { <div class="page-loading"><Spinner/></div> }.into_any(),
        Gate::Ready(me) if portal == Portal::Admin && !me.user.role.is_operator() => view! { <Forbidden/> }.into_any(),
        Gate::Ready(me) if portal == Portal::Admin && me.user.role == shared::Role::Admin && !me.user.mfa_enabled => {
            view! { <ForcedEnrolment/> }.into_any()
        }
        Gate::Ready(_) => view! { <Layout portal=portal/> }.into_any(),
    }
}

/// ADMIN accounts set up two-factor authentication before the admin portal opens.
#[component]
fn ForcedEnrolment() -> impl IntoView {
    let session = Session::current();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            navigate("/login", Default::default());
        });
    };
    view! {
        <div class="auth-page">
            <main id="main" class="auth-card wide">
                <h1>"Set up two-factor authentication"</h1>
                <p>"Administrator accounts hold every customer's data, so they need a second step at sign-in. Set it up now to open the admin portal."</p>
                <MfaEnrolment/>
                <button type="button" class="btn btn-ghost" on:click=sign_out>"Sign out"</button>
            </main>
        </div>
    }
}

#[component]
fn Layout(portal: Portal) -> impl IntoView {
    let session = Session::current();
    let menu_open = RwSignal::new(false);
    let location = use_location();
    // Close the mobile menu on navigation.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    let items = nav_items(portal);
    let title = if portal == Portal::Admin { "Admin" } else { "Client portal" };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <div class="shell" class:menu-open=move || menu_open.get()>
            <aside id="sidebar" class="sidebar" aria-label="Main">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    <span>"OMGsystems"</span>
                    <span class="brand-sub">{title}</span>
                </div>
                <nav aria-label=format!("{title} navigation")>
                    <ul class="nav-list">
                        {items
                            .into_iter()
                            .map(|item| {
                                let href = item.href;
                                let needs = item.needs;
                                let current = move || {
                                    let p = location.pathname.get();
                                    p == href || (href != "/dashboard" && p.starts_with(&format!("{href}/")))
                                };
                                view! {
                                    <Show when=move || needs.is_none_or(|p| session.can(p))>
                                        <li>
                                            <a
                                                href=href
                                                class="nav-link"
                                                class:active=current
                                                aria-current=move || current().then_some("page")
                                            >
                                                <Icon name=item.icon/>
                                                {item.label}
                                            </a>
                                        </li>
                                    </Show>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </aside>
            <div class="scrim" on:click=move |_| menu_open.set(false)></div>
            <div class="main-column">
                <header class="topbar">
                    <button
                        type="button"
                        class="icon-button menu-button"
                        aria-label="Menu"
                        aria-controls="sidebar"
                        aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| menu_open.update(|o| *o = !*o)
                    >
                        <Icon name=IconName::Menu/>
                    </button>
                    {(portal == Portal::Client).then(|| view! { <OrgSwitcher/> })}
                    <div class="topbar-spacer"></div>
                    <UserMenu portal=portal/>
                </header>
                <main id="main" class="content" tabindex="-1">
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

/// Chooses the active organization among the user's memberships.
#[component]
fn OrgSwitcher() -> impl IntoView {
    let session = Session::current();
    let memberships = move || session.me().map(|m| m.memberships).unwrap_or_default();
    let several = move || memberships().len() > 1;
    view! {
        <Show when=several
            fallback=move || view! {
                <span class="org-name">{move || session.active_membership().map(|m| m.organization.name).unwrap_or_default()}</span>
            }>
            <label class="org-switcher">
                <span class="sr-only">"Organization"</span>
                <select
                    on:change=move |ev| {
                        if let Ok(id) = uuid::Uuid::parse_str(&event_target_value(&ev)) {
                            session.select_org(id);
                        }
                    }
                >
                    {move || {
                        let active = session.active_membership().map(|m| m.organization.id);
                        memberships()
                            .into_iter()
                            .map(|m| {
                                let id = m.organization.id;
                                view! { <option value=id.to_string() selected=Some(id) == active>{m.organization.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        </Show>
    }
}

/// The signed-in user's name, role and the way out.
#[component]
fn UserMenu(portal: Portal) -> impl IntoView {
    let session = Session::current();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let base = if portal == Portal::Admin { "/admin" } else { "/dashboard" };
    let sign_out = move |_| {
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            navigate("/login", Default::default());
        });
    };
    view! {
        <details class="user-menu">
            <summary>
                <Icon name=IconName::UserCircle/>
                <span class="user-name">{move || session.me().map(|m| m.user.name).unwrap_or_default()}</span>
            </summary>
            <div class="menu-panel">
                <p class="menu-meta">
                    <span>{move || session.me().map(|m| m.user.email).unwrap_or_default()}</span>
                    <span class="muted">{move || session.role().map(|r| r.as_str()).unwrap_or_default()}</span>
                </p>
                <a href=format!("{base}/profile")>"Profile"</a>
                <a href=format!("{base}/sessions")>"Sessions"</a>
                <a href=format!("{base}/security")>"Security"</a>
                {move || {
                    session
                        .role()
                        .filter(|r| r.is_operator())
                        .map(|_| {
                            if portal == Portal::Admin {
                                view! { <a href="/dashboard">"Client portal"</a> }.into_any()
                            } else {
                                view! { <a href="/admin">"Admin portal"</a> }.into_any()
                            }
                        })
                }}
                <button type="button" class="menu-signout" disabled=move || busy.get() on:click=sign_out>
                    <Icon name=IconName::SignOut/>
                    "Sign out"
                </button>
            </div>
        </details>
    }
}
