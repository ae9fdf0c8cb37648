//! `ListParams<S, F>` from the query string, and its one OpenAPI description: `limit` (1–100),
//! `cursor`, `sort` (the order's names, when it has a choice), `total` and the filter's own
//! parameters.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use shared::dto::common::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{Required, schema::Schema};

use crate::error::ApiError;
use crate::list::{ListParams, SortOrder};

impl<S: SortOrder, F: DeserializeOwned + 'static> FromRequest for ListParams<S, F> {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(ListParams::parse(req.query_string()))
    }
}

fn query_param(name: &str, description: &str, schema: ObjectBuilder) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(Schema::Object(schema.build())))
        .build()
}

impl<S: SortOrder, F: utoipa::IntoParams> utoipa::IntoParams for ListParams<S, F> {
    fn into_params(provider: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut out = vec![
            query_param(
                "limit",
                &format!("Page size, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."),
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::Integer))
                    .minimum(Some(1))
                    .maximum(Some(MAX_PAGE_SIZE))
                    .default(Some(DEFAULT_PAGE_SIZE.into())),
            ),
            query_param(
                "cursor",
                "`next_cursor` of the previous page (opaque; only valid with the same `sort`).",
                ObjectBuilder::new().schema_type(SchemaType::new(Type::String)).max_length(Some(1024)),
            ),
        ];
        if !S::choices().is_empty() {
            let names: Vec<&str> = S::choices().iter().map(|s| s.name()).collect();
            out.push(query_param(
                "sort",
                &format!("Sort order (default `{}`).", S::default().name()),
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .enum_values(Some(names))
                    .default(Some(S::default().name().into())),
            ));
        }
        out.push(query_param(
            "total",
            "Set to `true` for the number of matching items in `total`, on lists where it is cheap.",
            ObjectBuilder::new().schema_type(SchemaType::new(Type::Boolean)).default(Some(false.into())),
        ));
        out.extend(F::into_params(provider));
        out
    }
}
