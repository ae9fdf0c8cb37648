//! HTTP helpers: requests with a bearer token and optional organization, and assertions on
//! problem+json answers.

use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

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
    pub async fn post_as(&self, token: &str, path: &str, body: &Value) -> Response {
        self.call(Method::POST, path).bearer(token).json(body).send().await
    }

    /// `POST path` with a JSON body and no credentials.
    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.call(Method::POST, path).json(body).send().await
    }
}

impl<'a> Call<'a> {
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

    /// Sets a JSON body.
    pub fn json(mut self, body: &Value) -> Self {
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

/// Reads a JSON body, failing the test with the status and text when it is not JSON.
pub async fn json<T: DeserializeOwned>(res: Response) -> T {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("expected JSON ({status}): {e}: {text}"),
    }
}

/// Asserts a status and returns the JSON body.
pub async fn expect_json(res: Response, status: u16) -> Value {
    let got = res.status();
    let text = res.text().await.unwrap_or_default();
    assert_eq!(got.as_u16(), status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Asserts a problem+json answer with a status and code; returns the body.
pub async fn expect_problem(res: Response, status: u16, code: &str) -> Value {
    let got = res.status();
    let content_type = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let has_request_id = res.headers().contains_key("x-request-id");
    let text = res.text().await.unwrap_or_default();
    assert_eq!(got, StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT), "body: {text}");
    assert!(content_type.starts_with("application/problem+json"), "content type {content_type}; body: {text}");
    assert!(has_request_id, "every answer carries X-Request-Id");
    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert_eq!(body["code"], code, "body: {text}");
    assert_eq!(body["status"], status, "body: {text}");
    body
}

/// The field names listed in a validation problem.
pub fn problem_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}
