//! Signing up, in (with two-factor and recovery codes) and out, in the browser.

use fantoccini::Locator;
use fantoccini::key::Key;
use tests::browser::Browser;
use tests::fixtures::unique_email;

use super::{client_owner, demo_admin_enrolled};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_up_lands_on_the_client_overview() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    b.open("/").await;
    b.wait_for_heading("Run your customers on one secure platform").await;
    b.click_link("Create your organization").await;
    b.wait_for_heading("Create your organization").await;
    b.fill("Your name", "Sally Signup").await;
    b.fill("Work email", &unique_email("signup")).await;
    b.fill("Password", "short").await;
    b.fill("Organization name", "Signup Test Co").await;
    b.click_button("Create organization").await;
    b.wait_for(Locator::XPath("//p[@class='field-error' and contains(., 'at least 8')]")).await;
    b.fill("Password", tests::PASSWORD).await;
    b.click_button("Create organization").await;
    b.wait_for_heading("Overview").await;
    b.wait_for_path("/dashboard").await;
    b.wait_for(Locator::XPath("//p[@class='stat-value' and normalize-space()='Signup Test Co']")).await;
    b.wait_for(Locator::XPath("//td[normalize-space()='Sally Signup']")).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_admin_enrols_mfa_then_signs_in_with_a_code() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    let secret = demo_admin_enrolled(&b).await;
    b.wait_for_heading("Overview").await;
    b.click_when_ready(Locator::Css("details.user-menu summary")).await;
    b.click_button("Sign out").await;
    b.wait_for_heading("Sign in").await;
    b.sign_in("admin@omgsystems.example").await;
    b.wait_for_heading("Two-step verification").await;
    b.fill("Authentication code", "000000").await;
    b.click_button("Verify").await;
    b.wait_for(Locator::XPath("//div[@role='alert' and contains(., 'wrong, expired or already used')]")).await;
    b.fill("Authentication code", &tests::totp::code_at(&secret, b.app.now().timestamp())).await;
    b.click_button("Verify").await;
    b.wait_for_heading("Overview").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recovery_code_signs_in_once() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (login, _) = b.app.register("Lost Phone Inc").await;
    let (_, codes) = b.app.enable_mfa(&login).await;
    b.open("/login").await;
    b.sign_in(&login.email).await;
    b.wait_for_heading("Two-step verification").await;
    b.click_button("Use a recovery code instead").await;
    b.fill("Recovery code", &codes[0]).await;
    b.click_button("Verify").await;
    b.wait_for_heading("Overview").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_out_deep_link_returns_after_sign_in() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (email, _) = client_owner(&b, "Deep Link Co").await;
    b.open("/dashboard/settings").await;
    b.wait_for_heading("Sign in").await;
    b.wait_for_path("/login").await;
    b.sign_in(&email).await;
    b.wait_for_heading("Organization settings").await;
    b.wait_for_path("/dashboard/settings").await;
    let name = b.field("Organization name").await;
    assert_eq!(name.prop("value").await.ok().flatten().as_deref(), Some("Deep Link Co"));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_never_sends_anyone_to_another_site() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (email, _) = client_owner(&b, "Redirect Co").await;
    let ours = url::Url::parse(&b.app.url("/")).ok().and_then(|u| u.host_str().map(str::to_owned));
    let here = async || b.client.current_url().await.ok().and_then(|u| u.host_str().map(str::to_owned));
    // A tab inside the path is dropped by the browser's URL parser, which would make `//`.
    b.open("/login?next=/%09/evil.example").await;
    b.sign_in(&email).await;
    b.wait_for_heading("Overview").await;
    b.wait_for_path("/dashboard").await;
    assert_eq!(here().await, ours);
    // Already signed in, the sign-in page goes on by itself: still only to our own paths.
    for next in
        ["/%5Cevil.example", "//evil.example/", "https://evil.example/", "/%0a/evil.example", "javascript:alert(1)"]
    {
        b.open(&format!("/login?next={next}")).await;
        b.wait_for_heading("Overview").await;
        b.wait_for_path("/dashboard").await;
        assert_eq!(here().await, ours, "next={next}");
    }
    b.open("/login?next=/dashboard/settings").await;
    b.wait_for_heading("Organization settings").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_with_the_keyboard_alone() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (email, _) = client_owner(&b, "Keyboard Co").await;
    b.open("/login").await;
    b.wait_for_heading("Sign in").await;
    b.wait_for(Locator::Css("#email:focus")).await;
    let active = b.client.active_element().await.unwrap_or_else(|e| panic!("{e}"));
    active.send_keys(&format!("{email}{}", Key::Tab)).await.unwrap_or_else(|e| panic!("{e}"));
    let active = b.client.active_element().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(active.attr("id").await.ok().flatten().as_deref(), Some("password"), "Tab moves to the password");
    active.send_keys(&format!("{}{}", tests::PASSWORD, Key::Enter)).await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_heading("Overview").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_keeps_the_session_and_signing_out_ends_it() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (email, _) = client_owner(&b, "Reload Co").await;
    b.open("/login").await;
    b.sign_in(&email).await;
    b.wait_for_heading("Overview").await;
    b.client.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_heading("Overview").await;
    b.click_when_ready(Locator::Css("details.user-menu summary")).await;
    b.click_button("Sign out").await;
    b.wait_for_heading("Sign in").await;
    b.open("/dashboard").await;
    b.wait_for_heading("Sign in").await;
    b.wait_for_path("/login").await;
    b.close().await;
}
