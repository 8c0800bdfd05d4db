//! Domain records. Their serde form is the stored and exported form (schema version 1; revisions since backup format 2):
//! renaming or retyping a field is a schema change and needs a migration and its test.

/// Deletion by tombstone, the same for every record kind: the data stays (for Undo and so
/// that merging backups can tell a deletion from a record never seen), the deletion time is
/// recorded, and both count as edits (`updated_at`).
macro_rules! tombstones {
    ($($t:ty),+) => {$(
        impl $t {
            /// Marks the record deleted at `now`.
            pub fn tombstone(&mut self, now: chrono::DateTime<chrono::Utc>) {
                self.deleted_at = Some(now);
                self.updated_at = now;
            }

            /// Undoes a deletion; the restore is itself an edit, newer than the deletion.
            pub fn restore(&mut self, now: chrono::DateTime<chrono::Utc>) {
                self.deleted_at = None;
                self.updated_at = now;
            }
        }
    )+};
}

tombstones!(
    contact::Contact,
    interaction::Interaction,
    interaction::FollowUp,
    deal::Deal
);

crate::revised!(contact::Contact, |c| c.id.to_string(), deleted: |c| c.deleted_at.is_some());
crate::revised!(interaction::Interaction, |i| i.id.to_string(), deleted: |i| i.deleted_at.is_some());
crate::revised!(interaction::FollowUp, |f| f.id.to_string(), deleted: |f| f.deleted_at.is_some());
crate::revised!(deal::Deal, |d| d.id.to_string(), deleted: |d| d.deleted_at.is_some());
crate::revised!(crate::io::backup::Setting, |s| s.key.clone(), deleted: |s| s.deleted_at.is_some());

pub mod bulk;
pub mod combine;
pub mod contact;
pub mod deal;
pub mod deal_draft;
pub mod draft;
pub mod interaction;
pub mod interaction_draft;
pub mod rev;
pub mod saved_segment;
pub mod settings;
