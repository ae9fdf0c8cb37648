//! Configuration: command-line flags and `OMG_*` environment variables, with development
//! defaults that just work and production checks that refuse weak or missing secrets.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use rand::RngCore;

/// Which kind of deployment this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// A developer's machine or a test: generated secrets, demo data, plain-HTTP cookies.
    Development,
    /// A real deployment: secrets must be configured, cookies are `Secure`, logs are JSON.
    Production,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Everything the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Development or production.
    pub environment: Environment,
    /// Address to listen on.
    pub bind: String,
    /// Directory for the SQLite database, generated keys and files.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; `None` for SQLite in the data dir.
    pub database_url: Option<String>,
    /// HMAC key for access tokens (at least 32 bytes).
    pub jwt_secret: Vec<u8>,
    /// The master key for secrets at rest (TOTP secrets, recovery codes, the document vault):
    /// `OMG_MASTER_KEY`, or generated into the data dir in development.
    pub master_key: Vec<u8>,
    /// Issuer and audience claims of access tokens.
    pub jwt_issuer: String,
    /// Lifetime of access tokens, in seconds (at most 900).
    pub access_token_ttl_secs: i64,
    /// Idle timeout of CLIENT and VENDOR sessions, in seconds.
    pub session_idle_secs: i64,
    /// Absolute lifetime of CLIENT and VENDOR sessions, in seconds.
    pub session_lifetime_secs: i64,
    /// Idle timeout of ADMIN and STAFF sessions, in seconds.
    pub operator_session_idle_secs: i64,
    /// Absolute lifetime of ADMIN and STAFF sessions, in seconds.
    pub operator_session_lifetime_secs: i64,
    /// Whether the refresh cookie carries `Secure`.
    pub cookie_secure: bool,
    /// Whether to load demo data into an empty database at start.
    pub seed_demo: bool,
    /// Fixed password for the demo users (otherwise random, printed once).
    pub demo_password: Option<String>,
    /// Whether to take the client IP from `X-Forwarded-For` (behind a trusted proxy only).
    pub trust_proxy: bool,
    /// How many proxies of ours stand in front of the server: the client is the address the
    /// outermost of them saw, that many entries from the right of `X-Forwarded-For`.
    pub trusted_proxy_hops: usize,
    /// Password-hashing threads (`OMG_PASSWORD_HASH_THREADS`, default one per core): each keeps
    /// 19 MiB of argon2 memory while busy, so this bounds the memory of hashing.
    pub password_hash_concurrency: usize,
    /// Requests a minute an API key may send when it has no limit of its own
    /// (`OMG_API_KEY_RATE_LIMIT`).
    pub api_key_rate_limit: u32,
    /// How long a sign-in, MFA or reset attempt refused for throttling waits before its 429
    /// (`OMG_REFUSAL_PACE_MS`): a client that keeps trying gets one answer per connection per
    /// pause, so a storm of refused attempts cannot crowd out other requests.
    pub refusal_pace: std::time::Duration,
    /// Worker threads of the HTTP server (0: one per core).
    pub workers: usize,
    /// Log format.
    pub log_format: LogFormat,
    /// Directory of the built web app to serve at `/`, if any.
    pub web_dir: Option<PathBuf>,
    /// The address people reach the app at, for links in emails.
    pub public_url: String,
    /// `smtp://` or `smtps://` URL of the mail server; `None` writes .eml files to `<data>/mail`.
    pub smtp_url: Option<String>,
    /// The sender of emails.
    pub mail_from: String,
    /// In-process job workers (0: jobs wait until a worker runs them).
    pub job_workers: usize,
    /// An S3-compatible bucket for files and secure documents (`OMG_S3_BUCKET` and its
    /// companions); `None` keeps them in `<data dir>/files`.
    pub s3: Option<S3Config>,
}

