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

            /// Follows its contact: on delete (`restore` false) a live record is deleted at
            /// the contact's deletion time `deleted_at`; on restore only a record deleted at
            /// exactly that time comes back (one deleted on its own before stays deleted).
            /// Says whether it changed.
            pub fn follow_contact(
                &mut self,
                deleted_at: chrono::DateTime<chrono::Utc>,
                restore: bool,
                now: chrono::DateTime<chrono::Utc>,
            ) -> bool {
                let change = if restore {
                    self.deleted_at == Some(deleted_at)
                } else {
                    self.deleted_at.is_none()
                };
                if change {
                    self.deleted_at = (!restore).then_some(deleted_at);
                    self.updated_at = now;
                }
                change
            }
        }
    )+};
}

#[cfg(test)]
mod tests {
    use super::deal::{Deal, DealId, StageId};
    use crate::ContactId;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn records_follow_their_contacts_deletion_and_restore() {
        let at = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
        let deleted_at = at + Duration::hours(1);
        let later = at + Duration::hours(2);
        let new = |n: u8| {
            Deal::new(
                DealId::from_random_bytes([n; 16]),
                ContactId::from_random_bytes([1; 16]),
                "T",
                StageId::new("lead"),
                at,
            )
        };
        let mut live = new(1);
        assert!(live.follow_contact(deleted_at, false, deleted_at));
        assert_eq!(
            (live.deleted_at, live.updated_at),
            (Some(deleted_at), deleted_at)
        );
        // Deleted again: nothing to do.
        assert!(!live.follow_contact(deleted_at, false, later));
        assert_eq!(live.updated_at, deleted_at);
        // Deleted on its own before: the contact's deletion leaves it, its restore too.
        let mut before = new(2);
        before.tombstone(at);
        assert!(!before.follow_contact(deleted_at, false, deleted_at));
        assert!(!before.follow_contact(deleted_at, true, later));
        assert_eq!(before.deleted_at, Some(at));
        // Restored with the contact: live again, the restore an edit of its own.
        assert!(live.follow_contact(deleted_at, true, later));
        assert_eq!((live.deleted_at, live.updated_at), (None, later));
        assert!(
            !live.follow_contact(deleted_at, true, later),
            "a live record is not restored"
        );
    }
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
