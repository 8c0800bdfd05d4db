//! IndexedDB's callbacks as futures, via JavaScript promises: each request's `onsuccess`
//! and `onerror` become a promise's resolve and reject, so no Rust closure has to be kept
//! alive or freed by hand.
//!
//! Rule for callers: within a transaction, issue all requests first and await only
//! [`done`]; awaiting anything else (a timer, a fetch) lets the transaction commit early.

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbRequest, IdbTransaction};

/// A DOMException reduced to what we act on: its name (`QuotaExceededError`, …) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomError {
    pub name: String,
    pub message: String,
}

impl DomError {
    pub fn new(name: &str, message: &str) -> Self {
        DomError {
            name: name.into(),
            message: message.into(),
        }
    }

    /// Any thrown JavaScript value, as the DOMException it usually is.
    pub fn from_js(value: JsValue) -> Self {
        match value.dyn_into::<DomException>() {
            Ok(e) => e.into(),
            Err(other) => DomError::new(
                "Error",
                &other
                    .as_string()
                    .or_else(|| {
                        js_sys::JSON::stringify(&other)
                            .ok()
                            .and_then(|s| s.as_string())
                    })
                    .unwrap_or_else(|| crate::i18n::t().messages().unknown_error.into()),
            ),
        }
    }
}

impl From<DomException> for DomError {
    fn from(e: DomException) -> Self {
        DomError {
            name: e.name(),
            message: e.message(),
        }
    }
}

/// A promise settled by the handlers `wire` installs.
pub fn promise(mut wire: impl FnMut(Function, Function)) -> Promise {
    Promise::new(&mut |resolve, reject| wire(resolve, reject))
}

/// Waits for a request; gives its result, or the request's error. A request that has
/// already finished (awaited after a later one) answers at once: its success event is
/// gone and would never wake us.
pub async fn request(req: &IdbRequest) -> Result<JsValue, DomError> {
    if req.ready_state() == web_sys::IdbRequestReadyState::Done {
        return match req.error() {
            Ok(Some(e)) => Err(e.into()),
            _ => req.result().map_err(DomError::from_js),
        };
    }
    let p = promise(|resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    match JsFuture::from(p).await {
        Ok(_) => req.result().map_err(DomError::from_js),
        Err(_) => Err(req
            .error()
            .ok()
            .flatten()
            .map(DomError::from)
            .unwrap_or_else(|| {
                DomError::new("UnknownError", crate::i18n::t().messages().request_failed)
            })),
    }
}

/// Lets a request fail without aborting its transaction (the caller reads its `error()`
/// and decides): one shared handler that cancels the error event's default and bubbling.
pub fn keep_going_on_error(req: &IdbRequest) {
    thread_local! {
        static HANDLER: wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)> =
            wasm_bindgen::closure::Closure::new(|e: web_sys::Event| {
                e.prevent_default();
                e.stop_propagation();
            });
    }
    HANDLER.with(|h| req.set_onerror(Some(h.as_ref().unchecked_ref())));
}

/// Waits until a transaction has committed (its writes are durable) or failed.
pub async fn done(tx: &IdbTransaction) -> Result<(), DomError> {
    let p = promise(|resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    match JsFuture::from(p).await {
        Ok(_) => Ok(()),
        Err(_) => Err(tx.error().map(DomError::from).unwrap_or_else(|| {
            DomError::new(
                "AbortError",
                crate::i18n::t().messages().transaction_aborted,
            )
        })),
    }
}

/// A promise that resolves after `ms` milliseconds (for racing against a stuck open).
pub fn delay(ms: i32) -> Promise {
    promise(|resolve, _| {
        if let Some(w) = web_sys::window() {
            // If scheduling fails the race simply waits for the other side.
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    })
}
