//! An owner's API keys.

use fantoccini::Locator;
use tests::browser::Browser;
use tests::http::expect_problem;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_creates_a_scoped_api_key_that_works_once_shown() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (owner, _) = b.app.register("Keys Co").await;
    b.open("/login").await;
    b.sign_in(&owner.email).await;
    b.wait_for_heading("Overview").await;
    b.click_link("API keys").await;
    b.wait_for_heading("API keys").await;
    // Until the email address is confirmed, the page says why no key can be made.
    b.wait_for(Locator::XPath(
        "//div[@role='status' and contains(., 'Confirm your email address to create API keys')]",
    ))
    .await;
    b.fill("Name", "Warehouse sync").await;
    b.click_button("Create key").await;
    b.wait_for(Locator::XPath("//div[@role='alert' and contains(., 'Confirm your email address first')]")).await;
    b.wait_for(Locator::Css("button[name=resend-verification]")).await;
    b.app.confirm_email(&owner).await;
    b.open("/dashboard/api-keys").await;
    b.wait_for_heading("API keys").await;
    b.fill("Name", "Warehouse sync").await;
    b.click_button("Create key").await;
    let key = b.wait_for(Locator::Id("new-api-key")).await.text().await.unwrap_or_default();
    assert!(key.starts_with("omg_"));
    let res = b.app.get_as(&key, "/api/dashboard/organization").await;
    assert_eq!(res.status(), 200);
    expect_problem(b.app.get_as(&key, "/api/dashboard/members").await, 403, "forbidden").await;
    b.click_button("Done").await;
    b.click_when_ready(Locator::Css("button[aria-label='Revoke Warehouse sync']")).await;
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
    b.wait_for(Locator::XPath("//span[normalize-space()='Revoked']")).await;
    expect_problem(b.app.get_as(&key, "/api/dashboard/organization").await, 401, "invalid_token").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_revokes_the_selected_api_keys_at_once() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (owner, _) = b.app.register("Bulk Keys Co").await;
    b.app.confirm_email(&owner).await;
    b.open("/login").await;
    b.sign_in(&owner.email).await;
    b.wait_for_heading("Overview").await;
    b.click_link("API keys").await;
    b.wait_for_heading("API keys").await;
    for name in ["Nightly export", "CRM sync"] {
        b.fill("Name", name).await;
        b.click_button("Create key").await;
        b.wait_for(Locator::Id("new-api-key")).await;
        b.click_button("Done").await;
        b.click_when_ready(Locator::Css(&format!("input[aria-label='Select {name}']"))).await;
    }
    b.wait_for(Locator::XPath("//div[@class='bulk-bar']/span[normalize-space()='2 selected']")).await;
    b.click_button("Revoke selected").await;
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
    b.wait_for(Locator::XPath("//div[contains(@class,'toast')]//span[normalize-space()='2 key(s) revoked.']")).await;
    b.wait_for(Locator::XPath("//tbody[count(.//span[normalize-space()='Revoked'])=2]")).await;
    b.close().await;
}
