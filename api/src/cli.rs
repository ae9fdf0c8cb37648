//! The `omgsystems` command line.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use shared::Role;
use shared::audit::{AuditAction, UserCreated};
use shared::validation::{DisplayName, EmailAddress};

use crate::clock::SystemClock;
use crate::config::Config;
use crate::context::ClientInfo;
use crate::db::Tx;
use crate::jobs::JobSignal;
use crate::seed::{anyhow_of, print_demo_logins};
use crate::services::auth::users;
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::password::{PasswordHasher, check_new_password};
use crate::startup::Application;
use crate::{db, openapi, telemetry};

/// OMGsystems: the multi-tenant SaaS platform server and its tools.
#[derive(Debug, Parser)]
#[command(name = "omgsystems", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct DataArgs {
    /// Directory for the SQLite database and generated keys (ignored for the database when
    /// DATABASE_URL names PostgreSQL).
    #[arg(long, env = "OMG_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the API server (applies migrations; loads demo data into an empty database).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "OMG_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Load data into the database.
    Seed {
        /// Load the demo organizations and users (those not there yet).
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Create an operator ADMIN user (password from OMG_ADMIN_PASSWORD, else asked).
    CreateAdmin {
        /// The admin's email address.
        #[arg(long)]
        email: String,
        /// The admin's name.
        #[arg(long)]
        name: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Print the OpenAPI document (JSON) to standard output.
    Openapi,
}

async fn config_for(data: DataArgs, bind: Option<String>) -> anyhow::Result<Config> {
    let mut config = Config::from_env(bind.unwrap_or_else(|| "127.0.0.1:8080".into()), data.data_dir)?;
    telemetry::init(config.log_format);
    config.prepare_data_dir()?;
    Ok(config)
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Openapi => {
            print!("{}", openapi::document_json()?);
            Ok(())
        }
        Command::Serve { bind, data } => {
            let config = config_for(data, Some(bind)).await?;
            let url = db::redact(&config.effective_database_url());
            let app = Application::build(config, Arc::new(SystemClock)).await?;
            print_demo_logins(app.demo_logins());
            tracing::info!(port = app.port(), database = %url, "listening");
            println!("OMGsystems is listening on http://{}", app.local_addr());
            app.run_until_stopped().await.context("server failed")
        }
        Command::Migrate { data } => {
            let config = config_for(data, None).await?;
            let conn = db::connect(&config.effective_database_url()).await?;
            db::with_startup_lock(&conn, || db::migrate(&conn)).await?;
            println!("Migrations applied.");
            Ok(())
        }
        Command::Seed { demo, data } => {
            if !demo {
                bail!("say what to load: --demo");
            }
            let config = config_for(data, None).await?;
            if config.environment == crate::config::Environment::Production {
                bail!("demo data is not loaded in production");
            }
            let conn = db::connect(&config.effective_database_url()).await?;
            let logins = db::with_startup_lock(&conn, || async {
                db::migrate(&conn).await?;
                crate::seed::seed_demo(&conn, &config).await
            })
            .await?;
            if logins.is_empty() {
                println!("Demo data is already there.");
            }
            print_demo_logins(&logins);
            Ok(())
        }
        Command::CreateAdmin { email, name, data } => {
            let config = config_for(data, None).await?;
            let email = EmailAddress::parse("email", &email).map_err(|e| anyhow::anyhow!("email: {}", e.message))?;
            let name = DisplayName::parse("name", &name).map_err(|e| anyhow::anyhow!("name: {}", e.message))?;
            let password = match std::env::var("OMG_ADMIN_PASSWORD").ok().filter(|p| !p.is_empty()) {
                Some(p) => p,
                None => {
                    let p = rpassword::prompt_password("Password: ").context("reading the password")?;
                    let again = rpassword::prompt_password("Repeat password: ").context("reading the password")?;
                    if p != again {
                        bail!("the passwords differ");
                    }
                    p
                }
            };
            check_new_password("password", &password, &[email.as_str(), name.as_str()])
                .map_err(|e| anyhow::anyhow!("password: {}", e.message))?;
            let conn = db::connect(&config.effective_database_url()).await?;
            db::with_startup_lock(&conn, || db::migrate(&conn)).await?;
            let hash = PasswordHasher::new(1).hash(&password).await.map_err(anyhow_of)?;
            let now = chrono::Utc::now();
            let tx = Tx::begin(&conn, &JobSignal::default()).await?;
            let user = users::insert_user(
                &tx,
                email.as_str(),
                name.as_str(),
                hash,
                Role::Admin,
                users::Address::Confirmed,
                now,
            )
            .await
            .map_err(anyhow_of)?;
            let event = AuditEvent::success(AuditAction::AdminUserCreate)
                .target("user", user.id)
                .details(&UserCreated { role: Role::Admin, via: "cli".into(), email: user.email.clone() });
            audit::record(&tx, now, &ClientInfo::default(), event).await.map_err(anyhow_of)?;
            tx.commit().await?;
            println!("Created ADMIN {} ({})", user.email, user.id);
            Ok(())
        }
    }
}
