//! Bringing a backup into a book: what would change (the preview), and what to write.
//!
//! Merge, per record: the newer `updated_at` wins (a deletion is an edit too, so a
//! tombstone wins over an older edit); on equal times the larger JSON wins, so that
//! merging A into B and B into A give the same book. Nothing newer on this device is lost.

use super::backup::{BackupError, Records, Setting};
use crate::{Contact, FollowUp, Interaction};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What a record needs for merging.
pub trait Versioned: Clone + Serialize {
    fn key(&self) -> String;
    fn updated_at(&self) -> DateTime<Utc>;
    fn deleted(&self) -> bool;
}

macro_rules! versioned {
    ($t:ty, $key:expr, $deleted:expr) => {
        impl Versioned for $t {
            fn key(&self) -> String {
                ($key)(self)
            }
            fn updated_at(&self) -> DateTime<Utc> {
                self.updated_at
            }
            fn deleted(&self) -> bool {
                ($deleted)(self)
            }
        }
    };
}
versioned!(Contact, |c: &Contact| c.id.to_string(), |c: &Contact| c
    .is_deleted());
versioned!(
    Interaction,
    |i: &Interaction| i.id.to_string(),
    |i: &Interaction| i.is_deleted()
);
versioned!(FollowUp, |f: &FollowUp| f.id.to_string(), |f: &FollowUp| f
    .deleted_at
    .is_some());
versioned!(Setting, |s: &Setting| s.key.clone(), |_: &Setting| false);

/// Counts for the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// In the file, not here.
    pub new: usize,
    /// The same here and in the file.
    pub unchanged: usize,
    /// The file's version is newer and replaces this device's.
    pub newer_in_file: usize,
    /// This device's version is newer and is kept.
    pub newer_here: usize,
    /// Records live here that the file deletes (its tombstone is newer).
    pub deletions: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.new += o.new;
        self.unchanged += o.unchanged;
        self.newer_in_file += o.newer_in_file;
        self.newer_here += o.newer_here;
        self.deletions += o.deletions;
    }
}

/// Which of two versions of the same record wins.
fn wins<T: Versioned>(incoming: &T, here: &T) -> bool {
    match incoming.updated_at().cmp(&here.updated_at()) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            let (a, b) = (
                serde_json::to_string(incoming).ok(),
                serde_json::to_string(here).ok(),
            );
            a > b
        }
    }
}

/// Merges one store: the records to write, and the counts.
pub fn merge_store<T: Versioned>(here: &[T], incoming: &[T]) -> (Vec<T>, Counts) {
    let by_key: HashMap<String, &T> = here.iter().map(|r| (r.key(), r)).collect();
    let mut counts = Counts::default();
    let mut write = Vec::new();
    for r in incoming {
        match by_key.get(&r.key()) {
            None => {
                counts.new += 1;
                write.push(r.clone());
            }
            Some(mine) if wins(r, *mine) => {
                counts.newer_in_file += 1;
                if r.deleted() && !mine.deleted() {
                    counts.deletions += 1;
                }
                write.push(r.clone());
            }
            Some(mine) if serde_json::to_string(r).ok() == serde_json::to_string(*mine).ok() => {
                counts.unchanged += 1
            }
            Some(_) => counts.newer_here += 1,
        }
    }
    (write, counts)
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Records to write (merge: only what changes; replace: everything in the file).
    pub write: Records,
    pub counts: Counts,
    /// Replace only: live records here that the file does not have (they go).
    pub removed: usize,
    pub replace: bool,
}

/// Checks that every interaction and follow-up belongs to a contact in the file or the
/// book (`book_contacts`).
fn check_links(incoming: &Records, book_contacts: &HashSet<String>) -> Result<(), BackupError> {
    let in_file: HashSet<String> = incoming.contacts.iter().map(|c| c.id.to_string()).collect();
    let known = |id: &str| in_file.contains(id) || book_contacts.contains(id);
    for (n, i) in incoming.interactions.iter().enumerate() {
        let c = i.contact_id.to_string();
        if !known(&c) {
            return Err(BackupError::MissingContact {
                index: n + 1,
                contact: c,
            });
        }
    }
    for (n, f) in incoming.follow_ups.iter().enumerate() {
        let c = f.contact_id.to_string();
        if !known(&c) {
            return Err(BackupError::MissingFollowUpContact {
                index: n + 1,
                contact: c,
            });
        }
    }
    Ok(())
}

/// Plans a merge of `incoming` into `here`.
pub fn plan_merge(here: &Records, incoming: &Records) -> Result<Plan, BackupError> {
    check_links(
        incoming,
        &here.contacts.iter().map(|c| c.id.to_string()).collect(),
    )?;
    let mut counts = Counts::default();
    let (contacts, c) = merge_store(&here.contacts, &incoming.contacts);
    counts += c;
    let (interactions, c) = merge_store(&here.interactions, &incoming.interactions);
    counts += c;
    let (follow_ups, c) = merge_store(&here.follow_ups, &incoming.follow_ups);
    counts += c;
    let (settings, c) = merge_store(&here.settings, &incoming.settings);
    counts += c;
    Ok(Plan {
        write: Records {
            contacts,
            interactions,
            follow_ups,
            settings,
        },
        counts,
        removed: 0,
        replace: false,
    })
}

/// Plans replacing the book with `incoming` (the caller saves a safety copy first).
pub fn plan_replace(here: &Records, incoming: &Records) -> Result<Plan, BackupError> {
    check_links(incoming, &HashSet::new())?;
    let mut plan = plan_merge(here, incoming)?;
    let keep: HashSet<String> = incoming.contacts.iter().map(|c| c.id.to_string()).collect();
    plan.removed = here
        .contacts
        .iter()
        .filter(|c| !c.is_deleted() && !keep.contains(&c.id.to_string()))
        .count();
    plan.write = incoming.clone();
    plan.replace = true;
    Ok(plan)
}

