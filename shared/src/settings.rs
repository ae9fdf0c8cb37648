//! The system settings registry: each area declares its typed settings (key, type, default,
//! bounds, label) here once; the server stores, validates and audits them, the admin settings API
//! and its OpenAPI schema are built from the registry, and the web app's settings page lists them.

use serde_json::Value;

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
}

impl SettingSpec {
    /// The default value as JSON.
    pub fn default_value(&self) -> Value {
        match self.kind {
            SettingKind::Bool { default } => Value::Bool(default),
            SettingKind::Integer { default, .. } => Value::from(default),
            SettingKind::Choice { default, .. } => Value::String(default.to_owned()),
        }
    }

    /// Checks a value against the setting's type and bounds.
    pub fn check(&self, value: &Value) -> Result<(), SettingError> {
        match self.kind {
            SettingKind::Bool { .. } => value.as_bool().map(|_| ()).ok_or(SettingError::WrongType("a boolean")),
            SettingKind::Integer { min, max, .. } => {
                let n = value.as_i64().ok_or(SettingError::WrongType("an integer"))?;
                if (min..=max).contains(&n) {
                    Ok(())
                } else {
                    Err(SettingError::OutOfRange(format!("Use a whole number from {min} to {max}.")))
                }
            }
            SettingKind::Choice { options, .. } => {
                let s = value.as_str().ok_or(SettingError::WrongType("a string"))?;
                if options.contains(&s) {
                    Ok(())
                } else {
                    Err(SettingError::OutOfRange(format!("Use one of: {}.", options.join(", "))))
                }
            }
        }
    }
}

/// The platform's own settings.
pub mod platform {
    use super::{SettingKind, SettingSpec};

    /// Whether anyone may register a new organization through `POST /api/auth/register`.
    pub const SIGNUPS_ENABLED: SettingSpec = SettingSpec {
        key: "signups_enabled",
        area: "platform",
        label: "Open sign-ups",
        help: "Whether anyone may register a new organization through POST /api/auth/register.",
        kind: SettingKind::Bool { default: true },
    };

    /// Every platform setting.
    pub const SETTINGS: &[SettingSpec] = &[SIGNUPS_ENABLED];
}

/// Every area's settings: add an area's `SETTINGS` here.
pub const REGISTRY: &[&[SettingSpec]] = &[platform::SETTINGS];

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
        assert_eq!(find("signups_enabled").map(|s| s.key), Some("signups_enabled"));
    }
}
