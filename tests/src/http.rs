//! HTTP helpers: requests with a bearer token and optional organization, typed answers, and
//! assertions on problem+json answers.
//!
//! The `expect*` helpers are `#[track_caller]` functions that return the future doing the work,
//! so a failure names the test line that called them (async functions cannot track their caller).

use std::future::Future;
use std::panic::Location;

use reqwest::{Method, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use shared::Problem;

use crate::TestApp;

/// A request in the making.
pub struct Call<'a> {
    app: &'a TestApp,
    builder: reqwest::RequestBuilder,
}

impl TestApp {
    /// Starts a request.
    pub fn call(&self, method: Method, path: &str) -> Call<'_> {
        Call { app: self, builder: self.client.request(method, self.url(path)) }
    }

    /// `GET path` with a bearer token.
    pub async fn get_as(&self, token: &str, path: &str) -> Response {
        self.call(Method::GET, path).bearer(token).send().await
    }

    /// `POST path` with a JSON body and a bearer token.
    pub async fn post_as(&self, token: &str, path: &str, body: &impl Serialize) -> Response {
        self.call(Method::POST, path).bearer(token).json(body).send().await
    }

    /// `PATCH path` with a JSON body and a bearer token.
    pub async fn patch_as(&self, token: &str, path: &str, body: &impl Serialize) -> Response {
        self.call(Method::PATCH, path).bearer(token).json(body).send().await
    }

    /// `DELETE path` with a bearer token.
    pub async fn delete_as(&self, token: &str, path: &str) -> Response {
        self.call(Method::DELETE, path).bearer(token).send().await
    }

    /// `POST path` with a JSON body and no credentials.
    pub async fn post_json(&self, path: &str, body: &impl Serialize) -> Response {
        self.call(Method::POST, path).json(body).send().await
    }
}

impl Call<'_> {
    /// Adds `Authorization: Bearer`.
    pub fn bearer(mut self, token: &str) -> Self {
        self.builder = self.builder.bearer_auth(token);
        self
    }

    /// Adds `X-Org-Id`.
    pub fn org(mut self, org_id: impl ToString) -> Self {
        self.builder = self.builder.header("X-Org-Id", org_id.to_string());
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    /// Adds `Idempotency-Key`.
    pub fn idempotency_key(self, key: &str) -> Self {
        self.header("Idempotency-Key", key)
    }

    /// Sets a JSON body: a `shared` DTO, or `serde_json::Value` for deliberately odd input.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.builder = self.builder.json(body);
        self
    }

    /// Sets a raw body with a content type.
    pub fn body(mut self, content_type: &str, body: impl Into<reqwest::Body>) -> Self {
        self.builder = self.builder.header("content-type", content_type).body(body);
        self
    }

    /// Sends it; a transport failure fails the test.
    pub async fn send(self) -> Response {
        let _ = self.app;
        match self.builder.send().await {
            Ok(r) => r,
            Err(e) => panic!("request failed: {e}"),
        }
    }
}

/// A response header as text (`None` when absent or not visible ASCII).
pub fn header(res: &Response, name: &str) -> Option<String> {
    res.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn text_at(res: Response, at: &Location<'_>) -> String {
    match res.text().await {
        Ok(t) => t,
        Err(e) => panic!("{at}: reading the response body failed: {e}"),
    }
}

/// Reads a JSON body, failing the test with the status and text when it is not JSON.
#[track_caller]
pub fn json<T: DeserializeOwned>(res: Response) -> impl Future<Output = T> {
    let at = Location::caller();
    async move {
        let status = res.status();
        let text = text_at(res, at).await;
        match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => panic!("{at}: expected a {} ({status}): {e}: {text}", std::any::type_name::<T>()),
        }
    }
}

/// Asserts a status and reads the body as `T`; `what` and `at` say which step and which line
/// of the test it was. The fixtures use this to fail where they are called.
pub async fn expect_at<T: DeserializeOwned>(res: Response, status: u16, what: &str, at: &Location<'_>) -> T {
    let got = res.status();
    let text = text_at(res, at).await;
    if got.as_u16() != status {
        panic!("{what} at {at}: expected status {status}, got {got}; body: {text}");
    }
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("{what} at {at}: the {got} body is not a {}: {e}; body: {text}", std::any::type_name::<T>()),
    }
}

/// Asserts a status and reads the body as a typed DTO: `expect::<Me>(res, 200).await`.
#[track_caller]
pub fn expect<T: DeserializeOwned>(res: Response, status: u16) -> impl Future<Output = T> {
    let at = Location::caller();
    async move { expect_at(res, status, "the request", at).await }
}

/// Asserts a status and returns the JSON body untyped (for documents such as OpenAPI's).
#[track_caller]
pub fn expect_json(res: Response, status: u16) -> impl Future<Output = Value> {
    let at = Location::caller();
    async move { expect_at(res, status, "the request", at).await }
}

/// Asserts a status of an answer that has no body to read (204, 202), showing the body if the
/// status is wrong.
#[track_caller]
pub fn expect_status(res: Response, status: u16) -> impl Future<Output = ()> {
    let at = Location::caller();
    async move { expect_status_at(res, status, "the request", at).await }
}

/// [`expect_status`] for fixtures: `what` and `at` say which step and which line of the test.
pub async fn expect_status_at(res: Response, status: u16, what: &str, at: &Location<'_>) {
    let got = res.status();
    let text = text_at(res, at).await;
    assert_eq!(got.as_u16(), status, "{what} at {at}: unexpected status; body: {text}");
}

/// Asserts a problem+json answer with a status and code (and `X-Request-Id`); returns it.
#[track_caller]
pub fn expect_problem(res: Response, status: u16, code: &str) -> impl Future<Output = Problem> {
    let at = Location::caller();
    let code = code.to_owned();
    async move {
        let got = res.status();
        let content_type = header(&res, "content-type").unwrap_or_default();
        let has_request_id = res.headers().contains_key("x-request-id");
        let text = text_at(res, at).await;
        assert_eq!(got.as_u16(), status, "{at}: unexpected status; body: {text}");
        assert!(
            content_type.starts_with("application/problem+json"),
            "{at}: content type {content_type}; body: {text}"
        );
        assert!(has_request_id, "{at}: every answer carries X-Request-Id");
        let problem: Problem = match serde_json::from_str(&text) {
            Ok(p) => p,
            Err(e) => panic!("{at}: not a problem body: {e}: {text}"),
        };
        assert_eq!(problem.code.as_str(), code, "{at}: body: {text}");
        assert_eq!(problem.status, status, "{at}: body: {text}");
        problem
    }
}

/// The field names listed in a validation problem.
pub fn problem_fields(problem: &Problem) -> Vec<String> {
    problem.errors.iter().map(|e| e.field.clone()).collect()
}
