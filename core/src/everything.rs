//! **Search everything** (Ctrl+K): one word index over the text of interactions, follow-ups
//! and deals, so that a fragment of a year-old note is found in one keystroke among
//! hundreds of thousands of records. Contacts are found by the book's own search
//! (`Book::search`); this module also marks the matching words of any hit and matches the
//! palette's commands.
//!
//! Words are the folded (Turkish-aware, `text::fold`) runs of letters and digits. Every word
//! of a query must match a word of the record: the last one as a prefix (the user is still
//! typing it), the others whole; a query word of five or more letters also matches a word
//! one typo away (a letter missing, added, changed or two swapped), ranked below records
//! that match without one. Within a kind, newest first.
//!
//! The index is kept up to date record by record (`upsert`, `remove`): a removed record's
//! slot is only marked dead, and the postings are rebuilt once dead slots outnumber live
//! ones.

pub mod stored;

use crate::model::deal::Deal;
use crate::text::fold;
use crate::{ContactId, FollowUp, Interaction};
use std::collections::BTreeMap;
use std::ops::{Bound, Range};
use uuid::Uuid;

/// What kind of record a hit is, in the order the palette shows its groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Interaction,
    FollowUp,
    Deal,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::Interaction, DocKind::FollowUp, DocKind::Deal];
}

/// One record's searchable text, with what a hit needs to be shown and linked.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub kind: DocKind,
    pub id: Uuid,
    pub contact: ContactId,
    /// Seconds since the epoch (UTC): newest first within a kind.
    pub at: i64,
    /// The line a hit shows: an interaction's summary, a follow-up's note, a deal's title.
    pub title: String,
    /// More text that is searched and shown as a snippet around the first match.
    pub body: String,
}

impl Doc {
    /// A live interaction's summary, details and product; none for a tombstone.
    pub fn of_interaction(i: &Interaction) -> Option<Doc> {
        i.deleted_at.is_none().then(|| {
            let body = join(&[&i.details, &i.product]);
            Doc::interaction(i.id, i.contact_id, i.at, i.summary.clone(), body)
        })
    }

    /// An interaction's record: its summary the title, its details and product the body.
    fn interaction(
        id: crate::InteractionId,
        contact: ContactId,
        at: chrono::DateTime<chrono::Utc>,
        title: String,
        body: String,
    ) -> Doc {
        Doc {
            kind: DocKind::Interaction,
            id: id.0,
            contact,
            at: at.timestamp(),
            title,
            body,
        }
    }

    /// An interaction read straight from its stored JSON document: its id, and its
    /// record unless it is a tombstone. Only the fields the index needs are built (serde
    /// skips the rest), which makes reading 500,000 of them for the index several times
    /// cheaper than reading whole interactions.
    pub fn of_stored_interaction(json: &str) -> Result<(Uuid, Option<Doc>), serde_json::Error> {
        let t: StoredText = serde_json::from_str(json)?;
        let id = t.id.0;
        Ok((
            id,
            t.deleted_at.is_none().then(|| {
                let body = join(&[&t.details, &t.product]);
                Doc::interaction(t.id, t.contact_id, t.at, t.summary, body)
            }),
        ))
    }

    /// A live follow-up's note.
    pub fn of_follow_up(f: &FollowUp) -> Option<Doc> {
        f.deleted_at.is_none().then(|| Doc {
            kind: DocKind::FollowUp,
            id: f.id.0,
            contact: f.contact_id,
            at: f.created_at.timestamp(),
            title: f.note.clone(),
            body: String::new(),
        })
    }

    /// A live deal's title, notes and line items.
    pub fn of_deal(d: &Deal) -> Option<Doc> {
        d.deleted_at.is_none().then(|| {
            let mut parts: Vec<&str> = vec![&d.notes];
            parts.extend(d.lines.iter().map(|l| l.product.as_str()));
            Doc {
                kind: DocKind::Deal,
                id: d.id.0,
                contact: d.contact_id,
                at: d.updated_at.timestamp(),
                title: d.title.clone(),
                body: join(&parts),
            }
        })
    }
}

/// The fields of a stored interaction that [`Doc::of_stored_interaction`] reads, named and
/// defaulted as in `Interaction`.
#[derive(serde::Deserialize)]
struct StoredText {
    id: crate::InteractionId,
    contact_id: ContactId,
    at: chrono::DateTime<chrono::Utc>,
    summary: String,
    #[serde(default)]
    details: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    deleted_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Whether `c` belongs to a word (a combining mark stays with its letter).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// The byte ranges of the words of `text`.
fn word_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| match (is_word_char(c), start) {
            (true, None) => {
                start = Some(i);
                None
            }
            (false, Some(s)) => {
                start = None;
                Some(s..i)
            }
            _ => None,
        })
}

