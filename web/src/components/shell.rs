//! The app shell: a sidebar (a menu under 768 px), a top bar with the organization switcher and
//! the user menu, and the route guard that keeps signed-out people out.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;
use shared::Permission;
use shared::flags::FlagSpec;

use super::{Forbidden, Icon, IconName, Spinner};
use crate::app::use_go;
use crate::state::features::Features;
use crate::state::session::{Gate, Session};

/// Which portal a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Portal {
    /// The client portal at `/dashboard`.
    Client,
    /// The operator's admin portal at `/admin`.
    Admin,
}

impl Portal {
    /// Where the portal's pages live.
    pub fn base(self) -> &'static str {
        match self {
            Portal::Client => "/dashboard",
            Portal::Admin => "/admin",
        }
    }

    /// The portal's name in the sidebar.
    pub fn title(self) -> &'static str {
        match self {
            Portal::Client => "Client portal",
            Portal::Admin => "Admin",
        }
    }

    /// The portal's address of a page `path` relative to it (`""` is the portal's home).
    pub fn href(self, path: &str) -> String {
        if path.is_empty() { self.base().to_owned() } else { format!("{}/{path}", self.base()) }
    }
}

/// A sidebar entry, declared by the area that owns the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavItem {
    /// The page's path relative to the portal (`""` is the portal's home, `"api-keys"`), so that an
    /// area both portals share links into the one on screen.
    pub path: &'static str,
    /// The link text.
    pub label: &'static str,
    /// The icon beside it.
    pub icon: IconName,
    /// The permission the page needs; the entry is hidden without it.
    pub needs: Option<Permission>,
    /// The feature flag that turns the page on (client portal); the entry is hidden while it is off.
    pub feature: Option<FlagSpec>,
}

/// A group of the sidebar: a heading (none for the first, the portal's home) over the entries of
/// one or more areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavGroup {
    /// The heading.
    pub heading: Option<&'static str>,
    /// The areas' entries, in order.
    pub areas: &'static [&'static [NavItem]],
}

/// The shell of a portal, guarding its routes.
#[component]
pub fn PortalShell(
    /// The portal.
    portal: Portal,
    /// The sidebar, group by group, as the portal lists its areas.
    nav: &'static [NavGroup],
    /// The account pages in the user menu.
    menu: &'static [NavItem],
    /// Two-factor set-up, which ADMIN accounts go through before the admin portal opens.
    #[prop(optional, into)]
    enrolment: Option<ViewFn>,
    /// What the portal gives its pages once the user is signed in (the client portal: the
    /// active organization's feature flags); a function, so other portals' bundles leave it out.
    #[prop(optional)]
    provide: Option<fn()>,
) -> impl IntoView {
    let session = Session::current();
    let location = use_location();
    let navigate = use_go();
    let base = portal.base();
    Effect::new(move |_| {
        let path = location.pathname.get_untracked();
        // Only while this portal is on screen (not after navigating away, e.g. on sign-out).
        let here_still = path == base || path.starts_with(&format!("{base}/"));
        // Not after signing out here: that goes to the sign-in page by itself.
        if session.gate() == Gate::SignedOut && here_still && !session.leaving() {
            let here = format!("{path}{}", location.search.get_untracked());
            let next = crate::api::enc(&here);
            navigate(&format!("/login?next={next}"));
        }
    });
    move || match session.gate() {
        Gate::Loading | Gate::SignedOut => view! { <div class="page-loading"><Spinner/></div> }.into_any(),
        Gate::Ready(me) if portal == Portal::Admin && !me.user.role.is_operator() => view! { <Forbidden/> }.into_any(),
        Gate::Ready(me) if portal == Portal::Admin && me.user.role == shared::Role::Admin && !me.user.mfa_enabled => {
            let enrolment = enrolment.clone().unwrap_or_default();
            view! { <ForcedEnrolment enrolment=enrolment/> }.into_any()
        }
        Gate::Ready(_) => {
            if let Some(provide) = provide {
                provide();
            }
            view! { <Layout portal=portal nav=nav menu=menu/> }.into_any()
        }
    }
}

/// A sidebar entry, marked while its page (or a page under it) is on screen, shown when `shown`
/// says so.
fn nav_link(
    portal: Portal,
    item: &'static NavItem,
    shown: impl Fn(&NavItem) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let location = use_location();
    let href = portal.href(item.path);
    let home = item.path.is_empty();
    let link = href.clone();
    let current = Memo::new(move |_| {
        let p = location.pathname.get();
        let under = || p.strip_prefix(link.as_str()).is_some_and(|rest| rest.starts_with('/'));
        p == link || (!home && under())
    });
    view! {
        <Show when=move || shown(item)>
            <li>
                <a
                    href=href.clone()
                    class="nav-link"
                    class:active=move || current.get()
                    aria-current=move || current.get().then_some("page")
                >
                    <Icon name=item.icon/>
                    {item.label}
                </a>
            </li>
        </Show>
    }
}

/// ADMIN accounts set up two-factor authentication before the admin portal opens.
#[component]
fn ForcedEnrolment(enrolment: ViewFn) -> impl IntoView {
    let session = Session::current();
    let navigate = use_go();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            navigate("/login");
        });
    };
    view! {
        <div class="auth-page">
            <main id="main" class="auth-card wide">
                <h1>"Set up two-factor authentication"</h1>
                <p>"Administrator accounts hold every customer's data, so they need a second step at sign-in. Set it up now to open the admin portal."</p>
                {enrolment.run()}
                <button type="button" class="btn btn-ghost" on:click=sign_out>"Sign out"</button>
            </main>
        </div>
    }
}

#[component]
fn Layout(portal: Portal, nav: &'static [NavGroup], menu: &'static [NavItem]) -> impl IntoView {
    let session = Session::current();
    let features = Features::current();
    let shown = move |item: &NavItem| {
        item.needs.is_none_or(|p| session.can(p)) && item.feature.is_none_or(|f| features.is_some_and(|x| x.is_on(f)))
    };
    let menu_open = RwSignal::new(false);
    let location = use_location();
    // Close the mobile menu on navigation.
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    let title = portal.title();
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
                    {nav
                        .iter()
                        .map(|group| {
                            let items = || group.areas.iter().flat_map(|area| area.iter());
                            let heading = group.heading;
                            let links = items().map(|item| nav_link(portal, item, shown)).collect_view();
                            view! {
                                <Show when=move || heading.is_some() && items().any(shown)>
                                    <h2 class="nav-heading">{heading}</h2>
                                </Show>
                                <ul class="nav-list">{links}</ul>
                            }
                        })
                        .collect_view()}
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
                    <UserMenu portal=portal menu=menu/>
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
fn UserMenu(portal: Portal, menu: &'static [NavItem]) -> impl IntoView {
    let session = Session::current();
    let navigate = use_go();
    let busy = RwSignal::new(false);
    let sign_out = move |_| {
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            session.sign_out().await;
            navigate("/login");
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
                {menu
                    .iter()
                    .map(|item| view! { <a href=portal.href(item.path)>{item.label}</a> })
                    .collect_view()}
                {move || {
                    session
                        .role()
                        .filter(|r| r.is_operator())
                        .map(|_| {
                            let (href, label) = match portal {
                                Portal::Admin => ("/dashboard", "Client portal"),
                                Portal::Client => ("/admin", "Admin portal"),
                            };
                            view! { <a href=href>{label}</a> }
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
