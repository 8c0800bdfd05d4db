//! The offline, installable app: registers the service worker that `cargo xtask build`
//! writes (`dist/sw.js`, from `xtask/src/sw.js`) and says when a new version waits.
//!
//! A new worker installs beside the running one and waits. The page never swaps itself:
//! only the user's **Reload** (`ui/update_notice.rs`) asks the waiting worker to take
//! over, and the page reloads when it has. Nothing here fails loudly: without service
//! workers (a `file:` page, an insecure origin, a refusal) the app simply runs online.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration};

thread_local! {
    /// Whether a new version is installed and waiting (the notice shows while true). Not
    /// owned by a component: the page is rebuilt when the language changes.
    static READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Set by Reload: the next change of controller is the one the user asked for.
    static RELOADING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a new version is ready, for the notice.
pub fn ready() -> ArcRwSignal<bool> {
    READY.with(Clone::clone)
}

fn container() -> Option<ServiceWorkerContainer> {
    let w = web_sys::window()?;
    let protocol = w.location().protocol().ok()?;
    if !protocol.starts_with("http") {
        return None;
    }
    js_sys::Reflect::get(&w.navigator(), &"serviceWorker".into())
        .ok()?
        .dyn_into()
        .ok()
}

fn reload_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Registers `./sw.js` (relative: the app may live in a sub-folder) and watches for a new
/// version. Call once, after the app has started.
pub fn register() {
    let Some(sw) = container() else { return };
    let on_controller = Closure::<dyn Fn()>::new(|| {
        if RELOADING.get() {
            reload_page();
        }
    });
    sw.set_oncontrollerchange(Some(on_controller.as_ref().unchecked_ref()));
    on_controller.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(sw.register("./sw.js")).await else {
            return;
        };
        // A browser that keeps service workers off (a policy, an automation setting) may
        // answer with nothing: then there is simply no offline copy.
        let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        // A new version counts once it is installed while an older one of this app runs
        // this page (a first install has no active worker: nothing to announce).
        let on_state = {
            let reg = reg.clone();
            Closure::<dyn Fn()>::new(move || {
                if reg.waiting().is_some() && reg.active().is_some() && sw.controller().is_some() {
                    READY.with(|r| r.set(true));
                }
            })
        };
        let on_state: js_sys::Function = on_state.into_js_value().unchecked_into();
        let on_found = {
            let reg = reg.clone();
            Closure::<dyn Fn()>::new(move || {
                if let Some(w) = reg.installing() {
                    w.set_onstatechange(Some(&on_state));
                }
                let _ = on_state.call0(&JsValue::NULL);
            })
        };
        let on_found: js_sys::Function = on_found.into_js_value().unchecked_into();
        reg.set_onupdatefound(Some(&on_found));
        // An update may already be installing or waiting (the browser checks on load).
        let _ = on_found.call0(&JsValue::NULL);
        REGISTRATION.set(Some(reg));
    });
}

/// The notice's Reload: the waiting worker takes over, then the page reloads (on
/// `controllerchange`). Without a waiting worker (another tab took the update), it
/// reloads at once.
pub fn apply_update() {
    let waiting = REGISTRATION.with_borrow(|r| r.as_ref().and_then(|r| r.waiting()));
    match waiting {
        Some(w) => {
            RELOADING.set(true);
            if w.post_message(&"skipWaiting".into()).is_err() {
                reload_page();
            }
        }
        None => reload_page(),
    }
}