/// The folded words of `text`, in order, repeats included.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    word_ranges(&folded)
        .map(|r| folded[r].to_string())
        .collect()
}

/// Whether `a` and `b` are at most one edit apart: a letter missing, added or changed, or
/// two neighbours swapped.
pub fn within_one(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let first = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if first == short.len() {
        return true; // equal, or one letter added at the end
    }
    if short.len() == long.len() {
        let swapped = first + 1 < short.len()
            && short[first] == long[first + 1]
            && short[first + 1] == long[first]
            && short[first + 2..] == long[first + 2..];
        swapped || short[first + 1..] == long[first + 1..]
    } else {
        short[first..] == long[first + 1..]
    }
}

/// The fewest letters a query word needs before a typo is forgiven.
pub const TYPO_MIN: usize = 5;

/// A word of a query: folded, as characters, and whether it is the last (a prefix).
struct Term {
    word: String,
    chars: Vec<char>,
    prefix: bool,
}

impl Term {
    fn all(query: &str) -> Vec<Term> {
        let words = words(query);
        let n = words.len();
        words
            .into_iter()
            .enumerate()
            .map(|(i, word)| Term {
                chars: word.chars().collect(),
                word,
                prefix: i + 1 == n,
            })
            .collect()
    }

    /// Words of [`TYPO_MIN`] letters or more; a word with a digit in it is a number.
    fn forgives_typo(&self) -> bool {
        self.chars.len() >= TYPO_MIN && self.chars.iter().all(|c| c.is_alphabetic())
    }

    /// Whether the (folded) word `w` is one typo or less from this term — for the last
    /// word, from a beginning of `w`. Words without typos are found in the postings first.
    fn near(&self, w: &str, buf: &mut Vec<char>) -> bool {
        if !self.forgives_typo() {
            return false;
        }
        buf.clear();
        buf.extend(w.chars());
        let n = self.chars.len();
        within_one(&self.chars, buf)
            || (self.prefix
                && (n - 1..=n + 1)
                    .filter_map(|k| buf.get(..k))
                    .any(|start| within_one(&self.chars, start)))
    }
}

/// A hit: the record, and whether some word of the query matched it only with a typo.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'a> {
    pub doc: &'a Doc,
    pub typo: bool,
}

/// The hits of one kind: how many there are, and the first few.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    pub kind: DocKind,
    pub total: usize,
    pub hits: Vec<Hit<'a>>,
}

/// The word index.
#[derive(Debug, Default, Clone)]
pub struct TextIndex {
    docs: Vec<Doc>,
    /// Per slot, beside `docs` so that a search reads only what it ranks by.
    kinds: Vec<DocKind>,
    ats: Vec<i64>,
    live: Bits,
    slot_of: crate::IdMap<(DocKind, Uuid), u32>,
    postings: BTreeMap<Box<str>, Vec<u32>>,
    dead: usize,
    /// How many times the slots were renumbered (a [`stored::PartWriter`] made before is
    /// no longer valid).
    compactions: u32,
}

