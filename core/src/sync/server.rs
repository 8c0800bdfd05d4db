//! The user's server: its address as typed, how its answers are judged, and what the user
//! is told (as data: the words are the app's, `src/i18n/sync.rs`). Pure: the shell does the
//! requests and passes the answers in.

use super::doc::Skip;
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A database address split for `fetch` (which refuses URLs with credentials in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// `https://host[:port][/prefix]/db`, no trailing slash, no credentials.
    pub db_url: String,
    /// The server's root (`GET /`), with a trailing slash.
    pub root_url: String,
    /// From `user:pass@` in the address, if it had them.
    pub user: Option<String>,
    pub password: Option<String>,
}

/// Why an address cannot be used (the Sync section explains each: `src/i18n/sync.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AddressError {
    Empty,
    /// Neither `https://` nor `http://`.
    Scheme,
    /// `http://` to a server that is not on this computer.
    InsecureRemote,
    /// No database name after the server.
    NoDatabase,
    NoHost,
}

/// Reads an address as the user typed or pasted it.
pub fn parse_address(input: &str) -> Result<Address, AddressError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(AddressError::Empty);
    }
    let (scheme, rest) = s.split_once("://").ok_or(AddressError::Scheme)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(AddressError::Scheme);
    }
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    // Credentials end at the last `@` (a password may contain `@` typed raw).
    let (userinfo, host) = match authority.rfind('@') {
        Some(i) => (Some(&authority[..i]), &authority[i + 1..]),
        None => (None, authority),
    };
    if host.is_empty() {
        return Err(AddressError::NoHost);
    }
    let host = host.to_ascii_lowercase();
    let hostname = host
        .strip_prefix('[')
        .and_then(|h| h.split_once(']').map(|(h, _)| h))
        .unwrap_or_else(|| host.split(':').next().unwrap_or(""));
    if scheme == "http" && !matches!(hostname, "localhost" | "127.0.0.1") {
        return Err(AddressError::InsecureRemote);
    }
    let path = path
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    // Trailing slashes are gone, so a path with a slash ends in a database name.
    let Some(slash) = path.rfind('/') else {
        return Err(AddressError::NoDatabase);
    };
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let (user, password) = match userinfo {
        Some(u) => match u.split_once(':') {
            Some((n, p)) => (Some(decode(n)), Some(decode(p))),
            None => (Some(decode(u)), None),
        },
        None => (None, None),
    };
    let origin = format!("{scheme}://{host}");
    Ok(Address {
        db_url: format!("{origin}{path}"),
        root_url: format!("{origin}{}/", &path[..slash]),
        user,
        password,
    })
}

/// The `Authorization` header for a user name and password (UTF-8, as CouchDB reads it).
pub fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// Why sync refused to start or stopped; the Sync section says it in words
/// (`src/i18n/sync.rs`), the values inside are what those words name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Refusal {
    /// The address as typed cannot be used.
    Address(AddressError),
    /// The server answers, but not to this page's origin: its CORS settings lack it.
    Cors {
        origin: String,
    },
    /// 401: the user name and password were not accepted.
    Unauthorized,
    /// 403: the user is not a member of the database.
    Forbidden,
    /// 404 from CouchDB: no database at this address.
    NoDatabase,
    /// The address does not answer like a CouchDB database.
    NotCouch,
    Unreachable,
    /// Another error status; sync tries again.
    Server {
        status: u16,
    },
    /// This browser could not store what sync brought (the store's own words inside).
    Book(String),
    WrongPassphrase,
    /// Encryption asked for on a database that already holds readable documents.
    PlainDatabase,
    /// An encrypted database, and sync started without encryption.
    EncryptedDatabase,
    /// Encryption asked for without a passphrase of at least 8 characters.
    NoPassphrase,
    /// Sync resumes on opening, but the password or passphrase was not remembered.
    NeedSecret,
}

impl Refusal {
    /// Whether trying again later can help (network, server errors) or only the user can
    /// (credentials, access, address).
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            Refusal::Unreachable | Refusal::Server { .. } | Refusal::Book(_)
        )
    }

    /// How a status code that is not a success is read; `None` for a success.
    pub fn of_status(status: u16) -> Option<Refusal> {
        match status {
            200..=299 => None,
            401 => Some(Refusal::Unauthorized),
            403 => Some(Refusal::Forbidden),
            404 => Some(Refusal::NoDatabase),
            _ => Some(Refusal::Server { status }),
        }
    }
}

