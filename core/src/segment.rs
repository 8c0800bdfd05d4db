//! The segment query language: what users type into the contacts search field to filter
//! contacts and to save named segments.
//!
//! `tag:vip city:istanbul status:at-risk tier:A last:>90d revenue:>10000 -source:referral ali`
//! `deal:open deal:"Proposal sent" -deal:lost`
//!
//! Words are separated by whitespace. A word is `field:value` (a filter), `-field:value`
//! (a negated filter) or plain text (free text, left to the existing full-text search). A
//! double-quoted part may contain spaces (`city:"New York"`, `"ali veli"`). Commas inside a
//! value mean OR (`tier:A,B`); every word is ANDed. Query values are folded once here, so
//! [`Segment::matches`] does no allocation for ASCII data.
//!
//! A word whose part before the first `:` is not a known field stays free text when that
//! part is not purely letters (`12:30`) or the rest starts with `//` (`http://x`), so times
//! and links still search; an all-letters unknown field (`foo:bar`) is an error.

use crate::analysis::value::{ContactFacts, Standing, Status, Tier};
use crate::analysis::Tz;
use crate::model::contact::ContactId;
use crate::model::deal::{Deal, DealStatus, StageId};
use crate::text::fold;
use crate::{Contact, Kind, Stage};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;

/// A query that could not be read, pointing at the word at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character (not byte) offsets of the offending word in the query, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The offending word as typed.
    pub word: String,
    /// What is wrong with it; the UI says it in the user's language.
    pub problem: QueryProblem,
}

/// Why a query word could not be read, with the values a message needs. Field names are
/// the query's words (`tag`, `status`), which stay as typed in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryProblem {
    /// A `"` without its closing one; the word is the text from the quote on.
    UnclosedQuote,
    /// `foo:bar`: `name` is the unknown field as typed.
    UnknownField {
        name: String,
    },
    /// `tag:` with nothing after it: `field` in lower case and an example value.
    NeedsValue {
        field: String,
        example: &'static str,
    },
    BadStage,
    BadStatus,
    BadTier,
    BadKind,
    /// `last:90d`: a number without `>` or `<`.
    LastNeedsOperator,
    BadLast,
    /// `revenue:>10.000`: `fixed` is the word as it should be written.
    AmountHasSeparators {
        fixed: String,
    },
    BadAmount,
    BadScore,
}

/// The English sentence, for logs and tests; the UI uses `i18n::contacts::query_error`.
impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = &self.word;
        match &self.problem {
            QueryProblem::UnclosedQuote => write!(f, "The quote that starts at “{w}” is not closed."),
            QueryProblem::UnknownField { name } => {
                write!(f, "Unknown field “{name}” in “{w}”. Use {FIELD_LIST}.")
            }
            QueryProblem::NeedsValue { field, example } => {
                write!(f, "“{w}” needs a value, like {field}:{example}.")
            }
            QueryProblem::BadStage => write!(f, "“{w}” — stage is one of prospect, customer, former-customer."),
            QueryProblem::BadStatus => write!(f, "“{w}” — status is one of prospect, active, at-risk, lapsed, won-back."),
            QueryProblem::BadTier => write!(f, "“{w}” — tier is one of A, B, C, D."),
            QueryProblem::BadKind => write!(f, "“{w}” — kind is person or organisation."),
            QueryProblem::LastNeedsOperator => write!(f, "“{w}” — use > or < before the number, like last:>90d (more than 90 days ago) or last:<2w (within two weeks)."),
            QueryProblem::BadLast => write!(f, "“{w}” — write a number of days with > or <, like last:>90d or last:<2w."),
            QueryProblem::AmountHasSeparators { fixed } => write!(f, "“{w}” — thousands separators are not accepted; write {fixed} (. or , only before up to 2 decimals)."),
            QueryProblem::BadAmount => write!(f, "“{w}” — write an amount in whole units with >, <, >=, <= or =, like revenue:>10000 or revenue:<=2500.50."),
            QueryProblem::BadScore => write!(f, "“{w}” — score is a number from 0 to 100 with >, <, >=, <= or =, like score:>=80."),
        }
    }
}

impl std::error::Error for ParseError {}

/// A parsed query: field filters plus free text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Segment {
    filters: Vec<Filter>,
    words: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct Filter {
    negated: bool,
    test: Test,
}

/// One filter; string values are folded and non-empty; a list means OR.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Tag(Vec<String>),
    City(Vec<String>),
    Region(Vec<String>),
    Source(Vec<String>),
    Org(Vec<String>),
    Stage(Vec<Stage>),
    Status(Vec<Status>),
    Tier(Vec<Tier>),
    Last(Vec<Last>),
    Revenue(Op, i64),
    Score(Op, f64),
    Kind(Vec<Kind>),
    Deal(Vec<DealTest>),
}

/// One `deal:` value: the contact has a deal with this status, or an open deal in the
/// stage of this (folded) name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DealTest {
    Open,
    Won,
    Lost,
    Stage(String),
}

/// What `deal:` filters read: each contact's live deals and the names that mean each stage.
/// Built once per search from the deals in memory ([`DealIndex::new`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealIndex {
    by_contact: HashMap<ContactId, Vec<(DealTest, StageId)>>,
    /// Folded stage name → the stages it names.
    stages: HashMap<String, Vec<StageId>>,
}

impl DealIndex {
    /// `stage_names` gives, for each stage, every name a user may type for it: its id, the
    /// user's own name and the built-in names in each language (the UI knows those).
    pub fn new(
        deals: &[Deal],
        stage_names: impl IntoIterator<Item = (StageId, Vec<String>)>,
    ) -> Self {
        let mut by_contact: HashMap<ContactId, Vec<(DealTest, StageId)>> = HashMap::new();
        for d in deals.iter().filter(|d| !d.is_deleted()) {
            let status = match d.status {
                DealStatus::Open => DealTest::Open,
                DealStatus::Won { .. } => DealTest::Won,
                DealStatus::Lost { .. } => DealTest::Lost,
            };
            by_contact
                .entry(d.contact_id)
                .or_default()
                .push((status, d.stage.clone()));
        }
        let mut stages: HashMap<String, Vec<StageId>> = HashMap::new();
        for (id, names) in stage_names {
            for n in names {
                let ids = stages.entry(fold(n.trim())).or_default();
                if !ids.contains(&id) {
                    ids.push(id.clone());
                }
            }
        }
        DealIndex { by_contact, stages }
    }

