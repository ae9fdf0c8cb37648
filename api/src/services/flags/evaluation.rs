//! Evaluating a flag for one organization, exactly as DOMAIN.md (Feature flags) fixes it:
//!
//! 1. archived: off;
//! 2. the organization's override, when it has one;
//! 3. a plan link: on when the organization is on a plan the flag is linked to;
//! 4. the sticky rollout: on when `murmur3_32(flag_key + ":" + org_id) % 10000 < rollout_bp`
//!    (murmur3 x86_32, seed 0, the org id as a lowercase hyphenated UUID);
//! 5. otherwise the global default.
//!
//! Pure functions: the caller loads the rows (see `features`), so evaluation never costs a
//! database round trip per flag.

use uuid::Uuid;

use super::murmur3::murmur3_32;

/// Buckets of the rollout: one per basis point.
pub const BUCKETS: u32 = 10_000;

/// What a flag says, whoever asks.
#[derive(Debug, Clone, Copy)]
pub struct FlagRule<'a> {
    /// The flag's key (hashed with the organization id).
    pub key: &'a str,
    /// The global default.
    pub enabled: bool,
    /// The rollout in basis points (0 to 10,000).
    pub rollout_bp: u32,
    /// Whether it is archived.
    pub archived: bool,
}

/// What one organization brings to a flag's evaluation.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrgFacts {
    /// Its override of the flag, if it has one.
    pub override_enabled: Option<bool>,
    /// Whether it is on a plan the flag is linked to (see [`on_linked_plan`]).
    pub on_linked_plan: bool,
}

/// The organization's rollout bucket for a flag, 0 to 9,999: the same for the same key and
/// organization, always.
pub fn bucket(key: &str, org_id: Uuid) -> u32 {
    // `Uuid`'s Display is the lowercase hyphenated form.
    murmur3_32(format!("{key}:{org_id}").as_bytes(), 0) % BUCKETS
}

/// Whether the organization falls inside the flag's rollout.
pub fn in_rollout(key: &str, org_id: Uuid, rollout_bp: u32) -> bool {
    bucket(key, org_id) < rollout_bp
}

/// The plan step: whether any of the organization's current plans is among the flag's linked
/// plans. An organization is on a plan while its subscription is `trialing`, `active` or
/// `past_due`; there are no plans or subscriptions before billing, so until then every
/// organization's plan ids are empty and this step never turns a flag on.
pub fn on_linked_plan(flag_plan_ids: &[Uuid], org_plan_ids: &[Uuid]) -> bool {
    org_plan_ids.iter().any(|p| flag_plan_ids.contains(p))
}

/// Whether the flag is on for the organization: archived → off; override → plan link → rollout →
/// global default.
pub fn evaluate(flag: FlagRule<'_>, org_id: Uuid, org: OrgFacts) -> bool {
    if flag.archived {
        return false;
    }
    if let Some(on) = org.override_enabled {
        return on;
    }
    if org.on_linked_plan {
        return true;
    }
    if in_rollout(flag.key, org_id, flag.rollout_bp) {
        return true;
    }
    flag.enabled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(enabled: bool, rollout_bp: u32) -> FlagRule<'static> {
        FlagRule { key: "usage.dashboard", enabled, rollout_bp, archived: false }
    }

    #[test]
    fn the_order_is_override_plan_rollout_default() {
        let org = Uuid::now_v7();
        let none = OrgFacts::default();
        assert!(!evaluate(rule(false, 0), org, none), "default off");
        assert!(evaluate(rule(true, 0), org, none), "default on");
        assert!(evaluate(rule(false, 10_000), org, none), "everyone is in a full rollout");
        let off = OrgFacts { override_enabled: Some(false), on_linked_plan: true };
        assert!(!evaluate(rule(true, 10_000), org, off), "an override beats plan, rollout and default");
        let on = OrgFacts { override_enabled: Some(true), on_linked_plan: false };
        assert!(evaluate(rule(false, 0), org, on));
        let plan = OrgFacts { override_enabled: None, on_linked_plan: true };
        assert!(evaluate(rule(false, 0), org, plan), "a plan link turns it on");
        let archived = FlagRule { archived: true, ..rule(true, 10_000) };
        assert!(!evaluate(archived, org, on), "archived is off, overrides included");
    }

    #[test]
    fn plan_links_need_a_current_plan() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert!(!on_linked_plan(&[a], &[]), "no plans before billing");
        assert!(!on_linked_plan(&[a], &[b]));
        assert!(on_linked_plan(&[a, b], &[b]));
    }

    /// The bucket is the reference hash of `key:org_id` modulo 10,000; the reference value here
    /// is written out by hand from the same formula so a change of input form (case, braces, a
    /// missing colon) fails.
    #[test]
    fn buckets_hash_the_lowercase_hyphenated_id() {
        let org = Uuid::parse_str("0190F3A2-7B4C-7D8E-9F01-23456789ABCD").unwrap_or_default();
        let text = "usage.dashboard:0190f3a2-7b4c-7d8e-9f01-23456789abcd";
        assert_eq!(bucket("usage.dashboard", org), murmur3_32(text.as_bytes(), 0) % 10_000);
        assert_eq!(bucket("usage.dashboard", org), bucket("usage.dashboard", org), "sticky");
    }

    fn random_org() -> Uuid {
        uuid::Builder::from_random_bytes(rand::random()).into_uuid()
    }

    #[test]
    fn a_ten_percent_rollout_reaches_about_ten_percent() {
        let flag = rule(false, 1_000);
        let on = (0..10_000).filter(|_| evaluate(flag, random_org(), OrgFacts::default())).count();
        assert!((850..=1_150).contains(&on), "{on} of 10,000 organizations in a 10% rollout");
        // Stickiness: one organization gets one answer, however often asked.
        let org = random_org();
        let first = evaluate(flag, org, OrgFacts::default());
        assert!((0..100).all(|_| evaluate(flag, org, OrgFacts::default()) == first));
    }
}
