//! The catalogue of job kinds: each kind is one line in [`job_kinds!`] naming its payload type,
//! its stored name and the module that performs it (and declares its retry policy). Payloads hold
//! ids and facts, never a secret that outlives the job.

pub mod email;
pub mod file_purge;
pub mod link_email;
pub mod maintenance;
pub mod notify;

use crate::state::AppState;

/// How a kind of job is retried.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts before the job is given up (marked failed).
    pub max_attempts: i32,
    /// Wait after the first failure, in seconds; doubled after each further one.
    pub first_back_off_secs: i64,
    /// Longest wait between attempts, in seconds.
    pub max_back_off_secs: i64,
}

impl RetryPolicy {
    /// The wait after `attempts` failed attempts.
    pub fn back_off(&self, attempts: i32) -> chrono::Duration {
        let exp = Ord::min(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0), 20);
        let secs = self.first_back_off_secs.saturating_mul(1_i64 << exp);
        chrono::Duration::seconds(Ord::min(secs, self.max_back_off_secs))
    }
}

macro_rules! job_kinds {
    ($( $(#[$doc:meta])* $variant:ident($payload:ty) = $name:literal => $module:ident; )+) => {
        /// A job to run, with its payload.
        #[derive(Debug, Clone)]
        pub enum Job {
            $( $(#[$doc])* $variant($payload) ),+
        }

        /// The kinds of job.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum JobKind {
            $( $(#[$doc])* $variant ),+
        }

        impl JobKind {
            /// Every kind.
            pub const ALL: &'static [JobKind] = &[$(JobKind::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( JobKind::$variant => $name ),+
                }
            }

            /// Parses a stored name.
            pub fn parse(s: &str) -> Option<JobKind> {
                match s {
                    $( $name => Some(JobKind::$variant), )+
                    _ => None,
                }
            }

            /// How jobs of this kind are retried.
            pub fn retry_policy(self) -> RetryPolicy {
                match self {
                    $( JobKind::$variant => $module::RETRY ),+
                }
            }

            /// For a recurring kind, how long after one run the next is due (and the job that
            /// starts it); `None` for one-off jobs.
            pub fn recurrence(self) -> Option<(chrono::Duration, fn() -> Job)> {
                match self {
                    $( JobKind::$variant => $module::RECURRING ),+
                }
            }
        }

        impl Job {
            /// The job's kind.
            pub fn kind(&self) -> JobKind {
                match self {
                    $( Job::$variant(_) => JobKind::$variant ),+
                }
            }

            /// The stored payload.
            pub fn payload(&self) -> serde_json::Result<String> {
                match self {
                    $( Job::$variant(p) => serde_json::to_string(p) ),+
                }
            }

            /// A stored job.
            pub fn decode(kind: &str, payload: &str) -> anyhow::Result<Job> {
                match JobKind::parse(kind) {
                    $( Some(JobKind::$variant) => Ok(Job::$variant(serde_json::from_str(payload)?)), )+
                    None => anyhow::bail!("unknown job kind {kind}"),
                }
            }

            /// Does the work.
            pub async fn perform(self, state: &AppState) -> anyhow::Result<()> {
                match self {
                    $( Job::$variant(p) => $module::perform(state, p).await ),+
                }
            }
        }
    };
}

job_kinds! {
    /// Send an email.
    Email(crate::mail::Email) = "email" => email;
    /// Email a password-reset or confirmation link, minting its token when sending.
    LinkEmail(crate::services::auth::recovery::LinkEmail) = "link_email" => link_email;
    /// Send a notice to a user or an address, by their preferences.
    Notify(crate::services::platform::notify::Pending) = "notify" => notify;
    /// Hourly clean-up: idle throttle keys, expired idempotency answers and sign-in challenges,
    /// domain events past their 90 days.
    Maintenance(maintenance::Maintenance) = "maintenance" => maintenance;
    /// Hourly: files still unattached 24 hours after their upload lose their bytes and row.
    FilePurge(file_purge::FilePurge) = "file_purge" => file_purge;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_back_off_grows_to_its_cap() {
        for k in JobKind::ALL {
            assert_eq!(JobKind::parse(k.as_str()), Some(*k));
        }
        assert!(JobKind::Maintenance.recurrence().is_some());
        assert!(JobKind::Email.recurrence().is_none());
        let p = JobKind::Email.retry_policy();
        assert_eq!(p.back_off(1), chrono::Duration::seconds(30));
        assert_eq!(p.back_off(2), chrono::Duration::seconds(60));
        assert_eq!(p.back_off(30), chrono::Duration::seconds(3600));
    }
}