impl TextIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many records are indexed.
    pub fn len(&self) -> usize {
        self.docs.len() - self.dead
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many distinct words the index holds.
    pub fn vocabulary(&self) -> usize {
        self.postings.len()
    }

    /// The live records of `kind`, in no particular order.
    pub fn docs_of(&self, kind: DocKind) -> impl Iterator<Item = &Doc> {
        self.docs
            .iter()
            .enumerate()
            .filter(move |(slot, d)| d.kind == kind && self.live.get(*slot))
            .map(|(_, d)| d)
    }

    /// Adds a record, or replaces the one with its kind and id.
    pub fn upsert(&mut self, doc: Doc) {
        self.remove(doc.kind, doc.id);
        let slot = self.docs.len() as u32;
        let mut seen: Vec<String> = words(&doc.title);
        seen.extend(words(&doc.body));
        crate::sort::natural(&mut seen);
        seen.dedup();
        for w in seen {
            self.postings.entry(w.into()).or_default().push(slot);
        }
        self.slot_of.insert((doc.kind, doc.id), slot);
        self.kinds.push(doc.kind);
        self.ats.push(doc.at);
        self.live.set(slot as usize, true);
        self.docs.push(doc);
    }

    /// Forgets the record with this kind and id, if indexed.
    pub fn remove(&mut self, kind: DocKind, id: Uuid) {
        if let Some(slot) = self.slot_of.remove(&(kind, id)) {
            self.live.set(slot as usize, false);
            self.dead += 1;
            if self.dead > 1024 && self.dead > self.len() {
                self.compact();
            }
        }
    }

    /// Replaces every record of `kind` by `docs` (follow-ups and deals, which the app holds
    /// in memory as a whole).
    pub fn replace_kind(&mut self, kind: DocKind, docs: impl IntoIterator<Item = Doc>) {
        let ids: Vec<Uuid> = self
            .slot_of
            .keys()
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| *id)
            .collect();
        for id in ids {
            self.remove(kind, id);
        }
        for d in docs {
            self.upsert(d);
        }
    }

    /// Replaces the interactions of `contact` by `docs` (its timeline, read again after a
    /// change another tab or device made).
    pub fn replace_interactions_of(
        &mut self,
        contact: ContactId,
        docs: impl IntoIterator<Item = Doc>,
    ) {
        let ids: Vec<Uuid> = self
            .slot_of
            .iter()
            .filter(|((k, _), &slot)| {
                *k == DocKind::Interaction && self.docs[slot as usize].contact == contact
            })
            .map(|((_, id), _)| *id)
            .collect();
        for id in ids {
            self.remove(DocKind::Interaction, id);
        }
        for d in docs {
            self.upsert(d);
        }
    }

    /// Rebuilds the postings from the live records only.
    fn compact(&mut self) {
        let docs = std::mem::take(&mut self.docs);
        let live = std::mem::take(&mut self.live);
        let compactions = self.compactions + 1;
        *self = TextIndex::new();
        self.compactions = compactions;
        for (slot, d) in docs.into_iter().enumerate() {
            if live.get(slot) {
                self.upsert(d);
            }
        }
    }

    /// Which slots match `term` without a typo, and which with one.
    fn slots_of(&self, term: &Term) -> (Bits, Bits) {
        let n = self.docs.len();
        let (mut exact, mut typo) = (Bits::new(n), Bits::new(n));
        if term.prefix {
            let from = Bound::Included(term.word.as_str());
            for (_, slots) in self
                .postings
                .range::<str, _>((from, Bound::Unbounded))
                .take_while(|(w, _)| w.starts_with(term.word.as_str()))
            {
                exact.set_all(slots);
            }
        } else if let Some(slots) = self.postings.get(term.word.as_str()) {
            exact.set_all(slots);
        }
        if term.forgives_typo() {
            let mut buf = Vec::new();
            let n = term.chars.len();
            for (w, slots) in &self.postings {
                // A cheap length test first (bytes ≥ characters): most words are too short.
                if w.len() + 1 < n {
                    continue;
                }
                if term.near(w, &mut buf) {
                    typo.set_all(slots);
                }
            }
        }
        (exact, typo)
    }

    /// The records every word of `query` matches, grouped by kind (in `DocKind::ALL`'s
    /// order, empty kinds left out), each group's first `per_kind` hits: those without a
    /// typo first, then newest first. A query of fewer than two letters finds nothing.
    pub fn search(&self, query: &str, per_kind: usize) -> Vec<Group<'_>> {
        let terms = Term::all(query);
        if terms.is_empty() || (terms.len() == 1 && terms[0].chars.len() < 2) {
            return Vec::new();
        }
        // `any`: every word matches, some perhaps with a typo; `exact`: none with one.
        let mut any = self.live.clone();
        let mut exact = self.live.clone();
        for t in &terms {
            let (e, ty) = self.slots_of(t);
            for (w, (a, x)) in any.0.iter_mut().zip(exact.0.iter_mut()).enumerate() {
                *a &= e.0[w] | ty.0[w];
                *x &= e.0[w];
            }
        }
        // Per kind: how many, and the best `per_kind` as (no typo, time, slot), best first.
        let mut best: [(usize, Vec<Ranked>); 3] = Default::default();
        for slot in any.ones() {
            let (total, top) = &mut best[self.kinds[slot] as usize];
            *total += 1;
            // Slots come in order, so of equal ranks the first indexed stays first.
            let rank = (exact.get(slot), self.ats[slot], slot as u32);
            // Most hits of a short query rank below the few kept: passed over at once.
            if top.len() == per_kind && top.last().is_none_or(|h| (h.0, h.1) >= (rank.0, rank.1)) {
                continue;
            }
            let at = top
                .iter()
                .position(|h| (h.0, h.1) < (rank.0, rank.1))
                .unwrap_or(top.len());
            top.insert(at, rank);
            top.truncate(per_kind);
        }
        DocKind::ALL
            .iter()
            .zip(best)
            .filter(|(_, (total, _))| *total > 0)
            .map(|(&kind, (total, top))| Group {
                kind,
                total,
                hits: top
                    .into_iter()
                    .map(|(exact, _, slot)| Hit {
                        doc: &self.docs[slot as usize],
                        typo: !exact,
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A hit as a search ranks it: without a typo, its time, its slot.
type Ranked = (bool, i64, u32);

/// A set of slots, 64 to a word.
#[derive(Debug, Default, Clone)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn set(&mut self, i: usize, on: bool) {
        if self.0.len() <= i / 64 {
            self.0.resize(i / 64 + 1, 0);
        }
        let bit = 1u64 << (i % 64);
        if on {
            self.0[i / 64] |= bit;
        } else {
            self.0[i / 64] &= !bit;
        }
    }

    fn set_all(&mut self, slots: &[u32]) {
        for &s in slots {
            self.0[s as usize / 64] |= 1u64 << (s % 64);
        }
    }

    fn get(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// The set slots, in order.
    fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                (w != 0).then(|| {
                    let b = w.trailing_zeros() as usize;
                    w &= w - 1;
                    i * 64 + b
                })
            })
        })
    }
}

