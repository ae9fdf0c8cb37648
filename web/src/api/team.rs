//! `/api/dashboard/members`: the active organization's members.

use shared::dto::common::Page;
use shared::dto::team::Member;

use super::{Get, PAGE_SIZE, paged};

/// `GET /api/dashboard/members`: one page of members.
pub fn members(cursor: Option<&str>) -> Get<Page<Member>> {
    Get::new(paged("/api/dashboard/members", PAGE_SIZE, &[], cursor))
}
