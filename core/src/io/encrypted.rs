//! The encrypted backup envelope. The cryptography itself is the browser's WebCrypto
//! (PBKDF2 → AES-GCM, in `src/crypto.rs`); this is only its recognisable, versioned
//! wrapper, carrying what is needed to decrypt (never the key).

use super::backup::{BackupError, ENCRYPTED_FORMAT};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// PBKDF2-SHA-256 iterations for new files (OWASP's 2023 advice for SHA-256).
pub const ITERATIONS: u32 = 600_000;
/// Iteration counts a file may ask for: fewer is too weak to trust, more would hang the
/// page for minutes (a hostile file could ask for billions).
pub const MIN_ITERATIONS: u32 = 100_000;
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Salt and IV lengths this app writes and accepts (AES-GCM's IV is 96 bits).
pub const SALT_LEN: usize = 16;
pub const IV_LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encrypted {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub iv: Vec<u8>,
    pub data: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Kdf {
    name: String,
    hash: String,
    iterations: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Cipher {
    name: String,
    iv: String,
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    kdf: Kdf,
    cipher: Cipher,
    data: String,
}

pub fn to_json(e: &Encrypted) -> String {
    let env = Envelope {
        format: ENCRYPTED_FORMAT.into(),
        version: 1,
        kdf: Kdf {
            name: "PBKDF2".into(),
            hash: "SHA-256".into(),
            iterations: e.iterations,
            salt: B64.encode(&e.salt),
        },
        cipher: Cipher {
            name: "AES-GCM".into(),
            iv: B64.encode(&e.iv),
        },
        data: B64.encode(&e.data),
    };
    serde_json::to_string(&env).unwrap_or_default()
}

pub fn parse(text: &str) -> Result<Encrypted, BackupError> {
    let bad = |detail: &str| BackupError::Header {
        field: "kdf/cipher/data",
        detail: detail.into(),
    };
    let env: Envelope = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| bad(&e.to_string()))?;
    if env.format != ENCRYPTED_FORMAT {
        return Err(BackupError::NotBakkal);
    }
    if env.version > 1 {
        return Err(BackupError::NewerVersion {
            found: env.version,
            supported: 1,
        });
    }
    if env.kdf.name != "PBKDF2" || env.kdf.hash != "SHA-256" || env.cipher.name != "AES-GCM" {
        return Err(bad("unsupported algorithm"));
    }
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&env.kdf.iterations) {
        return Err(BackupError::Header {
            field: "kdf.iterations",
            detail: format!(
                "{} is outside {MIN_ITERATIONS}–{MAX_ITERATIONS}",
                env.kdf.iterations
            ),
        });
    }
    let decode = |s: &str| B64.decode(s).map_err(|_| bad("not base64"));
    let (salt, iv) = (decode(&env.kdf.salt)?, decode(&env.cipher.iv)?);
    if salt.len() != SALT_LEN {
        return Err(BackupError::Header {
            field: "kdf.salt",
            detail: format!("{} bytes instead of {SALT_LEN}", salt.len()),
        });
    }
    if iv.len() != IV_LEN {
        return Err(BackupError::Header {
            field: "cipher.iv",
            detail: format!("{} bytes instead of {IV_LEN}", iv.len()),
        });
    }
    Ok(Encrypted {
        iterations: env.kdf.iterations,
        salt,
        iv,
        data: decode(&env.data)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_recognisable() {
        let e = Encrypted {
            iterations: ITERATIONS,
            salt: vec![1; 16],
            iv: vec![2; 12],
            data: vec![0, 255, 7],
        };
        let json = to_json(&e);
        assert!(json.starts_with("{\"format\":\"bakkal-backup-encrypted\",\"version\":1,"));
        assert_eq!(parse(&json).unwrap(), e);
        assert_eq!(
            super::super::backup::parse(&json),
            Err(BackupError::Encrypted)
        );
        assert!(parse("{\"format\":\"bakkal-backup-encrypted\"}").is_err());
    }

    #[test]
    fn hostile_parameters_are_refused_before_any_work() {
        let ok = Encrypted {
            iterations: ITERATIONS,
            salt: vec![1; SALT_LEN],
            iv: vec![2; IV_LEN],
            data: vec![3],
        };
        for (iterations, salt, iv, field) in [
            (4_000_000_000, SALT_LEN, IV_LEN, "kdf.iterations"),
            (99_999, SALT_LEN, IV_LEN, "kdf.iterations"),
            (ITERATIONS, 3, IV_LEN, "kdf.salt"),
            (ITERATIONS, SALT_LEN, 16, "cipher.iv"),
        ] {
            let e = Encrypted {
                iterations,
                salt: vec![1; salt],
                iv: vec![2; iv],
                ..ok.clone()
            };
            match parse(&to_json(&e)) {
                Err(BackupError::Header { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
        for n in [MIN_ITERATIONS, MAX_ITERATIONS] {
            let e = Encrypted {
                iterations: n,
                ..ok.clone()
            };
            assert!(parse(&to_json(&e)).is_ok());
        }
    }
}
