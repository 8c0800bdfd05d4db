//! The store against real IndexedDB in headless Chromium (`cargo xtask test` runs these
//! with wasm-bindgen-test-runner). Each test uses its own database and deletes it first.
#![cfg(target_arch = "wasm32")]

use bakkal::store::{schema, Outcome, Store, StoreError};
use bakkal_core::io::backup::Records;
use bakkal_core::model::rev::{bump, ensure_rev, Rev, Revised};
use bakkal_core::sample::sample_book;
use bakkal_core::{
    Channel, Contact, ContactId, Direction, Interaction, InteractionId, InteractionKind, Status,
};
use chrono::{TimeZone, Utc};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const BLNS: &str = include_str!("corpus/blns.txt");

async fn fresh(name: &str) {
    Store::delete_database(name)
        .await
        .expect("delete test database");
}

/// A fresh database at the current version holding `contacts` (without histories).
async fn holding(name: &str, contacts: &[Contact]) -> Store {
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    store
        .put_contacts(contacts.iter().map(|c| (c, &[][..])))
        .await
        .unwrap();
    store
}

fn by_id(mut v: Vec<Contact>) -> Vec<Contact> {
    bakkal_core::sort::by_key(&mut v, |c| c.id);
    v
}

/// A record as the store hands it back: with its (first) revision.
fn revised<T: Revised>(mut t: T) -> T {
    ensure_rev(&mut t);
    t
}

/// Saves an interaction the way the app does: a new revision, checked against `base`.
async fn log(store: &Store, i: &Interaction) -> Vec<bakkal_core::analysis::history::Event> {
    let base = i.rev().clone();
    let mut w = i.clone();
    bump(&mut w);
    match store.save_interaction(&w, &base, None).await.unwrap() {
        Outcome::Done(events) => events,
        Outcome::Stale(_) => panic!("unexpected stale write"),
    }
}

fn fixed_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn hostile_contacts() -> Vec<Contact> {
    let now = fixed_now();
    let mut out: Vec<Contact> = BLNS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .enumerate()
        .map(|(i, line)| {
            let mut b = [0u8; 16];
            b[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
            let mut c = Contact::new(ContactId::from_random_bytes(b), line, now);
            c.notes = line.repeat(3);
            c.tags = vec![line.to_string()];
            c
        })
        .collect();
    let mut long = Contact::new(
        ContactId::from_random_bytes([0xEE; 16]),
        "x".repeat(10_000),
        now,
    );
    long.notes = "😀 مرحبا שלום ".repeat(1000);
    long.tombstone(now);
    out.push(long);
    out
}

#[wasm_bindgen_test]
async fn contacts_round_trip_including_hostile_strings_and_tombstones() {
    let mut contacts = sample_book(fixed_now());
    contacts.extend(hostile_contacts());
    let store = holding("test-round-trip", &contacts).await;
    let loaded = store.load_contacts().await.unwrap();
    assert!(loaded.problem.is_none());
    assert_eq!(
        by_id(loaded.items.into_iter().map(|(c, _)| c).collect()),
        by_id(contacts.into_iter().map(revised).collect())
    );
    store.close();
}

/// The book is read in pages of 5,000 by id: a book of just over two pages loads whole,
/// each contact once.
#[wasm_bindgen_test]
async fn a_book_of_several_pages_loads_whole() {
    let contacts = many_contacts(10_001, 3);
    let store = holding("test-pages", &contacts).await;
    let loaded = store.load_contacts().await.unwrap();
    assert!(loaded.problem.is_none());
    assert_eq!(
        by_id(loaded.items.into_iter().map(|(c, _)| c).collect()),
        by_id(contacts)
    );
    store.close();
}

/// Every schema change ships with this: a database written at each earlier version opens
/// at the current one with every record intact.
#[wasm_bindgen_test]
async fn every_earlier_version_upgrades_with_records_intact() {
    for version in 1..=schema::CURRENT_VERSION {
        let name = format!("test-upgrade-from-v{version}");
        fresh(&name).await;
        let old = Store::open_at(&name, version, || {}).await.unwrap();
        let contacts = sample_book(fixed_now());
        old.put_contacts(contacts.iter().map(|c| (c, &[][..])))
            .await
            .unwrap();
        old.close();
        let current = Store::open_at(&name, schema::CURRENT_VERSION, || {})
            .await
            .unwrap();
        assert_eq!(current.version(), schema::CURRENT_VERSION);
        let loaded = current.load_contacts().await.unwrap();
        let loaded: Vec<Contact> = loaded.items.into_iter().map(|(c, _)| c).collect();
        assert_eq!(
            by_id(loaded),
            by_id(contacts.into_iter().map(revised).collect()),
            "upgrade from v{version}"
        );
        // The stores added since that version exist and work.
        let none = ContactId::from_random_bytes([1; 16]);
        assert!(current.timeline(none).await.unwrap().items.is_empty());
        assert!(current.deals().await.unwrap().items.is_empty());
        current.close();
    }
}

#[wasm_bindgen_test]
async fn a_database_from_a_newer_app_is_refused_with_a_message() {
    let name = "test-newer";
    fresh(name).await;
    let newer = Store::open_at(name, schema::CURRENT_VERSION + 1, || {})
        .await
        .unwrap();
    newer.close();
    let err = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::NewerVersion);
    assert!(err.to_string().contains("newer version of Bakkal"));
}

#[wasm_bindgen_test]
async fn an_upgrade_in_another_tab_closes_this_connection_and_says_so() {
    let name = "test-versionchange";
    fresh(name).await;
    let closed = Rc::new(Cell::new(false));
    let flag = closed.clone();
    let this_tab = Store::open_at(name, 1, move || flag.set(true))
        .await
        .unwrap();
    // The "other tab" opens a newer version: it must not be blocked by this one.
    let other = Store::open_at(name, schema::CURRENT_VERSION + 1, || {})
        .await
        .unwrap();
    assert!(closed.get(), "this tab was told to reload");
    assert!(matches!(
        this_tab.load_contacts().await,
        Err(StoreError::Closed)
    ));
    other.close();
}

