//! Bakkal's domain: everything that can be decided without a browser.
//!
//! This crate has no Leptos, web-sys, js-sys or IndexedDB in its dependencies, so the
//! compiler keeps it pure: it never touches the outside world and is tested natively.
//! Time comes in as a parameter (`now`), randomness as a seed.

pub mod analysis;
pub mod book;
pub mod everything;
pub mod io;
pub mod lang;
pub mod model;
pub mod money;
pub mod route;
pub mod sample;
pub mod search;
pub mod segment;
pub mod sort;
pub mod sync;
pub mod text;

/// A map keyed by record id. Ids are UUIDs (random bits), which `rustc-hash`'s fast,
/// non-cryptographic hash (already in the bundle through Leptos) spreads as well as std's
/// SipHash, at a fraction of its cost: Insights and Today look up every contact several
/// times. (In wasm std's hash has fixed keys too, so neither resists crafted ids more.)
pub type IdMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

pub use lang::Lang;
pub use model::contact::{
    Address, Contact, ContactId, CustomField, Kind, Labeled, Organisation, Stage,
};
pub use model::draft::{ContactDraft, Field, FieldError};
pub use model::interaction::{
    Channel, Direction, FollowUp, FollowUpId, Interaction, InteractionId, InteractionKind, Status,
};
pub use money::Money;
