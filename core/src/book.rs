//! The in-memory book: every contact (tombstones included), the live ones kept in Turkish
//! alphabetical order with their search text, so that the list and each keystroke of a
//! search are answered from memory.

use crate::analysis::history::Event;
use crate::analysis::value::{Facts, Scoring};
use crate::analysis::Tz;
use crate::route::ListOrder;
use crate::search::{search_text, Pairs, Query};
use crate::segment::Segment;
use crate::text::{collation_key, CollationKey};
use crate::{Contact, ContactId, IdMap, Organisation};
use std::collections::HashSet;

#[derive(Debug, Clone)]
struct Row {
    id: ContactId,
    key: CollationKey,
    haystack: String,
    pairs: Pairs,
}

#[derive(Debug, Clone, Default)]
pub struct Book {
    contacts: IdMap<ContactId, Contact>,
    /// Live contacts in display order.
    rows: Vec<Row>,
    /// Bumped on every change, so a cached search result can tell it is stale.
    generation: u64,
    /// Each contact's history (compact events of its live interactions, oldest first).
    histories: IdMap<ContactId, Vec<Event>>,
    /// Which book this is (a new one for each full load), and the generation at which
    /// each contact or its history last changed: what derived data (the facts) must
    /// recompute (`changed_since`).
    instance: u64,
    touched: IdMap<ContactId, u64>,
}

/// [`Book::from_records`] a slice at a time, so that the app can let the page answer
/// between slices: each live contact's row (its collation key and folded search text) for
/// 50,000 contacts was one task of 200–350 ms at start-up.
pub struct BookInProgress {
    book: Book,
    /// The live contacts whose rows are still to be made.
    live: Vec<ContactId>,
    rows: Vec<Row>,
}

impl BookInProgress {
    pub fn new(records: Vec<(Contact, Vec<Event>)>) -> Self {
        let n = records.len();
        let mut contacts = IdMap::with_capacity_and_hasher(n, Default::default());
        let mut histories = IdMap::default();
        for (c, h) in records {
            if !h.is_empty() {
                histories.insert(c.id, in_time_order(h));
            }
            contacts.insert(c.id, c);
        }
        // (The last record of an id is the one kept.)
        let live: Vec<ContactId> = contacts
            .values()
            .filter(|c: &&Contact| !c.is_deleted())
            .map(|c| c.id)
            .collect();
        BookInProgress {
            rows: Vec::with_capacity(live.len()),
            live,
            book: Book {
                contacts,
                rows: Vec::new(),
                generation: 0,
                histories,
                instance: INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                touched: IdMap::default(),
            },
        }
    }

    /// Makes the next `n` rows (from the end of `live`); gives whether every row is made.
    pub fn step(&mut self, n: usize) -> bool {
        let from = self.live.len().saturating_sub(n);
        for id in self.live.drain(from..) {
            if let Some(c) = self.book.contacts.get(&id) {
                self.rows.push(self.book.row(c));
            }
        }
        self.live.is_empty()
    }

    /// The book, its rows in display order (whatever rows are still to be made are made
    /// first).
    pub fn finish(mut self) -> Book {
        self.step(usize::MAX);
        let mut rows = self.rows;
        crate::sort::by(&mut rows, |a, b| a.key.cmp(&b.key).then(a.id.cmp(&b.id)));
        self.book.rows = rows;
        self.book
    }
}

/// A history oldest first, as the book keeps every history (stored ones already are).
fn in_time_order(mut events: Vec<Event>) -> Vec<Event> {
    if !events.is_sorted_by_key(|e| e.at) {
        crate::sort::by_key(&mut events, |e| e.at);
    }
    events
}

/// Numbers each book built from scratch.
static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Where a book stands: which book, and how many changes it has seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Version {
    instance: u64,
    generation: u64,
}

/// The ids matching a query, in display order, remembering what produced them so the next
/// keystroke can narrow them instead of scanning the book again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResult {
    pub ids: Vec<ContactId>,
    query: Query,
    order: ListOrder,
    positions: Vec<u32>,
    generation: u64,
}

/// What [`Book::most_recent`] found: how many, the first few, and every match's row, so the
/// next keystroke narrows them instead of scanning the book again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recent {
    pub total: usize,
    pub ids: Vec<ContactId>,
    query: Query,
    positions: Vec<u32>,
    generation: u64,
}

impl Book {
    /// Builds the book from everything the store holds.
    pub fn from_contacts(contacts: impl IntoIterator<Item = Contact>) -> Self {
        Book::from_records(contacts.into_iter().map(|c| (c, Vec::new())).collect())
    }

    /// Builds the book from stored contacts with their histories.
    pub fn from_records(records: Vec<(Contact, Vec<Event>)>) -> Self {
        let mut b = BookInProgress::new(records);
        b.step(usize::MAX);
        b.finish()
    }

