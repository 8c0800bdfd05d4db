//! Replication with the user's own CouchDB (`docs/sync.md`), the pure half: documents,
//! checkpoints, the protocol's bodies and answers, the server's address and refusals, the
//! retry rule. The shell (`src/sync/`) does the requests and the IndexedDB writes.
//!
//! There is no second model: a record's revisions (`model::rev`) are CouchDB's, so a pulled
//! document merges into the book exactly as a backup's record does (`rev::merge`), and a
//! pushed one carries its `_revisions` with `new_edits: false`.

pub mod checkpoint;
pub mod doc;
pub mod protocol;
pub mod server;

#[cfg(test)]
mod tests;
