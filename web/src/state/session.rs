//! The signed-in session: the access token (in memory only), the current user, and the
//! selected organization (remembered in local storage).

use leptos::prelude::*;
use shared::dto::auth::{Me, Membership};
use shared::{Permission, Role};
use uuid::Uuid;

use crate::api::{self, ApiResult};

const ORG_KEY: &str = "omgsystems.org";

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthState {
    /// Restoring a session from the refresh cookie.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in.
    SignedIn(Box<SignedIn>),
}

/// What a route guard needs to know.
#[derive(Debug, Clone, PartialEq)]
pub enum Gate {
    /// Not known yet.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in as this user.
    Ready(Box<Me>),
}

/// A signed-in user.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    /// The access token.
    pub access_token: String,
    /// Who they are.
    pub me: Me,
}

/// The session handle (cheap to copy).
#[derive(Debug, Clone, Copy)]
pub struct Session {
    /// The state.
    pub state: RwSignal<AuthState>,
    org: RwSignal<Option<Uuid>>,
    /// The active organization's id; changes only when another one becomes active.
    active_org: Memo<Option<Uuid>>,
    /// Set when the person signed out here: the app is on its way to the sign-in page.
    leaving: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Session {
    /// A new, loading session.
    pub fn new() -> Self {
        let org = storage().and_then(|s| s.get_item(ORG_KEY).ok().flatten()).and_then(|v| Uuid::parse_str(&v).ok());
        let state = RwSignal::new(AuthState::Loading);
        let org = RwSignal::new(org);
        let active_org = Memo::new(move |_| {
            let selected = org.get();
            state.with(|s| match s {
                AuthState::SignedIn(s) => {
                    let ms = &s.me.memberships;
                    ms.iter().find(|m| Some(m.organization.id) == selected).or(ms.first()).map(|m| m.organization.id)
                }
                _ => None,
            })
        });
        Session { state, org, active_org, leaving: RwSignal::new(false) }
    }

    /// The session of the app.
    pub fn current() -> Self {
        expect_context::<Session>()
    }

    /// Tries to restore a session from the refresh cookie.
    pub async fn restore(self) {
        match api::refresh_with_cookie().await {
            Ok(auth) => match auth.access_token {
                Some(token) => {
                    let _ = self.establish(token).await;
                }
                None => self.state.set(AuthState::SignedOut),
            },
            Err(_) => self.state.set(AuthState::SignedOut),
        }
    }

    /// Takes a fresh access token, loads the user and becomes signed in.
    pub async fn establish(self, token: String) -> ApiResult<Me> {
        self.state.set(AuthState::SignedIn(Box::new(SignedIn {
            access_token: token.clone(),
            me: Me { user: placeholder_user(), memberships: Vec::new(), permissions: Vec::new() },
        })));
        match self.load_me().await {
            Ok(me) => {
                self.state.set(AuthState::SignedIn(Box::new(SignedIn { access_token: token, me: me.clone() })));
                self.fix_selected_org();
                Ok(me)
            }
            Err(e) => {
                self.state.set(AuthState::SignedOut);
                Err(e)
            }
        }
    }

    /// Reloads the current user (after a change to their profile or organizations).
    pub async fn reload_me(self) {
        if let Ok(me) = self.load_me().await {
            self.state.update(|s| {
                if let AuthState::SignedIn(si) = s {
                    si.me = me;
                }
            });
            self.fix_selected_org();
        }
    }

    /// The access token, if signed in.
    pub fn token(&self) -> Option<String> {
        match self.state.get_untracked() {
            AuthState::SignedIn(si) => Some(si.access_token),
            _ => None,
        }
    }

    /// Replaces the access token after a refresh.
    pub fn set_token(&self, token: Option<String>) {
        let Some(token) = token else { return };
        self.state.update(|s| {
            if let AuthState::SignedIn(si) = s {
                si.access_token = token;
            }
        });
    }

    /// Forgets the session locally.
    pub fn signed_out(&self) {
        self.state.set(AuthState::SignedOut);
    }

    /// Where the session stands, for route guards (tracked).
    pub fn gate(&self) -> Gate {
        match self.state.get() {
            AuthState::Loading => Gate::Loading,
            AuthState::SignedOut => Gate::SignedOut,
            AuthState::SignedIn(si) if si.me.user.email.is_empty() => Gate::Loading,
            AuthState::SignedIn(si) => Gate::Ready(Box::new(si.me)),
        }
    }

    /// The current user (tracked).
    pub fn me(&self) -> Option<Me> {
        match self.state.get() {
            AuthState::SignedIn(si) if !si.me.user.email.is_empty() => Some(si.me),
            _ => None,
        }
    }

    /// The selected organization id, for `X-Org-Id` (untracked).
    pub fn selected_org(&self) -> Option<Uuid> {
        self.org.get_untracked()
    }

    /// The membership of the selected organization (tracked).
    pub fn active_membership(&self) -> Option<Membership> {
        let me = self.me()?;
        let selected = self.org.get();
        me.memberships.iter().find(|m| Some(m.organization.id) == selected).or(me.memberships.first()).cloned()
    }

    /// Tracks which organization is active (for what reloads when it changes).
    pub fn track_active_org(&self) {
        self.active_org.track();
    }

    /// Selects an organization and remembers it.
    pub fn select_org(&self, id: Uuid) {
        self.org.set(Some(id));
        if let Some(s) = storage() {
            let _ = s.set_item(ORG_KEY, &id.to_string());
        }
    }

    fn fix_selected_org(&self) {
        let Some(me) = self.me() else { return };
        let selected = self.org.get_untracked();
        if !me.memberships.iter().any(|m| Some(m.organization.id) == selected) {
            match me.memberships.first() {
                Some(m) => self.select_org(m.organization.id),
                None => self.org.set(None),
            }
        }
    }

    /// Whether the user holds a permission: in the selected organization, or through their role.
    pub fn can(&self, p: Permission) -> bool {
        let Some(me) = self.me() else { return false };
        if me.permissions.contains(&p) {
            return true;
        }
        self.active_membership().is_some_and(|m| m.permissions.contains(&p))
    }

    /// The user's role (tracked).
    pub fn role(&self) -> Option<Role> {
        self.me().map(|m| m.user.role)
    }

    /// Signs out on the server, then here.
    pub async fn sign_out(self) {
        let _ = self.call_empty(gloo_net::http::Method::POST, "/api/auth/logout", None::<&()>).await;
        self.leaving.set(true);
        self.signed_out();
    }

    /// Whether the person signed out here (and the app is leaving for the sign-in page), rather
    /// than the session having ended elsewhere (untracked).
    pub fn leaving(&self) -> bool {
        self.leaving.get_untracked()
    }
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

fn placeholder_user() -> shared::dto::auth::User {
    shared::dto::auth::User {
        id: Uuid::nil(),
        email: String::new(),
        name: String::new(),
        role: Role::Client,
        status: shared::dto::auth::UserStatus::Active,
        created_at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        last_login_at: None,
        mfa_enabled: false,
        email_verified: false,
    }
}

/// Where a user lands after signing in.
pub fn home_for(role: Role) -> &'static str {
    if role.is_operator() { "/admin" } else { "/dashboard" }
}
