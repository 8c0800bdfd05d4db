//! Bringing a backup into a book: what would change (the preview), and what to write.
//!
//! Merge, per record, by revisions (see `model::rev`): a descendant wins; two different
//! children of one ancestor are a conflict whose winner is CouchDB's and whose loser is
//! kept. Clocks decide nothing. A contact and its history travel together: a merge never
//! leaves a live contact whose interactions were deleted with it, nor a live interaction
//! under a deleted contact.

use super::backup::{BackupError, Records, Setting};
use crate::model::combine::OfContact;
use crate::model::deal::Deal;
use crate::model::rev::{self, bump, has_conflicts, Merged, Revised};
use crate::{Contact, ContactId, FollowUp, Interaction};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// Counts for the preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// In the file, not here.
    pub new: usize,
    /// The same here and in the file.
    pub unchanged: usize,
    /// The file's version descends from this device's and replaces it.
    pub newer_in_file: usize,
    /// This device's version descends from the file's and is kept.
    pub newer_here: usize,
    /// Records live here that the file deletes.
    pub deletions: usize,
    /// Records edited both here and in the file: both versions are kept, one wins.
    pub conflicts: usize,
    /// Deleted contacts that come back because the file has new interactions or edits
    /// for them (with what was deleted together with them).
    pub restored: usize,
    /// Interactions, follow-ups and deals in the file for a contact that was merged into
    /// another here: they move to that contact.
    pub redirected: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.new += o.new;
        self.unchanged += o.unchanged;
        self.newer_in_file += o.newer_in_file;
        self.newer_here += o.newer_here;
        self.deletions += o.deletions;
        self.conflicts += o.conflicts;
        self.restored += o.restored;
        self.redirected += o.redirected;
    }
}

/// Live records per store (what a Replace would remove).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct PerStore {
    pub contacts: usize,
    pub interactions: usize,
    pub follow_ups: usize,
    pub deals: usize,
    pub settings: usize,
}

impl PerStore {
    /// How many records each store of `r` holds.
    pub fn of(r: &Records) -> PerStore {
        PerStore {
            contacts: r.contacts.len(),
            interactions: r.interactions.len(),
            follow_ups: r.follow_ups.len(),
            deals: r.deals.len(),
            settings: r.settings.len(),
        }
    }

    pub fn total(&self) -> usize {
        self.contacts + self.interactions + self.follow_ups + self.deals + self.settings
    }
}

fn merge_error(store: &'static str, index: usize, detail: String) -> BackupError {
    BackupError::Record {
        store,
        index,
        detail,
    }
}

/// Merges one store: the records to write, and the counts.
pub fn merge_store<T: Revised>(
    store: &'static str,
    here: &[T],
    incoming: &[T],
) -> Result<(Vec<T>, Counts), BackupError> {
    let by_key: HashMap<String, &T> = here.iter().map(|r| (r.key(), r)).collect();
    let mut counts = Counts::default();
    let mut write = Vec::new();
    for (n, r) in incoming.iter().enumerate() {
        let Some(mine) = by_key.get(&r.key()) else {
            counts.new += 1;
            write.push(r.clone());
            continue;
        };
        match rev::merge(*mine, r).map_err(|e| merge_error(store, n + 1, e))? {
            Merged::Here if mine.rev() == r.rev() => counts.unchanged += 1,
            Merged::Here => counts.newer_here += 1,
            Merged::New(m) => {
                if has_conflicts(&m)
                    && rev::live_conflicts(&m).count() > rev::live_conflicts(*mine).count()
                {
                    counts.conflicts += 1;
                } else if m.rev() == mine.rev() {
                    counts.unchanged += 1;
                } else {
                    counts.newer_in_file += 1;
                }
                if m.deleted() && !mine.deleted() {
                    counts.deletions += 1;
                }
                write.push(m);
            }
        }
    }
    Ok((write, counts))
}

/// The whole store after merging `incoming` into `here` (tests, settings).
pub fn merge_records<T: Revised>(here: &[T], incoming: &[T]) -> Result<Vec<T>, BackupError> {
    let (write, _) = merge_store("Record", here, incoming)?;
    Ok(overlay(here, &write))
}

