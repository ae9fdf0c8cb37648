//! Access tokens that must be refused: tampered, expired, `alg: none`, wrong key, wrong
//! audience or issuer, and tokens of ended sessions.

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::json;
use tests::http::expect_problem;
use tests::{JWT_SECRET, TestApp, db_test};

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

fn claims_of(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or_default()
}

fn sign(claims: &serde_json::Value, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &EncodingKey::from_secret(key)).unwrap_or_default()
}

async fn refused(app: &TestApp, token: &str) {
    let res = app.call(Method::GET, "/api/auth/me").bearer(token).send().await;
    assert!(res.headers().get("www-authenticate").is_some());
    expect_problem(res, 401, "invalid_token").await;
}

async fn forged_and_expired_tokens_are_401(app: TestApp) {
    let (login, _) = app.register("Token Co").await;
    let claims = claims_of(&login.access);
    let now = chrono::Utc::now().timestamp();

    // Tampered payload, original signature.
    let mut parts: Vec<String> = login.access.split('.').map(str::to_owned).collect();
    let mut elevated = claims.clone();
    elevated["role"] = json!("ADMIN");
    parts[1] = b64(&elevated);
    refused(&app, &parts.join(".")).await;

    // alg: none.
    let none = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims));
    refused(&app, &none).await;

    // Expired (beyond leeway), not yet valid, wrong key, audience, issuer, missing nbf.
    let mut expired = claims.clone();
    expired["iat"] = json!(now - 3600);
    expired["nbf"] = json!(now - 3600);
    expired["exp"] = json!(now - 600);
    refused(&app, &sign(&expired, JWT_SECRET)).await;
    let mut future = claims.clone();
    future["nbf"] = json!(now + 600);
    refused(&app, &sign(&future, JWT_SECRET)).await;
    refused(&app, &sign(&claims, b"another-secret-another-secret-another-secret")).await;
    let mut aud = claims.clone();
    aud["aud"] = json!("someone-else");
    refused(&app, &sign(&aud, JWT_SECRET)).await;
    let mut iss = claims.clone();
    iss["iss"] = json!("evil");
    refused(&app, &sign(&iss, JWT_SECRET)).await;
    let mut no_nbf = claims.clone();
    no_nbf.as_object_mut().map(|o| o.remove("nbf"));
    refused(&app, &sign(&no_nbf, JWT_SECRET)).await;
    // HS384 with the right key: only one algorithm is accepted.
    let hs384 = jsonwebtoken::encode(&Header::new(Algorithm::HS384), &claims, &EncodingKey::from_secret(JWT_SECRET))
        .unwrap_or_default();
    refused(&app, &hs384).await;
    refused(&app, "not.a.jwt").await;

    // A correctly signed token for someone else's session is refused too.
    let (other, _) = app.register("Other Co").await;
    let mut swapped = claims.clone();
    swapped["sid"] = claims_of(&other.access)["sid"].clone();
    refused(&app, &sign(&swapped, JWT_SECRET)).await;

    // The untouched token still works.
    let res = app.call(Method::GET, "/api/auth/me").bearer(&login.access).send().await;
    assert_eq!(res.status(), 200);
}

async fn missing_or_non_bearer_credentials_are_401(app: TestApp) {
    let res = app.call(Method::GET, "/api/auth/me").send().await;
    expect_problem(res, 401, "unauthenticated").await;
    let res = app.call(Method::GET, "/api/auth/me").header("Authorization", "Basic YTpi").send().await;
    expect_problem(res, 401, "unauthenticated").await;
    let res = app.call(Method::GET, "/api/dashboard/organization").header("Authorization", "Bearer ").send().await;
    expect_problem(res, 401, "unauthenticated").await;
}

db_test!(forged_and_expired_tokens_are_401, missing_or_non_bearer_credentials_are_401);
