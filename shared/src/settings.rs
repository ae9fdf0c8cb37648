//! The system settings registry: each area declares its typed settings (key, type, default,
//! bounds, label) here once; the server stores, validates and audits them, the admin settings API
//! and its OpenAPI schema are built from the registry, and the web app's settings page lists them.

use serde_json::Value;

use crate::validation::EmailAddress;

/// The type of a setting, with its default and bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SettingKind {
    /// On or off.
    Bool {
        /// The value until an ADMIN changes it.
        default: bool,
    },
    /// A whole number in a range.
    Integer {
        /// The value until an ADMIN changes it.
        default: i64,
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// One of a fixed set of names.
    Choice {
        /// The value until an ADMIN changes it.
        default: &'static str,
        /// The accepted names.
        options: &'static [&'static str],
    },
    /// An email address, or the empty string for none (the default). Stored trimmed and
    /// lower-cased; a value of only white space is stored as the empty string.
    Email,
}

/// One declared setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SettingSpec {
    /// The key, as in the API (`signups_enabled`).
    pub key: &'static str,
    /// The area that owns it (`platform`, `billing`, `support`, …).
    pub area: &'static str,
    /// A short label for the settings page.
    pub label: &'static str,
    /// What it does.
    pub help: &'static str,
    /// Its type, default and bounds.
    pub kind: SettingKind,
}

/// Why a value does not fit a setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingError {
    /// The JSON type is wrong (e.g. a string for a bool).
    WrongType(&'static str),
    /// The value is of the right type but outside the accepted values.
    OutOfRange(String),
    /// A text of the right type but not of the setting's form (e.g. not an email address).
    InvalidFormat {
        /// The stable code of the failed rule (`invalid_format`, `too_long`).
        code: String,
        /// What is wrong, for people.
        message: String,
    },
}

impl SettingError {
    /// The stable code of a field error for a value of the right type that does not fit
    /// (`wrong_type` for a value of the wrong type, which the API refuses as malformed).
    pub fn code(&self) -> &str {
        match self {
            SettingError::WrongType(_) => "wrong_type",
            SettingError::OutOfRange(_) => "out_of_range",
            SettingError::InvalidFormat { code, .. } => code,
        }
    }

    /// What is wrong, for people.
    pub fn message(&self) -> String {
        match self {
            SettingError::WrongType(want) => format!("Use {want}."),
            SettingError::OutOfRange(message) | SettingError::InvalidFormat { message, .. } => message.clone(),
        }
    }
}

/// The longest accepted value of an [`SettingKind::Email`] setting, in characters.
pub const EMAIL_MAX_CHARS: usize = EmailAddress::RULE.max_chars;

impl SettingSpec {
    /// The default value as JSON.
    pub fn default_value(&self) -> Value {
        match self.kind {
            SettingKind::Bool { default } => Value::Bool(default),
            SettingKind::Integer { default, .. } => Value::from(default),
            SettingKind::Choice { default, .. } => Value::String(default.to_owned()),
            SettingKind::Email => Value::String(String::new()),
        }
    }

    /// Checks a value against the setting's type and bounds.
    pub fn check(&self, value: &Value) -> Result<(), SettingError> {
        self.normalize(value).map(|_| ())
    }

    /// Checks a value and returns it in the form it is stored and answered in (an email
    /// address trimmed and lower-cased; every other value as it is).
    pub fn normalize(&self, value: &Value) -> Result<Value, SettingError> {
        match self.kind {
            SettingKind::Bool { .. } => value.as_bool().map(Value::Bool).ok_or(SettingError::WrongType("a boolean")),
            SettingKind::Integer { min, max, .. } => {
                // A whole number written as a float (`14.0`) is a whole number, as in JSON Schema.
                let n: i64 = crate::whole::number(value).map_err(|_| SettingError::WrongType("an integer"))?;
                if (min..=max).contains(&n) {
                    Ok(Value::from(n))
                } else {
                    Err(SettingError::OutOfRange(format!("Use a whole number from {min} to {max}.")))
                }
            }
            SettingKind::Choice { options, .. } => {
                let s = value.as_str().ok_or(SettingError::WrongType("a string"))?;
                if options.contains(&s) {
                    Ok(Value::String(s.to_owned()))
                } else {
                    Err(SettingError::OutOfRange(format!("Use one of: {}.", options.join(", "))))
                }
            }
            SettingKind::Email => {
                let s = value.as_str().ok_or(SettingError::WrongType("a string"))?;
                if s.trim().is_empty() && s.chars().count() <= EMAIL_MAX_CHARS {
                    return Ok(Value::String(String::new()));
                }
                EmailAddress::parse(self.key, s)
                    .map(|a| Value::String(a.into_inner()))
                    .map_err(|e| SettingError::InvalidFormat { code: e.code, message: e.message })
            }
        }
    }
}

/// The platform's own settings.
pub mod platform {
    use serde_json::Value;

    use super::{SettingKind, SettingSpec};
    use crate::problem::FieldError;