fn overlay<T: Revised>(here: &[T], write: &[T]) -> Vec<T> {
    let mut map: HashMap<String, T> = here.iter().map(|r| (r.key(), r.clone())).collect();
    for r in write {
        map.insert(r.key(), r.clone());
    }
    let mut out: Vec<T> = map.into_values().collect();
    crate::sort::by_key(&mut out, |r| r.key());
    out
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Records to write (merge: only what changes; replace: everything in the file).
    pub write: Records,
    pub counts: Counts,
    /// Replace only: live records here that the file does not have (they go).
    pub removed: PerStore,
    pub replace: bool,
}

/// Checks that every interaction, follow-up and deal belongs to a contact in the file or
/// the book (`book_contacts`).
fn check_links(incoming: &Records, book_contacts: &HashSet<String>) -> Result<(), BackupError> {
    let in_file: HashSet<String> = incoming.contacts.iter().map(|c| c.id.to_string()).collect();
    let known = |id: &str| in_file.contains(id) || book_contacts.contains(id);
    // The first record (numbered from 1) whose contact is unknown, and that contact.
    fn stray<T: OfContact>(list: &[T], known: &dyn Fn(&str) -> bool) -> Option<(usize, String)> {
        list.iter().enumerate().find_map(|(n, r)| {
            let c = r.contact().to_string();
            (!known(&c)).then_some((n + 1, c))
        })
    }
    if let Some((index, contact)) = stray(&incoming.interactions, &known) {
        return Err(BackupError::MissingContact { index, contact });
    }
    if let Some((index, contact)) = stray(&incoming.follow_ups, &known) {
        return Err(BackupError::MissingFollowUpContact { index, contact });
    }
    if let Some((index, contact)) = stray(&incoming.deals, &known) {
        return Err(BackupError::MissingDealContact { index, contact });
    }
    Ok(())
}

/// Plans a merge of `incoming` into `here`. `now` stamps the restorations a merge makes
/// (a contact and its history brought back together).
pub fn plan_merge(
    here: &Records,
    incoming: &Records,
    now: DateTime<Utc>,
) -> Result<Plan, BackupError> {
    check_links(
        incoming,
        &here.contacts.iter().map(|c| c.id.to_string()).collect(),
    )?;
    let mut counts = Counts::default();
    let (contacts, c) = merge_store("Contact", &here.contacts, &incoming.contacts)?;
    counts += c;
    let (interactions, c) = merge_store("Interaction", &here.interactions, &incoming.interactions)?;
    counts += c;
    let (follow_ups, c) = merge_store("Follow-up", &here.follow_ups, &incoming.follow_ups)?;
    counts += c;
    let (deals, c) = merge_store("Deal", &here.deals, &incoming.deals)?;
    counts += c;
    let (settings, c) = merge_store::<Setting>("Setting", &here.settings, &incoming.settings)?;
    counts += c;
    let mut write = Records {
        contacts,
        interactions,
        follow_ups,
        deals,
        settings,
    };
    counts.redirected = follow_merges(here, &mut write, now);
    counts.restored = keep_histories_together(here, incoming, &mut write, now);
    Ok(Plan {
        write,
        counts,
        removed: PerStore::default(),
        replace: false,
    })
}

/// Live interactions, follow-ups and deals to write under a contact merged into another (a
/// tombstone with `merged_into`, here or in the file) move to where it went, so a backup
/// from a device that never saw the merge lands on the merged contact. Returns how many.
fn follow_merges(here: &Records, write: &mut Records, now: DateTime<Utc>) -> usize {
    let mut into: HashMap<ContactId, ContactId> = HashMap::new();
    for c in here.contacts.iter().chain(&write.contacts) {
        match (c.is_deleted(), c.merged_into) {
            (true, Some(to)) => into.insert(c.id, to),
            // The file's version wins over the one here (write comes second).
            _ => into.remove(&c.id),
        };
    }
    if into.is_empty() {
        return 0;
    }
    let target = |id| crate::model::combine::redirect(id, |c| into.get(&c).copied());
    // Each live record whose contact went elsewhere follows it.
    fn follow<T: OfContact>(
        list: &mut [T],
        target: impl Fn(ContactId) -> ContactId,
        now: DateTime<Utc>,
    ) -> usize {
        let mut n = 0;
        for r in list.iter_mut().filter(|r| !r.deleted()) {
            let to = target(r.contact());
            if to != r.contact() {
                r.move_to(to, now);
                n += 1;
            }
        }
        n
    }
    follow(&mut write.interactions, target, now)
        + follow(&mut write.follow_ups, target, now)
        + follow(&mut write.deals, target, now)
}

