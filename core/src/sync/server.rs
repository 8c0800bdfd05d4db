//! The user's server: its address as typed, how its answers are judged, and what the user
//! is told. Pure: the shell does the requests and passes the answers in.

use percent_encoding::percent_decode_str;
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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("Type the database's address, for example https://couch.example.org/bakkal.")]
    Empty,
    #[error("The address must start with https:// (or http:// for a server on this computer: localhost or 127.0.0.1).")]
    Scheme,
    #[error("Plain http:// is allowed only for a server on this computer (localhost or 127.0.0.1); use https:// so the book is not sent readable over the network.")]
    InsecureRemote,
    #[error("The address must end with the database's name, for example https://couch.example.org/bakkal.")]
    NoDatabase,
    #[error("The address has no server name.")]
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

/// Why sync refused to start or stopped, in words the Sync section shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("The server refused this page's origin ({origin}): its CORS settings do not allow it. Add to CouchDB's configuration: [chttpd] enable_cors = true; [cors] origins = {origin}, credentials = true, methods = GET, PUT, POST, HEAD, DELETE, headers = accept, authorization, content-type, origin, referer. docs/sync.md lists the same lines.")]
    Cors { origin: String },
    #[error(
        "The server did not accept this user name and password. Check them and start sync again."
    )]
    Unauthorized,
    #[error("This user has no access to this database. Add the user to the database's members (its _security document) or use another database.")]
    Forbidden,
    #[error("There is no database at this address. Create it, or check its name.")]
    NoDatabase,
    #[error("This address does not answer like a CouchDB server (asked for the database, it did not reply with a database's information). Check the address: it must be the database itself, for example https://couch.example.org/bakkal.")]
    NotCouch,
    #[error("The server cannot be reached. Check the address and this device's connection.")]
    Unreachable,
    #[error("The server answered with an error ({status}). Sync will try again.")]
    Server { status: u16 },
    #[error("This browser could not store what sync brought ({0}). Sync will try again; nothing was lost.")]
    Book(String),
    #[error("This passphrase does not open this database.")]
    WrongPassphrase,
    #[error("This database already holds documents that are not encrypted. To encrypt on the server, use a new, empty database.")]
    PlainDatabase,
    #[error("This database is encrypted on the server. Tick “Encrypt on the server” and type its sync passphrase.")]
    EncryptedDatabase,
    #[error("Type the sync passphrase (at least 8 characters) to encrypt on the server.")]
    NoPassphrase,
    #[error("Sync is paused: this device does not remember the password or sync passphrase. Type it and press Start sync.")]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Sync was never started on this device (or was stopped).
    Off,
    Syncing {
        left: usize,
    },
    Synced,
    Offline {
        waiting: usize,
    },
    Error(Refusal),
}

impl Status {
    pub fn text(&self) -> String {
        match self {
            Status::Off => "Sync off".into(),
            Status::Syncing { left: 0 } => "Syncing".into(),
            Status::Syncing { left } => format!("Syncing, {left} changes left"),
            Status::Synced => "Synced".into(),
            Status::Offline { waiting: 0 } => "Offline".into(),
            Status::Offline { waiting: 1 } => "Offline, 1 change waiting".into(),
            Status::Offline { waiting } => format!("Offline, {waiting} changes waiting"),
            Status::Error(_) => "Sync error".into(),
        }
    }
}

/// One line of the sync log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Started,
    Pulled(usize),
    Pushed(usize),
    Conflicts(usize),
    Skipped { id: String, why: String },
    Error(String),
    Stopped,
}

impl Event {
    pub fn text(&self) -> String {
        fn docs(n: usize) -> String {
            if n == 1 {
                "1 document".into()
            } else {
                format!("{n} documents")
            }
        }
        match self {
            Event::Started => "Sync started".into(),
            Event::Pulled(n) => format!("Pulled {}", docs(*n)),
            Event::Pushed(n) => format!("Pushed {}", docs(*n)),
            Event::Conflicts(n) => format!("Conflicts found in {}", docs(*n)),
            Event::Skipped { id, why } => format!("Skipped {id}: {why}"),
            Event::Error(e) => format!("Error: {e}"),
            Event::Stopped => "Sync stopped".into(),
        }
    }
}

/// The most log lines kept.
pub const LOG_LINES: usize = 100;

#[cfg(test)]
mod tests {
    use super::*;
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
            let a = parse_address(input).unwrap_or_else(|e| panic!("{input}: {e}"));
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
    fn status_lines_start_with_the_words_the_header_promises() {
        assert_eq!(Status::Synced.text(), "Synced");
        assert!(Status::Syncing { left: 12 }.text().starts_with("Syncing"));
        assert!(Status::Syncing { left: 12 }.text().contains("12"));
        assert_eq!(
            Status::Offline { waiting: 1 }.text(),
            "Offline, 1 change waiting"
        );
        assert!(Status::Offline { waiting: 3 }.text().contains("3 changes"));
        assert_eq!(Status::Error(Refusal::Unauthorized).text(), "Sync error");
        assert_eq!(Event::Pulled(1).text(), "Pulled 1 document");
        assert_eq!(Event::Pushed(2).text(), "Pushed 2 documents");
    }
}