/// `text` cut into runs, each marked when it is a word that matches a word of `query` (as
/// the index matches it, or containing it: contacts are found by substring).
pub fn marked<'t>(text: &'t str, query: &str) -> Vec<(&'t str, bool)> {
    let terms = Term::all(query);
    let mut out = Vec::new();
    let mut last = 0;
    let mut buf = Vec::new();
    for r in word_ranges(text) {
        let w = fold(&text[r.clone()]);
        let hit = terms
            .iter()
            .any(|t| w.contains(t.word.as_str()) || t.near(&w, &mut buf));
        if hit {
            if last < r.start {
                out.push((&text[last..r.start], false));
            }
            out.push((&text[r.clone()], true));
            last = r.end;
        }
    }
    if last < text.len() {
        out.push((&text[last..], false));
    }
    out
}

/// A window of at most `max` characters of `text` around its first marked word, with `…`
/// where it was cut, cut into runs as by [`marked`].
pub fn snippet(text: &str, query: &str, max: usize) -> Vec<(String, bool)> {
    let runs = marked(text, query);
    let first = runs
        .iter()
        .take_while(|(_, m)| !m)
        .map(|(s, _)| s.chars().count())
        .sum::<usize>();
    let total = text.chars().count();
    let start = if total <= max {
        0
    } else {
        first.saturating_sub(max / 4).min(total - max)
    };
    let end = (start + max).min(total);
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut pos = 0;
    for (s, m) in runs {
        let n = s.chars().count();
        let (a, b) = (start.max(pos), end.min(pos + n));
        if a < b {
            out.push((s.chars().skip(a - pos).take(b - a).collect(), m));
        }
        pos += n;
    }
    if start > 0 {
        out.insert(0, ("…".into(), false));
    }
    if end < total {
        out.push(("…".into(), false));
    }
    out
}

