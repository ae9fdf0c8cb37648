//! The methods each path takes, read from the document: a wrong method answers `405` with an
//! `Allow` header that tells the truth.

use std::sync::OnceLock;

use crate::error::ApiError;

/// The methods the document lists for each path template: `(template, its segments, Allow)`.
struct PathMethods(Vec<(String, Vec<String>, String)>);

impl PathMethods {
    fn of(doc: &serde_json::Value) -> PathMethods {
        const METHODS: [&str; 7] = ["get", "head", "post", "put", "patch", "delete", "options"];
        let paths = doc["paths"].as_object().into_iter().flatten().map(|(template, item)| {
            let segments = template.split('/').map(str::to_owned).collect();
            let allow = METHODS.iter().filter(|m| item.get(**m).is_some()).map(|m| m.to_uppercase());
            (template.clone(), segments, allow.collect::<Vec<_>>().join(", "))
        });
        PathMethods(paths.collect())
    }

    /// The `Allow` value of the template the path matches: a literal one first (as routing
    /// prefers `/sessions/revoke-others` to `/sessions/{id}`), else one whose `{name}` segments
    /// take any one segment.
    fn allow(&self, path: &str) -> Option<&str> {
        self.literal(path).or_else(|| {
            let parts: Vec<&str> = path.split('/').collect();
            self.0.iter().find_map(|(_, segments, allow)| {
                let matches = segments.len() == parts.len()
                    && segments.iter().zip(&parts).all(|(s, p)| (s.starts_with('{') && !p.is_empty()) || s == p);
                matches.then_some(allow.as_str())
            })
        })
    }

    /// The `Allow` value of a template without parameters that is exactly this path.
    fn literal(&self, path: &str) -> Option<&str> {
        self.0.iter().find(|(template, ..)| template == path).map(|(.., allow)| allow.as_str())
    }
}

static PATH_METHODS: OnceLock<PathMethods> = OnceLock::new();

/// Learns the methods of each path from the document the server serves (once per process).
pub fn learn(doc: &serde_json::Value) {
    PATH_METHODS.get_or_init(|| PathMethods::of(doc));
}

/// The answer to a request whose method the path does not take: `405` with the documented
/// methods in `Allow` (`GET` for the few undocumented resources, the document and its viewer);
/// `404` when nothing is there.
pub fn method_not_allowed(path: &str, resource_exists: bool) -> ApiError {
    match PATH_METHODS.get().and_then(|m| m.allow(path)) {
        Some(allow) => ApiError::MethodNotAllowed { allow: allow.to_owned() },
        None if resource_exists => ApiError::MethodNotAllowed { allow: "GET".to_owned() },
        None => ApiError::NotFound,
    }
}

/// The answer to a path parameter that does not parse (`/sessions/not-an-id`): `404`, unless the
/// path is one of its own that does not take this method (`DELETE /sessions/revoke-others`).
pub fn bad_path_parameter(path: &str) -> ApiError {
    match PATH_METHODS.get().and_then(|m| m.literal(path)) {
        Some(allow) => ApiError::MethodNotAllowed { allow: allow.to_owned() },
        None => ApiError::NotFound,
    }
}
