//! The replicator: CouchDB's replication protocol in both directions, live. A round pushes
//! this device's changes since the push checkpoint, then pulls the server's changes since
//! the pull checkpoint; when caught up, the pull waits on the server's long poll until
//! something changes there or here (a local write cancels the wait).

use super::http::{Client, Failure};
use super::{Alert, SyncUi};
use crate::state::{AppState, Changed};
use crate::store::{schema, Noted, Store};
use bakkal_core::model::rev::{self, Rev};
use bakkal_core::sync::checkpoint::{self, Checkpoint, Direction};
use bakkal_core::sync::doc::{self, AnyRecord, DocKind, Incoming, Skip};
use bakkal_core::sync::protocol::{self, Change, Next, Retry};
use bakkal_core::sync::server::{self, Event, Refusal, Status};
use leptos::prelude::Set;
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

/// Documents per batch (CouchDB's replicator default).
const BATCH: usize = 100;
/// Changes per batch while catching up (a first pull, or after being away): the test server
/// serves about twice as many documents per second in batches of 1,000 as of 100.
const CATCH_UP: usize = 1000;
/// While catching up, screens are refreshed at most this often (each refresh re-reads the
/// changed contacts and the open follow-ups).
const REFRESH_MS: f64 = 3000.0;
/// While catching up, the pull checkpoint is written at most this often (CouchDB's
/// replicator default `checkpoint_interval`).
const CHECKPOINT_MS: f64 = 5000.0;
/// Log entries read per push step.
const PUSH_STEP: u32 = 2000;
/// How long a request may take (a long poll waits longer).
const TIMEOUT_MS: u32 = 60_000;
const LONGPOLL_MS: u32 = 35_000;

/// Why a round ended early.
enum Halt {
    /// A local write or a stop cancelled a wait: not an error.
    Cancelled,
    Refused(Refusal),
}

fn halt(f: Failure) -> Halt {
    match f {
        Failure::Cancelled => Halt::Cancelled,
        Failure::Network | Failure::Timeout => Halt::Refused(Refusal::Unreachable),
        Failure::Status(s, _) => Halt::Refused(Refusal::of_status(s).unwrap_or(Refusal::NotCouch)),
    }
}

fn store_failed(e: crate::store::StoreError) -> Halt {
    // The checkpoint did not move, so the same batch comes again.
    Halt::Refused(Refusal::Book(e.to_string()))
}

/// Checks the server before anything is written: `GET /` answers at all (else tells a
/// CORS refusal from an unreachable server), then `GET /db` answers as a database.
pub async fn check(client: &Client) -> Result<(), Refusal> {
    match client.request("GET", &client.root, None, TIMEOUT_MS).await {
        Ok(_) => {}
        Err(Failure::Status(401, _)) => return Err(Refusal::Unauthorized),
        // The root may be closed to this user while the database is open: judge by it.
        Err(Failure::Status(..)) => {}
        Err(_) => {
            return Err(if client.reachable().await {
                Refusal::Cors {
                    origin: page_origin(),
                }
            } else {
                Refusal::Unreachable
            });
        }
    }
    match client.db_request("GET", "", None, TIMEOUT_MS).await {
        Ok(v) => server::judge_database(200, Some(&v)),
        Err(Failure::Status(s, body)) => server::judge_database(s, body.as_ref()),
        Err(_) => Err(Refusal::Unreachable),
    }
}

