//! Requests to the user's CouchDB with `fetch`: JSON in and out, credentials on every
//! request, a timer of our own on each (servers differ on `timeout`), and a way to cancel
//! the one in flight (a local edit wakes a waiting long poll).

use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, RequestMode, Response};

/// How a request failed before an HTTP answer arrived, or the answer if it was not a
/// success.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer: the network, a refused connection, or CORS (the browser does not say
    /// which; `Client::reachable` tells them apart).
    Network,
    /// Our own timer ran out.
    Timeout,
    /// Cancelled on purpose (`Client::cancel`).
    Cancelled,
    Status(u16, Option<Value>),
}

pub struct Client {
    pub db: String,
    pub root: String,
    auth: Option<String>,
    /// The controller of the request in flight, so it can be cancelled.
    current: RefCell<Option<AbortController>>,
}

impl Client {
    pub fn new(db: String, root: String, auth: Option<String>) -> Client {
        Client {
            db,
            root,
            auth,
            current: RefCell::new(None),
        }
    }

    /// Cancels the request in flight, if any.
    pub fn cancel(&self) {
        if let Some(c) = self.current.borrow_mut().take() {
            c.abort();
        }
    }

    /// `path` after the database URL (`/_changes?…`, or `""` for the database itself).
    pub async fn db_request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        timeout_ms: u32,
    ) -> Result<Value, Failure> {
        let url = format!("{}{path}", self.db);
        self.request(method, &url, body, timeout_ms).await
    }

    pub async fn request(
        &self,
        method: &str,
        url: &str,
        body: Option<&Value>,
        timeout_ms: u32,
    ) -> Result<Value, Failure> {
        let (status, json) = self.send(method, url, body, timeout_ms).await?;
        if (200..300).contains(&status) {
            Ok(json.unwrap_or(Value::Null))
        } else {
            Err(Failure::Status(status, json))
        }
    }

    async fn send(
        &self,
        method: &str,
        url: &str,
        body: Option<&Value>,
        timeout_ms: u32,
    ) -> Result<(u16, Option<Value>), Failure> {
        let init = RequestInit::new();
        init.set_method(method);
        let headers = Headers::new().map_err(|_| Failure::Network)?;
        let _ = headers.set("Accept", "application/json");
        if let Some(a) = &self.auth {
            let _ = headers.set("Authorization", a);
        }
        if let Some(b) = body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(&b.to_string()));
        }
        init.set_headers(&headers);
        let controller = AbortController::new().map_err(|_| Failure::Network)?;
        init.set_signal(Some(&controller.signal()));
        *self.current.borrow_mut() = Some(controller.clone());
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let (c, t) = (controller.clone(), timed_out.clone());
            gloo_timers::callback::Timeout::new(timeout_ms, move || {
                t.set(true);
                c.abort();
            })
        };
        let window = web_sys::window().ok_or(Failure::Network)?;
        let answer = async {
            let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
                .await?
                .dyn_into()?;
            let status = resp.status();
            // The bytes as they came: read as JSON from UTF-8 directly, never turned into
            // a JavaScript string and back (a batch of a first pull is megabytes).
            let bytes = JsFuture::from(resp.array_buffer()?).await?;
            Ok::<_, JsValue>((status, js_sys::Uint8Array::new(&bytes).to_vec()))
        }
        .await;
        drop(timer);
        let cancelled = controller.signal().aborted() && !timed_out.get();
        self.current.borrow_mut().take();
        match answer {
            Ok((status, bytes)) => Ok((status, serde_json::from_slice(&bytes).ok())),
            Err(_) if timed_out.get() => Err(Failure::Timeout),
            Err(_) if cancelled => Err(Failure::Cancelled),
            Err(_) => Err(Failure::Network),
        }
    }

    /// Whether the server answers at all when CORS is not asked for (an opaque answer):
    /// a request that failed with CORS asked for but succeeds without it means the server
    /// refused this page's origin.
    pub async fn reachable(&self) -> bool {
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_mode(RequestMode::NoCors);
        let Some(window) = web_sys::window() else {
            return false;
        };
        JsFuture::from(window.fetch_with_str_and_init(&self.root, &init))
            .await
            .is_ok()
    }
}