    fn holds(&self, contact: ContactId, tests: &[DealTest]) -> bool {
        let Some(deals) = self.by_contact.get(&contact) else {
            return false;
        };
        tests.iter().any(|t| match t {
            DealTest::Stage(name) => self.stages.get(name).is_some_and(|ids| {
                deals
                    .iter()
                    .any(|(s, stage)| *s == DealTest::Open && ids.contains(stage))
            }),
            status => deals.iter().any(|(s, _)| s == status),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Gt,
    Lt,
    Ge,
    Le,
    Eq,
}

impl Op {
    fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Op::Gt => a > b,
            Op::Lt => a < b,
            Op::Ge => a >= b,
            Op::Le => a <= b,
            Op::Eq => a == b,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Eq => "=",
        }
    }
}

/// A `last:` condition: never contacted, or days since the last contact compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Never,
    Days(Op, i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Tag,
    City,
    Region,
    Source,
    Org,
    Stage,
    Status,
    Tier,
    Last,
    Revenue,
    Score,
    Kind,
    Deal,
}

impl Field {
    fn lookup(folded: &str) -> Option<Field> {
        Some(match folded {
            "tag" | "etiket" => Field::Tag,
            "city" | "sehir" => Field::City,
            "region" | "bolge" => Field::Region,
            "source" | "kaynak" => Field::Source,
            "org" | "organisation" | "organization" | "company" | "kurulus" | "firma"
            | "sirket" => Field::Org,
            "stage" | "asama" => Field::Stage,
            "status" | "durum" => Field::Status,
            "tier" | "kademe" => Field::Tier,
            "last" | "son" => Field::Last,
            "revenue" | "ciro" => Field::Revenue,
            "score" | "puan" => Field::Score,
            "kind" | "tur" => Field::Kind,
            "deal" | "firsat" => Field::Deal,
            _ => return None,
        })
    }

    /// An example value, for "needs a value" messages.
    fn example(self) -> &'static str {
        match self {
            Field::Tag => "vip",
            Field::City => "istanbul",
            Field::Region => "marmara",
            Field::Source => "referral",
            Field::Org => "acme",
            Field::Stage => "customer",
            Field::Status => "at-risk",
            Field::Tier => "A",
            Field::Last => ">90d",
            Field::Revenue => ">10000",
            Field::Score => ">=80",
            Field::Kind => "person",
            Field::Deal => "open",
        }
    }
}

const FIELD_LIST: &str =
    "tag, city, region, source, org, stage, status, tier, last, revenue, score, kind or deal";

/// One whitespace-separated word: its characters with whether each was inside quotes.
struct Word {
    start: usize,
    end: usize,
    raw: String,
    chars: Vec<(char, bool)>,
}

impl Word {
    fn error(&self, problem: QueryProblem) -> ParseError {
        ParseError {
            start: self.start,
            end: self.end,
            word: self.raw.clone(),
            problem,
        }
    }
}

fn words(query: &str) -> Result<Vec<Word>, ParseError> {
    let mut out = Vec::new();
    let mut it = query.chars().enumerate().peekable();
    while let Some(&(i, c)) = it.peek() {
        if c.is_whitespace() {
            it.next();
            continue;
        }
        let mut w = Word {
            start: i,
            end: i,
            raw: String::new(),
            chars: Vec::new(),
        };
        let mut open: Option<usize> = None;
        while let Some(&(j, c)) = it.peek() {
            if open.is_none() && c.is_whitespace() {
                break;
            }
            it.next();
            w.raw.push(c);
            w.end = j + 1;
            if c == '"' {
                open = match open {
                    Some(_) => None,
                    None => Some(j),
                };
            } else {
                w.chars.push((c, open.is_some()));
            }
        }
        if let Some(q) = open {
            let word: String = query.chars().skip(q).collect::<String>().trim_end().into();
            return Err(ParseError {
                start: q,
                end: q + word.chars().count(),
                word,
                problem: QueryProblem::UnclosedQuote,
            });
        }
        out.push(w);
    }
    Ok(out)
}

/// Parses a query typed by the user.
pub fn parse(query: &str) -> Result<Segment, ParseError> {
    let mut seg = Segment::default();
    for w in words(query)? {
        match filter(&w)? {
            Some(f) => seg.filters.push(f),
            None => {
                let text: String = w.chars.iter().map(|&(c, _)| c).collect();
                if !text.trim().is_empty() {
                    seg.words.push(text);
                }
            }
        }
    }
    Ok(seg)
}

