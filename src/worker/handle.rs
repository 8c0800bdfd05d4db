//! The page's side of the backup worker: one worker at a time, started when a backup file
//! is chosen and stopped when the import ends, is cancelled or is abandoned.

use super::protocol::{self, Reply, Request};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// The worker's loader script (beside index.html): it loads the worker's own wasm module.
const LOADER: &str = "backup_worker_loader.js";

struct Running {
    worker: Worker,
    /// Requests sent before the worker said Ready, sent once it has.
    waiting: Rc<RefCell<Vec<JsValue>>>,
    ready: Rc<Cell<bool>>,
    /// Whether a write was asked for and has not answered yet (leaving the page must not
    /// stop it).
    writing: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        // Aborts whatever the worker was doing, its open transaction included.
        self.worker.terminate();
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Starts a fresh worker (stopping any earlier one); `on_reply` gets every reply but
/// Ready. A worker that cannot start answers `Crashed` at once.
pub fn start(on_reply: impl Fn(Reply) + 'static) {
    stop();
    let on_reply = Rc::new(on_reply);
    let worker = match Worker::new(LOADER) {
        Ok(w) => w,
        Err(e) => {
            let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            return on_reply(Reply::Crashed(why));
        }
    };
    let waiting = Rc::new(RefCell::new(Vec::<JsValue>::new()));
    let ready = Rc::new(Cell::new(false));
    let writing = Rc::new(Cell::new(false));
    let on_message = {
        let (worker, waiting, ready, writing, on_reply) = (
            worker.clone(),
            waiting.clone(),
            ready.clone(),
            writing.clone(),
            on_reply.clone(),
        );
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let Some((reply, _)) = protocol::decode::<Reply>(&ev.data()) else {
                return;
            };
            match reply {
                Reply::Ready => {
                    ready.set(true);
                    for m in waiting.borrow_mut().drain(..) {
                        let _ = worker.post_message(&m);
                    }
                }
                Reply::Progress { .. } => on_reply(reply),
                other => {
                    writing.set(false);
                    on_reply(other)
                }
            }
        })
    };
    // The worker's uncaught errors (its module failed to load, or trapped after a panic).
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        ev.prevent_default();
        on_reply(Reply::Crashed(ev.message()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    CURRENT.with(|c| {
        *c.borrow_mut() = Some(Running {
            worker,
            waiting,
            ready,
            writing,
            _on_message: on_message,
            _on_error: on_error,
        })
    });
}

/// Sends a request (with the file for a Check) to the running worker; false if none runs.
pub fn send(request: &Request, file: Option<&web_sys::File>) -> bool {
    CURRENT.with(|c| {
        let c = c.borrow();
        let Some(r) = c.as_ref() else {
            return false;
        };
        if matches!(request, Request::Write { .. }) {
            r.writing.set(true);
        }
        let m = protocol::encode(request, file);
        if r.ready.get() {
            let _ = r.worker.post_message(&m);
        } else {
            r.waiting.borrow_mut().push(m);
        }
        true
    })
}

/// Stops the worker now, whatever it is doing (Cancel).
pub fn stop() {
    let running = CURRENT.with(|c| c.borrow_mut().take());
    drop(running);
}

/// Stops the worker unless it is writing (leaving the Backup page: a write goes on and
/// its reply still reaches the app).
pub fn stop_unless_writing() {
    let writing = CURRENT.with(|c| c.borrow().as_ref().is_some_and(|r| r.writing.get()));
    if !writing {
        stop();
    }
}
