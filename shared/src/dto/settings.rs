//! System settings (`/api/admin/settings`): one JSON object keyed by the settings registry
//! ([`crate::settings`]); its OpenAPI schema is built from the registry too, and
//! `/api/admin/settings/schema` describes the registry for clients that render a settings form.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::settings::{EMAIL_MAX_CHARS, SettingKind, SettingSpec, all};

/// The system settings: every registered key with its current value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SystemSettings(pub BTreeMap<String, Value>);

impl SystemSettings {
    /// A boolean setting's value (false when missing or of another type).
    pub fn bool(&self, key: &str) -> bool {
        self.0.get(key).and_then(Value::as_bool).unwrap_or(false)
    }
}

/// `PATCH /api/admin/settings`: settings to change; absent ones stay as they are. Unknown keys and
/// values of the wrong type are refused.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UpdateSystemSettingsRequest(pub BTreeMap<String, Value>);

crate::string_enum! {
    /// The type of a setting's value.
    pub enum SettingType {
        /// `true` or `false`.
        Bool = "bool",
        /// A whole number between `minimum` and `maximum`.
        Integer = "integer",
        /// One of `options`.
        Choice = "choice",
        /// An email address, or the empty string for none.
        Email = "email",
    }
}

/// One declared setting, as a client needs it to render and check a form control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingDescription {
    /// The key, as in `GET /api/admin/settings`.
    pub key: String,
    /// The area that declares it (`platform`, `support`, `growth`, `billing`, …).
    pub area: String,
    /// A short label.
    pub label: String,
    /// What it does.
    pub help: String,
    /// The type of its value.
    #[serde(rename = "type")]
    pub setting_type: SettingType,
    /// The value until an ADMIN changes it.
    pub default: Value,
    /// Smallest accepted value (`integer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// Largest accepted value (`integer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// Longest accepted value in characters (`email`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// The accepted values (`choice`), in the order to offer them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// The settings of one area, in declaration order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsArea {
    /// The area's name (`platform`, `support`, `growth`, `billing`, …).
    pub area: String,
    /// Its settings.
    pub settings: Vec<SettingDescription>,
}

/// `GET /api/admin/settings/schema`: every declared setting, grouped by area in registry order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingsSchema {
    /// The areas, each with its settings.
    pub areas: Vec<SettingsArea>,
}

impl SettingDescription {
    /// The description of a declared setting.
    pub fn of(spec: &SettingSpec) -> SettingDescription {
        let (setting_type, minimum, maximum, max_length, options) = match spec.kind {
            SettingKind::Bool { .. } => (SettingType::Bool, None, None, None, Vec::new()),
            SettingKind::Integer { min, max, .. } => (SettingType::Integer, Some(min), Some(max), None, Vec::new()),
            SettingKind::Choice { options, .. } => {
                (SettingType::Choice, None, None, None, options.iter().map(|o| (*o).to_owned()).collect())
            }
            SettingKind::Email => (SettingType::Email, None, None, u32::try_from(EMAIL_MAX_CHARS).ok(), Vec::new()),
        };
        SettingDescription {
            key: spec.key.to_owned(),
            area: spec.area.to_owned(),
            label: spec.label.to_owned(),
            help: spec.help.to_owned(),
            setting_type,
            default: spec.default_value(),
            minimum,
            maximum,
            max_length,
            options,
        }
    }
}

impl SettingsSchema {
    /// The registry, grouped by area in the order areas first declare a setting.
    pub fn of_registry() -> SettingsSchema {
        let mut areas: Vec<SettingsArea> = Vec::new();
        for spec in all() {
            let description = SettingDescription::of(spec);
            match areas.iter_mut().find(|a| a.area == spec.area) {
                Some(area) => area.settings.push(description),
                None => areas.push(SettingsArea { area: spec.area.to_owned(), settings: vec![description] }),
            }
        }
        SettingsSchema { areas }
    }
}

#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
    use utoipa::openapi::{RefOr, schema::SchemaType};

    use super::{SystemSettings, UpdateSystemSettingsRequest};
    use crate::settings::{EMAIL_MAX_CHARS, SettingKind, all};
    use crate::validation::EmailAddress;

    fn object(required: bool) -> RefOr<Schema> {
        let mut obj = ObjectBuilder::new()
            .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)));
        for s in all() {
            let prop = match s.kind {
                SettingKind::Bool { default } => {
                    ObjectBuilder::new().schema_type(SchemaType::new(Type::Boolean)).default(Some(default.into()))
                }
                SettingKind::Integer { default, min, max } => ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::Integer))
                    .minimum(Some(min as f64))
                    .maximum(Some(max as f64))
                    .default(Some(default.into())),
                SettingKind::Choice { default, options } => ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .enum_values(Some(options.iter().copied()))
                    .default(Some(default.into())),
                // An address as the checks accept it, or only white space (none).
                SettingKind::Email => ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .max_length(Some(EMAIL_MAX_CHARS))
                    .pattern(EmailAddress::RULE.pattern.map(|p| format!(r"^\s*$|{p}")))
                    .default(Some("".into())),
            };
            obj = obj.property(s.key, prop.description(Some(format!("{} — {}", s.label, s.help))));
            if required {
                obj = obj.required(s.key);
            }
        }
        RefOr::T(Schema::Object(obj.build()))
    }

    impl utoipa::PartialSchema for SystemSettings {
        fn schema() -> RefOr<Schema> {
            object(true)
        }
    }
    impl utoipa::ToSchema for SystemSettings {}

    impl utoipa::PartialSchema for UpdateSystemSettingsRequest {
        fn schema() -> RefOr<Schema> {
            object(false)
        }
    }
    impl utoipa::ToSchema for UpdateSystemSettingsRequest {}
}
