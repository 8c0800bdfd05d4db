//! Reading a query: each word a filter or free text.

use super::lex::{lex, Word};
use super::{DealTest, Field, Filter, Last, Op, ParseError, QueryProblem, Segment, Test};
use crate::analysis::value::{Status, Tier};
use crate::text::fold;
use crate::{Kind, Stage};

impl Word<'_> {
    fn error(&self, problem: QueryProblem) -> ParseError {
        ParseError {
            start: self.start,
            end: self.end,
            word: self.raw.to_string(),
            problem,
        }
    }
}

/// Parses a query typed by the user.
pub fn parse(query: &str) -> Result<Segment, ParseError> {
    let (words, open) = lex(query);
    // An open quote is the error whatever the words before it are.
    if let Some(q) = open {
        let word: String = query.chars().skip(q).collect::<String>().trim_end().into();
        return Err(ParseError {
            start: q,
            end: q + word.chars().count(),
            word,
            problem: QueryProblem::UnclosedQuote,
        });
    }
    let mut seg = Segment::default();
    for w in words {
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
pub(super) fn last(v: &str) -> Result<Last, bool> {
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

/// The status a folded value names, in English or Turkish, dashes ignored
/// (`at-risk`, `riskli`, `geri-kazanıldı`).
pub(super) fn status_named(v: &str) -> Option<Status> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
}
