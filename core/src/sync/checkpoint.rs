//! Checkpoints as CouchDB's replicator keeps them: a `_local/<replication id>` document on
//! both sides with the last sequence reached and a history of sessions, so a restart, a
//! reload or a checkpoint lost on one side resumes from the last sequence both sides
//! recorded in the same session, not from 0. Sequence ids are opaque JSON: compared for
//! equality only, never parsed.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How many past sessions a checkpoint remembers (CouchDB keeps 50).
pub const HISTORY: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the server into this book.
    Pull,
    /// From this book to the server.
    Push,
}

/// Stable for one book (`local_id`, a random id kept on this device) and one database
/// address: the same pair always resumes the same replication.
pub fn replication_id(local_id: &str, db_url: &str, direction: Direction) -> String {
    use md5::{Digest, Md5};
    let mut h = Md5::new();
    h.update(b"bakkal-replication-1\0");
    h.update(local_id.as_bytes());
    h.update(b"\0");
    h.update(db_url.trim_end_matches('/').as_bytes());
    h.update(match direction {
        Direction::Pull => b"\0pull",
        Direction::Push => b"\0push",
    });
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub session_id: String,
    pub recorded_seq: Value,
}

/// The body of a `_local/<replication id>` checkpoint document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub session_id: String,
    pub source_last_seq: Value,
    /// Newest first.
    #[serde(default)]
    pub history: Vec<Session>,
}

impl Checkpoint {
    /// The checkpoint after reaching `seq` in session `session_id`: the session is the
    /// newest entry of the history (replacing its earlier entry, if any).
    pub fn advance(prev: Option<&Checkpoint>, session_id: &str, seq: Value) -> Checkpoint {
        let mut history = vec![Session {
            session_id: session_id.to_string(),
            recorded_seq: seq.clone(),
        }];
        if let Some(p) = prev {
            history.extend(
                p.history
                    .iter()
                    .filter(|s| s.session_id != session_id)
                    .take(HISTORY - 1)
                    .cloned(),
            );
        }
        Checkpoint {
            session_id: session_id.to_string(),
            source_last_seq: seq,
            history,
        }
    }
}

/// Where to start reading the source's changes, from the checkpoint each side holds:
/// the same newest session → its sequence; otherwise the newest session both histories
/// share → the sequence recorded then; otherwise from the beginning (`0`).
pub fn since(here: Option<&Checkpoint>, there: Option<&Checkpoint>) -> Value {
    let (Some(a), Some(b)) = (here, there) else {
        return Value::from(0);
    };
    if a.session_id == b.session_id && a.source_last_seq == b.source_last_seq {
        return a.source_last_seq.clone();
    }
    for s in &a.history {
        if let Some(t) = b.history.iter().find(|t| t.session_id == s.session_id) {
            // The two sides may have written this session's checkpoint at different
            // moments; only a sequence both recorded is safe.
            if t.recorded_seq == s.recorded_seq {
                return s.recorded_seq.clone();
            }
        }
    }
    Value::from(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cp(session: &str, seq: Value, history: &[(&str, Value)]) -> Checkpoint {
        Checkpoint {
            session_id: session.into(),
            source_last_seq: seq,
            history: history
                .iter()
                .map(|(s, q)| Session {
                    session_id: (*s).into(),
                    recorded_seq: q.clone(),
                })
                .collect(),
        }
    }

    #[test]
    fn replication_ids_are_stable_per_pair_and_direction() {
        let a = replication_id("book-1", "http://127.0.0.1:5984/bakkal", Direction::Pull);
        assert_eq!(
            a,
            replication_id("book-1", "http://127.0.0.1:5984/bakkal/", Direction::Pull)
        );
        assert_eq!(a.len(), 32);
        assert_ne!(
            a,
            replication_id("book-1", "http://127.0.0.1:5984/bakkal", Direction::Push)
        );
        assert_ne!(
            a,
            replication_id("book-2", "http://127.0.0.1:5984/bakkal", Direction::Pull)
        );
        assert_ne!(
            a,
            replication_id("book-1", "http://127.0.0.1:5984/other", Direction::Pull)
        );
    }

    #[test]
    fn no_checkpoint_on_either_side_starts_from_zero() {
        let c = cp("s1", json!(7), &[("s1", json!(7))]);
        assert_eq!(since(None, None), json!(0));
        assert_eq!(since(Some(&c), None), json!(0));
        assert_eq!(since(None, Some(&c)), json!(0));
    }

    #[test]
    fn the_same_session_resumes_from_its_sequence() {
        let seq = json!("12-g1AAAABXeJzLYWBgYMpgTmHgz8tPSTV0MDQy1zMAQsMcoEQiQ1L9");
        let c = cp("s1", seq.clone(), &[("s1", seq.clone())]);
        assert_eq!(since(Some(&c), Some(&c.clone())), seq);
    }

    /// PouchDB #3999: one side's checkpoint is newer (it wrote, the other's write was lost):
    /// resume from the last sequence both recorded, not from 0.
    #[test]
    fn a_checkpoint_mismatch_resumes_from_the_common_session() {
        let here = cp(
            "s3",
            json!(30),
            &[("s3", json!(30)), ("s2", json!(20)), ("s1", json!(10))],
        );
        let there = cp("s2", json!(20), &[("s2", json!(20)), ("s1", json!(10))]);
        assert_eq!(since(Some(&here), Some(&there)), json!(20));
        assert_eq!(since(Some(&there), Some(&here)), json!(20));
    }

    #[test]
    fn a_session_recorded_at_different_sequences_is_not_trusted() {
        let here = cp("s2", json!(25), &[("s2", json!(25)), ("s1", json!(10))]);
        let there = cp("s2", json!(20), &[("s2", json!(20)), ("s1", json!(10))]);
        assert_eq!(since(Some(&here), Some(&there)), json!(10));
    }

    #[test]
    fn histories_without_a_common_session_start_from_zero() {
        let here = cp("a", json!(5), &[("a", json!(5))]);
        let there = cp("b", json!(5), &[("b", json!(5))]);
        assert_eq!(since(Some(&here), Some(&there)), json!(0));
    }

    #[test]
    fn advancing_puts_the_session_first_and_keeps_fifty() {
        let mut c = Checkpoint::advance(None, "s0", json!(0));
        for i in 1..=60 {
            c = Checkpoint::advance(Some(&c), &format!("s{i}"), json!(i));
        }
        c = Checkpoint::advance(Some(&c), "s60", json!(61));
        assert_eq!(c.session_id, "s60");
        assert_eq!(c.source_last_seq, json!(61));
        assert_eq!(c.history.len(), HISTORY);
        assert_eq!(c.history[0].recorded_seq, json!(61));
        assert_eq!(c.history[1].session_id, "s59");
        assert_eq!(
            c.history.iter().filter(|s| s.session_id == "s60").count(),
            1
        );
    }

    #[test]
    fn a_checkpoint_survives_its_json_form() {
        let c = Checkpoint::advance(None, "s1", json!([3, "x"]));
        let back: Checkpoint = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
