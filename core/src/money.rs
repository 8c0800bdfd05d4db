//! Money: integer minor units and an ISO 4217 currency code. Never floating point.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Currencies offered in forms; any three-letter code is accepted from files.
pub const CURRENCIES: [&str; 4] = ["TRY", "EUR", "USD", "GBP"];

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Amount in minor units (kuruş, cents, pence).
    pub minor: i64,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

impl Money {
    pub fn new(minor: i64, currency: &str) -> Self {
        Money {
            minor,
            currency: currency.to_ascii_uppercase(),
        }
    }
}

impl fmt::Display for Money {
    /// `1.234,56 TRY` style for TRY and EUR, `1,234.56 USD` for USD and GBP.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (thousands, decimal) = match self.currency.as_str() {
            "USD" | "GBP" => (',', '.'),
            _ => ('.', ','),
        };
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let grouped = group(&(abs / 100).to_string(), thousands);
        write!(
            f,
            "{sign}{grouped}{decimal}{:02} {}",
            abs % 100,
            self.currency
        )
    }
}

/// A rate into the home currency: how many home-currency units one unit of the currency
/// is worth, in millionths (43,512345 TRY per GBP → 43_512_345), and the day it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub micro: i64,
    pub set_on: chrono::NaiveDate,
}

/// The user's exchange rates, by ISO code (Settings → Exchange rates).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rates(pub std::collections::BTreeMap<String, Rate>);

impl Rates {
    /// `m` in the home currency's minor units (rounded half away from zero); `None` when
    /// it is in a currency without a rate — never zero.
    pub fn to_home(&self, m: &Money, home: &str) -> Option<i64> {
        if m.currency == home {
            return Some(m.minor);
        }
        let r = self.0.get(&m.currency)?;
        let x = m.minor as i128 * r.micro as i128;
        // Half away from zero: round the size, keep the sign.
        let q = (x.abs() + 500_000) / 1_000_000;
        i64::try_from(q * x.signum()).ok()
    }

    /// The day of the newest rate, for "converted at your rates of …".
    pub fn as_of(&self) -> Option<chrono::NaiveDate> {
        self.0.values().map(|r| r.set_on).max()
    }
}

/// A sum of amounts in the home currency, and what could not be converted, by currency.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Total {
    pub home: i64,
    pub without_rate: std::collections::BTreeMap<String, i64>,
}

impl Total {
    pub fn add(&mut self, m: &Money, home: &str, rates: &Rates) {
        match rates.to_home(m, home) {
            Some(v) => self.home = self.home.saturating_add(v),
            None => {
                let e = self.without_rate.entry(m.currency.clone()).or_default();
                *e = e.saturating_add(m.minor);
            }
        }
    }

    pub fn merge(&mut self, other: &Total) {
        self.home = self.home.saturating_add(other.home);
        for (c, v) in &other.without_rate {
            let e = self.without_rate.entry(c.clone()).or_default();
            *e = e.saturating_add(*v);
        }
    }

    /// The amounts left out, as money: "+ 256.800,00 GBP without a rate".
    pub fn unconverted(&self) -> Vec<Money> {
        self.without_rate
            .iter()
            .filter(|(_, v)| **v != 0)
            .map(|(c, v)| Money::new(*v, c))
            .collect()
    }
}

/// Why a typed rate was refused (Settings → Exchange rates says it in the user's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateError {
    /// Not a number of the form `43,51`: the input as typed (trimmed).
    NotARate(String),
    /// More than six decimals.
    TooManyDecimals,
    /// Zero (a rate is always above zero).
    NotAboveZero,
}

/// Reads a rate typed as `43,51` or `43.5123` (up to six decimals, above zero).
pub fn parse_rate(input: &str) -> Result<i64, RateError> {
    let t = input.trim().replace(',', ".");
    let bad = || RateError::NotARate(input.trim().to_string());
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    if frac.len() > 6 {
        return Err(RateError::TooManyDecimals);
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let f: i64 = format!("{frac:0<6}").parse().map_err(|_| bad())?;
    let micro = w
        .checked_mul(1_000_000)
        .and_then(|v| v.checked_add(f))
        .ok_or_else(bad)?;
    if micro == 0 {
        return Err(RateError::NotAboveZero);
    }
    Ok(micro)
}

/// A rate as typed back: `43,51` (comma, trailing zeros dropped, at least two decimals).
pub fn format_rate(micro: i64) -> String {
    let mut frac = format!("{:06}", micro % 1_000_000);
    while frac.len() > 2 && frac.ends_with('0') {
        frac.pop();
    }
    format!("{},{frac}", micro / 1_000_000)
}

/// Why an amount could not be read (the UI words it, in the user's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but spaces or currency marks.
    Empty,
    /// The input (trimmed): not digits with at most one decimal separator.
    Invalid(String),
    /// The input, and the reading as a whole number written in each convention (both of
    /// which this reader accepts): `("1.500", "1.500,00", "1,500.00")`.
    Ambiguous(String, String, String),
    /// More than two decimals.
    TooManyDecimals,
    TooLarge,
}