#[wasm_bindgen_test]
async fn a_blocked_open_times_out_with_a_message() {
    let name = "test-blocked";
    fresh(name).await;
    // A connection that ignores `versionchange`, like an old tab of another app version.
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let req = factory.open_with_u32(name, 1).unwrap();
    let holder = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        req.set_onsuccess(Some(&resolve));
    }))
    .await;
    assert!(holder.is_ok());
    let err = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Blocked);
    if let Ok(db) = req.result() {
        use wasm_bindgen::JsCast;
        db.unchecked_into::<web_sys::IdbDatabase>().close();
    }
}

/// A contact's timeline, as its summaries, newest first.
async fn summaries(store: &Store, contact: ContactId) -> Vec<String> {
    let timeline = store.timeline(contact).await.unwrap().items;
    timeline.into_iter().map(|i| i.summary).collect()
}

fn interaction(contact: &Contact, n: u8, days_ago: i64, kind: InteractionKind) -> Interaction {
    let at = fixed_now() - chrono::Duration::days(days_ago);
    Interaction {
        id: InteractionId::from_random_bytes([n; 16]),
        contact_id: contact.id,
        at,
        time_known: true,
        channel: Channel::Phone,
        direction: Direction::Outbound,
        kind,
        summary: format!("#{n}"),
        details: String::new(),
        amount: None,
        product: String::new(),
        status: kind.has_status().then_some(Status::Open),
        deal_id: None,
        created_at: at,
        updated_at: at,
        deleted_at: None,
        rev: Default::default(),
        revisions: Default::default(),
        conflicts: Vec::new(),
    }
}

#[wasm_bindgen_test]
async fn interactions_timeline_history_open_items_and_activity_pages() {
    let name = "test-interactions";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let book = sample_book(fixed_now());
    let (a, b) = (&book[8], &book[9]);
    store
        .put_contacts([(a, &[][..]), (b, &[][..])])
        .await
        .unwrap();
    for (n, days) in [(1u8, 30), (2, 10), (3, 20)] {
        log(&store, &interaction(a, n, days, InteractionKind::Call)).await;
    }
    let mut complaint = interaction(b, 9, 5, InteractionKind::Complaint);
    let events = log(&store, &complaint).await;
    bump(&mut complaint);
    assert_eq!(events.len(), 1);
    let timeline: Vec<String> = summaries(&store, a.id).await;
    assert_eq!(timeline, ["#2", "#3", "#1"], "newest first");
    assert_eq!(
        store.open_items().await.unwrap().items,
        vec![complaint.clone()]
    );
    // The history is stored with the contact.
    let loaded = store.load_contacts().await.unwrap();
    let (_, history) = loaded.items.iter().find(|(c, _)| c.id == a.id).unwrap();
    assert_eq!(history.len(), 3);
    // Activity in pages of two, newest first, across contacts.
    let first = store.activity_page(None, None, 2).await.unwrap().items;
    assert_eq!(
        first.iter().map(|i| i.summary.as_str()).collect::<Vec<_>>(),
        ["#9", "#2"]
    );
    let after = bakkal::store::reverse_time_key(&first[1]);
    let second = store
        .activity_page(Some(&after), None, 2)
        .await
        .unwrap()
        .items;
    assert_eq!(
        second
            .iter()
            .map(|i| i.summary.as_str())
            .collect::<Vec<_>>(),
        ["#3", "#1"]
    );
    // Resolving removes it from the open items.
    let mut resolved = complaint.clone();
    resolved.resolve(fixed_now().date_naive(), fixed_now());
    log(&store, &resolved).await;
    assert!(store.open_items().await.unwrap().items.is_empty());
    store.close();
}

#[wasm_bindgen_test]
async fn deleting_a_contact_tombstones_its_history_and_undo_restores_it() {
    let name = "test-delete-undo";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let mut c = revised(sample_book(fixed_now())[10].clone());
    store.put_contacts([(&c, &[][..])]).await.unwrap();
    log(&store, &interaction(&c, 1, 3, InteractionKind::Call)).await;
    let mut earlier = interaction(&c, 2, 4, InteractionKind::Note);
    earlier.tombstone(fixed_now() - chrono::Duration::days(1)); // deleted before, on its own
    log(&store, &earlier).await;
    // Its deals: one live, one deleted on its own before.
    let live_deal = stored_deal(&store, 1, c.id).await;
    let mut gone_deal = stored_deal(&store, 2, c.id).await;
    let shown = gone_deal.rev.clone();
    gone_deal.tombstone(fixed_now() - chrono::Duration::days(1));
    bump(&mut gone_deal);
    store
        .put_checked(&[(gone_deal.clone(), shown)])
        .await
        .unwrap();
    let both = [live_deal.id, gone_deal.id];
    assert_eq!(deals_deleted(&store, both).await, [false, true]);
    let deleted_at = fixed_now();
    let base = c.rev.clone();
    c.tombstone(deleted_at);
    bump(&mut c);
    let Outcome::Done(events) = store
        .set_contact_deleted(&c, &base, deleted_at, false)
        .await
        .unwrap()
    else {
        panic!("stale")
    };
    assert!(events.is_empty());
    assert!(store.timeline(c.id).await.unwrap().items.is_empty());
    assert_eq!(
        deals_deleted(&store, both).await,
        [true, true],
        "its live deal goes with it"
    );
    // A write from the revision before the deletion (a stale tab) is refused.
    let stale = store
        .set_contact_deleted(&c, &base, deleted_at, true)
        .await
        .unwrap();
    assert!(matches!(stale, Outcome::Stale(Some(_))));
    let base = c.rev.clone();
    c.restore(fixed_now() + chrono::Duration::seconds(5));
    bump(&mut c);
    let Outcome::Done(events) = store
        .set_contact_deleted(&c, &base, deleted_at, true)
        .await
        .unwrap()
    else {
        panic!("stale")
    };
    assert_eq!(events.len(), 1, "only what the delete removed comes back");
    assert_eq!(
        deals_deleted(&store, both).await,
        [false, true],
        "its deal comes back, the one deleted before does not"
    );
    let back: Vec<String> = summaries(&store, c.id).await;
    assert_eq!(back, ["#1"]);
    store.close();
}