/// Where an S3-compatible bucket is and how to sign in to it.
#[derive(Clone)]
pub struct S3Config {
    /// `OMG_S3_BUCKET`.
    pub bucket: String,
    /// `OMG_S3_ENDPOINT` (e.g. `http://127.0.0.1:9000`); `None`: AWS S3 itself.
    pub endpoint: Option<String>,
    /// `OMG_S3_REGION` (default `us-east-1`).
    pub region: String,
    /// `OMG_S3_ACCESS_KEY_ID`.
    pub access_key_id: Option<String>,
    /// `OMG_S3_SECRET_ACCESS_KEY`.
    pub secret_access_key: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl S3Config {
    /// Reads `OMG_S3_*` from the environment; `None` when `OMG_S3_BUCKET` is not set.
    ///
    /// Errors: as [`S3Config::from_vars`].
    pub fn from_env() -> anyhow::Result<Option<S3Config>> {
        Self::from_vars(env_var)
    }

    /// Reads `OMG_S3_BUCKET`, `OMG_S3_ENDPOINT`, `OMG_S3_REGION`, `OMG_S3_ACCESS_KEY_ID` and
    /// `OMG_S3_SECRET_ACCESS_KEY` through `var` (empty values count as unset).
    ///
    /// Errors: companions set without a bucket, or a key id without its secret (or the reverse).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> anyhow::Result<Option<S3Config>> {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let endpoint = var("OMG_S3_ENDPOINT");
        let access_key_id = var("OMG_S3_ACCESS_KEY_ID");
        let secret_access_key = var("OMG_S3_SECRET_ACCESS_KEY");
        let Some(bucket) = var("OMG_S3_BUCKET") else {
            if endpoint.is_some() || access_key_id.is_some() || secret_access_key.is_some() {
                bail!("OMG_S3_ENDPOINT and the OMG_S3_* credentials need OMG_S3_BUCKET");
            }
            return Ok(None);
        };
        if access_key_id.is_some() != secret_access_key.is_some() {
            bail!("set OMG_S3_ACCESS_KEY_ID and OMG_S3_SECRET_ACCESS_KEY together");
        }
        let region = var("OMG_S3_REGION").unwrap_or_else(|| "us-east-1".to_owned());
        Ok(Some(S3Config { bucket, endpoint, region, access_key_id, secret_access_key }))
    }
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_secs(name: &str, default: i64) -> anyhow::Result<i64> {
    match env_var(name) {
        None => Ok(default),
        Some(v) => {
            let n: i64 = v.trim().parse().with_context(|| format!("{name} must be a number of seconds"))?;
            if n <= 0 {
                bail!("{name} must be positive");
            }
            Ok(n)
        }
    }
}

/// A whole number in `range`, or `default` when the variable is unset.
fn env_in<T>(name: &str, range: std::ops::RangeInclusive<T>, default: T) -> anyhow::Result<T>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    match env_var(name) {
        None => Ok(default),
        Some(v) => {
            v.parse().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                anyhow::anyhow!("{name} must be a whole number from {} to {}", range.start(), range.end())
            })
        }
    }
}

fn env_bool(name: &str, default: bool) -> anyhow::Result<bool> {
    match env_var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => bail!("{name} must be true or false, not {other:?}"),
    }
}

