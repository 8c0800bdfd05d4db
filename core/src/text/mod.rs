//! Turkish-aware text handling: folding for search, collation for sorting.

pub mod collate;
pub mod fold;

pub use collate::{collation_key, CollationKey};
pub use fold::{fold, fold_into};