/// Judges `GET /db`: a CouchDB database answers JSON with `db_name` and `update_seq`.
/// The welcome text of `GET /` differs between CouchDB-compatible servers, so it is not
/// what decides.
pub fn judge_database(status: u16, body: Option<&Value>) -> Result<(), Refusal> {
    let is_db = body.is_some_and(|b| b.get("db_name").is_some() && b.get("update_seq").is_some());
    match status {
        200..=299 if is_db => Ok(()),
        200..=299 => Err(Refusal::NotCouch),
        // A 404 from something that is not CouchDB (a web server's page) is not "no such
        // database": CouchDB's own 404 is JSON with `error`.
        404 if body.is_some_and(|b| b.get("error").is_some()) => Err(Refusal::NoDatabase),
        404 => Err(Refusal::NotCouch),
        s => Err(Refusal::of_status(s).unwrap_or(Refusal::NotCouch)),
    }
}

/// The wait before retry number `attempt` (0 for the first retry): doubling from one
/// second, capped at five minutes, randomised into its upper half (`random` in `[0, 1)`),
/// so devices that lost the server together do not return together.
pub fn backoff_ms(attempt: u32, random: f64) -> u64 {
    const CAP: u64 = 5 * 60 * 1000;
    let full = 1000u64.saturating_mul(1u64 << attempt.min(20)).min(CAP);
    let r = random.clamp(0.0, 1.0);
    full / 2 + ((full / 2) as f64 * r) as u64
}

/// The next batch size after the server answered 413 (too large): half, at least one.
pub fn halve(batch: usize) -> usize {
    (batch / 2).max(1)
}

/// What the header's **Sync status** says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Sync was never started on this device (or was stopped).
    Off,
    /// `left`: changes still to send or receive, when known (0: not known).
    Syncing {
        left: usize,
    },
    Synced,
    /// `waiting`: local changes not yet sent.
    Offline {
        waiting: usize,
    },
    Error(Refusal),
}

impl Status {
    pub fn is_error(&self) -> bool {
        matches!(self, Status::Error(_))
    }
}

/// One line of the sync log as kept in the device's `local` store. New lines keep the
/// event as data (`{"event": …}`), so each is worded in the language the page is in when
/// shown; lines written before Bakkal spoke Turkish are plain English strings and stay as
/// they were written (there is no telling their values back from the words).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LogLine {
    Event { event: Event },
    Text(String),
}

/// The kept log (JSON), line by line: a line this version cannot read (written by a newer
/// one) is left out rather than losing the others.
pub fn read_log(text: &str) -> Vec<(chrono::DateTime<chrono::Utc>, LogLine)> {
    let Ok(lines) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return Vec::new();
    };
    lines
        .into_iter()
        .filter_map(|l| serde_json::from_value(l).ok())
        .take(LOG_LINES)
        .collect()
}

/// One line of the sync log. Kept on the device as data (JSON), so a line reads in the
/// language the page is in when it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    Started,
    /// Documents pulled and stored.
    Pulled(usize),
    /// Documents the server took.
    Pushed(usize),
    /// Records that have conflicting versions after a pull.
    Conflicts(usize),
    Skipped {
        id: String,
        why: Skip,
    },
    Error(Refusal),
    Stopped,
}

