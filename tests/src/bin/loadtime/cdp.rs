//! A Chrome DevTools Protocol connection over the browser's websocket, in flat session mode: a
//! command is `{id, method, params, sessionId?}`, its answer carries the same `id`, and the
//! events of an attached page carry its `sessionId`. One task reads the socket and hands answers
//! to their callers and events to their page's channel; another writes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

/// How long an ordinary command may take to be answered.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// An event of an attached page: its method (`Network.loadingFinished`, …) and parameters.
#[derive(Debug)]
pub struct Event {
    /// The event's name.
    pub method: String,
    /// Its parameters.
    pub params: Value,
}

/// An answer: the command's `result`, or its error message.
type Answer = Result<Value, String>;

/// Where the reader sends what arrives.
#[derive(Default)]
struct Routes {
    /// Callers waiting for the answer to their command, by id.
    pending: HashMap<u64, oneshot::Sender<Answer>>,
    /// The event channel of each attached page, by session id.
    sessions: HashMap<String, mpsc::UnboundedSender<Event>>,
    /// Why the connection ended, once it has.
    closed: Option<String>,
}

/// The connection to the browser.
pub struct Cdp {
    outgoing: mpsc::UnboundedSender<Message>,
    routes: Arc<Mutex<Routes>>,
    next_id: AtomicU64,
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

/// An attached page: commands sent to it carry its session id.
pub struct Session<'a> {
    cdp: &'a Cdp,
    id: String,
}

impl Session<'_> {
    /// Sends a command to the page and waits for its result.
    pub async fn call(&self, method: &str, params: Value) -> anyhow::Result<Value> {
        self.cdp.send(Some(&self.id), method, params, COMMAND_TIMEOUT).await
    }

    /// Like [`Session::call`], waiting at most `timeout` (for commands that wait on the page).
    pub async fn call_within(&self, method: &str, params: Value, timeout: Duration) -> anyhow::Result<Value> {
        self.cdp.send(Some(&self.id), method, params, timeout).await
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        lock(&self.cdp.routes).sessions.remove(&self.id);
    }
}

fn lock(routes: &Mutex<Routes>) -> std::sync::MutexGuard<'_, Routes> {
    routes.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Cdp {
    /// Connects to the browser's DevTools websocket (`ws://127.0.0.1:<port>/devtools/browser/<id>`).
    pub async fn connect(url: &str) -> anyhow::Result<Cdp> {
        let (socket, _) =
            tokio_tungstenite::connect_async(url).await.with_context(|| format!("connecting to DevTools at {url}"))?;
        let (mut sink, mut stream) = socket.split();
        let routes = Arc::new(Mutex::new(Routes::default()));
        let (outgoing, mut queue) = mpsc::unbounded_channel::<Message>();
        let writer = tokio::spawn(async move {
            while let Some(message) = queue.recv().await {
                if sink.send(message).await.is_err() {
                    break;
                }
            }
        });
        let read_routes = Arc::clone(&routes);
        let reader = tokio::spawn(async move {
            let why = loop {
                match stream.next().await {
                    Some(Ok(Message::Text(text))) => route(&read_routes, text.as_str()),
                    Some(Ok(Message::Close(_))) | None => {
                        break "the browser closed the DevTools connection".to_owned();
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => break format!("the DevTools connection failed: {e}"),
                }
            };
            let mut routes = lock(&read_routes);
            routes.closed = Some(why);
            // Dropping the waiting senders tells their callers.
            routes.pending.clear();
            routes.sessions.clear();
        });
        Ok(Cdp { outgoing, routes, next_id: AtomicU64::new(1), reader, writer })
    }

    /// Sends a browser-level command (`Target.*`, `Browser.*`) and waits for its result.
    pub async fn call(&self, method: &str, params: Value) -> anyhow::Result<Value> {
        self.send(None, method, params, COMMAND_TIMEOUT).await
    }

    /// Attaches to a page target; returns the session and the channel of its events.
    pub async fn attach(&self, target_id: &str) -> anyhow::Result<(Session<'_>, mpsc::UnboundedReceiver<Event>)> {
        let attached = self.call("Target.attachToTarget", json!({ "targetId": target_id, "flatten": true })).await?;
        let id = string_field(&attached, "sessionId")?;
        let (events, receiver) = mpsc::unbounded_channel();
        lock(&self.routes).sessions.insert(id.clone(), events);
        Ok((Session { cdp: self, id }, receiver))
    }

    async fn send(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> anyhow::Result<Value> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        let (answer, waiting) = oneshot::channel();
        {
            let mut routes = lock(&self.routes);
            if let Some(why) = &routes.closed {
                bail!("{method}: {why}");
            }
            routes.pending.insert(id, answer);
        }
        self.outgoing
            .send(Message::text(command.to_string()))
            .map_err(|_| anyhow!("{method}: the DevTools connection is closed"))?;
        let answer = match tokio::time::timeout(timeout, waiting).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(_)) => {
                let why = lock(&self.routes).closed.clone().unwrap_or_else(|| "no answer".to_owned());
                bail!("{method}: {why}")
            }
            Err(_) => {
                lock(&self.routes).pending.remove(&id);
                bail!("{method}: no answer within {:.1} s", timeout.as_secs_f64())
            }
        };
        answer.map_err(|e| anyhow!("{method}: {e}"))
    }
}

impl Drop for Cdp {
    fn drop(&mut self) {
        self.reader.abort();
        self.writer.abort();
    }
}

/// Hands one message from the browser to whoever waits for it; anything else is dropped.
fn route(routes: &Mutex<Routes>, text: &str) {
    let Ok(mut message) = serde_json::from_str::<Value>(text) else { return };
    let mut routes = lock(routes);
    if let Some(id) = message.get("id").and_then(Value::as_u64) {
        let Some(waiting) = routes.pending.remove(&id) else { return };
        let answer = match message.get_mut("error") {
            Some(error) => Err(error.get("message").and_then(Value::as_str).unwrap_or("an error").to_owned()),
            None => Ok(message.get_mut("result").map(Value::take).unwrap_or(Value::Null)),
        };
        let _ = waiting.send(answer);
        return;
    }
    let text_of = |name: &str| message.get(name).and_then(Value::as_str).map(str::to_owned);
    let (Some(method), Some(session)) = (text_of("method"), text_of("sessionId")) else { return };
    if let Some(events) = routes.sessions.get(&session) {
        let params = message.get_mut("params").map(Value::take).unwrap_or_default();
        let _ = events.send(Event { method, params });
    }
}

/// A string field of a result, or an error naming it.
pub fn string_field(value: &Value, name: &str) -> anyhow::Result<String> {
    value.get(name).and_then(Value::as_str).map(str::to_owned).with_context(|| format!("no {name} in {value}"))
}
