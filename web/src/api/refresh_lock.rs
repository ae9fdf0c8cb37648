//! One token refresh at a time across the tabs of this browser (Web Locks API), because using
//! a rotated refresh token ends the session by design.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const LOCK_NAME: &str = "omgsystems-refresh";

type Work<T> = Rc<RefCell<Option<Pin<Box<dyn Future<Output = T>>>>>>;

/// Runs `work` while holding the browser-wide refresh lock, or directly where the Web Locks
/// API is missing or refuses.
pub async fn with_lock<T: 'static>(work: impl Future<Output = T> + 'static) -> T {
    let work: Work<T> = Rc::new(RefCell::new(Some(Box::pin(work))));
    let result: Rc<RefCell<Option<T>>> = Rc::default();
    if let Some((request, locks)) = lock_request() {
        let (in_lock, out) = (work.clone(), result.clone());
        let callback = wasm_bindgen::closure::Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let Some(fut) = in_lock.borrow_mut().take() else { return JsValue::UNDEFINED };
            wasm_bindgen_futures::future_to_promise(async move {
                *out.borrow_mut() = Some(fut.await);
                Ok(JsValue::UNDEFINED)
            })
            .into()
        });
        let held = request.call2(&locks, &JsValue::from_str(LOCK_NAME), &callback);
        if let Ok(p) = held.and_then(|p| p.dyn_into::<Promise>()) {
            let _ = JsFuture::from(p).await;
        }
    }
    if let Some(v) = result.borrow_mut().take() {
        return v;
    }
    let fut = work.borrow_mut().take();
    match fut {
        Some(f) => f.await,
        None => std::future::pending().await,
    }
}

fn lock_request() -> Option<(Function, JsValue)> {
    let window = web_sys::window()?;
    let navigator = Reflect::get(&window, &JsValue::from_str("navigator")).ok()?;
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &JsValue::from_str("request")).ok()?.dyn_into::<Function>().ok()?;
    Some((request, locks))
}