/// Settings (value weights, saved segments) are written one key at a time, replace the
/// earlier value of their key, and read back exactly; a contact's strategic importance
/// survives the round trip.
#[wasm_bindgen_test]
async fn settings_replace_by_key_and_read_back() {
    use bakkal_core::analysis::value::ValueSettings;
    use bakkal_core::io::backup::Setting;
    let name = "test-settings";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let mut v = ValueSettings::default();
    v.weights.recency = 7.5;
    let first = revised(Setting::new(
        ValueSettings::KEY,
        ValueSettings::default().to_json(),
        fixed_now(),
    ));
    let mut second = first.clone();
    second.value = v.to_json();
    second.updated_at = fixed_now() + chrono::Duration::seconds(1);
    bump(&mut second);
    store.put_setting(&first).await.unwrap();
    store.put_setting(&second).await.unwrap();
    let loaded = store.settings().await.unwrap();
    assert!(loaded.problem.is_none());
    assert_eq!(loaded.items, vec![second.clone()]);
    assert_eq!(ValueSettings::from_json(&loaded.items[0].value), v);

    let mut c = sample_book(fixed_now())[3].clone();
    c.strategic = Some(4);
    store.put_contacts([(&c, &[][..])]).await.unwrap();
    let back = store.load_contacts().await.unwrap();
    assert_eq!(back.items[0].0.strategic, Some(4));
    store.close();
}

/// Two tabs (two connections) write the same contact from the same revision at the same
/// moment: exactly one write lands, the other is told what is stored now.
#[wasm_bindgen_test]
async fn two_writers_racing_on_one_record_never_overwrite_each_other() {
    let name = "test-race";
    fresh(name).await;
    let tab_a = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let tab_b = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let c = revised(sample_book(fixed_now())[5].clone());
    tab_a.put_contacts([(&c, &[][..])]).await.unwrap();
    let base = c.rev.clone();
    let mut a = c.clone();
    a.phones[0].value = "+90 555 000 00 01".into();
    bump(&mut a);
    let mut b = c.clone();
    b.notes = "from tab B".into();
    bump(&mut b);
    let (wa, wb) = ([(a.clone(), base.clone())], [(b.clone(), base.clone())]);
    let (ra, rb) = futures::join!(tab_a.put_checked(&wa), tab_b.put_checked(&wb));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    let stored = tab_a.load_contacts().await.unwrap().items[0].0.clone();
    match (ra, rb) {
        (Outcome::Done(()), Outcome::Stale(Some(seen))) => {
            assert_eq!(stored, a);
            assert_eq!(seen, a, "the loser sees the winner's version");
        }
        (Outcome::Stale(Some(seen)), Outcome::Done(())) => {
            assert_eq!(stored, b);
            assert_eq!(seen, b);
        }
        other => panic!("exactly one write must land: {other:?}"),
    }
    tab_a.close();
    tab_b.close();
}

/// A stale tab's contact edit keeps the history the store holds (derived data is never
/// written from a tab's memory).
#[wasm_bindgen_test]
async fn a_contact_write_keeps_the_stored_history() {
    let name = "test-history-kept";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let c = revised(sample_book(fixed_now())[6].clone());
    store.put_contacts([(&c, &[][..])]).await.unwrap();
    log(&store, &interaction(&c, 7, 2, InteractionKind::Purchase)).await;
    // The other tab still has `c` with no history in memory and edits its notes.
    let mut edit = c.clone();
    edit.notes = "edited in a stale tab".into();
    bump(&mut edit);
    let r = store.put_checked(&[(edit, c.rev.clone())]).await.unwrap();
    assert_eq!(r, Outcome::Done(()));
    let loaded = store.load_contacts().await.unwrap();
    let (back, history) = &loaded.items[0];
    assert_eq!(back.notes, "edited in a stale tab");
    assert_eq!(
        history.len(),
        1,
        "the purchase is still in the stored history"
    );
    // An interaction for a contact deleted meanwhile is refused.
    let mut gone = back.clone();
    let base = gone.rev.clone();
    gone.tombstone(fixed_now());
    bump(&mut gone);
    store
        .set_contact_deleted(&gone, &base, fixed_now(), false)
        .await
        .unwrap();
    let i = interaction(&c, 8, 1, InteractionKind::Call);
    assert_eq!(
        store.save_interaction(&i, &Rev::default(), None).await,
        Err(StoreError::ContactGone)
    );
    store.close();
}

/// Whether each of these stored deals is deleted (false for one not stored).
async fn deals_deleted<const N: usize>(
    store: &Store,
    ids: [bakkal_core::model::deal::DealId; N],
) -> [bool; N] {
    let stored = store.deals().await.unwrap().items;
    ids.map(|id| stored.iter().any(|d| d.id == id && d.is_deleted()))
}

/// A new deal "Denetim" in Lead with `contact`, written to `store` as a new record.
async fn stored_deal(store: &Store, n: u8, contact: ContactId) -> bakkal_core::model::deal::Deal {
    let mut deal = bakkal_core::model::deal::Deal::new(
        bakkal_core::model::deal::DealId::from_random_bytes([n; 16]),
        contact,
        "Denetim",
        bakkal_core::model::deal::StageId::new("lead"),
        fixed_now(),
    );
    ensure_rev(&mut deal);
    store
        .put_checked(&[(deal.clone(), Rev::default())])
        .await
        .unwrap();
    deal
}

/// A file of contacts alone, as the store's import takes it.
fn only_contacts(contacts: &[Contact]) -> Records {
    Records {
        contacts: contacts.to_vec(),
        ..Records::default()
    }
}

/// Interactions alone, as a pull brings them.
fn only_interactions(interactions: &[Interaction]) -> Records {
    Records {
        interactions: interactions.to_vec(),
        ..Records::default()
    }
}

fn many_contacts(n: usize, seed: u8) -> Vec<Contact> {
    (0..n)
        .map(|i| {
            let mut b = [seed; 16];
            b[..8].copy_from_slice(&(i as u64).to_le_bytes());
            revised(Contact::new(
                ContactId::from_random_bytes(b),
                format!("Kişi {i}"),
                fixed_now(),
            ))
        })
        .collect()
}

/// A failure between chunks of an import (injected after every record was put) leaves
/// the book exactly as it was.
#[wasm_bindgen_test]
async fn an_import_that_fails_midway_writes_nothing() {
    let before = many_contacts(10, 1);
    let store = holding("test-import-fails", &before).await;
    let set_fail = |v: &str| {
        js_sys::Reflect::set(
            &js_sys::global(),
            &"__bakkalFail".into(),
            &wasm_bindgen::JsValue::from_str(v),
        )
        .unwrap();
    };
    set_fail("after-records");
    let big = many_contacts(4500, 2); // more than two chunks of 2,000
    let r = store.import(&only_contacts(&big), false, |_, _| {}).await;
    set_fail("");
    assert!(
        matches!(r, Err(StoreError::Failed(ref m)) if m.contains("injected")),
        "{r:?}"
    );
    let after: Vec<Contact> = store
        .load_contacts()
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(by_id(after), by_id(before));
    store.close();
}

