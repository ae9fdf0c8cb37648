//! System settings (`/api/admin/settings`): one JSON object keyed by the settings registry
//! ([`crate::settings`]); its OpenAPI schema is built from the registry too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

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

#[cfg(feature = "openapi")]
mod schema {
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
    use utoipa::openapi::{RefOr, schema::SchemaType};

    use super::{SystemSettings, UpdateSystemSettingsRequest};
    use crate::settings::{SettingKind, all};

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