pub async fn create_database(client: &Client) -> Result<(), Refusal> {
    match client.db_request("PUT", "", None, TIMEOUT_MS).await {
        Ok(_) | Err(Failure::Status(412, _)) => Ok(()),
        Err(Failure::Status(s, _)) => Err(Refusal::of_status(s).unwrap_or(Refusal::NotCouch)),
        Err(_) => Err(Refusal::Unreachable),
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

pub struct Runner {
    client: Client,
    store: Store,
    app: AppState,
    ui: SyncUi,
    session: String,
    pull_id: String,
    push_id: String,
    batch: Cell<usize>,
    stopped: Cell<bool>,
    poked: Cell<bool>,
    waiting: Cell<bool>,
    wake: RefCell<Option<js_sys::Function>>,
    /// `_rev`s of the server's checkpoint documents, for the next PUT.
    remote_revs: RefCell<HashMap<String, String>>,
    no_bulk_get: Cell<bool>,
    /// With **Encrypt on the server**: the key from the sync passphrase.
    key: Option<web_sys::CryptoKey>,
    /// Pulled and stored, not yet shown: (what changed, how many documents), and when the
    /// screens were last refreshed.
    unseen: RefCell<(Changed, usize)>,
    shown_at: Cell<f64>,
    checkpointed_at: Cell<f64>,
    /// Per kind (`DocKind as usize`): the book held no record of it when sync started, so
    /// until the first catch-up ends nothing pulled needs comparing with IndexedDB.
    fresh: Cell<[bool; DocKind::ALL.len()]>,
    /// A batch with interactions has been handed to IndexedDB.
    interactions_pulled: Cell<bool>,
}

impl Runner {
    pub async fn new(
        client: Client,
        store: Store,
        app: AppState,
        passphrase: Option<String>,
    ) -> Result<Runner, Refusal> {
        let key = encryption(&client, passphrase.as_deref()).await?;
        let mut fresh = [false; DocKind::ALL.len()];
        for (i, kind) in DocKind::ALL.into_iter().enumerate() {
            fresh[i] = store.count(store_of(kind)).await.is_ok_and(|n| n == 0);
        }
        let book = match store.get_local("book-id").await {
            Ok(Some(id)) => id,
            _ => {
                let id = hex(&crate::browser::random_bytes());
                let _ = store.put_local("book-id", &id).await;
                id
            }
        };
        Ok(Runner {
            pull_id: checkpoint::replication_id(&book, &client.db, Direction::Pull),
            push_id: checkpoint::replication_id(&book, &client.db, Direction::Push),
            client,
            store,
            ui: app.sync,
            app,
            session: hex(&crate::browser::random_bytes()),
            batch: Cell::new(BATCH),
            stopped: Cell::new(false),
            poked: Cell::new(false),
            waiting: Cell::new(false),
            wake: RefCell::new(None),
            remote_revs: RefCell::new(HashMap::new()),
            no_bulk_get: Cell::new(false),
            key,
            unseen: RefCell::new((Changed::default(), 0)),
            shown_at: Cell::new(0.0),
            checkpointed_at: Cell::new(0.0),
            fresh: Cell::new(fresh),
            interactions_pulled: Cell::new(false),
        })
    }

    /// Whether this runner should still run (not stopped while it waited for the lock).
    pub fn wanted(&self) -> bool {
        !self.stopped.get()
    }

    pub fn stop(&self) {
        self.stopped.set(true);
        self.client.cancel();
        self.wake_up();
    }

    /// A local write: push it now (cancels a long poll in flight).
    pub fn poke(&self) {
        self.poked.set(true);
        if self.waiting.get() {
            self.client.cancel();
        }
        self.wake_up();
    }

    pub fn connection_changed(&self) {
        self.client.cancel();
        self.wake_up();
    }

    fn wake_up(&self) {
        if let Some(f) = self.wake.borrow_mut().take() {
            let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        }
    }

    /// Waits `ms` (or, with `None`, until woken).
    async fn sleep(&self, ms: Option<u32>) {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(ms) = ms {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        &resolve,
                        ms.min(i32::MAX as u32) as i32,
                    );
                }
            }
            *self.wake.borrow_mut() = Some(resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        self.wake.borrow_mut().take();
    }

    fn status(&self, s: Status) {
        self.ui.set_status(&self.app, &s);
    }

    fn log(&self, e: Event) {
        self.ui.event(&self.store, e);
    }

    async fn waiting_count(&self, push_since: f64) -> usize {
        self.store
            .count_changes_since(push_since)
            .await
            .unwrap_or(0) as usize
    }

    pub async fn run(self: std::rc::Rc<Self>) {
        let mut retry = Retry::default();
        let mut live = false;
        let mut cps: Option<Checkpoints> = None;
        let mut reported_error = false;
        while !self.stopped.get() {
            if !super::online() {
                let waiting = match &cps {
                    Some(c) => self.waiting_count(c.push_since).await,
                    None => 0,
                };
                self.status(Status::Offline { waiting });
                self.sleep(None).await;
                continue;
            }
            let round = async {
                if cps.is_none() {
                    cps = Some(self.checkpoints().await?);
                }
                let c = cps.as_mut().ok_or(Halt::Cancelled)?;
                self.push(c).await?;
                let poll = live && !self.poked.replace(false);
                if !poll {
                    self.status(Status::Syncing { left: 0 });
                }
                self.pull(c, poll).await
            }
            .await;
            match round {
                Ok(caught_up) => {
                    retry.after(Ok(()), true, 0.0);
                    reported_error = false;
                    live = caught_up;
                    if caught_up {
                        self.status(Status::Synced);
                        // The book has a copy on the server now (Today's backup
                        // reminder counts from it).
                        crate::browser::set_device_time(
                            crate::keeping::LAST_SYNC,
                            crate::browser::now(),
                        );
                    }
                }
                Err(Halt::Cancelled) => {}
                Err(Halt::Refused(r)) => {
                    live = false;
                    // Checkpoints are read again after a failure: the other side may have
                    // moved on (or lost its copy) meanwhile.
                    let push_since = cps.take().map_or(0.0, |c| c.push_since);
                    match retry.after(Err(r.clone()), super::online(), js_sys::Math::random()) {
                        Next::Continue => {}
                        Next::RetryIn(ms) => {
                            if !reported_error {
                                self.log(Event::Error(r.clone()));
                                reported_error = true;
                            }
                            if r == Refusal::Unreachable {
                                let waiting = self.waiting_count(push_since).await;
                                self.status(Status::Offline { waiting });
                            } else {
                                self.status(Status::Error(r));
                            }
                            self.sleep(Some(ms as u32)).await;
                        }
                        Next::WaitOnline => {
                            let waiting = self.waiting_count(push_since).await;
                            self.status(Status::Offline { waiting });
                            self.sleep(None).await;
                        }
                        Next::Stop(r) => {
                            self.log(Event::Error(r.clone()));
                            self.ui.alert.set(Some(Alert::Refused(r.clone())));
                            self.status(Status::Error(r));
                            self.stopped.set(true);
                        }
                    }
                }
            }
        }
    }

    // ---- checkpoints ----

    async fn checkpoints(&self) -> Result<Checkpoints, Halt> {
        let (pull_local, pull_remote) = self.checkpoint_pair(&self.pull_id).await?;
        let (push_local, push_remote) = self.checkpoint_pair(&self.push_id).await?;
        let pull_since = checkpoint::since(pull_local.as_ref(), pull_remote.as_ref());
        let mut push_since = checkpoint::since(push_local.as_ref(), push_remote.as_ref())
            .as_f64()
            .unwrap_or(0.0);
        let floor = self.store.changes_floor().await.map_err(store_failed)?;
        if push_since < floor {
            // The log no longer reaches back there: walk the whole book instead.
            push_since = 0.0;
        }
        Ok(Checkpoints {
            pull: pull_local,
            pull_since,
            push: push_local,
            push_since,
        })
    }

    async fn checkpoint_pair(
        &self,
        id: &str,
    ) -> Result<(Option<Checkpoint>, Option<Checkpoint>), Halt> {
        let local = self
            .store
            .get_local(&format!("checkpoint:{id}"))
            .await
            .ok()
            .flatten()
            .and_then(|s| serde_json::from_str(&s).ok());
        let remote = match self
            .client
            .db_request("GET", &format!("/_local/{id}"), None, TIMEOUT_MS)
            .await
        {
            Ok(v) => {
                if let Some(r) = v.get("_rev").and_then(Value::as_str) {
                    self.remote_revs.borrow_mut().insert(id.into(), r.into());
                }
                serde_json::from_str(&v.to_string()).ok()
            }
            Err(Failure::Status(404, _)) => None,
            Err(e) => return Err(halt(e)),
        };
        Ok((local, remote))
    }

    /// Records `seq` in both checkpoint documents (the server's first: the local one
    /// claims nothing the server's does not).
    async fn save_checkpoint(
        &self,
        id: &str,
        prev: Option<&Checkpoint>,
        seq: Value,
    ) -> Result<Checkpoint, Halt> {
        let cp = Checkpoint::advance(prev, &self.session, seq);
        let text = serde_json::to_string(&cp).map_err(|_| Halt::Cancelled)?;
        for attempt in 0..2 {
            let mut body: Value = serde_json::from_str(&text).map_err(|_| Halt::Cancelled)?;
            if let Some(r) = self.remote_revs.borrow().get(id) {
                body["_rev"] = r.clone().into();
            }
            match self
                .client
                .db_request("PUT", &format!("/_local/{id}"), Some(&body), TIMEOUT_MS)
                .await
            {
                Ok(v) => {
                    if let Some(r) = v.get("rev").and_then(Value::as_str) {
                        self.remote_revs.borrow_mut().insert(id.into(), r.into());
                    }
                    break;
                }
                Err(Failure::Status(409, _)) if attempt == 0 => {
                    // Someone else wrote it (another session): take its revision.
                    self.checkpoint_pair(id).await?;
                }
                Err(e) => return Err(halt(e)),
            }
        }
        self.store
            .put_local(&format!("checkpoint:{id}"), &text)
            .await
            .map_err(store_failed)?;
        Ok(cp)
    }

    // ---- push ----

    async fn push(&self, c: &mut Checkpoints) -> Result<(), Halt> {
        loop {
            let (noted, upto) = if c.push_since == 0.0 {
                // From the beginning: the whole book, up to a mark in the log (everything
                // logged later is pushed next time).
                let upto = self.store.mark_change().await.map_err(store_failed)?;
                let mut all = Vec::new();
                for kind in DocKind::ALL {
                    let s = store_of(kind);
                    let keys = self.store.all_keys(s).await.map_err(store_failed)?;
                    all.extend(keys.into_iter().map(|k| (s.to_string(), k)));
                }
                (all, Some(upto))
            } else {
                self.store
                    .changes_since(c.push_since, PUSH_STEP)
                    .await
                    .map_err(store_failed)?
            };
            let Some(upto) = upto else {
                return Ok(());
            };
            let mut seen = BTreeSet::new();
            let noted: Vec<Noted> = noted
                .into_iter()
                .filter(|n| seen.insert(n.clone()))
                .collect();
            let total = noted.len();
            let mut done = 0;
            while done < total {
                let n = self.batch.get().min(total - done);
                match self.push_batch(&noted[done..done + n]).await {
                    Err(Halt::Refused(Refusal::Server { status: 413 })) if n > 1 => {
                        self.batch.set(server::halve(n));
                        continue;
                    }
                    r => r?,
                }
                done += n;
                self.status(Status::Syncing { left: total - done });
            }
            c.push = Some(
                self.save_checkpoint(&self.push_id, c.push.as_ref(), upto.into())
                    .await?,
            );
            c.push_since = upto;
            let _ = self.store.compact_changes(upto).await;
        }
    }

    async fn push_batch(&self, noted: &[Noted]) -> Result<(), Halt> {
        let mut leaves: Vec<(String, Vec<(Rev, Value)>)> = Vec::new();
        for kind in DocKind::ALL {
            let store = store_of(kind);
            let keys: Vec<String> = noted
                .iter()
                .filter(|(st, _)| st == store)
                .map(|(_, k)| k.clone())
                .collect();
            if keys.is_empty() {
                continue;
            }
            for r in self.stored(kind, &keys).await? {
                leaves.push((r.doc_id(), r.docs()));
            }
        }
        if leaves.is_empty() {
            return Ok(());
        }
        let ask: Vec<(String, Vec<Rev>)> = leaves
            .iter()
            .map(|(id, l)| (id.clone(), l.iter().map(|(r, _)| r.clone()).collect()))
            .collect();
        let diff = self
            .client
            .db_request(
                "POST",
                "/_revs_diff",
                Some(&protocol::revs_diff_body(&ask)),
                TIMEOUT_MS,
            )
            .await
            .map_err(halt)?;
        let missing: HashMap<String, Vec<Rev>> =
            protocol::parse_revs_diff(&diff).into_iter().collect();
        let mut docs: Vec<Value> = Vec::new();
        for (id, l) in leaves {
            if let Some(m) = missing.get(&id) {
                docs.extend(l.into_iter().filter(|(r, _)| m.contains(r)).map(|(_, d)| d));
            }
        }
        if docs.is_empty() {
            return Ok(());
        }
        if let Some(key) = &self.key {
            let mut sealed = Vec::with_capacity(docs.len());
            for d in &docs {
                sealed.push(seal(key, d).await?);
            }
            docs = sealed;
        }
        let n = docs.len();
        let answer = self
            .client
            .db_request(
                "POST",
                "/_bulk_docs",
                Some(&json!({ "docs": docs, "new_edits": false })),
                TIMEOUT_MS,
            )
            .await
            .map_err(halt)?;
        let skipped = protocol::parse_bulk_docs(&answer);
        for (id, why) in &skipped {
            self.log(Event::Skipped {
                id: id.clone(),
                why: why.clone(),
            });
        }
        if n > skipped.len() {
            self.log(Event::Pushed(n - skipped.len()));
        }
        Ok(())
    }

    // ---- pull ----

    /// The server's changes until caught up (`Ok(true)`), or until a local write wants to
    /// be pushed (`Ok(false)`). While one batch is written to IndexedDB the next is already
    /// being fetched.
    async fn pull(self: &Rc<Self>, c: &mut Checkpoints, live: bool) -> Result<bool, Halt> {
        let mut next = self.prepare(c.pull_since.clone(), live).await?;
        // The batch being written. While its transaction runs, the next batch is fetched
        // and its records handed to IndexedDB, which writes them right after.
        let mut writing: Option<Writing> = None;
        loop {
            let Some(batch) = next.take() else {
                // The long poll ended without a change.
                self.written(writing.take(), c).await?;
                return Ok(true);
            };
            let Batch {
                mut incoming,
                since,
                last_seq,
                caught_up,
            } = batch;
            let ahead = (!caught_up).then(|| {
                let me = self.clone();
                let since = last_seq.clone();
                Ahead::start(async move { me.prepare(since, false).await })
            });
            let me = self.clone();
            let now = Writing {
                done: Ahead::start(async move {
                    // In a task of its own, not after the batch's reading in the same one.
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    me.apply(&mut incoming).await
                }),
                since,
                last_seq,
                caught_up,
            };
            if let Some(before) = writing.replace(now) {
                self.written(Some(before), c).await?;
            }
            if caught_up {
                self.written(writing.take(), c).await?;
                self.fresh.set([false; DocKind::ALL.len()]);
                return Ok(true);
            }
            next = match ahead {
                Some(a) => a.result().await.ok_or(Halt::Cancelled)??,
                None => None,
            };
            if self.poked.get() || self.stopped.get() {
                // The batch fetched ahead is dropped; the checkpoint says where to resume.
                self.written(writing.take(), c).await?;
                return Ok(false);
            }
        }
    }

    /// Reads one batch of changes from `since` and fetches the revisions this book lacks:
    /// everything but IndexedDB writes. `None`: a long poll ended with nothing new.
    async fn prepare(&self, since: Value, live: bool) -> Result<Option<Batch>, Halt> {
        let limit = if live { BATCH } else { CATCH_UP };
        let mut path = format!(
            "/_changes?style=all_docs&since={}&limit={limit}",
            protocol::since_param(&since)
        );
        let timeout = if live {
            path.push_str("&feed=longpoll&heartbeat=10000&timeout=25000");
            LONGPOLL_MS
        } else {
            // Catching up, most revisions are missing here: the feed brings the documents
            // along, and those that are first revisions need no `_bulk_get`
            // (`protocol::included_first`). Not in the live feed, where most changes are
            // this device's own pushes coming back.
            path.push_str("&include_docs=true");
            TIMEOUT_MS
        };
        self.waiting.set(live);
        crate::browser::mark("bakkal:pull-start");
        let answer = self.client.db_request("GET", &path, None, timeout).await;
        crate::browser::mark("bakkal:pull-changes");
        self.waiting.set(false);
        let v = match answer {
            // Nothing changed during the wait (servers differ on `timeout`; ours ends it).
            Err(Failure::Timeout) if live => return Ok(None),
            r => r.map_err(halt)?,
        };
        let changes = protocol::parse_changes(v).ok_or(Halt::Refused(Refusal::NotCouch))?;
        let caught_up = changes.rows < limit && changes.pending.unwrap_or(0) == 0;
        if let (false, Some(p)) = (caught_up, changes.pending) {
            self.status(Status::Syncing {
                left: p as usize + changes.results.len(),
            });
        }
        let incoming = if changes.results.is_empty() {
            Incoming::default()
        } else {
            self.fetch_missing(changes.results).await?
        };
        Ok(Some(Batch {
            incoming,
            since,
            last_seq: changes.last_seq,
            caught_up,
        }))
    }

    /// Waits for a batch's write to commit, then moves the checkpoint past it.
    async fn written(&self, w: Option<Writing>, c: &mut Checkpoints) -> Result<(), Halt> {
        let Some(Writing {
            done,
            since,
            last_seq,
            caught_up,
        }) = w
        else {
            return Ok(());
        };
        if since != c.pull_since {
            // Prepared from a checkpoint that has moved (cannot happen in order; be safe).
            return Err(Halt::Cancelled);
        }
        done.result().await.ok_or(Halt::Cancelled)??;
        crate::browser::mark("bakkal:pull-stored");
        c.pull_since = last_seq;
        // Like CouchDB's replicator, checkpoint every few seconds while catching up (a cut
        // then pulls those seconds again, merging changes nothing) and whenever caught up.
        let now = js_sys::Date::now();
        let due = caught_up || now - self.checkpointed_at.get() >= CHECKPOINT_MS;
        if due && c.pull.as_ref().map(|p| &p.source_last_seq) != Some(&c.pull_since) {
            c.pull = Some(
                self.save_checkpoint(&self.pull_id, c.pull.as_ref(), c.pull_since.clone())
                    .await?,
            );
            self.checkpointed_at.set(now);
        }
        self.show(caught_up);
        Ok(())
    }

    /// Refreshes every tab with what was pulled: at once when caught up, otherwise at
    /// most every `REFRESH_MS`.
    fn show(&self, now: bool) {
        let t = js_sys::Date::now();
        if !now && t - self.shown_at.get() < REFRESH_MS {
            return;
        }
        let (changed, n) = std::mem::take(&mut *self.unseen.borrow_mut());
        if n == 0 {
            return;
        }
        self.shown_at.set(t);
        self.log(Event::Pulled(n));
        self.app.changed_elsewhere(changed);
    }

    /// The documents of the revisions in `rows` this book lacks, read. Into a book that
    /// held none of a kind when sync started, every revision is fetched without asking
    /// IndexedDB first (the write merges by revision anyway).
    async fn fetch_missing(&self, mut rows: Vec<Change>) -> Result<Incoming, Halt> {
        let mut wanted = Vec::new();
        let mut docs = Vec::new();
        for kind in DocKind::ALL {
            let of_kind: Vec<(&mut Change, String)> = rows
                .iter_mut()
                .filter_map(|c| {
                    let (k, key) = doc::parse_doc_id(&c.id)?;
                    let key = key.to_string();
                    (k == kind).then_some((c, key))
                })
                .collect();
            if of_kind.is_empty() {
                continue;
            }
            let local: HashMap<String, AnyRecord> = if self.fresh.get()[kind as usize] {
                HashMap::new()
            } else {
                let keys: Vec<String> = of_kind.iter().map(|(_, k)| k.clone()).collect();
                self.stored(kind, &keys)
                    .await?
                    .into_iter()
                    .map(|r| (r.key(), r))
                    .collect()
            };
            for (c, key) in of_kind {
                let m = match local.get(&key) {
                    Some(r) => r.missing(&c.revs),
                    None => c.revs.clone(),
                };
                if let Some(d) = protocol::included_first(c, &m) {
                    docs.push(d);
                } else if !m.is_empty() {
                    wanted.push((c.id.clone(), m));
                }
            }
        }
        let mut inc = Incoming::default();
        if wanted.is_empty() && docs.is_empty() {
            return Ok(inc);
        }
        crate::browser::mark("bakkal:pull-compared");
        if !wanted.is_empty() {
            docs.extend(self.fetch(&wanted).await?);
        }
        crate::browser::mark("bakkal:pull-fetched");
        // The documents are read in a task of their own: with the feed's own reading (the
        // documents come in it while catching up) a batch of contacts took over 200 ms.
        gloo_timers::future::TimeoutFuture::new(0).await;
        for d in &docs {
            match doc::sealed_body(d) {
                None => inc.add(d),
                Some(sealed) => match self.open(d, sealed).await {
                    Ok(plain) => inc.add(&plain),
                    Err(why) => inc.skipped.push((doc_id_of(d), why)),
                },
            }
        }
        crate::browser::mark("bakkal:pull-read");
        Ok(inc)
    }

    /// Writes what a batch brought: bodiless deletions applied to the stored records,
    /// everything merged by revision in one transaction; logs what was skipped.
    async fn apply(&self, inc: &mut Incoming) -> Result<(), Halt> {
        let tombstones = std::mem::take(&mut inc.tombstones);
        for (kind, key, path) in tombstones {
            let id = doc::doc_id(kind, &key);
            match self.stored(kind, std::slice::from_ref(&key)).await?.pop() {
                Some(local) => {
                    if let Err(why) = local.tombstoned(&path).and_then(|r| inc.push(r)) {
                        inc.skipped.push((id, why));
                    }
                }
                None => inc.skipped.push((id, Skip::UnknownDeletion)),
            }
        }
        for (id, why) in std::mem::take(&mut inc.skipped) {
            self.log(Event::Skipped { id, why });
        }
        if inc.records.is_empty() {
            return Ok(());
        }
        // Interactions may be stored when the book held some at the start, or an earlier
        // batch brought some (its transaction runs before this one).
        let interactions_stored =
            !self.fresh.get()[DocKind::Interaction as usize] || self.interactions_pulled.get();
        if !inc.records.interactions.is_empty() {
            self.interactions_pulled.set(true);
        }
        self.store
            .apply_pulled(&inc.records, interactions_stored)
            .await
            .map_err(store_failed)?;
        let r = &inc.records;
        let conflicts = r.contacts.iter().filter(|c| rev::has_conflicts(*c)).count()
            + r.interactions
                .iter()
                .filter(|c| rev::has_conflicts(*c))
                .count();
        if conflicts > 0 {
            self.log(Event::Conflicts(conflicts));
        }
        let mut unseen = self.unseen.borrow_mut();
        let (changed, n) = &mut *unseen;
        let mut contacts: BTreeSet<_> = changed.contacts.drain(..).collect();
        contacts.extend(r.contacts.iter().map(|c| c.id));
        contacts.extend(r.interactions.iter().map(|i| i.contact_id));
        changed.contacts = contacts.into_iter().collect();
        changed.interactions |= !r.interactions.is_empty();
        changed.follow_ups |= !r.follow_ups.is_empty();
        changed.deals |= !r.deals.is_empty();
        changed.settings |= !r.settings.is_empty();
        *n += r.len();
        Ok(())
    }

    /// The wanted revisions' documents: `_bulk_get`, or one `open_revs` request per
    /// document on a server without it.
    async fn fetch(&self, wanted: &[(String, Vec<Rev>)]) -> Result<Vec<Value>, Halt> {
        if !self.no_bulk_get.get() {
            let body = protocol::bulk_get_body(wanted);
            match self
                .client
                .db_request(
                    "POST",
                    "/_bulk_get?revs=true&latest=true",
                    Some(&body),
                    TIMEOUT_MS,
                )
                .await
            {
                Ok(v) => {
                    let (docs, errors) = protocol::parse_bulk_get(&v);
                    for (id, why) in errors {
                        self.log(Event::Skipped { id, why });
                    }
                    return Ok(docs);
                }
                Err(Failure::Status(400 | 404 | 405 | 501, _)) => self.no_bulk_get.set(true),
                Err(e) => return Err(halt(e)),
            }
        }
        let mut docs = Vec::new();
        for (id, revs) in wanted {
            let v = self
                .client
                .db_request("GET", &protocol::open_revs_path(id, revs), None, TIMEOUT_MS)
                .await
                .map_err(halt)?;
            docs.extend(protocol::parse_open_revs(&v));
        }
        Ok(docs)
    }
}

impl Runner {
    /// The stored records of one kind with these keys (those that exist).
    async fn stored(&self, kind: DocKind, keys: &[String]) -> Result<Vec<AnyRecord>, Halt> {
        let docs = self
            .store
            .get_docs(store_of(kind), keys)
            .await
            .map_err(store_failed)?;
        Ok(docs.iter().filter_map(|d| kind.parse(d).ok()).collect())
    }

    async fn open(&self, d: &Value, sealed: Result<Vec<u8>, Skip>) -> Result<Value, Skip> {
        let key = self.key.as_ref().ok_or(Skip::Encrypted)?;
        let id = doc_id_of(d);
        let plain = crate::crypto::open(key, &sealed?, id.as_bytes())
            .await
            .map_err(|_| Skip::Undecryptable)?;
        doc::join_opened(d, &plain)
    }
}

fn doc_id_of(d: &Value) -> String {
    d.get("_id")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string()
}

/// A document as the server keeps it when encrypted: the readable fields and `enc`, the
/// rest sealed with the key and bound to the document's `_id`.
async fn seal(key: &web_sys::CryptoKey, d: &Value) -> Result<Value, Halt> {
    let (mut clear, body) = doc::split_for_sealing(d);
    let id = doc_id_of(d);
    let sealed = crate::crypto::seal(key, body.as_bytes(), id.as_bytes())
        .await
        .map_err(|e| Halt::Refused(Refusal::Book(e.to_string())))?;
    clear.insert("enc".into(), doc::b64_encode(&sealed).into());
    Ok(Value::Object(clear))
}

/// Checks the database against the passphrase (or its absence) before anything travels:
/// an encrypted database needs the passphrase that opens its check value; encrypting a
/// database that already holds documents is refused; without a passphrase, an encrypted
/// database is refused.
async fn encryption(
    client: &Client,
    passphrase: Option<&str>,
) -> Result<Option<web_sys::CryptoKey>, Refusal> {
    let path = format!("/{}", protocol::component(doc::ENCRYPTION_ID));
    let found = match client.db_request("GET", &path, None, TIMEOUT_MS).await {
        Ok(v) => Some(v),
        Err(Failure::Status(404, _)) => None,
        Err(e) => return Err(refusal(e)),
    };
    let crypto_failed = |e: crate::crypto::CryptoError| Refusal::Book(e.to_string());
    match (found, passphrase) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(Refusal::EncryptedDatabase),
        (Some(d), Some(p)) => {
            let e = doc::Encryption::from_doc(&d).ok_or(Refusal::WrongPassphrase)?;
            let key = crate::crypto::derive(p, &e.salt, e.iterations)
                .await
                .map_err(crypto_failed)?;
            match crate::crypto::open(&key, &e.check, doc::ENCRYPTION_ID.as_bytes()).await {
                Ok(t) if t == doc::CHECK_TEXT => Ok(Some(key)),
                _ => Err(Refusal::WrongPassphrase),
            }
        }
        (None, Some(p)) => {
            let info = client
                .db_request("GET", "", None, TIMEOUT_MS)
                .await
                .map_err(refusal)?;
            if info.get("doc_count").and_then(Value::as_u64).unwrap_or(0) > 0 {
                return Err(Refusal::PlainDatabase);
            }
            let salt = crate::browser::secure_random(bakkal_core::io::encrypted::SALT_LEN)
                .map_err(Refusal::Book)?;
            let iterations = bakkal_core::io::encrypted::ITERATIONS;
            let key = crate::crypto::derive(p, &salt, iterations)
                .await
                .map_err(crypto_failed)?;
            let check = crate::crypto::seal(
                &key,
                doc::CHECK_TEXT.as_bytes(),
                doc::ENCRYPTION_ID.as_bytes(),
            )
            .await
            .map_err(crypto_failed)?;
            let body = doc::Encryption {
                salt,
                iterations,
                check,
            }
            .to_doc();
            client
                .db_request("PUT", &path, Some(&body), TIMEOUT_MS)
                .await
                .map_err(refusal)?;
            Ok(Some(key))
        }
    }
}