/// Replace keeps the book it replaces; Undo puts it back exactly, every store.
#[wasm_bindgen_test]
async fn replace_can_be_undone_exactly() {
    let name = "test-replace-undo";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let before = many_contacts(30, 3);
    store
        .put_contacts(before.iter().map(|c| (c, &[][..])))
        .await
        .unwrap();
    log(
        &store,
        &interaction(&before[0], 1, 3, InteractionKind::Purchase),
    )
    .await;
    let deal = stored_deal(&store, 5, before[0].id).await;
    let loaded_before = store.load_contacts().await.unwrap().items;
    let records_before = store.all_records().await.unwrap();
    assert_eq!(
        records_before.deals,
        vec![deal],
        "the deal is part of the book"
    );
    assert!(!store.has_snapshot().await.unwrap());
    let file = many_contacts(4, 4);
    store
        .import(&only_contacts(&file), true, |_, _| {})
        .await
        .unwrap();
    assert_eq!(store.load_contacts().await.unwrap().items.len(), 4);
    assert!(
        store.deals().await.unwrap().items.is_empty(),
        "a Replace by a file without deals leaves none"
    );
    assert!(store.has_snapshot().await.unwrap());
    assert!(store.undo_replace().await.unwrap());
    let mut back = store.load_contacts().await.unwrap().items;
    let mut want = loaded_before;
    bakkal_core::sort::by_key(&mut back, |(c, _)| c.id);
    bakkal_core::sort::by_key(&mut want, |(c, _)| c.id);
    assert_eq!(back, want, "contacts and their histories, exactly");
    assert_eq!(store.all_records().await.unwrap(), records_before);
    assert!(!store.has_snapshot().await.unwrap());
    assert!(!store.undo_replace().await.unwrap(), "nothing left to undo");
    store.close();
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
// Puts a golden dump back into IndexedDB exactly as the old version left it: its stores,
// key paths and indexes, and every raw record.
export function restore_dump(name, text) {
  const dump = JSON.parse(text);
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, dump.db_version);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const [store, s] of Object.entries(dump.schema)) {
        const os = db.createObjectStore(store, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const [ix, i] of Object.entries(s.indexes)) os.createIndex(ix, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
      for (const [store, records] of Object.entries(dump.stores)) {
        for (const r of records) req.transaction.objectStore(store).put(r);
      }
    };
    req.onsuccess = () => { req.result.close(); resolve(); };
    req.onerror = () => reject(req.error);
  });
}
"#)]
extern "C" {
    fn restore_dump(name: &str, text: &str) -> js_sys::Promise;
}

/// The documents of one store of a golden dump, parsed as today's code reads them.
fn dump_docs<T: Revised>(dump: &serde_json::Value, store: &str) -> Vec<T> {
    dump["stores"][store]
        .as_array()
        .map(|records| {
            records
                .iter()
                .map(|r| revised(serde_json::from_str(r["doc"].as_str().unwrap()).unwrap()))
                .collect()
        })
        .unwrap_or_default()
}

/// Databases written by the code of every earlier schema version (tests/golden/, see
/// DB-DUMPS.md) open with today's code: every record intact, the first page works, and an
/// edit of an old record is a checked write like any other.
#[wasm_bindgen_test]
async fn golden_databases_of_every_earlier_version_open_intact() {
    use bakkal_core::model::settings;
    for (v, text) in [
        (1, include_str!("golden/db-v1.json")),
        (2, include_str!("golden/db-v2.json")),
        (3, include_str!("golden/db-v3.json")),
    ] {
        let name = format!("test-golden-v{v}");
        fresh(&name).await;
        wasm_bindgen_futures::JsFuture::from(restore_dump(&name, text))
            .await
            .unwrap();
        let dump: serde_json::Value = serde_json::from_str(text).unwrap();
        let store = Store::open_at(&name, schema::CURRENT_VERSION, || {})
            .await
            .unwrap();
        let loaded = store.load_contacts().await.unwrap();
        assert!(loaded.problem.is_none(), "v{v}");
        let contacts: Vec<Contact> = loaded.items.iter().map(|(c, _)| c.clone()).collect();
        assert_eq!(
            by_id(contacts.clone()),
            by_id(dump_docs(&dump, "contacts")),
            "v{v}"
        );
        let live = contacts.iter().filter(|c| !c.is_deleted()).count();
        let want_live = if v == 3 { 49 } else { 47 };
        assert_eq!(live, want_live, "v{v}: one contact of the dump is deleted");
        let (page, total) = store.first_page(60).await.unwrap();
        assert_eq!(
            (page.items.len(), total as usize),
            (live, live),
            "v{v}: the first page works"
        );
        if v == 2 {
            let Records {
                interactions: i,
                follow_ups: f,
                settings: s,
                ..
            } = store.all_records().await.unwrap();
            let mut want_i: Vec<Interaction> = dump_docs(&dump, "interactions");
            let mut got_i = i.clone();
            bakkal_core::sort::by_key(&mut want_i, |x| x.id);
            bakkal_core::sort::by_key(&mut got_i, |x| x.id);
            assert_eq!(got_i, want_i);
            assert_eq!(f.len(), 2);
            // The purchase's contact keeps the history the old version stored beside it.
            let buyer = want_i
                .iter()
                .find(|i| i.amount.is_some())
                .map(|i| i.contact_id)
                .unwrap();
            let history = loaded
                .items
                .iter()
                .find(|(c, _)| c.id == buyer)
                .map(|(_, h)| h.len());
            assert_eq!(history, Some(2), "the stored history is read");
            assert_eq!(
                store.open_items().await.unwrap().items.len(),
                1,
                "the open complaint"
            );
            assert_eq!(store.open_follow_ups().await.unwrap().items.len(), 1);
            let read = settings::read(&s);
            assert_eq!(read.value.lapse_days, 300);
            assert_eq!(read.segments.0[0].name, "VIP İstanbul");
            assert!(read.problems.is_empty());
        }
        if v == 3 {
            let Records {
                interactions: i,
                follow_ups: f,
                settings: s,
                ..
            } = store.all_records().await.unwrap();
            assert_eq!((i.len(), f.len()), (6, 3));
            let kept = contacts
                .iter()
                .find(|c| c.id.to_string().starts_with("a00720c3"))
                .unwrap();
            assert!(
                bakkal_core::model::rev::has_conflicts(kept),
                "the kept conflict"
            );
            let read = settings::read(&s);
            assert_eq!(read.value.lapse_days, 270);
            let names: Vec<&str> = read.segments.0.iter().map(|x| x.name.as_str()).collect();
            assert_eq!(names, ["VIP İstanbul"], "the removed segment stays removed");
            // The Replace before the dump can still be undone.
            assert!(store.has_snapshot().await.unwrap());
        } else {
            assert!(!store.has_snapshot().await.unwrap());
        }
        // Nothing old is in the change log: a first sync push walks the whole book.
        assert_eq!(store.changes_since(0.0, 10).await.unwrap(), (vec![], None));
        // An old record (no revision stored) is edited with a checked write.
        let mut c = contacts.iter().find(|c| !c.is_deleted()).unwrap().clone();
        let base = c.rev.clone();
        c.notes = "edited after the upgrade".into();
        bump(&mut c);
        let key = c.id.to_string();
        assert_eq!(
            store.put_checked(&[(c, base)]).await.unwrap(),
            Outcome::Done(())
        );
        let (noted, last) = store.changes_since(0.0, 10).await.unwrap();
        assert_eq!(noted, vec![(schema::CONTACTS.to_string(), key)], "v{v}");
        assert!(last.is_some());
        store.close();
    }
}