    crate::string_enum! {
        /// Who may register a new organization through `POST /api/auth/register` (invitations
        /// to an existing organization always work).
        #[derive(Default)]
        pub enum SignupMode {
            /// Anyone.
            #[default]
            Open = "open",
            /// Only people with a beta invitation code; without one the answer is `invite_required`.
            InviteOnly = "invite_only",
            /// Nobody; the answer is `signups_disabled`.
            Closed = "closed",
        }
    }

    /// The names of [`SignupMode`], as the setting's options.
    const SIGNUP_MODES: &[&str] = &["open", "invite_only", "closed"];

    /// Who may register: `open`, `invite_only` or `closed`.
    pub const SIGNUP_MODE: SettingSpec = SettingSpec {
        key: "signup_mode",
        area: "platform",
        label: "Sign-up mode",
        help: "Who may register a new organization through POST /api/auth/register: anyone (open), only people \
               with a beta invitation (invite_only) or nobody (closed). Invitations to an existing organization \
               always work.",
        kind: SettingKind::Choice { default: "open", options: SIGNUP_MODES },
    };

    /// Whether anyone may register: a view of [`SIGNUP_MODE`], kept for integrators. It reads
    /// `signup_mode != closed`; writing `false` sets `closed`, writing `true` sets `open`.
    pub const SIGNUPS_ENABLED: SettingSpec = SettingSpec {
        key: "signups_enabled",
        area: "platform",
        label: "Open sign-ups",
        help: "Whether registration is possible at all: reads true unless signup_mode is closed. Writing false \
               sets signup_mode to closed, writing true sets it to open. Sent together with signup_mode, it must \
               agree with it.",
        kind: SettingKind::Bool { default: true },
    };

    /// Every platform setting.
    pub const SETTINGS: &[SettingSpec] = &[SIGNUP_MODE, SIGNUPS_ENABLED];

    /// What `signups_enabled` reads for a mode.
    pub fn signups_enabled(mode: SignupMode) -> bool {
        mode != SignupMode::Closed
    }

    /// The mode that writing `signups_enabled` sets.
    pub fn mode_set_by(signups_enabled: bool) -> SignupMode {
        if signups_enabled { SignupMode::Open } else { SignupMode::Closed }
    }

    /// The field error when a change sends both keys and they disagree (`inconsistent` on
    /// `signups_enabled`); values of the wrong type are left to their own checks.
    pub fn check_together(signup_mode: Option<&Value>, signups_enabled: Option<&Value>) -> Option<FieldError> {
        let mode = SignupMode::parse(signup_mode?.as_str()?)?;
        let enabled = signups_enabled?.as_bool()?;
        (self::signups_enabled(mode) != enabled).then(|| {
            FieldError::new(
                SIGNUPS_ENABLED.key,
                "inconsistent",
                format!(
                    "With signup_mode {mode}, signups_enabled is {}: send one of the two, or values that agree.",
                    self::signups_enabled(mode)
                ),
            )
        })
    }
}

/// Settings of the support area.
pub mod support {
    use super::{SettingKind, SettingSpec};

    /// Where customers write to for help, shown in emails and the portal.
    pub const SUPPORT_EMAIL: SettingSpec = SettingSpec {
        key: "support_email",
        area: "support",
        label: "Support email address",
        help: "Where customers write to for help. Empty: none is shown.",
        kind: SettingKind::Email,
    };

    /// Every support setting.
    pub const SETTINGS: &[SettingSpec] = &[SUPPORT_EMAIL];
}

/// Settings of the growth area (public forms, leads, beta invitations).
pub mod growth {
    use super::{SettingKind, SettingSpec};

    /// The operator's sales address: public contact, lead and demo forms notify it.
    pub const SALES_EMAIL: SettingSpec = SettingSpec {
        key: "sales_email",
        area: "growth",
        label: "Sales email address",
        help: "The operator's sales address: contact, lead and demo requests from the public forms are sent \
               to it. Empty: nobody is notified.",
        kind: SettingKind::Email,
    };

    /// Every growth setting.
    pub const SETTINGS: &[SettingSpec] = &[SALES_EMAIL];
}

/// Settings of the billing area.
pub mod billing {
    use super::{SettingKind, SettingSpec};

    /// The trial length a new plan starts with (a plan's own trial days rule).
    pub const DEFAULT_TRIAL_DAYS: SettingSpec = SettingSpec {
        key: "default_trial_days",
        area: "billing",
        label: "Default trial days",
        help: "The trial length, in days, that a new plan is pre-filled with; each plan's own trial days rule.",
        kind: SettingKind::Integer { default: 14, min: 0, max: 365 },
    };

    /// Every billing setting.
    pub const SETTINGS: &[SettingSpec] = &[DEFAULT_TRIAL_DAYS];
}

/// Settings of the files area (uploads and secure documents).
pub mod files {
    use super::{SettingKind, SettingSpec};

