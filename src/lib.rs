//! Bakkal's browser shell: the Leptos UI, the IndexedDB store and thin browser wrappers
//! around the pure domain in `bakkal_core`. See ARCHITECTURE.md for the map.

pub mod browser;
mod bulk;
mod combine;
pub mod crypto;
mod deals;
mod everything;
pub mod i18n;
pub mod keeping;
pub mod later;
pub mod offline;
pub mod state;
pub mod store;
pub mod sync;
pub mod ui;
pub mod worker;
