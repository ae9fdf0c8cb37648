//! Roles, organization roles and the one permission matrix used by the server to enforce and by
//! the web app to hide what a user cannot do.

use serde::{Deserialize, Serialize};

/// A user's platform-wide role. A user has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// The operator's administrators: everything in the admin portal.
    Admin,
    /// The operator's staff: the admin portal without system settings, flags or role changes.
    Staff,
    /// A customer's user: the client portal of the organizations they belong to.
    Client,
    /// A customer's outside vendor: a reduced client portal (no billing, usage or org settings).
    Vendor,
}

impl Role {
    /// All roles, in order of decreasing reach.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Staff, Role::Client, Role::Vendor];

    /// The stored and wire name (`ADMIN`, `STAFF`, `CLIENT`, `VENDOR`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "ADMIN",
            Role::Staff => "STAFF",
            Role::Client => "CLIENT",
            Role::Vendor => "VENDOR",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this role belongs to the operator (admin portal).
    pub fn is_operator(self) -> bool {
        matches!(self, Role::Admin | Role::Staff)
    }
}

/// A user's role inside one organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrgRole {
    /// Manages the organization's settings, members, billing and API keys.
    Owner,
    /// Uses the organization's portal.
    Member,
}

impl OrgRole {
    /// The stored and wire name (`OWNER`, `MEMBER`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::Owner => "OWNER",
            OrgRole::Member => "MEMBER",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<OrgRole> {
        match s {
            "OWNER" => Some(OrgRole::Owner),
            "MEMBER" => Some(OrgRole::Member),
            _ => None,
        }
    }
}

/// Everything a request may need permission for. Organization permissions apply to the active
/// organization; `Admin*` permissions apply to the operator's admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Permission {
    /// See the organization's overview.
    #[serde(rename = "org.read")]
    OrgRead,
    /// Change the organization's settings.
    #[serde(rename = "org.update")]
    OrgUpdate,
    /// See the organization's members.
    #[serde(rename = "members.read")]
    MembersRead,
    /// Create and revoke the organization's API keys.
    #[serde(rename = "api_keys.manage")]
    ApiKeysManage,
    /// List and view customer organizations.
    #[serde(rename = "admin.organizations.read")]
    AdminOrganizationsRead,
    /// Suspend and reactivate customer organizations.
    #[serde(rename = "admin.organizations.manage")]
    AdminOrganizationsManage,
    /// Read the audit log.
    #[serde(rename = "admin.audit.read")]
    AdminAuditRead,
    /// Read and change system settings.
    #[serde(rename = "admin.settings.manage")]
    AdminSettingsManage,
    /// Manage other users' accounts (e.g. reset their second factor).
    #[serde(rename = "admin.users.manage")]
    AdminUsersManage,
}

impl Permission {
    /// Every permission, in a stable order.
    pub const ALL: [Permission; 9] = [
        Permission::OrgRead,
        Permission::OrgUpdate,
        Permission::MembersRead,
        Permission::ApiKeysManage,
        Permission::AdminOrganizationsRead,
        Permission::AdminOrganizationsManage,
        Permission::AdminAuditRead,
        Permission::AdminSettingsManage,
        Permission::AdminUsersManage,
    ];

    /// The wire name, e.g. `org.update`.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::OrgRead => "org.read",
            Permission::OrgUpdate => "org.update",
            Permission::MembersRead => "members.read",
            Permission::ApiKeysManage => "api_keys.manage",
            Permission::AdminOrganizationsRead => "admin.organizations.read",
            Permission::AdminOrganizationsManage => "admin.organizations.manage",
            Permission::AdminAuditRead => "admin.audit.read",
            Permission::AdminSettingsManage => "admin.settings.manage",
            Permission::AdminUsersManage => "admin.users.manage",
        }
    }

    /// Whether the permission is about the active organization (as opposed to the admin API).
    pub fn is_org_scoped(self) -> bool {
        matches!(
            self,
            Permission::OrgRead | Permission::OrgUpdate | Permission::MembersRead | Permission::ApiKeysManage
        )
    }
}

/// The permissions a user holds: `org_role` is their role in the active organization, or `None`
/// outside any organization (which yields only the role's operator permissions, if any).
///
/// This is the one permission matrix of the product; the README documents it.
pub fn effective_permissions(role: Role, org_role: Option<OrgRole>) -> Vec<Permission> {
    let mut out = Vec::new();
    match role {
        Role::Admin => out.extend([
            Permission::AdminOrganizationsRead,
            Permission::AdminOrganizationsManage,
            Permission::AdminAuditRead,
            Permission::AdminSettingsManage,
            Permission::AdminUsersManage,
        ]),
        Role::Staff => out.extend([
            Permission::AdminOrganizationsRead,
            Permission::AdminOrganizationsManage,
            Permission::AdminAuditRead,
        ]),
        Role::Client | Role::Vendor => {}
    }
    // A VENDOR is never OWNER: treat a stray OWNER row as MEMBER.
    let org_role = match (role, org_role) {
        (Role::Vendor, Some(_)) => Some(OrgRole::Member),
        (_, r) => r,
    };
    match (role, org_role) {
        (_, None) => {}
        (Role::Vendor, Some(_)) => out.push(Permission::OrgRead),
        (_, Some(OrgRole::Member)) => out.extend([Permission::OrgRead, Permission::MembersRead]),
        (_, Some(OrgRole::Owner)) => {
            out.extend([Permission::OrgRead, Permission::OrgUpdate, Permission::MembersRead, Permission::ApiKeysManage])
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_never_gets_owner_permissions() {
        let p = effective_permissions(Role::Vendor, Some(OrgRole::Owner));
        assert_eq!(p, vec![Permission::OrgRead]);
    }

    #[test]
    fn staff_cannot_manage_settings_but_admin_can() {
        assert!(!effective_permissions(Role::Staff, None).contains(&Permission::AdminSettingsManage));
        assert!(effective_permissions(Role::Admin, None).contains(&Permission::AdminSettingsManage));
    }

    #[test]
    fn only_owner_updates_org() {
        assert!(effective_permissions(Role::Client, Some(OrgRole::Owner)).contains(&Permission::OrgUpdate));
        assert!(!effective_permissions(Role::Client, Some(OrgRole::Member)).contains(&Permission::OrgUpdate));
        assert!(effective_permissions(Role::Client, None).is_empty());
    }

    #[test]
    fn wire_names_round_trip() {
        for p in Permission::ALL {
            let json = serde_json::to_string(&p).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }
}
