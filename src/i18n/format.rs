//! Numbers, money, dates and relative times in the chosen language, from the browser's
//! `Intl` (so `₺1.234,56` and `15 Ocak 2025` under Turkish, `TRY 1,234.56` and
//! `15 January 2025` under English).

use super::{lang, Lang};
use bakkal_core::Money;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use js_sys::{Array, Intl, Object, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsValue;

/// The locale `Intl` formats with. English is British English: day before month, as in
/// "15 January 2025", and the ISO code before an amount, as in "TRY 1,234.56".
fn locale(l: Lang) -> &'static str {
    match l {
        Lang::En => "en-GB",
        Lang::Tr => "tr-TR",
    }
}

fn options(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn locales(l: Lang) -> Array {
    Array::of1(&JsValue::from_str(locale(l)))
}

/// Formatters built once per language (building one is far slower than using it).
struct Formatters {
    lang: Lang,
    date: Intl::DateTimeFormat,
    month: Intl::DateTimeFormat,
    number: Intl::NumberFormat,
    relative: Intl::RelativeTimeFormat,
    money: HashMap<(String, u8), Intl::NumberFormat>,
}

thread_local! {
    static FORMATTERS: RefCell<Option<Formatters>> = const { RefCell::new(None) };
}

fn build(l: Lang) -> Formatters {
    let utc = ("timeZone", JsValue::from_str("UTC"));
    Formatters {
        lang: l,
        date: Intl::DateTimeFormat::new(
            &locales(l),
            &options(&[
                ("day", "numeric".into()),
                ("month", "long".into()),
                ("year", "numeric".into()),
                utc.clone(),
            ]),
        ),
        month: Intl::DateTimeFormat::new(
            &locales(l),
            &options(&[("month", "long".into()), ("year", "numeric".into()), utc]),
        ),
        number: Intl::NumberFormat::new(&locales(l), &Object::new()),
        relative: Intl::RelativeTimeFormat::new(
            &locales(l),
            &options(&[("numeric", "auto".into())]),
        ),
        money: HashMap::new(),
    }
}

fn with<R>(use_them: impl FnOnce(&mut Formatters) -> R) -> R {
    let l = lang();
    FORMATTERS.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_some_and(|f| f.lang != l) {
            *slot = None;
        }
        use_them(slot.get_or_insert_with(|| build(l)))
    })
}

fn call(format: &js_sys::Function, v: &JsValue) -> String {
    format
        .call1(&JsValue::NULL, v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Noon UTC of the date: the same calendar day wherever the formatter looks from.
fn js_date(d: NaiveDate) -> js_sys::Date {
    let ms = js_sys::Date::utc(d.year() as f64, d.month0() as f64);
    let date = js_sys::Date::new(&JsValue::from_f64(ms));
    date.set_utc_date(d.day());
    date.set_utc_hours(12);
    date
}

/// "24 November 2026" / "24 Kasım 2026".
pub fn date(d: NaiveDate) -> String {
    with(|f| call(&f.date.format(), &js_date(d).into()))
}

/// "November 2026" / "Kasım 2026".
pub fn month(d: NaiveDate) -> String {
    with(|f| call(&f.month.format(), &js_date(d).into()))
}

/// A local date and time of day: "24 November 2026 14:30".
pub fn date_time(local: NaiveDateTime) -> String {
    format!("{} {}", date(local.date()), local.time().format("%H:%M"))
}

/// "today", "yesterday", "in 3 days", "3 days ago" / "bugün", "dün", "3 gün sonra",
/// "3 gün önce".
pub fn relative_days(days: i64) -> String {
    with(|f| {
        f.relative
            .format(days as f64, "day")
            .as_string()
            .unwrap_or_default()
    })
}

/// "1,234" / "1.234".
pub fn number(n: i64) -> String {
    with(|f| call(&f.number.format(), &JsValue::from_f64(n as f64)))
}

/// An amount with its currency: "TRY 1,234.56" / "₺1.234,56". Two decimals always, since
/// amounts are stored in hundredths. A code `Intl` would refuse (not three letters) is
/// shown as stored.
pub fn money(m: &Money) -> String {
    money_in(m, 2)
}

/// An amount rounded to whole units ("TRY 963,750" / "₺963.750"), for sums in summary
/// tables that must fit a phone's width.
pub fn money_whole(m: &Money) -> String {
    money_in(m, 0)
}

fn money_in(m: &Money, decimals: u8) -> String {
    let code = m.currency.as_str();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return m.to_string();
    }
    with(|f| {
        let l = f.lang;
        let nf = f
            .money
            .entry((code.to_string(), decimals))
            .or_insert_with(|| {
                Intl::NumberFormat::new(
                    &locales(l),
                    &options(&[
                        ("style", "currency".into()),
                        ("currency", code.into()),
                        (
                            "currencyDisplay",
                            match l {
                                Lang::En => "code",
                                Lang::Tr => "symbol",
                            }
                            .into(),
                        ),
                        ("minimumFractionDigits", decimals.into()),
                        ("maximumFractionDigits", decimals.into()),
                    ]),
                )
            });
        // Exact for any amount below 90 trillion: display only, never stored.
        call(&nf.format(), &JsValue::from_f64(m.minor as f64 / 100.0))
    })
}

/// A percentage as each language writes it: "50 %" (as Insights writes shares) / "%50".
pub fn percent(p: u8) -> String {
    match lang() {
        Lang::Tr => format!("%{p}"),
        Lang::En => format!("{p} %"),
    }
}
