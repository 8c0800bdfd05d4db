//! Thin wrappers over browser APIs the app needs besides IndexedDB: the clock, randomness,
//! the URL fragment, persistent storage and the storage estimate. Each returns plain data
//! or an error value; none panics when the browser refuses.

use bakkal_core::ContactId;
use chrono::{DateTime, TimeZone, Utc};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The texts of this module's errors and notices, in the current language.
fn messages() -> &'static crate::i18n::messages::Messages {
    crate::i18n::t().messages()
}

/// The current time, in UTC.
pub fn now() -> DateTime<Utc> {
    let ms = js_sys::Date::now() as i64;
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

/// A fresh random contact id (crypto-quality randomness when the browser has it).
pub fn random_id() -> ContactId {
    ContactId::from_random_bytes(random_bytes())
}

/// The URL fragment, e.g. `#/contacts?q=ayse`.
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to `hash`, adding a history entry (Back returns here).
pub fn push_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Changes the fragment without a history entry (used while typing a search).
pub fn replace_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(hash));
        }
    }
}

/// Records a named moment for the benchmark (`performance.mark`).
pub fn mark(name: &str) {
    if let Some(p) = global::<web_sys::Performance>("performance") {
        let _ = p.mark(name);
    }
}

/// A property of the global object, page or worker alike (`crypto`, `indexedDB`,
/// `performance`): the store and the crypto code run in the backup worker too.
pub fn global<T: wasm_bindgen::JsCast>(name: &str) -> Option<T> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .and_then(|v| wasm_bindgen::JsCast::dyn_into::<T>(v).ok())
}

fn storage() -> Option<web_sys::StorageManager> {
    web_sys::window().map(|w| w.navigator().storage())
}

/// Whether the browser promised not to evict our data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    Granted,
    NotGranted,
    Unsupported,
}

async fn bool_promise(p: Result<js_sys::Promise, JsValue>) -> Persistence {
    match p {
        Ok(p) => match JsFuture::from(p).await {
            Ok(v) if v.as_bool() == Some(true) => Persistence::Granted,
            Ok(_) => Persistence::NotGranted,
            Err(_) => Persistence::Unsupported,
        },
        Err(_) => Persistence::Unsupported,
    }
}

/// Where the answer to the last request for persistent storage is kept on this device.
const PERSIST_ANSWER: &str = "bakkal.persist-answer";

/// Asks for persistent storage (`navigator.storage.persist()`) and remembers a refusal
/// (Settings and Today's notices go by it).
pub async fn request_persistence() -> Persistence {
    let answer = match storage() {
        Some(s) => bool_promise(s.persist()).await,
        None => Persistence::Unsupported,
    };
    match answer {
        Persistence::Granted => set_device_text(PERSIST_ANSWER, "granted"),
        // Chromium answers by its own engagement heuristic, without asking anyone, and
        // erases nothing after a week: its "no" is not a refusal the user can act on
        // (the backup reminder still counts the days there).
        Persistence::NotGranted if !is_chromium() => set_device_text(PERSIST_ANSWER, "refused"),
        Persistence::NotGranted | Persistence::Unsupported => {}
    }
    answer
}

/// Whether the last request for persistent storage was refused.
pub fn persistence_refused() -> bool {
    device_text(PERSIST_ANSWER).as_deref() == Some("refused")
}

/// Running as an installed app: `display-mode: standalone` (installed PWAs), or iOS
/// Safari's `navigator.standalone` (added to the Home Screen).
pub fn is_installed() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let standalone = w
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    standalone
        || Reflect::get(&w.navigator(), &JsValue::from_str("standalone"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
}

/// A WebKit engine (Safari, and every browser on an iPhone or iPad), told by features
/// rather than the user-agent string: Apple's `navigator.vendor` and WebKit's
/// `GestureEvent`, without Chromium's `window.chrome`.
pub fn is_webkit() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let has = |name: &str| Reflect::has(&w, &JsValue::from_str(name)).unwrap_or(false);
    let vendor = Reflect::get(&w.navigator(), &JsValue::from_str("vendor"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    !is_chromium() && (vendor.starts_with("Apple") || has("GestureEvent"))
}

/// Chromium (Chrome, Edge, Opera…), by its `window.chrome` object.
fn is_chromium() -> bool {
    web_sys::window()
        .is_some_and(|w| Reflect::has(&w, &JsValue::from_str("chrome")).unwrap_or(false))
}

/// Whether persistent storage is already granted (`navigator.storage.persisted()`).
pub async fn persistence() -> Persistence {
    match storage() {
        Some(s) => bool_promise(s.persisted()).await,
        None => Persistence::Unsupported,
    }
}

/// Bytes used and available to this site, if the browser says.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let p = storage()?.estimate().ok()?;
    let est = JsFuture::from(p).await.ok()?;
    let get = |k: &str| Reflect::get(&est, &JsValue::from_str(k)).ok()?.as_f64();
    Some((get("usage")?, get("quota")?))
}

/// The user's current offset from UTC.
pub fn tz() -> bakkal_core::analysis::Tz {
    bakkal_core::analysis::Tz(-(js_sys::Date::new_0().get_timezone_offset() as i32))
}

/// A fresh random id of any kind.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = global::<web_sys::Crypto>("crypto")
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// Offers `contents` as a file download named `filename`.
pub fn download(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    download_blob(filename, &blob_of(mime, contents)?)
}

/// A file's contents as a Blob (on the page or in a worker, which hands it over uncopied).
pub fn blob_of(mime: &str, contents: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| messages().file_not_created.to_string())
}

