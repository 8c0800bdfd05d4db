//! WebCrypto for encrypted backups and sync: a key from the passphrase with PBKDF2 (SHA-256, random
//! salt), then AES-GCM (random IV). No cryptography of our own.

use crate::browser::secure_random;
use bakkal_core::io::encrypted::{Encrypted, ITERATIONS, IV_LEN, SALT_LEN};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// What went wrong with encryption. What it tells the user is in `i18n/messages.rs`
/// (`crypto_error`), in the language of the moment it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// No WebCrypto here (it needs a secure origin).
    Unavailable,
    /// A wrong passphrase, or a damaged file (AES-GCM cannot tell them apart).
    WrongPassphrase,
    /// The browser refused (its message).
    Failed(String),
}

impl CryptoError {
    /// What this error tells the user, in the current language.
    pub fn text(&self) -> String {
        (crate::i18n::t().messages().crypto_error)(self)
    }
}

impl std::fmt::Display for CryptoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

impl std::error::Error for CryptoError {}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    crate::browser::global::<web_sys::Crypto>("crypto")
        .map(|c| c.subtle())
        .ok_or(CryptoError::Unavailable)
}

fn object(fields: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

async fn call(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(p?).await
}

/// The AES-GCM key of a passphrase (PBKDF2, SHA-256), not extractable.
pub async fn derive(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let fail = |e: JsValue| CryptoError::Failed(crate::store::DomError::from_js(e).message);
    let raw = Uint8Array::from(passphrase.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let base: CryptoKey = call(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages))
        .await
        .map_err(fail)?
        .unchecked_into();
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("iterations", iterations.into()),
        ("salt", Uint8Array::from(salt).into()),
    ]);
    let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    Ok(
        call(subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages))
            .await
            .map_err(fail)?
            .unchecked_into(),
    )
}

/// AES-GCM of `plain` with `key` and a fresh random IV: the IV followed by the ciphertext.
/// `aad` (additional data) is authenticated, not encrypted: sync binds a document's
/// ciphertext to its `_id`, so it cannot be moved to another document.
pub async fn seal(key: &CryptoKey, plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let iv = secure_random(IV_LEN).map_err(CryptoError::Failed)?;
    let params = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv.as_slice()).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ]);
    let data = call(subtle()?.encrypt_with_object_and_u8_array(&params, key, plain))
        .await
        .map_err(|e| CryptoError::Failed(crate::store::DomError::from_js(e).message))?;
    let mut out = iv;
    out.extend(Uint8Array::new(&data).to_vec());
    Ok(out)
}

/// Opens what [`seal`] made; a wrong key, other `aad` or a changed byte is refused.
pub async fn open(key: &CryptoKey, sealed: &[u8], aad: &[u8]) -> Result<String, CryptoError> {
    if sealed.len() < IV_LEN {
        return Err(CryptoError::WrongPassphrase);
    }
    let (iv, data) = sealed.split_at(IV_LEN);
    let params = object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
        ("additionalData", Uint8Array::from(aad).into()),
    ]);
    let plain = call(subtle()?.decrypt_with_object_and_u8_array(&params, key, data))
        .await
        .map_err(|_| CryptoError::WrongPassphrase)?;
    String::from_utf8(Uint8Array::new(&plain).to_vec()).map_err(|_| CryptoError::WrongPassphrase)
}

/// An encrypted backup: a fresh salt and key; AES-GCM with no additional data (the same as
/// an empty one).
pub async fn encrypt(plain: &str, passphrase: &str) -> Result<Encrypted, CryptoError> {
    let salt = secure_random(SALT_LEN).map_err(CryptoError::Failed)?;
    let key = derive(passphrase, &salt, ITERATIONS).await?;
    let mut data = seal(&key, plain.as_bytes(), &[]).await?;
    let rest = data.split_off(IV_LEN);
    Ok(Encrypted {
        iterations: ITERATIONS,
        salt,
        iv: data,
        data: rest,
    })
}

pub async fn decrypt(e: &Encrypted, passphrase: &str) -> Result<String, CryptoError> {
    let key = derive(passphrase, &e.salt, e.iterations).await?;
    let mut sealed = e.iv.clone();
    sealed.extend_from_slice(&e.data);
    // AES-GCM authenticates: a wrong key or a changed byte fails here.
    open(&key, &sealed, &[]).await
}
