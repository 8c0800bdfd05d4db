//! The backup worker: reading a backup, decrypting it, checking every record, planning the
//! Merge and the Replace against the book, and writing the chosen plan all run in a Web
//! Worker of their own (`src/bin/backup_worker.rs`, a second wasm module that Trunk builds
//! and the page starts only when a backup file is chosen). The page keeps answering clicks
//! and typing during a 241 MB import, and Cancel ends it at once: terminating the worker
//! aborts its open transaction, so a cancelled write leaves nothing behind.
//!
//! - `protocol`: the messages both sides exchange (JSON, with the chosen file beside them);
//! - `job`: the worker's side, the backup pipeline against IndexedDB;
//! - `handle`: the page's side, which starts the worker, talks to it and stops it.

pub mod handle;
pub mod job;
pub mod protocol;