/// Offers a Blob as a download named `filename`.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let url = web_sys::Url::create_object_url_with_blob(blob)
        .map_err(|_| messages().link_not_created.to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(messages().no_document)?;
    let a = document
        .create_element("a")
        .map_err(|_| messages().no_link_element)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| messages().no_link_element)?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A time kept in this browser only (not in the book, not in backups).
pub fn device_time(key: &str) -> Option<DateTime<Utc>> {
    let v = local_storage()?.get_item(key).ok().flatten()?;
    DateTime::parse_from_rfc3339(&v)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Remembers a time in this browser; silently does nothing where storage is blocked.
pub fn set_device_time(key: &str, t: DateTime<Utc>) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, &t.to_rfc3339());
    }
}

/// A value kept in this browser only (not in the book, not in backups).
pub fn device_text(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Remembers a value in this browser; silently does nothing where storage is blocked.
pub fn set_device_text(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(key, value);
    }
}

/// The browser's preferred languages, most preferred first (`navigator.languages`, or
/// `navigator.language` where the list is missing).
pub fn preferred_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

/// `<html lang>`: the browser's own language rules (casing, hyphenation, spell check)
/// follow the app's language.
pub fn set_document_lang(code: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", code);
    }
}

/// Reads a chosen file as text.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| messages().file_not_read.to_string())?;
    text.as_string()
        .ok_or_else(|| messages().file_not_text.to_string())
}

/// Reads a chosen file's bytes (for formats whose encoding is found from the bytes).
pub async fn read_file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| messages().file_not_read.to_string())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// The file chosen in a file input (from its change event), clearing the input so that
/// choosing the same file again fires again.
pub fn take_chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(file)
}

/// Random bytes for cryptography: only from `crypto.getRandomValues`, never a fallback.
pub fn secure_random(n: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; n];
    global::<web_sys::Crypto>("crypto")
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .ok_or_else(|| messages().no_secure_random.to_string())?;
    Ok(bytes)
}

/// After a bug stopped the app: a notice over the page (plain DOM, text nodes only) that
/// says the data is safe and offers a reload straight into the Backup page.
pub fn show_crash_notice() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    if doc.get_element_by_id("crash").is_some() {
        return;
    }
    let build = || -> Result<(), JsValue> {
        let box_ = doc.create_element("div")?;
        box_.set_id("crash");
        box_.set_attribute("role", "alert")?;
        let p = doc.create_element("p")?;
        p.set_text_content(Some(messages().crash_text));
        let a = doc.create_element("a")?;
        // A new query string makes the browser load the page again, on the Backup page.
        a.set_attribute("href", "?recovered#/backup")?;
        a.set_text_content(Some(messages().crash_reload));
        box_.append_child(&p)?;
        box_.append_child(&a)?;
        body.append_child(&box_)?;
        Ok(())
    };
    let _ = build();
}

/// The tabs' channel: each write announces what it changed; the other tabs of this
/// browser re-read those records. Messages are JSON text (see `state::Changed`).
pub struct Tabs {
    channel: web_sys::BroadcastChannel,
}

impl Tabs {
    /// Joins the channel; `on_message` gets each message another tab posts.
    pub fn join(on_message: impl Fn(String) + 'static) -> Option<Tabs> {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let channel = web_sys::BroadcastChannel::new("bakkal-book").ok()?;
        let handler =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(text) = ev.data().as_string() {
                    on_message(text);
                }
            });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // One handler for the page's life.
        handler.forget();
        Some(Tabs { channel })
    }

    pub fn announce(&self, message: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(message));
    }
}
