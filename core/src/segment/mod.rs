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
//!
//! `lex` splits a query into words (one tokenizer for all), `parse` reads the words,
//! `eval` matches contacts, and `edit` rewrites a query's words for the filter menus.

mod edit;
mod eval;
mod lex;
mod parse;

pub use edit::{filter_value, quote, with_filter};
pub use eval::DealIndex;
pub use parse::parse;

use crate::analysis::value::{Status, Tier};
use crate::{Kind, Stage};
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
