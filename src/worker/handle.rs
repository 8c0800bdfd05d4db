//! The page's side of the backup worker: a worker per job (an import, an export), started
//! when the job begins and stopped when it ends, is cancelled or is abandoned.

use super::protocol::{self, Reply, Request};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};

/// The worker's loader script (beside index.html): it loads the worker's own wasm module.
const LOADER: &str = "backup_worker_loader.js";

/// The jobs that may run side by side, one worker each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Import,
    Export,
    /// Reading a contacts file (vCard or CSV).
    Contacts,
}

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
    static RUNNING: RefCell<[Option<Running>; 3]> = const { RefCell::new([None, None, None]) };
}

fn slot(job: Job) -> usize {
    match job {
        Job::Import => 0,
        Job::Export => 1,
        Job::Contacts => 2,
    }
}

/// Starts a fresh worker for `job` (stopping the job's earlier one); `on_reply` gets every
/// reply but Ready, with the blob beside it. A worker that cannot start answers `Crashed`.
pub fn start(job: Job, on_reply: impl Fn(Reply, Option<Blob>) + 'static) {
    stop(job);
    let on_reply = Rc::new(on_reply);
    let worker = match Worker::new(LOADER) {
        Ok(w) => w,
        Err(e) => {
            let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            return on_reply(Reply::Crashed(why), None);
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
            let Some((reply, blob)) = protocol::decode::<Reply>(&ev.data()) else {
                return;
            };
            match reply {
                Reply::Ready => {
                    ready.set(true);
                    for m in waiting.borrow_mut().drain(..) {
                        let _ = worker.post_message(&m);
                    }
                }
                Reply::Progress { .. } => on_reply(reply, blob),
                other => {
                    writing.set(false);
                    on_reply(other, blob)
                }
            }
        })
    };
    // The worker's uncaught errors (its module failed to load, or trapped after a panic).
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |ev: ErrorEvent| {
        ev.prevent_default();
        on_reply(Reply::Crashed(ev.message()), None);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let running = Running {
        worker,
        waiting,
        ready,
        writing,
        _on_message: on_message,
        _on_error: on_error,
    };
    RUNNING.with(|r| r.borrow_mut()[slot(job)] = Some(running));
}

/// Sends a request (with a file for a Check) to `job`'s worker; false if none runs.
pub fn send(job: Job, request: &Request, blob: Option<&Blob>) -> bool {
    RUNNING.with(|r| {
        let r = r.borrow();
        let Some(w) = r[slot(job)].as_ref() else {
            return false;
        };
        if matches!(request, Request::Write { .. }) {
            w.writing.set(true);
        }
        let m = protocol::encode(request, blob);
        if w.ready.get() {
            let _ = w.worker.post_message(&m);
        } else {
            w.waiting.borrow_mut().push(m);
        }
        true
    })
}

/// Stops `job`'s worker now, whatever it is doing (Cancel).
pub fn stop(job: Job) {
    let running = RUNNING.with(|r| r.borrow_mut()[slot(job)].take());
    drop(running);
}

/// Stops the import's worker unless it is writing (leaving the Backup page: a write goes
/// on, and its reply still reaches the app).
pub fn stop_import_unless_writing() {
    let writing = RUNNING.with(|r| {
        r.borrow()[slot(Job::Import)]
            .as_ref()
            .is_some_and(|w| w.writing.get())
    });
    if !writing {
        stop(Job::Import);
    }
}

/// One request (with a file beside it, if any) to a fresh worker for `job`, and its final
/// reply (with the blob beside it).
pub async fn ask(job: Job, request: &Request, blob: Option<&Blob>) -> (Reply, Option<Blob>) {
    let answer = Rc::new(RefCell::new(None::<(Reply, Option<Blob>)>));
    let mut settle = None::<js_sys::Function>;
    let promise = js_sys::Promise::new(&mut |resolve, _| settle = Some(resolve));
    {
        let answer = answer.clone();
        start(job, move |reply, blob| {
            if matches!(reply, Reply::Progress { .. }) {
                return;
            }
            *answer.borrow_mut() = Some((reply, blob));
            if let Some(s) = &settle {
                let _ = s.call0(&JsValue::NULL);
            }
        });
    }
    send(job, request, blob);
    let _ = JsFuture::from(promise).await;
    stop(job);
    let reply = answer.borrow_mut().take();
    reply.unwrap_or_else(|| (Reply::Crashed(String::new()), None))
}
