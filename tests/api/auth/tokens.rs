//! Access tokens that must be refused: tampered, expired, `alg: none`, wrong key, wrong
//! audience or issuer, and tokens of ended sessions. The forged tokens are raw JSON on purpose.

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::json;
use shared::dto::auth::Me;
use tests::http::{expect, expect_problem};
use tests::{JWT_SECRET, TestApp, db_test};

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

fn sign_with(alg: Algorithm, claims: &serde_json::Value, key: &[u8]) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(key))
        .unwrap_or_else(|e| panic!("signing a test token: {e}"))
}

fn sign(claims: &serde_json::Value, key: &[u8]) -> String {
    sign_with(Algorithm::HS256, claims, key)
}

async fn refused(app: &TestApp, token: &str) {
    let res = app.call(Method::GET, "/api/auth/me").bearer(token).send().await;
    assert!(res.headers().get("www-authenticate").is_some());
    expect_problem(res, 401, "invalid_token").await;
}

async fn forged_and_expired_tokens_are_401(app: TestApp) {
    let (login, _) = app.register("Token Co").await;
    let claims = login.claims();
    assert!(claims["sid"].is_string() && claims["exp"].is_i64(), "{claims}");
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
    refused(&app, &sign_with(Algorithm::HS384, &claims, JWT_SECRET)).await;
    refused(&app, "not.a.jwt").await;

    // A correctly signed token for someone else's session is refused too.
    let (other, _) = app.register("Other Co").await;
    let mut swapped = claims.clone();
    swapped["sid"] = other.claims()["sid"].clone();
    refused(&app, &sign(&swapped, JWT_SECRET)).await;

    // The untouched token still works.
    let me: Me = expect(app.call(Method::GET, "/api/auth/me").bearer(&login.access).send().await, 200).await;
    assert_eq!(me.user.id, login.user_id);
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
