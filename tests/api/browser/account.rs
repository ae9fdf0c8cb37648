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
    b.wait_for(Locator::XPath(&format!("{row}//button"))).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
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