/// After a merge: a deleted contact with a live interaction or follow-up comes back; a
/// contact that is live again brings back what was deleted with it (same deletion time).
/// Adds those restorations to `write`; returns how many contacts came back.
fn keep_histories_together(
    here: &Records,
    incoming: &Records,
    write: &mut Records,
    now: DateTime<Utc>,
) -> usize {
    // The book after the merge, by id (written version over the one here).
    fn view<'a, T: Revised>(here: &'a [T], write: &'a [T]) -> HashMap<String, &'a T> {
        let mut m: HashMap<String, &T> = here.iter().map(|r| (r.key(), r)).collect();
        for r in write {
            m.insert(r.key(), r);
        }
        m
    }
    let contacts = view(&here.contacts, &write.contacts);
    let interactions = view(&here.interactions, &write.interactions);
    let follow_ups = view(&here.follow_ups, &write.follow_ups);
    let deals = view(&here.deals, &write.deals);

    // When each contact was deleted, on either side (a child deleted at that very time was
    // deleted with it).
    let mut deleted_at: HashMap<ContactId, Vec<DateTime<Utc>>> = HashMap::new();
    for c in here
        .contacts
        .iter()
        .chain(&incoming.contacts)
        .chain(&write.contacts)
    {
        // Every version counts, the ones that lost a conflict included.
        let leaf_times = c.conflicts.iter().filter_map(|l| {
            let t = l.doc.as_ref()?.get("deleted_at")?;
            t.as_str()?.parse::<DateTime<Utc>>().ok()
        });
        deleted_at
            .entry(c.id)
            .or_default()
            .extend(c.deleted_at.into_iter().chain(leaf_times));
    }
    fn live_of<'a, T: OfContact>(
        m: &'a HashMap<String, &'a T>,
    ) -> impl Iterator<Item = ContactId> + 'a {
        m.values().filter(|r| !r.deleted()).map(|r| r.contact())
    }
    let live_child: HashSet<ContactId> = live_of(&interactions)
        .chain(live_of(&follow_ups))
        .chain(live_of(&deals))
        .collect();

    let mut restored_contacts: Vec<Contact> = Vec::new();
    let mut live: HashSet<ContactId> = HashSet::new();
    for c in contacts.values() {
        if !c.is_deleted() {
            live.insert(c.id);
        } else if live_child.contains(&c.id) {
            let mut r = (*c).clone();
            r.undelete(now);
            bump(&mut r);
            live.insert(r.id);
            restored_contacts.push(r);
        }
    }
    let deleted_with = |contact: ContactId, t: Option<DateTime<Utc>>| {
        live.contains(&contact)
            && t.is_some_and(|t| deleted_at.get(&contact).is_some_and(|ts| ts.contains(&t)))
    };
    // The records deleted together with a contact that is live again, brought back.
    let ri: Vec<Interaction> = restore(&interactions, &deleted_with, now);
    let rf: Vec<FollowUp> = restore(&follow_ups, &deleted_with, now);
    let rd: Vec<Deal> = restore(&deals, &deleted_with, now);
    fn replace_in<T: Revised>(list: &mut Vec<T>, new: Vec<T>) {
        let keys: HashSet<String> = new.iter().map(|r| r.key()).collect();
        list.retain(|r| !keys.contains(&r.key()));
        list.extend(new);
    }
    // Contacts that come back, or whose history comes back with them.
    let restored = restored_contacts
        .iter()
        .map(|c| c.id)
        .chain(ri.iter().map(|i| i.contact_id))
        .chain(rf.iter().map(|f| f.contact_id))
        .chain(rd.iter().map(|d| d.contact_id))
        .collect::<HashSet<_>>()
        .len();
    replace_in(&mut write.contacts, restored_contacts);
    replace_in(&mut write.interactions, ri);
    replace_in(&mut write.follow_ups, rf);
    replace_in(&mut write.deals, rd);
    restored
}

/// The records of `m` deleted together with their contact (`deleted_with`), undeleted at
/// `now` as new revisions, in key order.
fn restore<T: OfContact>(
    m: &HashMap<String, &T>,
    deleted_with: &dyn Fn(ContactId, Option<DateTime<Utc>>) -> bool,
    now: DateTime<Utc>,
) -> Vec<T> {
    let mut out: Vec<T> = m
        .values()
        .filter(|r| deleted_with(r.contact(), r.deleted_at()))
        .map(|r| {
            let mut r = (*r).clone();
            r.undelete(now);
            bump(&mut r);
            r
        })
        .collect();
    crate::sort::by_key(&mut out, |r| r.key());
    out
}

