//! A value loaded from the API. Lighter than `LocalResource`: one effect per value, and one
//! shared, non-generic task that fetches the answer's text; only decoding it is per type. With a
//! dozen lists and forms this keeps the bundle within its budget.

use gloo_net::http::Method;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::{self, ApiResult, decode};
use crate::state::session::Session;

/// A value loaded from the API: loading (`None`), loaded or failed. It loads again when a signal
/// its request reads changes, or on [`Remote::refetch`]; an answer that arrives after a newer
/// request started is dropped. The last answer stays on screen while the next one loads.
pub struct Remote<T: Send + Sync + 'static> {
    value: RwSignal<Option<ApiResult<T>>>,
    reload: Trigger,
}

impl<T: Send + Sync + 'static> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Remote<T> {}

/// Fetches `GET path` with the session and hands the answer's text to `done`.
fn load(session: Session, path: String, done: Box<dyn FnOnce(ApiResult<String>)>) {
    leptos::task::spawn_local(async move { done(session.exchange(Method::GET, &path, None).await) });
}

impl<T: DeserializeOwned + Clone + Send + Sync + 'static> Remote<T> {
    /// Starts loading what `request` names, and again whenever a signal it reads changes.
    pub fn new(request: impl Fn() -> api::Get<T> + 'static) -> Self {
        let session = Session::current();
        let value = RwSignal::new(None);
        let reload = Trigger::new();
        let latest = StoredValue::new(0_u64);
        Effect::new(move |_| {
            reload.track();
            let path = request().into_path();
            let n = latest.get_value() + 1;
            latest.set_value(n);
            load(
                session,
                path,
                Box::new(move |answer| {
                    if latest.try_get_value() == Some(n) {
                        value.try_set(Some(answer.and_then(|text| decode(&text))));
                    }
                }),
            );
        });
        Remote { value, reload }
    }

    /// Like [`Remote::new`] for what belongs to the active organization: loads again when the user
    /// switches to another one.
    pub fn per_org(request: impl Fn() -> api::Get<T> + 'static) -> Self {
        let session = Session::current();
        Self::new(move || {
            session.track_active_org();
            request()
        })
    }
}

impl<T: Clone + Send + Sync + 'static> Remote<T> {
    /// The value, `None` until the first answer (tracked).
    pub fn get(&self) -> Option<ApiResult<T>> {
        self.value.get()
    }

    /// Reads the value without cloning it (tracked).
    pub fn with<R>(&self, f: impl FnOnce(Option<&ApiResult<T>>) -> R) -> R {
        self.value.with(|v| f(v.as_ref()))
    }

    /// Loads it again.
    pub fn refetch(&self) {
        self.reload.notify();
    }
}
