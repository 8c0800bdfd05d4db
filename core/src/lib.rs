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

pub use lang::Lang;
pub use model::contact::{
    Address, Contact, ContactId, CustomField, Kind, Labeled, Organisation, Stage,
};
pub use model::draft::{ContactDraft, Field, FieldError};
pub use model::interaction::{
    Channel, Direction, FollowUp, FollowUpId, Interaction, InteractionId, InteractionKind, Status,
};
pub use money::Money;
