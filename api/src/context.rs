//! Who is acting, from where, and in which organization: the one shape every service takes.
//! No HTTP types here: extractors build these, jobs and the command line build them too.

use shared::dto::audit::ActorType;
use shared::{OrgRole, Permission, Role};
use uuid::Uuid;

use crate::entities::auth::user;
use crate::entities::organizations::organization;

/// Where a request came from.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    /// The client's IP address (from `X-Forwarded-For` only behind a trusted proxy).
    pub ip: Option<String>,
    /// The client's user agent, cut to 512 characters.
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// The network the client counts in for throttling: its IPv4 address, or its IPv6 /64 (one
    /// household or server gets a whole /64, so single addresses would be free to rotate).
    pub fn network(&self) -> Option<String> {
        let ip: std::net::IpAddr = self.ip.as_deref()?.parse().ok()?;
        Some(match ip {
            std::net::IpAddr::V4(v4) => v4.to_string(),
            std::net::IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        })
    }
}

/// A signed-in person and the session their token belongs to.
#[derive(Debug, Clone)]
pub struct Person {
    /// The user, as stored now.
    pub user: user::Model,
    /// The session of the presented token.
    pub session_id: Uuid,
}

/// An integrator's API key, acting within its creator's permissions.
#[derive(Debug, Clone)]
pub struct KeyActor {
    /// The key's id.
    pub key_id: Uuid,
    /// The key's name.
    pub name: String,
    /// The user who created it.
    pub creator: user::Model,
}

/// Whoever is acting: a person with a session, or an API key.
#[derive(Debug, Clone)]
pub enum Actor {
    /// A signed-in person.
    Person(Person),
    /// An API key.
    ApiKey(KeyActor),
}

impl Actor {
    /// The user behind the action: the person, or the key's creator.
    pub fn user(&self) -> &user::Model {
        match self {
            Actor::Person(p) => &p.user,
            Actor::ApiKey(k) => &k.creator,
        }
    }

    /// The id of the user behind the action.
    pub fn user_id(&self) -> Uuid {
        self.user().id
    }

    /// The email of the user behind the action.
    pub fn email(&self) -> &str {
        &self.user().email
    }

    /// The platform role of the user behind the action.
    pub fn role(&self) -> Role {
        self.user().role()
    }

    /// The API key, when a key is acting.
    pub fn api_key_id(&self) -> Option<Uuid> {
        match self {
            Actor::Person(_) => None,
            Actor::ApiKey(k) => Some(k.key_id),
        }
    }

    /// What the audit trail calls this actor.
    pub fn actor_type(&self) -> ActorType {
        match self {
            Actor::Person(_) => ActorType::User,
            Actor::ApiKey(_) => ActorType::ApiKey,
        }
    }
}

/// A usage ingest key reporting for its organization: the context of usage ingestion. No person
/// acts through it, and it reaches nothing else.
#[derive(Debug, Clone)]
pub struct IngestContext {
    /// The key's id.
    pub key_id: Uuid,
    /// The key's name.
    pub key_name: String,
    /// The organization it reports for.
    pub org: organization::Model,
    /// Where the request came from.
    pub client: ClientInfo,
}

impl IngestContext {
    /// The organization's id: the value every usage row carries.
    pub fn org_id(&self) -> Uuid {
        self.org.id
    }
}

/// Who is calling and from where: the context of account and operator services.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who is acting.
    pub actor: Actor,
    /// Where the request came from.
    pub client: ClientInfo,
}

impl Caller {
    /// The signed-in person, for routes that accept people only.
    pub fn person(&self) -> Option<&Person> {
        match &self.actor {
            Actor::Person(p) => Some(p),
            Actor::ApiKey(_) => None,
        }
    }

    /// The user behind the call.
    pub fn user(&self) -> &user::Model {
        self.actor.user()
    }
}

/// A caller acting in one organization they belong to: the context of tenant services. Every
/// tenant query filters on [`OrgContext::org_id`].
#[derive(Debug, Clone)]
pub struct OrgContext {
    /// Who is calling and from where.
    pub caller: Caller,
    /// The active organization.
    pub org: organization::Model,
    /// The caller's role in it.
    pub org_role: OrgRole,
    /// What the caller may do in it.
    pub permissions: Vec<Permission>,
}

impl OrgContext {
    /// The active organization's id: the value every tenant query filters on.
    pub fn org_id(&self) -> Uuid {
        self.org.id
    }

    /// Whether the caller holds a permission here.
    pub fn can(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }

    /// Who is acting.
    pub fn actor(&self) -> &Actor {
        &self.caller.actor
    }

    /// Where the request came from.
    pub fn client(&self) -> &ClientInfo {
        &self.caller.client
    }
}

#[cfg(test)]
mod tests {
    use super::ClientInfo;

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let c = |ip: &str| ClientInfo { ip: Some(ip.into()), user_agent: None }.network();
        assert_eq!(c("2001:db8:1:2:aaaa::1"), c("2001:db8:1:2:bbbb::9"));
        assert_ne!(c("2001:db8:1:2::1"), c("2001:db8:1:3::1"));
        assert_eq!(c("203.0.113.5").as_deref(), Some("203.0.113.5"));
        assert_eq!(c("junk"), None);
    }
}