fn refusal(f: Failure) -> Refusal {
    match halt(f) {
        Halt::Refused(r) => r,
        Halt::Cancelled => Refusal::Unreachable,
    }
}

/// A batch of the server's changes, fetched and read, not yet written.
struct Batch {
    incoming: Incoming,
    /// The sequence it was read from, and the one it reaches.
    since: Value,
    last_seq: Value,
    caught_up: bool,
}

/// A batch whose write has started: its transaction, and where the checkpoint goes once it
/// commits.
struct Writing {
    done: Ahead<Result<(), Halt>>,
    since: Value,
    last_seq: Value,
    caught_up: bool,
}

/// A future run alongside whatever the caller awaits meanwhile (the next batch fetched
/// while one is written); [`Ahead::result`] waits for its value.
struct Ahead<T> {
    slot: Rc<RefCell<Option<T>>>,
    done: js_sys::Promise,
}

impl<T: 'static> Ahead<T> {
    fn start(f: impl std::future::Future<Output = T> + 'static) -> Ahead<T> {
        let slot = Rc::new(RefCell::new(None));
        let mut resolve = None;
        let done = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
        let filled = slot.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let v = f.await;
            *filled.borrow_mut() = Some(v);
            if let Some(r) = resolve {
                let _ = r.call0(&wasm_bindgen::JsValue::NULL);
            }
        });
        Ahead { slot, done }
    }

    async fn result(self) -> Option<T> {
        let _ = wasm_bindgen_futures::JsFuture::from(self.done).await;
        self.slot.borrow_mut().take()
    }
}

/// Where each direction stands.
struct Checkpoints {
    pull: Option<Checkpoint>,
    pull_since: Value,
    push: Option<Checkpoint>,
    push_since: f64,
}

/// The object store of a kind of record.
fn store_of(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Contact => schema::CONTACTS,
        DocKind::Interaction => schema::INTERACTIONS,
        DocKind::FollowUp => schema::FOLLOW_UPS,
        DocKind::Deal => schema::DEALS,
        DocKind::Setting => schema::SETTINGS,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
