//! The web app in headless Chromium against the real server: what a person does.

use fantoccini::Locator;
use tests::browser::Browser;

mod accessibility;
mod account;
mod admin_usage;
mod api_keys;
mod automations;
mod flags;
mod organizations;
mod overview;
mod shell;
mod sign_in;
mod team;
mod usage;
mod users;

/// Forgets the browser's session (the refresh cookie and the page's state), on the sign-in page.
/// The refresh cookie's path is `/api/auth`: WebDriver deletes the cookies of the page on screen,
/// so a page under that path comes first.
pub(super) async fn forget_session(b: &Browser) {
    b.open("/api/auth/refresh").await;
    b.client.delete_all_cookies().await.unwrap_or_else(|e| panic!("{e}"));
    b.open("/login").await;
    b.wait_for_heading("Sign in").await;
}

/// A CLIENT owner of a fresh organization, created through the API.
pub(super) async fn client_owner(b: &Browser, org: &str) -> (String, uuid::Uuid) {
    let (login, org_id) = b.app.register(org).await;
    (login.email, org_id)
}

/// Enrols the signed-in ADMIN on the forced enrolment page; returns the secret.
pub(super) async fn enrol_in_browser(b: &Browser) -> String {
    b.wait_for_heading("Set up two-factor authentication").await;
    b.fill("Your password", "not-the-password").await;
    b.click_button("Set up two-factor authentication").await;
    b.wait_for(Locator::XPath("//p[@class='field-error' and contains(., 'password is not correct')]")).await;
    b.fill("Your password", tests::PASSWORD).await;
    b.click_button("Set up two-factor authentication").await;
    let qr = b.wait_for(Locator::Css("img.qr")).await;
    assert!(qr.attr("src").await.ok().flatten().is_some_and(|s| s.starts_with("data:image/svg+xml;base64,")));
    let secret = b.wait_for(Locator::Id("mfa-secret")).await.text().await.unwrap_or_default();
    b.fill("Code from the app", &tests::totp::code_at(&secret, b.app.now().timestamp())).await;
    b.click_button("Turn on").await;
    let codes = b.client.wait().for_element(Locator::Css("ul.recovery-codes")).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(codes.find_all(Locator::Css("li")).await.map(|l| l.len()).unwrap_or(0), 10);
    b.wait_for(Locator::XPath("//button[normalize-space()='Download']")).await;
    b.click_button("I have saved them").await;
    b.app.next_step();
    secret
}

/// Signs the demo admin in and through the forced two-factor set-up; returns the TOTP secret.
pub(super) async fn demo_admin_enrolled(b: &Browser) -> String {
    b.open("/login").await;
    b.sign_in("admin@omgsystems.example").await;
    enrol_in_browser(b).await
}
