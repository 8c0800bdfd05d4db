//! What the page and the backup worker say to each other (the contacts import uses it
//! too, to read its files). Each message is a JavaScript
//! object `{ msg, blob }`: `msg` the JSON of a [`Request`] or [`Reply`], `blob` the chosen
//! file or the exported one (a `File` or `Blob` crosses between them uncopied).

use crate::i18n::backup::Phase;
use bakkal_core::io::merge::{Counts, PerStore};
use bakkal_core::io::vcard::Card;
use chrono::NaiveDate;
use js_sys::{Object, Reflect};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Read the file sent beside this message, decrypt it with `passphrase` if it is
    /// encrypted, check every record and plan a Merge and a Replace against the book.
    /// `lang`: the language (code) the worker's messages are written in. `fail`: a
    /// failure the tests inject (`panic:check`: the worker stops during the check).
    Check {
        lang: String,
        passphrase: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fail: Option<String>,
    },
    /// Write the Merge (with `replace`, the Replace) that the last Check planned. `fail`:
    /// a failure the tests inject (the page's `globalThis.__bakkalFail`).
    Write { replace: bool, fail: Option<String> },
    /// Read the contacts file sent beside this message (vCard, or CSV rows for the
    /// column mapping).
    ReadContacts { lang: String },
    /// Export the whole book as a backup file (encrypted with `passphrase` if given, and
    /// then decrypted again and compared before it is offered).
    Export {
        lang: String,
        passphrase: Option<String>,
    },
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// Started. What the page sends before this is lost (the wasm module loads first).
    Ready,
    Progress {
        phase: Phase,
        percent: u32,
    },
    /// The file is encrypted: ask for the passphrase (and say why the last one failed).
    NeedPassphrase {
        wrong: Option<String>,
    },
    Preview(Preview),
    /// The file was refused, with the reason in the user's language. Nothing was written.
    Refused(String),
    /// The plan is in the book.
    Written {
        replace: bool,
        counts: Counts,
    },
    /// The write failed and was rolled back.
    WriteFailed(String),
    /// A vCard file's cards, each a contact or why not.
    Cards(Vec<Card>),
    /// A CSV file's rows, the header first.
    Rows(Vec<Vec<String>>),
    /// The backup file, beside this message as a Blob.
    Exported,
    /// The export failed (why, in the user's language).
    ExportFailed(String),
    /// A bug stopped the worker; its open write was aborted.
    Crashed(String),
}

/// What the preview shows of a checked file and its two plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub exported: NaiveDate,
    pub app_version: String,
    /// Records per store in the file.
    pub in_file: PerStore,
    /// What a Merge would do.
    pub merge: Counts,
    /// What a Replace would remove.
    pub removed: PerStore,
}

/// The message object for `m`, with `blob` (a `File` is one) beside it.
pub fn encode<M: Serialize>(m: &M, blob: Option<&web_sys::Blob>) -> JsValue {
    let o = Object::new();
    let json = serde_json::to_string(m).unwrap_or_default();
    let _ = Reflect::set(&o, &"msg".into(), &json.into());
    if let Some(b) = blob {
        let _ = Reflect::set(&o, &"blob".into(), b);
    }
    o.into()
}

/// The message in `data` and the blob beside it; `None` for anything else.
pub fn decode<M: DeserializeOwned>(data: &JsValue) -> Option<(M, Option<web_sys::Blob>)> {
    let json = Reflect::get(data, &"msg".into()).ok()?.as_string()?;
    let m = serde_json::from_str(&json).ok()?;
    let blob = Reflect::get(data, &"blob".into())
        .ok()
        .and_then(|b| b.dyn_into::<web_sys::Blob>().ok());
    Some((m, blob))
}