/// The book after writing a merge plan (what the store will hold): for tests and for
/// keeping memory in step without reading everything back.
pub fn apply(here: &Records, plan: &Plan) -> Records {
    if plan.replace {
        return plan.write.clone().sorted();
    }
    fn overlay<T: Versioned>(here: &[T], write: &[T]) -> Vec<T> {
        let mut map: HashMap<String, T> = here.iter().map(|r| (r.key(), r.clone())).collect();
        for r in write {
            map.insert(r.key(), r.clone());
        }
        map.into_values().collect()
    }
    Records {
        contacts: overlay(&here.contacts, &plan.write.contacts),
        interactions: overlay(&here.interactions, &plan.write.interactions),
        follow_ups: overlay(&here.follow_ups, &plan.write.follow_ups),
        settings: overlay(&here.settings, &plan.write.settings),
    }
    .sorted()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::backup::{export, parse};
    use crate::sample::{generated_book, generated_history};
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    /// A generated book, then some of it edited or deleted at generated times (a second
    /// device's view of the same book).
    fn book(seed: u64, n: usize) -> Records {
        let contacts = generated_book(n, seed, now());
        let interactions = generated_history(&contacts, 2, seed, now());
        Records {
            contacts,
            interactions,
            follow_ups: vec![],
            settings: vec![],
        }
        .sorted()
    }

    fn diverge(base: &Records, seed: u64) -> Records {
        let mut r = base.clone();
        let mut rng = crate::sample::Rng::new(seed);
        for c in r.contacts.iter_mut() {
            match rng.below(5) {
                0 => {
                    c.notes = format!("edited {}", rng.below(1000));
                    c.updated_at = now() + Duration::minutes(rng.below(100) as i64);
                }
                1 => c.tombstone(now() + Duration::minutes(rng.below(100) as i64)),
                _ => {}
            }
        }
        let extra = generated_book(3, seed ^ 0xABCD, now());
        r.contacts.extend(extra);
        r.sorted()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn export_import_export_is_identical(seed in 0u64..10_000, n in 0usize..30) {
            let b = diverge(&book(seed, n), seed + 1);
            let text = export(&b, now(), "t");
            let imported = parse(&text).unwrap();
            let into_empty = apply(&Records::default(), &plan_merge(&Records::default(), &imported.records).unwrap());
            prop_assert_eq!(export(&into_empty, now() + Duration::days(1), "t").split_once('\n').map(|x| x.1.to_string()),
                text.split_once('\n').map(|x| x.1.to_string()));
        }

        #[test]
        fn merge_is_idempotent_and_order_independent(seed in 0u64..10_000, n in 1usize..25) {
            let base = book(seed, n);
            let a = diverge(&base, seed.wrapping_mul(3));
            let b = diverge(&base, seed.wrapping_mul(7) + 1);
            let ab = apply(&a, &plan_merge(&a, &b).unwrap());
            let ba = apply(&b, &plan_merge(&b, &a).unwrap());
            prop_assert_eq!(&ab, &ba);
            let again = plan_merge(&ab, &b).unwrap();
            prop_assert!(again.write.is_empty(), "importing the same file twice changes nothing");
            prop_assert_eq!(apply(&ab, &again), ab.clone());
            // Nothing newer on either side is lost.
            for c in ab.contacts.iter() {
                for side in [&a, &b] {
                    if let Some(s) = side.contacts.iter().find(|x| x.id == c.id) {
                        prop_assert!(s.updated_at <= c.updated_at);
                    }
                }
            }
        }
    }

    #[test]
    fn preview_counts_and_tombstones_win_over_older_edits() {
        let here = book(1, 6);
        let mut file = here.clone();
        file.contacts[0].notes = "newer in file".into();
        file.contacts[0].updated_at = now() + Duration::hours(1);
        file.contacts[1].tombstone(now() + Duration::hours(1));
        let mut mine = here.clone();
        mine.contacts[2].notes = "newer here".into();
        mine.contacts[2].updated_at = now() + Duration::hours(2);
        file.contacts.push(generated_book(1, 99, now()).remove(0));
        let plan = plan_merge(&mine, &file).unwrap();
        assert_eq!(plan.counts.new, 1);
        assert_eq!(plan.counts.newer_in_file, 2);
        assert_eq!(plan.counts.deletions, 1);
        assert_eq!(plan.counts.newer_here, 1);
        assert_eq!(plan.counts.unchanged, here.len() - 3);
        let after = apply(&mine, &plan);
        let c2 = after
            .contacts
            .iter()
            .find(|c| c.id == mine.contacts[2].id)
            .unwrap();
        assert_eq!(
            c2.notes, "newer here",
            "a newer edit on this device is kept"
        );
    }

    #[test]
    fn interactions_of_unknown_contacts_are_refused() {
        let here = book(2, 3);
        let mut file = book(3, 2);
        file.contacts.clear();
        match plan_merge(&here, &file) {
            Err(BackupError::MissingContact { index: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
        // …but fine when the contacts are in the book.
        let mut file2 = here.clone();
        file2.contacts.clear();
        assert!(plan_merge(&here, &file2).is_ok());
    }

    #[test]
    fn replace_counts_what_goes() {
        let here = book(4, 5);
        let file = book(5, 2);
        let plan = plan_replace(&here, &file).unwrap();
        assert_eq!(plan.removed, 5);
        assert_eq!(apply(&here, &plan), file);
    }
}