    fn row(&self, c: &Contact) -> Row {
        let haystack = search_text(c, self.organisation_name(c));
        Row {
            id: c.id,
            key: collation_key(&c.display_name),
            pairs: Pairs::of(&haystack),
            haystack,
        }
    }

    /// Number of live (not deleted) contacts.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// A live contact by id (deleted ones are not returned).
    pub fn get(&self, id: ContactId) -> Option<&Contact> {
        self.contacts.get(&id).filter(|c| !c.is_deleted())
    }

    /// A contact by id, tombstones included (for Undo).
    pub fn get_any(&self, id: ContactId) -> Option<&Contact> {
        self.contacts.get(&id)
    }

    /// For a contact that shares its name with another live contact, what tells them
    /// apart in a list: its firm, else its city, job title or first e-mail. `None` when
    /// the name is unique (or nothing tells them apart).
    pub fn namesake_hint(&self, id: ContactId) -> Option<String> {
        let c = self.get(id)?;
        let key = collation_key(&c.display_name);
        // Rows are sorted by name: namesakes sit side by side.
        let from = self.rows.partition_point(|r| r.key < key);
        if self.rows[from..]
            .iter()
            .take_while(|r| r.key == key)
            .count()
            < 2
        {
            return None;
        }
        [
            self.organisation_name(c).unwrap_or(""),
            c.city(),
            c.job_title.as_str(),
            c.emails.first().map_or("", |e| e.value.as_str()),
        ]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map(str::to_string)
    }

