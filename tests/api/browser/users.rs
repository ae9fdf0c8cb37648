//! The operator's user accounts: finding one, disabling it (its sessions stop working at once),
//! enabling it, changing its role, the server's refusal shown; the operator's own account offers
//! no changes.

use fantoccini::Locator;
use tests::browser::Browser;
use tests::http::expect;

use super::demo_admin_enrolled;

/// Confirms the open dialog.
async fn confirm(b: &Browser) {
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
}

/// Waits for a toast saying `text`.
async fn toast(b: &Browser, text: &str) {
    b.wait_for(Locator::XPath(&format!("//div[contains(@class, 'toast') and contains(., \"{text}\")]"))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_disables_enables_and_changes_the_role_of_a_user() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    // Signed in over HTTP before: disabling the account ends this session.
    let member = b.app.login("member@acme.example").await;
    demo_admin_enrolled(&b).await;
    b.wait_for_heading("Overview").await;
    b.click_link("Users").await;
    b.wait_for_heading("Users").await;
    assert_eq!(b.loaded_bundles().await, ["users"], "the users have a bundle of their own");

    // The search narrows the list to the one account.
    b.fill("Search", "member@acme").await;
    b.wait_for(Locator::XPath(
        "//table[tbody[count(tr)=1]]//tr[td/div[normalize-space()='member@acme.example']]//a[normalize-space()='Max Member']",
    ))
    .await;
    b.click_link("Max Member").await;
    b.wait_for_heading("Max Member").await;
    b.wait_for(Locator::XPath(
        "//td/a[normalize-space()='Acme Corporation' and contains(@href, '/admin/organizations/')]",
    ))
    .await;
    b.wait_for(Locator::XPath("//table[caption[normalize-space()='Live sessions']]/tbody/tr")).await;

    // Disabled: the account's access token answers 401 at once.
    b.click_button("Disable").await;
    b.wait_for(Locator::XPath("//dialog[@open]//h2[normalize-space()='Disable Max Member?']")).await;
    b.wait_for(Locator::XPath("//dialog[@open]//p[contains(., 'every session of theirs ends at once')]")).await;
    confirm(&b).await;
    toast(&b, "Account disabled").await;
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Disabled']")).await;
    b.wait_for(Locator::XPath("//p[@class='empty-title' and normalize-space()='Not signed in anywhere']")).await;
    let res = b.app.get_as(&member.access, "/api/auth/me").await;
    assert_eq!(res.status(), 401, "a disabled account's session stops working");

    // Enabled again: the member can sign in.
    b.click_button("Enable").await;
    b.wait_for(Locator::XPath("//dialog[@open]//h2[normalize-space()='Enable Max Member?']")).await;
    confirm(&b).await;
    toast(&b, "Account enabled").await;
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Active']")).await;
    let member = b.app.login("member@acme.example").await;

    // A new role, after a confirmation; the member's next session has it.
    b.field("Role").await.select_by_value("VENDOR").await.unwrap_or_else(|e| panic!("{e}"));
    b.click_button("Save").await;
    b.wait_for(Locator::XPath("//dialog[@open]//p[starts-with(normalize-space(), 'Max Member becomes VENDOR.')]"))
        .await;
    confirm(&b).await;
    toast(&b, "The role is VENDOR now.").await;
    b.wait_for(Locator::XPath("//dd[normalize-space()='VENDOR']")).await;
    let res = b.app.get_as(&member.access, "/api/auth/me").await;
    assert_eq!(res.status(), 401, "a role change ends the sessions");
    let member = b.app.login("member@acme.example").await;
    let me: serde_json::Value = expect(b.app.get_as(&member.access, "/api/auth/me").await, 200).await;
    assert_eq!(me["user"]["role"], "VENDOR");

    // The server's refusal shows as it says it: an organization's owner cannot be a VENDOR.
    b.open("/admin/users?q=owner%40acme").await;
    b.click_link("Olivia Owner").await;
    b.wait_for_heading("Olivia Owner").await;
    b.field("Role").await.select_by_value("VENDOR").await.unwrap_or_else(|e| panic!("{e}"));
    b.click_button("Save").await;
    confirm(&b).await;
    toast(&b, "This user owns an organization; transfer its ownership before making them a VENDOR.").await;
    b.wait_for(Locator::XPath("//dd[normalize-space()='CLIENT']")).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admins_own_account_offers_no_changes() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    demo_admin_enrolled(&b).await;
    b.wait_for_heading("Overview").await;
    b.open("/admin/users?role=ADMIN").await;
    b.click_link("Ada Admin").await;
    b.wait_for_heading("Ada Admin").await;
    b.wait_for(Locator::XPath(
        "//table[caption[normalize-space()='Live sessions']]//span[normalize-space()='This session']",
    ))
    .await;
    for hook in ["status", "reset-mfa", "password-reset", "save-role"] {
        let found = b.client.find_all(Locator::Css(&format!("button[name={hook}]"))).await.unwrap_or_default();
        assert!(found.is_empty(), "no {hook} button on the ADMIN's own account");
    }
    b.close().await;
}