/// Sync pushes from this device's change log: every write of a book record is noted (in
/// bulk for imports), derived rewrites and records pulled from the server are not, and a
/// compacted log says where it now starts.
#[wasm_bindgen_test]
async fn the_change_log_notes_this_devices_writes_only() {
    let name = "test-change-log";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let book = sample_book(fixed_now());
    let c = revised(book[0].clone());
    store.put_contacts([(&c, &[][..])]).await.unwrap();
    log(&store, &interaction(&c, 1, 3, InteractionKind::Call)).await;
    let (noted, last) = store.changes_since(0.0, 100).await.unwrap();
    let key = |s: &str, k: String| (s.to_string(), k);
    assert_eq!(
        noted,
        vec![
            key(schema::CONTACTS, c.id.to_string()),
            // The contact's history was rewritten too, but that is derived: not noted.
            key(
                schema::INTERACTIONS,
                InteractionId::from_random_bytes([1; 16]).to_string()
            ),
        ]
    );
    let after_own = last.unwrap();
    // An import notes its records in bulk.
    let others: Vec<Contact> = book[1..4].iter().cloned().map(revised).collect();
    store
        .import(&only_contacts(&others), false, |_, _| {})
        .await
        .unwrap();
    let (bulk, last) = store.changes_since(after_own, 100).await.unwrap();
    assert_eq!(bulk.len(), 3);
    assert!(bulk.iter().all(|(s, _)| s == schema::CONTACTS));
    let after_import = last.unwrap();
    // Records pulled from the server are stored, merged, and not noted.
    let pulled = revised(book[5].clone());
    store
        .apply_pulled(&only_contacts(std::slice::from_ref(&pulled)), true)
        .await
        .unwrap();
    assert_eq!(
        store.changes_since(after_import, 100).await.unwrap(),
        (vec![], None)
    );
    assert_eq!(
        store
            .get_many::<Contact>(&[pulled.id.to_string()])
            .await
            .unwrap(),
        vec![pulled]
    );
    assert_eq!(store.count_changes_since(0.0).await.unwrap(), 3);
    // Compacting forgets entries up to a key and remembers the floor.
    store.compact_changes(after_own).await.unwrap();
    assert_eq!(store.changes_floor().await.unwrap(), after_own);
    assert_eq!(store.changes_since(0.0, 100).await.unwrap().0.len(), 3);
    let mark = store.mark_change().await.unwrap();
    assert!(mark > after_import);
    assert_eq!(
        store.changes_since(after_import, 100).await.unwrap(),
        (vec![], Some(mark))
    );
    // This device's own records.
    assert_eq!(store.get_local("x").await.unwrap(), None);
    store.put_local("x", "{\"a\":1}").await.unwrap();
    assert_eq!(
        store.get_local("x").await.unwrap().as_deref(),
        Some("{\"a\":1}")
    );
    store.delete_local("x").await.unwrap();
    assert_eq!(store.get_local("x").await.unwrap(), None);
    store.close();
}

/// The replicator hands a batch to IndexedDB while the previous one is still being written
/// (`Store::apply_pulled` issues its requests before awaiting anything): the second waits
/// for the first, so a contact pulled after its interactions gets its history from them,
/// and one pulled in the same batch as an existing record is merged, not overwritten.
#[wasm_bindgen_test]
async fn pulled_batches_handed_over_back_to_back_are_written_in_order() {
    use bakkal_core::io::backup::Records;
    let name = "test-pull-back-to-back";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let book: Vec<Contact> = sample_book(fixed_now())[..2]
        .iter()
        .cloned()
        .map(revised)
        .collect();
    let (c, d) = (&book[0], &book[1]);
    let calls = [
        revised(interaction(c, 1, 3, InteractionKind::Call)),
        revised(interaction(c, 2, 5, InteractionKind::Call)),
    ];
    let mut edited = d.clone();
    edited.notes = "edited elsewhere".into();
    bump(&mut edited);
    let batches = [
        Records {
            contacts: vec![d.clone()],
            interactions: calls.to_vec(),
            ..Records::default()
        },
        Records {
            contacts: vec![c.clone(), edited.clone()],
            ..Records::default()
        },
    ];
    let first = store.apply_pulled(&batches[0], false);
    let second = store.apply_pulled(&batches[1], true);
    let (first, second) = futures::join!(first, second);
    first.unwrap();
    second.unwrap();
    let loaded = store.load_contacts().await.unwrap();
    assert!(loaded.problem.is_none());
    let history = |id| {
        loaded
            .items
            .iter()
            .find(|(x, _)| x.id == id)
            .map(|(_, h)| h.len())
    };
    assert_eq!(history(c.id), Some(2), "rebuilt from the earlier batch");
    let stored = loaded.items.iter().find(|(x, _)| x.id == d.id).unwrap();
    assert_eq!(
        stored.0, edited,
        "the descendant won, merged with the first batch's"
    );
    // Without `interactions_stored`, a contact's history is not looked for.
    let other = revised(sample_book(fixed_now())[2].clone());
    let call = revised(interaction(&other, 3, 1, InteractionKind::Call));
    store
        .apply_pulled(&only_interactions(&[call]), false)
        .await
        .unwrap();
    store
        .apply_pulled(&only_contacts(std::slice::from_ref(&other)), false)
        .await
        .unwrap();
    let loaded = store.load_contacts().await.unwrap();
    let (_, h) = loaded.items.iter().find(|(x, _)| x.id == other.id).unwrap();
    assert!(h.is_empty());
    store.close();
}

