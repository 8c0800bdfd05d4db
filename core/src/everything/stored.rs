//! The word index kept on the device between visits, so that **Search everything** is ready
//! a moment after the book instead of after reading every interaction again (reading
//! 500,000 records from IndexedDB takes 15–40 s; reading the index back, about a second).
//!
//! It is a cache, never the only copy: the app writes it after building the index from the
//! store, reads it back at start-up, then takes in the interactions changed since it was
//! written (`src/everything.rs`). A part of another format version, or a damaged one, is
//! refused, and the index is built from the store as if there were none.
//!
//! The index is written in parts of a bounded size (the live records, then the words with
//! the records they occur in), so that writing or reading one part is a short task and
//! the page answers input between parts. A part is
//! `MAGIC, FORMAT, kind (b'D' records | b'W' words), body`, with integers as LEB128
//! varints and strings as their length then their UTF-8 bytes:
//! - records: the slot of the first, how many, then each record's kind (one byte), id and
//!   contact (16 bytes each), time (zigzag varint), title and body;
//! - words: how many, then each word, how many records, and their slots as differences
//!   from the previous one (ascending).

use super::{Bits, Doc, DocKind, TextIndex};
use crate::ContactId;
use std::collections::BTreeMap;
use uuid::Uuid;

const MAGIC: &[u8; 3] = b"BKX";
/// Bumped when the layout of a part changes: older parts are then refused, not misread.
pub const FORMAT: u8 = 1;
const RECORDS: u8 = b'D';
const WORDS: u8 = b'W';

/// Why a stored index was refused (the app then builds the index from the store).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("not a part of a stored index, or written in another format")]
    Format,
    #[error("the stored index is damaged")]
    Damaged,
}

/// Writes an index part by part. Made from one index, and valid only while that index
/// does not change (the caller checks that between parts and starts over otherwise).
pub struct PartWriter {
    /// The live slots, in order: a record's place in this list is its slot when read back.
    live: Vec<u32>,
    /// Each slot's new slot, or `u32::MAX` for a dead one.
    renumbered: Vec<u32>,
    next_record: usize,
    /// The last word written; `None` before the first.
    last_word: Option<Box<str>>,
    words_done: bool,
    compactions: u32,
}

impl TextIndex {
    /// A writer of this index's parts (only its live records are written).
    pub fn parts(&self) -> PartWriter {
        let mut live = Vec::with_capacity(self.len());
        let mut renumbered = vec![u32::MAX; self.docs.len()];
        for (slot, new) in renumbered.iter_mut().enumerate() {
            if self.live.get(slot) {
                *new = live.len() as u32;
                live.push(slot as u32);
            }
        }
        PartWriter {
            live,
            renumbered,
            next_record: 0,
            last_word: None,
            words_done: false,
            compactions: self.compactions,
        }
    }
}

impl PartWriter {
    /// Whether `ix`'s records are still where they were when this writer was made: records
    /// added or removed since only leave out the added ones (the app reads those again as
    /// written since the index was kept), but a compaction renumbers them all.
    pub fn still_fits(&self, ix: &TextIndex) -> bool {
        ix.compactions == self.compactions
    }

    /// The next part, of about `max_bytes` (a single record or word may exceed it), or
    /// `None` once everything is written. `ix` is the index this writer was made from.
    pub fn next_part(&mut self, ix: &TextIndex, max_bytes: usize) -> Option<Vec<u8>> {
        if self.next_record < self.live.len() {
            return Some(self.records(ix, max_bytes));
        }
        if self.words_done {
            return None;
        }
        Some(self.words(ix, max_bytes))
    }

    fn records(&mut self, ix: &TextIndex, max_bytes: usize) -> Vec<u8> {
        let mut body = Vec::new();
        let first = self.next_record;
        while self.next_record < self.live.len() && body.len() < max_bytes {
            let d = &ix.docs[self.live[self.next_record] as usize];
            body.push(d.kind as u8);
            body.extend_from_slice(d.id.as_bytes());
            body.extend_from_slice(d.contact.0.as_bytes());
            put_varint(&mut body, zigzag(d.at));
            put_str(&mut body, &d.title);
            put_str(&mut body, &d.body);
            self.next_record += 1;
        }
        let mut part = header(RECORDS);
        put_varint(&mut part, first as u64);
        put_varint(&mut part, (self.next_record - first) as u64);
        part.extend_from_slice(&body);
        part
    }

