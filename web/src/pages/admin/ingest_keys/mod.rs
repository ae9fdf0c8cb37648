//! An organization's usage ingest keys (in the ingest bundle, see `shared::Bundle`), reached from
//! the organization's usage page: the keys its metering systems report with.

pub mod keys;
pub mod keys_page;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};

use self::keys_page::IngestKeysPage;

/// `/admin/ingest-keys/:org_id`.
#[component(transparent)]
pub fn IngestKeysRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("ingest-keys/:org_id") view=IngestKeysPage/> }.into_inner()
}
