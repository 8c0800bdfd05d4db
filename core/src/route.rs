//! The app's places, carried in the URL fragment (`#/contacts/…?q=…`). A fragment survives
//! a reload on any static host and in any sub-folder, with no server rewrite rules.

use crate::ContactId;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters left as they are in a query value; everything else is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The contact list, filtered by the search text `q`.
    Contacts {
        q: String,
    },
    NewContact,
    Contact(ContactId),
    EditContact(ContactId),
    Settings,
    /// Fills the book with `n` generated contacts: used by the benchmark only.
    Generate {
        n: usize,
    },
    NotFound(String),
}

impl Default for Route {
    fn default() -> Self {
        Route::Contacts { q: String::new() }
    }
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| {
            let v = v.replace('+', " ");
            percent_decode_str(&v).decode_utf8_lossy().into_owned()
        })
    })
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] | ["contacts"] => Route::Contacts {
                q: query_param(query, "q").unwrap_or_default(),
            },
            ["contacts", "new"] => Route::NewContact,
            ["contacts", id] => match id.parse() {
                Ok(id) => Route::Contact(id),
                Err(_) => Route::NotFound(hash.to_string()),
            },
            ["contacts", id, "edit"] => match id.parse() {
                Ok(id) => Route::EditContact(id),
                Err(_) => Route::NotFound(hash.to_string()),
            },
            ["settings"] => Route::Settings,
            ["dev", "generate"] => Route::Generate {
                n: query_param(query, "n")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1000),
            },
            _ => Route::NotFound(hash.to_string()),
        }
    }

    /// The fragment for this route, with the leading `#`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Contacts { q } if q.is_empty() => "#/contacts".into(),
            Route::Contacts { q } => {
                format!("#/contacts?q={}", utf8_percent_encode(q, QUERY_VALUE))
            }
            Route::NewContact => "#/contacts/new".into(),
            Route::Contact(id) => format!("#/contacts/{id}"),
            Route::EditContact(id) => format!("#/contacts/{id}/edit"),
            Route::Settings => "#/settings".into(),
            Route::Generate { n } => format!("#/dev/generate?n={n}"),
            Route::NotFound(h) => format!("#{h}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn round_trips() {
        let id = crate::ContactId::from_random_bytes([9; 16]);
        for r in [
            Route::Contacts { q: String::new() },
            Route::Contacts {
                q: "Şule & İstanbul #1 ?x=y".into(),
            },
            Route::NewContact,
            Route::Contact(id),
            Route::EditContact(id),
            Route::Settings,
            Route::Generate { n: 50_000 },
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r, "{}", r.to_hash());
        }
    }

    #[test]
    fn parses_what_people_type_and_rejects_junk() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#/"), Route::default());
        assert_eq!(
            Route::parse("#/contacts?q=ay%C5%9Fe+k"),
            Route::Contacts {
                q: "ayşe k".into()
            }
        );
        assert_eq!(
            Route::parse("#/contacts/not-a-uuid"),
            Route::NotFound("/contacts/not-a-uuid".into())
        );
        assert_eq!(
            Route::parse("#/nowhere"),
            Route::NotFound("/nowhere".into())
        );
        assert_eq!(
            Route::parse("#/contacts?q=%FF"),
            Route::Contacts {
                q: "\u{fffd}".into()
            }
        );
    }
}
