//! Fresh PostgreSQL databases for tests, cloned from a template migrated once per schema
//! version, and dropped when the test ends.

use std::hash::{Hash, Hasher};

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// The variable naming the PostgreSQL server for tests (any database on it; tests create their own).
pub const URL_VAR: &str = "OMG_TEST_DATABASE_URL";

/// A database created for one test.
pub struct TestDatabase {
    /// Its connection URL.
    pub url: String,
    name: String,
    server_url: String,
}

fn with_database(server_url: &str, db: &str) -> String {
    match url::Url::parse(server_url) {
        Ok(mut u) => {
            u.set_path(&format!("/{db}"));
            u.to_string()
        }
        Err(_) => format!("{}/{db}", server_url.trim_end_matches('/')),
    }
}

fn template_name() -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for m in Migrator::migrations() {
        m.name().hash(&mut h);
    }
    format!("omg_template_{:016x}", h.finish())
}

async fn admin_connection(server_url: &str) -> anyhow::Result<DatabaseConnection> {
    Ok(Database::connect(with_database(server_url, "postgres")).await?)
}

async fn ensure_template(admin: &DatabaseConnection, server_url: &str, template: &str) -> anyhow::Result<()> {
    // One creator at a time, across test threads and processes.
    let pool = admin.get_postgres_connection_pool();
    let mut conn = pool.acquire().await?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock(4242424242)").execute(&mut *conn).await?;
    let exists: Option<(i32,)> = sea_orm::sqlx::query_as("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(template)
        .fetch_optional(&mut *conn)
        .await?;
    let result = async {
        if exists.is_none() {
            sea_orm::sqlx::query(sea_orm::sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{template}\"")))
                .execute(&mut *conn)
                .await?;
            let db = Database::connect(with_database(server_url, template)).await?;
            let migrated = Migrator::up(&db, None).await;
            db.close().await?;
            if let Err(e) = migrated {
                sea_orm::sqlx::query(sea_orm::sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{template}\"")))
                    .execute(&mut *conn)
                    .await?;
                return Err(anyhow::Error::new(e));
            }
        }
        Ok(())
    }
    .await;
    sea_orm::sqlx::query("SELECT pg_advisory_unlock(4242424242)").execute(&mut *conn).await?;
    result
}

impl TestDatabase {
    /// Creates a fresh, migrated database; `None` when `OMG_TEST_DATABASE_URL` is unset outside
    /// CI. In CI (`CI` set) a missing or unreachable server fails the test.
    pub async fn create() -> Option<TestDatabase> {
        let Some(server_url) = std::env::var(URL_VAR).ok().filter(|v| !v.is_empty()) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "{URL_VAR} must name a PostgreSQL server when CI is set: the PostgreSQL tests may not be skipped"
            );
            eprintln!("skipping the PostgreSQL variant: {URL_VAR} is not set");
            return None;
        };
        match Self::create_on(&server_url).await {
            Ok(db) => Some(db),
            Err(e) => panic!("creating a PostgreSQL test database on {URL_VAR} failed: {e:#}"),
        }
    }

    async fn create_on(server_url: &str) -> anyhow::Result<TestDatabase> {
        let admin = admin_connection(server_url).await?;
        let template = template_name();
        ensure_template(&admin, server_url, &template).await?;
        let name = format!("omg_t_{}", uuid::Uuid::now_v7().simple());
        admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"")).await?;
        admin.close().await?;
        Ok(TestDatabase { url: with_database(server_url, &name), name, server_url: server_url.to_owned() })
    }

    /// Drops the database (forcibly closing the server's connections), on a thread of its own
    /// so it can run from `Drop`.
    pub fn drop_now(self) {
        let TestDatabase { name, server_url, .. } = self;
        let worker = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                return;
            };
            rt.block_on(async move {
                if let Ok(admin) = admin_connection(&server_url).await {
                    let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                    let _ = admin.close().await;
                }
            });
        });
        let _ = worker.join();
    }
}