    fn words(&mut self, ix: &TextIndex, max_bytes: usize) -> Vec<u8> {
        use std::ops::Bound;
        let from = match &self.last_word {
            Some(w) => Bound::Excluded(&**w),
            None => Bound::Unbounded,
        };
        let mut body = Vec::new();
        let mut count = 0u64;
        let mut slots = Vec::new();
        self.words_done = true;
        for (word, postings) in ix.postings.range::<str, _>((from, Bound::Unbounded)) {
            if body.len() >= max_bytes {
                self.words_done = false;
                break;
            }
            self.last_word = Some(word.clone());
            slots.clear();
            slots.extend(
                postings
                    .iter()
                    .filter_map(|&s| self.renumbered.get(s as usize).copied())
                    .filter(|&s| s != u32::MAX),
            );
            if slots.is_empty() {
                continue;
            }
            put_str(&mut body, word);
            put_varint(&mut body, slots.len() as u64);
            let mut previous = 0;
            for &s in &slots {
                put_varint(&mut body, u64::from(s - previous));
                previous = s;
            }
            count += 1;
        }
        let mut part = header(WORDS);
        put_varint(&mut part, count);
        part.extend_from_slice(&body);
        part
    }
}

/// Reads an index back part by part, in the order they were written.
#[derive(Default)]
pub struct PartReader {
    ix: TextIndex,
    words: Vec<(Box<str>, Vec<u32>)>,
}

impl PartReader {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes in one part.
    pub fn take(&mut self, part: &[u8]) -> Result<(), Refused> {
        let mut r = Reader(part);
        if r.bytes(MAGIC.len())? != MAGIC || r.byte()? != FORMAT {
            return Err(Refused::Format);
        }
        match r.byte()? {
            RECORDS => self.records(r),
            WORDS => self.words(r),
            _ => Err(Refused::Format),
        }
    }

    fn records(&mut self, mut r: Reader) -> Result<(), Refused> {
        if r.varint()? != self.ix.docs.len() as u64 || !self.words.is_empty() {
            return Err(Refused::Damaged); // a part missing or out of order
        }
        let n = r.varint()?;
        for _ in 0..n {
            let kind = match r.byte()? {
                0 => DocKind::Interaction,
                1 => DocKind::FollowUp,
                2 => DocKind::Deal,
                _ => return Err(Refused::Damaged),
            };
            let id = r.uuid()?;
            let contact = ContactId(r.uuid()?);
            let at = unzigzag(r.varint()?);
            let title = r.string()?;
            let body = r.string()?;
            let slot = self.ix.docs.len() as u32;
            if self.ix.slot_of.insert((kind, id), slot).is_some() {
                return Err(Refused::Damaged);
            }
            self.ix.kinds.push(kind);
            self.ix.ats.push(at);
            self.ix.docs.push(Doc {
                kind,
                id,
                contact,
                at,
                title,
                body,
            });
        }
        r.end()
    }

    fn words(&mut self, mut r: Reader) -> Result<(), Refused> {
        let total = self.ix.docs.len() as u64;
        for _ in 0..r.varint()? {
            let word = r.string()?.into_boxed_str();
            if self.words.last().is_some_and(|(w, _)| *w >= word) {
                return Err(Refused::Damaged); // words are written in order, once each
            }
            let n = r.varint()?;
            let mut slots = Vec::with_capacity(n.min(total) as usize);
            let mut slot = 0u64;
            for i in 0..n {
                let step = r.varint()?;
                if i > 0 && step == 0 {
                    return Err(Refused::Damaged);
                }
                slot += step;
                if slot >= total {
                    return Err(Refused::Damaged);
                }
                slots.push(slot as u32);
            }
            self.words.push((word, slots));
        }
        r.end()
    }