#[wasm_bindgen_test]
async fn a_pull_merges_with_what_is_stored_and_rebuilds_whole_histories() {
    let name = "test-pull-merge";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let c = revised(sample_book(fixed_now())[0].clone());
    store.put_contacts([(&c, &[][..])]).await.unwrap();
    // Stored here: #1 (edited here since) and #2 (untouched).
    let first = interaction(&c, 1, 3, InteractionKind::Call);
    log(&store, &first).await;
    log(&store, &interaction(&c, 2, 5, InteractionKind::Call)).await;
    let here = store
        .get_many::<Interaction>(&[first.id.to_string()])
        .await
        .unwrap()
        .remove(0);
    // Pulled: a version of #1 edited elsewhere (a conflict with the edit here), and #3 new.
    let mut elsewhere = first.clone();
    elsewhere.summary = "edited elsewhere".into();
    ensure_rev(&mut elsewhere);
    bump(&mut elsewhere);
    let third = revised(interaction(&c, 3, 1, InteractionKind::Call));
    store
        .apply_pulled(
            &only_interactions(&[elsewhere.clone(), third.clone()]),
            true,
        )
        .await
        .unwrap();
    let merged = store
        .get_many::<Interaction>(&[first.id.to_string()])
        .await
        .unwrap()
        .remove(0);
    // Both versions are kept: the stored one was merged with, not overwritten.
    let mut revs: Vec<Rev> = std::iter::once(merged.rev().clone())
        .chain(merged.conflicts.iter().map(|v| v.rev()))
        .collect();
    bakkal_core::sort::natural(&mut revs);
    let mut expected = vec![here.rev().clone(), elsewhere.rev().clone()];
    bakkal_core::sort::natural(&mut expected);
    assert_eq!(revs, expected);
    // The history counts all three: the two stored before and the new one.
    let (_, events) = store.get_contacts(&[c.id]).await.unwrap().remove(0);
    assert_eq!(events.len(), 3);
    assert_eq!(summaries(&store, c.id).await.len(), 3);
}

#[wasm_bindgen_test]
async fn a_merge_moves_every_live_record_in_one_transaction_and_undo_moves_them_back() {
    use bakkal::store::{Move, Which};
    use bakkal_core::model::combine::merged_away;
    use std::collections::HashSet;
    let name = "test-relink";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let book = sample_book(fixed_now());
    let (kept, other) = (revised(book[0].clone()), revised(book[1].clone()));
    store
        .put_contacts([(&kept, &[][..]), (&other, &[][..])])
        .await
        .unwrap();
    log(&store, &interaction(&kept, 1, 9, InteractionKind::Call)).await;
    log(&store, &interaction(&other, 2, 3, InteractionKind::Call)).await;
    log(&store, &interaction(&other, 3, 2, InteractionKind::Call)).await;
    // A deleted interaction of the other stays where it is.
    let mut gone = interaction(&other, 4, 1, InteractionKind::Call);
    gone.tombstone(fixed_now());
    log(&store, &gone).await;
    // And a deal with the other moves with its interactions.
    stored_deal(&store, 6, other.id).await;
    let deal_of = |items: Vec<bakkal_core::model::deal::Deal>| items[0].contact_id;
    let at = fixed_now() + chrono::Duration::hours(1);
    let mut tomb = merged_away(&other, kept.id, at);
    bump(&mut tomb);
    let mut k = kept.clone();
    k.notes = "merged".into();
    bump(&mut k);
    // Started from a revision that is no longer stored: nothing is written.
    let stale = Rev::parse("1-00000000000000000000000000000000").unwrap();
    let refused = store
        .relink(
            &[(k.clone(), kept.rev.clone()), (tomb.clone(), stale)],
            Move {
                from: other.id,
                to: kept.id,
                which: Which::Live,
                at,
            },
        )
        .await
        .unwrap();
    assert!(matches!(refused, Outcome::Stale(Some(_))));
    assert_eq!(summaries(&store, other.id).await.len(), 2);
    let done = store
        .relink(
            &[
                (k.clone(), kept.rev.clone()),
                (tomb.clone(), other.rev.clone()),
            ],
            Move {
                from: other.id,
                to: kept.id,
                which: Which::Live,
                at,
            },
        )
        .await
        .unwrap();
    let Outcome::Done(r) = done else {
        panic!("stale")
    };
    assert_eq!(
        r.moved.len(),
        3,
        "the two live interactions and the deal, not the deleted interaction"
    );
    assert_eq!(deal_of(store.deals().await.unwrap().items), kept.id);
    assert_eq!((r.from_history.len(), r.to_history.len()), (0, 3));
    let mut s = summaries(&store, kept.id).await;
    bakkal_core::sort::natural(&mut s);
    assert_eq!(s, ["#1", "#2", "#3"]);
    let stored = store.get_contacts(&[kept.id, other.id]).await.unwrap();
    let find = |id| stored.iter().find(|(c, _)| c.id == id).unwrap();
    assert_eq!(
        (find(kept.id).0.notes.as_str(), find(kept.id).1.len()),
        ("merged", 3)
    );
    assert_eq!(find(other.id).0.merged_into, Some(kept.id));
    assert!(find(other.id).1.is_empty());
    // Undo: exactly what moved goes back (#1 was the kept one's own).
    let only: HashSet<String> = r.moved.iter().cloned().collect();
    let back = store
        .relink(
            &[],
            Move {
                from: kept.id,
                to: other.id,
                which: Which::Only(&only),
                at,
            },
        )
        .await
        .unwrap();
    let Outcome::Done(b) = back else {
        panic!("stale")
    };
    assert_eq!(b.moved.len(), 3);
    assert_eq!(deal_of(store.deals().await.unwrap().items), other.id);
    assert_eq!(summaries(&store, kept.id).await, ["#1"]);
    assert_eq!(summaries(&store, other.id).await.len(), 2);
    // Neither contact was written, yet both stored histories follow what moved.
    let stored = store.get_contacts(&[kept.id, other.id]).await.unwrap();
    let events = |id| stored.iter().find(|(c, _)| c.id == id).unwrap().1.len();
    assert_eq!((events(kept.id), events(other.id)), (1, 2));
}

