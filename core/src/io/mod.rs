//! Import and export formats. Pure: bytes or text in, domain records or text out.

pub mod backup;
pub mod checks;
pub mod contacts_import;
pub mod csv_export;
pub mod encrypted;
pub mod merge;
pub mod vcard;