    /// The index read back.
    pub fn finish(self) -> TextIndex {
        let mut ix = self.ix;
        let n = ix.docs.len();
        ix.live = Bits(vec![u64::MAX; n.div_ceil(64)]);
        if !n.is_multiple_of(64) {
            if let Some(last) = ix.live.0.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        // Words come in order: the map is built without sorting.
        ix.postings = self.words.into_iter().collect::<BTreeMap<_, _>>();
        ix
    }
}

fn header(kind: u8) -> Vec<u8> {
    let mut part = MAGIC.to_vec();
    part.push(FORMAT);
    part.push(kind);
    part
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The unread rest of a part.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Result<&'a [u8], Refused> {
        if self.0.len() < n {
            return Err(Refused::Damaged);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, Refused> {
        Ok(self.bytes(1)?[0])
    }

    fn varint(&mut self) -> Result<u64, Refused> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Refused::Damaged)
    }

    fn string(&mut self) -> Result<String, Refused> {
        let n = usize::try_from(self.varint()?).map_err(|_| Refused::Damaged)?;
        let bytes = self.bytes(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| Refused::Damaged)
    }

    fn uuid(&mut self) -> Result<Uuid, Refused> {
        let b: [u8; 16] = self.bytes(16)?.try_into().map_err(|_| Refused::Damaged)?;
        Ok(Uuid::from_bytes(b))
    }