/// Plans replacing the book with `incoming` (the store keeps the old book for Undo).
pub fn plan_replace(here: &Records, incoming: &Records) -> Result<Plan, BackupError> {
    check_links(incoming, &HashSet::new())?;
    fn gone<T: Revised>(here: &[T], file: &[T]) -> usize {
        let keep: HashSet<String> = file.iter().map(|r| r.key()).collect();
        here.iter()
            .filter(|r| !r.deleted() && !keep.contains(&r.key()))
            .count()
    }
    let mut counts = Counts::default();
    let by_key: HashSet<String> = here.contacts.iter().map(|c| c.key()).collect();
    counts.new = incoming
        .contacts
        .iter()
        .filter(|c| !by_key.contains(&c.key()))
        .count();
    Ok(Plan {
        write: incoming.clone(),
        counts,
        removed: PerStore {
            contacts: gone(&here.contacts, &incoming.contacts),
            interactions: gone(&here.interactions, &incoming.interactions),
            follow_ups: gone(&here.follow_ups, &incoming.follow_ups),
            deals: gone(&here.deals, &incoming.deals),
            settings: gone(&here.settings, &incoming.settings),
        },
        replace: true,
    })
}

/// The book after writing a plan (what the store will hold): for tests and for keeping
/// memory in step without reading everything back.
pub fn apply(here: &Records, plan: &Plan) -> Records {
    if plan.replace {
        return plan.write.clone().sorted();
    }
    Records {
        contacts: overlay(&here.contacts, &plan.write.contacts),
        interactions: overlay(&here.interactions, &plan.write.interactions),
        follow_ups: overlay(&here.follow_ups, &plan.write.follow_ups),
        deals: overlay(&here.deals, &plan.write.deals),
        settings: overlay(&here.settings, &plan.write.settings),
    }
    .sorted()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::backup::{export, parse};
    use crate::model::rev::ensure_rev;
    use crate::sample::{generated_book, generated_history};
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    /// A generated book with revisions, as a store would hold it.
    fn book(seed: u64, n: usize) -> Records {
        let mut contacts = generated_book(n, seed, now());
        let mut interactions = generated_history(&contacts, 2, seed, now());
        contacts.iter_mut().for_each(ensure_rev);
        interactions.iter_mut().for_each(ensure_rev);
        Records {
            contacts,
            interactions,
            ..Records::default()
        }
        .sorted()
    }

    fn edited(c: &Contact, notes: &str) -> Contact {
        let mut c = c.clone();
        c.notes = notes.into();
        bump(&mut c);
        c
    }

    /// Deletes a contact with its interactions, as the app does (same deletion time).
    fn delete_contact(r: &mut Records, id: ContactId, at: DateTime<Utc>) {
        for c in r.contacts.iter_mut().filter(|c| c.id == id) {
            c.tombstone(at);
            bump(c);
        }
        for i in r
            .interactions
            .iter_mut()
            .filter(|i| i.contact_id == id && !i.is_deleted())
        {
            i.tombstone(at);
            bump(i);
        }
    }

    /// A second device's view of the same book: some contacts edited, some deleted (with
    /// their interactions), some added.
    fn diverge(base: &Records, seed: u64) -> Records {
        let mut r = base.clone();
        let mut rng = crate::sample::Rng::new(seed);
        let ids: Vec<ContactId> = r.contacts.iter().map(|c| c.id).collect();
        for id in ids {
            match rng.below(5) {
                0 => {
                    let n = rng.below(1000);
                    for c in r.contacts.iter_mut().filter(|c| c.id == id) {
                        *c = edited(c, &format!("edited {n}"));
                    }
                }
                1 => delete_contact(&mut r, id, now() + Duration::minutes(rng.below(100) as i64)),
                _ => {}
            }
        }
        let mut extra = generated_book(3, seed ^ 0xABCD, now());
        extra.iter_mut().for_each(ensure_rev);
        r.contacts.extend(extra);
        r.sorted()
    }

    fn merged(a: &Records, b: &Records) -> Records {
        apply(a, &plan_merge(a, b, now()).unwrap())
    }

    /// The invariant the app relies on: no live interaction under a deleted contact, no
    /// live contact whose interactions were deleted with it.
    fn histories_together(r: &Records) -> Result<(), String> {
        let contacts: HashMap<ContactId, &Contact> = r.contacts.iter().map(|c| (c.id, c)).collect();
        for i in &r.interactions {
            let c = contacts[&i.contact_id];
            if !i.is_deleted() && c.is_deleted() {
                return Err(format!("live interaction {} under deleted contact", i.id));
            }
        }
        Ok(())
    }

    /// Each record's content and whether it is deleted, without revisions or edit times.
    fn visible(r: &Records) -> Vec<(String, bool, String)> {
        fn each<T: Revised>(v: &[T], out: &mut Vec<(String, bool, String)>) {
            for x in v {
                let mut c = rev::content(x);
                c.remove("updated_at");
                c.remove("deleted_at");
                out.push((
                    x.key(),
                    x.deleted(),
                    serde_json::Value::Object(c).to_string(),
                ));
            }
        }
        let mut out = vec![];
        each(&r.contacts, &mut out);
        each(&r.interactions, &mut out);
        each(&r.follow_ups, &mut out);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn export_import_export_is_identical(seed in 0u64..10_000, n in 0usize..30) {
            let b = diverge(&book(seed, n), seed + 1);
            let text = export(&b, now(), "t");
            let imported = parse(&text).unwrap();
            let into_empty = merged(&Records::default(), &imported.records);
            prop_assert_eq!(export(&into_empty, now() + Duration::days(1), "t").split_once('\n').map(|x| x.1.to_string()),
                text.split_once('\n').map(|x| x.1.to_string()));
        }

        #[test]
        fn merge_is_commutative_associative_and_idempotent(seed in 0u64..10_000, n in 1usize..20) {
            let base = book(seed, n);
            let a = diverge(&base, seed.wrapping_mul(3));
            let b = diverge(&base, seed.wrapping_mul(7) + 1);
            let c = diverge(&base, seed.wrapping_mul(11) + 2);
            let ab = merged(&a, &b);
            prop_assert_eq!(&ab, &merged(&b, &a));
            // Restorations (a contact and its history brought back together) are new edits
            // made by a merge, so their revisions depend on the order; what the user sees
            // does not.
            prop_assert_eq!(visible(&merged(&ab, &c)), visible(&merged(&a, &merged(&b, &c))));
            let again = plan_merge(&ab, &b, now()).unwrap();
            prop_assert!(again.write.is_empty(), "importing the same file twice changes nothing: {:?}", again.counts);
            prop_assert!(plan_merge(&ab, &a, now()).unwrap().write.is_empty());
            histories_together(&ab).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn a_local_edit_after_an_import_survives_reimporting_the_file(seed in 0u64..10_000, n in 1usize..15) {
            let base = book(seed, n);
            let file = diverge(&base, seed + 5);
            let mut here = merged(&base, &file);
            let Some(pos) = here.contacts.iter().position(|c| !c.is_deleted()) else { return Ok(()) };
            here.contacts[pos] = edited(&here.contacts[pos], "my edit after the import");
            let again = merged(&here, &file);
            prop_assert_eq!(again.contacts[pos].notes.as_str(), "my edit after the import");
        }
    }

    #[test]
    fn a_clock_in_the_future_decides_nothing() {
        let here = book(1, 3);
        let mut file = here.clone();
        file.contacts[0].updated_at = Utc.with_ymd_and_hms(2099, 1, 1, 0, 0, 0).unwrap();
        file.contacts[0].notes = "from the device with the wrong clock".into();
        bump(&mut file.contacts[0]);
        let mut after = merged(&here, &file);
        assert_eq!(
            after.contacts[0].notes,
            "from the device with the wrong clock"
        );
        after.contacts[0] = edited(&after.contacts[0], "edited here later");
        let again = plan_merge(&after, &file, now()).unwrap();
        assert!(again.write.is_empty(), "{:?}", again.counts);
        assert_eq!(again.counts.newer_here, 1);
        assert_eq!(apply(&after, &again).contacts[0].notes, "edited here later");
    }

    #[test]
    fn deleted_on_one_device_edited_on_the_other_comes_back_with_its_history() {
        let base = book(2, 2);
        let id = base.contacts[0].id;
        let mut device1 = base.clone();
        delete_contact(&mut device1, id, now() + Duration::hours(1));
        let mut device2 = base.clone();
        device2.contacts[0] = edited(&device2.contacts[0], "edited on the phone");
        for (a, b) in [(&device1, &device2), (&device2, &device1)] {
            let m = merged(a, b);
            assert_eq!(
                plan_merge(a, b, now()).unwrap().counts.restored,
                1,
                "said in the preview"
            );
            let c = m.contacts.iter().find(|c| c.id == id).unwrap();
            assert!(!c.is_deleted());
            assert_eq!(c.notes, "edited on the phone");
            let live = m
                .interactions
                .iter()
                .filter(|i| i.contact_id == id && !i.is_deleted())
                .count();
            let had = base
                .interactions
                .iter()
                .filter(|i| i.contact_id == id)
                .count();
            assert!(had > 0);
            assert_eq!(live, had, "its interactions come back with it");
        }
    }

    #[test]
    fn an_interaction_added_elsewhere_brings_a_deleted_contact_back() {
        let base = book(3, 2);
        let id = base.contacts[0].id;
        let mut here = base.clone();
        delete_contact(&mut here, id, now() + Duration::hours(1));
        let mut file = base.clone();
        let mut new = generated_history(&file.contacts[..1], 1, 77, now()).remove(0);
        ensure_rev(&mut new);
        file.interactions.push(new);
        let plan = plan_merge(&here, &file, now()).unwrap();
        assert_eq!(plan.counts.restored, 1);
        let m = apply(&here, &plan);
        assert!(!m.contacts.iter().find(|c| c.id == id).unwrap().is_deleted());
        histories_together(&m).unwrap();
        assert!(m
            .interactions
            .iter()
            .filter(|i| i.contact_id == id)
            .all(|i| !i.is_deleted()));
    }

    #[test]
    fn counts_add_up_field_by_field() {
        let one = Counts {
            new: 1,
            unchanged: 2,
            newer_in_file: 3,
            newer_here: 4,
            deletions: 5,
            conflicts: 6,
            restored: 7,
            redirected: 8,
        };
        let mut sum = one;
        sum += one;
        assert_eq!(
            sum,
            Counts {
                new: 2,
                unchanged: 4,
                newer_in_file: 6,
                newer_here: 8,
                deletions: 10,
                conflicts: 12,
                restored: 14,
                redirected: 16,
            }
        );
    }

    #[test]
    fn a_backup_from_before_a_merge_lands_on_the_merged_contact() {
        use crate::model::combine::merged_away;
        let base = book(4, 3);
        let (gone, kept) = (base.contacts[0].id, base.contacts[1].id);
        let mut here = base.clone();
        let later = now() + Duration::hours(1);
        here.contacts[0] = merged_away(&base.contacts[0], kept, later);
        bump(&mut here.contacts[0]);
        for i in here
            .interactions
            .iter_mut()
            .filter(|i| i.contact_id == gone)
        {
            i.contact_id = kept;
            bump(i);
        }
        // The other device never saw the merge and logged a call and a follow-up.
        let mut file = base.clone();
        let mut call = generated_history(&file.contacts[..1], 1, 78, now()).remove(0);
        ensure_rev(&mut call);
        file.interactions.push(call.clone());
        let mut f: FollowUp = serde_json::from_value(serde_json::json!({
            "id": "00000000-0000-4000-8000-0000000000f1", "contact_id": gone.to_string(),
            "due": "2026-12-01", "note": "Ara", "created_at": "2026-11-01T09:00:00Z",
            "updated_at": "2026-11-01T09:00:00Z"}))
        .unwrap();
        ensure_rev(&mut f);
        file.follow_ups.push(f);
        // A call deleted there stays deleted where it is.
        let mut dropped = generated_history(&file.contacts[..1], 1, 80, now()).remove(0);
        dropped.tombstone(now());
        ensure_rev(&mut dropped);
        file.interactions.push(dropped.clone());
        let plan = plan_merge(&here, &file, now()).unwrap();
        assert_eq!((plan.counts.redirected, plan.counts.restored), (2, 0));
        let m = apply(&here, &plan);
        let c = m.contacts.iter().find(|c| c.id == gone).unwrap();
        assert!(c.is_deleted(), "the merged-away contact stays merged");
        let i = m.interactions.iter().find(|i| i.id == call.id).unwrap();
        assert_eq!(i.contact_id, kept);
        assert!(
            !i.revisions.is_empty() && i.rev != call.rev,
            "moved as an edit"
        );
        assert!(m.follow_ups.iter().all(|f| f.contact_id != gone));
        let d = m.interactions.iter().find(|i| i.id == dropped.id).unwrap();
        assert_eq!(d.contact_id, gone);
        assert!(m
            .interactions
            .iter()
            .all(|i| i.contact_id != gone || i.is_deleted()));
        histories_together(&m).unwrap();
        // A file that brings the contact back to life (its version wins) is not redirected.
        let mut revived = here.clone();
        revived.contacts[0].deleted_at = None;
        revived.contacts[0].merged_into = None;
        bump(&mut revived.contacts[0]);
        let mut call2 = generated_history(&base.contacts[..1], 1, 79, now()).remove(0);
        ensure_rev(&mut call2);
        revived.interactions.push(call2.clone());
        let plan = plan_merge(&here, &revived, now()).unwrap();
        assert_eq!(plan.counts.redirected, 0);
        let m = apply(&here, &plan);
        let i = m.interactions.iter().find(|i| i.id == call2.id).unwrap();
        assert_eq!(i.contact_id, gone);
    }

    #[test]
    fn preview_counts_conflicts_and_descendants() {
        let here = book(1, 6);
        let mut file = here.clone();
        file.contacts[0] = edited(&file.contacts[0], "newer in file");
        file.contacts[1].tombstone(now());
        bump(&mut file.contacts[1]);
        file.contacts[3] = edited(&file.contacts[3], "both edited: file");
        let mut mine = here.clone();
        mine.contacts[2] = edited(&mine.contacts[2], "newer here");
        mine.contacts[3] = edited(&mine.contacts[3], "both edited: here");
        let mut extra = generated_book(1, 99, now()).remove(0);
        ensure_rev(&mut extra);
        file.contacts.push(extra);
        let plan = plan_merge(&mine, &file, now()).unwrap();
        assert_eq!(plan.counts.new, 1);
        assert_eq!(plan.counts.newer_in_file, 2);
        assert_eq!(plan.counts.deletions, 1);
        assert_eq!(plan.counts.newer_here, 1);
        assert_eq!(plan.counts.conflicts, 1);
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
        let c3 = after
            .contacts
            .iter()
            .find(|c| c.id == mine.contacts[3].id)
            .unwrap();
        assert!(has_conflicts(c3), "the losing version is kept");
    }

    #[test]
    fn interactions_of_unknown_contacts_are_refused() {
        let here = book(2, 3);
        let mut file = book(3, 2);
        file.contacts.clear();
        match plan_merge(&here, &file, now()) {
            Err(BackupError::MissingContact { index: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
        let mut file2 = here.clone();
        file2.contacts.clear();
        assert!(plan_merge(&here, &file2, now()).is_ok());
    }

    #[test]
    fn replace_counts_what_goes_in_every_store() {
        let here = book(4, 5);
        let file = book(5, 2);
        let plan = plan_replace(&here, &file).unwrap();
        assert_eq!(plan.removed.contacts, 5);
        assert_eq!(plan.removed.interactions, here.interactions.len());
        assert_eq!(plan.removed.total(), 5 + here.interactions.len());
        assert_eq!(apply(&here, &plan), file);
    }

    fn deal_of(c: &Contact, n: u8, stage: &str) -> Deal {
        use crate::model::deal::{DealId, StageId};
        let mut d = Deal::new(
            DealId::from_random_bytes([n; 16]),
            c.id,
            "Audit",
            StageId::new(stage),
            now(),
        );
        ensure_rev(&mut d);
        d
    }

    #[test]
    fn deals_travel_in_a_merge_and_need_their_contact() {
        let here = book(1, 3);
        let mut file = here.clone();
        file.deals.push(deal_of(&here.contacts[0], 9, "lead"));
        let plan = plan_merge(&here, &file, now()).unwrap();
        assert_eq!(plan.write.deals.len(), 1);
        assert_eq!(plan.counts.new, 1);
        assert_eq!(apply(&here, &plan).deals, file.deals);
        // Merging the result again changes nothing.
        let again = plan_merge(&apply(&here, &plan), &file, now()).unwrap();
        assert!(again.write.deals.is_empty());

        let mut stray = deal_of(&here.contacts[0], 10, "lead");
        stray.contact_id = ContactId::from_random_bytes([99; 16]);
        file.deals.push(stray);
        assert_eq!(
            plan_merge(&here, &file, now()),
            Err(BackupError::MissingDealContact {
                index: 2,
                contact: ContactId::from_random_bytes([99; 16]).to_string(),
            })
        );
        assert!(matches!(
            plan_replace(&here, &file),
            Err(BackupError::MissingDealContact { index: 2, .. })
        ));
    }

    #[test]
    fn a_follow_up_of_an_unknown_contact_is_refused_by_its_number() {
        let here = book(1, 3);
        let mut file = Records::default();
        let (_, follow_ups) = crate::sample::sample_history(
            &crate::sample::sample_book(now()),
            now(),
            crate::analysis::Tz(180),
        );
        file.follow_ups = follow_ups.into_iter().take(2).collect();
        let stray = file.follow_ups[0].contact_id.to_string();
        assert_eq!(
            plan_merge(&here, &file, now()),
            Err(BackupError::MissingFollowUpContact {
                index: 1,
                contact: stray,
            })
        );
    }

    #[test]
    fn a_merge_of_two_devices_that_moved_the_same_deal_keeps_one_stage_and_both_moves() {
        use crate::model::deal::StageId;
        let mut base = book(2, 2);
        base.deals.push(deal_of(&base.contacts[0], 5, "lead"));
        let (mut phone, mut laptop) = (base.clone(), base.clone());
        let moved = |r: &mut Records, to: &str, hours: i64| {
            let d = &mut r.deals[0];
            d.move_to(StageId::new(to), now() + Duration::hours(hours))
                .unwrap();
            bump(d);
        };
        moved(&mut phone, "qualified", 1);
        moved(&mut laptop, "proposal", 2);
        let a = apply(&phone, &plan_merge(&phone, &laptop, now()).unwrap());
        let b = apply(&laptop, &plan_merge(&laptop, &phone, now()).unwrap());
        // Both devices agree on one version and one stage…
        assert_eq!(a.deals, b.deals);
        let d = &a.deals[0];
        assert!(["qualified", "proposal"].contains(&d.stage.0.as_str()));
        assert_eq!(rev::live_conflicts(d).count(), 1);
        // …and every move either made is in the deal's history.
        let moves = d.all_moves();
        let stages: Vec<Option<&str>> = moves
            .iter()
            .map(|e| e.stage.as_ref().map(|s| s.0.as_str()))
            .collect();
        assert_eq!(stages, [Some("lead"), Some("qualified"), Some("proposal")]);
    }

    #[test]
    fn a_deal_deleted_with_its_contact_comes_back_with_it_and_follows_a_merge() {
        let mut here = book(3, 3);
        let gone_at = now() - Duration::days(1);
        here.deals.push(deal_of(&here.contacts[0], 6, "lead"));
        // Here the contact was deleted, and its deal with it.
        let mut file = here.clone();
        let c = &mut here.contacts[0];
        c.deleted_at = Some(gone_at);
        bump(c);
        let d = &mut here.deals[0];
        d.deleted_at = Some(gone_at);
        bump(d);
        // The file has a new open deal for that contact: the contact comes back, and so
        // does the deal deleted with it.
        file.deals.push(deal_of(&file.contacts[0], 7, "qualified"));
        let merged = apply(&here, &plan_merge(&here, &file, now()).unwrap());
        assert!(!merged
            .contacts
            .iter()
            .find(|x| x.id == here.contacts[0].id)
            .unwrap()
            .is_deleted());
        assert!(
            merged.deals.iter().all(|d| !d.is_deleted()),
            "{:?}",
            merged.deals
        );

        // A deal arriving for a contact merged into another moves to that one.
        let mut here = book(4, 3);
        let (from, to) = (here.contacts[1].id, here.contacts[2].id);
        let m = &mut here.contacts[1];
        m.deleted_at = Some(gone_at);
        m.merged_into = Some(to);
        bump(m);
        let mut file = book(4, 3);
        file.deals.push(deal_of(&file.contacts[1], 8, "lead"));
        let plan = plan_merge(&here, &file, now()).unwrap();
        assert_eq!(plan.counts.redirected, 1);
        assert_eq!(plan.write.deals[0].contact_id, to);
        assert_ne!(to, from);
    }
}