impl Config {
    /// Development defaults for a data directory; used by tests and as the base of `from_env`.
    pub fn development(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            environment: Environment::Development,
            bind: "127.0.0.1:8080".into(),
            data_dir: data_dir.into(),
            database_url: None,
            jwt_secret: Vec::new(),
            master_key: Vec::new(),
            jwt_issuer: "omgsystems".into(),
            access_token_ttl_secs: 900,
            session_idle_secs: 7 * 24 * 3600,
            session_lifetime_secs: 30 * 24 * 3600,
            operator_session_idle_secs: 3600,
            operator_session_lifetime_secs: 12 * 3600,
            cookie_secure: false,
            seed_demo: true,
            demo_password: None,
            trust_proxy: false,
            trusted_proxy_hops: 1,
            password_hash_concurrency: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(1),
            api_key_rate_limit: 600,
            refusal_pace: std::time::Duration::from_millis(250),
            workers: 0,
            log_format: LogFormat::Pretty,
            web_dir: None,
            public_url: "http://127.0.0.1:8080".into(),
            smtp_url: None,
            mail_from: "OMGsystems <no-reply@omgsystems.example>".into(),
            job_workers: 2,
            s3: None,
        }
    }

    /// Reads the environment on top of the given flags, and checks the result.
    pub fn from_env(bind: String, data_dir: PathBuf) -> anyhow::Result<Config> {
        let environment = match env_var("OMG_ENV").as_deref() {
            None | Some("development" | "dev") => Environment::Development,
            Some("production" | "prod") => Environment::Production,
            Some(other) => bail!("OMG_ENV must be development or production, not {other:?}"),
        };
        let production = environment == Environment::Production;
        let mut c = Config::development(data_dir);
        c.environment = environment;
        c.bind = bind;
        c.database_url = env_var("DATABASE_URL");
        c.access_token_ttl_secs = env_secs("OMG_ACCESS_TOKEN_TTL", 900)?;
        if c.access_token_ttl_secs > 900 {
            bail!("OMG_ACCESS_TOKEN_TTL must be at most 900 seconds");
        }
        c.session_idle_secs = env_secs("OMG_SESSION_IDLE_TIMEOUT", c.session_idle_secs)?;
        c.session_lifetime_secs = env_secs("OMG_SESSION_LIFETIME", c.session_lifetime_secs)?;
        c.operator_session_idle_secs = env_secs("OMG_OPERATOR_SESSION_IDLE_TIMEOUT", c.operator_session_idle_secs)?;
        c.operator_session_lifetime_secs = env_secs("OMG_OPERATOR_SESSION_LIFETIME", c.operator_session_lifetime_secs)?;
        c.cookie_secure = env_bool("OMG_COOKIE_SECURE", production)?;
        c.seed_demo = env_bool("OMG_DEMO_DATA", !production)?;
        c.demo_password = env_var("OMG_DEMO_PASSWORD");
        c.trust_proxy = env_bool("OMG_TRUST_PROXY", false)?;
        c.trusted_proxy_hops = env_in("OMG_TRUSTED_PROXY_HOPS", 1..=10, c.trusted_proxy_hops)?;
        c.log_format = match env_var("OMG_LOG_FORMAT").as_deref() {
            None if production => LogFormat::Json,
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => bail!("OMG_LOG_FORMAT must be pretty or json, not {other:?}"),
        };
        if let Some(w) = env_var("OMG_WORKERS") {
            c.workers = w.parse().context("OMG_WORKERS must be a number")?;
        }
        c.web_dir = env_var("OMG_WEB_DIR").map(PathBuf::from);
        c.public_url =
            env_var("OMG_PUBLIC_URL").unwrap_or_else(|| format!("http://{}", c.bind)).trim_end_matches('/').to_owned();
        c.smtp_url = env_var("OMG_SMTP_URL");
        if let Some(from) = env_var("OMG_MAIL_FROM") {
            c.mail_from = from;
        }
        c.password_hash_concurrency = env_in("OMG_PASSWORD_HASH_THREADS", 1..=64, c.password_hash_concurrency)?;
        let key_limits = 1..=shared::dto::api_keys::MAX_RATE_LIMIT_PER_MINUTE;
        c.api_key_rate_limit = env_in("OMG_API_KEY_RATE_LIMIT", key_limits, c.api_key_rate_limit)?;
        let pace_ms = u64::try_from(c.refusal_pace.as_millis()).unwrap_or(u64::MAX);
        c.refusal_pace = std::time::Duration::from_millis(env_in("OMG_REFUSAL_PACE_MS", 0..=10_000, pace_ms)?);
        if let Some(w) = env_var("OMG_JOB_WORKERS") {
            c.job_workers = w.parse().context("OMG_JOB_WORKERS must be a number")?;
        }
        c.s3 = S3Config::from_env()?;
        c.jwt_secret = match (env_var("OMG_JWT_SECRET"), env_var("OMG_JWT_SECRET_FILE")) {
            (Some(s), _) => s.into_bytes(),
            (None, Some(path)) => std::fs::read(&path)
                .with_context(|| format!("reading OMG_JWT_SECRET_FILE {path}"))?
                .trim_ascii()
                .to_vec(),
            (None, None) if production => {
                bail!("OMG_ENV=production needs OMG_JWT_SECRET or OMG_JWT_SECRET_FILE (at least 32 bytes)")
            }
            (None, None) => Vec::new(),
        };
        c.master_key = match (env_var("OMG_MASTER_KEY"), env_var("OMG_MASTER_KEY_FILE")) {
            (Some(s), _) => s.into_bytes(),
            (None, Some(path)) => std::fs::read(&path)
                .with_context(|| format!("reading OMG_MASTER_KEY_FILE {path}"))?
                .trim_ascii()
                .to_vec(),
            (None, None) if production => {
                bail!("OMG_ENV=production needs OMG_MASTER_KEY or OMG_MASTER_KEY_FILE (at least 32 bytes)")
            }
            (None, None) => Vec::new(),
        };
        if production {
            if c.master_key.len() < 32 {
                bail!("the master key must be at least 32 bytes");
            }
            if c.jwt_secret.len() < 32 {
                bail!("the JWT secret must be at least 32 bytes");
            }
            if c.demo_password.is_some() {
                bail!("OMG_DEMO_PASSWORD is refused in production");
            }
        }
        Ok(c)
    }

    /// Makes sure the data dir exists and, in development, that a signing key is there.
    pub fn prepare_data_dir(&mut self) -> anyhow::Result<()> {
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating the data directory {}", self.data_dir.display()))?;
        if self.jwt_secret.is_empty() {
            self.jwt_secret = load_or_create_dev_key(&self.data_dir.join("jwt-secret"))?;
        }
        if self.jwt_secret.len() < 32 {
            bail!("the JWT secret must be at least 32 bytes");
        }
        if self.master_key.is_empty() {
            self.master_key = load_or_create_dev_key(&self.data_dir.join("master-key"))?;
        }
        if self.master_key.len() < 32 {
            bail!("the master key must be at least 32 bytes");
        }
        Ok(())
    }

    /// The database URL actually used (SQLite in the data dir when none is configured).
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("omgsystems.db").display()),
        }
    }

    /// Session idle timeout for a role.
    pub fn session_idle(&self, operator: bool) -> chrono::Duration {
        chrono::Duration::seconds(if operator { self.operator_session_idle_secs } else { self.session_idle_secs })
    }

    /// Session absolute lifetime for a role.
    pub fn session_lifetime(&self, operator: bool) -> chrono::Duration {
        chrono::Duration::seconds(if operator {
            self.operator_session_lifetime_secs
        } else {
            self.session_lifetime_secs
        })
    }
}

fn load_or_create_dev_key(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let key = existing.trim().as_bytes().to_vec();
        if key.len() >= 32 {
            return Ok(key);
        }
    }
    let mut raw = [0u8; 48];
    rand::rng().fill_bytes(&mut raw);
    let key = base64::engine::general_purpose::STANDARD_NO_PAD.encode(raw);
    std::fs::write(path, &key).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(key.into_bytes())
}
