//! Building and running the application: database, migrations, demo data, HTTP server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::clock::Clock;
use crate::config::Config;
use crate::error::ApiError;
use crate::seed::{self, DemoLogin};
use crate::services::platform::refusals::Flush;
use crate::state::AppState;
use crate::telemetry::request_span;
use crate::{db, openapi, routes};

/// Largest JSON body accepted, in bytes.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// A built, bound, not yet running application.
pub struct Application {
    local_addr: std::net::SocketAddr,
    port: u16,
    server: Server,
    state: AppState,
    demo_logins: Vec<DemoLogin>,
    stop_jobs: tokio::sync::watch::Sender<bool>,
}

impl Application {
    /// Prepares the data dir, connects, migrates, loads demo data when configured and the
    /// database is empty, and binds the listener.
    pub async fn build(mut config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        config.prepare_data_dir()?;
        let db = db::connect(&config.effective_database_url()).await?;
        let demo_logins = db::with_startup_lock(&db, || async {
            db::migrate(&db).await?;
            crate::jobs::queue::seed_recurring(&db, clock.now()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            if config.seed_demo { seed::seed_demo_if_empty(&db, &config).await } else { Ok(Vec::new()) }
        })
        .await?;
        let secrets = crate::services::platform::secrets::Secrets::new(&config.master_key);
        crate::services::files::vault::check_at_start(&db, &secrets).await?;
        let storage = crate::services::files::storage::Storage::from_config(&config)?;
        let listener = TcpListener::bind(&config.bind).with_context(|| format!("binding {}", config.bind))?;
        let local_addr = listener.local_addr()?;
        let port = local_addr.port();
        let mailer = crate::mail::Mailer::new(config.smtp_url.as_deref(), &config.data_dir)?;
        let state = AppState::new(db, config, clock, mailer, storage);
        tracing::info!(backend = state.storage.backend, "file storage ready");
        let sealed = crate::services::auth::mfa::seal_clear_secrets(&state.db, &state.secrets)
            .await
            .map_err(|e| anyhow::anyhow!("sealing stored TOTP secrets: {e}"))?;
        if sealed > 0 {
            tracing::info!(sealed, "sealed TOTP secrets stored in clear");
        }
        let server = serve(listener, state.clone())?;
        let (stop_jobs, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(crate::services::platform::refusals::flush_periodically(state.clone(), stopped.clone()));
        crate::jobs::spawn_workers(state.clone(), stopped);
        Ok(Application { local_addr, port, server, state, demo_logins, stop_jobs })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.local_addr
    }

    /// The application state (tests use its database and clock).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Demo logins created at this start (empty unless demo data was just loaded).
    pub fn demo_logins(&self) -> &[DemoLogin] {
        &self.demo_logins
    }

    /// A handle to stop the server gracefully.
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Runs until the server stops (SIGINT/SIGTERM: in-flight requests finish first).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        // In-flight requests are done; workers finish their job and claim no more.
        let _ = self.stop_jobs.send(true);
        let flushed = self.state.refusals.flush(&self.state.db, self.state.now(), Flush::All).await;
        if let Err(e) = flushed {
            tracing::warn!(error = %e, "auditing refused attempts at shutdown failed");
        }
        result
    }
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => ApiError::PayloadTooLarge,
        JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
        JsonPayloadError::Deserialize(e) => ApiError::Malformed(format!("Invalid JSON body: {e}")),
        other => ApiError::Malformed(format!("Could not read the body: {other}")),
    }
}

fn query_error(err: QueryPayloadError) -> ApiError {
    let detail = match err {
        QueryPayloadError::Deserialize(e) => e.to_string(),
        other => other.to_string(),
    };
    ApiError::field("query", "invalid", detail)
}

/// Everything no route matched: the web app (when configured) for paths outside `/api`;
/// otherwise 404, or 405 for a known path with another method.
async fn fallback(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
) -> Result<actix_web::HttpResponse, ApiError> {
    let is_api = req.path() == "/api" || req.path().starts_with("/api/");
    if let (false, Some(dir)) = (is_api, state.config.web_dir.as_deref()) {
        return routes::web_app::serve(&req, dir);
    }
    Err(openapi::method_not_allowed(req.path(), req.resource_map().has_resource(req.path())))
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let workers = state.config.workers;
    let data = web::Data::new(state);
    let doc = openapi::document()?;
    openapi::learn_methods(&doc);
    let mut server = HttpServer::new(move || {
        let (app, _) = App::new()
            .into_utoipa_app()
            .app_data(data.clone())
            .app_data(web::JsonConfig::default().limit(JSON_LIMIT).error_handler(|e, _| json_error(e).into()))
            .app_data(web::PayloadConfig::new(JSON_LIMIT))
            .app_data(web::PathConfig::default().error_handler(|_, req| openapi::bad_path_parameter(req.path()).into()))
            .app_data(web::QueryConfig::default().error_handler(|e, _| query_error(e).into()))
            .map(|app| {
                app.service(
                    web::resource("/api/docs")
                        .route(web::get().to(|| async { web::Redirect::to("/api/docs/").permanent() })),
                )
                .service(
                    SwaggerUi::new("/api/docs/{_:.*}")
                        .external_urls_from_iter_unchecked([("/api/openapi.json", doc.clone())]),
                )
            })
            .service(utoipa_actix_web::scope("/api").configure(routes::configure))
            .default_service(web::to(fallback))
            .split_for_parts();
        app.wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Referrer-Policy", "no-referrer"))
                .add(("X-Frame-Options", "DENY"))
                .add(("Cache-Control", "no-store")),
        )
        .wrap(from_fn(crate::middleware::rate_limit_headers))
        .wrap(Compress::default())
        .wrap(from_fn(request_span))
    })
    .listen(listener)?
    .shutdown_timeout(30);
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(server.run())
}