/// Whether a command's label answers `query`: every word of the query begins a word of the
/// label (`new c` finds "New contact", `yeni k` "Yeni kişi"). The empty query lists all.
pub fn label_matches(label: &str, query: &str) -> bool {
    let have = words(label);
    words(query)
        .iter()
        .all(|q| have.iter().any(|w| w.starts_with(q.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::interaction::InteractionId;
    use chrono::{TimeZone, Utc};

    /// A record of `kind` with id `n` (one of three contacts), for tests here and in
    /// `stored`.
    pub(super) fn doc(kind: DocKind, n: u128, at: i64, title: &str, body: &str) -> Doc {
        Doc {
            kind,
            id: Uuid::from_u128(n),
            contact: ContactId(Uuid::from_u128(1000 + n % 3)),
            at,
            title: title.into(),
            body: body.into(),
        }
    }

    fn book() -> TextIndex {
        let mut ix = TextIndex::new();
        ix.upsert(doc(
            DocKind::Interaction,
            1,
            100,
            "E-fatura sorusu",
            "Geçen bahar e-faturaya geçişi sordu",
        ));
        ix.upsert(doc(
            DocKind::Interaction,
            2,
            300,
            "Bordro şikâyeti",
            "Payroll complaint: muhasebe late",
        ));
        ix.upsert(doc(DocKind::Interaction, 3, 200, "Muhasebe toplantısı", ""));
        ix.upsert(doc(DocKind::FollowUp, 4, 50, "Denetim teklifini ara", ""));
        ix.upsert(doc(
            DocKind::Deal,
            5,
            400,
            "Audit proposal",
            "Bağımsız denetim",
        ));
        ix
    }

    /// The ids of the hits, group by group, with a `~` on typo hits.
    fn found(ix: &TextIndex, q: &str) -> Vec<String> {
        ix.search(q, 10)
            .iter()
            .flat_map(|g| {
                g.hits.iter().map(|h| {
                    format!(
                        "{:?}{}{}",
                        g.kind,
                        h.doc.id.as_u128(),
                        if h.typo { "~" } else { "" }
                    )
                })
            })
            .collect()
    }

    #[test]
    fn every_word_must_match_and_the_last_is_a_prefix() {
        let ix = book();
        assert_eq!(found(&ix, "bahar"), ["Interaction1"]);
        assert_eq!(found(&ix, "e-fatu"), ["Interaction1"]);
        assert_eq!(found(&ix, "faturaya gec"), ["Interaction1"]);
        // A word that is not last must be whole.
        assert!(found(&ix, "fatu sorusu").is_empty());
        assert!(found(&ix, "bahar ankara").is_empty());
    }

    #[test]
    fn turkish_folding_both_ways() {
        let ix = book();
        assert_eq!(found(&ix, "sikayet"), ["Interaction2"]);
        assert_eq!(found(&ix, "ŞİKÂYET"), ["Interaction2"]);
        assert_eq!(found(&ix, "bagimsiz"), ["Deal5"]);
        assert_eq!(found(&ix, "toplantisi"), ["Interaction3"]);
    }

    #[test]
    fn grouped_by_kind_newest_first_within_a_group() {
        let ix = book();
        assert_eq!(found(&ix, "muhasebe"), ["Interaction2", "Interaction3"]);
        assert_eq!(found(&ix, "denetim"), ["FollowUp4", "Deal5"]);
        let groups = ix.search("denetim", 10);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].total, 1);
    }

    #[test]
    fn one_typo_in_a_long_word_ranks_below_exact_matches() {
        let mut ix = book();
        ix.upsert(doc(DocKind::Interaction, 6, 900, "Muhasbe notu", ""));
        // "muhasbe" is exact for 6, one letter short of "muhasebe" for 2 and 3: 6 comes
        // first although… it is also the newest; so check the order with an older exact.
        assert_eq!(
            found(&ix, "muhasbe"),
            ["Interaction6", "Interaction2~", "Interaction3~"]
        );
        ix.upsert(doc(DocKind::Interaction, 6, 10, "Muhasbe notu", ""));
        assert_eq!(
            found(&ix, "muhasbe"),
            ["Interaction6", "Interaction2~", "Interaction3~"]
        );
        // Typos in a word that is not last, and swapped letters.
        assert_eq!(found(&ix, "bodro sik"), ["Interaction2~"]);
        assert_eq!(found(&ix, "toplnatisi"), ["Interaction3~"]);
        // Short words must be exact.
        assert!(found(&ix, "bodr").is_empty());
        assert!(found(&ix, "audt").is_empty());
        assert_eq!(found(&ix, "audti"), ["Deal5~"]);
        // Numbers are never one digit off.
        ix.upsert(doc(DocKind::Interaction, 8, 1, "Fatura 123456", ""));
        assert_eq!(found(&ix, "123456"), ["Interaction8"]);
        assert!(found(&ix, "123457").is_empty());
        // Two typos are too many.
        assert!(found(&ix, "mhasebx").is_empty());
        // One letter more than the word: a word one letter shorter than the query counts.
        assert_eq!(found(&ix, "muhasebex"), ["Interaction2~", "Interaction3~"]);
    }

    #[test]
    fn a_record_with_the_word_and_a_near_word_is_an_exact_hit() {
        let mut ix = TextIndex::new();
        ix.upsert(doc(DocKind::Interaction, 1, 1, "Muhasebe", "muhasbe"));
        assert_eq!(found(&ix, "muhasebe"), ["Interaction1"]);
        assert_eq!(found(&ix, "muhasebe x"), Vec::<String>::new());
    }

    #[test]
    fn the_last_word_forgives_a_typo_in_its_prefix() {
        let ix = book();
        assert_eq!(found(&ix, "muhsae"), ["Interaction2~", "Interaction3~"]);
        assert_eq!(found(&ix, "toplamt"), ["Interaction3~"]);
        // The typo may be a letter too many or too few against the word's beginning.
        let mut ix = TextIndex::new();
        ix.upsert(doc(DocKind::Interaction, 1, 1, "Muhasebeci", ""));
        assert_eq!(found(&ix, "muhasxe"), ["Interaction1~"]);
        assert_eq!(found(&ix, "muhsebe"), ["Interaction1~"]);
        // A word that is not last must be near the whole word.
        assert!(found(&ix, "muhsebe muhasebeci").is_empty());
    }

    #[test]
    fn a_query_of_one_letter_finds_nothing() {
        let ix = book();
        assert!(found(&ix, "m").is_empty());
        assert!(found(&ix, "  ").is_empty());
        assert_eq!(found(&ix, "mu"), ["Interaction2", "Interaction3"]);
    }

    #[test]
    fn upsert_replaces_and_remove_forgets() {
        let mut ix = book();
        assert_eq!(ix.len(), 5);
        ix.upsert(doc(DocKind::Interaction, 1, 100, "Yeni konu", ""));
        assert_eq!(ix.len(), 5);
        assert!(found(&ix, "bahar").is_empty());
        assert_eq!(found(&ix, "yeni"), ["Interaction1"]);
        ix.remove(DocKind::Interaction, Uuid::from_u128(1));
        assert!(found(&ix, "yeni").is_empty());
        assert_eq!(ix.len(), 4);
        // The same id under another kind is another record.
        ix.remove(DocKind::Deal, Uuid::from_u128(3));
        assert_eq!(found(&ix, "toplantisi"), ["Interaction3"]);
    }

    #[test]
    fn replacing_a_kind_or_a_contacts_interactions() {
        let mut ix = book();
        ix.replace_kind(
            DocKind::Deal,
            [doc(DocKind::Deal, 7, 1, "Bordro danışmanlığı", "")],
        );
        assert_eq!(found(&ix, "bordro"), ["Interaction2", "Deal7"]);
        assert!(found(&ix, "audit").is_empty());
        assert_eq!(found(&ix, "denetim"), ["FollowUp4"]);
        let deals: Vec<u128> = ix.docs_of(DocKind::Deal).map(|d| d.id.as_u128()).collect();
        assert_eq!(deals, [7]);
        assert_eq!(ix.docs_of(DocKind::Interaction).count(), 3);
        // Interaction 3's contact is 1000 (3 % 3 == 0), as is interaction 6's.
        let contact = ContactId(Uuid::from_u128(1000));
        ix.replace_interactions_of(
            contact,
            [doc(DocKind::Interaction, 6, 5, "Muhasebe yeni", "")],
        );
        assert_eq!(found(&ix, "muhasebe"), ["Interaction2", "Interaction6"]);
        // Interaction 1 (contact 1001) is untouched.
        assert_eq!(found(&ix, "bahar"), ["Interaction1"]);
    }

    #[test]
    fn compaction_keeps_what_is_live() {
        let mut ix = TextIndex::new();
        for n in 0..3000 {
            ix.upsert(doc(
                DocKind::Interaction,
                n,
                n as i64,
                &format!("konu{n}"),
                "",
            ));
        }
        for n in 0..2000 {
            ix.remove(DocKind::Interaction, Uuid::from_u128(n));
        }
        assert_eq!(ix.len(), 1000);
        assert!(ix.docs.len() < 3000, "compacted");
        assert_eq!(found(&ix, "konu2999"), ["Interaction2999"]);
        assert!(found(&ix, "konu5").is_empty());
        assert_eq!(ix.search("konu", 3)[0].total, 1000);
        ix.upsert(doc(DocKind::Interaction, 5, 1, "konu5", ""));
        assert_eq!(found(&ix, "konu5"), ["Interaction5"]);
    }

    #[test]
    fn a_group_keeps_its_best_few_and_counts_all() {
        let mut ix = TextIndex::new();
        for n in 0..20 {
            ix.upsert(doc(
                DocKind::Interaction,
                n,
                (n * 7 % 20) as i64,
                "teklif",
                "",
            ));
        }
        let g = &ix.search("teklif", 3)[0];
        assert_eq!(g.total, 20);
        let ats: Vec<i64> = g.hits.iter().map(|h| h.doc.at).collect();
        assert_eq!(ats, [19, 18, 17]);
        // Equal times keep the order the records were indexed in.
        let mut ix = TextIndex::new();
        for n in [3, 1, 2] {
            ix.upsert(doc(DocKind::Deal, n, 7, "teklif", ""));
        }
        assert_eq!(found(&ix, "teklif"), ["Deal3", "Deal1", "Deal2"]);
        let g = &ix.search("teklif", 1)[0];
        assert_eq!(g.hits[0].doc.id.as_u128(), 3);
    }

    #[test]
    fn counts_say_how_much_is_indexed() {
        let mut ix = TextIndex::new();
        assert!(ix.is_empty());
        assert_eq!(ix.vocabulary(), 0);
        ix.upsert(doc(DocKind::Deal, 1, 7, "Denetim teklifi", "denetim"));
        assert!(!ix.is_empty());
        assert_eq!(ix.vocabulary(), 2);
        ix.remove(DocKind::Deal, Uuid::from_u128(1));
        assert!(ix.is_empty());
    }

    #[test]
    fn compaction_waits_until_dead_records_outnumber_1024_and_the_live() {
        let slots = |live: u128, removed: u128| {
            let mut ix = TextIndex::new();
            for n in 0..live {
                ix.upsert(doc(DocKind::Interaction, n, 0, "konu", ""));
            }
            for n in 0..removed {
                ix.remove(DocKind::Interaction, Uuid::from_u128(n));
            }
            ix.docs.len()
        };
        // One removal of one: dead outnumber the live, but not 1024.
        assert_eq!(slots(1, 1), 1);
        // 1024 dead against 976 live: not yet; 1025: compacted.
        assert_eq!(slots(2000, 1024), 2000);
        assert_eq!(slots(2000, 1025), 975);
        // 2000 dead against 2000 live: not yet; 2001: compacted.
        assert_eq!(slots(4000, 2000), 4000);
        assert_eq!(slots(4000, 2001), 1999);
    }

    #[test]
    fn within_one_edit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        for (a, b, yes) in [
            ("muhasebe", "muhasebe", true),
            ("muhasbe", "muhasebe", true),
            ("muhasebee", "muhasebe", true),
            ("muhasexe", "muhasebe", true),
            ("muhsaebe", "muhasebe", true),
            ("umhasebe", "muhasebe", true),
            ("muhaseeb", "muhasebe", true),
            ("xuhasebe", "muhasebe", true),
            ("muhasebx", "muhasebe", true),
            ("mhasbe", "muhasebe", false),
            ("muhasebexx", "muhasebe", false),
            ("mushaebe", "muhasebe", false),
            ("abcd", "badc", false),
            ("", "a", true),
            ("", "ab", false),
        ] {
            assert_eq!(within_one(&c(a), &c(b)), yes, "{a} {b}");
            assert_eq!(within_one(&c(b), &c(a)), yes, "{b} {a}");
        }
    }

    #[test]
    fn marks_cover_the_matching_words_of_the_original_text() {
        let runs = marked("Geçen bahar E-FATURAYA geçişi sordu", "faturaya gecis");
        assert_eq!(
            runs,
            [
                ("Geçen bahar E-", false),
                ("FATURAYA", true),
                (" ", false),
                ("geçişi", true),
                (" sordu", false),
            ]
        );
        assert_eq!(
            marked("İSTANBUL'da", "istanbul"),
            [("İSTANBUL", true), ("'da", false)]
        );
        // Typo matches are marked too; nothing matched is one run.
        assert_eq!(marked("Muhasebe", "muhasbe"), [("Muhasebe", true)]);
        assert_eq!(marked("Kadıköy", "ankara"), [("Kadıköy", false)]);
        // Contacts are found by substring: the word containing it is marked.
        assert_eq!(marked("Biotech", "tech"), [("Biotech", true)]);
        assert_eq!(marked("", "x"), []);
    }

    #[test]
    fn snippets_cut_around_the_first_mark() {
        let text = format!("{} muhasebe{}", "a ".repeat(100), " sonu".repeat(20));
        let s = snippet(&text, "muhasebe", 40);
        assert_eq!(s.first().map(|r| r.0.as_str()), Some("…"));
        assert_eq!(s.last().map(|r| r.0.as_str()), Some("…"));
        assert!(s.contains(&("muhasebe".to_string(), true)));
        let shown: usize = s.iter().map(|r| r.0.chars().count()).sum();
        assert_eq!(shown, 42);
        // Short text is whole.
        assert_eq!(
            snippet("kısa muhasebe", "muh", 40),
            [("kısa ".to_string(), false), ("muhasebe".to_string(), true)]
        );
        // A quarter of the window comes before the match.
        assert_eq!(s[1], (" a a a a  ".to_string(), false));
        // A match at the very end still shows, with what precedes it.
        let s = snippet(&format!("{}son", "x ".repeat(60)), "son", 20);
        assert_eq!(s.last(), Some(&("son".to_string(), true)));
        let shown: usize = s.iter().map(|r| r.0.chars().count()).sum();
        assert_eq!(shown, 21);
        // A window ending where a run ends leaves no empty run.
        assert_eq!(
            snippet("muhasebe sonra", "muhasebe", 8),
            [("muhasebe".to_string(), true), ("…".to_string(), false)]
        );
    }

    #[test]
    fn commands_match_by_word_prefixes() {
        assert!(label_matches("New contact", "new c"));
        assert!(label_matches("New contact", "CONT"));
        assert!(label_matches("Yeni kişi", "yeni kisi"));
        assert!(label_matches("Ayarlar", ""));
        assert!(!label_matches("New contact", "deal"));
        assert!(!label_matches("New contact", "ontact"));
    }

    #[test]
    fn docs_of_records() {
        let at = Utc.with_ymd_and_hms(2025, 4, 1, 9, 0, 0).unwrap();
        let id = InteractionId(Uuid::from_u128(9));
        let mut i = Interaction::blank(id, ContactId(Uuid::from_u128(1)), None, at);
        i.summary = "E-fatura".into();
        i.details = "Geçiş".into();
        i.product = "Danışmanlık".into();
        let fid = crate::model::interaction::FollowUpId(Uuid::from_u128(10));
        let mut f = FollowUp::new(fid, i.contact_id, at.date_naive(), "Teklifi sor", at);
        let d = Doc::of_follow_up(&f).expect("live");
        assert_eq!(
            (d.kind, d.title.as_str()),
            (DocKind::FollowUp, "Teklifi sor")
        );
        assert_eq!(d.at, at.timestamp());
        f.deleted_at = Some(at);
        assert_eq!(Doc::of_follow_up(&f), None);
        let mut deal = crate::model::deal::Deal::new(
            crate::model::deal::DealId(Uuid::from_u128(11)),
            i.contact_id,
            "Denetim",
            crate::model::deal::StageId::new("lead"),
            at,
        );
        deal.notes = "Bağımsız".into();
        deal.lines.push(crate::model::deal::LineItem {
            product: "Rapor".into(),
            quantity_milli: 1000,
            unit_price: crate::Money::new(100, "TRY"),
        });
        let d = Doc::of_deal(&deal).expect("live");
        assert_eq!((d.kind, d.title.as_str()), (DocKind::Deal, "Denetim"));
        assert_eq!(d.body, "Bağımsız · Rapor");
        deal.deleted_at = Some(at);
        assert_eq!(Doc::of_deal(&deal), None);
        let d = Doc::of_interaction(&i).expect("live");
        // Read from the stored document, the same.
        let stored = serde_json::to_string(&i).expect("serialises");
        assert_eq!(
            Doc::of_stored_interaction(&stored).ok(),
            Some((i.id.0, Some(d.clone())))
        );
        assert!(Doc::of_stored_interaction("{\"id\": 1}").is_err());
        assert_eq!(d.kind, DocKind::Interaction);
        assert_eq!(d.at, at.timestamp());
        assert_eq!(d.title, "E-fatura");
        assert_eq!(d.body, "Geçiş · Danışmanlık");
        i.deleted_at = Some(at);
        assert_eq!(Doc::of_interaction(&i), None);
        let stored = serde_json::to_string(&i).expect("serialises");
        assert_eq!(
            Doc::of_stored_interaction(&stored).ok(),
            Some((i.id.0, None))
        );
    }

    #[test]
    fn stored_documents_written_by_earlier_versions_read_as_their_interactions() {
        // Backups hold interactions in their stored form; these files were written by the
        // versions that introduced each backup format.
        for text in [
            include_str!("../tests/golden/backup-v1.json"),
            include_str!("../tests/golden/backup-v2.json"),
            include_str!("../tests/golden/backup-v3.json"),
        ] {
            let file: serde_json::Value = serde_json::from_str(text).expect("golden JSON");
            let stored = file["interactions"].as_array().expect("interactions");
            assert!(!stored.is_empty());
            for v in stored {
                let whole: Interaction = serde_json::from_value(v.clone()).expect("interaction");
                let read = Doc::of_stored_interaction(&v.to_string()).expect("reads");
                assert_eq!(read, (whole.id.0, Doc::of_interaction(&whole)));
            }
        }
    }
}
