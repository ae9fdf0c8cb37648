//! The operator's feature flags: a new flag, its rollout, an override for one organization that
//! the organization's features then show, and archiving it.

use fantoccini::Locator;
use tests::browser::Browser;

use super::demo_admin_enrolled;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_turns_a_flag_on_for_one_organization() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    demo_admin_enrolled(&b).await;
    b.wait_for_heading("Overview").await;
    b.click_link("Feature flags").await;
    b.wait_for_heading("Feature flags").await;
    assert_eq!(b.loaded_bundles().await, ["flags"], "the flags have a bundle of their own");

    // A key the server refuses is named beside its field; a good one opens the flag's page.
    b.fill("Key", "Reports Beta").await;
    b.click_button("Create flag").await;
    b.wait_for(Locator::XPath("//p[@class='field-error' and @id='flag-key-error']")).await;
    b.fill("Key", "reports.beta").await;
    b.fill("Description", "The reports preview").await;
    b.click_button("Create flag").await;
    b.wait_for_heading("reports.beta").await;

    // The rollout slider reads as a share of organizations and saves.
    let slider = b.wait_for(Locator::Id("flag-rollout")).await;
    b.client
        .execute(
            "arguments[0].value = '1250'; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::to_value(&slider).unwrap_or_default()],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//label[normalize-space()='Rollout: 12.5% of organizations']")).await;
    b.click_button("Save").await;
    b.wait_for(Locator::XPath("//div[contains(@class, 'toast') and contains(., 'Flag saved.')]")).await;

    // An override for Acme Corporation: the organization's features show it at once.
    b.fill("Find an organization", "acme").await;
    // Each answer to the search draws the options again: a node read just before may be gone.
    let acme = Locator::XPath("//select[@id='override-org']/option[starts-with(., 'Acme Corporation')]");
    let mut tries = 0;
    loop {
        let picked = async {
            let id = b.wait_for(acme).await.attr("value").await?.unwrap_or_default();
            b.field("Organization").await.select_by_value(&id).await
        };
        match picked.await {
            Ok(()) => break,
            Err(e) if tries < 50 && e.to_string().contains("stale") => tries += 1,
            Err(e) => panic!("choosing Acme Corporation: {e}"),
        }
    }
    b.click_button("Set override").await;
    b.wait_for(Locator::XPath("//tr[td/a[normalize-space()='Acme Corporation']]/td/span[normalize-space()='On']"))
        .await;
    let owner = b.app.login("owner@acme.example").await;
    let features: serde_json::Value =
        tests::http::expect(b.app.get_as(&owner.access, "/api/dashboard/features").await, 200).await;
    assert_eq!(features["features"]["reports.beta"], true);

    // Archived, it is off for everyone, the override too.
    b.client.execute("window.scrollTo(0, 0);", vec![]).await.unwrap_or_else(|e| panic!("{e}"));
    b.click_button("Archive").await;
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Archived']")).await;
    let features: serde_json::Value =
        tests::http::expect(b.app.get_as(&owner.access, "/api/dashboard/features").await, 200).await;
    assert!(features["features"].get("reports.beta").is_none(), "an archived flag is left out (off): {features}");
    b.close().await;
}
