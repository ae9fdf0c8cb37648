//! The OpenAPI document: collected from the route handlers by utoipa-actix-web, plus the
//! shared components and the bearer security scheme; then the answers every route shares and the
//! constraints of validated fields are written in (one definition each, beside the code that
//! enforces it).

mod constraints;
mod methods;
mod responses;

pub use methods::{bad_path_parameter, learn as learn_methods, method_not_allowed};

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes;

/// Top-level metadata and shared components.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "OMGsystems API",
        description = "The REST API of the OMGsystems platform: the client portal (`/api/dashboard`), the operator's admin portal (`/api/admin`) and authentication (`/api/auth`).\n\nAuthenticate with `Authorization: Bearer <access token>` from `POST /api/auth/login`. Errors are RFC 9457 `application/problem+json` bodies with a stable `code`. Lists use cursor pagination: pass `next_cursor` back as `cursor`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    tags(
        (name = "auth", description = "Registration, sign-in, tokens, the current user and their sessions"),
        (name = "dashboard", description = "The client portal, scoped to the active organization (`X-Org-Id`)"),
        (name = "admin", description = "The operator's admin portal (ADMIN and STAFF)"),
        (name = "system", description = "Liveness and readiness"),
    ),
    components(schemas(shared::Problem, shared::ErrorCode, shared::FieldError, shared::Permission, shared::Role, shared::OrgRole)),
    modifiers(&BearerScheme)
)]
struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from `POST /api/auth/login`, `/register` or `/refresh`."))
                    .build(),
            ),
        );
    }
}

/// The OpenAPI document of the API, as served at `/api/openapi.json`. Kept as JSON once the
/// handlers' part is collected: the passes below write what utoipa's types cannot hold (required
/// response headers).
///
/// Errors: a shared-response or constraint table that names something the document lacks.
pub fn document() -> anyhow::Result<serde_json::Value> {
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api").configure(routes::configure))
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    let mut json = serde_json::to_value(&doc)?;
    responses::add_shared(&mut json)?;
    constraints::apply(&mut json)?;
    Ok(json)
}

/// The document as pretty JSON with a trailing newline (the committed `openapi/openapi.json`).
pub fn document_json() -> anyhow::Result<String> {
    let mut json = serde_json::to_string_pretty(&document()?)?;
    json.push('\n');
    Ok(json)
}
