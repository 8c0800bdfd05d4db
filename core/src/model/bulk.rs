//! Changes applied to many contacts at once from the contact list (**Add tag**, **Remove
//! tag**, **Set stage**). Each is an ordinary edit of each contact, so it merges and syncs
//! like one made on the contact's page.

use super::contact::{Contact, Stage};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkEdit {
    AddTag(String),
    /// Removes the tag however it is written (case and Turkish letters folded).
    RemoveTag(String),
    SetStage(Stage),
}

impl BulkEdit {
    /// Applies the change; `false` when the contact already was that way (nothing to
    /// write).
    pub fn apply(&self, c: &mut Contact, now: DateTime<Utc>) -> bool {
        let same = |a: &str, b: &str| crate::text::fold(a.trim()) == crate::text::fold(b.trim());
        let changed = match self {
            BulkEdit::AddTag(t) => {
                let t = t.trim();
                if t.is_empty() || c.tags.iter().any(|x| same(x, t)) {
                    false
                } else {
                    c.tags.push(t.to_string());
                    true
                }
            }
            BulkEdit::RemoveTag(t) => {
                let before = c.tags.len();
                c.tags.retain(|x| !same(x, t));
                c.tags.len() != before
            }
            BulkEdit::SetStage(s) => {
                let changed = c.stage != *s;
                c.stage = *s;
                changed
            }
        };
        if changed {
            c.updated_at = now;
        }
        changed
    }
}

/// Undo of a change to `current`: the content of `before`, as a child of what is stored
/// now (its revision, history and kept versions), so it merges and syncs like an edit.
pub fn restored(current: &Contact, before: &Contact, now: DateTime<Utc>) -> Contact {
    Contact {
        rev: current.rev.clone(),
        revisions: current.revisions.clone(),
        conflicts: current.conflicts.clone(),
        updated_at: now,
        ..before.clone()
    }
}

/// The rows selected by a click at `pos` on a list of `len`: a plain click toggles that
/// row; with Shift, every row from the last clicked (`anchor`) to `pos` takes the state
/// the clicked row gets. Returns (positions, selected or not).
pub fn clicked(
    pos: usize,
    anchor: Option<usize>,
    shift: bool,
    was_selected: bool,
) -> (std::ops::RangeInclusive<usize>, bool) {
    let to = !was_selected;
    match (shift, anchor) {
        (true, Some(a)) => (a.min(pos)..=a.max(pos), to),
        _ => (pos..=pos, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContactId;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn tags_and_stages_change_once() {
        let mut c = Contact::new(ContactId::from_random_bytes([1; 16]), "Şule", now());
        c.tags = vec!["İstanbul".into()];
        let later = now() + chrono::Duration::hours(1);
        assert!(BulkEdit::AddTag(" vip ".into()).apply(&mut c, later));
        assert_eq!(c.tags, ["İstanbul", "vip"]);
        assert_eq!(c.updated_at, later);
        assert!(!BulkEdit::AddTag("VIP".into()).apply(&mut c, later));
        assert!(!BulkEdit::AddTag("  ".into()).apply(&mut c, later));
        assert!(BulkEdit::RemoveTag("istanbul".into()).apply(&mut c, later));
        assert_eq!(c.tags, ["vip"]);
        assert!(!BulkEdit::RemoveTag("ankara".into()).apply(&mut c, later));
        assert!(BulkEdit::SetStage(Stage::Customer).apply(&mut c, later));
        assert!(!BulkEdit::SetStage(Stage::Customer).apply(&mut c, later));
    }

    #[test]
    fn undo_writes_the_earlier_content_on_top_of_the_stored_revision() {
        let mut before = Contact::new(ContactId::from_random_bytes([1; 16]), "Şule", now());
        before.tags = vec!["eski".into()];
        crate::model::rev::ensure_rev(&mut before);
        let mut current = before.clone();
        BulkEdit::AddTag("yeni".into()).apply(&mut current, now());
        crate::model::rev::bump(&mut current);
        let later = now() + chrono::Duration::hours(2);
        let r = restored(&current, &before, later);
        assert_eq!(r.tags, ["eski"]);
        assert_eq!(
            (&r.rev, &r.revisions, r.updated_at),
            (&current.rev, &current.revisions, later)
        );
        assert_ne!(r.rev, before.rev);
    }

    #[test]
    fn shift_selects_the_range_from_the_last_click() {
        assert_eq!(clicked(4, None, false, false), (4..=4, true));
        assert_eq!(clicked(4, Some(1), false, true), (4..=4, false));
        assert_eq!(clicked(4, Some(1), true, false), (1..=4, true));
        assert_eq!(clicked(1, Some(4), true, false), (1..=4, true));
        assert_eq!(clicked(2, Some(5), true, true), (2..=5, false));
        assert_eq!(clicked(3, None, true, false), (3..=3, true));
    }
}
