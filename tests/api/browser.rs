//! The web app in headless Chromium against the real server: what a person does.

use fantoccini::Locator;
use fantoccini::key::Key;
use shared::{OrgRole, Role};
use tests::browser::Browser;
use tests::fixtures::unique_email;
use tests::http::expect_problem;

/// A CLIENT owner of a fresh organization, created through the API.
async fn client_owner(b: &Browser, org: &str) -> (String, uuid::Uuid) {
    let (login, org_id) = b.app.register(org).await;
    (login.email, org_id)
}

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

/// Enrols the signed-in ADMIN on the forced enrolment page; returns the secret.
async fn enrol_in_browser(b: &Browser) -> String {
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
async fn demo_admin_enrolled(b: &Browser) -> String {
    b.open("/login").await;
    b.sign_in("admin@omgsystems.example").await;
    enrol_in_browser(b).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_admin_enrols_mfa_then_signs_in_with_a_code() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    let secret = demo_admin_enrolled(&b).await;
    b.wait_for_heading("Organizations").await;
    b.wait_for(Locator::Css("details.user-menu summary")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.click_button("Sign out").await;
    b.wait_for_heading("Sign in").await;
    b.sign_in("admin@omgsystems.example").await;
    b.wait_for_heading("Two-step verification").await;
    b.fill("Authentication code", "000000").await;
    b.click_button("Verify").await;
    b.wait_for(Locator::XPath("//div[@role='alert' and contains(., 'wrong, expired or already used')]")).await;
    b.fill("Authentication code", &tests::totp::code_at(&secret, b.app.now().timestamp())).await;
    b.click_button("Verify").await;
    b.wait_for_heading("Organizations").await;
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
async fn the_demo_admin_suspends_and_reactivates_an_organization() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    demo_admin_enrolled(&b).await;
    b.wait_for_heading("Organizations").await;
    b.fill("Search", "acme").await;
    b.wait_for(Locator::XPath("//td[contains(., 'acme-corporation')]")).await;
    b.click_link("Acme Corporation").await;
    b.wait_for_heading("Acme Corporation").await;
    b.click_button("Suspend").await;
    b.wait_for(Locator::XPath("//dialog[@open]//h2[normalize-space()='Suspend Acme Corporation?']")).await;
    b.fill("Reason (optional, recorded in the audit log)", "Card declined").await;
    b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Suspended']")).await;
    b.wait_for(Locator::XPath("//dd[normalize-space()='Card declined']")).await;

    // The organization's owner is locked out now.
    let owner = b.app.login("owner@acme.example").await;
    expect_problem(b.app.get_as(&owner.access, "/api/dashboard/organization").await, 403, "org_suspended").await;

    b.click_button("Reactivate").await;
    b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Active']")).await;
    let res = b.app.get_as(&owner.access, "/api/dashboard/organization").await;
    assert_eq!(res.status(), 200);

    b.click_link("Audit log").await;
    b.wait_for_heading("Audit log").await;
    b.wait_for(Locator::XPath("//code[normalize-space()='admin.organization.suspend']")).await;
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
async fn a_phone_sized_window_shows_the_menu_button_not_the_sidebar() {
    let Some(b) = Browser::start(false, 375, 812).await else { return };
    let (email, _) = client_owner(&b, "Phone Co").await;
    b.open("/login").await;
    b.sign_in(&email).await;
    b.wait_for_heading("Overview").await;
    let menu = b.wait_for(Locator::Css("button.menu-button")).await;
    let sidebar = b.wait_for(Locator::Css("#sidebar")).await;
    assert!(menu.is_displayed().await.unwrap_or(false), "the menu button shows");
    assert!(!sidebar.is_displayed().await.unwrap_or(true), "the sidebar is hidden");
    menu.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::Css("button.menu-button[aria-expanded=true]")).await;
    b.click_when_ready(Locator::XPath("//aside//a[normalize-space()='Sessions']")).await;
    b.wait_for_heading("Sessions").await;
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
    b.wait_for(Locator::Css("details.user-menu summary")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.click_button("Sign out").await;
    b.wait_for_heading("Sign in").await;
    b.open("/dashboard").await;
    b.wait_for_heading("Sign in").await;
    b.wait_for_path("/login").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_path_loads_only_its_own_bundle() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (email, _) = client_owner(&b, "Bundles Co").await;
    b.open("/login").await;
    b.wait_for_heading("Sign in").await;
    assert_eq!(b.loaded_bundles().await, ["public"]);
    // Signing in moves to the client portal: an ordinary page load of its bundle alone.
    b.sign_in(&email).await;
    b.wait_for_heading("Overview").await;
    b.wait_for_path("/dashboard").await;
    assert_eq!(b.loaded_bundles().await, ["app"]);
    b.click_link("API keys").await;
    b.wait_for_heading("API keys").await;
    assert_eq!(b.loaded_bundles().await, ["app"], "moving within a portal loads nothing more");
    // The account pages have a bundle of their own, in either portal's shell.
    b.click_link("Sessions").await;
    b.wait_for(Locator::XPath("//span[normalize-space()='This session']")).await;
    b.wait_for_path("/dashboard/sessions").await;
    assert_eq!(b.loaded_bundles().await, ["account"]);
    b.client.back().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_heading("API keys").await;
    b.open("/admin/organizations").await;
    b.wait_for_heading("You don't have access to this page").await;
    assert_eq!(b.loaded_bundles().await, ["admin"]);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_keeps_its_filters_in_the_address() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    demo_admin_enrolled(&b).await;
    b.open("/admin/organizations").await;
    b.wait_for(Locator::XPath("//a[normalize-space()='Acme Corporation']")).await;
    b.fill("Search", "acme").await;
    b.wait_for_query("q=acme").await;
    let status = b.field("Status").await;
    status.select_by_value("suspended").await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_query("q=acme&status=suspended").await;
    let none = Locator::XPath("//p[@class='empty-title' and normalize-space()='No organizations match']");
    b.wait_for(none).await;
    // A reload keeps the filters, and back undoes the last one.
    b.client.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(none).await;
    assert_eq!(b.field("Search").await.prop("value").await.ok().flatten().as_deref(), Some("acme"));
    b.client.back().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_query("q=acme").await;
    b.wait_for(Locator::XPath("//a[normalize-space()='Acme Corporation']")).await;
    // Sorting is in the address too.
    b.wait_for(Locator::XPath("//th//button[starts-with(normalize-space(), 'Name')]"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_query("q=acme&sort=name").await;
    b.click_button("Clear filters").await;
    b.wait_for_path("/admin/organizations").await;
    b.wait_for_query("").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_is_shown_403_in_the_admin_portal() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let org = b.app.create_org("Vendor Home").await;
    let email = unique_email("vendor");
    let id = b.app.create_user(Role::Vendor, &email).await;
    b.app.add_member(org, id, OrgRole::Member).await;
    b.open("/login?next=/admin/organizations").await;
    b.sign_in(&email).await;
    b.wait_for_heading("You don't have access to this page").await;
    b.click_link("Go to your portal").await;
    b.wait_for_heading("Overview").await;
    // A vendor sees no member list.
    let members = b.client.find(Locator::XPath("//h2[normalize-space()='Members']")).await;
    assert!(members.is_err());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_an_accessibility_audit() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    let mut report = Vec::new();
    let mut audit = async |b: &Browser, page: &str| {
        for v in b.accessibility_violations().await {
            report.push(format!("{page}: {v}"));
        }
    };
    b.open("/").await;
    b.wait_for_heading("Run your customers on one secure platform").await;
    audit(&b, "home").await;
    b.open("/signup").await;
    b.wait_for_heading("Create your organization").await;
    audit(&b, "sign up").await;
    b.open("/forgot-password").await;
    b.wait_for_heading("Reset your password").await;
    audit(&b, "forgot password").await;
    b.open("/login").await;
    b.wait_for_heading("Sign in").await;
    audit(&b, "sign in").await;
    b.sign_in("owner@acme.example").await;
    b.wait_for(Locator::XPath("//td[normalize-space()='Max Member']")).await;
    audit(&b, "client overview").await;
    b.click_link("Organization").await;
    b.wait_for_heading("Organization settings").await;
    audit(&b, "organization settings").await;
    b.click_link("Sessions").await;
    b.wait_for(Locator::XPath("//span[normalize-space()='This session']")).await;
    audit(&b, "sessions").await;
    b.click_link("API keys").await;
    b.wait_for_heading("API keys").await;
    b.fill("Name", "Audit key").await;
    b.click_button("Create key").await;
    b.wait_for(Locator::Id("new-api-key")).await;
    audit(&b, "api keys").await;
    b.wait_for(Locator::Css("details.user-menu summary")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.click_button("Sign out").await;
    b.wait_for_heading("Sign in").await;
    b.sign_in("admin@omgsystems.example").await;
    b.wait_for_heading("Set up two-factor authentication").await;
    audit(&b, "forced enrolment").await;
    enrol_in_browser(&b).await;
    b.wait_for(Locator::XPath("//a[normalize-space()='Acme Corporation']")).await;
    audit(&b, "admin organizations").await;
    b.click_link("Security").await;
    b.wait_for_heading("Security").await;
    audit(&b, "security").await;
    b.click_link("Organizations").await;
    b.click_link("Acme Corporation").await;
    b.wait_for_heading("Acme Corporation").await;
    b.click_button("Suspend").await;
    b.wait_for(Locator::Css("dialog[open]")).await;
    audit(&b, "suspend dialog").await;
    b.open("/admin/audit").await;
    b.wait_for(Locator::XPath("//code[normalize-space()='auth.login']")).await;
    audit(&b, "audit log").await;
    b.close().await;
    assert!(report.is_empty(), "accessibility violations:\n{}", report.join("\n"));
}

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
    b.wait_for(Locator::Css("button[aria-label='Revoke Warehouse sync']"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
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
    b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//div[contains(@class,'toast')]//span[normalize-space()='2 key(s) revoked.']")).await;
    b.wait_for(Locator::XPath("//tbody[count(.//span[normalize-space()='Revoked'])=2]")).await;
    b.close().await;
}
