//! The typed API client: bearer token from memory, `X-Org-Id` from the selected organization,
//! one refresh-and-retry on 401, problem+json decoded into [`ApiError`]. One module per area
//! names the endpoints and their types.

pub mod account;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod automations;
pub mod flags;
pub mod metrics;
pub mod organizations;
pub mod settings;
pub mod team;
pub mod usage;
pub mod usage_monitoring;
pub mod users;

mod refresh_lock;

use std::marker::PhantomData;

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

    /// The message for one field, if the server named it.
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

/// The body of a successful answer, or the problem of a failed one. Not generic: every call
/// shares this code and only decodes its own type.
async fn answer(res: ApiResult<Response>) -> ApiResult<String> {
    let res = res?;
    if res.ok() { res.text().await.map_err(|e| ApiError::Network(e.to_string())) } else { Err(read_problem(res).await) }
}

/// A request body as JSON.
fn encode(body: Option<&impl Serialize>) -> ApiResult<Option<String>> {
    body.map(serde_json::to_string).transpose().map_err(|e| ApiError::Network(e.to_string()))
}

/// A JSON answer's value.
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    serde_json::from_str(text).map_err(|e| ApiError::Network(e.to_string()))
}

/// Exchanges the refresh cookie for a new access token, one tab at a time.
pub async fn refresh_with_cookie() -> ApiResult<AuthResponse> {
    let text = refresh_lock::with_lock(answer_public("/api/auth/refresh", None)).await?;
    decode(&text)
}

/// Sends a request that needs no session and reads its answer.
async fn answer_public(path: &'static str, body: Option<String>) -> ApiResult<String> {
    answer(send_once(Method::POST, path, body.as_deref(), None, None).await).await
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

    /// Sends a request and reads its answer.
    pub(crate) async fn exchange(&self, method: Method, path: &str, body: Option<String>) -> ApiResult<String> {
        answer(self.send(method, path, body).await).await
    }

    /// Calls the API and decodes a JSON answer.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> ApiResult<T> {
        let text = self.exchange(method, path, encode(body)?).await?;
        decode(&text)
    }

    /// Calls the API where the answer has no body (204).
    pub async fn call_empty(&self, method: Method, path: &str, body: Option<&impl Serialize>) -> ApiResult<()> {
        self.exchange(method, path, encode(body)?).await.map(drop)
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
pub async fn call_public<T: DeserializeOwned>(path: &'static str, body: &impl Serialize) -> ApiResult<T> {
    let text = answer_public(path, encode(Some(body))?).await?;
    decode(&text)
}

/// Posts to an endpoint that needs no session and answers without a body (202/204).
pub async fn post_public(path: &'static str, body: &impl Serialize) -> ApiResult<()> {
    answer_public(path, encode(Some(body))?).await.map(drop)
}

/// Percent-encodes a query value.
pub fn enc(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}

/// A typed `GET` of the API: the path, and the type of its answer. Pages load it with
/// [`crate::state::remote::Remote`].
pub struct Get<T> {
    path: String,
    answer: PhantomData<fn() -> T>,
}

impl<T> Get<T> {
    /// `GET path`, answering a `T`.
    pub fn new(path: String) -> Self {
        Get { path, answer: PhantomData }
    }

    /// The path and query.
    pub fn into_path(self) -> String {
        self.path
    }
}

/// The items on one page of a list.
pub const PAGE_SIZE: u32 = 20;

/// `path?name=value&…` with the parameters that have a value (escaped).
pub fn with_query(path: &str, params: &[(&str, Option<&str>)]) -> String {
    let mut out = path.to_owned();
    for (i, (name, value)) in params.iter().filter_map(|&(n, v)| Some((n, v?))).enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.push_str(&enc(value));
    }
    out
}

/// `path?limit=…` with the list's query parameters that have a value (escaped) and the cursor of
/// the page to load.
pub fn paged(path: &str, limit: u32, params: &[(&str, Option<&str>)], cursor: Option<&str>) -> String {
    let limit = limit.to_string();
    let all: Vec<_> = [("limit", Some(limit.as_str()))]
        .into_iter()
        .chain(params.iter().copied())
        .chain([("cursor", cursor)])
        .collect();
    with_query(path, &all)
}
