//! The team area's emails: the invitation, with its link's token minted when it is sent.

use serde::{Deserialize, Serialize};
use shared::links;
use uuid::Uuid;

use crate::entities::auth::user;
use crate::entities::organizations::organization;
use crate::notices::{Addressee, Render, Rendered};
use crate::services::team::invitations;
use crate::state::AppState;

/// An invitation to join an organization (sent to the invited address).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationEmail {
    /// The invitation.
    pub invitation_id: Uuid,
}

impl Render for InvitationEmail {
    async fn render(&self, state: &AppState, _to: &Addressee) -> anyhow::Result<Option<Rendered>> {
        use sea_orm::EntityTrait;
        let minted = invitations::mint_link(state, self.invitation_id)
            .await
            .map_err(|e| anyhow::anyhow!("minting an invitation link: {e}"))?;
        let Some((inv, token)) = minted else { return Ok(None) };
        let Some(org) = organization::Entity::find_by_id(inv.org_id).one(&state.db).await? else { return Ok(None) };
        let inviter = match inv.invited_by {
            Some(id) => user::Entity::find_by_id(id).one(&state.db).await?.map(|u| u.name),
            None => None,
        };
        let link = links::link(&state.config.public_url, links::ACCEPT_INVITATION_PATH, &[("token", &token)]);
        let who = inviter.map_or_else(|| "You have".to_owned(), |n| format!("{n} has"));
        let expires = inv.expires_at.format("%Y-%m-%d %H:%M UTC");
        let text = format!(
            "{who} invited you to join {org} on OMGsystems as {role}.\n\nAccept the invitation:\n{link}\n\nThe link works until {expires}. If you did not expect this invitation, you can ignore this email.",
            org = org.name,
            role = inv.org_role().as_str(),
        );
        Ok(Some(Rendered { subject: format!("You are invited to join {} on OMGsystems", org.name), text }))
    }
}
