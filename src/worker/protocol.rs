//! What the page and the backup worker say to each other. Each message is a JavaScript
//! object `{ msg, file }`: `msg` the JSON of a [`Request`] or [`Reply`], `file` the chosen
//! file (a `File` crosses to a worker as it is, without being read on the page).

use crate::i18n::backup::Phase;
use bakkal_core::io::merge::{Counts, PerStore};
use chrono::NaiveDate;
use js_sys::{Object, Reflect};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Read the file sent beside this message, decrypt it with `passphrase` if it is
    /// encrypted, check every record and plan a Merge and a Replace against the book.
    /// `lang`: the language (code) the worker's messages are written in.
    Check {
        lang: String,
        passphrase: Option<String>,
    },
    /// Write the Merge (with `replace`, the Replace) that the last Check planned. `fail`:
    /// a failure the tests inject (the page's `globalThis.__bakkalFail`).
    Write { replace: bool, fail: Option<String> },
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

/// The message object for `m`, with `file` beside it.
pub fn encode<M: Serialize>(m: &M, file: Option<&web_sys::File>) -> JsValue {
    let o = Object::new();
    let json = serde_json::to_string(m).unwrap_or_default();
    let _ = Reflect::set(&o, &"msg".into(), &json.into());
    if let Some(f) = file {
        let _ = Reflect::set(&o, &"file".into(), f);
    }
    o.into()
}

/// The message in `data` and the file beside it; `None` for anything else.
pub fn decode<M: DeserializeOwned>(data: &JsValue) -> Option<(M, Option<web_sys::File>)> {
    let json = Reflect::get(data, &"msg".into()).ok()?.as_string()?;
    let m = serde_json::from_str(&json).ok()?;
    let file = Reflect::get(data, &"file".into())
        .ok()
        .and_then(|f| f.dyn_into::<web_sys::File>().ok());
    Some((m, file))
}
