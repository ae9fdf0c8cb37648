//! One cold load of a page: a new browser context (its own empty cache and cookie jar) with one
//! tab, throttled, the probe of `probe.js` added to every new document, the refresh cookie set
//! when the page is opened signed in; then the navigation, the network events until the load
//! event, the content-ready time from the probe, the network gone quiet, and the paint timings.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Serialize;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

use crate::account::Cookie;
use crate::cdp::{Cdp, Event, Session, string_field};
use crate::pages::Page;
use crate::throttling::Throttling;

/// How long the network stays quiet before a load counts as complete.
const NETWORK_QUIET: Duration = Duration::from_millis(500);

/// The script added to each new document, with `READY_WHEN` still to fill in.
const PROBE: &str = include_str!("probe.js");

/// What one load is run with.
pub struct LoadSettings<'a> {
    /// `http://127.0.0.1:<port>`.
    pub base: &'a str,
    /// Throttling of the network and the page's CPU.
    pub throttling: Throttling,
    /// How long the whole load may take.
    pub timeout: Duration,
}

/// The figures of one load; times in ms from navigation start.
#[derive(Debug, Clone, Serialize)]
pub struct LoadFigures {
    /// Sum of `encodedDataLength` over the page's finished requests (headers and bodies, as
    /// sent over the wire).
    pub bytes: u64,
    /// Requests the page sent (a redirect counts as one more).
    pub request_count: usize,
    /// `first-paint`.
    pub first_paint_ms: Option<f64>,
    /// `first-contentful-paint`.
    pub first_contentful_paint_ms: Option<f64>,
    /// The first moment every selector of the page's `ready_when` matched.
    pub content_ready_ms: f64,
    /// `DOMContentLoaded`.
    pub dom_content_loaded_ms: Option<f64>,
    /// The load event.
    pub load_event_ms: Option<f64>,
    /// Every request, in the order sent.
    pub requests: Vec<RequestSeen>,
}

/// A request of the page as the network events told it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestSeen {
    /// The URL's path (and query).
    pub path: String,
    /// DevTools' resource type: Document, Script, Fetch, Stylesheet, …
    pub resource_type: String,
    /// The HTTP status, once answered.
    pub status: Option<u16>,
    /// Bytes over the wire (`encodedDataLength`), once finished.
    pub bytes: Option<u64>,
    /// When it was sent, ms after the document's request was.
    pub sent_ms: f64,
    /// When it finished or failed, ms after the document's request was sent.
    pub done_ms: Option<f64>,
    /// Whether the browser answered it from a cache (it should not, on a cold load).
    pub from_cache: bool,
    /// Why it failed, if it did.
    pub failed: Option<String>,
}

/// Loads `page` once in a new browser context, which is disposed of afterwards.
pub async fn cold_load(
    cdp: &Cdp,
    settings: &LoadSettings<'_>,
    page: &Page,
    cookie: Option<&Cookie>,
) -> anyhow::Result<LoadFigures> {
    let context = cdp.call("Target.createBrowserContext", json!({})).await?;
    let context_id = string_field(&context, "browserContextId")?;
    let result = load_in_context(cdp, &context_id, settings, page, cookie).await;
    let disposed = cdp.call("Target.disposeBrowserContext", json!({ "browserContextId": context_id })).await;
    let figures = result?;
    disposed?;
    Ok(figures)
}