/// Deals (schema 5): a new deal and its move are written each from the revision it started
/// from and read back; an edit from a stale revision is refused and changes nothing.
#[wasm_bindgen_test]
async fn a_deal_is_stored_and_a_stale_edit_of_it_is_refused() {
    use bakkal_core::model::deal::{Deal, DealId, StageId};
    let name = "test-deals";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let now = fixed_now();
    let mut d = Deal::new(
        DealId::from_random_bytes([7; 16]),
        ContactId::from_random_bytes([8; 16]),
        "Yıllık denetim",
        StageId::new("lead"),
        now,
    );
    d.amount = Some(bakkal_core::money::Money::new(15_000_000, "TRY"));
    let new = d.rev.clone();
    bump(&mut d);
    assert_eq!(
        store.put_checked(&[(d.clone(), new)]).await.unwrap(),
        Outcome::Done(())
    );
    let mut moved = d.clone();
    moved.move_to(StageId::new("proposal"), now).unwrap();
    bump(&mut moved);
    assert_eq!(
        store
            .put_checked(&[(moved.clone(), d.rev.clone())])
            .await
            .unwrap(),
        Outcome::Done(())
    );
    let mut stale = d.clone();
    stale.title = "from a tab that missed the move".into();
    bump(&mut stale);
    assert_eq!(
        store.put_checked(&[(stale, d.rev.clone())]).await.unwrap(),
        Outcome::Stale(Some(moved.clone()))
    );
    assert_eq!(store.deals().await.unwrap().items, vec![moved]);
    store.close();
}

/// **Mark won** with **Record as purchase** writes the deal and its purchase in one
/// transaction: both, with the contact's stored history rebuilt; and when another tab
/// changed the deal first, neither (the purchase is not logged twice, nor without the win).
#[wasm_bindgen_test]
async fn a_won_deal_and_its_purchase_are_written_together_or_not_at_all() {
    use bakkal_core::analysis::Tz;
    let name = "test-deal-won";
    fresh(name).await;
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let now = fixed_now();
    let c = revised(Contact::new(
        ContactId::from_random_bytes([3; 16]),
        "Deniz Aksoy",
        now,
    ));
    store
        .put_checked(&[(c.clone(), Rev::default())])
        .await
        .unwrap();
    let first = stored_deal(&store, 4, c.id).await;
    // Another tab set the amount: the stored deal is a revision later than `first`.
    let mut current = first.clone();
    current.amount = Some(bakkal_core::money::Money::new(25_000_000, "TRY"));
    bump(&mut current);
    store
        .put_checked(&[(current.clone(), first.rev.clone())])
        .await
        .unwrap();
    let purchase_of = |d: &mut bakkal_core::model::deal::Deal, n: u8| {
        d.mark_won(now.date_naive(), now).unwrap();
        bump(d);
        let mut p = d
            .won_purchase(InteractionId::from_random_bytes([n; 16]), Tz(0), now)
            .unwrap();
        bump(&mut p);
        p
    };

    // A tab that still shows the first revision wins it: refused, nothing written.
    let mut won_old = first.clone();
    let p_old = purchase_of(&mut won_old, 5);
    assert_eq!(
        store
            .save_interaction_and(&p_old, &Rev::default(), None, Some((&won_old, &first.rev)))
            .await,
        Err(StoreError::DealChanged)
    );
    assert!(
        summaries(&store, c.id).await.is_empty(),
        "no purchase without the win"
    );
    assert_eq!(store.deals().await.unwrap().items, vec![current.clone()]);

    // From the stored revision: both, and the contact's history has the purchase.
    let mut won = current.clone();
    let p = purchase_of(&mut won, 6);
    match store
        .save_interaction_and(&p, &Rev::default(), None, Some((&won, &current.rev)))
        .await
        .unwrap()
    {
        Outcome::Done(events) => assert_eq!(events.len(), 1),
        Outcome::Stale(_) => panic!("unexpected stale write"),
    }
    assert_eq!(store.deals().await.unwrap().items, vec![won.clone()]);
    let timeline = store.timeline(c.id).await.unwrap().items;
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].deal_id, Some(won.id));
    assert_eq!(timeline[0].amount, current.amount);
    store.close();
}

