//! Roles, organization roles and the one permission catalogue: each permission is declared once
//! with its wire name, its scope, who holds it and its label. The server enforces it (marker types
//! in `perm` for handler signatures), the web app hides what a user cannot do and labels it.

crate::string_enum! {
    /// A user's platform-wide role. A user has exactly one.
    pub enum Role {
        /// The operator's administrators: everything in the admin portal.
        Admin = "ADMIN",
        /// The operator's staff: the admin portal without system settings, flags or role changes.
        Staff = "STAFF",
        /// A customer's user: the client portal of the organizations they belong to.
        Client = "CLIENT",
        /// A customer's outside vendor: a reduced client portal (no billing, usage or org settings).
        Vendor = "VENDOR",
    }
}

impl Role {
    /// Whether this role belongs to the operator (admin portal).
    pub fn is_operator(self) -> bool {
        matches!(self, Role::Admin | Role::Staff)
    }
}

crate::string_enum! {
    /// A user's role inside one organization.
    pub enum OrgRole {
        /// Manages the organization's settings, members, billing and API keys.
        Owner = "OWNER",
        /// Uses the organization's portal.
        Member = "MEMBER",
    }
}

/// Where a permission applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionScope {
    /// The active organization (`/api/dashboard/*`); API keys may carry it.
    Org,
    /// The operator's admin API (`/api/admin/*`).
    Admin,
    /// Reporting usage for one organization: held by usage ingest keys only, never by a role
    /// or by a key a customer makes.
    Ingest,
}

/// Who holds a permission: a row of the permission matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// ADMIN users (operator permissions).
    Admin,
    /// STAFF users (operator permissions).
    Staff,
    /// OWNERs of the active organization (CLIENT, STAFF or ADMIN users; a VENDOR is never OWNER).
    Owner,
    /// MEMBERs of the active organization who are not VENDORs.
    Member,
    /// VENDOR users in an organization they belong to.
    Vendor,
}

/// A type standing for one permission, for extractor types in handler signatures.
pub trait PermissionMarker: 'static {
    /// The permission.
    const PERMISSION: Permission;
}

/// Declares the permission catalogue: enum, wire names, scope, holders, labels, marker types.
macro_rules! permissions {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $wire:literal, $scope:ident, [$($holder:ident),*], $label:literal;
    )+) => {
        crate::string_enum! {
            /// Everything a request may need permission for. Organization permissions apply to the
            /// active organization; `Admin*` permissions apply to the operator's admin API.
            pub enum Permission {
                $( $(#[$doc])* $variant = $wire ),+
            }
        }

        impl Permission {
            /// Where the permission applies.
            pub fn scope(self) -> PermissionScope {
                match self {
                    $( Permission::$variant => PermissionScope::$scope ),+
                }
            }

            /// Who holds it (the permission matrix).
            pub fn holders(self) -> &'static [Holder] {
                match self {
                    $( Permission::$variant => &[$(Holder::$holder),*] ),+
                }
            }

            /// A short label for people, e.g. on the API key form.
            pub fn label(self) -> &'static str {
                match self {
                    $( Permission::$variant => $label ),+
                }
            }
        }

        /// One marker type per permission: `OrgPermission<perm::OrgUpdate>` in a signature.
        pub mod perm {
            $(
                #[doc = concat!("Marker for `", $wire, "`.")]
                #[derive(Debug, Clone, Copy)]
                pub struct $variant;

                impl super::PermissionMarker for $variant {
                    const PERMISSION: super::Permission = super::Permission::$variant;
                }
            )+
        }
    };
}