/// The word as a filter, or `None` when it is free text.
fn filter(w: &Word) -> Result<Option<Filter>, ParseError> {
    let Some(colon) = w.chars.iter().position(|&(c, q)| c == ':' && !q) else {
        return Ok(None);
    };
    let negated = w.chars.first() == Some(&('-', false));
    let prefix = &w.chars[usize::from(negated)..colon];
    if prefix.is_empty() || prefix.iter().any(|&(_, q)| q) {
        return Ok(None);
    }
    let name: String = prefix.iter().map(|&(c, _)| c).collect();
    let rest = &w.chars[colon + 1..];
    let Some(field) = Field::lookup(&fold(&name)) else {
        let link = rest.len() >= 2 && rest[0] == ('/', false) && rest[1] == ('/', false);
        if name.chars().all(char::is_alphabetic) && !link {
            return Err(w.error(QueryProblem::UnknownField { name }));
        }
        return Ok(None);
    };
    let name = name.to_lowercase();
    let needs_value = || {
        w.error(QueryProblem::NeedsValue {
            field: name.clone(),
            example: field.example(),
        })
    };
    // Values split on unquoted commas, each trimmed; empty parts are dropped.
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    for &(c, q) in rest {
        if c == ',' && !q {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(needs_value());
    }
    let whole: String = rest.iter().map(|&(c, _)| c).collect();
    let whole = whole.trim();
    let folded = || -> Result<Vec<String>, ParseError> {
        let v: Vec<String> = parts
            .iter()
            .map(|p| fold(p).trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        if v.is_empty() {
            Err(needs_value())
        } else {
            Ok(v)
        }
    };
    let test = match field {
        Field::Tag => Test::Tag(folded()?),
        Field::City => Test::City(folded()?),
        Field::Region => Test::Region(folded()?),
        Field::Source => Test::Source(folded()?),
        Field::Org => Test::Org(folded()?),
        Field::Stage => Test::Stage(each(
            w,
            &parts,
            |v| {
                let v = v.replace('_', "-");
                // The Turkish words, folded (müşteri → musteri).
                let v = match v.as_str() {
                    "potansiyel" => "prospect",
                    "musteri" => "customer",
                    "eski-musteri" => "former-customer",
                    v => v,
                };
                Stage::ALL
                    .into_iter()
                    .find(|s| s.as_str().replace('_', "-") == v)
            },
            QueryProblem::BadStage,
        )?),
        Field::Status => Test::Status(each(w, &parts, status_named, QueryProblem::BadStatus)?),
        Field::Tier => Test::Tier(each(w, &parts, Tier::parse, QueryProblem::BadTier)?),
        Field::Kind => Test::Kind(each(
            w,
            &parts,
            |v| match v {
                "person" | "kisi" => Some(Kind::Person),
                "organisation" | "organization" | "org" | "company" | "kurulus" | "firma"
                | "sirket" => Some(Kind::Organisation),
                _ => None,
            },
            QueryProblem::BadKind,
        )?),
        // A status word in either language, else a stage's name (known only when matching).
        Field::Deal => Test::Deal(
            folded()?
                .into_iter()
                .map(|v| match v.as_str() {
                    "open" | "acik" => DealTest::Open,
                    "won" | "kazanildi" | "kazanilan" => DealTest::Won,
                    "lost" | "kaybedildi" | "kaybedilen" => DealTest::Lost,
                    _ => DealTest::Stage(v),
                })
                .collect(),
        ),
        Field::Last => {
            let mut v = Vec::new();
            for p in &parts {
                v.push(last(&fold(p)).map_err(|missing_op| {
                    w.error(if missing_op {
                        QueryProblem::LastNeedsOperator
                    } else {
                        QueryProblem::BadLast
                    })
                })?);
            }
            Test::Last(v)
        }
        Field::Revenue => {
            let (op, n) = split_op(whole);
            match amount(n) {
                Ok(minor) => Test::Revenue(op, minor),
                Err(Some(fixed)) => {
                    return Err(w.error(QueryProblem::AmountHasSeparators {
                        fixed: format!("{name}:{}{fixed}", op.as_str()),
                    }))
                }
                Err(None) => return Err(w.error(QueryProblem::BadAmount)),
            }
        }
        Field::Score => {
            let (op, n) = split_op(whole);
            match amount(n) {
                Ok(hundredths) => Test::Score(op, hundredths as f64 / 100.0),
                Err(_) => return Err(w.error(QueryProblem::BadScore)),
            }
        }
    };
    Ok(Some(Filter { negated, test }))
}

/// Each (folded) part read by `one`, or `problem` when one is not understood.
fn each<T>(
    w: &Word,
    parts: &[&str],
    one: impl Fn(&str) -> Option<T>,
    problem: QueryProblem,
) -> Result<Vec<T>, ParseError> {
    parts
        .iter()
        .map(|p| one(&fold(p)))
        .collect::<Option<Vec<T>>>()
        .ok_or_else(|| w.error(problem))
}

/// A leading comparison operator (none means `>=`) and the rest.
fn split_op(s: &str) -> (Op, &str) {
    for (p, op) in [
        (">=", Op::Ge),
        ("<=", Op::Le),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ] {
        if let Some(rest) = s.strip_prefix(p) {
            return (op, rest.trim_start());
        }
    }
    (Op::Ge, s)
}

/// An amount in major units as hundredths: digits with an optional `.` or `,` and up to
/// two decimals. `Err(Some(fixed))` when it looks like it has thousands separators
/// (`fixed` is the amount without them), `Err(None)` when it is no amount at all.
fn amount(s: &str) -> Result<i64, Option<String>> {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let to_i64 = |t: &str| -> Option<i64> {
        t.bytes().try_fold(0i64, |acc, b| {
            acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
        })
    };
    let (int, frac) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let plain = frac.is_empty() && !s.ends_with(['.', ',']);
    if digits(int) && (plain || digits(frac)) && frac.len() <= 2 {
        let whole = to_i64(int).and_then(|n| n.checked_mul(100)).ok_or(None)?;
        let cents = match frac.len() {
            0 => 0,
            1 => to_i64(frac).ok_or(None)? * 10,
            _ => to_i64(frac).ok_or(None)?,
        };
        return whole.checked_add(cents).ok_or(None);
    }
    // Groups of digits joined by separators: thousands separators, maybe with decimals.
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    if groups.len() >= 2 && groups.iter().all(|g| digits(g)) {
        let last = groups[groups.len() - 1];
        let fixed = if last.len() <= 2 {
            let n = s.len() - last.len() - 1;
            format!("{}.{last}", s[..n].replace(['.', ','], ""))
        } else {
            s.replace(['.', ','], "")
        };
        return Err(Some(fixed));
    }
    Err(None)
}

/// A `last:` value (folded, without commas). `Err(true)` when only the operator is missing.
fn last(v: &str) -> Result<Last, bool> {
    if v == "never" || v == "hic" {
        return Ok(Last::Never);
    }
    let (op, n) = split_op(v);
    let had_op = n.len() != v.len();
    let (num, per) = match n.as_bytes().last() {
        // English units, and Turkish: gün, hafta, ay (yıl is y in both).
        Some(b'd' | b'g') => (&n[..n.len() - 1], 1),
        Some(b'w' | b'h') => (&n[..n.len() - 1], 7),
        Some(b'm' | b'a') => (&n[..n.len() - 1], 30),
        Some(b'y') => (&n[..n.len() - 1], 365),
        _ => (n, 1),
    };
    let num = num.trim_end();
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return Err(false);
    }
    let days = num
        .parse::<i64>()
        .ok()
        .and_then(|d| d.checked_mul(per))
        .ok_or(false)?;
    if !had_op || op == Op::Eq {
        return Err(true);
    }
    Ok(Last::Days(op, days))
}

/// `fold(s.trim()) == folded`, without allocating when `s` is ASCII.
fn folds_eq(s: &str, folded: &str) -> bool {
    let s = s.trim();
    if s.is_ascii() {
        s.eq_ignore_ascii_case(folded)
    } else {
        fold(s).trim() == folded
    }
}

/// `fold(s)` contains `folded`, without allocating when `s` is ASCII.
fn folds_contains(s: &str, folded: &str) -> bool {
    if folded.is_empty() {
        true
    } else if s.is_ascii() {
        let (h, n) = (s.as_bytes(), folded.as_bytes());
        n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        fold(s).contains(folded)
    }
}

impl Segment {
    /// True when the query has at least one field filter (else the plain search alone
    /// answers it).
    pub fn has_filters(&self) -> bool {
        !self.filters.is_empty()
    }

    /// The free-text words joined by single spaces (quotes removed), for the existing text
    /// search.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }

    /// Whether the contact passes every filter (free text is NOT checked here).
    ///
    /// `org` is the resolved organisation name; `facts` is None for contacts with no facts
    /// (then `status:`, `last:` and `revenue:` do not match); `standing` is None for
    /// non-customers (then `tier:` and `score:` do not match); `today`/`tz` for `last:`;
    /// `deals` for `deal:`. A negated filter matches exactly the contacts its filter does
    /// not.
    #[allow(clippy::too_many_arguments)]
    pub fn matches(
        &self,
        c: &Contact,
        org: Option<&str>,
        facts: Option<&ContactFacts>,
        standing: Option<&Standing>,
        today: NaiveDate,
        tz: Tz,
        deals: &DealIndex,
    ) -> bool {
        self.filters.iter().all(|f| {
            let hit = match &f.test {
                Test::Tag(vs) => c.tags.iter().any(|t| vs.iter().any(|v| folds_eq(t, v))),
                Test::City(vs) => c
                    .addresses
                    .iter()
                    .any(|a| vs.iter().any(|v| folds_eq(&a.city, v))),
                Test::Region(vs) => c
                    .addresses
                    .iter()
                    .any(|a| vs.iter().any(|v| folds_eq(&a.region, v))),
                Test::Source(vs) => vs.iter().any(|v| folds_eq(&c.source, v)),
                Test::Org(vs) => org.is_some_and(|o| vs.iter().any(|v| folds_contains(o, v))),
                Test::Stage(vs) => vs.contains(&c.stage),
                Test::Kind(vs) => vs.contains(&c.kind),
                Test::Deal(vs) => deals.holds(c.id, vs),
                Test::Status(vs) => facts.is_some_and(|x| vs.iter().any(|&s| x.standing().is(s))),
                Test::Revenue(op, minor) => facts.is_some_and(|x| op.holds(x.revenue, *minor)),
                Test::Last(vs) => facts.is_some_and(|x| {
                    let days = x
                        .last_contact
                        .map(|at| (today - tz.local_date(at)).num_days());
                    vs.iter().any(|l| match (*l, days) {
                        (Last::Never, d) => d.is_none(),
                        (Last::Days(op, n), Some(d)) => op.holds(d, n),
                        // Never contacted is longer ago than any number of days.
                        (Last::Days(op, _), None) => matches!(op, Op::Gt | Op::Ge),
                    })
                }),
                Test::Tier(vs) => standing.is_some_and(|s| vs.contains(&s.tier)),
                // The score as shown (a whole number).
                Test::Score(op, n) => standing.is_some_and(|s| op.holds(s.score.round(), *n)),
            };
            hit != f.negated
        })
    }
}

/// Quotes a value for a query if it needs it: `quote("New York") == "\"New York\""`,
/// `quote("vip") == "vip"`. The language has no escapes, so double quotes inside the value
/// are dropped.
pub fn quote(value: &str) -> String {
    let v: String = value.chars().filter(|&c| c != '"').collect();
    if v.is_empty() || v.chars().any(|c| c.is_whitespace() || c == ',') || v != value {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// The query's words, split as the parser splits them (a quoted part keeps its spaces).
fn query_words(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, ch) in query.char_indices() {
        match (ch, start) {
            ('"', _) => {
                quoted = !quoted;
                start.get_or_insert(i);
            }
            (c, Some(s)) if c.is_whitespace() && !quoted => {
                out.push(&query[s..i]);
                start = None;
            }
            (c, None) if !c.is_whitespace() => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&query[s..]);
    }
    out
}

/// The status a folded value names, in English or Turkish, dashes ignored
/// (`at-risk`, `riskli`, `geri-kazanıldı`).
fn status_named(v: &str) -> Option<Status> {
    let v: String = v.chars().filter(|c| *c != '-' && *c != '_').collect();
    let v = match v.as_str() {
        "potansiyel" => "prospect",
        "aktif" => "active",
        "riskli" => "atrisk",
        "kopmus" => "lapsed",
        "gerikazanildi" => "wonback",
        v => v,
    };
    Status::ALL
        .into_iter()
        .find(|s| s.slug().replace('-', "") == v)
}

/// The field a word filters on, in English or Turkish (`status:`, `durum:`), if it is a
/// `field:value` word.
fn field_of(word: &str) -> Option<Field> {
    let (f, _) = word.split_once(':')?;
    (!f.is_empty() && f.chars().all(char::is_alphabetic))
        .then(|| Field::lookup(&fold(f)))
        .flatten()
}

/// The value of the query's first `field:` word (not negated; the field's Turkish name
/// counts too), for a filter menu to show. A status comes back as its English slug, so
/// `durum:riskli` shows as "at-risk".
pub fn filter_value(query: &str, field: &str) -> Option<String> {
    let field = Field::lookup(&fold(field))?;
    query_words(query)
        .into_iter()
        .find(|w| field_of(w) == Some(field))
        .and_then(|w| w.split_once(':'))
        .map(|(_, v)| match field {
            Field::Status => {
                status_named(&fold(v)).map_or_else(|| v.to_string(), |s| s.slug().to_string())
            }
            // In days, or whole years: `son:>90g` and `son:>3a` show as ">90d", `last:>365d` as ">1y".
            Field::Last => match last(&fold(v)) {
                Ok(Last::Never) => "never".to_string(),
                Ok(Last::Days(op, d)) if d > 0 && d % 365 == 0 => {
                    format!("{}{}y", op.as_str(), d / 365)
                }
                Ok(Last::Days(op, d)) => format!("{}{d}d", op.as_str()),
                Err(_) => v.to_string(),
            },
            _ => v.to_string(),
        })
}

/// The query with its `field:` words (not negated ones) replaced by `field:value`, or
/// removed when `value` is `None`. Other words keep their order.
pub fn with_filter(query: &str, field: &str, value: Option<&str>) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut placed = false;
    let wanted = Field::lookup(&fold(field));
    for w in query_words(query) {
        if wanted.is_some() && field_of(w) == wanted {
            if let (Some(v), false) = (value, placed) {
                out.push(format!("{field}:{v}"));
                placed = true;
            }
        } else {
            out.push(w.to_string());
        }
    }
    if let (Some(v), false) = (value, placed) {
        out.push(format!("{field}:{v}"));
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_words_mean_what_the_english_ones_do() {
        for (tr, en) in [
            ("etiket:vip", "tag:vip"),
            ("ŞEHİR:istanbul", "city:istanbul"),
            ("bölge:marmara", "region:marmara"),
            ("kaynak:fuar", "source:fuar"),
            ("firma:acme", "org:acme"),
            ("şirket:acme", "org:acme"),
            ("kuruluş:acme", "org:acme"),
            ("aşama:customer", "stage:customer"),
            ("durum:at-risk", "status:at-risk"),
            ("kademe:A", "tier:A"),
            ("son:>90g", "last:>90d"),
            ("son:<2h", "last:<2w"),
            ("son:>3a", "last:>3m"),
            ("son:>1y", "last:>1y"),
            ("son:hiç", "last:never"),
            ("ciro:>1000", "revenue:>1000"),
            ("puan:>=80", "score:>=80"),
            ("tür:person", "kind:person"),
            ("aşama:potansiyel", "stage:prospect"),
            ("aşama:müşteri", "stage:customer"),
            ("aşama:ESKİ-MÜŞTERİ", "stage:former-customer"),
            ("durum:potansiyel", "status:prospect"),
            ("durum:aktif", "status:active"),
            ("durum:riskli", "status:at-risk"),
            ("durum:kopmuş", "status:lapsed"),
            ("durum:kopmus", "status:lapsed"),
            ("durum:geri-kazanıldı", "status:won-back"),
            ("durum:aktif,riskli", "status:active,at-risk"),
            ("tür:kişi", "kind:person"),
            ("tür:kuruluş", "kind:organisation"),
            ("tür:firma", "kind:organisation"),
            ("tür:şirket", "kind:organisation"),
        ] {
            assert_eq!(parse(tr), parse(en), "{tr}");
            assert!(parse(tr).is_ok(), "{tr}");
        }
    }
    use crate::analysis::value::Ranks;
    use crate::{Address, ContactId};
    use chrono::{DateTime, TimeZone, Utc};
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    /// A contact with everything the filters look at.
    struct Fixture {
        c: Contact,
        org: Option<&'static str>,
        facts: Option<ContactFacts>,
        standing: Option<Standing>,
    }

    fn facts(status: Status, revenue: i64, last: Option<DateTime<Utc>>) -> ContactFacts {
        ContactFacts {
            status,
            stage: crate::Stage::Prospect,
            revenue,
            without_rate: Default::default(),
            last_contact: last,
            first_purchase: None,
            last_purchase: None,
            returned_on: None,
            products: 0,
            keys: None,
        }
    }

    fn standing(tier: Tier, score: f64) -> Standing {
        Standing {
            tier,
            score,
            ranks: Ranks::default(),
            position: 1,
            of: 10,
        }
    }

    fn contact(n: u8, name: &str) -> Contact {
        Contact::new(ContactId::from_random_bytes([n; 16]), name, at(2025, 1, 1))
    }

    fn address(city: &str, region: &str) -> Address {
        Address {
            city: city.into(),
            region: region.into(),
            ..Address::default()
        }
    }

    /// Ayşe: VIP customer in İstanbul, tier A, last contact 10 days ago, 12,500.00 revenue.
    fn ayse() -> Fixture {
        let mut c = contact(1, "Ayşe Yılmaz");
        c.tags = vec!["VIP".into(), "Kahve".into()];
        c.addresses = vec![address("İstanbul", "Marmara"), address("İzmir", "Ege")];
        c.source = "Referral".into();
        c.stage = Stage::Customer;
        Fixture {
            c,
            org: Some("Çınar Yazılım A.Ş."),
            facts: Some(facts(Status::Active, 1_250_000, Some(at(2026, 11, 14)))),
            standing: Some(standing(Tier::A, 91.4)),
        }
    }

    /// Bora: at-risk customer in Ankara, tier C, last contact 120 days ago, 800.50 revenue.
    fn bora() -> Fixture {
        let mut c = contact(2, "Bora Demir");
        c.tags = vec!["toptan".into()];
        c.addresses = vec![address("Ankara", "İç Anadolu")];
        c.source = "website".into();
        c.stage = Stage::FormerCustomer;
        Fixture {
            c,
            org: Some("Acme Ltd"),
            facts: Some(facts(Status::AtRisk, 80_050, Some(at(2026, 7, 27)))),
            standing: Some(standing(Tier::C, 40.0)),
        }
    }

    /// New York Deli: an organisation and prospect, never contacted, no standing.
    fn deli() -> Fixture {
        let mut c = contact(3, "New York Deli");
        c.kind = Kind::Organisation;
        c.addresses = vec![address("New York", "NY")];
        c.tags = vec!["vip".into()];
        Fixture {
            c,
            org: None,
            facts: Some(facts(Status::Prospect, 0, None)),
            standing: None,
        }
    }

    /// Ayşe has an open deal in Proposal sent and a won one; Bora a lost one (and a deleted
    /// open one); Deli none. The proposal stage was renamed "Teklif verildi".
    fn deals() -> DealIndex {
        let deal = |n: u8, contact: u8, stage: &str| {
            Deal::new(
                crate::model::deal::DealId::from_random_bytes([n; 16]),
                ContactId::from_random_bytes([contact; 16]),
                "Teklif",
                StageId::new(stage),
                at(2026, 1, 1),
            )
        };
        let open = deal(1, 1, "proposal");
        let mut won = deal(2, 1, "negotiation");
        won.status = DealStatus::Won { on: today() };
        let mut lost = deal(3, 2, "proposal");
        lost.status = DealStatus::Lost {
            on: today(),
            reason: "price".into(),
            note: String::new(),
        };
        let mut deleted = deal(4, 2, "lead");
        deleted.deleted_at = Some(at(2026, 2, 1));
        let names = |id: &str, names: &[&str]| {
            (
                StageId::new(id),
                names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            )
        };
        DealIndex::new(
            &[open, won, lost, deleted],
            [
                names("lead", &["lead", "Lead", "Aday"]),
                names(
                    "proposal",
                    &[
                        "proposal",
                        "Teklif verildi",
                        "Proposal sent",
                        "Teklif gönderildi",
                    ],
                ),
                names("negotiation", &["negotiation", "Negotiation", "Pazarlık"]),
            ],
        )
    }

    fn hits(query: &str) -> String {
        let seg = parse(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        [("ayse", ayse()), ("bora", bora()), ("deli", deli())]
            .iter()
            .filter(|(_, f)| {
                seg.matches(
                    &f.c,
                    f.org,
                    f.facts.as_ref(),
                    f.standing.as_ref(),
                    today(),
                    Tz(180),
                    &deals(),
                )
            })
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn filters_select_the_right_contacts() {
        let table = [
            // Each field.
            ("tag:vip", "ayse deli"),
            ("tag:kahve", "ayse"),
            ("tag:kah", ""),
            ("city:istanbul", "ayse"),
            ("city:izmir", "ayse"),
            ("city:ankara", "bora"),
            ("region:marmara", "ayse"),
            ("region:\"iç anadolu\"", "bora"),
            ("source:referral", "ayse"),
            ("source:WEBSITE", "bora"),
            ("org:acme", "bora"),
            ("org:cinar", "ayse"),
            ("company:YAZILIM", "ayse"),
            ("organisation:ltd", "bora"),
            ("organization:x", ""),
            ("stage:prospect", "deli"),
            ("stage:customer", "ayse"),
            ("stage:former-customer", "bora"),
            ("stage:former_customer", "bora"),
            ("status:active", "ayse"),
            ("status:at-risk", "bora"),
            ("status:AT_RISK", "bora"),
            ("status:atrisk", "bora"),
            ("status:prospect", "deli"),
            ("status:won-back,wonback,won_back,lapsed", ""),
            ("tier:A", "ayse"),
            ("tier:c", "bora"),
            ("tier:A,B,C,D", "ayse bora"),
            ("kind:person", "ayse bora"),
            ("kind:organisation", "deli"),
            ("kind:organization", "deli"),
            ("kind:org", "deli"),
            ("score:>90", "ayse"),
            ("score:<50", "bora"),
            ("score:=91", "ayse"),
            ("score:40", "ayse bora"),
            ("score:<=40", "bora"),
            // deal: a status (a deleted deal counts for nothing), or an open deal in the
            // stage of that name, whichever of its names is typed.
            ("deal:open", "ayse"),
            ("deal:won", "ayse"),
            ("deal:lost", "bora"),
            ("deal:open,lost", "ayse bora"),
            ("-deal:open", "bora deli"),
            ("deal:\"Proposal sent\"", "ayse"),
            ("deal:\"teklif verildi\"", "ayse"),
            ("deal:proposal", "ayse"),
            ("deal:negotiation", ""),
            ("deal:lead", ""),
            ("deal:nosuchstage", ""),
            ("fırsat:açık", "ayse"),
            ("firsat:kazanıldı", "ayse"),
            ("fırsat:kaybedilen", "bora"),
            ("FIRSAT:\"TEKLİF GÖNDERİLDİ\"", "ayse"),
            // Negation.
            ("-tag:vip", "bora"),
            ("-tier:A", "bora deli"),
            ("-city:istanbul -city:ankara", "deli"),
            ("-status:prospect", "ayse bora"),
            // Comma OR.
            ("city:istanbul,ankara", "ayse bora"),
            ("status:at-risk,prospect", "bora deli"),
            ("tag:toptan,kahve", "ayse bora"),
            // Quoting.
            ("city:\"New York\"", "deli"),
            ("city:\"new york\",ankara", "bora deli"),
            ("city:new", ""),
            ("tag:\"vip\"", "ayse deli"),
            // Case-insensitive fields and Turkish folding.
            ("TAG:VIP", "ayse deli"),
            ("City:İSTANBUL", "ayse"),
            ("city:ızmır", "ayse"),
            ("-CITY:İstanbul", "bora deli"),
            // last:
            ("last:>90d", "bora deli"),
            ("last:<2w", "ayse"),
            ("last:never", "deli"),
            ("last:NEVER", "deli"),
            ("last:<=10", "ayse"),
            ("last:<10d", ""),
            ("last:>=120d", "bora deli"),
            ("last:>120d", "deli"),
            ("last:>3m", "bora deli"),
            ("last:>4m", "deli"),
            ("last:<1y", "ayse bora"),
            ("last:never,<2w", "ayse deli"),
            ("-last:never", "ayse bora"),
            // revenue: major units.
            ("revenue:>10000", "ayse"),
            ("revenue:>12500", ""),
            ("revenue:>=12500", "ayse"),
            ("revenue:12500", "ayse"),
            ("revenue:=12500.00", "ayse"),
            ("revenue:=800.5", "bora"),
            ("revenue:=800,50", "bora"),
            ("revenue:<800.51", "bora deli"),
            ("revenue:<800,5", "deli"),
            ("revenue:<=800.50", "bora deli"),
            ("revenue:>0", "ayse bora"),
            // Everything ANDed.
            ("tag:vip city:istanbul status:active tier:A last:<30d revenue:>10000 source:referral", "ayse"),
            ("tag:vip kind:person", "ayse"),
            ("tag:vip -kind:person", "deli"),
            // Free text is left to the caller.
            ("ali \"veli can\"", "ayse bora deli"),
            ("12:30 http://x.com", "ayse bora deli"),
            ("", "ayse bora deli"),
        ];
        for (query, expected) in table {
            assert_eq!(hits(query), expected, "{query}");
        }
    }

    #[test]
    fn non_customers_never_match_tier_or_score() {
        let d = deli();
        for q in ["tier:A", "tier:a,b,c,d", "score:>=0", "score:<=100"] {
            let seg = parse(q).unwrap();
            assert!(
                !seg.matches(
                    &d.c,
                    None,
                    d.facts.as_ref(),
                    None,
                    today(),
                    Tz(0),
                    &DealIndex::default()
                ),
                "{q}"
            );
        }
    }

    #[test]
    fn contacts_without_facts_match_no_fact_filter() {
        let a = ayse();
        for q in ["status:active", "revenue:>=0", "last:never", "last:>1d"] {
            let seg = parse(q).unwrap();
            assert!(
                !seg.matches(
                    &a.c,
                    a.org,
                    None,
                    None,
                    today(),
                    Tz(0),
                    &DealIndex::default()
                ),
                "{q}"
            );
        }
    }

    #[test]
    fn last_compares_local_dates() {
        // 2026-11-23 22:30 UTC is already the 24th in Istanbul (UTC+3).
        let mut f = bora();
        f.facts = Some(facts(
            Status::Active,
            0,
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 22, 30, 0).unwrap()),
        ));
        let seg = parse("last:<1d").unwrap();
        let m = |tz| {
            seg.matches(
                &f.c,
                None,
                f.facts.as_ref(),
                None,
                today(),
                tz,
                &DealIndex::default(),
            )
        };
        assert!(m(Tz(180)));
        assert!(!m(Tz(0)));
    }

    #[test]
    fn revenue_values_are_major_units() {
        let cases = [
            ("revenue:>10000", Op::Gt, 1_000_000),
            ("revenue:<10000.50", Op::Lt, 1_000_050),
            ("revenue:>=2500,5", Op::Ge, 250_050),
            ("revenue:<=0.07", Op::Le, 7),
            ("revenue:=3", Op::Eq, 300),
            ("revenue:42", Op::Ge, 4_200),
        ];
        for (q, op, minor) in cases {
            let seg = parse(q).unwrap();
            assert_eq!(
                seg.filters,
                vec![Filter {
                    negated: false,
                    test: Test::Revenue(op, minor)
                }],
                "{q}"
            );
        }
    }

    #[test]
    fn free_text_is_extracted() {
        let table = [
            ("ali tag:vip \"veli can\"", "ali veli can", true),
            ("ali   veli", "ali veli", false),
            ("\"ali veli\"", "ali veli", false),
            ("12:30 http://x.com", "12:30 http://x.com", false),
            ("-ali", "-ali", false),
            ("a\"b c\"d", "ab cd", false),
            ("\"\" tier:A", "", true),
            ("", "", false),
        ];
        for (q, text, filters) in table {
            let seg = parse(q).unwrap();
            assert_eq!(seg.text(), text, "{q}");
            assert_eq!(seg.has_filters(), filters, "{q}");
        }
    }

    #[test]
    fn errors_point_at_the_word() {
        let table = [
            ("foo:bar", 0, 7, "foo:bar"),
            ("Şule foo:bar", 5, 12, "foo:bar"),
            ("İğdır -ÇİÇEK:x tag:vip", 6, 14, "-ÇİÇEK:x"),
            ("tag:", 0, 4, "tag:"),
            ("ali -tag:", 4, 9, "-tag:"),
            ("tag:,", 0, 5, "tag:,"),
            ("tag:\"\"", 0, 6, "tag:\"\""),
            ("status:late", 0, 11, "status:late"),
            ("tier:E", 0, 6, "tier:E"),
            ("tier:A,E", 0, 8, "tier:A,E"),
            ("stage:lead", 0, 10, "stage:lead"),
            ("kind:robot", 0, 10, "kind:robot"),
            ("last:abc", 0, 8, "last:abc"),
            ("last:90d", 0, 8, "last:90d"),
            ("last:=5d", 0, 8, "last:=5d"),
            ("last:>5x", 0, 8, "last:>5x"),
            ("last:>", 0, 6, "last:>"),
            ("revenue:>10.000", 0, 15, "revenue:>10.000"),
            ("revenue:1,000,000.50", 0, 20, "revenue:1,000,000.50"),
            ("revenue:>10.", 0, 12, "revenue:>10."),
            ("revenue:abc", 0, 11, "revenue:abc"),
            (
                "revenue:>99999999999999999999",
                0,
                29,
                "revenue:>99999999999999999999",
            ),
            ("score:high", 0, 10, "score:high"),
            ("city:\"new york", 5, 14, "\"new york"),
            ("ğ \"açık   ", 2, 7, "\"açık"),
        ];
        for (q, start, end, word) in table {
            let e = parse(q).expect_err(q);
            assert_eq!((e.start, e.end, e.word.as_str()), (start, end, word), "{q}");
            let typed: String = q.chars().skip(start).take(end - start).collect();
            assert_eq!(typed, word, "{q}");
            assert!(e.to_string().contains(word), "{q}: {e}");
        }
    }

    #[test]
    fn each_problem_names_its_cause() {
        use QueryProblem as P;
        let problem = |q: &str| parse(q).unwrap_err().problem;
        assert_eq!(problem("\"open"), P::UnclosedQuote);
        assert_eq!(
            problem("Renk:mavi"),
            P::UnknownField {
                name: "Renk".into()
            }
        );
        assert_eq!(
            problem("Şehir:"),
            P::NeedsValue {
                field: "şehir".into(),
                example: "istanbul"
            }
        );
        assert_eq!(problem("stage:x"), P::BadStage);
        assert_eq!(problem("durum:x"), P::BadStatus);
        assert_eq!(problem("tier:E"), P::BadTier);
        assert_eq!(problem("kind:robot"), P::BadKind);
        assert_eq!(problem("last:90d"), P::LastNeedsOperator);
        assert_eq!(problem("son:abc"), P::BadLast);
        assert_eq!(
            problem("ciro:>10.000"),
            P::AmountHasSeparators {
                fixed: "ciro:>10000".into()
            }
        );
        assert_eq!(problem("revenue:lots"), P::BadAmount);
        assert_eq!(problem("score:high"), P::BadScore);
    }

    #[test]
    fn error_messages_read_well() {
        let msg = |q: &str| parse(q).unwrap_err().to_string();
        assert_eq!(
            msg("foo:bar"),
            "Unknown field “foo” in “foo:bar”. Use tag, city, region, source, org, stage, status, tier, last, revenue, score, kind or deal."
        );
        assert_eq!(
            msg("status:late"),
            "“status:late” — status is one of prospect, active, at-risk, lapsed, won-back."
        );
        assert_eq!(
            msg("last:abc"),
            "“last:abc” — write a number of days with > or <, like last:>90d or last:<2w."
        );
        assert_eq!(msg("tag:"), "“tag:” needs a value, like tag:vip.");
        assert_eq!(
            msg("Company:"),
            "“Company:” needs a value, like company:acme."
        );
        assert_eq!(
            msg("city:\"new york"),
            "The quote that starts at “\"new york” is not closed."
        );
        assert_eq!(
            msg("revenue:>10.000"),
            "“revenue:>10.000” — thousands separators are not accepted; write revenue:>10000 (. or , only before up to 2 decimals)."
        );
        assert_eq!(
            msg("revenue:1.000.000,50"),
            "“revenue:1.000.000,50” — thousands separators are not accepted; write revenue:>=1000000.50 (. or , only before up to 2 decimals)."
        );
        assert!(msg("last:90d").contains("use > or <"));
    }

    #[test]
    fn quoting_round_trips() {
        assert_eq!(quote("New York"), "\"New York\"");
        assert_eq!(quote("vip"), "vip");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote(""), "\"\"");
        assert_eq!(quote("say \"hi\""), "\"say hi\"");
        for v in ["New York", "vip", "İç Anadolu", "a,b", "x:y"] {
            let seg = parse(&format!("city:{}", quote(v))).unwrap();
            assert_eq!(seg.filters[0].test, Test::City(vec![fold(v)]), "{v}");
        }
    }

    proptest! {
        #[test]
        fn parsing_never_panics(q in "\\PC{0,40}") {
            if let Err(e) = parse(&q) {
                prop_assert!(e.start <= e.end);
                prop_assert!(e.end <= q.chars().count());
            }
        }

        #[test]
        fn parsing_query_like_strings_never_panics(
            q in "[-a-zA-Zİışğ:\"<>=,.0-9 ]{0,30}"
        ) {
            if let Err(e) = parse(&q) {
                prop_assert!(e.start <= e.end);
                prop_assert!(e.end <= q.chars().count());
                let typed: String = q.chars().skip(e.start).take(e.end - e.start).collect();
                prop_assert_eq!(typed, e.word);
            }
        }
    }

    #[test]
    fn filter_menus_edit_their_word_and_keep_the_rest() {
        let q = "ali status:active city:\"New York\" -status:lapsed";
        assert_eq!(filter_value(q, "status").as_deref(), Some("active"));
        assert_eq!(filter_value(q, "tier"), None);
        assert_eq!(
            with_filter(q, "status", Some("at-risk")),
            "ali status:at-risk city:\"New York\" -status:lapsed"
        );
        assert_eq!(
            with_filter(q, "status", None),
            "ali city:\"New York\" -status:lapsed"
        );
        assert_eq!(with_filter("", "tier", Some("A")), "tier:A");
        assert_eq!(with_filter("ali", "tier", Some("A")), "ali tier:A");
        assert_eq!(with_filter("Tier:B x", "tier", Some("A")), "tier:A x");
        // The Turkish field words are the same filter: the menu replaces them, not adds.
        assert_eq!(
            filter_value("durum:riskli x", "status").as_deref(),
            Some("at-risk")
        );
        assert_eq!(
            filter_value("DURUM:kopmuş", "status").as_deref(),
            Some("lapsed")
        );
        assert_eq!(filter_value("kademe:B", "tier").as_deref(), Some("B"));
        for (q, shown) in [
            ("son:>90g", ">90d"),
            ("son:>3a", ">90d"),
            ("last:<30d", "<30d"),
            ("last:>365d", ">1y"),
            ("son:>1y", ">1y"),
            ("last:>0d", ">0d"),
            ("son:hiç", "never"),
            ("last:soon", "soon"),
        ] {
            assert_eq!(filter_value(q, "last").as_deref(), Some(shown), "{q}");
        }
        assert_eq!(filter_value("-durum:aktif", "status"), None);
        assert_eq!(filter_value("12:30", "status"), None);
        assert_eq!(
            with_filter("x durum:riskli", "status", Some("active")),
            "x status:active"
        );
        assert_eq!(with_filter("şehir:izmir", "status", None), "şehir:izmir");
        assert_eq!(with_filter("kademe:B ali", "tier", None), "ali");
        assert_eq!(
            with_filter("ali", "nofield", None),
            "ali",
            "plain words stay"
        );
    }
}