    /// The largest file one upload may carry, in MiB (also the upload routes' body limit).
    pub const FILE_MAX_SIZE_MIB: SettingSpec = SettingSpec {
        key: "file_max_size_mib",
        area: "files",
        label: "Largest file (MiB)",
        help: "The largest file, in MiB, that one upload (a file or a secure document) may carry; larger ones are \
               refused with 413 file_too_large.",
        kind: SettingKind::Integer { default: 25, min: 1, max: 1024 },
    };

    /// Each organization's storage quota, in MiB: every stored byte counts (documents at their
    /// plaintext size).
    pub const FILE_ORG_QUOTA_MIB: SettingSpec = SettingSpec {
        key: "file_org_quota_mib",
        area: "files",
        label: "Storage per organization (MiB)",
        help: "How much each organization may store, in MiB: files and secure documents (at their plaintext size) \
               together. An upload that would go over it is refused with 409 quota_exceeded.",
        kind: SettingKind::Integer { default: 1024, min: 1, max: 1_048_576 },
    };

    /// Every files setting.
    pub const SETTINGS: &[SettingSpec] = &[FILE_MAX_SIZE_MIB, FILE_ORG_QUOTA_MIB];
}

/// Every area's settings: add an area's `SETTINGS` here.
pub const REGISTRY: &[&[SettingSpec]] =
    &[platform::SETTINGS, support::SETTINGS, growth::SETTINGS, billing::SETTINGS, files::SETTINGS];

/// Every declared setting, in registry order.
pub fn all() -> impl Iterator<Item = &'static SettingSpec> {
    REGISTRY.iter().flat_map(|area| area.iter())
}

/// The setting with a key.
pub fn find(key: &str) -> Option<&'static SettingSpec> {
    all().find(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_defaults_fit() {
        let mut keys: Vec<&str> = all().map(|s| s.key).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate setting keys");
        for s in all() {
            assert_eq!(s.check(&s.default_value()), Ok(()), "{}", s.key);
        }
    }

    #[test]
    fn values_are_checked() {
        let s = platform::SIGNUPS_ENABLED;
        assert!(s.check(&Value::Bool(false)).is_ok());
        assert!(matches!(s.check(&Value::String("no".into())), Err(SettingError::WrongType(_))));
        let n = SettingSpec {
            key: "n",
            area: "t",
            label: "N",
            help: "",
            kind: SettingKind::Integer { default: 1, min: 1, max: 5 },
        };
        assert!(matches!(n.check(&Value::from(9)), Err(SettingError::OutOfRange(_))));
        assert_eq!(n.normalize(&Value::from(3.0)), Ok(Value::from(3)));
        assert!(matches!(n.check(&Value::from(2.5)), Err(SettingError::WrongType(_))));
        assert!(matches!(n.check(&Value::Bool(true)), Err(SettingError::WrongType(_))));
        assert_eq!(find("signups_enabled").map(|s| s.key), Some("signups_enabled"));
    }

    #[test]
    fn email_settings_take_an_address_or_nothing() {
        let s = support::SUPPORT_EMAIL;
        assert_eq!(s.normalize(&Value::from(" Help@Example.COM ")), Ok(Value::from("help@example.com")));
        assert_eq!(s.normalize(&Value::from("")), Ok(Value::from("")));
        assert_eq!(s.normalize(&Value::from("   ")), Ok(Value::from("")));
        let bad = s.normalize(&Value::from("not an address")).err();
        assert_eq!(bad.as_ref().map(SettingError::code), Some("invalid_format"));
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(s.normalize(&Value::from(long)).err().as_ref().map(SettingError::code), Some("too_long"));
        assert!(matches!(s.check(&Value::from(1)), Err(SettingError::WrongType(_))));
    }

    #[test]
    fn signups_enabled_is_a_view_of_signup_mode() {
        use platform::{SignupMode, check_together, mode_set_by, signups_enabled};
        let options = match platform::SIGNUP_MODE.kind {
            SettingKind::Choice { options, .. } => options.to_vec(),
            _ => Vec::new(),
        };
        assert_eq!(options, SignupMode::ALL.map(SignupMode::as_str).to_vec());
        assert_eq!(platform::SIGNUP_MODE.default_value(), Value::from(SignupMode::default().as_str()));
        assert_eq!(
            platform::SIGNUPS_ENABLED.default_value(),
            Value::Bool(signups_enabled(SignupMode::default())),
            "the two defaults agree"
        );
        assert!(signups_enabled(SignupMode::InviteOnly));
        assert!(!signups_enabled(SignupMode::Closed));
        assert_eq!(mode_set_by(false), SignupMode::Closed);
        assert_eq!(mode_set_by(true), SignupMode::Open);
        let (mode, on) = (Value::from("invite_only"), Value::Bool(true));
        assert_eq!(check_together(Some(&mode), Some(&on)), None);
        let off = Value::Bool(false);
        assert_eq!(check_together(Some(&mode), Some(&off)).map(|e| e.code), Some("inconsistent".to_owned()));
        assert_eq!(
            check_together(Some(&Value::from("closed")), Some(&on)).map(|e| e.field),
            Some("signups_enabled".into())
        );
        assert_eq!(check_together(None, Some(&off)), None);
    }
}