/// Which way an amount is most likely typed: the Turkish way (`1.234,56`, a lone `.`
/// before three digits groups thousands) under the Turkish UI or for an amount in TRY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    Turkish,
    /// Either way; a lone separator before exactly three digits is refused as ambiguous.
    Unknown,
}

impl Convention {
    pub fn for_amount(currency: &str, turkish_ui: bool) -> Convention {
        if turkish_ui || currency.trim().eq_ignore_ascii_case("TRY") {
            Convention::Turkish
        } else {
            Convention::Unknown
        }
    }
}

/// Parses an amount typed the Turkish/European way (`1.234,56`) or the English way
/// (`1,234.56`) into minor units. A lone separator followed by exactly three digits
/// (`1.234`, `1,234`) could be either, and is refused rather than guessed.
pub fn parse_amount(input: &str) -> Result<i64, AmountError> {
    parse_amount_as(input, Convention::Unknown)
}

/// Currency marks typed around an amount (`1.500 TL`, `₺1.500`, `$20`), ignored.
const MARKS: [&str; 9] = ["TRY", "TL", "EUR", "USD", "GBP", "₺", "€", "$", "£"];

/// [`parse_amount`] with a hint: under [`Convention::Turkish`], `1.500` is fifteen hundred.
pub fn parse_amount_as(input: &str, convention: Convention) -> Result<i64, AmountError> {
    let mut t = input.trim();
    for m in MARKS {
        let n = m.len();
        if t.len() >= n && t.is_char_boundary(n) && t[..n].eq_ignore_ascii_case(m) {
            t = t[n..].trim_start();
        }
        if t.len() >= n
            && t.is_char_boundary(t.len() - n)
            && t[t.len() - n..].eq_ignore_ascii_case(m)
        {
            t = t[..t.len() - n].trim_end();
        }
    }
    let s: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_'))
        .collect();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(AmountError::Invalid(input.trim().into()));
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    // Decide which character (if any) is the decimal separator.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let sep = if dots > 0 { '.' } else { ',' };
            let count = dots.max(commas);
            let after = body.rsplit(sep).next().unwrap_or("");
            // Several of one kind are thousands separators, and so is a lone dot before
            // three digits in Turkish (1.500: fifteen hundred).
            if count > 1 || (after.len() == 3 && sep == '.' && convention == Convention::Turkish) {
                None
            } else if after.len() == 3 {
                let whole = body.replace(sep, "");
                return Err(AmountError::Ambiguous(
                    input.trim().into(),
                    format!("{},00", group(&whole, '.')),
                    format!("{}.00", group(&whole, ',')),
                ));
            } else {
                Some(sep)
            }
        }
        _ => {
            // Both kinds: the last one is the decimal separator, and occurs once.
            let last = body
                .rfind(['.', ','])
                .and_then(|i| body[i..].chars().next());
            let sep = last.unwrap_or('.');
            if body.matches(sep).count() > 1 {
                return Err(AmountError::Invalid(input.trim().into()));
            }
            Some(sep)
        }
    };
    let (whole, frac) = match decimal {
        Some(sep) => {
            let i = body.rfind(sep).unwrap_or(body.len());
            (&body[..i], &body[i + 1..])
        }
        None => (body, ""),
    };
    let thousands = match decimal {
        Some('.') => ',',
        Some(_) => '.',
        None => {
            if dots > 0 {
                '.'
            } else {
                ','
            }
        }
    };
    if !valid_grouping(whole, thousands) {
        return Err(AmountError::Invalid(input.trim().into()));
    }
    if frac.len() > 2 {
        return Err(AmountError::TooManyDecimals);
    }
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::Invalid(input.trim().into()));
    }
    let whole_digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    let whole_value: i64 = if whole_digits.is_empty() {
        0
    } else {
        whole_digits.parse().map_err(|_| AmountError::TooLarge)?
    };
    let frac_value: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    let minor = whole_value
        .checked_mul(100)
        .and_then(|v| v.checked_add(frac_value))
        .ok_or(AmountError::TooLarge)?;
    Ok(if negative { -minor } else { minor })
}