async fn load_in_context(
    cdp: &Cdp,
    context_id: &str,
    settings: &LoadSettings<'_>,
    page: &Page,
    cookie: Option<&Cookie>,
) -> anyhow::Result<LoadFigures> {
    let deadline = Instant::now() + settings.timeout;
    let target =
        cdp.call("Target.createTarget", json!({ "url": "about:blank", "browserContextId": context_id })).await?;
    let (tab, mut events) = cdp.attach(&string_field(&target, "targetId")?).await?;
    tab.call("Page.enable", json!({})).await?;
    tab.call("Network.enable", json!({})).await?;
    // The context is new, so its cache is empty; cleared anyway, and left enabled so the page's
    // own fetches behave as they would for a first visit.
    tab.call("Network.clearBrowserCache", json!({})).await?;
    tab.call("Network.setCacheDisabled", json!({ "cacheDisabled": false })).await?;
    settings.throttling.apply(&tab).await?;
    if let Some(cookie) = cookie {
        let set = tab.call("Network.setCookie", cookie.cdp_params(settings.base)).await?;
        if set.get("success").and_then(Value::as_bool) == Some(false) {
            bail!("the browser refused the cookie {}", cookie.describe());
        }
    }
    let probe = PROBE.replace("READY_WHEN", &serde_json::to_string(page.ready_when)?);
    tab.call("Page.addScriptToEvaluateOnNewDocument", json!({ "source": probe })).await?;

    let url = format!("{}{}", settings.base, page.path);
    let navigated = tab.call("Page.navigate", json!({ "url": url })).await?;
    if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
        bail!("opening {url}: {error}");
    }
    let mut network = Network::default();
    while !network.loaded {
        let event = next_event(&mut events, deadline, page).await?;
        network.record(event);
    }
    let content_ready_ms = content_ready(&tab, deadline, page).await?;
    wait_network_quiet(&mut events, &mut network, deadline, page).await?;
    let timings = evaluate(&tab, "window.__omgLoadtime.timings()", deadline).await?;
    let ms = |v: &Value| v.as_f64().filter(|t| *t > 0.0);
    Ok(LoadFigures {
        bytes: network.requests.iter().filter_map(|r| r.bytes).sum(),
        request_count: network.requests.len(),
        first_paint_ms: ms(&timings["paint"]["first-paint"]),
        first_contentful_paint_ms: ms(&timings["paint"]["first-contentful-paint"]),
        content_ready_ms,
        dom_content_loaded_ms: ms(&timings["dom_content_loaded"]),
        load_event_ms: ms(&timings["load"]),
        requests: network.requests,
    })
}

/// The next event of the tab while waiting for the load event, or an error once the deadline passes.
async fn next_event(events: &mut UnboundedReceiver<Event>, deadline: Instant, page: &Page) -> anyhow::Result<Event> {
    match tokio::time::timeout_at(deadline, events.recv()).await {
        Ok(Some(event)) => Ok(event),
        Ok(None) => bail!("{}: the tab's DevTools session ended", page.path),
        Err(_) => bail!("{}: no load event in time", page.path),
    }
}

/// Records events until nothing is in flight and no request started or ended for
/// [`NETWORK_QUIET`], so requests the page sends just after its content (the favicon, a session
/// check) count too.
async fn wait_network_quiet(
    events: &mut UnboundedReceiver<Event>,
    network: &mut Network,
    deadline: Instant,
    page: &Page,
) -> anyhow::Result<()> {
    let mut last_change = Instant::now();
    loop {
        let quiet_at = last_change + NETWORK_QUIET;
        let until = if network.in_flight() == 0 { quiet_at.min(deadline) } else { deadline };
        match tokio::time::timeout_at(until, events.recv()).await {
            Ok(Some(event)) => {
                if network.record(event) {
                    last_change = Instant::now();
                }
            }
            Ok(None) => bail!("{}: the tab's DevTools session ended", page.path),
            Err(_) if network.in_flight() == 0 && Instant::now() >= quiet_at => return Ok(()),
            Err(_) => bail!(
                "{}: the network did not go quiet in time ({} requests in flight)",
                page.path,
                network.in_flight()
            ),
        }
    }
}

/// Waits for the probe's content-ready time; on time-out, says where the page stands.
async fn content_ready(tab: &Session<'_>, deadline: Instant, page: &Page) -> anyhow::Result<f64> {
    match evaluate(tab, "window.__omgLoadtime.ready", deadline).await {
        Ok(value) => value.as_f64().with_context(|| format!("{}: the probe answered {value}", page.path)),
        Err(e) => {
            let short = Instant::now() + Duration::from_secs(5);
            let shown = "`${location.pathname}: ${document.body ? document.body.innerText.slice(0, 300) : ''}`";
            let at = evaluate(tab, shown, short).await.map(|v| v.to_string()).unwrap_or_default();
            bail!("{}: {} never matched ({e:#}); the page shows {at}", page.path, page.ready_when.join(" and "))
        }
    }
}

