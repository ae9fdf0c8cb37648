//! The signed-in person's own account pages.

use fantoccini::Locator;
use tests::browser::Browser;
use tests::http::expect_problem;

use super::client_owner;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_another_session_removes_it() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (email, _) = client_owner(&b, "Two Devices").await;
    let phone = b.app.login(&email).await;
    b.open("/login").await;
    b.sign_in(&email).await;
    b.wait_for_heading("Overview").await;
    b.click_link("Sessions").await;
    b.wait_for_heading("Sessions").await;
    b.wait_for(Locator::XPath("//span[normalize-space()='This session']")).await;
    // Registering, the phone and this browser: three sessions; end the phone's.
    let me = b.app.get_as(&phone.access, "/api/auth/sessions").await;
    let list: shared::dto::common::Page<shared::dto::auth::Session> = tests::http::expect(me, 200).await;
    let phone_sid = list
        .items
        .iter()
        .find(|s| s.current)
        .map(|s| s.id.to_string())
        .unwrap_or_else(|| panic!("the phone's own session is listed: {list:?}"));
    let row = format!("//tr[@data-key='{phone_sid}']");
    b.click_when_ready(Locator::XPath(&format!("{row}//button"))).await;
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
    b.wait_for(Locator::XPath("//div[contains(@class,'toast')]//span[normalize-space()='Session ended.']")).await;
    let gone = b
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(Locator::XPath("//tbody[not(.//tr[@data-key='PHONE'])]".replace("PHONE", &phone_sid).as_str()))
        .await;
    assert!(gone.is_ok(), "the ended session is no longer listed");
    expect_problem(b.app.get_as(&phone.access, "/api/auth/me").await, 401, "session_revoked").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_turns_a_category_of_email_off() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (email, _) = client_owner(&b, "Quiet Mail").await;
    let api = b.app.login(&email).await;
    b.open("/login").await;
    b.sign_in(&email).await;
    b.wait_for_heading("Overview").await;
    // The footer of every notification links here.
    b.open("/dashboard/profile#notifications").await;
    b.wait_for_heading("Profile").await;
    let security = b.wait_for(Locator::Css("#notifications input[name=security]")).await;
    assert_eq!(security.attr("disabled").await.ok().flatten().as_deref(), Some("true"), "security is always sent");
    b.click_when_ready(Locator::Css("#notifications input[name=automations]")).await;
    b.wait_for(Locator::XPath("//div[contains(@class,'toast')]//span[normalize-space()='Emails turned off.']")).await;
    let prefs: shared::dto::notifications::NotificationPreferences =
        tests::http::expect(b.app.get_as(&api.access, "/api/auth/me/notifications").await, 200).await;
    let automations = prefs.preferences.iter().find(|p| p.category.as_str() == "automations");
    assert_eq!(automations.map(|p| p.enabled), Some(false));
    // After a reload the page shows what is stored.
    b.open("/dashboard/profile").await;
    let boxed = b.wait_for(Locator::Css("#notifications input[name=automations]")).await;
    assert!(!boxed.is_selected().await.unwrap_or(true), "still off after a reload");
    b.close().await;
}
