//! Files the browser saves: text made in the page (recovery codes) or fetched with the session
//! (CSV exports, which need the access token a plain link would not send).

use gloo_net::http::Method;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::ApiResult;
use crate::state::session::Session;

/// Has the browser save `text` as a file `name` of type `mime`.
pub fn save_file(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = document().create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Fetches `GET path` with the session and has the browser save the answer as `name` (a CSV
/// export: `text/csv`).
pub async fn download_csv(session: Session, path: &str, name: &str) -> ApiResult<()> {
    let text = session.exchange(Method::GET, path, None).await?;
    save_file(name, "text/csv;charset=utf-8", &text);
    Ok(())
}