/// Evaluates `expression` in the page, awaiting a promise, and returns its value.
async fn evaluate(tab: &Session<'_>, expression: &str, deadline: Instant) -> anyhow::Result<Value> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        bail!("out of time before evaluating {expression}");
    }
    let params = json!({ "expression": expression, "awaitPromise": true, "returnByValue": true });
    let mut answer = tab.call_within("Runtime.evaluate", params, left).await?;
    if let Some(exception) = answer.get("exceptionDetails") {
        let text = exception["exception"]["description"].as_str().or(exception["text"].as_str()).unwrap_or("");
        bail!("{expression} threw: {text}");
    }
    Ok(answer["result"]["value"].take())
}

/// The network events of one load.
#[derive(Default)]
struct Network {
    requests: Vec<RequestSeen>,
    /// The index in `requests` of each request id's latest request (redirects reuse the id).
    by_id: HashMap<String, usize>,
    /// When the first request (the document's) was sent, in DevTools' monotonic seconds.
    started: Option<f64>,
    /// Whether the load event fired.
    loaded: bool,
}

impl Network {
    /// Records an event; true when it started or ended a request.
    fn record(&mut self, event: Event) -> bool {
        let p = &event.params;
        let id = p["requestId"].as_str().unwrap_or_default().to_owned();
        let at = |started: Option<f64>| {
            let t = p["timestamp"].as_f64().unwrap_or_default();
            (t - started.unwrap_or(t)) * 1000.0
        };
        let starts_or_ends = matches!(
            event.method.as_str(),
            "Network.requestWillBeSent" | "Network.loadingFinished" | "Network.loadingFailed"
        );
        match event.method.as_str() {
            "Page.loadEventFired" => self.loaded = true,
            "Network.requestWillBeSent" => {
                let started = *self.started.get_or_insert(p["timestamp"].as_f64().unwrap_or_default());
                let url = p["request"]["url"].as_str().unwrap_or_default();
                let path = url::Url::parse(url)
                    .map(|u| format!("{}{}", u.path(), u.query().map(|q| format!("?{q}")).unwrap_or_default()))
                    .unwrap_or_else(|_| url.to_owned());
                let sent_ms = at(Some(started));
                // A redirect: the same id goes on with the new request.
                if let Some(r) = self.by_id.get(&id).and_then(|&i| self.requests.get_mut(i)) {
                    r.status = p["redirectResponse"]["status"].as_u64().and_then(|s| u16::try_from(s).ok());
                    r.done_ms = Some(sent_ms);
                }
                self.by_id.insert(id, self.requests.len());
                self.requests.push(RequestSeen {
                    path,
                    resource_type: p["type"].as_str().unwrap_or("Other").to_owned(),
                    status: None,
                    bytes: None,
                    sent_ms,
                    done_ms: None,
                    from_cache: false,
                    failed: None,
                });
            }
            "Network.responseReceived" => {
                if let Some(r) = self.by_id.get(&id).and_then(|&i| self.requests.get_mut(i)) {
                    let response = &p["response"];
                    r.status = response["status"].as_u64().and_then(|s| u16::try_from(s).ok());
                    r.from_cache = [&response["fromDiskCache"], &response["fromPrefetchCache"]]
                        .iter()
                        .any(|v| v.as_bool() == Some(true));
                }
            }
            "Network.requestServedFromCache" => {
                if let Some(r) = self.by_id.get(&id).and_then(|&i| self.requests.get_mut(i)) {
                    r.from_cache = true;
                }
            }
            "Network.loadingFinished" => {
                let done = at(self.started);
                if let Some(r) = self.by_id.get(&id).and_then(|&i| self.requests.get_mut(i)) {
                    r.bytes = Some(p["encodedDataLength"].as_f64().unwrap_or_default() as u64);
                    r.done_ms = Some(done);
                }
            }
            "Network.loadingFailed" => {
                let done = at(self.started);
                if let Some(r) = self.by_id.get(&id).and_then(|&i| self.requests.get_mut(i)) {
                    r.failed = Some(p["errorText"].as_str().unwrap_or("failed").to_owned());
                    r.done_ms = Some(done);
                }
            }
            _ => {}
        }
        starts_or_ends
    }

    /// Requests sent and neither finished nor failed (redirected ones continue under their id).
    fn in_flight(&self) -> usize {
        self.by_id.values().filter(|&&i| self.requests.get(i).is_some_and(|r| r.done_ms.is_none())).count()
    }
}
