//! Serving the built web app: its files, and for every other non-API path the page of the bundle
//! that holds it ([`Bundle::for_path`]: `admin.html` under `/admin`, `app.html` under
//! `/dashboard`, `index.html` elsewhere) so client-side routes work on reload. Hashed assets are cached for a year, the pages are
//! revalidated on every load, and a Content-Security-Policy allows nothing from other hosts.
//! A file with a `<name>.gz` next to it (the build writes them at `gzip -9`) is sent as that to
//! clients that take gzip, rather than compressed again on every request at a lower level.

use std::path::Path;

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, HeaderValue};
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use shared::Bundle;

use crate::error::ApiError;

/// The Content-Security-Policy of the web app.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; \
style-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// Whether a file name carries a content hash (`name-<16 hex>.ext`): such files never change.
fn is_hashed(name: &str) -> bool {
    let Some((stem, _ext)) = name.rsplit_once('.') else { return false };
    let Some((_, hash)) = stem.rsplit_once('-') else { return false };
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A request path that names one file at the top of the web dir: one segment of safe
/// characters, no dot files. Anything else is a client-side route.
fn file_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix('/')?;
    let safe = !name.is_empty()
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    safe.then_some(name)
}

/// Whether the client takes gzip (by `Accept-Encoding`, with its q-values).
fn accepts_gzip(req: &HttpRequest) -> bool {
    req.get_header::<AcceptEncoding>()
        .and_then(|accept| accept.negotiate([Encoding::gzip(), Encoding::identity()].iter()))
        .is_some_and(|chosen| chosen == Encoding::gzip())
}

fn with_headers(mut res: HttpResponse, cache: &'static str) -> HttpResponse {
    let headers = res.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    res
}

/// Answers a non-API request from the web dir.
pub fn serve(req: &HttpRequest, dir: &Path) -> Result<HttpResponse, ApiError> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::MethodNotAllowed { allow: "GET, HEAD".into() });
    }
    // The pages are answered by path, never by name: `/app.html` is not the client portal.
    if let Some(name) = file_name(req.path()).filter(|n| !n.ends_with(".html")) {
        let path = dir.join(name);
        if path.is_file() {
            let gzipped = dir.join(format!("{name}.gz"));
            let has_gzip = gzipped.is_file();
            let file = if has_gzip && accepts_gzip(req) {
                let ext = name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or_default();
                NamedFile::open(&gzipped).map(|f| {
                    f.set_content_type(actix_files::file_extension_to_mime(ext))
                        .set_content_encoding(ContentEncoding::Gzip)
                })
            } else {
                NamedFile::open(&path)
            };
            let file = file.map_err(|e| ApiError::Internal(e.into()))?;
            let cache = if is_hashed(name) { "public, max-age=31536000, immutable" } else { "public, max-age=3600" };
            let mut res = with_headers(file.disable_content_disposition().into_response(req), cache);
            if has_gzip {
                res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
            return Ok(res);
        }
        // A missing asset (say, an old hashed bundle after a deploy) is a 404, not the app.
        if name.contains('.') {
            return Err(ApiError::NotFound);
        }
    }
    let page = Bundle::for_path(req.path()).page();
    let page = NamedFile::open(dir.join(page)).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(with_headers(page.disable_content_disposition().into_response(req), "no-cache"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("web-0123456789abcdef.js"));
        assert!(is_hashed("web_bg-0123456789abcdef.wasm"));
        assert!(!is_hashed("web-0123456789ABCDEF.js"));
        assert!(!is_hashed("favicon.svg"));
        assert!(!is_hashed("web-0123.js"));
    }

    #[test]
    fn only_plain_top_level_names_are_files() {
        assert_eq!(file_name("/app-0123456789abcdef.css"), Some("app-0123456789abcdef.css"));
        for route in ["/", "/dashboard/settings", "/../Cargo.toml", "/%2e%2e%2fCargo.toml", "/.env", "/a\\b"] {
            assert_eq!(file_name(route), None, "{route}");
        }
    }
}
