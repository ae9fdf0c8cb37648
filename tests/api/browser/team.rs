//! An owner's team in the browser: inviting a colleague and a vendor, accepting with a new
//! account or after signing in, changing a role, removing a member.

use fantoccini::Locator;
use shared::dto::team::InviteeRole;
use shared::links::ACCEPT_INVITATION_PATH;
use shared::{OrgRole, Role};
use tests::browser::Browser;
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem};

use super::forget_session;

/// The accept page of the newest invitation mailed to `email`.
async fn invitation_link(b: &Browser, email: &str) -> String {
    format!("{ACCEPT_INVITATION_PATH}?token={}", b.app.invitation_token(email).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_invites_a_colleague_and_a_vendor_who_join_from_the_link() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (owner, org) = b.app.register_confirmed("Team Co").await;
    b.open("/login?next=/dashboard/team").await;
    b.sign_in(&owner.email).await;
    b.wait_for_heading("Team").await;
    assert_eq!(b.loaded_bundles().await, ["team"], "the team pages have a bundle of their own");
    b.click_link("Invitations").await;
    b.wait_for_query("tab=invitations").await;
    b.wait_for(Locator::XPath("//p[@class='empty-title' and normalize-space()='No pending invitations']")).await;

    // A colleague, then a vendor.
    let colleague = unique_email("colleague");
    b.fill("Email", &colleague).await;
    b.click_button("Send invitation").await;
    b.wait_for(Locator::XPath(&format!(
        "//tr[td[normalize-space()='{colleague}']]/td/span[normalize-space()='Pending']"
    )))
    .await;
    let vendor = unique_email("vendor");
    b.fill("Email", &vendor).await;
    b.click_when_ready(Locator::Css("#invite-role option[value=VENDOR]")).await;
    b.click_button("Send invitation").await;
    b.wait_for(Locator::XPath(&format!("//tr[td[normalize-space()='{vendor}']]/td/span[normalize-space()='vendor']")))
        .await;
    // The same address twice is refused with the reason.
    b.fill("Email", &vendor).await;
    b.click_button("Send invitation").await;
    b.wait_for(Locator::XPath("//*[@role='alert' and contains(., 'already')]")).await;
    assert!(b.accessibility_violations().await.is_empty(), "the invitations tab is accessible");

    // The colleague opens the link while the owner is still signed in here: they sign out first.
    let link = invitation_link(&b, &colleague).await;
    b.open(&link).await;
    b.wait_for_heading("Join Team Co").await;
    b.wait_for(Locator::XPath(&format!("//p[contains(., 'You are signed in as {}')]", owner.email))).await;
    b.click_button("Sign out").await;
    // Nobody has the address: a name and a password make the account.
    b.fill("Your name", "Cora Colleague").await;
    b.fill("Password", tests::PASSWORD).await;
    b.click_button("Create account and join").await;
    b.wait_for_path("/dashboard").await;
    b.wait_for_heading("Overview").await;

    // The vendor too, then the owner sees both and changes the colleague's role.
    let link = invitation_link(&b, &vendor).await;
    forget_session(&b).await;
    b.open(&link).await;
    b.wait_for_heading("Join Team Co").await;
    b.wait_for(Locator::XPath("//p[contains(., 'as a vendor')]")).await;
    b.fill("Your name", "Vic Vendor").await;
    b.fill("Password", tests::PASSWORD).await;
    b.click_button("Create account and join").await;
    b.wait_for_path("/dashboard").await;
    forget_session(&b).await;
    b.sign_in(&owner.email).await;
    b.wait_for_heading("Overview").await;
    b.click_link("Team").await;
    b.wait_for_heading("Team").await;
    b.wait_for(Locator::XPath("//tr[td[normalize-space()='Vic Vendor']]/td/span[normalize-space()='vendor']")).await;
    b.click_when_ready(Locator::XPath(
        "//tr[td[normalize-space()='Cora Colleague']]//select[@name='member-role']/option[@value='OWNER']",
    ))
    .await;
    b.wait_for(Locator::XPath("//*[contains(., 'Cora Colleague is now Owner.')]")).await;
    let owner_login = b.app.login(&owner.email).await;
    let all = b.app.members(&owner_login, org).await;
    let cora = all.iter().find(|m| m.name == "Cora Colleague").unwrap_or_else(|| panic!("{all:?}"));
    assert_eq!(cora.org_role, OrgRole::Owner);
    let vic = all.iter().find(|m| m.name == "Vic Vendor").unwrap_or_else(|| panic!("{all:?}"));
    assert_eq!((vic.role, vic.org_role), (Role::Vendor, OrgRole::Member));

    // Removed, the vendor loses the organization at once.
    let vendor_token = b.app.login(&vendor).await.access;
    assert_eq!(b.app.get_as(&vendor_token, "/api/dashboard/organization").await.status(), 200);
    b.click_when_ready(Locator::Css("button[aria-label='Remove Vic Vendor']")).await;
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
    b.wait_for(Locator::XPath("//*[contains(., 'Vic Vendor was removed.')]")).await;
    assert!(b.app.members(&owner_login, org).await.iter().all(|m| m.name != "Vic Vendor"));
    expect_problem(b.app.get_as(&vendor_token, "/api/dashboard/organization").await, 404, "not_found").await;
    assert!(b.accessibility_violations().await.is_empty(), "the members tab is accessible");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_with_an_account_signs_in_from_the_link_and_joins() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (owner, host) = b.app.register_confirmed("Host Co").await;
    let (guest, _) = b.app.register("Guest Co").await;
    b.app.invite(&owner, host, &guest.email, OrgRole::Member, InviteeRole::Client).await;
    let link = invitation_link(&b, &guest.email).await;

    b.open(&link).await;
    b.wait_for_heading("Join Host Co").await;
    b.click_link("Sign in to accept").await;
    b.wait_for_heading("Sign in").await;
    b.sign_in(&guest.email).await;
    // Back on the invitation, signed in with the invited address.
    b.wait_for_heading("Join Host Co").await;
    b.click_button("Accept invitation").await;
    b.wait_for_path("/dashboard").await;
    b.wait_for_heading("Overview").await;
    // The organization just joined is the active one; the switcher offers both.
    b.wait_for(Locator::XPath("//label[@class='org-switcher']//option[normalize-space()='Guest Co']")).await;
    b.wait_for(Locator::XPath("//label[@class='org-switcher']//option[@selected and normalize-space()='Host Co']"))
        .await;
    let token = b.app.login(&guest.email).await.access;
    let me: shared::dto::auth::Me = expect(b.app.get_as(&token, "/api/auth/me").await, 200).await;
    assert_eq!(me.memberships.len(), 2, "{me:?}");

    // The link is spent.
    b.open(&link).await;
    b.wait_for(Locator::XPath("//div[@role='alert']")).await;
    b.close().await;
}