    fn end(&self) -> Result<(), Refused> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Refused::Damaged)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::doc;
    use super::*;
    use proptest::prelude::*;

    fn written(ix: &TextIndex, max_bytes: usize) -> Vec<Vec<u8>> {
        let mut w = ix.parts();
        std::iter::from_fn(|| w.next_part(ix, max_bytes)).collect()
    }

    fn read(parts: &[Vec<u8>]) -> Result<TextIndex, Refused> {
        let mut r = PartReader::new();
        for p in parts {
            r.take(p)?;
        }
        Ok(r.finish())
    }

    /// What a search finds, as comparable text.
    fn found(ix: &TextIndex, q: &str) -> Vec<String> {
        ix.search(q, 50)
            .iter()
            .flat_map(|g| {
                g.hits
                    .iter()
                    .map(move |h| format!("{:?} {} {} {}", g.kind, g.total, h.doc.id, h.typo))
            })
            .collect()
    }

    fn sample() -> TextIndex {
        let mut ix = TextIndex::new();
        ix.upsert(doc(
            DocKind::Interaction,
            1,
            -5,
            "E-fatura sorusu",
            "Geçen bahar e-faturaya geçişi sordu",
        ));
        ix.upsert(doc(
            DocKind::Interaction,
            2,
            300,
            "Bordro şikâyeti",
            "muhasebe",
        ));
        ix.upsert(doc(
            DocKind::FollowUp,
            3,
            1_700_000_000,
            "Denetim teklifi",
            "",
        ));
        ix.upsert(doc(
            DocKind::Deal,
            4,
            400,
            "Audit proposal",
            "Bağımsız denetim",
        ));
        ix.upsert(doc(DocKind::Interaction, 5, 9, "İstanbul ziyareti", "ışık"));
        ix.remove(DocKind::Interaction, Uuid::from_u128(2));
        ix.upsert(doc(DocKind::Interaction, 1, 7, "E-fatura", "ikinci sürüm"));
        ix
    }

    const QUERIES: &[&str] = &[
        "fatura",
        "e-f",
        "muhasebe",
        "denetim",
        "istanbul",
        "isik",
        "ikinci",
        "surum",
        "teklif",
        "bordro",
        "audit propo",
    ];

    #[test]
    fn an_index_read_back_finds_what_it_found_and_drops_the_dead() {
        let ix = sample();
        for max in [1, 40, 1 << 20] {
            let back = read(&written(&ix, max)).unwrap();
            assert_eq!(back.len(), ix.len());
            assert_eq!(back.docs.len(), ix.len(), "dead records are not written");
            for q in QUERIES {
                assert_eq!(found(&back, q), found(&ix, q), "{q} (parts of {max})");
            }
            assert!(found(&back, "bordro").is_empty());
            assert_eq!(back.vocabulary(), {
                // Words of dead records only are left out.
                ix.postings
                    .values()
                    .filter(|s| s.iter().any(|&s| ix.live.get(s as usize)))
                    .count()
            });
        }
    }

    #[test]
    fn an_index_read_back_keeps_changing() {
        let mut back = read(&written(&sample(), 64)).unwrap();
        back.upsert(doc(DocKind::Interaction, 9, 10, "Yeni not", "muhasebe"));
        back.remove(DocKind::Deal, Uuid::from_u128(4));
        assert_eq!(found(&back, "muhasebe").len(), 1);
        assert!(found(&back, "audit").is_empty());
        assert_eq!(back.len(), 4);
    }

    #[test]
    fn a_writer_skips_records_added_after_it_and_knows_a_compaction() {
        let mut ix = sample();
        let mut w = ix.parts();
        let first = w.next_part(&ix, 1).unwrap();
        ix.upsert(doc(DocKind::Interaction, 20, 1, "Sonradan", "muhasebe"));
        assert!(w.still_fits(&ix));
        let mut parts = vec![first];
        parts.extend(std::iter::from_fn(|| w.next_part(&ix, 1)));
        let back = read(&parts).unwrap();
        assert_eq!(back.len(), 4, "the record added meanwhile is left out");
        assert_eq!(found(&back, "muhasebe"), Vec::<String>::new());
        assert_eq!(found(&back, "isik").len(), 1);
        for n in 100..1200 {
            ix.upsert(doc(DocKind::Deal, n, 1, "x", ""));
            ix.remove(DocKind::Deal, Uuid::from_u128(n));
        }
        assert!(!w.still_fits(&ix), "compacted");
        assert!(ix.parts().still_fits(&ix));
    }

    #[test]
    fn a_part_ends_once_it_reaches_its_size() {
        let ix = sample();
        // Header (5 bytes), first slot 0 and count 1 (a byte each), then one record.
        let one_record = written(&ix, 1)[0].len() - 7;
        let parts = written(&ix, one_record);
        assert_eq!(parts[0][6], 1, "a part of exactly its size takes no more");
        let parts = written(&ix, one_record + 1);
        assert_eq!(parts[0][6], 2, "one byte short of it takes one more");
        // Words the same: the first word part with one word's worth of room.
        let words_at = |parts: &[Vec<u8>]| parts.iter().position(|p| p[4] == WORDS).unwrap();
        let all = written(&ix, 1);
        let first_word = all[words_at(&all)].len() - 6;
        let parts = written(&ix, first_word);
        assert_eq!(parts[words_at(&parts)][5], 1);
        let parts = written(&ix, first_word + 1);
        assert_eq!(parts[words_at(&parts)][5], 2);
    }

    #[test]
    fn small_parts_are_many_and_big_ones_few() {
        let ix = sample();
        assert_eq!(
            written(&ix, 1 << 20).len(),
            2,
            "one part of records, one of words"
        );
        assert!(written(&ix, 1).len() > 10);
        assert_eq!(
            written(&TextIndex::new(), 100).len(),
            1,
            "no records, no words"
        );
        assert!(read(&written(&TextIndex::new(), 100)).unwrap().is_empty());
    }

    #[test]
    fn another_format_or_damage_is_refused() {
        let parts = written(&sample(), 1 << 20);
        let mut other = parts.clone();
        other[0][3] = FORMAT + 1;
        assert_eq!(read(&other).err(), Some(Refused::Format));
        let mut foreign = parts.clone();
        foreign[0][0] = b'X';
        assert_eq!(read(&foreign).err(), Some(Refused::Format));
        let mut kind = parts.clone();
        kind[0][4] = b'Q';
        assert_eq!(read(&kind).err(), Some(Refused::Format));
        // Words before their records, a part twice, a part cut short, bytes added.
        assert_eq!(
            read(&[parts[1].clone(), parts[0].clone()]).err(),
            Some(Refused::Damaged)
        );
        assert_eq!(
            read(&[parts[0].clone(), parts[0].clone()]).err(),
            Some(Refused::Damaged)
        );
        for p in 0..2 {
            let mut cut = parts.clone();
            cut[p].pop();
            assert_eq!(read(&cut).err(), Some(Refused::Damaged), "part {p} cut");
            let mut long = parts.clone();
            long[p].push(0);
            assert_eq!(read(&long).err(), Some(Refused::Damaged), "part {p} longer");
        }
        assert_eq!(read(&[b"BKX".to_vec()]).err(), Some(Refused::Damaged));
        // Records after words, even in their right place among the records.
        let small = written(&sample(), 1);
        let mut word = header(WORDS);
        word.extend_from_slice(&[1, 1, b'a', 1, 0]); // "a", in the first record
        let shuffled = [small[0].clone(), word, small[1].clone()];
        assert_eq!(read(&shuffled[..2]).map(|ix| ix.len()), Ok(1));
        assert_eq!(read(&shuffled).err(), Some(Refused::Damaged));
    }

    #[test]
    fn words_out_of_order_or_slots_out_of_range_are_refused() {
        let ix = sample();
        let records = written(&ix, 1 << 20).remove(0);
        let words = |body: &[u8]| {
            let mut p = header(WORDS);
            p.extend_from_slice(body);
            p
        };
        // two words, "b" then "a"; one record each
        let unordered = words(&[2, 1, b'b', 1, 0, 1, b'a', 1, 0]);
        assert_eq!(
            read(&[records.clone(), unordered]).err(),
            Some(Refused::Damaged)
        );
        let beyond = words(&[1, 1, b'a', 1, 99]);
        assert_eq!(
            read(&[records.clone(), beyond]).err(),
            Some(Refused::Damaged)
        );
        let repeated = words(&[1, 1, b'a', 2, 0, 0]);
        assert_eq!(
            read(&[records.clone(), repeated]).err(),
            Some(Refused::Damaged)
        );
        let fine = words(&[1, 1, b'a', 2, 0, 2]);
        let back = read(&[records, fine]).unwrap();
        assert_eq!(back.postings.get("a").map(Vec::len), Some(2));
        assert!(back.live.get(3) && !back.live.get(4), "four records live");
    }

    #[test]
    fn varints_and_zigzag_round_trip_at_their_edges() {
        for v in [0, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(Reader(&out).varint(), Ok(v));
        }
        assert_eq!(Reader(&[0x80; 11]).varint(), Err(Refused::Damaged));
        for v in [0, 1, -1, 63, -64, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
    }

    proptest! {
        #[test]
        fn any_index_reads_back_the_same(
            records in proptest::collection::vec(
                (0u8..3, 0u128..40, any::<i64>(), "[a-zçğıöşü İ]{0,12}", "[a-z0-9 ]{0,20}"),
                0..30,
            ),
            removed in proptest::collection::vec(0u128..40, 0..10),
            max in 1usize..200,
        ) {
            let mut ix = TextIndex::new();
            for (k, n, at, title, body) in &records {
                ix.upsert(doc(DocKind::ALL[*k as usize], *n, *at, title, body));
            }
            for n in &removed {
                ix.remove(DocKind::Interaction, Uuid::from_u128(*n));
            }
            let back = read(&written(&ix, max)).unwrap();
            let docs = |ix: &TextIndex| {
                let mut d: Vec<Doc> = DocKind::ALL.iter().flat_map(|&k| ix.docs_of(k).cloned()).collect();
                crate::sort::by_key(&mut d, |d| (d.kind, d.id));
                d
            };
            prop_assert_eq!(docs(&back), docs(&ix));
            for (_, _, _, title, _) in &records {
                for w in super::super::words(title) {
                    prop_assert_eq!(found(&back, &w), found(&ix, &w));
                }
            }
        }

        #[test]
        fn no_bytes_make_the_reader_panic(parts in proptest::collection::vec(
            proptest::collection::vec(any::<u8>(), 0..64), 0..4)
        ) {
            let mut r = PartReader::new();
            for p in &parts {
                let mut with_header = header(if p.first() == Some(&0) { WORDS } else { RECORDS });
                with_header.extend_from_slice(p);
                let _ = r.take(&with_header);
                let _ = r.take(p);
            }
            let _ = r.finish();
        }
    }
}
