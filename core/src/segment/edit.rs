//! Editing a query's text for the filter menus, keeping the rest as typed.

use super::lex::lex;
use super::parse::{last, status_named};
use super::{Field, Last};
use crate::text::fold;

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

/// The query's words as typed. A quote left open is no error here: the rest of the query
/// is its word, kept as it is.
fn words(query: &str) -> impl Iterator<Item = &str> {
    lex(query).0.into_iter().map(|w| w.raw)
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
    words(query)
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
    for w in words(query) {
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
    use crate::segment::{parse, Test};

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

    #[test]
    fn a_quote_left_open_is_kept_as_typed() {
        // The parser refuses such a query; the menus still edit the words before it and
        // keep the rest of the query, trailing spaces included, as one word.
        let q = "status:active city:\"New  York ";
        assert_eq!(filter_value(q, "status").as_deref(), Some("active"));
        assert_eq!(filter_value(q, "city").as_deref(), Some("\"New  York "));
        assert_eq!(
            with_filter(q, "tier", Some("A")),
            "status:active city:\"New  York  tier:A"
        );
        assert_eq!(with_filter(q, "status", None), "city:\"New  York ");
    }
}