/// Search everything's index kept between visits: a set of parts is read back only once
/// made current, a newer set replaces it, the interactions written since a moment are
/// found whoever wrote them (this device, a pull from the server, a deletion), in pages,
/// and a Replace or its Undo forgets the kept index.
#[wasm_bindgen_test]
async fn the_kept_search_index_and_the_interactions_written_since() {
    let name = "test-kept-index";
    let c = revised(sample_book(fixed_now())[0].clone());
    let store = holding(name, std::slice::from_ref(&c)).await;
    assert!(store.stored_index().await.unwrap().is_none());
    let parts = |kept: Option<bakkal::store::StoredIndex>| {
        kept.map(|k| {
            (
                k.since,
                k.parts.iter().map(|p| p.to_vec()).collect::<Vec<_>>(),
            )
        })
    };
    let put_set = |set: &'static str, parts: &'static [&'static [u8]]| {
        let store = store.clone();
        async move {
            for (n, p) in parts.iter().enumerate() {
                store.put_index_part(set, n as u32, p).await.unwrap();
            }
        }
    };
    put_set("000000000000001", &[b"abc"]).await;
    assert!(
        store.stored_index().await.unwrap().is_none(),
        "not made current"
    );
    store
        .finish_stored_index("000000000000001", 1, 5.0)
        .await
        .unwrap();
    assert_eq!(
        parts(store.stored_index().await.unwrap()),
        Some((5.0, vec![b"abc".to_vec()]))
    );
    put_set("000000000000002", &[b"de", b"f"]).await;
    // Half written: the current set is still the first one.
    assert_eq!(parts(store.stored_index().await.unwrap()).unwrap().0, 5.0);
    store
        .finish_stored_index("000000000000002", 2, 9.0)
        .await
        .unwrap();
    assert_eq!(
        parts(store.stored_index().await.unwrap()),
        Some((9.0, vec![b"de".to_vec(), b"f".to_vec()]))
    );
    assert_eq!(
        store.count(schema::LOCAL).await.unwrap(),
        3,
        "the older set is forgotten: the meta record and two parts"
    );
    // A set that says it has more parts than are stored is not read.
    store
        .finish_stored_index("000000000000002", 3, 9.0)
        .await
        .unwrap();
    assert!(store.stored_index().await.unwrap().is_none());

    // Interactions written since a moment: here, deleted here, pulled from the server.
    let before = js_sys::Date::now();
    let ids_since = |since: f64, page: u32| {
        let store = store.clone();
        async move {
            let mut ids = Vec::new();
            let mut after = None;
            loop {
                let (docs, next) = store
                    .interactions_written_since(since, after.as_ref(), page)
                    .await
                    .unwrap();
                ids.extend(
                    docs.iter()
                        .map(|d| serde_json::from_str::<Interaction>(d).unwrap().summary),
                );
                match next {
                    Some(k) => after = Some(k),
                    None => break,
                }
            }
            // Oldest write first; writes within one millisecond by id.
            bakkal_core::sort::natural(&mut ids);
            ids
        }
    };
    for n in 1..=3 {
        log(&store, &interaction(&c, n, n.into(), InteractionKind::Call)).await;
    }
    let mut gone = store
        .get_many::<Interaction>(&[interaction(&c, 2, 2, InteractionKind::Call).id.to_string()])
        .await
        .unwrap()
        .remove(0);
    gone.tombstone(fixed_now());
    log(&store, &gone).await;
    let pulled = revised(interaction(&c, 4, 1, InteractionKind::Call));
    store
        .apply_pulled(&only_interactions(&[pulled]), true)
        .await
        .unwrap();
    assert_eq!(ids_since(before, 100).await, ["#1", "#2", "#3", "#4"]);
    assert_eq!(
        ids_since(before, 1).await,
        ["#1", "#2", "#3", "#4"],
        "page by page"
    );
    assert!(ids_since(js_sys::Date::now() + 1000.0, 10).await.is_empty());
    assert_eq!(store.count_live_interactions().await.unwrap(), 3);

    // A Replace forgets the kept index, and so does its Undo.
    store
        .finish_stored_index("000000000000002", 2, 9.0)
        .await
        .unwrap();
    assert!(store.stored_index().await.unwrap().is_some());
    store
        .import(&only_contacts(std::slice::from_ref(&c)), true, |_, _| {})
        .await
        .unwrap();
    assert!(store.stored_index().await.unwrap().is_none());
    put_set("000000000000003", &[b"x"]).await;
    store
        .finish_stored_index("000000000000003", 1, 1.0)
        .await
        .unwrap();
    assert!(store.undo_replace().await.unwrap());
    assert!(store.stored_index().await.unwrap().is_none());
    assert_eq!(
        store.count_live_interactions().await.unwrap(),
        3,
        "the Undo's book"
    );
    store.close();
}

/// A database written by version 5's code (tests/golden/db-v5.json: the Turkish sample
/// book with its deals and follow-ups, one interaction edited and one deleted, sync's
/// identity in `local`) opens at today's version with every record intact. Its
/// interactions were written before records carried a write time, so none counts as
/// written since any moment and no search index is kept; an edit of one of them does.
#[wasm_bindgen_test]
async fn a_version_5_database_gains_write_times_for_new_writes_only() {
    use bakkal_core::model::deal::Deal;
    use bakkal_core::FollowUp;
    let text = include_str!("golden/db-v5.json");
    let name = "test-golden-v5";
    fresh(name).await;
    wasm_bindgen_futures::JsFuture::from(restore_dump(name, text))
        .await
        .unwrap();
    let dump: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(dump["db_version"], 5);
    let store = Store::open_at(name, schema::CURRENT_VERSION, || {})
        .await
        .unwrap();
    let loaded = store.load_contacts().await.unwrap();
    assert!(loaded.problem.is_none());
    let contacts: Vec<Contact> = loaded.items.iter().map(|(c, _)| c.clone()).collect();
    assert_eq!(by_id(contacts), by_id(dump_docs(&dump, "contacts")));
    let records = store.all_records().await.unwrap();
    let sorted = |mut v: Vec<Interaction>| {
        bakkal_core::sort::by_key(&mut v, |i| i.id);
        v
    };
    let stored = sorted(records.interactions);
    assert_eq!(stored, sorted(dump_docs(&dump, "interactions")));
    assert_eq!(stored.len(), 533);
    let mut follow_ups: Vec<FollowUp> = dump_docs(&dump, "followups");
    let mut read = records.follow_ups;
    bakkal_core::sort::by_key(&mut follow_ups, |f| f.id);
    bakkal_core::sort::by_key(&mut read, |f| f.id);
    assert_eq!(read, follow_ups);
    assert_eq!(records.deals.len(), dump_docs::<Deal>(&dump, "deals").len());
    assert_eq!(
        store.get_local("book-id").await.unwrap().as_deref(),
        Some("\"golden-book\"")
    );
    assert_eq!(store.count_live_interactions().await.unwrap(), 532);
    assert!(store.stored_index().await.unwrap().is_none());
    let (since_ever, _) = store
        .interactions_written_since(0.0, None, 1000)
        .await
        .unwrap();
    assert!(since_ever.is_empty(), "old records carry no write time");
    let mut edited = stored.iter().find(|i| !i.is_deleted()).cloned().unwrap();
    edited.summary = "Sürüm 6'da düzenlendi".into();
    log(&store, &edited).await;
    let (since_ever, _) = store
        .interactions_written_since(0.0, None, 1000)
        .await
        .unwrap();
    assert_eq!(since_ever.len(), 1);
    assert!(since_ever[0].contains("Sürüm 6'da düzenlendi"));
    store.close();
}
