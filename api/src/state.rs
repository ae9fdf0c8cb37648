//! The state every request handler can reach.

use std::sync::Arc;

use futures_util::future::BoxFuture;
use sea_orm::DatabaseConnection;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Tx;
use crate::error::ApiResult;
use crate::jobs::JobSignal;
use crate::mail::Mailer;
use crate::services::api_keys::rate_limit::KeyLimits;
use crate::services::files::storage::Storage;
use crate::services::platform::password::PasswordHasher;
use crate::services::platform::refusals::Refusals;
use crate::services::platform::secrets::Secrets;
use crate::services::platform::throttle::Throttle;
use crate::services::platform::tokens::TokenKeys;

/// Shared application state (cheap to clone).
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// The configuration.
    pub config: Arc<Config>,
    /// Access-token keys.
    pub tokens: TokenKeys,
    /// The password hasher.
    pub passwords: PasswordHasher,
    /// The time source.
    pub clock: Arc<dyn Clock>,
    /// Outgoing mail.
    pub mailer: Mailer,
    /// Wakes job workers.
    pub jobs: JobSignal,
    /// Keys for secrets at rest.
    pub secrets: Secrets,
    /// Sign-in and other attempt throttling (its memory of locked keys is this instance's).
    pub throttle: Arc<Throttle>,
    /// Refused attempts counted in memory until they are audited (see [`Refusals`]).
    pub refusals: Arc<Refusals>,
    /// API keys' request buckets on this instance.
    pub key_limits: Arc<KeyLimits>,
    /// Where files and secure documents are stored.
    pub storage: Storage,
}

impl AppState {
    /// Builds the state from a connected database, a prepared configuration and the store.
    pub fn new(
        db: DatabaseConnection,
        config: Config,
        clock: Arc<dyn Clock>,
        mailer: Mailer,
        storage: Storage,
    ) -> Self {
        let tokens = TokenKeys::new(&config.jwt_secret, &config.jwt_issuer, config.access_token_ttl_secs);
        let passwords = PasswordHasher::new(config.password_hash_concurrency);
        let secrets = Secrets::new(&config.master_key);
        let throttle = Arc::new(Throttle::new(config.refusal_pace));
        AppState {
            db,
            config: Arc::new(config),
            tokens,
            passwords,
            clock,
            mailer,
            jobs: JobSignal::default(),
            secrets,
            throttle,
            refusals: Arc::default(),
            key_limits: Arc::default(),
            storage,
        }
    }

    /// Now, by the state's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Begins a write transaction whose commit wakes the job workers if it queued jobs.
    pub async fn begin_write(&self) -> ApiResult<Tx> {
        Ok(Tx::begin(&self.db, &self.jobs).await?)
    }

    /// Runs `work` in a write transaction on the writer thread and commits it when it succeeds
    /// (see [`crate::db::write`]).
    pub async fn write<T: Send + 'static>(
        &self,
        work: impl for<'t> FnOnce(&'t Tx) -> BoxFuture<'t, ApiResult<T>> + Send + 'static,
    ) -> ApiResult<T> {
        crate::db::write(&self.db, &self.jobs, Box::new(work)).await
    }
}