    /// Live contacts other than `c` that look like the same person or firm: the same name
    /// (folded: case and Turkish letters), the same e-mail (any case), or the same phone
    /// number (its last ten digits, so `+90 532…` and `0532…` match). Name order.
    pub fn possible_duplicates(&self, c: &Contact) -> Vec<ContactId> {
        let fold = |s: &str| crate::text::fold(s.trim());
        let phone = |s: &str| {
            let d: String = s.chars().filter(char::is_ascii_digit).collect();
            (d.len() >= 7).then(|| d[d.len().saturating_sub(10)..].to_string())
        };
        let name = fold(&c.display_name);
        let emails: Vec<String> = c
            .emails
            .iter()
            .map(|e| e.value.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        let phones: Vec<String> = c.phones.iter().filter_map(|p| phone(&p.value)).collect();
        self.iter()
            .filter(|o| o.id != c.id)
            .filter(|o| {
                (!name.is_empty() && fold(&o.display_name) == name)
                    || o.emails
                        .iter()
                        .any(|e| emails.contains(&e.value.trim().to_lowercase()))
                    || o.phones
                        .iter()
                        .filter_map(|p| phone(&p.value))
                        .any(|p| phones.contains(&p))
            })
            .map(|o| o.id)
            .collect()
    }

    pub fn organisation_name<'a>(&'a self, c: &'a Contact) -> Option<&'a str> {
        c.organisation_name(|id| self.get(id).map(|o| o.display_name.as_str()))
    }

    /// Live contacts in display order.
    pub fn iter(&self) -> impl Iterator<Item = &Contact> {
        self.rows.iter().filter_map(|r| self.contacts.get(&r.id))
    }

    /// Live organisations, for the organisation picker.
    pub fn organisations(&self) -> impl Iterator<Item = &Contact> {
        self.iter().filter(|c| c.kind == crate::Kind::Organisation)
    }

    /// Inserts or replaces a contact (a tombstone removes it from the list).
    pub fn upsert(&mut self, c: Contact) {
        self.upsert_many(vec![c]);
    }

    /// Inserts or replaces many contacts at once (a sync pull, another tab's bulk change,
    /// sample data): only their rows — and those of the members of an organisation among
    /// them, whose search text holds its name — are computed again, then merged into the
    /// sorted list in one pass. A thousand changed contacts in a book of 50,000 cost a
    /// thousand rows, not fifty thousand.
    pub fn upsert_many(&mut self, contacts: Vec<Contact>) {
        if contacts.is_empty() {
            return;
        }
        self.generation += 1;
        let mut redo: HashSet<ContactId> = HashSet::new();
        for c in contacts {
            self.touched.insert(c.id, self.generation);
            redo.insert(c.id);
            self.contacts.insert(c.id, c);
        }
        let members: Vec<ContactId> = self
            .contacts
            .values()
            .filter(
                |c| matches!(c.organisation, Some(Organisation::Linked(o)) if redo.contains(&o)),
            )
            .map(|c| c.id)
            .collect();
        redo.extend(members);
        self.rows.retain(|r| !redo.contains(&r.id));
        let mut fresh: Vec<Row> = redo
            .iter()
            .filter_map(|id| self.get(*id))
            .map(|c| self.row(c))
            .collect();
        crate::sort::by(&mut fresh, |a, b| a.key.cmp(&b.key).then(a.id.cmp(&b.id)));
        let old = std::mem::take(&mut self.rows);
        let mut rows = Vec::with_capacity(old.len() + fresh.len());
        let mut fresh = fresh.into_iter().peekable();
        for r in old {
            while let Some(f) = fresh.next_if(|f| (&f.key, f.id) < (&r.key, r.id)) {
                rows.push(f);
            }
            rows.push(r);
        }
        rows.extend(fresh);
        self.rows = rows;
    }

    /// Inserts or replaces contacts together with their compact histories, as the store
    /// reads them back after another tab, a sync pull or a bulk write changed them.
    pub fn upsert_with_histories(&mut self, read: Vec<(Contact, Vec<Event>)>) {
        let mut contacts = Vec::with_capacity(read.len());
        for (c, events) in read {
            self.set_history(c.id, events);
            contacts.push(c);
        }
        self.upsert_many(contacts);
    }

    /// The live contact whose name is `name` (ignoring case and diacritics), if any,
    /// preferring `kind` when given.
    pub fn find_by_name(&self, name: &str, kind: Option<crate::Kind>) -> Option<ContactId> {
        let wanted = crate::text::fold(name.trim());
        if wanted.is_empty() {
            return None;
        }
        self.iter()
            .filter(|c| kind.is_none_or(|k| c.kind == k))
            .find(|c| crate::text::fold(&c.display_name) == wanted)
            .map(|c| c.id)
    }

    /// Turns the names typed in the form into links: an organisation typed exactly as an
    /// organisation in the book is linked to it (free text otherwise); "referred by" must
    /// name a contact in the book.
    pub fn resolve_links(
        &self,
        draft: &mut crate::ContactDraft,
        referred_by_name: &str,
    ) -> Result<(), crate::FieldError> {
        draft.organisation_link =
            self.find_by_name(&draft.organisation, Some(crate::Kind::Organisation));
        if draft.organisation_link.is_some() {
            draft.organisation.clear();
        }
        draft.referred_by = None;
        if !referred_by_name.trim().is_empty() {
            draft.referred_by =
                Some(self.find_by_name(referred_by_name, None).ok_or_else(|| {
                    crate::FieldError {
                        field: crate::Field::ReferredBy,
                        problem: crate::model::draft::Problem::UnknownReferrer(
                            referred_by_name.trim().to_string(),
                        ),
                    }
                })?);
        }
        Ok(())
    }

    /// The first `n` contacts of `search(query, ListOrder::LastContact)` and how many it
    /// finds, without ordering every match: most recently in touch first, ties and the
    /// never contacted in name order. (Search everything shows five; a one-letter query
    /// matches most of a 50,000-contact book.) Pass the previous result to narrow it when
    /// the user only typed more.
    pub fn most_recent(&self, query: &str, n: usize, previous: Option<&Recent>) -> Recent {
        let query = Query::new(query);
        let previous = previous.map(|p| (&p.query, &p.positions[..], p.generation));
        let (positions, _) = self.rows_matching(&query, previous);
        let mut top: Vec<(Option<chrono::DateTime<chrono::Utc>>, ContactId)> =
            Vec::with_capacity(n + 1);
        for &p in &positions {
            let id = self.rows[p as usize].id;
            let last = self.last_contact(id);
            let at = top.iter().position(|(l, _)| *l < last).unwrap_or(top.len());
            top.insert(at, (last, id));
            top.truncate(n);
        }
        Recent {
            total: positions.len(),
            ids: top.into_iter().map(|(_, id)| id).collect(),
            query,
            positions,
            generation: self.generation,
        }
    }

    /// The rows matching `query`: the previous result's narrowed (in its order) when the
    /// user only typed more and the book has not changed since, and `true`; otherwise
    /// every row's, in display order, and `false`.
    fn rows_matching(
        &self,
        query: &Query,
        previous: Option<(&Query, &[u32], u64)>,
    ) -> (Vec<u32>, bool) {
        match previous {
            Some((before, positions, generation))
                if generation == self.generation && before.is_narrowed_by(query) =>
            {
                let narrowed = positions
                    .iter()
                    .copied()
                    .filter(|&p| {
                        let r = &self.rows[p as usize];
                        query.matches_with(&r.pairs, &r.haystack)
                    })
                    .collect();
                (narrowed, true)
            }
            _ => {
                let all = self
                    .rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| query.matches_with(&r.pairs, &r.haystack))
                    .map(|(i, _)| i as u32)
                    .collect();
                (all, false)
            }
        }
    }

    /// The live contacts matching `query`, in `order`. Pass the previous result to narrow
    /// it when the user only typed more.
    pub fn search(
        &self,
        query: &str,
        order: ListOrder,
        previous: Option<&SearchResult>,
    ) -> SearchResult {
        let query = Query::new(query);
        let previous = previous
            .filter(|p| p.order == order)
            .map(|p| (&p.query, &p.positions[..], p.generation));
        let (mut positions, narrowed) = self.rows_matching(&query, previous);
        if !narrowed && order == ListOrder::LastContact {
            // Most recently in touch first; never-contacted last, by name.
            crate::sort::by_cached_key(&mut positions, |&p| {
                std::cmp::Reverse(self.last_contact(self.rows[p as usize].id))
            });
        }
        positions.shrink_to_fit();
        SearchResult {
            ids: positions
                .iter()
                .map(|&p| self.rows[p as usize].id)
                .collect(),
            query,
            order,
            positions,
            generation: self.generation,
        }
    }