/// Thousands groups must be 1–3 digits first, then exactly 3 digits each.
fn valid_grouping(whole: &str, sep: char) -> bool {
    if !whole.contains(sep) {
        return whole.chars().all(|c| c.is_ascii_digit());
    }
    let mut parts = whole.split(sep);
    let first = parts.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && parts.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// `1234567` → `1.234.567` (with `sep` between groups of three).
fn group(whole: &str, sep: char) -> String {
    let mut out = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_conventions() {
        for (input, minor) in [
            ("1.234,56", 123456),
            ("1,234.56", 123456),
            ("1234,56", 123456),
            ("1234.56", 123456),
            ("1234", 123400),
            ("0,5", 50),
            (".5", 50),
            ("12,3", 1230),
            ("1.234.567,89", 123456789),
            ("1,234,567.89", 123456789),
            ("1.234.567", 123456700),
            ("1 234,56", 123456),
            ("-250,00", -25000),
            ("  99  ", 9900),
        ] {
            assert_eq!(parse_amount(input), Ok(minor), "{input}");
        }
    }

    #[test]
    fn refuses_ambiguous_and_invalid_amounts() {
        assert!(matches!(
            parse_amount("1.234"),
            Err(AmountError::Ambiguous(..))
        ));
        assert!(matches!(
            parse_amount("1,234"),
            Err(AmountError::Ambiguous(..))
        ));
        assert_eq!(parse_amount(""), Err(AmountError::Empty));
        assert!(matches!(parse_amount("12a"), Err(AmountError::Invalid(_))));
        assert!(matches!(
            parse_amount("1,2,3.4.5"),
            Err(AmountError::Invalid(_))
        ));
        assert!(matches!(
            parse_amount("12.34.56,7"),
            Err(AmountError::Invalid(_))
        ));
        assert!(matches!(
            parse_amount("1.23,4.5"),
            Err(AmountError::Invalid(_))
        ));
        assert!(matches!(
            parse_amount("12,34,5"),
            Err(AmountError::Invalid(_))
        ));
        assert_eq!(parse_amount("1,234.567"), Err(AmountError::TooManyDecimals));
        assert_eq!(
            parse_amount("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(
            parse_amount(" 1.234 "),
            Err(AmountError::Ambiguous(
                "1.234".into(),
                "1.234,00".into(),
                "1,234.00".into()
            ))
        );
        assert_eq!(
            parse_amount(" 12a "),
            Err(AmountError::Invalid("12a".into()))
        );
    }

    #[test]
    fn reads_amounts_typed_the_turkish_way_for_try_or_under_the_turkish_ui() {
        let tr = Convention::for_amount("TRY", false);
        assert_eq!(tr, Convention::Turkish);
        assert_eq!(Convention::for_amount("eur", true), Convention::Turkish);
        assert_eq!(Convention::for_amount("GBP", false), Convention::Unknown);
        for (input, minor) in [
            ("1.500", 150000),
            ("1.500,50", 150050),
            ("1.500 TL", 150000),
            ("1.500TL", 150000),
            ("₺1.500", 150000),
            ("₺ 1.500,5", 150050),
            ("1 500", 150000),
            ("1.500.000", 150000000),
            ("12,5", 1250),
            ("1,5 TRY", 150),
            ("250", 25000),
            ("-1.500", -150000),
        ] {
            assert_eq!(parse_amount_as(input, tr), Ok(minor), "{input}");
        }
        // A comma before three digits may still be an English thousands separator.
        assert!(matches!(
            parse_amount_as("1,500", tr),
            Err(AmountError::Ambiguous(..))
        ));
        // Without the hint, "1.500" stays ambiguous; the marks are read either way.
        assert!(matches!(
            parse_amount("1.500"),
            Err(AmountError::Ambiguous(..))
        ));
        assert_eq!(parse_amount("$1,500.25"), Ok(150025));
        assert_eq!(parse_amount("20 €"), Ok(2000));
        assert_eq!(parse_amount_as("TL", tr), Err(AmountError::Empty));
    }

    #[test]
    fn every_suggestion_in_an_error_is_itself_accepted() {
        for input in ["1.500", "1,500", "12.345", "999,999", "-1.000", "1,500 TL"] {
            for conv in [Convention::Unknown, Convention::Turkish] {
                if let Err(AmountError::Ambiguous(_, a, b)) = parse_amount_as(input, conv) {
                    let whole: i64 = input
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .parse()
                        .unwrap();
                    for s in [a, b] {
                        assert_eq!(
                            parse_amount_as(&s, conv).map(i64::abs),
                            Ok(whole * 100),
                            "{input} → {s}"
                        );
                    }
                }
            }
        }
        assert_eq!(
            parse_amount("1.500"),
            Err(AmountError::Ambiguous(
                "1.500".into(),
                "1.500,00".into(),
                "1,500.00".into()
            ))
        );
    }

    #[test]
    fn displays_in_the_currency_convention() {
        assert_eq!(Money::new(123456, "TRY").to_string(), "1.234,56 TRY");
        assert_eq!(Money::new(123456, "usd").to_string(), "1,234.56 USD");
        assert_eq!(Money::new(-5, "EUR").to_string(), "-0,05 EUR");
        assert_eq!(Money::new(100000000, "GBP").to_string(), "1,000,000.00 GBP");
    }

    #[test]
    #[allow(clippy::inconsistent_digit_grouping)] // whole units _ cents
    fn rates_convert_into_the_home_currency_and_never_count_a_missing_one_as_zero() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut rates = Rates::default();
        rates.0.insert(
            "GBP".into(),
            Rate {
                micro: parse_rate("43,512345").unwrap(),
                set_on: d,
            },
        );
        rates.0.insert(
            "EUR".into(),
            Rate {
                micro: parse_rate("36.5").unwrap(),
                set_on: d.pred_opt().unwrap(),
            },
        );
        assert_eq!(rates.as_of(), Some(d));
        assert_eq!(rates.to_home(&Money::new(1000, "TRY"), "TRY"), Some(1000));
        // 10,00 GBP = 435,12 TRY (435,12345 rounded).
        assert_eq!(rates.to_home(&Money::new(1000, "GBP"), "TRY"), Some(43512));
        assert_eq!(
            rates.to_home(&Money::new(-1000, "GBP"), "TRY"),
            Some(-43512)
        );
        assert_eq!(rates.to_home(&Money::new(1, "EUR"), "TRY"), Some(37)); // 0,365 → 0,37
        assert_eq!(rates.to_home(&Money::new(1000, "USD"), "TRY"), None);
        let mut t = Total::default();
        for m in [
            Money::new(100_00, "TRY"),
            Money::new(10_00, "GBP"),
            Money::new(256_800_00, "USD"),
            Money::new(1_00, "USD"),
        ] {
            t.add(&m, "TRY", &rates);
        }
        assert_eq!(t.home, 100_00 + 435_12);
        assert_eq!(t.unconverted(), vec![Money::new(256_801_00, "USD")]);
        let mut u = Total::default();
        u.merge(&t);
        u.merge(&t);
        assert_eq!(u.home, 2 * t.home);
        assert_eq!(u.unconverted(), vec![Money::new(513_602_00, "USD")]);
    }

    #[test]
    fn rates_are_read_as_typed_and_written_back_readably() {
        for (input, micro) in [
            ("43,51", 43_510_000),
            ("43.512345", 43_512_345),
            (" 1 ", 1_000_000),
            (",5", 500_000),
        ] {
            assert_eq!(parse_rate(input), Ok(micro), "{input}");
        }
        for (bad, why) in [
            ("", RateError::NotARate(String::new())),
            ("0", RateError::NotAboveZero),
            ("0,00", RateError::NotAboveZero),
            ("abc", RateError::NotARate("abc".into())),
            ("1.2.3", RateError::NotARate("1.2.3".into())),
            ("1,2345678", RateError::TooManyDecimals),
            (" -3 ", RateError::NotARate("-3".into())),
            ("1e3", RateError::NotARate("1e3".into())),
            (
                "99999999999999",
                RateError::NotARate("99999999999999".into()),
            ),
        ] {
            assert_eq!(parse_rate(bad), Err(why), "{bad}");
        }
        assert_eq!(format_rate(43_510_000), "43,51");
        assert_eq!(format_rate(43_512_345), "43,512345");
        assert_eq!(format_rate(1_000_000), "1,00");
        assert_eq!(parse_rate(&format_rate(43_512_345)), Ok(43_512_345));
    }
}
