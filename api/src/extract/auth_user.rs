//! The signed-in user, from a bearer access token, checked against the live session on every
//! request so that sign-out, revocation and disabling take effect at once on every instance.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use shared::Role;
use shared::dto::auth::UserStatus;
use uuid::Uuid;

use super::app_state;
use crate::entities::{session, user};
use crate::error::ApiError;
use crate::state::AppState;

/// How often `last_seen_at` is written, at most.
const LAST_SEEN_RESOLUTION_SECS: i64 = 60;

/// An authenticated user and the session their token belongs to.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user, as stored now.
    pub user: user::Model,
    /// The session of the presented token.
    pub session_id: Uuid,
}

impl AuthUser {
    /// The user's id.
    pub fn id(&self) -> Uuid {
        self.user.id
    }

    /// The user's platform role.
    pub fn role(&self) -> Role {
        self.user.role()
    }
}

/// The bearer token of a request, if any.
pub fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Resolves an access token to a user and a live session.
pub async fn authenticate(state: &AppState, token: &str) -> Result<AuthUser, ApiError> {
    let now = state.now();
    let claims = state.tokens.verify(token, now)?;
    let found = session::Entity::find_by_id(claims.sid).find_also_related(user::Entity).one(&state.db).await?;
    let Some((sess, Some(user))) = found else {
        return Err(ApiError::SessionRevoked);
    };
    if sess.user_id != claims.sub {
        return Err(ApiError::InvalidToken);
    }
    let idle = state.config.session_idle(user.role().is_operator());
    if !sess.is_live(now, idle) {
        return Err(ApiError::SessionRevoked);
    }
    if user.status() != UserStatus::Active {
        return Err(ApiError::AccountDisabled);
    }
    if (now - sess.last_seen_at).num_seconds() >= LAST_SEEN_RESOLUTION_SECS {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(sess.id))
            .exec(&state.db)
            .await?;
    }
    Ok(AuthUser { user, session_id: sess.id })
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(cached) = req.extensions().get::<AuthUser>() {
                return Ok(cached.clone());
            }
            let state = app_state(&req)?;
            let token = bearer_token(&req).ok_or(ApiError::Unauthenticated)?;
            let user = authenticate(&state, &token).await?;
            req.extensions_mut().insert(user.clone());
            Ok(user)
        })
    }
}
