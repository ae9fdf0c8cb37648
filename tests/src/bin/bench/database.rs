//! The database of one run: SQLite in the run's data dir, or a PostgreSQL database created for
//! the run (`omg_bench_<random>`) and dropped at its end.

use std::path::Path;

use anyhow::Context;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use tests::server_process::random_hex;

/// Which engine a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The embedded database in the data dir.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Engine {
    /// The engine's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// Where a run's data lives.
pub struct BenchDatabase {
    /// The engine.
    pub engine: Engine,
    /// What the server gets as `DATABASE_URL` (none for SQLite: it uses the data dir).
    pub server_url: Option<String>,
    /// What the bench connects to, to seed and to count.
    url: String,
    /// For PostgreSQL: the maintenance connection's URL and the database's name, to drop it.
    created: Option<(String, String)>,
}

impl BenchDatabase {
    /// The SQLite database `omgsystems` keeps in `data_dir`.
    pub fn sqlite(data_dir: &Path) -> BenchDatabase {
        let url = format!("sqlite://{}?mode=rw", data_dir.join("omgsystems.db").display());
        BenchDatabase { engine: Engine::Sqlite, server_url: None, url, created: None }
    }

    /// Creates an empty database `omg_bench_<random>` on the PostgreSQL server of `server_url`.
    pub async fn postgres(server_url: &str) -> anyhow::Result<BenchDatabase> {
        let name = format!("omg_bench_{}", random_hex(8)?);
        let admin_url = with_database(server_url, "postgres")?;
        let admin =
            Database::connect(&admin_url).await.with_context(|| format!("connecting to {}", redact(server_url)))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .with_context(|| format!("creating {name}"))?;
        admin.close().await?;
        let url = with_database(server_url, &name)?;
        Ok(BenchDatabase {
            engine: Engine::Postgres,
            server_url: Some(url.clone()),
            url,
            created: Some((admin_url, name)),
        })
    }

    /// A connection for seeding and counting.
    pub async fn connect(&self) -> anyhow::Result<DatabaseConnection> {
        Database::connect(&self.url).await.with_context(|| format!("connecting to {}", redact(&self.url)))
    }

    /// What reports call it: `SQLite`, or `PostgreSQL <version> (<database>)`.
    pub async fn describe(&self) -> String {
        let Some((_, name)) = &self.created else { return self.engine.name().into() };
        let version = async {
            let db = self.connect().await?;
            let row =
                db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SHOW server_version"));
            let version: String = row.await?.context("no answer")?.try_get_by_index(0)?;
            db.close().await?;
            anyhow::Ok(version)
        };
        format!("PostgreSQL {} ({name})", version.await.unwrap_or_else(|_| "?".into()))
    }

    /// Drops a PostgreSQL database created for the run (closing its connections first).
    pub async fn drop_created(self) -> anyhow::Result<()> {
        let Some((admin_url, name)) = self.created else { return Ok(()) };
        let admin = Database::connect(&admin_url).await?;
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await
            .with_context(|| format!("dropping {name}"))?;
        admin.close().await?;
        Ok(())
    }
}

/// `url` with its path set to `/<database>`.
fn with_database(url: &str, database: &str) -> anyhow::Result<String> {
    let mut u = url::Url::parse(url).with_context(|| format!("{} is not a URL", redact(url)))?;
    u.set_path(&format!("/{database}"));
    Ok(u.to_string())
}

/// A URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => "(unparsable URL)".into(),
    }
}
