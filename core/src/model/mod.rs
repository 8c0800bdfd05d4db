//! Domain records. Their serde form is the stored and exported form (schema version 1):
//! renaming or retyping a field is a schema change and needs a migration and its test.

pub mod contact;
pub mod draft;
pub mod interaction;
pub mod interaction_draft;
