//! The evaluated set of `GET /api/dashboard/features`: override → plan link → rollout → global
//! default, archived off; the rollout is sticky and hashes exactly as DOMAIN.md says (checked
//! against a reference MurmurHash3 written out here); each organization sees only its own.

use shared::dto::flags::UpdateFeatureFlagRequest;
use shared::{OrgRole, Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::http::expect_problem;
use tests::{TestApp, db_test};
use uuid::Uuid;

/// MurmurHash3_x86_32 as in Austin Appleby's reference `MurmurHash3.cpp`, written out here
/// independently of the server's, byte by byte.
fn reference_murmur3_x86_32(data: &[u8], seed: u32) -> u32 {
    let (c1, c2) = (0xcc9e2d51u32, 0x1b873593u32);
    let nblocks = data.len() / 4;
    let mut h1 = seed;
    for i in 0..nblocks {
        let b = &data[i * 4..i * 4 + 4];
        let mut k1 = u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16 | u32::from(b[3]) << 24;
        k1 = k1.wrapping_mul(c1);
        k1 = k1.rotate_left(15);
        k1 = k1.wrapping_mul(c2);
        h1 ^= k1;
        h1 = h1.rotate_left(13);
        h1 = h1.wrapping_mul(5).wrapping_add(0xe6546b64);
    }
    let tail = &data[nblocks * 4..];
    let mut k1 = 0u32;
    if tail.len() >= 3 {
        k1 ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        k1 ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        k1 ^= u32::from(tail[0]);
        k1 = k1.wrapping_mul(c1);
        k1 = k1.rotate_left(15);
        k1 = k1.wrapping_mul(c2);
        h1 ^= k1;
    }
    h1 ^= u32::try_from(data.len()).unwrap_or(u32::MAX);
    h1 ^= h1 >> 16;
    h1 = h1.wrapping_mul(0x85ebca6b);
    h1 ^= h1 >> 13;
    h1 = h1.wrapping_mul(0xc2b2ae35);
    h1 ^= h1 >> 16;
    h1
}

/// DOMAIN.md's bucket: `murmur3_32(flag_key + ":" + org_id) % 10000`, the id lowercase and hyphenated.
fn reference_bucket(key: &str, org: Uuid) -> u32 {
    let id = org.hyphenated().to_string().to_lowercase();
    reference_murmur3_x86_32(format!("{key}:{id}").as_bytes(), 0) % 10_000
}

#[test]
fn the_reference_hash_is_murmur3() {
    assert_eq!(reference_murmur3_x86_32(b"", 0), 0);
    assert_eq!(reference_murmur3_x86_32(b"hello", 0), 0x248bfa47);
    assert_eq!(reference_murmur3_x86_32(b"The quick brown fox jumps over the lazy dog", 0), 0x2e4ff723);
    // The server's bucket is the reference's, for many keys and organizations.
    for i in 0..2_000u32 {
        let org = Uuid::from_u128(u128::from(i + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835));
        let key = format!("flag.{i}");
        assert_eq!(api::services::flags::evaluation::bucket(&key, org), reference_bucket(&key, org), "{key} {org}");
    }
}

async fn override_beats_rollout_beats_default_and_archived_is_off(app: TestApp) {
    let admin = app.admin().await;
    let (owner, org) = app.register("Evaluated Org").await;
    let flag = app.create_flag(&admin, "usage.dashboard", false, 0).await.flag;
    let on = |set: &shared::dto::flags::FeatureSet| set.features.get("usage.dashboard").copied();

    assert_eq!(on(&app.features(&owner.access, None).await), Some(false), "default off, no rollout");
    let full = UpdateFeatureFlagRequest { rollout_bp: Some(10_000), ..Default::default() };
    app.update_flag(&admin, flag.id, full).await;
    assert_eq!(on(&app.features(&owner.access, None).await), Some(true), "a full rollout beats the default");
    app.set_flag_override(&admin, flag.id, org, false).await;
    assert_eq!(on(&app.features(&owner.access, None).await), Some(false), "an override beats the rollout");
    app.remove_flag_override(&admin, flag.id, org).await;
    assert_eq!(on(&app.features(&owner.access, None).await), Some(true));
    let default_on = UpdateFeatureFlagRequest { rollout_bp: Some(0), enabled: Some(true), ..Default::default() };
    app.update_flag(&admin, flag.id, default_on).await;
    assert_eq!(on(&app.features(&owner.access, None).await), Some(true), "the global default");
    app.set_flag_override(&admin, flag.id, org, false).await;
    assert_eq!(on(&app.features(&owner.access, None).await), Some(false), "an override beats the default");
    app.set_flag_override(&admin, flag.id, org, true).await;
    app.archive_flag(&admin, flag.id, true).await;
    let set = app.features(&owner.access, None).await;
    assert_eq!(on(&set), None, "an archived flag is not listed");
    assert!(!set.is_on("usage.dashboard"), "and is off, its override notwithstanding");
    app.archive_flag(&admin, flag.id, false).await;
    assert_eq!(on(&app.features(&owner.access, None).await), Some(true));
}

async fn the_rollout_is_sticky_and_hashes_as_documented(app: TestApp) {
    let admin = app.admin().await;
    let key = "half.rollout";
    app.create_flag(&admin, key, false, 5_000).await;
    let first = app.create_org("Rollout 0").await;
    let member = app.user(Role::Client, Some((first, OrgRole::Member))).await;
    let mut orgs = vec![first];
    for i in 1..24 {
        let org = app.create_org(&format!("Rollout {i}")).await;
        app.add_member(org, member.user_id, OrgRole::Member).await;
        orgs.push(org);
    }
    let mut answers = Vec::new();
    for org in &orgs {
        let got = app.features(&member.access, Some(*org)).await.is_on(key);
        assert_eq!(got, reference_bucket(key, *org) < 5_000, "org {org}: bucket {}", reference_bucket(key, *org));
        answers.push(got);
    }
    for (org, first) in orgs.iter().zip(&answers) {
        assert_eq!(app.features(&member.access, Some(*org)).await.is_on(key), *first, "sticky for {org}");
    }
}

async fn each_organization_sees_only_its_own(app: TestApp) {
    let admin = app.admin().await;
    let (owner_a, org_a) = app.register_confirmed("Tenant A").await;
    let (owner_b, org_b) = app.register("Tenant B").await;
    let flag = app.create_flag(&admin, "tenant.feature", false, 0).await.flag;
    app.set_flag_override(&admin, flag.id, org_a, true).await;

    assert!(app.features(&owner_a.access, None).await.is_on("tenant.feature"));
    assert!(!app.features(&owner_b.access, None).await.is_on("tenant.feature"));
    // Asking for the other organization is refused as if it did not exist.
    let res = app.call(reqwest::Method::GET, "/api/dashboard/features").bearer(&owner_b.access).org(org_a).send().await;
    expect_problem(res, 404, "not_found").await;

    // An API key with org.read reads its own organization's set, and only that.
    let created = app.create_api_key(&owner_a, &key_request("Flags", &[Permission::OrgRead])).await;
    assert!(app.features(&created.key, None).await.is_on("tenant.feature"));
    let res = app.call(reqwest::Method::GET, "/api/dashboard/features").bearer(&created.key).org(org_b).send().await;
    expect_problem(res, 404, "not_found").await;

    // A member and a vendor read it too; an operator outside the organization has none.
    let vendor = app.user(Role::Vendor, Some((org_b, OrgRole::Member))).await;
    assert!(!app.features(&vendor.access, None).await.is_on("tenant.feature"));
    let res = app.get_as(&admin.access, "/api/dashboard/features").await;
    expect_problem(res, 404, "not_found").await;
}

db_test!(
    override_beats_rollout_beats_default_and_archived_is_off,
    the_rollout_is_sticky_and_hashes_as_documented,
    each_organization_sees_only_its_own
);