permissions! {
    /// See the organization's overview.
    OrgRead = "org.read", Org, [Owner, Member, Vendor], "Read the organization";
    /// Change the organization's settings.
    OrgUpdate = "org.update", Org, [Owner], "Change organization settings";
    /// See the organization's members.
    MembersRead = "members.read", Org, [Owner, Member], "Read the member list";
    /// Create and revoke the organization's API keys.
    ApiKeysManage = "api_keys.manage", Org, [Owner], "Manage API keys";
    /// See the organization's usage: series, raw events and their exports.
    UsageRead = "usage.read", Org, [Owner, Member], "Read usage";
    /// Report the organization's usage (ingest keys only).
    UsageWrite = "usage.write", Ingest, [], "Report usage";
    /// List and view customer organizations.
    AdminOrganizationsRead = "admin.organizations.read", Admin, [Admin, Staff], "View organizations";
    /// Suspend and reactivate customer organizations.
    AdminOrganizationsManage = "admin.organizations.manage", Admin, [Admin, Staff], "Suspend and reactivate organizations";
    /// Read the audit log.
    AdminAuditRead = "admin.audit.read", Admin, [Admin, Staff], "Read the audit log";
    /// See the operator's metrics (signups over time, organizations by status).
    AdminMetricsRead = "admin.metrics.read", Admin, [Admin, Staff], "View metrics";
    /// List and view feature flags, their overrides and plan links.
    AdminFlagsRead = "admin.flags.read", Admin, [Admin, Staff], "View feature flags";
    /// List and view every user account with its memberships and sessions.
    AdminUsersRead = "admin.users.read", Admin, [Admin, Staff], "View user accounts";
    /// Read and change system settings.
    AdminSettingsManage = "admin.settings.manage", Admin, [Admin], "Change system settings";
    /// Create, change, archive feature flags and set their overrides and plan links.
    AdminFlagsManage = "admin.flags.manage", Admin, [Admin], "Manage feature flags";
    /// Manage other users' accounts: change their platform role, disable and enable them, reset
    /// their second factor, send them a password reset link.
    AdminUsersManage = "admin.users.manage", Admin, [Admin], "Manage user accounts";
    /// See usage across organizations: totals, top organizations, one organization's series.
    AdminUsageRead = "admin.usage.read", Admin, [Admin, Staff], "View usage";
    /// Issue and revoke organizations' usage ingest keys.
    AdminUsageKeysManage = "admin.usage.keys.manage", Admin, [Admin, Staff], "Manage usage ingest keys";
    /// Invite people, change members' roles, remove members, transfer ownership.
    MembersManage = "members.manage", Org, [Owner], "Manage members and invitations";
    /// Read the organization's own audit trail.
    AuditRead = "audit.read", Org, [Owner], "Read the organization's audit log";
    /// See automations, their timeline, tasks, messages and comments (a VENDOR only those with a
    /// task assigned to them, and only those tasks and their comments).
    AutomationsRead = "automations.read", Org, [Owner, Member, Vendor], "Read automations";
    /// Request and change automations, archive them, create and change tasks, post messages.
    AutomationsWrite = "automations.write", Org, [Owner, Member], "Request and change automations";
    /// Work on tasks: change the status of one's tasks, comment on them.
    TasksWork = "tasks.work", Org, [Owner, Member, Vendor], "Work on tasks";
    /// See every organization's automations with their tasks and threads.
    AdminAutomationsRead = "admin.automations.read", Admin, [Admin, Staff], "View automations";
    /// Move automations through their states, assign staff leads, manage tasks, post messages.
    AdminAutomationsManage = "admin.automations.manage", Admin, [Admin, Staff], "Manage automations";
    /// List, view and download the organization's files (a VENDOR: only the files they uploaded).
    FilesRead = "files.read", Org, [Owner, Member, Vendor], "Read files";
    /// Upload files, and delete the files one uploaded (OWNERs delete any).
    FilesWrite = "files.write", Org, [Owner, Member, Vendor], "Upload files";
    /// See and download the secure documents shared with one (OWNERs: every document).
    DocumentsRead = "documents.read", Org, [Owner, Member], "Read secure documents";
    /// Upload, share and delete secure documents, and read their download trail.
    DocumentsManage = "documents.manage", Org, [Owner], "Manage secure documents";
}

impl Permission {
    /// Whether the permission is about the active organization (as opposed to the admin API).
    pub fn is_org_scoped(self) -> bool {
        self.scope() == PermissionScope::Org
    }

    /// Whether an API key may carry it (organization permissions other than managing keys and
    /// members).
    pub fn grantable_to_api_key(self) -> bool {
        self.is_org_scoped() && !matches!(self, Permission::ApiKeysManage | Permission::MembersManage)
    }
}

/// The rows of the matrix that a user is on: `org_role` is their role in the active organization,
/// or `None` outside any organization.
pub fn holders(role: Role, org_role: Option<OrgRole>) -> Vec<Holder> {
    let mut out = Vec::new();
    match role {
        Role::Admin => out.push(Holder::Admin),
        Role::Staff => out.push(Holder::Staff),
        Role::Client | Role::Vendor => {}
    }
    // A VENDOR is never OWNER: a stray OWNER row counts as a vendor's membership.
    match (role, org_role) {
        (_, None) => {}
        (Role::Vendor, Some(_)) => out.push(Holder::Vendor),
        (_, Some(OrgRole::Member)) => out.push(Holder::Member),
        (_, Some(OrgRole::Owner)) => out.push(Holder::Owner),
    }
    out
}

