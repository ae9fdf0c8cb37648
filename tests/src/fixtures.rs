//! Fixtures: users, organizations and signed-in sessions, created quickly.

use serde_json::{Value, json};
use shared::{OrgRole, Role};
use uuid::Uuid;

use crate::http::expect_json;
use crate::{PASSWORD, PASSWORD_HASH, TestApp};

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Login {
    /// User id.
    pub user_id: Uuid,
    /// Email.
    pub email: String,
    /// Access token.
    pub access: String,
    /// Refresh token.
    pub refresh: String,
}

impl Login {
    fn from_auth_response(v: &Value) -> Login {
        Login {
            user_id: v["user"]["id"].as_str().and_then(|s| Uuid::parse_str(s).ok()).unwrap_or_default(),
            email: v["user"]["email"].as_str().unwrap_or_default().to_owned(),
            access: v["access_token"].as_str().unwrap_or_default().to_owned(),
            refresh: v["refresh_token"].as_str().unwrap_or_default().to_owned(),
        }
    }
}

/// A unique email address.
pub fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.com", Uuid::now_v7().simple())
}

impl TestApp {
    /// Registers through the API; returns the login and the new organization's id.
    pub async fn register(&self, org_name: &str) -> (Login, Uuid) {
        let res = self
            .post_json(
                "/api/auth/register",
                &json!({
                    "email": unique_email("owner"),
                    "password": PASSWORD,
                    "name": "Olive Owner",
                    "organization_name": org_name,
                }),
            )
            .await;
        let body = expect_json(res, 201).await;
        let login = Login::from_auth_response(&body);
        let me = expect_json(self.get_as(&login.access, "/api/auth/me").await, 200).await;
        let org_id = me["memberships"][0]["organization"]["id"].as_str().and_then(|s| Uuid::parse_str(s).ok());
        (login, org_id.unwrap_or_default())
    }

    /// Creates a user directly in the database (password [`PASSWORD`]).
    pub async fn create_user(&self, role: Role, email: &str) -> Uuid {
        let user = api::services::auth::users::insert_user(
            &self.state.db,
            email,
            "Test User",
            PASSWORD_HASH.clone(),
            role,
            chrono::Utc::now(),
        )
        .await;
        match user {
            Ok(u) => u.id,
            Err(e) => panic!("creating a user failed: {e}"),
        }
    }

    /// Creates an organization directly in the database.
    pub async fn create_org(&self, name: &str) -> Uuid {
        match api::services::organizations::create::insert_organization(&self.state.db, name, chrono::Utc::now()).await
        {
            Ok(o) => o.id,
            Err(e) => panic!("creating an organization failed: {e}"),
        }
    }

    /// Adds a user to an organization directly in the database.
    pub async fn add_member(&self, org_id: Uuid, user_id: Uuid, org_role: OrgRole) {
        if let Err(e) = api::services::team::members::insert_membership(
            &self.state.db,
            org_id,
            user_id,
            org_role,
            chrono::Utc::now(),
        )
        .await
        {
            panic!("adding a member failed: {e}");
        }
    }

    /// Signs in through the API.
    pub async fn login(&self, email: &str) -> Login {
        let res = self.post_json("/api/auth/login", &json!({ "email": email, "password": PASSWORD })).await;
        Login::from_auth_response(&expect_json(res, 200).await)
    }

    /// Creates a user with a role (and optionally a membership) and signs them in.
    pub async fn user(&self, role: Role, membership: Option<(Uuid, OrgRole)>) -> Login {
        let email = unique_email(&role.as_str().to_lowercase());
        let id = self.create_user(role, &email).await;
        if let Some((org, org_role)) = membership {
            self.add_member(org, id, org_role).await;
        }
        self.login(&email).await
    }

    /// A signed-in operator ADMIN with two-factor authentication on (ADMINs need it for the
    /// admin API).
    pub async fn admin(&self) -> Login {
        let login = self.user(Role::Admin, None).await;
        self.enable_mfa(&login).await;
        login
    }

    /// Turns on two-factor authentication for a signed-in user; returns the secret and the
    /// recovery codes. The clock moves past the code's time step, so the next code is fresh.
    pub async fn enable_mfa(&self, login: &Login) -> (String, Vec<String>) {
        let setup = expect_json(self.post_as(&login.access, "/api/auth/mfa/setup", &json!({})).await, 200).await;
        let secret = setup["secret"].as_str().unwrap_or_default().to_owned();
        let code = crate::totp::code_at(&secret, self.now().timestamp());
        let res = self.post_as(&login.access, "/api/auth/mfa/enable", &json!({ "code": code })).await;
        let codes = expect_json(res, 200).await["recovery_codes"]
            .as_array()
            .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        self.next_step();
        (secret, codes)
    }

    /// The server's current time.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        use api::clock::Clock;
        self.clock.now()
    }

    /// Moves the server's clock to the next TOTP time step.
    pub fn next_step(&self) {
        self.clock.advance(chrono::Duration::seconds(30));
    }
}