    /// The live contacts matching a segment query (`ali tag:vip tier:A`): its free text is
    /// searched as by [`Book::search`], then its filters are applied. `ctx` (facts, scores,
    /// the user's time zone, the deals) is needed only when the query has filters, so a plain search
    /// never waits for them.
    pub fn find(
        &self,
        segment: &Segment,
        order: ListOrder,
        previous: Option<&SearchResult>,
        ctx: Option<(&Facts, &Scoring, Tz, &crate::segment::DealIndex)>,
    ) -> SearchResult {
        let mut r = self.search(&segment.text(), order, previous);
        if let (true, Some((facts, scoring, tz, deals))) = (segment.has_filters(), ctx) {
            // `positions` stay the text matches, so the next keystroke can still narrow.
            r.ids.retain(|id| {
                self.get(*id).is_some_and(|c| {
                    segment.matches(
                        c,
                        self.organisation_name(c),
                        facts.get(*id),
                        scoring.get(*id),
                        facts.today,
                        tz,
                        deals,
                    )
                })
            });
        }
        r
    }

    /// A contact's history (empty when it has none).
    pub fn history(&self, id: ContactId) -> &[Event] {
        self.histories.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Replaces a contact's history (after its interactions changed).
    pub fn set_history(&mut self, id: ContactId, events: Vec<Event>) {
        self.generation += 1;
        self.touched.insert(id, self.generation);
        if events.is_empty() {
            self.histories.remove(&id);
        } else {
            self.histories.insert(id, in_time_order(events));
        }
    }

    /// When the contact was last in touch, if ever: the last event, as histories are
    /// kept oldest first (the list orders 50,000 contacts by it).
    pub fn last_contact(&self, id: ContactId) -> Option<chrono::DateTime<chrono::Utc>> {
        self.history(id).last().map(|e| e.at)
    }

    /// Adds every record of `other` that this book lacks or holds in an older version
    /// (by `updated_at`). Used when the full load finishes: edits made while it ran, which
    /// only the first page knew about, are kept.
    pub fn absorb_newer(&mut self, other: &Book) {
        let newer: Vec<Contact> = other
            .all_records()
            .filter(|c| {
                self.contacts
                    .get(&c.id)
                    .is_none_or(|mine| mine.updated_at < c.updated_at)
            })
            .cloned()
            .collect();
        for c in &newer {
            let h = other.history(c.id).to_vec();
            self.set_history(c.id, h);
        }
        self.upsert_many(newer);
    }

    /// Where this book stands, for [`Book::changed_since`].
    pub fn version(&self) -> Version {
        Version {
            instance: self.instance,
            generation: self.generation,
        }
    }

    /// The contacts (live or not) that changed, or whose history changed, since `v`;
    /// `None` when `v` is another book's (everything may differ).
    pub fn changed_since(&self, v: Version) -> Option<Vec<ContactId>> {
        (v.instance == self.instance && v.generation <= self.generation).then(|| {
            self.touched
                .iter()
                .filter(|(_, g)| **g > v.generation)
                .map(|(id, _)| *id)
                .collect()
        })
    }

    /// The currencies of the live contacts' purchases (what Settings → Exchange rates
    /// offers; a scan of the histories, far cheaper than the facts).
    pub fn purchase_currencies(&self) -> std::collections::BTreeSet<String> {
        self.iter()
            .flat_map(|c| self.history(c.id))
            .filter(|e| e.kind == crate::InteractionKind::Purchase)
            .filter_map(|e| e.amount.as_ref().map(|m| m.currency.clone()))
            .collect()
    }

    /// Contacts merged into another (`model::combine`): each with where its records
    /// belong now (the end of the chain), when that contact is live.
    pub fn merged_away(&self) -> Vec<(ContactId, ContactId)> {
        let next = |id: ContactId| {
            self.contacts
                .get(&id)
                .filter(|c| c.is_deleted())
                .and_then(|c| c.merged_into)
        };
        let mut v: Vec<(ContactId, ContactId)> = self
            .contacts
            .values()
            .filter(|c| next(c.id).is_some())
            .map(|c| (c.id, crate::model::combine::redirect(c.id, next)))
            .filter(|(_, to)| self.get(*to).is_some())
            .collect();
        crate::sort::natural(&mut v);
        v
    }

    /// Every contact, tombstones included (what the store holds).
    pub fn all_records(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeZone, Utc};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn c(n: u8, name: &str) -> Contact {
        Contact::new(ContactId::from_random_bytes([n; 16]), name, now())
    }

    fn names(book: &Book, r: &SearchResult) -> Vec<String> {
        r.ids
            .iter()
            .map(|id| book.get(*id).unwrap().display_name.clone())
            .collect()
    }

    #[test]
    fn find_applies_free_text_then_filters_deals_among_them() {
        use crate::analysis::value::{facts, scoring, ValueSettings};
        use crate::model::deal::{Deal, DealId, StageId};
        use crate::segment::{parse, DealIndex};
        let book = Book::from_contacts([c(1, "Ayşe Kaya"), c(2, "Ayşe Demir"), c(3, "Bora Kaya")]);
        let deal = |n: u8, contact: u8| {
            Deal::new(
                DealId::from_random_bytes([n; 16]),
                ContactId::from_random_bytes([contact; 16]),
                "Teklif",
                StageId::new("lead"),
                now(),
            )
        };
        let deals = DealIndex::new(
            &[deal(1, 1), deal(2, 3)],
            [(StageId::new("lead"), vec!["Lead".to_string()])],
        );
        let settings = ValueSettings::default();
        let f = facts(&book, &settings, now(), crate::analysis::Tz(180));
        let s = scoring(&f, &settings);
        let ctx = Some((&f, &s, crate::analysis::Tz(180), &deals));
        let find = |q: &str| {
            names(
                &book,
                &book.find(&parse(q).unwrap(), ListOrder::Name, None, ctx),
            )
        };
        assert_eq!(find("deal:open"), ["Ayşe Kaya", "Bora Kaya"]);
        assert_eq!(find("ayşe deal:lead"), ["Ayşe Kaya"]);
        assert_eq!(find("ayse -deal:open"), ["Ayşe Demir"]);
        assert_eq!(find("kaya"), ["Ayşe Kaya", "Bora Kaya"]);
        // Without the context a filter cannot be judged: the text matches stand.
        let r = book.find(
            &parse("ayşe deal:open").unwrap(),
            ListOrder::Name,
            None,
            None,
        );
        assert_eq!(names(&book, &r), ["Ayşe Demir", "Ayşe Kaya"]);
    }

    #[test]
    fn purchase_currencies_are_those_of_live_contacts_purchases() {
        use crate::analysis::history::Event;
        use crate::money::Money;
        let at = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let c = |n: u128| Contact::new(ContactId(uuid::Uuid::from_u128(n)), format!("C{n}"), at);
        let ev = |n: u8, kind, cur: &str| Event {
            id: crate::InteractionId::from_random_bytes([n; 16]),
            at,
            kind,
            channel: crate::Channel::Phone,
            amount: Some(Money {
                minor: 100,
                currency: cur.into(),
            }),
            product: String::new(),
            deal: None,
        };
        let (a, b) = (c(1), c(2));
        let mut gone = c(3);
        gone.tombstone(at);
        let mut book = Book::from_contacts([a.clone(), b.clone(), gone.clone()]);
        book.set_history(a.id, vec![ev(1, crate::InteractionKind::Purchase, "GBP")]);
        book.set_history(b.id, vec![ev(2, crate::InteractionKind::Note, "USD")]);
        book.set_history(
            gone.id,
            vec![ev(3, crate::InteractionKind::Purchase, "EUR")],
        );
        assert_eq!(
            book.purchase_currencies().into_iter().collect::<Vec<_>>(),
            ["GBP"]
        );
    }

    #[test]
    fn changed_since_names_what_changed_in_this_book_only() {
        let at = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let c = |n: u128| Contact::new(ContactId(uuid::Uuid::from_u128(n)), format!("C{n}"), at);
        let mut book = Book::from_contacts([c(1), c(2)]);
        let v = book.version();
        assert_eq!(book.changed_since(v), Some(vec![]));
        book.upsert(c(3));
        book.set_history(c(1).id, vec![]);
        let mut got = book.changed_since(v).unwrap();
        crate::sort::natural(&mut got);
        assert_eq!(got, vec![c(1).id, c(3).id]);
        // Another book, even one that has seen fewer changes, is not comparable.
        let mut other = Book::from_contacts([c(1)]);
        for _ in 0..10 {
            other.upsert(c(4));
        }
        assert_eq!(other.changed_since(v), None);
        assert_eq!(book.changed_since(other.version()), None);
    }

    #[test]
    fn merged_away_contacts_point_at_the_end_of_their_chain() {
        use crate::model::combine::merged_away;
        let at = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let c = |n: u128| Contact::new(ContactId(uuid::Uuid::from_u128(n)), format!("C{n}"), at);
        let (a, b, d, e) = (c(1), c(2), c(3), c(4));
        let mut book = Book::from_contacts([a.clone(), b.clone(), d.clone(), e.clone()]);
        assert!(book.merged_away().is_empty());
        book.upsert(merged_away(&a, b.id, at));
        book.upsert(merged_away(&b, d.id, at));
        assert_eq!(book.merged_away(), vec![(a.id, d.id), (b.id, d.id)]);
        // Merged into a contact that is deleted since: nowhere to go.
        let mut gone = d.clone();
        gone.tombstone(at);
        book.upsert(gone);
        assert!(book.merged_away().is_empty());
        // A plain deletion is not a merge.
        let mut del = e.clone();
        del.tombstone(at);
        book.upsert(del);
        assert!(book.merged_away().is_empty());
    }

    #[test]
    fn a_new_contact_matching_a_name_email_or_phone_is_a_possible_duplicate() {
        use crate::Labeled;
        let l = |v: &str| Labeled {
            label: "work".into(),
            value: v.into(),
        };
        let mut sule = c(1, "Şule Işık");
        sule.emails.push(l("Sule@Defne.com.tr"));
        let mut firm = c(2, "Defne Muhasebe");
        firm.phones.push(l("+90 216 333 44 55"));
        let mut gone = c(3, "Ayşe Kaya");
        gone.tombstone(now());
        let book = Book::from_contacts([sule, firm, gone, c(4, "Zeynep")]);
        let id = |n: u8| ContactId::from_random_bytes([n; 16]);
        let new = |name: &str, email: &str, phone: &str| {
            let mut x = c(9, name);
            if !email.is_empty() {
                x.emails.push(l(email));
            }
            if !phone.is_empty() {
                x.phones.push(l(phone));
            }
            x
        };
        for (candidate, expected) in [
            (new("ŞULE IŞIK", "", ""), vec![id(1)]),
            (new("sule isik", "", ""), vec![id(1)]),
            (new("S. Işık", "sule@defne.com.tr", ""), vec![id(1)]),
            (new("Muhasebe", "", "0216 333 44 55"), vec![id(2)]),
            (new("Ayşe Kaya", "", ""), vec![]),
            (new("Şule Yılmaz", "", "123"), vec![]),
        ] {
            assert_eq!(
                book.possible_duplicates(&candidate),
                expected,
                "{}",
                candidate.display_name
            );
        }
        // A contact is not its own duplicate.
        assert!(book
            .possible_duplicates(book.get(id(1)).unwrap())
            .is_empty());
    }

    #[test]
    fn namesakes_are_told_apart_by_firm_or_city() {
        let mut a = c(1, "Şule Işık");
        a.organisation = Some(Organisation::Named("Defne Muhasebe".into()));
        let mut b = c(2, "Şule Işık");
        b.addresses.push(crate::Address {
            city: "İzmir".into(),
            ..Default::default()
        });
        let mut gone = c(3, "Ayşe Kaya");
        gone.tombstone(now());
        // Unique names need no hint even when there is one to give.
        let in_city = |n: u8, name: &str| {
            let mut x = c(n, name);
            x.addresses.push(crate::Address {
                city: "Bursa".into(),
                ..Default::default()
            });
            x
        };
        let book = Book::from_contacts([a, b, in_city(4, "Ayşe Kaya"), gone, in_city(5, "Zeynep")]);
        let hint = |n: u8| book.namesake_hint(ContactId::from_random_bytes([n; 16]));
        assert_eq!(hint(1).as_deref(), Some("Defne Muhasebe"));
        assert_eq!(hint(2).as_deref(), Some("İzmir"));
        // A deleted namesake does not count; a unique name needs nothing.
        assert_eq!(hint(4), None);
        assert_eq!(hint(5), None);
    }

    #[test]
    fn list_is_in_turkish_order_and_skips_tombstones() {
        let mut gone = c(4, "Ahmet");
        gone.tombstone(now());
        let book = Book::from_contacts([c(1, "Şule"), c(2, "Selin"), c(3, "Çağla"), gone]);
        let r = book.search("", ListOrder::Name, None);
        assert_eq!(names(&book, &r), ["Çağla", "Selin", "Şule"]);
        assert_eq!(book.len(), 3);
        assert!(book
            .get_any(ContactId::from_random_bytes([4; 16]))
            .is_some());
    }

    #[test]
    fn upsert_keeps_order_and_delete_undo_round_trips() {
        let mut book = Book::from_contacts([c(1, "Berk"), c(2, "Deniz")]);
        book.upsert(c(3, "Cem"));
        assert_eq!(
            names(&book, &book.search("", ListOrder::Name, None)),
            ["Berk", "Cem", "Deniz"]
        );
        let mut cem = book
            .get(ContactId::from_random_bytes([3; 16]))
            .unwrap()
            .clone();
        cem.tombstone(now());
        book.upsert(cem.clone());
        assert_eq!(
            names(&book, &book.search("", ListOrder::Name, None)),
            ["Berk", "Deniz"]
        );
        cem.restore(now());
        book.upsert(cem);
        assert_eq!(
            names(&book, &book.search("", ListOrder::Name, None)),
            ["Berk", "Cem", "Deniz"]
        );
    }

    #[test]
    fn narrowing_gives_the_same_result_as_a_fresh_search() {
        let book = Book::from_contacts([c(1, "Ayşe"), c(2, "Ayla"), c(3, "Aydın"), c(4, "Bora")]);
        let first = book.search("ay", ListOrder::Name, None);
        let narrowed = book.search("ayş", ListOrder::Name, Some(&first));
        assert_eq!(names(&book, &narrowed), ["Ayşe"]);
        assert_eq!(narrowed.ids, book.search("ayş", ListOrder::Name, None).ids);
        // A stale result (the book changed) is not reused.
        let mut book2 = book.clone();
        book2.upsert(c(5, "Ayşegül"));
        assert_eq!(
            names(&book2, &book2.search("ayş", ListOrder::Name, Some(&first))),
            ["Ayşe", "Ayşegül"]
        );
    }

    #[test]
    fn links_resolve_by_name_and_unknown_referrers_are_refused() {
        let mut org = c(1, "Işık Mimarlık");
        org.kind = crate::Kind::Organisation;
        let book = Book::from_contacts([org.clone(), c(2, "Deniz Kaya")]);
        let mut d = crate::ContactDraft {
            organisation: "ışık mimarlık".into(),
            ..Default::default()
        };
        book.resolve_links(&mut d, "DENİZ KAYA").unwrap();
        assert_eq!(d.organisation_link, Some(org.id));
        assert_eq!(d.referred_by, Some(ContactId::from_random_bytes([2; 16])));
        let mut d = crate::ContactDraft {
            organisation: "Free Text Ltd".into(),
            ..Default::default()
        };
        let err = book.resolve_links(&mut d, " Nobody ").unwrap_err();
        assert_eq!(err.field, crate::Field::ReferredBy);
        assert_eq!(
            err.problem,
            crate::model::draft::Problem::UnknownReferrer("Nobody".into())
        );
        assert_eq!(d.organisation_link, None);
        assert_eq!(d.organisation, "Free Text Ltd");
    }

    #[test]
    fn upsert_many_matches_one_by_one() {
        let many: Vec<Contact> = (10..60).map(|i| c(i, &format!("Kişi {i}"))).collect();
        let mut a = Book::from_contacts([c(1, "Zafer")]);
        let mut b = a.clone();
        a.upsert_many(many.clone());
        many.clone().into_iter().for_each(|x| b.upsert(x));
        assert_eq!(
            a.search("", ListOrder::Name, None).ids,
            b.search("", ListOrder::Name, None).ids
        );
        assert_eq!(a.len(), 51);
        // Again, over a book that holds them: renamed, deleted, an organisation renamed
        // (its members are found by the new name), and the same as one by one.
        let mut org = c(70, "Eski Holding");
        org.kind = crate::Kind::Organisation;
        let mut member = c(71, "Üye Kişi");
        member.organisation = Some(Organisation::Linked(org.id));
        a.upsert_many(vec![org.clone(), member]);
        b = a.clone();
        let mut changed: Vec<Contact> = many[..20]
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let mut x = x.clone();
                x.display_name = format!("Ad {}", 99 - i);
                if i % 5 == 0 {
                    x.tombstone(now());
                }
                x
            })
            .collect();
        org.display_name = "Yeni Holding".into();
        changed.push(org);
        a.upsert_many(changed.clone());
        changed.into_iter().for_each(|x| b.upsert(x));
        for q in ["", "ad 9", "yeni holding", "eski holding", "kişi"] {
            assert_eq!(
                names(&a, &a.search(q, ListOrder::Name, None)),
                names(&b, &b.search(q, ListOrder::Name, None)),
                "{q}"
            );
        }
        assert_eq!(a.search("yeni holding", ListOrder::Name, None).ids.len(), 2);
        assert_eq!(a.len(), 49);
        a.upsert_many(Vec::new());
        assert_eq!(a.len(), 49);
    }

    #[test]
    fn absorbing_keeps_the_newer_version_of_each_contact() {
        let mut old = c(1, "Eski Ad");
        old.updated_at = now() - chrono::Duration::days(1);
        let mut full = Book::from_contacts([old, c(2, "Berk")]);
        let mut edited = c(1, "Yeni Ad");
        edited.updated_at = now();
        let mut stale = c(2, "Stale Berk");
        stale.updated_at = now() - chrono::Duration::days(3);
        let first_page = Book::from_contacts([edited, stale, c(3, "Cem")]);
        full.absorb_newer(&first_page);
        assert_eq!(
            names(&full, &full.search("", ListOrder::Name, None)),
            ["Berk", "Cem", "Yeni Ad"]
        );
    }

    #[test]
    fn ordering_by_last_contact_puts_the_most_recent_first() {
        use crate::analysis::history::Event;
        let mut book = Book::from_contacts([c(1, "Ali"), c(2, "Berk"), c(3, "Cem")]);
        let ev = |days: i64| Event {
            id: crate::InteractionId::from_random_bytes([days as u8; 16]),
            at: now() - chrono::Duration::days(days),
            kind: crate::InteractionKind::Call,
            channel: crate::Channel::Phone,
            amount: None,
            product: String::new(),
            deal: None,
        };
        book.set_history(ContactId::from_random_bytes([3; 16]), vec![ev(1)]);
        // Given newest first, kept oldest first: the last contact is 30 days ago, not 60.
        book.set_history(ContactId::from_random_bytes([1; 16]), vec![ev(30), ev(60)]);
        let ali = ContactId::from_random_bytes([1; 16]);
        assert_eq!(
            book.last_contact(ali),
            Some(now() - chrono::Duration::days(30))
        );
        assert_eq!(book.history(ali)[0].at, now() - chrono::Duration::days(60));
        let r = book.search("", ListOrder::LastContact, None);
        assert_eq!(names(&book, &r), ["Cem", "Ali", "Berk"]);
        // Each order stays itself, whatever result it is given to narrow.
        let by_name = book.search("", ListOrder::Name, Some(&r));
        assert_eq!(names(&book, &by_name), ["Ali", "Berk", "Cem"]);
        let narrowed = book.search("e", ListOrder::Name, Some(&by_name));
        assert_eq!(names(&book, &narrowed), ["Berk", "Cem"]);
        let recent = book.search("e", ListOrder::LastContact, Some(&narrowed));
        assert_eq!(names(&book, &recent), ["Cem", "Berk"]);
        let recent = book.most_recent("", 2, None);
        assert_eq!((recent.total, recent.ids), (3, r.ids[..2].to_vec()));
        // Contacts read back with their histories: both replaced; one history emptied.
        let v = book.version();
        let mut renamed = c(2, "Berk Yeni");
        renamed.updated_at = now();
        book.upsert_with_histories(vec![(renamed, vec![ev(2)]), (c(3, "Cem"), Vec::new())]);
        let r = book.search("", ListOrder::LastContact, None);
        assert_eq!(names(&book, &r), ["Berk Yeni", "Ali", "Cem"]);
        let mut changed = book.changed_since(v).unwrap_or_default();
        crate::sort::natural(&mut changed);
        assert_eq!(changed.len(), 2);
    }

    #[test]
    fn members_are_found_by_their_linked_organisation_after_a_rename() {
        let mut org = c(1, "Işık Mimarlık");
        org.kind = crate::Kind::Organisation;
        let mut person = c(2, "Deniz");
        person.organisation = Some(Organisation::Linked(org.id));
        let mut book = Book::from_contacts([org.clone(), person]);
        assert_eq!(
            names(&book, &book.search("isik", ListOrder::Name, None)),
            ["Deniz", "Işık Mimarlık"]
        );
        org.display_name = "Kaya Yapı".into();
        book.upsert(org);
        assert_eq!(
            names(&book, &book.search("kaya", ListOrder::Name, None)),
            ["Deniz", "Kaya Yapı"]
        );
    }

    #[test]
    fn the_most_recent_few_are_the_first_of_the_last_contact_order() {
        use crate::analysis::history::events_of;
        use crate::sample::{generated_book, generated_history};
        let contacts = generated_book(300, 11, now());
        let history = generated_history(&contacts, 2, 5, now());
        let mut book = Book::from_contacts(contacts.clone());
        // Some contacts never in touch, the rest with their generated histories.
        for c in contacts.iter().skip(40) {
            book.set_history(
                c.id,
                events_of(history.iter().filter(|i| i.contact_id == c.id)),
            );
        }
        for q in ["", "a", "e", "ist", "yılmaz", "zzq"] {
            let all = book.search(q, ListOrder::LastContact, None).ids;
            for n in [1, 5, 400] {
                let want = all[..n.min(all.len())].to_vec();
                let got = book.most_recent(q, n, None);
                assert_eq!((got.total, got.ids), (all.len(), want), "{q} {n}");
            }
        }
        // Typing on narrows the previous result to the same answer as a fresh search; a
        // changed book or a query that is not an extension scans again.
        let mut before = book.most_recent("", 5, None);
        for q in ["y", "yı", "yıl", "yılm", "yılmaz", "yılmaz a"] {
            let narrowed = book.most_recent(q, 5, Some(&before));
            assert_eq!(narrowed, book.most_recent(q, 5, None), "{q}");
            before = narrowed;
        }
        let other = book.most_recent("e", 5, Some(&before));
        assert_eq!(other, book.most_recent("e", 5, None));
        assert!(other.total > before.total);
        // Only an extension of the previous query narrows it.
        let q = Query::new("yılmaz a");
        let extended = Query::new("yılmaz ay");
        let last = (&q, &before.positions[..], book.generation);
        assert!(book.rows_matching(&extended, Some(last)).1);
        assert!(!book.rows_matching(&Query::new("e"), Some(last)).1);
        // A contact added since: the rows moved, so the old positions mean nothing.
        let mut changed = book.clone();
        changed.upsert(c(251, "Aaa Ece"));
        let stale = changed.most_recent("e", 400, Some(&other));
        assert_eq!(stale, changed.most_recent("e", 400, None));
        assert_eq!(stale.total, other.total + 1);
    }
}