/// The permissions a user holds: `org_role` is their role in the active organization, or `None`
/// outside any organization (which yields only the role's operator permissions, if any).
///
/// This is the one permission matrix of the product (declared with each permission above); the
/// README documents it.
pub fn effective_permissions(role: Role, org_role: Option<OrgRole>) -> Vec<Permission> {
    let rows = holders(role, org_role);
    Permission::ALL.into_iter().filter(|p| p.holders().iter().any(|h| rows.contains(h))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_never_gets_owner_permissions() {
        let p = effective_permissions(Role::Vendor, Some(OrgRole::Owner));
        use Permission::*;
        assert_eq!(p, vec![OrgRead, AutomationsRead, TasksWork, FilesRead, FilesWrite]);
    }

    #[test]
    fn staff_cannot_manage_settings_but_admin_can() {
        assert!(!effective_permissions(Role::Staff, None).contains(&Permission::AdminSettingsManage));
        assert!(!effective_permissions(Role::Staff, None).contains(&Permission::AdminFlagsManage));
        assert!(effective_permissions(Role::Admin, None).contains(&Permission::AdminFlagsManage));
        assert!(effective_permissions(Role::Admin, None).contains(&Permission::AdminSettingsManage));
    }

    #[test]
    fn only_owner_updates_org() {
        assert!(effective_permissions(Role::Client, Some(OrgRole::Owner)).contains(&Permission::OrgUpdate));
        assert!(!effective_permissions(Role::Client, Some(OrgRole::Member)).contains(&Permission::OrgUpdate));
        assert!(effective_permissions(Role::Client, None).is_empty());
    }

    #[test]
    fn matrix_as_documented() {
        use Permission::*;
        assert_eq!(
            effective_permissions(Role::Client, Some(OrgRole::Member)),
            vec![
                OrgRead,
                MembersRead,
                UsageRead,
                AutomationsRead,
                AutomationsWrite,
                TasksWork,
                FilesRead,
                FilesWrite,
                DocumentsRead
            ]
        );
        assert_eq!(
            effective_permissions(Role::Client, Some(OrgRole::Owner)),
            vec![
                OrgRead,
                OrgUpdate,
                MembersRead,
                ApiKeysManage,
                UsageRead,
                MembersManage,
                AuditRead,
                AutomationsRead,
                AutomationsWrite,
                TasksWork,
                FilesRead,
                FilesWrite,
                DocumentsRead,
                DocumentsManage
            ]
        );
        assert_eq!(
            effective_permissions(Role::Vendor, Some(OrgRole::Member)),
            vec![OrgRead, AutomationsRead, TasksWork, FilesRead, FilesWrite],
            "no usage or documents for vendors"
        );
        assert_eq!(
            effective_permissions(Role::Staff, None),
            vec![
                AdminOrganizationsRead,
                AdminOrganizationsManage,
                AdminAuditRead,
                AdminMetricsRead,
                AdminFlagsRead,
                AdminUsersRead,
                AdminUsageRead,
                AdminUsageKeysManage,
                AdminAutomationsRead,
                AdminAutomationsManage
            ]
        );
        assert_eq!(effective_permissions(Role::Admin, None).len(), 13);
        assert_eq!(effective_permissions(Role::Admin, Some(OrgRole::Owner)).len(), 27);
    }

    #[test]
    fn operator_permissions_are_admin_scoped() {
        for p in Permission::ALL {
            let operator_only = p.holders().iter().all(|h| matches!(h, Holder::Admin | Holder::Staff));
            match p.scope() {
                PermissionScope::Ingest => assert!(p.holders().is_empty(), "{p}: only ingest keys hold it"),
                scope => assert_eq!(operator_only, scope == PermissionScope::Admin, "{p}"),
            }
            assert!(!p.label().is_empty());
        }
    }

    #[test]
    fn only_ingest_keys_report_usage() {
        for role in Role::ALL {
            for org_role in [None, Some(OrgRole::Owner), Some(OrgRole::Member)] {
                assert!(!effective_permissions(role, org_role).contains(&Permission::UsageWrite), "{role}");
            }
        }
        assert!(!Permission::UsageWrite.grantable_to_api_key());
        assert!(Permission::UsageRead.grantable_to_api_key());
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