/// The most log lines kept.
pub const LOG_LINES: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_kept_by_the_previous_version_still_reads() {
        // Written by 272e31e: `[time, sentence]` pairs; then a line of this version and
        // one of a newer version this one cannot read.
        let old = r#"[["2026-12-01T10:00:00Z","Pulled 3 documents."],["2026-12-01T09:00:00Z","Sync error: wrong user name or password."]]"#;
        let lines = read_log(old);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].1, LogLine::Text("Pulled 3 documents.".into()));
        let line = (
            lines[0].0,
            LogLine::Event {
                event: Event::Pulled(3),
            },
        );
        let now = serde_json::to_string(&line).unwrap_or_default();
        let mixed = format!(
            r#"[{now}, ["2026-12-01T08:00:00Z", {{"future": 1}}], ["2026-12-01T07:00:00Z","Pushed 1 document."]]"#
        );
        let read = read_log(&mixed);
        assert_eq!(
            read.len(),
            2,
            "the unreadable line is left out, not the others"
        );
        assert_eq!(
            read[0].1,
            LogLine::Event {
                event: Event::Pulled(3)
            }
        );
        assert_eq!(read[1].1, LogLine::Text("Pushed 1 document.".into()));
        assert!(read_log("not json").is_empty());
    }
    use serde_json::json;

    #[test]
    fn addresses_are_split_for_fetch() {
        type Case<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            (
                "https://couch.example.org/bakkal",
                "https://couch.example.org/bakkal",
                "https://couch.example.org/",
                None,
                None,
            ),
            (
                "  https://couch.example.org/bakkal/ ",
                "https://couch.example.org/bakkal",
                "https://couch.example.org/",
                None,
                None,
            ),
            (
                "HTTPS://Couch.Example.org:6984/db",
                "https://couch.example.org:6984/db",
                "https://couch.example.org:6984/",
                None,
                None,
            ),
            (
                "https://x.org/couch/bakkal",
                "https://x.org/couch/bakkal",
                "https://x.org/couch/",
                None,
                None,
            ),
            (
                "http://127.0.0.1:5984/bakkal",
                "http://127.0.0.1:5984/bakkal",
                "http://127.0.0.1:5984/",
                None,
                None,
            ),
            (
                "http://ayşe:p%40ss:w@localhost:5984/b",
                "http://localhost:5984/b",
                "http://localhost:5984/",
                Some("ayşe"),
                Some("p@ss:w"),
            ),
            (
                "https://me:a@b@couch.example.org/db",
                "https://couch.example.org/db",
                "https://couch.example.org/",
                Some("me"),
                Some("a@b"),
            ),
            (
                "https://me@couch.example.org/db?x=1#y",
                "https://couch.example.org/db",
                "https://couch.example.org/",
                Some("me"),
                None,
            ),
            (
                "https://[::1]:5984/db",
                "https://[::1]:5984/db",
                "https://[::1]:5984/",
                None,
                None,
            ),
        ];
        for (input, db, root, user, pass) in cases {
            let a = parse_address(input).unwrap_or_else(|e| panic!("{input}: {e:?}"));
            assert_eq!(a.db_url, *db, "{input}");
            assert_eq!(a.root_url, *root, "{input}");
            assert_eq!(a.user.as_deref(), *user, "{input}");
            assert_eq!(a.password.as_deref(), *pass, "{input}");
        }
    }

    #[test]
    fn basic_auth_encodes_utf8() {
        assert_eq!(basic_auth("admin", "pass"), "Basic YWRtaW46cGFzcw==");
        assert_eq!(basic_auth("ayşe", "ş"), "Basic YXnFn2U6xZ8=");
    }

    #[test]
    fn unusable_addresses_say_why() {
        let cases = [
            ("", AddressError::Empty),
            ("couch.example.org/bakkal", AddressError::Scheme),
            ("ftp://couch.example.org/bakkal", AddressError::Scheme),
            (
                "http://couch.example.org/bakkal",
                AddressError::InsecureRemote,
            ),
            (
                "http://192.168.1.5:5984/bakkal",
                AddressError::InsecureRemote,
            ),
            ("https://couch.example.org", AddressError::NoDatabase),
            ("https://couch.example.org/", AddressError::NoDatabase),
            ("https:///bakkal", AddressError::NoHost),
            ("https://u:p@/bakkal", AddressError::NoHost),
        ];
        for (input, want) in cases {
            assert_eq!(parse_address(input), Err(want), "{input}");
        }
    }

    #[test]
    fn a_database_is_judged_by_its_info_not_the_welcome() {
        let db = json!({"db_name": "bakkal", "update_seq": 0, "doc_count": 0});
        assert_eq!(judge_database(200, Some(&db)), Ok(()));
        assert_eq!(
            judge_database(200, Some(&json!({"couchdb": "Welcome"}))),
            Err(Refusal::NotCouch)
        );
        assert_eq!(judge_database(200, None), Err(Refusal::NotCouch));
        // Both fields: a web app's JSON that happens to have one of them is not a database.
        assert_eq!(
            judge_database(200, Some(&json!({"db_name": "x"}))),
            Err(Refusal::NotCouch)
        );
        assert_eq!(
            judge_database(200, Some(&json!({"update_seq": 1}))),
            Err(Refusal::NotCouch)
        );
        let missing = json!({"error": "not_found", "reason": "Database does not exist."});
        assert_eq!(
            judge_database(404, Some(&missing)),
            Err(Refusal::NoDatabase)
        );
        assert_eq!(judge_database(404, None), Err(Refusal::NotCouch));
        assert_eq!(
            judge_database(401, Some(&json!({"error": "unauthorized"}))),
            Err(Refusal::Unauthorized)
        );
        assert_eq!(judge_database(403, None), Err(Refusal::Forbidden));
        assert_eq!(
            judge_database(503, None),
            Err(Refusal::Server { status: 503 })
        );
    }

    #[test]
    fn only_network_and_server_errors_are_retried() {
        assert!(Refusal::Unreachable.retryable());
        assert!(Refusal::Server { status: 500 }.retryable());
        for r in [
            Refusal::Unauthorized,
            Refusal::Forbidden,
            Refusal::NoDatabase,
            Refusal::NotCouch,
            Refusal::WrongPassphrase,
            Refusal::Cors { origin: "o".into() },
            Refusal::Address(AddressError::Scheme),
        ] {
            assert!(!r.retryable(), "{r:?}");
        }
        assert_eq!(Refusal::of_status(204), None);
        // The database went away during sync (deleted on the server).
        assert_eq!(Refusal::of_status(404), Some(Refusal::NoDatabase));
        assert_eq!(Refusal::of_status(401), Some(Refusal::Unauthorized));
        assert_eq!(Refusal::of_status(403), Some(Refusal::Forbidden));
        assert_eq!(
            Refusal::of_status(409),
            Some(Refusal::Server { status: 409 })
        );
    }

    #[test]
    fn backoff_doubles_to_five_minutes_with_jitter() {
        assert_eq!(backoff_ms(0, 0.0), 500);
        assert_eq!(backoff_ms(0, 0.999_999), 999);
        assert_eq!(backoff_ms(1, 0.0), 1000);
        assert_eq!(backoff_ms(3, 0.5), 6000);
        assert_eq!(backoff_ms(8, 0.0), 128_000);
        assert_eq!(backoff_ms(9, 1.0), 300_000);
        assert_eq!(backoff_ms(40, 0.0), 150_000);
        assert_eq!(backoff_ms(2, 7.0), 4000);
    }

    #[test]
    fn a_413_halves_the_batch_down_to_one() {
        assert_eq!(halve(100), 50);
        assert_eq!(halve(3), 1);
        assert_eq!(halve(1), 1);
    }

    #[test]
    fn only_an_error_status_is_an_error() {
        assert!(Status::Error(Refusal::Unauthorized).is_error());
        for s in [
            Status::Off,
            Status::Synced,
            Status::Syncing { left: 12 },
            Status::Offline { waiting: 3 },
        ] {
            assert!(!s.is_error(), "{s:?}");
        }
    }

    /// The log is kept on the device as JSON and tabs send each other the status: both
    /// read back to the same values, values inside included.
    #[test]
    fn log_events_and_statuses_round_trip_as_json() {
        let events = [
            Event::Started,
            Event::Pulled(1),
            Event::Pushed(2),
            Event::Conflicts(3),
            Event::Skipped {
                id: "contact:a".into(),
                why: Skip::Rejected {
                    error: "forbidden".into(),
                    reason: "only admins".into(),
                },
            },
            Event::Skipped {
                id: "contact:b".into(),
                why: Skip::Invalid {
                    kind: super::super::doc::DocKind::FollowUp,
                    detail: "missing field `due`".into(),
                },
            },
            Event::Error(Refusal::Cors {
                origin: "https://bakkal.example".into(),
            }),
            Event::Error(Refusal::Address(AddressError::InsecureRemote)),
            Event::Error(Refusal::Server { status: 503 }),
            Event::Stopped,
        ];
        for e in events {
            let text = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), e, "{text}");
        }
        for s in [
            Status::Syncing { left: 7 },
            Status::Offline { waiting: 1 },
            Status::Error(Refusal::Book("quota".into())),
        ] {
            let text = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<Status>(&text).unwrap(), s, "{text}");
        }
    }
}
