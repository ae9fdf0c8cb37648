//! Demo data: an operator admin and staff member, and two customer organizations with an
//! owner, a member and a vendor, the usage dashboard turned on and five weeks of the first
//! organization's usage. Loaded on the first start of an empty database (outside
//! production) or by `omgsystems seed --demo`.

mod usage;

use base64::Engine;
use rand::RngCore;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};
use shared::{OrgRole, Role};

use shared::audit::{AuditAction, DemoDataLoaded};

use crate::config::Config;
use crate::context::ClientInfo;
use crate::db::Tx;
use crate::entities::auth::user;
use crate::entities::organizations::organization;
use crate::error::ApiError;
use crate::jobs::JobSignal;
use crate::services::auth::users;
use crate::services::organizations::create::insert_organization;
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::password::PasswordHasher;
use crate::services::team::members::insert_membership;

/// A demo account created by seeding, with its password (shown once).
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// What the account is for.
    pub label: &'static str,
    /// Sign-in email.
    pub email: String,
    /// Sign-in password.
    pub password: String,
}

struct DemoUser {
    label: &'static str,
    email: &'static str,
    name: &'static str,
    role: Role,
    org: Option<(usize, OrgRole)>,
}

const DEMO_ORGS: [&str; 2] = ["Acme Corporation", "Globex Industries"];

const DEMO_USERS: [DemoUser; 7] = [
    DemoUser {
        label: "operator admin",
        email: "admin@omgsystems.example",
        name: "Ada Admin",
        role: Role::Admin,
        org: None,
    },
    DemoUser {
        label: "operator staff",
        email: "staff@omgsystems.example",
        name: "Sam Staff",
        role: Role::Staff,
        org: None,
    },
    DemoUser {
        label: "Acme owner",
        email: "owner@acme.example",
        name: "Olivia Owner",
        role: Role::Client,
        org: Some((0, OrgRole::Owner)),
    },
    DemoUser {
        label: "Acme member",
        email: "member@acme.example",
        name: "Max Member",
        role: Role::Client,
        org: Some((0, OrgRole::Member)),
    },
    DemoUser {
        label: "Acme vendor",
        email: "vendor@acme.example",
        name: "Vera Vendor",
        role: Role::Vendor,
        org: Some((0, OrgRole::Member)),
    },
    DemoUser {
        label: "Globex owner",
        email: "owner@globex.example",
        name: "Gus Owner",
        role: Role::Client,
        org: Some((1, OrgRole::Owner)),
    },
    DemoUser {
        label: "Globex member",
        email: "member@globex.example",
        name: "Gina Member",
        role: Role::Client,
        org: Some((1, OrgRole::Member)),
    },
];

fn random_password() -> String {
    let mut raw = [0u8; 12];
    rand::rng().fill_bytes(&mut raw);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

/// Loads demo data when the database has no users yet; returns the logins it created.
pub async fn seed_demo_if_empty(db: &DatabaseConnection, config: &Config) -> anyhow::Result<Vec<DemoLogin>> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(Vec::new());
    }
    seed_demo(db, config).await
}

/// Loads the demo data that is not there yet; returns the logins it created.
pub async fn seed_demo(db: &DatabaseConnection, config: &Config) -> anyhow::Result<Vec<DemoLogin>> {
    let hasher = PasswordHasher::new(config.password_hash_concurrency);
    let mut hashed = Vec::new();
    for u in &DEMO_USERS {
        let password = config.demo_password.clone().unwrap_or_else(random_password);
        let hash = hasher.hash(&password).await.map_err(anyhow_of)?;
        hashed.push((u, password, hash));
    }
    let now = chrono::Utc::now();
    let tx = Tx::begin(db, &JobSignal::default()).await?;
    let mut orgs = Vec::new();
    for name in DEMO_ORGS {
        let existing = organization::Entity::find().filter_by_name(name).one(&tx).await?;
        let org = match existing {
            Some(o) => o,
            None => insert_organization(&tx, name, now).await.map_err(anyhow_of)?,
        };
        orgs.push(org);
    }
    let mut created = Vec::new();
    for (u, password, hash) in hashed {
        let user = match users::insert_user(&tx, u.email, u.name, hash, u.role, users::Address::Confirmed, now).await {
            Ok(user) => user,
            Err(ApiError::EmailTaken) => continue,
            Err(e) => return Err(anyhow_of(e)),
        };
        if let Some((i, org_role)) = u.org {
            insert_membership(&tx, orgs[i].id, user.id, org_role, now).await.map_err(anyhow_of)?;
        }
        created.push(DemoLogin { label: u.label, email: u.email.to_owned(), password });
    }
    usage::seed_flags(&tx, now).await.map_err(anyhow_of)?;
    usage::seed_usage(&tx, orgs[0].id, now).await.map_err(anyhow_of)?;
    record_seed(&tx, created.len(), now).await?;
    tx.commit().await?;
    Ok(created)
}

async fn record_seed(db: &impl ConnectionTrait, n: usize, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
    let event =
        AuditEvent::success(AuditAction::SystemDemoDataLoaded).details(&DemoDataLoaded { users_created: n as u64 });
    audit::record(db, now, &ClientInfo::default(), event).await.map_err(anyhow_of)
}

/// Converts an API error into a plain error for command-line use.
pub fn anyhow_of(e: ApiError) -> anyhow::Error {
    match e {
        ApiError::Internal(inner) => inner,
        ApiError::Validation(fields) => anyhow::anyhow!(
            "{}",
            fields.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
        ),
        other => anyhow::anyhow!("{}", other.to_problem().detail.unwrap_or_else(|| other.to_string())),
    }
}

trait FilterByName {
    fn filter_by_name(self, name: &str) -> Self;
}

impl FilterByName for sea_orm::Select<organization::Entity> {
    fn filter_by_name(self, name: &str) -> Self {
        use sea_orm::{ColumnTrait, QueryFilter};
        self.filter(organization::Column::Name.eq(name))
    }
}

/// Prints demo logins for the person who started the server.
pub fn print_demo_logins(logins: &[DemoLogin]) {
    if logins.is_empty() {
        return;
    }
    println!("\nDemo data loaded. Sign in with (shown once):");
    for l in logins {
        println!("  {:<15} {:<28} {}", l.label, l.email, l.password);
    }
    println!();
}
