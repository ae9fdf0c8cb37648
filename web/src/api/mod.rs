//! The typed API client: bearer token from memory, `X-Org-Id` from the selected organization,
//! one refresh-and-retry on 401, problem+json decoded into [`ApiError`].

mod refresh_lock;

use gloo_net::http::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::dto::auth::{AuthResponse, Me};
use shared::{ErrorCode, Problem};

use crate::state::session::Session;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem.
    Problem(Problem),
    /// The server could not be reached or answered something unreadable.
    Network(String),
}

impl ApiError {
    /// A sentence for the person using the app.
    pub fn message(&self) -> String {
        match self {
            ApiError::Problem(p) => p.detail.clone().unwrap_or_else(|| p.title.clone()),
            ApiError::Network(_) => "The server could not be reached. Check your connection and try again.".into(),
        }
    }

    /// The stable error code, if the server gave one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Problem(p) => Some(p.code),
            ApiError::Network(_) => None,
        }
    }

    /// The message for one field of a validation problem.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            ApiError::Problem(p) => p.errors.iter().find(|e| e.field == name).map(|e| e.message.clone()),
            ApiError::Network(_) => None,
        }
    }
}

/// The result of an API call.
pub type ApiResult<T> = Result<T, ApiError>;

async fn read_problem(res: Response) -> ApiError {
    let status = res.status();
    match res.json::<Problem>().await {
        Ok(p) => ApiError::Problem(p),
        Err(_) => ApiError::Network(format!("unexpected answer ({status})")),
    }
}

fn builder(method: Method, path: &str, token: Option<&str>, org: Option<uuid::Uuid>) -> RequestBuilder {
    let mut b = RequestBuilder::new(path).method(method).header("Accept", "application/json");
    if let Some(t) = token {
        b = b.header("Authorization", &format!("Bearer {t}"));
    }
    if let Some(o) = org {
        b = b.header("X-Org-Id", &o.to_string());
    }
    b
}

async fn send_once(
    method: Method,
    path: &str,
    body: Option<&str>,
    token: Option<&str>,
    org: Option<uuid::Uuid>,
) -> ApiResult<Response> {
    let b = builder(method, path, token, org);
    let req = match body {
        Some(json) => b.header("Content-Type", "application/json").body(json.to_owned()),
        None => b.build(),
    };
    let req = req.map_err(|e| ApiError::Network(e.to_string()))?;
    req.send().await.map_err(|e| ApiError::Network(e.to_string()))
}

/// Exchanges the refresh cookie for a new access token, one tab at a time.
pub async fn refresh_with_cookie() -> ApiResult<AuthResponse> {
    refresh_lock::with_lock(async {
        let res = send_once(Method::POST, "/api/auth/refresh", None, None, None).await?;
        if res.ok() {
            res.json::<AuthResponse>().await.map_err(|e| ApiError::Network(e.to_string()))
        } else {
            Err(read_problem(res).await)
        }
    })
    .await
}

impl Session {
    async fn send(&self, method: Method, path: &str, body: Option<String>) -> ApiResult<Response> {
        let token = self.token();
        let org = self.selected_org();
        let res = send_once(method.clone(), path, body.as_deref(), token.as_deref(), org).await?;
        if res.status() != 401 || token.is_none() {
            return Ok(res);
        }
        // Another request of this tab may have refreshed meanwhile.
        let current = self.token();
        let fresh = if current.is_some() && current != token {
            current
        } else {
            match refresh_with_cookie().await {
                Ok(auth) => {
                    self.set_token(auth.access_token.clone());
                    auth.access_token
                }
                Err(_) => {
                    self.signed_out();
                    return Ok(res);
                }
            }
        };
        send_once(method, path, body.as_deref(), fresh.as_deref(), org).await
    }

    /// Calls the API and decodes a JSON answer.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> ApiResult<T> {
        let body = body.map(serde_json::to_string).transpose().map_err(|e| ApiError::Network(e.to_string()))?;
        let res = self.send(method, path, body).await?;
        if res.ok() {
            res.json::<T>().await.map_err(|e| ApiError::Network(e.to_string()))
        } else {
            Err(read_problem(res).await)
        }
    }

    /// Calls the API where the answer has no body (204).
    pub async fn call_empty(&self, method: Method, path: &str, body: Option<&impl Serialize>) -> ApiResult<()> {
        let body = body.map(serde_json::to_string).transpose().map_err(|e| ApiError::Network(e.to_string()))?;
        let res = self.send(method, path, body).await?;
        if res.ok() { Ok(()) } else { Err(read_problem(res).await) }
    }

    /// `GET path`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.call(Method::GET, path, None::<&()>).await
    }

    /// Loads the current user.
    pub async fn load_me(&self) -> ApiResult<Me> {
        self.get("/api/auth/me").await
    }
}

/// Calls an endpoint that needs no session (sign-in, sign-up).
pub async fn call_public<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> ApiResult<T> {
    let json = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
    let res = send_once(Method::POST, path, Some(&json), None, None).await?;
    if res.ok() {
        res.json::<T>().await.map_err(|e| ApiError::Network(e.to_string()))
    } else {
        Err(read_problem(res).await)
    }
}

/// Posts to an endpoint that needs no session and answers without a body (202/204).
pub async fn post_public(path: &str, body: &impl Serialize) -> ApiResult<()> {
    let json = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
    let res = send_once(Method::POST, path, Some(&json), None, None).await?;
    if res.ok() { Ok(()) } else { Err(read_problem(res).await) }
}

/// Percent-encodes a query value.
pub fn enc(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}
