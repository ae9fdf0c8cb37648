//! The client owner whose overview is measured: registered through the API once, then signed in
//! through the API before each signed-in load, whose refresh cookie (exactly as the server set
//! it) goes into the browser so the page restores the session as a returning user's would.

use anyhow::{Context, bail};
use api::routes::auth::REFRESH_COOKIE;
use reqwest::header::SET_COOKIE;
use serde_json::{Value, json};
use shared::dto::auth::{LoginRequest, RegisterRequest};
use tests::server_process::random_hex;

/// A registered CLIENT owner.
pub struct Owner {
    email: String,
    password: String,
}

/// A cookie as a `Set-Cookie` header gave it.
#[derive(Debug, Clone)]
pub struct Cookie {
    name: String,
    value: String,
    path: Option<String>,
    http_only: bool,
    secure: bool,
    same_site: Option<String>,
}

impl Cookie {
    /// The parameters of `Network.setCookie` for the site at `base` (`http://127.0.0.1:<port>`).
    pub fn cdp_params(&self, base: &str) -> Value {
        let mut params = json!({
            "name": self.name,
            "value": self.value,
            "url": format!("{base}{}", self.path.as_deref().unwrap_or("/")),
            "httpOnly": self.http_only,
            "secure": self.secure,
        });
        if let Some(path) = &self.path {
            params["path"] = json!(path);
        }
        if let Some(same_site) = self.same_site.as_deref().and_then(cdp_same_site) {
            params["sameSite"] = json!(same_site);
        }
        params
    }

    /// Its attributes, for the report: `omg_refresh (path /api/auth, HttpOnly, Secure, SameSite=Strict)`.
    pub fn describe(&self) -> String {
        let mut attributes = vec![format!("path {}", self.path.as_deref().unwrap_or("/"))];
        if self.http_only {
            attributes.push("HttpOnly".into());
        }
        if self.secure {
            attributes.push("Secure".into());
        }
        if let Some(s) = &self.same_site {
            attributes.push(format!("SameSite={s}"));
        }
        format!("{} ({})", self.name, attributes.join(", "))
    }
}

/// DevTools' spelling of a `SameSite` value.
fn cdp_same_site(value: &str) -> Option<&'static str> {
    match value.to_ascii_lowercase().as_str() {
        "strict" => Some("Strict"),
        "lax" => Some("Lax"),
        "none" => Some("None"),
        _ => None,
    }
}

impl Owner {
    /// Registers a new CLIENT user with their own organization (`POST /api/auth/register`).
    pub async fn register(http: &reqwest::Client, base: &str) -> anyhow::Result<Owner> {
        let owner = Owner {
            email: format!("owner-{}@loadtime.example", random_hex(4)?),
            password: format!("Loadtime-{}", random_hex(8)?),
        };
        let body = RegisterRequest {
            email: owner.email.clone(),
            password: owner.password.clone(),
            name: "Load Time".into(),
            organization_name: "Load Time Org".into(),
        };
        let res = http.post(format!("{base}/api/auth/register")).json(&body).send().await.context("registering")?;
        if res.status() != reqwest::StatusCode::CREATED {
            bail!("registering answered {}: {}", res.status(), res.text().await.unwrap_or_default());
        }
        Ok(owner)
    }

    /// Signs in (`POST /api/auth/login`, as the web app does) and returns the refresh cookie.
    pub async fn sign_in(&self, http: &reqwest::Client, base: &str) -> anyhow::Result<Cookie> {
        let body = LoginRequest { email: self.email.clone(), password: self.password.clone() };
        let res = http
            .post(format!("{base}/api/auth/login"))
            .header("X-Refresh-Token-Transport", "cookie")
            .json(&body)
            .send()
            .await
            .context("signing in")?;
        if res.status() != reqwest::StatusCode::OK {
            bail!("signing in answered {}: {}", res.status(), res.text().await.unwrap_or_default());
        }
        res.headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|h| h.to_str().ok())
            .filter_map(parse_set_cookie)
            .find(|c| c.name == REFRESH_COOKIE && !c.value.is_empty())
            .with_context(|| format!("signing in set no {REFRESH_COOKIE} cookie"))
    }
}

/// `name=value; Path=/x; HttpOnly; Secure; SameSite=Strict; Max-Age=…`.
fn parse_set_cookie(header: &str) -> Option<Cookie> {
    let mut parts = header.split(';').map(str::trim);
    let (name, value) = parts.next()?.split_once('=')?;
    let mut cookie = Cookie {
        name: name.to_owned(),
        value: value.to_owned(),
        path: None,
        http_only: false,
        secure: false,
        same_site: None,
    };
    for attribute in parts {
        let (key, val) = attribute.split_once('=').unwrap_or((attribute, ""));
        match key.to_ascii_lowercase().as_str() {
            "path" => cookie.path = Some(val.to_owned()),
            "httponly" => cookie.http_only = true,
            "secure" => cookie.secure = true,
            "samesite" => cookie.same_site = Some(val.to_owned()),
            _ => {}
        }
    }
    Some(cookie)
}
