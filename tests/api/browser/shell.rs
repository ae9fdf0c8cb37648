//! The portals' shell: which bundle a path loads, the phone layout, and who may enter.

use fantoccini::Locator;
use shared::{OrgRole, Role};
use tests::browser::Browser;
use tests::fixtures::unique_email;

use super::client_owner;

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
    b.open("/admin").await;
    b.wait_for_heading("You don't have access to this page").await;
    assert_eq!(b.loaded_bundles().await, ["insights"], "the overview's charts have a bundle of their own");
    b.open("/admin/audit").await;
    b.wait_for_heading("You don't have access to this page").await;
    assert_eq!(b.loaded_bundles().await, ["control"]);
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
