//! The feature flags of the active organization, as `GET /api/dashboard/features` evaluates them:
//! the client portal hides what a flag of the catalogue (`shared::flags`) turns off.

use leptos::prelude::*;
use shared::dto::flags::FeatureSet;
use shared::flags::FlagSpec;

use crate::api::Get;
use crate::state::remote::Remote;

/// The evaluated flags, loaded once per page load and again on switching organization.
#[derive(Clone, Copy)]
pub struct Features(Remote<FeatureSet>);

impl Features {
    /// Loads the flags and makes them the portal's (the client portal's shell calls it).
    pub fn provide() -> Features {
        let features = Features(Remote::per_org(|| Get::new("/api/dashboard/features".to_owned())));
        provide_context(features);
        features
    }

    /// The portal's flags: `None` outside the client portal.
    pub fn current() -> Option<Features> {
        use_context()
    }

    /// Whether `flag` is on (tracked). Off while loading and when the flags failed to load, so
    /// nothing a flag turns off flashes on screen first.
    pub fn is_on(self, flag: FlagSpec) -> bool {
        self.0.with(|s| matches!(s, Some(Ok(set)) if set.is_on(flag.key)))
    }

    /// Whether the flags are still loading (tracked).
    pub fn loading(self) -> bool {
        self.0.with(|s| s.is_none())
    }
}
